#!/usr/bin/python3
"""gemini_requests.py: summarises a fake server's request log (fake_gemini.py
or fake_openai.py) as key=value lines for the tests: count, gap_s (seconds
between the first two requests), paths (every request's path, in order),
then for the first request: path, key (x-goog-api-key), auth (Authorization),
and for a generateContent body: mime, temperature ("none" when absent),
schema, required, thinking (budget:N, level:L or default); for a
chat/completions body: model, roles, rf (response_format type), strict,
root (the schema's root type), temperature; for both: language, segments,
instruction_lang, and leak (any customer id column, row or file name found
in the body)."""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        reqs = [json.loads(line) for line in f if line.strip()]
    print("count=%d" % len(reqs))
    if len(reqs) >= 2:
        print("gap_s=%.3f" % (reqs[1]["t"] - reqs[0]["t"]))
    print("paths=%s" % " ".join(r["path"] for r in reqs))
    if not reqs:
        return 0
    r = reqs[0]
    print("path=%s" % r["path"])
    print("key=%s" % r["headers"].get("x-goog-api-key", ""))
    print("auth=%s" % r["headers"].get("authorization", ""))
    body = json.loads(r["body"])
    if "messages" in body:
        print("model=%s" % body.get("model", ""))
        print("roles=%s" % ",".join(m.get("role", "") for m in body["messages"]))
        rf = body.get("response_format", {})
        js = rf.get("json_schema", {})
        print("rf=%s" % rf.get("type", ""))
        print("strict=%s" % js.get("strict", ""))
        print("root=%s" % js.get("schema", {}).get("type", ""))
        print("temperature=%s" % body.get("temperature", "none"))
        data = json.loads(body["messages"][-1]["content"])
        instr = body["messages"][0]["content"]
    else:
        gen = body.get("generationConfig", {})
        print("mime=%s" % gen.get("responseMimeType", ""))
        print("temperature=%s" % gen.get("temperature", "none"))
        items = gen.get("responseSchema", {}).get("items", {})
        print("schema=%s:%s" % (gen.get("responseSchema", {}).get("type", ""),
                                ",".join("%s/%s" % (k, v.get("type")) for k, v in
                                         items.get("properties", {}).items())))
        print("required=%s" % ",".join(items.get("required", [])))
        think = gen.get("thinkingConfig")
        if think is None:
            print("thinking=default")
        else:
            print("thinking=%s" % ",".join("%s:%s" % (k.replace("thinking", "").lower(), v)
                                            for k, v in sorted(think.items())))
        data = json.loads(body["contents"][0]["parts"][0]["text"])
        instr = body["systemInstruction"]["parts"][0]["text"]
    print("language=%s" % data.get("language", ""))
    print("segments=%d" % len(data.get("segments", [])))
    print("instruction_lang=%s" % ("fr" if "French" in instr else
                                   "en" if "English" in instr else "?"))
    leak = [w for w in ("CustomerID", "Customer ID", "InvoiceNo", "StockCode", ".csv",
                        "12347", "raw_data") if w in r["body"]]
    print("leak=%s" % ",".join(leak))
    return 0


if __name__ == "__main__":
    sys.exit(main())
