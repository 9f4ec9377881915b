#!/usr/bin/env bash
# web-xss.sh: a CustomerID, a file name and form values of
# <script>alert(1)</script> come back HTML-escaped in every page.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
out=$T_TMP
evil='<script>alert(1)</script>'
# clean WANT GOT FILE: the status wanted, a whole SmartSeg page (so an
# empty or failed answer never passes), and no "<script" in it: no page has
# any script of its own, so any "<script" is an injection
clean() {
	[ "$2" = "$1" ] && grep -q '<title>.* - SmartSeg</title>' "$3" && grep -q '</html>' "$3" &&
		! grep -qi '<script' "$3"
}

# ten customers, one of them named by the attacker
{
	echo 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'
	for c in 1 2 3 4 5 6 7 8 9; do
		for i in $(seq 1 "$c"); do echo "$c$i,A,\"x, y\",$i,12/$i/10 8:26,$c.5,10$c,UK"; done
	done
	echo "999,A,x,3,12/5/10 8:26,4.5,\"$evil\",UK"
	echo "998,A,x,3,12/9/10 8:26,1.5,\"$evil\",UK"
} >"$out/evil.csv"

code=$(curl -s -o /dev/null -D "$out/post.h" -w '%{http_code}' \
	-F "file=@$out/evil.csv;filename=\"$evil.csv\"" -F k=3 "$WEB_URL/analyses")
check "the hostile file is analysed (303)" [ "$code" = 303 ]
loc=$(grep -i '^location:' "$out/post.h" | tr -d '\r' | cut -d' ' -f2)
id=${loc##*/}
curl -s -o "$out/doc.json" "$WEB_URL/history/$id"
check "the stored file name is the hostile text, as data" /usr/bin/python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["file_info"]["name"] == sys.argv[2] + ".csv"' "$out/doc.json" "$evil"
check "the stored customers include the hostile CustomerID" /usr/bin/python3 -c '
import json, sys; assert sys.argv[2] in [r["CustomerID"] for r in json.load(open(sys.argv[1]))["raw_data"]]' "$out/doc.json" "$evil"

for page in "$loc" /analyses / "$loc/delete"; do
	code=$(curl -s -o "$out/p.html" -w '%{http_code}' "$WEB_URL$page")
	check "GET $page: 200, no unescaped script" clean 200 "$code" "$out/p.html"
	check "GET $page: the file name is shown escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;.csv' "$out/p.html"
done

# the CSV export neutralises nothing here (no formula) but keeps it one cell
curl -s -o "$out/c.csv" "$WEB_URL/history/$id/customers.csv"
check "the CSV export has the hostile id as one cell" grep -qF "$evil," "$out/c.csv"

# form values: every field echoed back in the failure page is escaped
code=$(curl -s -o "$out/f.html" -w '%{http_code}' -F "file=@$out/evil.csv;filename=\"$evil.csv\"" \
	--form-string "k=$evil" --form-string "delimiter=$evil" --form-string "transform=$evil" \
	--form-string "lang=$evil" "$WEB_URL/analyses")
check "hostile form values: 422" [ "$code" = 422 ]
check "hostile form values: no unescaped script" clean 422 "$code" "$out/f.html"
check "hostile form values: shown escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$out/f.html"
check "hostile file name kept in the form, escaped" grep -qF 'You sent: &lt;script&gt;alert(1)&lt;/script&gt;.csv' "$out/f.html"

# query values and paths
code=$(curl -s -o "$out/q.html" -w '%{http_code}' "$WEB_URL/analyses?page=%3Cscript%3Ealert(1)%3C/script%3E")
check "hostile page number: 422, no unescaped script" clean 422 "$code" "$out/q.html"
check "hostile page number: shown escaped" grep -qF '&lt;script&gt;' "$out/q.html"
code=$(curl -s -o "$out/n.html" -w '%{http_code}' -H 'Accept: text/html' "$WEB_URL/%3Cscript%3Ealert(1)%3C/script%3E")
check "hostile path: 404, no unescaped script" clean 404 "$code" "$out/n.html"
check "hostile path: the not-found page" grep -q '<h1>404 Not Found</h1>' "$out/n.html"
code=$(curl -s -o "$out/e.html" -w '%{http_code}' "$WEB_URL/analyses/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
check "hostile id: 404, no unescaped script" clean 404 "$code" "$out/e.html"
check "hostile id: the not-found page" grep -q '<h1>404 Not Found</h1>' "$out/e.html"

# an attribute context: a quote in a value does not break out
code=$(curl -s -o "$out/a.html" -w '%{http_code}' -F "file=@$out/evil.csv;filename=\"a\\\"onmouseover=alert(1) x.csv\"" \
	--form-string 'k="><b>x' "$WEB_URL/analyses")
check "quote-breaking values: 422" [ "$code" = 422 ]
check "quote-breaking values: no raw <b>" bash -c "grep -q '</html>' '$out/a.html' && ! grep -qF '\"><b>x' '$out/a.html'"
check "quote-breaking values: escaped" grep -qF '&quot;&gt;&lt;b&gt;x' "$out/a.html"
done_testing
