#!/usr/bin/env bash
# web-html.sh: the pages without JavaScript through nginx + FastCGI: form
# post -> 303 -> result page (every persona name, SVG charts), history,
# delete with confirmation, the form again on failure, error pages.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
csv=$(retail_csv)
out=$T_TMP
py=/usr/bin/python3

code=$(curl -s -o "$out/index.html" -D "$out/index.h" -w '%{http_code}' "$WEB_URL/")
check "GET / answers 200" [ "$code" = 200 ]
check "GET / is text/html" grep -qi '^content-type: text/html' "$out/index.h"
check "GET / sends X-Frame-Options DENY" grep -qi '^x-frame-options: deny' "$out/index.h"
check "the form posts multipart to /analyses" grep -q '<form method="post" action="/analyses" enctype="multipart/form-data">' "$out/index.html"
check "the page has no script" bash -c "! grep -qi '<script' '$out/index.html'"

code=$(curl -s -o /dev/null -D "$out/post.h" -w '%{http_code}' \
	-F "file=@$csv" -F k=3 -F delimiter=auto -F transform=none -F lang=en "$WEB_URL/analyses")
check "POST /analyses answers 303" [ "$code" = 303 ]
loc=$(grep -i '^location:' "$out/post.h" | tr -d '\r' | cut -d' ' -f2)
id=${loc##*/}
check "303 points to /analyses/{id}" bash -c "[[ '$loc' =~ ^/analyses/[0-9a-f]{24}$ ]]"

code=$(curl -s -o "$out/result.html" -w '%{http_code}' "$WEB_URL$loc")
check "the result page answers 200" [ "$code" = 200 ]
curl -s -o "$out/doc.json" "$WEB_URL/history/$id"
check "the result page holds each persona name (escaped)" $py -c '
import html, json, sys
doc = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
names = [s["AI_Marketing_Name"] for s in doc["summary"]]
assert len(names) == 3
for n in names:
    assert html.escape(n, quote=False) in page or html.escape(n) in page, n
' "$out/doc.json" "$out/result.html"
check "the result page holds an <svg>" grep -q '<svg' "$out/result.html"
check "six charts minus the k curve: five <svg class=chart> (RFM grid, revenue, scatter, sizes, profile)" [ "$(grep -o '<svg class="chart"' "$out/result.html" | wc -l)" = 5 ]
check "scatter draws at most 2000 points" [ "$(grep -o '<circle' "$out/result.html" | wc -l)" -le 2000 ]
check "every segment is in the scatter" $py -c '
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
scatter = page[page.index("scatter-title"):]
scatter = scatter[:scatter.index("</svg>")]
fills = set(re.findall(r"<circle[^>]*fill=\"(#[0-9a-f]{6})\"", scatter))
assert len(fills) == 3, fills
' "$out/result.html"
check "charts have a text alternative" grep -q '<title id="scatter-title">' "$out/result.html"
check "the persona source is shown" grep -q 'named by rules' "$out/result.html"
check "the silhouette is read in plain words" grep -q 'structure' "$out/result.html"
check "links to the JSON and the CSV export" bash -c "grep -q 'href=\"/history/$id\"' '$out/result.html' && grep -q 'href=\"/history/$id/customers.csv\"' '$out/result.html'"
check "the data quality block is shown" grep -q "Lines used" "$out/result.html"

code=$(curl -s -o "$out/hist.html" -w '%{http_code}' "$WEB_URL/analyses")
check "GET /analyses answers 200" [ "$code" = 200 ]
check "the history page lists the analysis" grep -q "/analyses/$id\"" "$out/hist.html"
check "the history table has headers" grep -q '<th scope="col">File</th>' "$out/hist.html"
curl -s -o "$out/index2.html" "$WEB_URL/"
check "the form page lists it among the latest" grep -q "/analyses/$id\"" "$out/index2.html"

# k=auto: the k curve is drawn
code=$(curl -s -o /dev/null -D "$out/auto.h" -w '%{http_code}' -F "file=@$csv" -F k=auto "$WEB_URL/analyses")
check "POST /analyses k=auto answers 303" [ "$code" = 303 ]
aloc=$(grep -i '^location:' "$out/auto.h" | tr -d '\r' | cut -d' ' -f2)
curl -s -o "$out/auto.html" "$WEB_URL$aloc"
check "k=auto result draws the k curve" grep -q 'kcurve-title' "$out/auto.html"
check "k=auto result gives the reason for the pick" grep -q 'Why this k: k=2: the best silhouette (0.872); every k tried has a segment under 2% of the customers.' "$out/auto.html"
check "k=auto curve table: smallest segment per k and the chosen one" \
	grep -q '<th scope="row">2</th><td>6,130.49</td><td>0.8721</td><td>0.84%</td><td>yes</td>' "$out/auto.html"

# delete: a confirmation page, then the POST
code=$(curl -s -o "$out/confirm.html" -w '%{http_code}' "$WEB_URL/analyses/$id/delete")
check "the delete confirmation page answers 200" [ "$code" = 200 ]
check "it asks with a POST form" grep -q "<form method=\"post\" action=\"/analyses/$id/delete\">" "$out/confirm.html"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$WEB_URL/analyses/$id/delete")
check "POST delete without confirmation: 400" [ "$code" = 400 ]
code=$(curl -s -o /dev/null -D "$out/del.h" -w '%{http_code}' -d confirm=yes "$WEB_URL/analyses/$id/delete")
check "POST delete with confirm=yes: 303" [ "$code" = 303 ]
check "303 back to /analyses" grep -qi '^location: /analyses' "$out/del.h"
code=$(curl -s -o "$out/hist2.html" -w '%{http_code}' "$WEB_URL/analyses")
check "the history no longer lists it (200, the k=auto one still listed)" \
	bash -c "[ '$code' = 200 ] && grep -q '$aloc\"' '$out/hist2.html' && ! grep -q '/analyses/$id\"' '$out/hist2.html'"
code=$(curl -s -o "$out/gone.html" -w '%{http_code}' "$WEB_URL/analyses/$id")
check "the deleted result page is 404" [ "$code" = 404 ]
check "the 404 page says so and offers a way back" bash -c "grep -q 'Not Found' '$out/gone.html' && grep -q 'href=\"/\"' '$out/gone.html'"

# failure: the form again, reason beside the field, choices kept
printf 'Name,Amount\nalice,3\nbob,4\n' >"$out/bad.csv"
code=$(curl -s -o "$out/bad.html" -w '%{http_code}' -F "file=@$out/bad.csv" -F k=5 \
	--form-string 'delimiter=;' -F transform=log -F lang=fr "$WEB_URL/analyses")
check "a file without the columns: the form again with 422" [ "$code" = 422 ]
check "the reason is beside the file field" grep -q 'id="file-error"' "$out/bad.html"
check "the reason names a missing column" grep -qi 'customer' "$out/bad.html"
check "k=5 is kept" grep -q '<option value="5" selected>' "$out/bad.html"
check "lang=fr is kept" grep -q '<option value="fr" selected>' "$out/bad.html"
check "transform=log is kept" grep -q '<option value="log" selected>' "$out/bad.html"
check "delimiter ; is kept" grep -q '<option value=";" selected>' "$out/bad.html"
code=$(curl -s -o "$out/nofile.html" -w '%{http_code}' -F k=4 "$WEB_URL/analyses")
check "no file: the form again with 422" [ "$code" = 422 ]
check "no file: says to choose a file" grep -q 'Choose a CSV file' "$out/nofile.html"
code=$(curl -s -o "$out/badk.html" -w '%{http_code}' -F "file=@$csv" -F k=99 "$WEB_URL/analyses")
check "k=99: the form again with 422" [ "$code" = 422 ]
check "k=99: the reason is beside k" grep -q 'id="k-error"' "$out/badk.html"
code=$(curl -s -o "$out/e404.html" -w '%{http_code}' "$WEB_URL/analyses/nope")
check "a malformed id page is 404" [ "$code" = 404 ]
code=$(curl -s -o "$out/e405.html" -w '%{http_code}' -X DELETE "$WEB_URL/analyses")
check "DELETE /analyses is 405" [ "$code" = 405 ]
code=$(curl -s -o "$out/page.html" -w '%{http_code}' "$WEB_URL/analyses?page=0")
check "page=0 is 422" [ "$code" = 422 ]
# a refused parameter with no input of the form's: said at the top, in the page's language
for q in seed=-1 limit=0 offset=-5 page=abc; do
	code=$(curl -s -o "$out/param.html" -w '%{http_code}' -F "file=@$csv" -F "$q" "$WEB_URL/analyses")
	check "POST /analyses $q: the form again with 422 (got $code)" [ "$code" = 422 ]
	check "POST /analyses $q: the page says which parameter was refused" \
		grep -q "role=\"alert\">A parameter of this request was refused: ${q%%=*} " "$out/param.html"
done
curl -s -o "$out/param.html" -F "file=@$csv" -F seed=-1 "$WEB_URL/analyses?lang=fr"
check "POST /analyses seed=-1 in French" grep -q 'role="alert">Un paramètre de cette requête a été refusé : seed ' "$out/param.html"
for q in limit=0 offset=-5 page=abc; do
	code=$(curl -s -o "$out/param.html" -w '%{http_code}' "$WEB_URL/analyses?$q")
	check "GET /analyses?$q: 422 (got $code)" [ "$code" = 422 ]
	check "GET /analyses?$q: the page says which parameter was refused" \
		grep -q "A parameter of this request was refused: ${q%%=*} " "$out/param.html"
done
id=$(curl -s -F "file=@$csv" "$WEB_URL/analyze" | $py -c 'import json, sys; print(json.load(sys.stdin)["analysis_id"])')
code=$(curl -s -o "$out/confirm.html" -w '%{http_code}' -d confirm=no "$WEB_URL/analyses/$id/delete")
check "delete with confirm=no: 400 (got $code)" [ "$code" = 400 ]
check "delete with confirm=no: the page says confirm=yes is needed" grep -q 'needs the confirmation form (confirm=yes)' "$out/confirm.html"
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/history/$id")
check "delete with confirm=no: the analysis is kept (got $code)" [ "$code" = 200 ]
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice,Description\n1,2011-01-01,1,2,x\n2,2011-01-02,1,3,y\n3,2011-01-03,1,4,"open\n4,2011-01-04,1,5,z\n' >"$out/openquote.csv"
curl -s -L -o "$out/openquote.html" -F "file=@$out/openquote.csv" -F k=2 "$WEB_URL/analyses"
check "a quote left open: the result page says so" grep -q 'A quote opened on this row is never closed' "$out/openquote.html"
code=$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/static/style.css")
check "the stylesheet is served" [ "$code" = 200 ]
check "upload temp files are gone" empty_dir "$WEB_DIR/upload"
done_testing
