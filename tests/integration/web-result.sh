#!/usr/bin/env bash
# web-result.sh: the result page answers first. With the form's defaults on
# the Online Retail file: the findings sentence (from the document's
# findings), the cards with their KPIs, the RFM grid <svg> (every cell's
# customers as in the document), revenue share by segment, the ten RFM
# segments' table with an action each (French with lang=fr), parameters
# in plain words; and in a text browser (w3m -dump) the findings and the
# cards come before the parameters.
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)
web_start 2

analyse() { # NAME LANG: the form's defaults; page in $out/NAME.html, document in $out/NAME.json
	local loc
	loc=$(curl -s -o /dev/null -D - -F "file=@$csv" -F k=auto -F transform=log -F returns=exclude \
		-F nonpositive=aside -F lang="$2" "$WEB_URL/analyses" | grep -i '^location:' | tr -d '\r' | cut -d' ' -f2)
	curl -s -o "$out/$1.html" "$WEB_URL$loc"
	curl -s -o "$out/$1.json" "$WEB_URL/history/${loc##*/}"
}
analyse en en
check "the result page and its document" $py -c 'import json,sys; json.load(open(sys.argv[1])); assert "</html>" in open(sys.argv[2]).read()' "$out/en.json" "$out/en.html"

check "the findings sentence, from the document's findings" $py - "$out/en.json" "$out/en.html" <<'PY'
import html, json, re, sys
d = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
f, s = d["findings"], d["summary"]
big, rich = s[f["largest_by_customers"]], s[f["largest_by_revenue"]]
text = html.unescape(re.search(r'<p class="findings-text">([^<]*)</p>', page).group(1))
want = "SmartSeg found %d segments. The largest by customers is %s (%s customers, %.1f%% of all); " \
       "the largest by revenue is %s (%.1f%% of revenue from %.1f%% of the customers). " % (
       d["k_used"], big["AI_Marketing_Name"], format(big["Count"], ","), 100 * big["Share"],
       rich["AI_Marketing_Name"], 100 * rich["RevenueShare"], 100 * rich["Share"])
assert text.startswith(want), (text, want)
risk = s[f["at_risk"]]
assert risk["Recency"] > d["global_means"]["Recency"]
assert ("At risk: %s, %s customers who last bought %.0f days ago on average (%.0f for all customers) "
        "and bring %.1f%% of revenue." % (risk["AI_Marketing_Name"], format(risk["Count"], ","),
        risk["Recency"], d["global_means"]["Recency"], 100 * risk["RevenueShare"])) in text, text
PY

check "every card shows orders, revenue and its share, AOV against the base, medians" $py - "$out/en.json" "$out/en.html" <<'PY'
import html, json, re, sys
d = json.load(open(sys.argv[1])); page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
cards = re.findall(r'<article class="card">.*?</article>', page, re.S)
assert len(cards) == d["k_used"], len(cards)
for c, s in zip(cards, d["summary"]):
    assert s["AI_Marketing_Name"] in c
    assert "<td>%s</td>" % format(s["Orders"], ",") in c, s["Orders"]
    assert "<td>%s</td><td>%.1f%% of revenue</td>" % (format(s["Revenue"], ",.2f"), 100 * s["RevenueShare"]) in c
    assert "<td>%s</td><td>%.1fx the average</td>" % (format(s["AOV"], ",.2f"), s["Ratio_To_Base"]["AOV"]) in c
    assert "%.1f; %.1f" % (s["Recency"], s["RecencyMedian"]) in c, c
PY

check "the RFM grid: an <svg> of 25 cells, each with the document's customers" $py - "$out/en.json" "$out/en.html" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
svg = re.search(r'<svg class="chart" id="rfm-grid".*?</svg>', page, re.S).group(0)
cells = re.findall(r'<title>([^<:]*): R (\d), FM (\d), (\d+) customers</title>', svg)
assert len(cells) == 25, len(cells)
doc = {(c["R"], c["FM"]): c for c in d["rfm_grid"]}
for label, r, fm, n in cells:
    c = doc[(int(r), int(fm))]
    assert int(n) == c["count"] and label.replace("&#39;", "'") == c["label"], (label, r, fm, n, c)
