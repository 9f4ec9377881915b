#!/usr/bin/env bash
# web-lang.sh: the pages in English and French through nginx + FastCGI:
# the language from ?lang=, else Accept-Language, else English; ?lang= kept
# in every link, form and redirect; the personas' language defaults to the
# page's; French numbers (1 234,56 with U+202F) and dates (02/12/2026); no
# page in either language shows a catalogue key instead of its text.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
csv=$(retail_csv)
out=$T_TMP
py=/usr/bin/python3
cat_en=$WEB_ROOT/templates/lang/en.hdf

get() { # FILE URL [curl args...]: the body into FILE, prints the status
	local f=$1 u=$2; shift 2
	curl -s -o "$f" -w '%{http_code}' "$@" "$u"
}

# the language choice
get "$out/en.html" "$WEB_URL/" >/dev/null
check "no lang, no header: English" grep -q '<html lang="en">' "$out/en.html"
check "English: the English heading" grep -q '<h1>Segment your customers</h1>' "$out/en.html"
get "$out/hdr.html" "$WEB_URL/" -H 'Accept-Language: fr-FR,fr;q=0.9,en;q=0.8' >/dev/null
check "Accept-Language fr-FR: French" grep -q '<html lang="fr">' "$out/hdr.html"
check "French: the French heading" grep -q '<h1>Segmentez vos clients</h1>' "$out/hdr.html"
check "by the header, links carry no ?lang=" bash -c "! grep -q 'lang=fr\"' '$out/hdr.html' || ! grep -q 'href=\"/analyses?lang=fr\"' '$out/hdr.html'"
get "$out/de.html" "$WEB_URL/" -H 'Accept-Language: de-DE,de;q=0.9' >/dev/null
check "Accept-Language de only: English" grep -q '<html lang="en">' "$out/de.html"
get "$out/q.html" "$WEB_URL/?lang=fr" -H 'Accept-Language: en' >/dev/null
check "?lang=fr over Accept-Language en: French" grep -q '<html lang="fr">' "$out/q.html"
get "$out/qen.html" "$WEB_URL/?lang=en" -H 'Accept-Language: fr' >/dev/null
check "?lang=en over Accept-Language fr: English" grep -q '<html lang="en">' "$out/qen.html"
get "$out/qde.html" "$WEB_URL/?lang=de" -H 'Accept-Language: fr' >/dev/null
check "?lang=de (unknown): the header decides" grep -q '<html lang="fr">' "$out/qde.html"
h=$(curl -s -o /dev/null -D - "$WEB_URL/" | tr -d '\r')
check "pages say Vary: Accept-Language" grep -qi '^vary: accept-language' <<<"$h"

# ?lang= kept in every link and form of the page
links_keep() { # FILE: every local page link and form keeps lang=fr
	$py - "$1" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
bad = []
for m in re.finditer(r'<a [^>]*href="(/[^"]*)"[^>]*>', page):
    u = m.group(1).replace("&amp;", "&")
    # files and the API are not pages; the language switch names its own
    if u.startswith(("/static/", "/history", "/openapi.json")) or "hreflang" in m.group(0):
        continue
    if not re.search(r'[?&]lang=fr(&|$)', u):
        bad.append(u)
for m in re.finditer(r'<form [^>]*>', page):
    f = m.group(0)
    end = page.index("</form>", m.end())
    body = page[m.end():end]
    if 'method="post"' in f:
        if not re.search(r'action="[^"]*[?&]lang=fr"', f):
            bad.append(f)
    elif '<input type="hidden" name="lang" value="fr">' not in body:
        bad.append(f)
if bad:
    print("# without lang=fr:", bad[:5])
    sys.exit(1)
PY
}
check "the form page keeps ?lang=fr in every link and form" links_keep "$out/q.html"
check "the French form offers French personas by default" grep -q '<option value="fr" selected>' "$out/q.html"
check "the English form offers English personas by default" grep -q '<option value="en" selected>' "$out/en.html"

# a French analysis: the form posted with ?lang=fr, no persona language
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F "file=@$csv" -F k=3 "$WEB_URL/analyses?lang=fr")
check "the 303 keeps ?lang=fr" bash -c "[[ '$loc' =~ /analyses/[0-9a-f]{24}\?lang=fr$ ]]"
id=$(sed -E 's|.*/analyses/([0-9a-f]{24}).*|\1|' <<<"$loc")
get "$out/fr.html" "$loc" >/dev/null
curl -s -o "$out/doc.json" "$WEB_URL/history/$id"
check "the personas default to the page language (fr)" $py -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["parameters"]["lang"] == "fr", d["parameters"]
' "$out/doc.json"
check "the result page is French" grep -q '<h2 id="segments-title">Segments</h2>' "$out/fr.html"
check "the result page keeps ?lang=fr in every link and form" links_keep "$out/fr.html"
check "French numbers and dates on the result page" $py - "$out/fr.html" "$out/doc.json" <<'PY'
import datetime, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2]))
nn = "\u202f"
# the file size in bytes, grouped by narrow no-break spaces
size = d["file_info"]["size"]
want = f"{size:,}".replace(",", nn)
assert f"<td>{want}</td>" in page, want
# the mean monetary of all customers, two decimals, decimal comma
m = d["global_means"]["Monetary"] if "global_means" in d else None
if m is not None:
    want = f"{m:,.2f}".replace(",", " ").replace(".", ",").replace(" ", nn)
    assert want in page, want
