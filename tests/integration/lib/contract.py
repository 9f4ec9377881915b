# contract.py: checks a JSON body against the client contract; prints TAP
# lines. Used by the web tests:  python3 contract.py KIND FILE [ARGS...]
#   full FILE K CUSTOMERS NAME SIZE SEP    a POST /analyze or /history/{id} body
#   list FILE LIMIT [COUNT]                a GET /history body (of COUNT items)
#   same FILE1 FILE2                       two bodies hold the same document
import json, re, sys

n = 0
fails = 0
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
HEX = re.compile(r"^[0-9a-f]{24}$")


def check(cond, what):
    global n, fails
    n += 1
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        fails += 1


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def full(doc, k, customers, name, size, sep):
    check(doc.get("status") == "success", "status is success")
    check(isinstance(doc.get("_id"), str) and HEX.match(doc["_id"]) is not None, "_id is a 24-hex string")
    check(doc.get("analysis_id") == doc.get("_id"), "analysis_id equals _id")
    check(isinstance(doc.get("created_at"), str) and ISO.match(doc["created_at"]) is not None,
          "created_at is ISO 8601 UTC")
    check(is_int(doc.get("k_used")) and doc["k_used"] == k, "k_used is the integer %d" % k)
    s = doc.get("summary")
    check(isinstance(s, list) and len(s) == k, "summary has k items")
    s = s if isinstance(s, list) else []
    check([c.get("Cluster") for c in s] == list(range(k)), "summary sorted by Cluster 0..k-1")
    check(all(is_int(c.get("Cluster")) and is_int(c.get("Count")) for c in s),
          "Cluster and Count are integers")
    check(all(is_num(c.get(f)) for c in s for f in ("Recency", "Frequency", "Monetary")),
          "cluster means are numbers")
    check(all(isinstance(c.get(f), str) and c.get(f) for c in s
              for f in ("AI_Marketing_Name", "AI_Description", "AI_Action")),
          "AI_* fields are non-empty strings")
    raw = doc.get("raw_data")
    check(isinstance(raw, list) and len(raw) == customers, "raw_data has every customer (%d)" % customers)
    raw = raw if isinstance(raw, list) else []
    check(sum(c.get("Count", 0) for c in s) == len(raw), "sum of Count equals raw_data rows")
    check(all(isinstance(r.get("CustomerID"), str) for r in raw), "CustomerID is a string")
    check(all(is_int(r.get("Recency")) and is_int(r.get("Frequency")) for r in raw),
          "Recency and Frequency are integers")
    check(all(is_num(r.get("Monetary")) for r in raw), "Monetary is a number")
    check(all(is_int(r.get("Cluster")) and 0 <= r["Cluster"] < k for r in raw),
          "Cluster is an integer in 0..k-1")
    check(len(set(r.get("CustomerID") for r in raw)) == len(raw), "one row per customer")
    counts = [0] * k
    for r in raw:
        if is_int(r.get("Cluster")) and 0 <= r["Cluster"] < k:
            counts[r["Cluster"]] += 1
    check(counts == [c.get("Count") for c in s], "Count matches the raw_data rows of each cluster")
    m = doc.get("kmeans_metrics", {})
    check(is_num(m.get("inertia")), "inertia is a number")
    check(m.get("silhouette_score") is None or is_num(m.get("silhouette_score")),
          "silhouette_score is a number or null")
    fi = m.get("feature_importance", {})
    check(isinstance(fi, dict) and sorted(fi) == ["Frequency", "Monetary", "Recency"],
          "feature_importance has exactly Recency, Frequency, Monetary")
    check(all(is_num(v) for v in fi.values()) and abs(sum(fi.values()) - 1) < 1e-9,
          "feature_importance sums to 1")
    check(m.get("cluster_distribution") == counts, "cluster_distribution matches the clusters")
    f = doc.get("file_info", {})
    check(f.get("name") == name, "file_info.name is the upload's name")
    check(is_int(f.get("size")) and f["size"] == size, "file_info.size is the upload size")
    check(is_int(f.get("rows_processed")) and f["rows_processed"] == customers,
          "file_info.rows_processed counts customers")
    check(f.get("separator") == sep, "file_info.separator is the delimiter")
    check(isinstance(f.get("upload_date"), str) and ISO.match(f["upload_date"]) is not None,
          "file_info.upload_date is ISO 8601 UTC")


def listing(items, limit, count=None):
    check(isinstance(items, list), "history is a JSON array")
    items = items if isinstance(items, list) else []
    if count is not None:  # the checks below hold on an empty list too
        check(len(items) == count, "the history lists %d items (%d)" % (count, len(items)))
    check(len(items) <= limit, "at most limit items")
    check(all("raw_data" not in i for i in items), "items carry no raw_data")
    check(all(isinstance(i.get("_id"), str) and HEX.match(i["_id"]) for i in items), "items have a string _id")
    check(all(isinstance(i.get("file_info", {}).get("name"), str) and
              is_int(i.get("file_info", {}).get("rows_processed")) for i in items),
          "file_info.name and rows_processed always present")
    check(all(is_int(i.get("k_used")) and isinstance(i.get("summary"), list) for i in items),
          "items have k_used and summary")
    dates = [i.get("created_at", "") for i in items]
    check(all(ISO.match(d) for d in dates) and dates == sorted(dates, reverse=True), "newest first")


kind, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as fh:
    try:
        body = json.load(fh)
    except ValueError as e:
        check(False, "body is JSON (%s)" % e)
        sys.exit(1)
if kind == "full":
    full(body, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]), sys.argv[7])
elif kind == "list":
    listing(body, int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else None)
elif kind == "same":
    with open(sys.argv[3], encoding="utf-8") as fh:
        other = json.load(fh)
    check(body == other, "the stored document equals the one returned by POST /analyze")
sys.exit(1 if fails else 0)
