#!/usr/bin/python3
"""fake_openai.py: a local stand-in for an OpenAI-compatible server
(POST {base}/chat/completions), for tests. fake_gemini.py imports it to serve
Gemini's own OpenAI-compatible endpoint (/v1beta/openai/chat/completions).

Usage: fake_openai.py --port-file FILE --log FILE [--port N] [--mode MODE]
                      [--models ID,ID...] [--key KEY] [--hang-s S]
  Listens on 127.0.0.1:N (0 picks a free port), writes the port to
  --port-file, and answers POST /v1/chat/completions (so the base URL is
  http://127.0.0.1:N/v1). Every request is appended to --log as one JSON
  line {"t", "method", "path", "headers", "body", "mode"}. With --key, a
  request without "Authorization: Bearer KEY" gets OpenAI's 401.
Control (not logged): POST /__mode/NAME, GET /__health.

The request body is checked against the documented fields of the Chat
Completions API, and a violation gets OpenAI's own error text: 400
"Unrecognized request argument supplied: X" for an unknown field, 400
"Invalid schema for response_format ..." for a strict schema that is not an
object at the root or leaves a property optional or an object open, 404
"The model `X` does not exist or you do not have access to it." for a model
not in --models.

Modes (answers to a valid request):
  valid           {"segments": [...]} one persona per cluster, "LLM name C"
                  (en) or "Nom LLM C" (fr)
  routed          valid, but the answer names another model (qwen2.5:14b)
  fenced          the same inside a ```json fence
  missing         no entry for the last cluster
  invalid_json    cut JSON
  length          finish_reason length with cut content
  content_filter  finish_reason content_filter, content null
  refusal         message.refusal set, content null
  no_choices      {"choices": []}
  no_json_schema  400: response_format json_schema not supported (an older
                  server or model), not retried
  rate_limit      429 (Retry-After: 1, or RetryInfo 1s for Gemini) once, then valid
  rate_limit_long 429 asking for 58 s
  quota           429 insufficient_quota (Gemini: a per-day QuotaFailure)
  error503        503 always
  hang            answers after --hang-s seconds
  huge            a 10 MB answer
"""
import argparse
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODES = ("valid", "routed", "fenced", "missing", "invalid_json", "length", "content_filter",
         "refusal", "no_choices", "no_json_schema", "rate_limit", "rate_limit_long",
         "quota", "error503", "hang", "huge")

# Request fields of POST /chat/completions in OpenAI's API reference.
TOP_FIELDS = {"model", "messages", "response_format", "temperature", "top_p", "n",
              "stream", "stream_options", "stop", "max_tokens", "max_completion_tokens",
              "presence_penalty", "frequency_penalty", "logit_bias", "logprobs",
              "top_logprobs", "user", "seed", "tools", "tool_choice",
              "parallel_tool_calls", "reasoning_effort", "metadata", "store",
              "modalities", "audio", "prediction", "service_tier", "verbosity",
              "web_search_options", "prompt_cache_key", "safety_identifier"}
MESSAGE_FIELDS = {"role", "content", "name", "tool_calls", "tool_call_id", "refusal"}
ROLES = {"system", "developer", "user", "assistant", "tool"}
JSON_SCHEMA_FIELDS = {"name", "description", "schema", "strict"}


class RequestError(Exception):
    """A request the real server refuses: HTTP status, message, type, code."""

    def __init__(self, status, message, etype="invalid_request_error", code=None, param=None):
        super().__init__(message)
        self.status, self.message, self.etype, self.code, self.param = \
            status, message, etype, code, param


