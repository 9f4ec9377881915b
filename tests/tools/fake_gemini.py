#!/usr/bin/python3
"""fake_gemini.py: a local stand-in for Gemini's generateContent, for tests.

Usage: fake_gemini.py --port-file FILE --log FILE [--port N] [--mode MODE]
  Listens on 127.0.0.1:N (0, the default, picks a free port) and writes the
  port to --port-file once it accepts connections. Each generateContent
  request is appended to --log as one JSON line:
  {"t": unix time, "method", "path", "headers": {lower-case name: value},
   "body": text, "mode"}.
Control (not logged):
  POST /__mode/NAME   switch mode (resets the mode's request counter)
  GET  /__health      200 "ok"
Modes (answers to POST /v1beta/models/<model>:generateContent):
  valid       one persona per cluster, named "Gemini name C" (en) or
              "Nom Gemini C" (fr) after the request's "language"
  fenced      the same text inside a ```json code fence
  missing     no entry for the last cluster
  extra       an additional entry for cluster k (out of range)
  duplicate   cluster 0 answered twice
  invalid_json  the model's text is cut JSON
  empty_candidates  {"candidates": []}
  safety      candidates[0].finishReason SAFETY, no content
  blocked     promptFeedback.blockReason SAFETY, no candidates
  max_tokens  finishReason MAX_TOKENS with cut text
  rate_limit  429 with Retry-After: 1 on the first request, then valid
  error500    500 always
  forbidden   403 with a Google error body (not retried)
  hang        never answers in time (sleeps --hang-s seconds, 60 by default)
  huge        a 10 MB answer
  dirty       over-long strings with control and bidi characters
  same_names  every cluster named "Loyal Customers"
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("valid", "fenced", "missing", "extra", "duplicate", "invalid_json",
         "empty_candidates", "safety", "blocked", "max_tokens", "rate_limit",
         "error500", "forbidden", "hang", "huge", "dirty", "same_names")


class State:
    def __init__(self, mode, log, hang_s):
        self.lock = threading.Lock()
        self.mode = mode
        self.count = 0          # requests seen in this mode
        self.log = log
        self.hang_s = hang_s


def personas(req):
    """The valid answer for the request's segments and language."""
    data = json.loads(req["contents"][0]["parts"][0]["text"])
    fr = data.get("language") == "fr"
    out = []
    for seg in data["segments"]:
        c = seg["cluster"]
        if fr:
            out.append({"cluster": c, "name": "Nom Gemini %d" % c,
                        "description": "Description Gemini du segment %d." % c,
                        "action": "Action Gemini pour le segment %d." % c})
        else:
            out.append({"cluster": c, "name": "Gemini name %d" % c,
                        "description": "Gemini description of cluster %d." % c,
                        "action": "Gemini action for cluster %d." % c})
    return out


def answer(text, finish="STOP"):
    return {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                            "finishReason": finish, "index": 0}],
            "modelVersion": "fake-gemini"}


def google_error(code, status, message):
    return {"error": {"code": code, "message": message, "status": status}}


def dirty(req):
    out = personas(req)
    for p in out:
        p["name"] = "  Big\u0007 Spenders\x1b[31m \u202e" + "\u00e9" * 200
        p["description"] = "Line one\nline two\t" + "\U0001F600" * 500 + "\x00end"
        p["action"] = "\x7f\u0085Act\u0090 now " + "x" * 1000
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: tests read the log file
        pass

    def send_json(self, status, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__health":
            return self.send_json(200, {"ok": True, "mode": self.server.state.mode})
        self.send_json(404, google_error(404, "NOT_FOUND", "no such path"))

    def do_POST(self):
        st = self.server.state
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        if self.path.startswith("/__mode/"):
            mode = self.path[len("/__mode/"):]
            if mode not in MODES:
                return self.send_json(400, {"error": "unknown mode " + mode})
            with st.lock:
                st.mode, st.count = mode, 0
            return self.send_json(200, {"mode": mode})
        with st.lock:
            mode = st.mode
            st.count += 1
            count = st.count
            with open(st.log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"t": time.time(), "method": "POST", "path": self.path,
                                    "headers": {k.lower(): v for k, v in self.headers.items()},
                                    "body": raw.decode("utf-8", "replace"),
                                    "mode": mode}) + "\n")
        if not (self.path.startswith("/v1beta/models/")
                and self.path.endswith(":generateContent")):
            return self.send_json(404, google_error(404, "NOT_FOUND", "no such method"))
        try:
            req = json.loads(raw)
            good = personas(req)
        except (ValueError, KeyError, IndexError, TypeError) as e:
            return self.send_json(400, google_error(400, "INVALID_ARGUMENT", "bad request: %s" % e))
        text = json.dumps(good, ensure_ascii=False)
        if mode == "valid":
            self.send_json(200, answer(text))
        elif mode == "fenced":
            self.send_json(200, answer("```json\n" + text + "\n```\n"))
        elif mode == "missing":
            self.send_json(200, answer(json.dumps(good[:-1])))
        elif mode == "extra":
            extra = dict(good[0], cluster=len(good), name="Ghost segment")
            self.send_json(200, answer(json.dumps(good + [extra])))
        elif mode == "duplicate":
            self.send_json(200, answer(json.dumps(good + [dict(good[0], name="Twin")])))
        elif mode == "invalid_json":
            self.send_json(200, answer(text[: len(text) // 2]))
        elif mode == "empty_candidates":
            self.send_json(200, {"candidates": []})
        elif mode == "safety":
            self.send_json(200, {"candidates": [{"finishReason": "SAFETY", "index": 0,
                                                 "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT",
                                                                    "probability": "HIGH", "blocked": True}]}]})
        elif mode == "blocked":
            self.send_json(200, {"promptFeedback": {"blockReason": "SAFETY"}})
        elif mode == "max_tokens":
            self.send_json(200, answer(text[: len(text) // 3], "MAX_TOKENS"))
        elif mode == "rate_limit":
            if count == 1:
                self.send_json(429, google_error(429, "RESOURCE_EXHAUSTED", "quota exceeded"),
                               [("Retry-After", "1")])
            else:
                self.send_json(200, answer(text))
        elif mode == "error500":
            self.send_json(500, google_error(500, "INTERNAL", "internal error"))
        elif mode == "forbidden":
            self.send_json(403, google_error(403, "PERMISSION_DENIED", "API key not valid."))
        elif mode == "hang":
            time.sleep(st.hang_s)
            self.send_json(200, answer(text))
        elif mode == "huge":
            pad = "x" * (10 * 1024 * 1024)
            self.send_json(200, dict(answer(text), padding=pad))
        elif mode == "dirty":
            self.send_json(200, answer(json.dumps(dirty(req))))
        elif mode == "same_names":
            self.send_json(200, answer(json.dumps([dict(p, name="Loyal Customers") for p in good])))


class Server(ThreadingHTTPServer):
    daemon_threads = True      # a hanging answer never blocks shutdown
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass                   # clients that give up (timeouts, caps) are expected


def main():
    ap = argparse.ArgumentParser(description="fake Gemini generateContent server")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--mode", default=os.environ.get("FAKE_GEMINI_MODE", "valid"), choices=MODES)
    ap.add_argument("--hang-s", type=float, default=60.0)
    args = ap.parse_args()
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = State(args.mode, args.log, args.hang_s)
    open(args.log, "a").close()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
