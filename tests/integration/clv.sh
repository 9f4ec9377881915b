#!/usr/bin/env bash
# clv.sh: lifetime value end to end, on the CLI and through nginx + FastCGI:
# the CDNOW backtest (calibration to 1997-09-30, holdout to 1998-06-30)
# against lifetimes 0.11 (1,653.376655 predicted, 1,882 actual, 2,349
# customers: tests/tools/clv_reference.py), the document's clv block and
# per-row fields (numbers or null, never NaN), the plain note when the data
# cannot carry the model (the Online Retail extract), the options' errors
# (exit 2, 422), and the API's default (no clv) against the form's (on).
set -u
source "$(dirname "$0")/lib/web-env.sh"
out=$T_TMP
py=/usr/bin/python3
csv=$(retail_csv)
cdnow=$WEB_ROOT/tests/data/cdnow_sample.csv.gz
case $BUILD in /*) cli=$BUILD/smartseg ;; *) cli=$WEB_ROOT/$BUILD/smartseg ;; esac
# doc FILE PYTHON-EXPR: true of the document d (parsed strictly: a NaN fails)
doc() { $py -c "
import json, sys
def bad(x): raise ValueError('non-finite ' + x)
d = json.load(open(sys.argv[1]), parse_constant=bad)
sys.exit(0 if ($2) else 1)" "$1"; }

"$cli" analyze "$cdnow" --snapshot 1998-06-30 --holdout 1997-09-30 --out "$out/bt.json" 2>"$out/err.txt" </dev/null
check "CLI CDNOW with --holdout: exit 0" [ $? -eq 0 ]
check "backtest: 2349 customers, 273 holdout days, 1882 actual, predicted 1653.376655 as lifetimes (1e-6)" doc "$out/bt.json" \
	'd["clv"]["backtest"]["customers"] == 2349 and d["clv"]["backtest"]["holdout_days"] == 273 and d["clv"]["backtest"]["actual"] == 1882 and abs(d["clv"]["backtest"]["predicted"] / 1653.376655265425 - 1) < 1e-6'
check "backtest: 39 weeks, cumulative, the last week the totals, the error -12%" doc "$out/bt.json" \
	'len(d["clv"]["backtest"]["weeks"]) == 39 and d["clv"]["backtest"]["weeks"][-1]["actual"] == 1882 and abs(d["clv"]["backtest"]["weeks"][-1]["predicted"] - d["clv"]["backtest"]["predicted"]) < 1e-9 and abs(d["clv"]["backtest"]["error"] + 0.1215) < 0.001'
check "every row has p_alive, expected_purchases, expected_value, clv (numbers or null)" doc "$out/bt.json" \
	'all(all(k in r and (r[k] is None or isinstance(r[k], (int, float))) for k in ("p_alive", "expected_purchases", "expected_value", "clv")) for r in d["raw_data"])'
check "the 8 customers with only zero amounts: null values; the others numbers" doc "$out/bt.json" \
	'sum(r["p_alive"] is None for r in d["raw_data"]) == 8 and all(r["clv"] is not None for r in d["raw_data"] if r["p_alive"] is not None)'
check "per-segment expected revenue adds up to the total, as do the customers" doc "$out/bt.json" \
	'abs(sum(s["expected_revenue"] for s in d["clv"]["per_segment"]) - d["clv"]["totals"]["expected_revenue"]) < 1e-6 * d["clv"]["totals"]["expected_revenue"] and sum(s["customers"] for s in d["clv"]["per_rfm_segment"]) == d["clv"]["totals"]["customers"]'
check "models and options echoed: bgnbd converged, horizon 90, formula given" doc "$out/bt.json" \
	'd["clv"]["model"]["bgnbd"]["converged"] and d["clv"]["horizon_days"] == 90 and "expected_value" in d["clv"]["formula"] and d["parameters"]["clv"] == "on" and d["parameters"]["holdout"] == "1997-09-30"'
check "customers to call: P(alive) under 0.5, by past value" doc "$out/bt.json" \
	'0 < len(d["clv"]["to_call"]) <= 10 and all(c["p_alive"] < 0.5 for c in d["clv"]["to_call"]) and [c["Monetary"] for c in d["clv"]["to_call"]] == sorted([c["Monetary"] for c in d["clv"]["to_call"]], reverse=True)'
"$cli" analyze "$cdnow" --snapshot 1997-09-30 --horizon 365 --discount 0.1 --out "$out/h.json" 2>/dev/null </dev/null
check "--horizon 365 --discount 0.1: the discounted formula, CLV below the undiscounted value x purchases" doc "$out/h.json" \
	'd["clv"]["horizon_days"] == 365 and d["clv"]["discount"] == 0.1 and "discount" in d["clv"]["formula"] and all(r["clv"] <= r["expected_value"] * r["expected_purchases"] + 1e-9 for r in d["raw_data"] if r["clv"] is not None)'
"$cli" analyze "$csv" --out "$out/or.json" 2>/dev/null </dev/null
check "Online Retail (7 months, the fit on the boundary): clv not supported, a plain note, every value null" doc "$out/or.json" \
	'not d["clv"]["supported"] and "no stable fit" in d["clv"]["note"] and all(r["p_alive"] is None and r["clv"] is None for r in d["raw_data"])'
"$cli" analyze "$csv" --clv off --out "$out/off.json" 2>/dev/null </dev/null
check "--clv off: no clv block, no per-row fields" doc "$out/off.json" \
	'"clv" not in d and "p_alive" not in d["raw_data"][0]'
for bad in "--horizon 0" "--horizon 3651" "--horizon 9x" "--discount -0.1" "--discount 2" "--discount nan" "--clv yes" "--holdout 2011-02-30"; do
	# shellcheck disable=SC2086
	"$cli" analyze "$csv" $bad > /dev/null 2> "$out/err.txt" </dev/null
	rc=$?
	check "CLI $bad: exit 2 with the reason ($(head -1 "$out/err.txt" | head -c 100))" bash -c "[ $rc -eq 2 ] && grep -q 'must be' '$out/err.txt'"
done
"$cli" analyze "$csv" --snapshot 2011-03-01 --holdout 2011-04-01 > /dev/null 2> "$out/err.txt" </dev/null
rc=$?
check "CLI holdout after the snapshot: exit 2" bash -c "[ $rc -eq 2 ] && grep -q 'holdout (2011-04-01) must be before the snapshot' '$out/err.txt'"

web_start 2
post() { local name=$1; shift; curl -s -o "$out/$name.json" -w '%{http_code}' "$@" "$WEB_URL/analyze"; }
check "API default: 200 without a clv block (the original document)" bash -c \
	"[ \"\$(curl -s -o '$out/a0.json' -w '%{http_code}' -F 'file=@$csv' '$WEB_URL/analyze')\" = 200 ] && $py -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(\"clv\" in d or \"p_alive\" in d[\"raw_data\"][0])' '$out/a0.json'"
check "API clv=on with holdout on CDNOW: 200" [ "$(post a1 -F "file=@$cdnow" -F clv=on -F snapshot=1998-06-30 -F holdout=1997-09-30)" = 200 ]
check "API: the same backtest as the CLI" doc "$out/a1.json" 'abs(d["clv"]["backtest"]["predicted"] / 1653.376655265425 - 1) < 1e-6'
check "API clv=on before the file (the live parse collects the days): 200, same numbers" bash -c \
	"[ \"\$(curl -s -o '$out/a2.json' -w '%{http_code}' -F clv=on -F snapshot=1998-06-30 -F holdout=1997-09-30 -F 'file=@$cdnow' '$WEB_URL/analyze')\" = 200 ] && cmp -s <($py -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"clv\"][\"totals\"])' '$out/a1.json') <($py -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"clv\"][\"totals\"])' '$out/a2.json')"
for f in "horizon=0" "discount=3" "clv=maybe" "holdout=1997-13-01"; do
	check "API $f: 422 with the reason" bash -c "[ \"\$(curl -s -o '$out/e.json' -w '%{http_code}' -F 'file=@$cdnow' -F '$f' '$WEB_URL/analyze')\" = 422 ] && grep -q 'must be' '$out/e.json'"
done
code=$(curl -s -o "$out/f.html" -w '%{http_code}' -F "file=@$csv" -F horizon=abc "$WEB_URL/analyses")
check "form horizon=abc: 422, the reason beside the field" bash -c "[ $code = 422 ] && grep -q 'id=\"horizon-error\"' '$out/f.html'"
# the customers CSV: the lifetime values of raw_data as four more columns (null: empty)
for a in a0 a1; do
	id=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["_id"])' "$out/$a.json")
	curl -s -o "$out/$a.csv" "$WEB_URL/history/$id/customers.csv"
done
csvcheck='import csv,json,sys
d=json.load(open(sys.argv[1])); rows=list(csv.DictReader(open(sys.argv[2], newline="")))
cols=["p_alive","expected_purchases","expected_value","clv"]
if sys.argv[3]=="off": sys.exit(any(c in rows[0] for c in cols))
raw={str(r["CustomerID"]): r for r in d["raw_data"]}
cell=lambda v: "" if v is None else float(v)
bad=[r["CustomerID"] for r in rows if [cell(r[c]) if r[c] else "" for c in cols] != [cell(raw[r["CustomerID"]][c]) for c in cols]]
sys.exit(len(rows)!=len(raw) or len(bad)>0)'
check "customers.csv with clv: p_alive, expected_purchases, expected_value, clv equal raw_data" $py -c "$csvcheck" "$out/a1.json" "$out/a1.csv" on
check "customers.csv without clv: the columns as before" $py -c "$csvcheck" "$out/a0.json" "$out/a0.csv" off
done_testing
