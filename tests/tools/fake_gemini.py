#!/usr/bin/python3
"""fake_gemini.py: a local stand-in for Gemini's generateContent, for tests.

Usage: fake_gemini.py --port-file FILE --log FILE [--port N] [--mode MODE]
                      [--retired ID,ID...]
  Listens on 127.0.0.1:N (0, the default, picks a free port) and writes the
  port to --port-file once it accepts connections. Each request is appended
  to --log as one JSON line:
  {"t": unix time, "method", "path", "headers": {lower-case name: value},
   "body": text, "mode"}.
Control (not logged):
  POST /__mode/NAME       switch mode (resets the mode's request counter)
  POST /__retired/ID,ID   these models answer as shut down (404); empty: none
  GET  /__health          200 "ok"

Like the service, it knows a catalog of models (MODELS below: 2.5 and 3.x
families, the -latest aliases); any other id, or a retired one, gets the
404 NOT_FOUND "models/X is not found for API version v1beta, ..." the API
sends. The body is checked against the documented fields: an unknown field
gets the API's 400 INVALID_ARGUMENT "Invalid JSON payload received. Unknown
name "X" at 'generation_config': Cannot find field." with a BadRequest
detail; thinking settings the model family does not take get a 400 too
(thinkingLevel on 2.5, both budget and level, budget 0 on 2.5 Pro, a level
the model lacks).
POST /v1beta/openai/chat/completions is Gemini's OpenAI-compatible
endpoint (fake_openai.py's checks, Gemini's array-shaped errors, Bearer key).
Modes (answers to POST /v1beta/models/<model>:generateContent):
  valid       one persona per cluster, named "Gemini name C" (en) or
              "Nom Gemini C" (fr) after the request's "language"
  routed      valid, but modelVersion names another model (gemini-3.5-flash-lite),
              as when the service routes a retired id elsewhere
  fenced      the same text inside a ```json code fence
  missing     no entry for the last cluster
  extra       an additional entry for cluster k (out of range)
  duplicate   cluster 0 answered twice
  invalid_json  the model's text is cut JSON
  empty_candidates  {"candidates": []}
  safety      candidates[0].finishReason SAFETY, no content
  blocked     promptFeedback.blockReason SAFETY, no candidates
  max_tokens  finishReason MAX_TOKENS with cut text
  rate_limit  429 with RetryInfo retryDelay "1s" in error.details (no
              Retry-After header, as the service) once, then valid
  rate_limit_long  429 with RetryInfo "58s"
  quota_day   429 with a per-day QuotaFailure (and RetryInfo "20s")
  old_api     an API version that does not know thinkingLevel (400)
  error500    500 always
  error503    503 UNAVAILABLE "The model is overloaded" always
  forbidden   403 with a Google error body (not retried)
  hang        never answers in time (sleeps --hang-s seconds, 60 by default)
  huge        a 10 MB answer
  dirty       over-long strings with control and bidi characters
  same_names  every cluster named "Gift Lovers"
  contradict  every cluster named "Loyal Customers", whatever its numbers
  markup_loyal  "<script>alert(C)</script> Loyal" for every cluster (refused where
              the numbers deny it: the refused name then travels in the note)
  markup      HTML in every string: a <script> in the name, tags and quotes
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_openai  # noqa: E402  (Gemini's OpenAI-compatible endpoint)

MODES = ("valid", "routed", "fenced", "missing", "extra", "duplicate", "invalid_json",
         "empty_candidates", "safety", "blocked", "max_tokens", "rate_limit",
         "rate_limit_long", "quota_day", "old_api", "error500", "error503",
         "forbidden", "hang", "huge", "dirty", "same_names",
         "contradict", "markup", "markup_loyal")

# id -> (family, thinking levels accepted); levels as in the Thinking guide.
FLASH3 = ("3", {"LOW", "MEDIUM", "HIGH"})
MODELS = {
    "gemini-2.5-flash": ("2.5-flash", set()),
    "gemini-2.5-flash-lite": ("2.5-flash", set()),
    "gemini-2.5-pro": ("2.5-pro", set()),
    "gemini-3.8-flash": FLASH3,
    "gemini-3.7-flash": FLASH3,
    "gemini-3.5-flash-lite": ("3", {"MINIMAL", "LOW", "MEDIUM", "HIGH"}),
    "gemini-3.1-pro-preview": ("3", {"LOW", "MEDIUM", "HIGH"}),
    "gemini-flash-latest": FLASH3,
    "gemini-pro-latest": ("3", {"LOW", "MEDIUM", "HIGH"}),
}
# generateContent request fields (API reference: GenerateContentRequest,
# GenerationConfig, ThinkingConfig).
TOP_FIELDS = {"contents", "systemInstruction", "generationConfig", "safetySettings", "tools",
              "toolConfig", "cachedContent"}
GEN_FIELDS = {"stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema",
              "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP",
              "topK", "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs",
              "logprobs", "enableEnhancedCivicAnswers", "speechConfig", "thinkingConfig",
              "mediaResolution"}
THINKING_FIELDS = {"includeThoughts", "thinkingBudget", "thinkingLevel"}


class BadRequest(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def unknown(name, at):
    where = " at '%s'" % at if at else ""
    raise BadRequest('Invalid JSON payload received. Unknown name "%s"%s: Cannot find field.'
                     % (name, where), at or name)


def check_body(req, model, mode):
    """The generateContent body against the documented fields and the
    model family's thinking rules; raises BadRequest."""
    if not isinstance(req, dict):
        raise BadRequest("Invalid JSON payload received. Expected an object.")
    for k in req:
        if k not in TOP_FIELDS:
            unknown(k, None)
    gen = req.get("generationConfig", {})
    for k in gen:
        if k not in GEN_FIELDS:
            unknown(k, "generation_config")
    think = gen.get("thinkingConfig", {})
    for k in think:
        if k not in THINKING_FIELDS or (mode == "old_api" and k == "thinkingLevel"):
            unknown(k, "generation_config.thinking_config")
    family, levels = MODELS[model]
    if "thinkingBudget" in think and "thinkingLevel" in think:
        raise BadRequest("You can only set one of thinking budget and thinking level.")
    if "thinkingLevel" in think:
        if family != "3":
            raise BadRequest("Thinking level is not supported for this model.")
        if str(think["thinkingLevel"]).upper() not in levels:
            raise BadRequest("Thinking level %s is not supported by this model."
                             % str(think["thinkingLevel"]).upper())
    if think.get("thinkingBudget") == 0 and family == "2.5-pro":
        raise BadRequest("Budget 0 is invalid. This model only works in thinking mode.")