def check_strict_schema(name, schema, ctx=()):
    """Structured outputs' strict mode: every object closed and fully required."""
    if not isinstance(schema, dict):
        raise RequestError(400, "Invalid schema for response_format '%s': schema must be an object." % name)
    if ctx == () and schema.get("type") != "object":
        raise RequestError(400, "Invalid schema for response_format '%s': schema must be a JSON Schema "
                           "of 'type: \"object\"', got 'type: \"%s\"'." % (name, schema.get("type")))
    if schema.get("type") == "object":
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            raise RequestError(400, "Invalid schema for response_format '%s': In context=%s, "
                               "'additionalProperties' is required to be supplied and to be false."
                               % (name, ctx))
        missing = [k for k in props if k not in (schema.get("required") or [])]
        if missing:
            raise RequestError(400, "Invalid schema for response_format '%s': In context=%s, 'required' "
                               "is required to be supplied and to be an array including every key in "
                               "properties. Missing '%s'." % (name, ctx, missing[0]))
        for k, v in props.items():
            check_strict_schema(name, v, ctx + ("properties", k))
    if schema.get("type") == "array":
        check_strict_schema(name, schema.get("items", {}), ctx + ("items",))


def check_request(raw, models, mode):
    """Validates a chat/completions body; returns it parsed or raises RequestError."""
    try:
        req = json.loads(raw)
    except ValueError:
        raise RequestError(400, "We could not parse the JSON body of your request.")
    if not isinstance(req, dict):
        raise RequestError(400, "Invalid type for body: expected an object.")
    for k in req:
        if k not in TOP_FIELDS:
            raise RequestError(400, "Unrecognized request argument supplied: %s" % k)
    if "model" not in req:
        raise RequestError(400, "you must provide a model parameter")
    msgs = req.get("messages")
    if not isinstance(msgs, list) or not msgs:
        raise RequestError(400, "Invalid 'messages': empty array. Expected an array with minimum "
                           "length 1, but got an empty array instead.", param="messages")
    for i, m in enumerate(msgs):
        extra = [k for k in m if k not in MESSAGE_FIELDS] if isinstance(m, dict) else ["?"]
        if extra:
            raise RequestError(400, "Additional properties are not allowed ('%s' was unexpected) - "
                               "'messages.%d'" % (extra[0], i))
        if m.get("role") not in ROLES:
            raise RequestError(400, "Invalid value: '%s'. Supported values are: 'system', 'assistant', "
                               "'user', 'tool', 'function', and 'developer'." % m.get("role"),
                               param="messages[%d].role" % i)
        if not isinstance(m.get("content"), str):
            raise RequestError(400, "Invalid type for 'messages[%d].content'." % i)
    if "temperature" in req and not (isinstance(req["temperature"], (int, float))
                                     and 0 <= req["temperature"] <= 2):
        raise RequestError(400, "Invalid 'temperature': must be between 0 and 2.")
    rf = req.get("response_format")
    if rf is not None:
        if rf.get("type") not in ("text", "json_object", "json_schema"):
            raise RequestError(400, "Invalid value: '%s'. Supported values are: 'json_object', "
                               "'json_schema', and 'text'." % rf.get("type"))
        if rf.get("type") == "json_schema":
            js = rf.get("json_schema")
            if not isinstance(js, dict):
                raise RequestError(400, "Missing required parameter: 'response_format.json_schema'.")
            for k in js:
                if k not in JSON_SCHEMA_FIELDS:
                    raise RequestError(400, "Unrecognized request argument supplied: "
                                       "response_format.json_schema.%s" % k)
            if not re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", str(js.get("name", ""))):
                raise RequestError(400, "Invalid 'response_format.json_schema.name': string does not "
                                   "match pattern. Expected a string that matches the pattern "
                                   "'^[a-zA-Z0-9_-]+$'.")
            if js.get("strict") is True:
                check_strict_schema(js["name"], js.get("schema"))
    if req["model"] not in models:
        raise RequestError(404, "The model `%s` does not exist or you do not have access to it."
                           % req["model"], code="model_not_found")
    if mode == "no_json_schema" and rf is not None and rf.get("type") == "json_schema":
        raise RequestError(400, "Invalid parameter: 'response_format' of type 'json_schema' is not "
                           "supported with this model.", param="response_format")
    return req


