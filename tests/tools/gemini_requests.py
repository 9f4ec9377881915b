#!/usr/bin/python3
"""gemini_requests.py: summarises fake_gemini.py's request log as key=value
lines for the tests: count, gap_s (seconds between the first two requests),
then for the first request: path, key, mime, temperature, schema (the item
properties and their types), required, language, instruction_lang, thinking,
and leak (any customer id column, row or file name found in the body)."""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        reqs = [json.loads(line) for line in f if line.strip()]
    print("count=%d" % len(reqs))
    if len(reqs) >= 2:
        print("gap_s=%.3f" % (reqs[1]["t"] - reqs[0]["t"]))
    if not reqs:
        return 0
    r = reqs[0]
    print("path=%s" % r["path"])
    print("key=%s" % r["headers"].get("x-goog-api-key", ""))
    body = json.loads(r["body"])
    gen = body.get("generationConfig", {})
    print("mime=%s" % gen.get("responseMimeType", ""))
    print("temperature=%s" % gen.get("temperature", ""))
    items = gen.get("responseSchema", {}).get("items", {})
    print("schema=%s:%s" % (gen.get("responseSchema", {}).get("type", ""),
                            ",".join("%s/%s" % (k, v.get("type")) for k, v in
                                     items.get("properties", {}).items())))
    print("required=%s" % ",".join(items.get("required", [])))
    data = json.loads(body["contents"][0]["parts"][0]["text"])
    print("language=%s" % data.get("language", ""))
    print("segments=%d" % len(data.get("segments", [])))
    instr = body["systemInstruction"]["parts"][0]["text"]
    print("instruction_lang=%s" % ("fr" if "French" in instr else
                                   "en" if "English" in instr else "?"))
    print("thinking=%s" % ("off" if "thinkingConfig" in gen else "default"))
    leak = [w for w in ("CustomerID", "Customer ID", "InvoiceNo", "StockCode", ".csv",
                        "12347", "raw_data") if w in r["body"]]
    print("leak=%s" % ",".join(leak))
    return 0


if __name__ == "__main__":
    sys.exit(main())
