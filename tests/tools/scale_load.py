#!/usr/bin/python3
"""scale_load.py URL SECONDS CSV OUT.json [SEED_ID]: a bounded mixed load on
one SmartSeg address (only that address), for tests/integration/scale-out.sh.

Three readers loop over GET /healthz, GET /history?limit=5 and, given
SEED_ID, GET /history/SEED_ID; two uploaders POST /analyze with a fresh
Idempotency-Key each and, on a 502/503/504 or a broken connection, retry
the same upload with the same key (at most 8 tries). Writes OUT.json:
  gets:    {"count": N, "failed": [[t, path, status_or_error], ...]}
  uploads: [{"key": K, "status": final status, "id": analysis id or null,
             "tries": n, "statuses": [...], "json_detail": bool}]
where json_detail says whether every non-200 answer was the API's JSON
{"detail": ...} shape."""
import json, sys, threading, time, urllib.error, urllib.request, uuid

url, seconds, csv_path, out = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
seed = sys.argv[5] if len(sys.argv) > 5 else None
csv = open(csv_path, "rb").read()
t0 = time.monotonic()
lock = threading.Lock()
gets = {"count": 0, "failed": []}
uploads = []


def request(method, path, body=None, headers=None, timeout=60):
    req = urllib.request.Request(url + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
    except Exception as e:  # connection refused, reset, timeout
        return None, repr(e).encode(), {}


def reader(n):
    paths = ["/healthz", "/history?limit=5"] + (["/history/" + seed] if seed else [])
    i = n
    while time.monotonic() - t0 < seconds:
        p = paths[i % len(paths)]
        i += 1
        status, body, _ = request("GET", p)
        with lock:
            gets["count"] += 1
            if status != 200:
                gets["failed"].append([round(time.monotonic() - t0, 2), p, status or body.decode()])
        time.sleep(0.02)


def multipart(key):
    b = "----smartseg" + uuid.uuid4().hex
    parts = [("--%s\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n3\r\n" % b).encode(),
             ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load.csv\"\r\n"
              "Content-Type: text/csv\r\n\r\n" % b).encode(), csv, ("\r\n--%s--\r\n" % b).encode()]
    return b"".join(parts), {"Content-Type": "multipart/form-data; boundary=" + b,
                             "Idempotency-Key": key}


def json_detail(body):
    try:
        return isinstance(json.loads(body).get("detail"), str)
    except Exception:
        return False


def uploader(n):
    while time.monotonic() - t0 < seconds:
        key = "load-%d-%s" % (n, uuid.uuid4().hex)
        body, headers = multipart(key)
        rec = {"key": key, "statuses": [], "id": None, "json_detail": True}
        for _ in range(8):
            status, answer, _ = request("POST", "/analyze", body, headers)
            rec["statuses"].append(status)
            if status == 200:
                rec["id"] = json.loads(answer)["_id"]
                break
            if status is not None and not json_detail(answer):
                rec["json_detail"] = False
            if status not in (None, 502, 503, 504):
                break
            time.sleep(0.5)
        rec["status"], rec["tries"] = rec["statuses"][-1], len(rec["statuses"])
        with lock:
            uploads.append(rec)


threads = [threading.Thread(target=reader, args=(i,)) for i in range(3)]
threads += [threading.Thread(target=uploader, args=(i,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"gets": gets, "uploads": uploads}, open(out, "w"), indent=1)