assert sum(c["count"] for c in d["rfm_grid"]) == d["file_info"]["rows_processed"]
PY
check "revenue share by segment: an <svg> with each segment's share" $py - "$out/en.json" "$out/en.html" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read()
svg = re.search(r'<svg class="chart" id="revenue-chart".*?</svg>', page, re.S).group(0)
for s in d["summary"]:
    assert "%.1f%% of revenue" % (100 * s["RevenueShare"]) in svg
PY

check "the ten RFM segments: a table row each with KPIs and the document's action" $py - "$out/en.json" "$out/en.html" <<'PY'
import html, json, re, sys
d = json.load(open(sys.argv[1])); page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
table = re.search(r'<table class="rfm">.*?</table>', page, re.S).group(0)
rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
assert len(rows) == 10, len(rows)
for row, s in zip(rows, d["rfm_segments"]):
    assert s["label"] in row and s["action"] in row and s["action"], (row, s)
    assert "<td>%s (%.1f%%)</td><td>%s</td>" % (format(s["count"], ","), 100 * s["share"], format(s["Orders"], ",")) in row, row
assert d["rfm_segments"][0]["label"] == "Champions" and d["rfm_segments"][9]["action"].startswith("Try one")
PY
check "parameters in plain words" grep -q '10 runs of k-means from different starts, the best kept' "$out/en.html"
check "no internal parameter names left" bash -c "! grep -q -e 'N init' -e 'Non utf8 fields' -e 'Max iter' '$out/en.html'"

w3m -dump -cols 200 "$out/en.html" >"$out/en.txt"
check "text browser: the findings, then the cards, then the charts, then the parameters" $py - "$out/en.json" "$out/en.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); text = open(sys.argv[2], encoding="utf-8").read()
at = lambda s: text.find(s)
find = at("SmartSeg found %d segments." % d["k_used"])
cards = [at(s["AI_Marketing_Name"] + "\n") for s in d["summary"]]
cards = [c for c in cards if c >= 0]
assert find >= 0 and len(cards) == d["k_used"], (find, cards)
charts, params = at("Charts"), at("10 runs of k-means")
quality = at("Lines read")
assert 0 <= find < min(cards) and max(cards) < charts < quality < params, (find, cards, charts, quality, params)
PY

analyse fr fr
check "lang=fr: the ten segments and their actions in French" $py - "$out/fr.json" "$out/fr.html" <<'PY'
import html, json, sys
d = json.load(open(sys.argv[1])); page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
labels = [s["label"] for s in d["rfm_segments"]]
assert labels[1] == "Clients fidèles" and labels[8] == "À ne pas perdre", labels
for s in d["rfm_segments"]:
    assert s["label"] in page and s["action"] in page
assert "Récompensez-les" in d["rfm_segments"][0]["action"]
PY

curl -s -o "$out/fr-page.html" "$WEB_URL/analyses/$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["analysis_id"])' "$out/fr.json")?lang=fr"
check "?lang=fr: the findings, the ten-segment table and the parameters in French, no raw catalogue key" $py - "$out/fr-page.html" <<'PY'
import html, re, sys
page = html.unescape(open(sys.argv[1], encoding="utf-8").read())
assert "SmartSeg a trouvé 4 segments." in page and "Les dix segments RFM" in page, "French text"
assert "passes de k-means depuis des départs différents, la meilleure gardée" in page
grid = re.search(r'<svg class="chart" id="rfm-grid".*?</svg>', page, re.S).group(0)
assert "Grille RFM" in grid and len(re.findall(r": R \d, FM \d, \d+ clients</title>", grid)) == 25, "grid in French"
assert "du chiffre d'affaires</text>" in re.search(r'<svg class="chart" id="revenue-chart".*?</svg>', page, re.S).group(0)
assert not re.search(r">result\.[a-z_.]+<|\bresult\.(find|p|q)\.", page), re.search(r"result\.[a-z_.]+", page)
PY

done_testing