# a share: "12,3 %" with a narrow no-break space before %
assert re.search(r"\d,\d" + nn + "%", page), "share"
# the date: DD/MM/YYYY HH:MM, as the document's created_at (UTC)
c = datetime.datetime.strptime(d["created_at"][:19], "%Y-%m-%dT%H:%M:%S")
assert c.strftime("%d/%m/%Y %H:%M") in page, c
# no English-style number left in the tables: 1,234 or 1.5
assert not re.search(r"<td>-?\d{1,3}(,\d{3})+(\.\d+)?</td>", page)
assert not re.search(r"<td>-?\d+\.\d+</td>", page)
PY
get "$out/en-result.html" "$WEB_URL/analyses/$id" >/dev/null
check "the same analysis in English: English numbers" $py - "$out/en-result.html" "$out/doc.json" <<'PY'
import json, sys
page = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2]))
assert '<html lang="en">' in page
assert f"<td>{d['file_info']['size']}</td>" in page
PY

# every page, both languages: no catalogue key instead of its text
$py - "$cat_en" >"$out/keys" <<'PY'
import sys
path = []
for line in open(sys.argv[1], encoding="utf-8"):
    s = line.strip()
    if not s or s.startswith("#"):
        continue
    if s.endswith("{"):
        path.append(s[:-1].strip())
    elif s == "}":
        path.pop()
    elif "=" in s:
        print(".".join(path + [s.split("=", 1)[0].strip()]))
PY
check "the key list is read ($(wc -l <"$out/keys") keys)" [ "$(wc -l <"$out/keys")" -gt 100 ]
curl -s -o /dev/null -F "file=@$csv" -F k=auto "$WEB_URL/analyses"
id2=$(curl -s "$WEB_URL/history?limit=1" | $py -c 'import json,sys; print(json.load(sys.stdin)[0]["_id"])')
pages=("/" "/analyses" "/analyses/$id" "/analyses/$id2" "/analyses/$id/delete"
	"/analyses/$id/compare/$id2" "/analyses/000000000000000000000000" "/no/such/page")
for l in en fr; do
	for p in "${pages[@]}"; do
		sep='?'; [[ $p == *\?* ]] && sep='&'
		f="$out/page-$l-$(tr -c 'a-z0-9' _ <<<"$p")"
		get "$f" "$WEB_URL$p${sep}lang=$l" -H 'Accept: text/html' >/dev/null
		check "$l $p: no raw key" $py - "$f" "$out/keys" "$l" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
keys = set(open(sys.argv[2]).read().split())
assert f'<html lang="{sys.argv[3]}">' in page, "language"
text = html.unescape(re.sub(r"<[^>]+>", " ", page))
found = [k for k in keys if re.search(r"(?<![\w.])" + re.escape(k) + r"(?![\w.])", text)]
assert not found, found
PY
	done
done
# the error page of a bad form post in French
curl -s -o "$out/bad.html" -F "file=@$WEB_ROOT/README.md" "$WEB_URL/analyses?lang=fr"
check "a refused upload: the French form again" grep -q '<html lang="fr">' "$out/bad.html"
# the form: k 2 to 20 as the API (2-8 suggested); the file name as sent
check "the form offers k = 2 to 20, 2-8 suggested" $py - "$out/en.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
sel = page[page.index('<select id="k"'):]
sel = sel[:sel.index("</select>")]
ks = [int(v) for v in re.findall(r'<option value="(\d+)"', sel)]
assert ks == list(range(2, 21)), ks
sugg = sel[sel.index("<optgroup"):sel.index("</optgroup>")]
assert re.findall(r'<option value="(\d+)"', sugg) == [str(k) for k in range(2, 9)]
PY
cp "$WEB_ROOT/README.md" "$out/notes.csv"
curl -s -o "$out/name.html" -F "file=@$out/notes.csv;filename=my %22é%22 <b>.csv" "$WEB_URL/analyses"
check "a file name with \" and é (sent as browsers do, %22) is shown as written, escaped" \
	grep -q 'my &quot;é&quot; &lt;b&gt;.csv' "$out/name.html"
done_testing
