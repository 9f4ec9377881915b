#!/usr/bin/env bash
# web-docs.sh: GET /docs through nginx + FastCGI: the API reference made
# from static/openapi.json, the document /openapi.json serves: every path,
# method and parameter (path, query and request fields) and every response
# code on the page; a curl command per route against the server's own base
# URL (from the Host header), one of them run as printed; no script; French
# labels with ?lang=fr. Then openapi.json validated as OpenAPI 3.1 by
# openapi-spec-validator from PyPI, in a venv under the build folder.
set -u
source "$(dirname "$0")/lib/web-env.sh"
web_start 2
out=$T_TMP
py=/usr/bin/python3
spec=$WEB_ROOT/static/openapi.json

code=$(curl -s -o "$out/docs.html" -D "$out/docs.h" -w '%{http_code}' "$WEB_URL/docs")
check "GET /docs answers 200" [ "$code" = 200 ]
check "it is HTML" grep -qi '^content-type: text/html' "$out/docs.h"
check "it has no script" bash -c "! grep -qi '<script' '$out/docs.html'"
curl -s -o "$out/served.json" "$WEB_URL/openapi.json"
check "/openapi.json serves the file the page is made from" cmp -s "$out/served.json" "$spec"
check "every path, method, parameter, field and response of openapi.json is on the page" \
	$py - "$spec" "$out/docs.html" <<'PY'
import html, json, re, sys
spec = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
missing = []
n_ops = n_params = 0
for path, item in spec["paths"].items():
    for method, op in item.items():
        if method == "parameters":
            continue
        n_ops += 1
        head = f"<code>{method.upper()} {html.escape(path)}</code>"
        if head not in page:
            missing.append(head); continue
        # the operation's own section
        sections = re.findall(r'<section class="route"[^>]*>(.*?)</section>', page, re.S)
        mine = [s for s in sections if head in s.split("</h2>")[0]]
        if not mine:
            missing.append("section " + head); continue
        s = mine[0]
        text = html.unescape(s)
        for p in item.get("parameters", []) + op.get("parameters", []):
            n_params += 1
            if f"<code>{html.escape(p['name'])}</code>" not in s:
                missing.append(f"{head} param {p['name']}")
            if p.get("description") and p["description"] not in text:
                missing.append(f"{head} param {p['name']} meaning")
        for ct in op.get("requestBody", {}).get("content", {}).values():
            for name, prop in ct.get("schema", {}).get("properties", {}).items():
                n_params += 1
                if f"<code>{html.escape(name)}</code>" not in s:
                    missing.append(f"{head} field {name}")
                if prop.get("description") and prop["description"] not in text:
                    missing.append(f"{head} field {name} meaning")
        for code, r in op.get("responses", {}).items():
            if f"<th scope=\"row\">{code}</th>" not in s or r["description"] not in text:
                missing.append(f"{head} response {code}")
        if "<pre><code>curl " not in s:
            missing.append(f"{head} curl")
for name, sch in spec["components"]["schemas"].items():
    if f'id="schema-{name}"' not in page:
        missing.append("schema " + name)
    for f in sch.get("properties", {}):
        if f"<code>{html.escape(f)}</code>" not in page:
            missing.append(f"schema {name} field {f}")
print(f"# {n_ops} operations, {n_params} parameters and fields")
assert n_ops >= 15 and n_params >= 10, (n_ops, n_params)
assert not missing, missing[:10]
PY
check "the curl commands use this server's base URL" grep -q "curl &#39;$WEB_URL/healthz&#39;" "$out/docs.html"
curl -s -o "$out/host.html" -H 'Host: shop.example:8443' "$WEB_URL/docs"
check "the base URL follows the request's Host" grep -q "curl &#39;http://shop.example:8443/healthz&#39;" "$out/host.html"
curl -s -o "$out/evil.html" -H 'Host: "><script>x' "$WEB_URL/docs"
check "a Host that is no host name is not used" bash -c "! grep -q '<script>x' '$out/evil.html'"
# the page's own command for GET /history, run as written
cmd=$($py - "$out/docs.html" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for c in re.findall(r"<pre><code>(.*?)</code></pre>", page, re.S):
    c = html.unescape(c)
    if "/history?limit" in c:
        print(c); break
PY
)
check "the page has a command for GET /history" [ -n "$cmd" ]
check "that command runs and answers a JSON list" bash -c "eval \"$cmd\" | $py -c 'import json,sys; assert isinstance(json.load(sys.stdin), list)'"
curl -s -o "$out/fr.html" "$WEB_URL/docs?lang=fr"
check "/docs?lang=fr: French labels" grep -q '<caption>Réponses</caption>' "$out/fr.html"
check "/docs?lang=fr: the same routes" bash -c "[ \"\$(grep -c '<section class=\"route\"' '$out/fr.html')\" = \"\$(grep -c '<section class=\"route\"' '$out/docs.html')\" ]"

# openapi.json is valid OpenAPI 3.1 (a real validator from PyPI)
case $BUILD in /*) venv=$BUILD/venv-openapi ;; *) venv=$WEB_ROOT/$BUILD/venv-openapi ;; esac
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
	$py -m venv "$venv" && "$venv/bin/pip" install -q openapi-spec-validator >"$out/pip.log" 2>&1 ||
		{ sed 's/^/# /' "$out/pip.log" | tail -5; }
fi
check "openapi-spec-validator is installed" [ -x "$venv/bin/openapi-spec-validator" ]
"$venv/bin/openapi-spec-validator" "$spec" >"$out/validate.log" 2>&1
rc=$?
sed 's/^/# /' "$out/validate.log" | tail -3
check "openapi.json validates as OpenAPI 3.1" [ "$rc" = 0 ]
check "the validator read it as 3.1" $py -c 'import json,sys; assert json.load(open(sys.argv[1]))["openapi"].startswith("3.1")' "$spec"
done_testing