def named(data, who):
    """One persona per segment of the request's data, named after who
    ("LLM name 0", "Nom LLM 0"...) in the request's language; also
    fake_gemini.py's."""
    fr = data.get("language") == "fr"
    out = []
    for seg in data["segments"]:
        c = seg["cluster"]
        if fr:
            out.append({"cluster": c, "name": "Nom %s %d" % (who, c),
                        "description": "Description %s du segment %d." % (who, c),
                        "action": "Action %s pour le segment %d." % (who, c)})
        else:
            out.append({"cluster": c, "name": "%s name %d" % (who, c),
                        "description": "%s description of cluster %d." % (who, c),
                        "action": "%s action for cluster %d." % (who, c)})
    return out


def personas(req):
    return named(json.loads(req["messages"][-1]["content"]), "LLM")


def completion(content, finish="stop", refusal=None, model="m"):
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content,
                                                 "refusal": refusal},
                         "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def openai_error(e):
    return {"error": {"message": e.message, "type": e.etype, "param": e.param, "code": e.code}}


def gemini_error(code, status, message, details=None):
    """Gemini's OpenAI-compatible endpoint answers errors as an array."""
    err = {"code": code, "message": message, "status": status}
    if details:
        err["details"] = details
    return [{"error": err}]


GEMINI_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND",
                 429: "RESOURCE_EXHAUSTED", 503: "UNAVAILABLE"}


def retry_info(delay):
    return {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay}


def quota_failure(quota_id, model):
    return {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
            "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                            "quotaId": quota_id,
                            "quotaDimensions": {"location": "global", "model": model},
                            "quotaValue": "20"}]}


def answer(mode, count, raw, models, flavor, hang_s, auth, key):
    """(status, JSON object, extra headers) for one chat/completions request;
    a completion names the model asked, as servers do (routed: another)."""
    status, obj, headers = answer_body(mode, count, raw, models, flavor, hang_s, auth, key)
    if isinstance(obj, dict) and obj.get("object") == "chat.completion":
        try:
            obj["model"] = "qwen2.5:14b" if mode == "routed" else json.loads(raw)["model"]
        except (ValueError, KeyError, TypeError):
            pass
    return status, obj, headers