class State:
    def __init__(self, mode, log, hang_s, retired):
        self.lock = threading.Lock()
        self.mode = mode
        self.count = 0          # requests seen in this mode
        self.log = log
        self.hang_s = hang_s
        self.retired = retired  # ids answered as shut down


def personas(req):
    """The valid answer for the request's segments and language."""
    return fake_openai.named(json.loads(req["contents"][0]["parts"][0]["text"]), "Gemini")


def answer(text, finish="STOP", model="gemini"):
    return {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                            "finishReason": finish, "index": 0}],
            "modelVersion": model}


def google_error(code, status, message, details=None):
    err = {"code": code, "message": message, "status": status}
    if details:
        err["details"] = details
    return {"error": err}


def not_found(model, method="generateContent"):
    return google_error(404, "NOT_FOUND", "models/%s is not found for API version v1beta, or is not "
                        "supported for %s. Call ListModels to see the list of available models "
                        "and their supported methods." % (model, method))


HELP = {"@type": "type.googleapis.com/google.rpc.Help",
        "links": [{"description": "Learn more about Gemini API quotas",
                   "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]}


def dirty(req):
    out = personas(req)
    for p in out:
        p["name"] = "  Gift\u0007 Lovers\x1b[31m \u202e" + "\u00e9" * 200
        p["description"] = "Line one\nline two\t" + "\U0001F600" * 500 + "\x00end"
        p["action"] = "\x7f\u0085Act\u0090 now " + "x" * 1000
    return out


def markup(req):
    out = personas(req)
    for p in out:
        p["name"] = "<script>alert(%d)</script> Gift Lovers" % p["cluster"]
        p["description"] = "Spends <img src=x onerror=alert(1)> & comes \"back\"."
        p["action"] = "Send <b>VIP</b> offers."
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: tests read the log file
        pass

    def send_json(self, status, obj, headers=()):
        fake_openai.send_json(self, status, obj, headers, "application/json; charset=UTF-8")

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
        if self.path.startswith("/__retired/") or self.path == "/__retired":
            ids = self.path[len("/__retired/"):]
            with st.lock:
                st.retired = set(i for i in ids.split(",") if i)
            return self.send_json(200, {"retired": sorted(st.retired)})
        with st.lock:
            mode = st.mode
            st.count += 1
            count = st.count
            with open(st.log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"t": time.time(), "method": "POST", "path": self.path,
                                    "headers": {k.lower(): v for k, v in self.headers.items()},
                                    "body": raw.decode("utf-8", "replace"),
                                    "mode": mode}) + "\n")
            retired = set(st.retired)
        available = set(MODELS) - retired
        if self.path == "/v1beta/openai/chat/completions":
            omode = {"quota_day": "quota"}.get(mode, mode if mode in fake_openai.MODES else "valid")
            status, obj, headers = fake_openai.answer(
                omode, count, raw, available, "gemini", st.hang_s,
                self.headers.get("Authorization"), None)
            return self.send_json(status, obj, headers)
        if not (self.path.startswith("/v1beta/models/")
                and self.path.endswith(":generateContent")):
            return self.send_json(404, google_error(404, "NOT_FOUND", "no such method"))
        model = self.path[len("/v1beta/models/"):-len(":generateContent")]
        if model not in available:
            return self.send_json(404, not_found(model))
        try:
            req = json.loads(raw)
            check_body(req, model, mode)
        except ValueError as e:
            return self.send_json(400, google_error(400, "INVALID_ARGUMENT",
                                                    "Invalid JSON payload received. %s" % e))
        except BadRequest as e:
            details = None
            if e.field:
                details = [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                            "fieldViolations": [{"field": e.field, "description": e.message}]}]
            return self.send_json(400, google_error(400, "INVALID_ARGUMENT", e.message, details))
        try:
            good = personas(req)
        except (ValueError, KeyError, IndexError, TypeError) as e:
            return self.send_json(400, google_error(400, "INVALID_ARGUMENT", "bad request: %s" % e))
        text = json.dumps(good, ensure_ascii=False)
        if mode == "valid":
            self.send_json(200, answer(text, model=model))
        elif mode == "routed":
            # a retired id served by another model, as Google may do
            self.send_json(200, answer(text, model="gemini-3.5-flash-lite"))
        elif mode == "fenced":
            self.send_json(200, answer("```json\n" + text + "\n```\n", model=model))
        elif mode == "missing":
            self.send_json(200, answer(json.dumps(good[:-1]), model=model))
        elif mode == "extra":
            extra = dict(good[0], cluster=len(good), name="Ghost segment")
            self.send_json(200, answer(json.dumps(good + [extra]), model=model))
        elif mode == "duplicate":
            self.send_json(200, answer(json.dumps(good + [dict(good[0], name="Twin")]), model=model))
        elif mode == "invalid_json":
            self.send_json(200, answer(text[: len(text) // 2], model=model))
        elif mode == "empty_candidates":
            self.send_json(200, {"candidates": []})
        elif mode == "safety":
            self.send_json(200, {"candidates": [{"finishReason": "SAFETY", "index": 0,
                                                 "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT",
                                                                    "probability": "HIGH", "blocked": True}]}]})
        elif mode == "blocked":
            self.send_json(200, {"promptFeedback": {"blockReason": "SAFETY"}})
        elif mode == "max_tokens":
            self.send_json(200, answer(text[: len(text) // 3], "MAX_TOKENS", model=model))
        elif mode == "rate_limit" and count > 1:
            self.send_json(200, answer(text, model=model))
        elif mode in ("rate_limit", "rate_limit_long"):
            delay = "1s" if mode == "rate_limit" else "58s"
            self.send_json(429, google_error(
                429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan "
                "and billing details. Please retry in %s." % delay,
                [HELP, {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                        "violations": [{"quotaMetric": "generativelanguage.googleapis.com/"
                                        "generate_content_free_tier_requests",
                                        "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                                        "quotaDimensions": {"location": "global", "model": model},
                                        "quotaValue": "10"}]},
                 {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay}]))
        elif mode == "quota_day":
            self.send_json(429, google_error(
                429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan "
                "and billing details.",
                [HELP, fake_openai.quota_failure("GenerateRequestsPerDayPerProjectPerModel-FreeTier", model),
                 {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "20s"}]))
        elif mode == "old_api":
            self.send_json(200, answer(text, model=model))   # only reached without thinkingLevel
        elif mode == "error500":
            self.send_json(500, google_error(500, "INTERNAL", "internal error"))
        elif mode == "error503":
            self.send_json(503, google_error(503, "UNAVAILABLE",
                                             "The model is overloaded. Please try again later."))
        elif mode == "forbidden":
            self.send_json(403, google_error(403, "PERMISSION_DENIED", "API key not valid."))
        elif mode == "hang":
            time.sleep(st.hang_s)
            self.send_json(200, answer(text, model=model))
        elif mode == "huge":
            pad = "x" * (10 * 1024 * 1024)
            self.send_json(200, dict(answer(text, model=model), padding=pad))
        elif mode == "dirty":
            self.send_json(200, answer(json.dumps(dirty(req)), model=model))
        elif mode == "markup":
            self.send_json(200, answer(json.dumps(markup(req)), model=model))
        elif mode == "same_names":
            self.send_json(200, answer(json.dumps([dict(p, name="Gift Lovers") for p in good]), model=model))
        elif mode == "markup_loyal":
            self.send_json(200, answer(json.dumps([dict(p, name="<script>alert(%d)</script> Loyal" % p["cluster"])
                                                   for p in good]), model=model))
        elif mode == "contradict":
            self.send_json(200, answer(json.dumps([dict(p, name="Loyal Customers") for p in good]), model=model))


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
    ap.add_argument("--retired", default="")
    args = ap.parse_args()
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = State(args.mode, args.log, args.hang_s,
                      set(i for i in args.retired.split(",") if i))
    return fake_openai.serve(srv, args.log, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
