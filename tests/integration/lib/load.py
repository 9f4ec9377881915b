#!/usr/bin/env python3
"""load.py: mixed HTTP load against a SmartSeg server, for the supervision
test (web-supervise.sh) and the soak benchmark (bench/soak.sh).

  load.py URL --seconds S --clients N --uploaders U --file CSV [--json OUT]

N client threads for S seconds, each on its own keep-alive connection: U
of them POST /analyze with CSV in a loop, the others cycle through the read
routes (GET /history?limit=20, /healthz, the pages /, /analyses and
/analyses/{id}, /history/{id}, /static/style.css). Then every upload that
got a 200 is fetched back (GET /history/{id}). Prints requests, status
counts and p50/p99 per route; --json writes the same and the failures."""
import argparse, http.client, json, random, threading, time, urllib.parse, uuid

ap = argparse.ArgumentParser()
ap.add_argument("url")
ap.add_argument("--seconds", type=float, default=30)
ap.add_argument("--clients", type=int, default=20)
ap.add_argument("--uploaders", type=int, default=2)
ap.add_argument("--file", required=True)
ap.add_argument("--json")
a = ap.parse_args()
u = urllib.parse.urlsplit(a.url)
body_file = open(a.file, "rb").read()
boundary = uuid.uuid4().hex
upload = (b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="file"; '
          b'filename="load.csv"\r\nContent-Type: text/csv\r\n\r\n' + body_file +
          b"\r\n--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="k"\r\n\r\n3\r\n--' +
          boundary.encode() + b"--\r\n")

lock = threading.Lock()
results = []          # (route, status, seconds)
failures = []         # (route, status, detail)
ids = []
stop_at = time.monotonic() + a.seconds


def record(route, status, dt, detail=None):
    with lock:
        results.append((route, status, dt))
        if detail is not None:
            failures.append((route, status, detail))


def conn():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=120)


def request(c, method, path, body=None, headers=None):
    t0 = time.monotonic()
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        return c, r.status, data, dict((k.lower(), v) for k, v in r.getheaders()), time.monotonic() - t0
    except (OSError, http.client.HTTPException) as e:
        c.close()
        return conn(), 0, str(e).encode(), {}, time.monotonic() - t0


def uploader():
    c = conn()
    h = {"Content-Type": "multipart/form-data; boundary=" + boundary}
    while time.monotonic() < stop_at:
        c, st, data, hd, dt = request(c, "POST", "/analyze", upload, h)
        detail = None
        if st == 200:
            try:
                with lock:
                    ids.append(json.loads(data)["_id"])
            except (ValueError, KeyError):
                detail = "200 without an _id"
        else:
            detail = {"body": data[:300].decode("utf-8", "replace"),
                      "cors": hd.get("access-control-allow-origin"),
                      "type": hd.get("content-type")}
        record("POST /analyze", st, dt, detail)
        if hd.get("connection", "").lower() == "close" or st == 0:
            c.close()
            c = conn()


def reader(n):
    c = conn()
    i = n
    while time.monotonic() < stop_at:
        with lock:
            some = random.choice(ids) if ids else None
        routes = ["/history?limit=20", "/healthz", "/", "/analyses", "/static/style.css"]
        if some:
            routes += ["/history/" + some, "/analyses/" + some]
        path = routes[i % len(routes)]
        i += 1
        name = "GET " + (path.split("?")[0] if some is None or some not in path
                         else path.replace(some, "{id}"))
        c, st, data, hd, dt = request(c, "GET", path)
        record(name, st, dt, None if st == 200 else data[:300].decode("utf-8", "replace"))
        if hd.get("connection", "").lower() == "close" or st == 0:
            c.close()
            c = conn()


threads = [threading.Thread(target=uploader) for _ in range(a.uploaders)]
threads += [threading.Thread(target=reader, args=(n,)) for n in range(a.clients - a.uploaders)]
for t in threads:
    t.start()
for t in threads:
    t.join()

# every accepted upload can be fetched back
missing = []
c = conn()
for i in ids:
    c, st, data, hd, dt = request(c, "GET", "/history/" + i)
    if st != 200:
        missing.append((i, st))


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))] if v else 0.0


routes = {}
for route, st, dt in results:
    routes.setdefault(route, []).append((st, dt))
summary = {"requests": len(results), "seconds": a.seconds, "clients": a.clients,
           "uploaders": a.uploaders, "status": {}, "routes": {}, "uploads_ok": len(ids),
           "uploads_missing": missing, "failures": failures[:50],
           "get_failures": sum(1 for r, s, _ in results if r.startswith("GET") and s != 200),
           "5xx": sum(1 for _, s, _ in results if s >= 500 or s == 0)}
for _, st, _ in results:
    summary["status"][str(st)] = summary["status"].get(str(st), 0) + 1
print("%d requests in %.0f s, %d clients (%d uploading); status counts: %s" % (
    len(results), a.seconds, a.clients, a.uploaders,
    ", ".join("%s: %d" % kv for kv in sorted(summary["status"].items()))))
print("%-28s %8s %10s %10s" % ("route", "requests", "p50_ms", "p99_ms"))
for route in sorted(routes):
    d = [dt for _, dt in routes[route]]
    summary["routes"][route] = {"requests": len(d), "p50_ms": round(pct(d, 50) * 1000, 1),
                                "p99_ms": round(pct(d, 99) * 1000, 1)}
    print("%-28s %8d %10.1f %10.1f" % (route, len(d), pct(d, 50) * 1000, pct(d, 99) * 1000))
print("uploads accepted: %d, not retrievable afterwards: %d" % (len(ids), len(missing)))
if a.json:
    json.dump(summary, open(a.json, "w"), indent=1)