def answer_body(mode, count, raw, models, flavor, hang_s, auth, key):
    gem = flavor == "gemini"
    try:
        if gem and not (auth or "").startswith("Bearer "):
            raise RequestError(401, "Missing or invalid Authorization header.")
        if not gem and key is not None and auth != "Bearer " + key:
            raise RequestError(401, "Incorrect API key provided: %s. You can find your API key at "
                               "https://platform.openai.com/account/api-keys."
                               % (auth or "")[7:][:8], code="invalid_api_key")
        req = check_request(raw, models, mode)
    except RequestError as e:
        if gem:
            msg = e.message
            if e.status == 404:   # the model: Gemini's own wording
                msg = ("models/%s is not found for API version v1main, or is not supported for "
                       "generateContent. Call ListModels to see the list of available models and "
                       "their supported methods." % json.loads(raw).get("model"))
            return e.status, gemini_error(e.status, GEMINI_STATUS.get(e.status, "UNKNOWN"), msg), []
        return e.status, openai_error(e), []
    model = req["model"]
    good = {"segments": personas(req)}
    text = json.dumps(good, ensure_ascii=False)
    if mode in ("valid", "no_json_schema", "routed"):
        return 200, completion(text, model=model), []
    if mode == "fenced":
        return 200, completion("```json\n" + text + "\n```"), []
    if mode == "missing":
        return 200, completion(json.dumps({"segments": good["segments"][:-1]})), []
    if mode == "invalid_json":
        return 200, completion(text[: len(text) // 2]), []
    if mode == "length":
        return 200, completion(text[: len(text) // 3], "length"), []
    if mode == "content_filter":
        return 200, completion(None, "content_filter"), []
    if mode == "refusal":
        return 200, completion(None, "stop", "I'm sorry, I can't help with that request."), []
    if mode == "no_choices":
        return 200, {"id": "x", "object": "chat.completion", "choices": []}, []
    if mode in ("rate_limit", "rate_limit_long"):
        if mode == "rate_limit" and count > 1:
            return 200, completion(text, model=model), []
        wait = "1" if mode == "rate_limit" else "58"
        if gem:
            return 429, gemini_error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted "
                                     "(e.g. check quota).", [retry_info(wait + "s")]), []
        return 429, {"error": {"message": "Rate limit reached for %s on requests per min (RPM): "
                               "Limit 3, Used 3, Requested 1. Please try again in %ss." % (model, wait),
                               "type": "requests", "param": None, "code": "rate_limit_exceeded"}}, \
            [("Retry-After", wait)]
    if mode == "quota":
        if gem:
            return 429, gemini_error(429, "RESOURCE_EXHAUSTED",
                                     "You exceeded your current quota, please check your plan and "
                                     "billing details.",
                                     [quota_failure("GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                                                    model), retry_info("20s")]), []
        return 429, {"error": {"message": "You exceeded your current quota, please check your plan "
                               "and billing details.", "type": "insufficient_quota", "param": None,
                               "code": "insufficient_quota"}}, []
    if mode == "error503":
        if gem:
            return 503, gemini_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."), []
        return 503, {"error": {"message": "The server is overloaded or not ready yet.",
                               "type": "server_error", "param": None, "code": None}}, []
    if mode == "hang":
        time.sleep(hang_s)
        return 200, completion(text), []
    if mode == "huge":
        return 200, dict(completion(text), padding="x" * (10 * 1024 * 1024)), []
    return 500, {"error": {"message": "fake: no mode " + mode}}, []


def send_json(handler, status, obj, headers=(), ctype="application/json"):
    body = json.dumps(obj).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for k, v in headers:
        handler.send_header(k, v)
    handler.end_headers()
    handler.wfile.write(body)


def log_request(st, handler, raw, mode):
    with open(st.log, "a", encoding="utf-8") as f:
        f.write(json.dumps({"t": time.time(), "method": handler.command, "path": handler.path,
                            "headers": {k.lower(): v for k, v in handler.headers.items()},
                            "body": raw.decode("utf-8", "replace"), "mode": mode}) + "\n")


class State:
    def __init__(self, mode, log, hang_s, models, key):
        self.lock = threading.Lock()
        self.mode, self.count, self.log, self.hang_s = mode, 0, log, hang_s
        self.models, self.key = models, key


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        if self.path == "/__health":
            return send_json(self, 200, {"ok": True, "mode": self.server.state.mode})
        send_json(self, 404, {"error": {"message": "Invalid URL (GET %s)" % self.path,
                                        "type": "invalid_request_error", "param": None, "code": None}})

    def do_POST(self):
        st = self.server.state
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        if self.path.startswith("/__mode/"):
            mode = self.path[len("/__mode/"):]
            if mode not in MODES:
                return send_json(self, 400, {"error": "unknown mode " + mode})
            with st.lock:
                st.mode, st.count = mode, 0
            return send_json(self, 200, {"mode": mode})
        with st.lock:
            mode = st.mode
            st.count += 1
            count = st.count
            log_request(st, self, raw, mode)
        if self.path != "/v1/chat/completions":
            return send_json(self, 404, {"error": {"message": "Invalid URL (POST %s)" % self.path,
                                                   "type": "invalid_request_error", "param": None,
                                                   "code": None}})
        status, obj, headers = answer(mode, count, raw, st.models, "openai", st.hang_s,
                                      self.headers.get("Authorization"), st.key)
        send_json(self, status, obj, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass


def serve(srv, log, port_file):
    """Creates the log, writes the port (atomically: the tests wait for the
    file), serves until interrupted; also fake_gemini.py's."""
    open(log, "a").close()
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser(description="fake OpenAI-compatible chat/completions server")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--mode", default="valid", choices=MODES)
    ap.add_argument("--models", default="qwen2.5:7b,Qwen/Qwen2.5-7B-Instruct,gpt-4o-mini")
    ap.add_argument("--key", default=None)
    ap.add_argument("--hang-s", type=float, default=60.0)
    args = ap.parse_args()
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = State(args.mode, args.log, args.hang_s, set(args.models.split(",")), args.key)
    return serve(srv, args.log, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
