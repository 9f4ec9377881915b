#!/usr/bin/env python3
"""Writes the committed seed corpus of each target into fuzz/corpus/NAME/
(run once after changing it; the files are committed). Small on purpose:
each seed shows the target one shape of input it must understand."""
import gzip, os, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)

def put(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

with gzip.open(os.path.join(root, "tests/data/online_retail.csv.gz"), "rt",
               encoding="latin-1") as f:
    retail = "".join(next(f) for _ in range(40))

csv = {
    "retail": retail,
    "semicolon-comma": "Invoice;Customer ID;InvoiceDate;Quantity;Price\n"
                       "C1;17850,0;01.12.2010 08:26;6;2,55\nC2;13047;2.12.2010;-1;1.234,50\n"
                       "3;13047;13.12.2010 9:01;3;3,39\n",
    "tab-iso": "customer_id\torder_id\torder_date\tAmount\n"
               "a\t1\t2011-01-02T10:00:00Z\t10.5\nb\t2\t2011-03-04 11:12:13+02:00\t7e1\n"
               "c\t3\t20110405\t-2\n",
    "pipe-quoted": "\ufeffCustomerID|InvoiceNo|Date|Qty|UnitPrice\r\n"
                   "\"x|1\"|1|12/31/2010 11:59 PM|1|\"2\"\"5\"\r\n"
                   "\"multi\nline\"|2|1/2/11|NA|3\r\ny|3|1/13/2011|2|1\r\n",
    "latin1": b"CustomerID,InvoiceDate,Amount\n\xe9t\xe9,2010-12-01,5\nna\xefve,2010-12-02,N/A\n"
              b"\x00z,2010-12-03,1e308\n",
    "short-rows": "CustomerID,InvoiceDate,Quantity,UnitPrice,Extra\n1,2010-01-01,1\n"
                  "2,2010-01-02,1,2\n3,,1,1\n,2010-01-03,1,1\n4,bad,1,1\n5,2010-01-04,x,1\n",
    "open-quote": "CustomerID,InvoiceDate,Amount\n1,2010-01-01,5\n\"2,2010-01-02,6\n3,2010-01-03,7\n",
}
for name, data in csv.items():
    for t in ("ingest", "ingest-split", "document"):
        put(t, name, data)
    raw = data.encode("latin-1") if isinstance(data, str) and name == "retail" else \
        (data.encode() if isinstance(data, str) else data)
    put("ingest-live", name, bytes([len(name) % 8]) + raw)

# compressed uploads are told by their magic bytes: the same reader behind
put("ingest", "gzip", gzip.compress(csv["semicolon-comma"].encode(), mtime=0))
put("document", "gzip", gzip.compress(csv["tab-iso"].encode(), mtime=0))

dates = ["2010-12-01", "2010-12-01T08:26:00Z", "2010/12/01 08:26:59.123+05:30",
         "12/1/10 8:26", "13/1/2010 11:59:59 PM", "1/13/69", "01.12.2010 8:26",
         "20101201 08:26", "  2024-02-29 ", "-0001-01-01", "9999-12-31T23:59:59-14:00"]
for i, d in enumerate(dates):
    put("date", "d%02d" % i, d)
put("date", "year", struct.pack("<i", -5000000) + b"\x01\x1b")

numbers = ["2.55", "-1", "+3.", ".5", "1e308", "1e309", "1,234,567", "1.234,56", "2,55",
           "12345678901234567890123", "4.9406564584124654e-324", " 7 ", "0x10", "1e-400",
           "9007199254740993", "17850.0", "NaN", "é"]
for i, n in enumerate(numbers):
    put("text", "n%02d" % i, n)

b = "Xyz42"
ctype = "multipart/form-data; boundary=" + b
body = ("--{b}\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\n3\r\n"
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\nCustomerID,InvoiceDate,Amount\r\n1,2010-01-01,5\r\n"
        "--{b}--\r\n").format(b=b)
put("multipart", "form", "\x03" + ctype + "\n" + body)
put("multipart", "quoted", "\x00multipart/form-data; charset=x; boundary=\"a;b\"\n"
    "preamble\r\n--a;b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n"
    "--a;\r\n--a;b--")
put("multipart", "empty", "\x01" + ctype + "\n--" + b + "--\r\n")

gemini = ('{"candidates":[{"content":{"parts":[{"thought":true,"text":"x"},{"text":'
          '"[{\\"cluster\\":0,\\"name\\":\\"Loyal\\",\\"description\\":\\"d\\",'
          '\\"action\\":\\"a\\"},{\\"cluster\\":1,\\"name\\":\\"New\\u202e\\",'
          '\\"description\\":\\"e\\\\n f\\",\\"action\\":\\"b\\"}]"}]},'
          '"finishReason":"STOP"}],"modelVersion":"gemini-2.5-flash"}')
put("llm", "gemini", gemini)
put("llm", "openai", '{"model":"m","choices":[{"message":{"content":"```json\\n{\\"segments\\":'
    '[{\\"cluster\\":0,\\"name\\":\\"A\\",\\"description\\":\\"B\\",\\"action\\":\\"C\\"}]}\\n```"},'
    '"finish_reason":"stop"}]}')
put("llm", "refusal", '{"choices":[{"message":{"refusal":"no"},"finish_reason":"stop"}]}')
put("llm", "error", '{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",'
    '"details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":'
    '"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},{"@type":'
    '"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}')
put("llm", "error-array", '[{"error":{"code":400,"message":"bad \\u0007 key","type":"insufficient_quota"}}]')
put("llm", "apply", '[{"cluster":0,"name":"N","description":"D","action":"A"},'
    '{"cluster":0,"name":"dup","description":"D","action":"A"},{"cluster":9}]')
put("llm", "blocked", '{"promptFeedback":{"blockReason":"SAFETY"}}')

# BSON, by hand (no driver needed): the shapes a result document holds
class Date(int): pass
class Oid(bytes): pass

def bson_doc(d):
    out = b""
    items = d.items() if isinstance(d, dict) else ((str(i), v) for i, v in enumerate(d))
    for k, v in items:
        key = k.encode() + b"\0"
        if isinstance(v, bool):
            out += b"\x08" + key + (b"\1" if v else b"\0")
        elif isinstance(v, Date):
            out += b"\x09" + key + struct.pack("<q", v)
        elif isinstance(v, int):
            out += (b"\x10" + key + struct.pack("<i", v)) if -2**31 <= v < 2**31 else \
                (b"\x12" + key + struct.pack("<q", v))
        elif isinstance(v, float):
            out += b"\x01" + key + struct.pack("<d", v)
        elif isinstance(v, Oid):
            out += b"\x07" + key + v
        elif isinstance(v, str):
            s = v.encode() + b"\0"
            out += b"\x02" + key + struct.pack("<i", len(s)) + s
        elif v is None:
            out += b"\x0a" + key
        elif isinstance(v, dict):
            out += b"\x03" + key + bson_doc(v)
        elif isinstance(v, list):
            out += b"\x04" + key + bson_doc(v)
    return struct.pack("<i", len(out) + 5) + out + b"\0"

doc = {"_id": Oid(bytes(range(12))), "analysis_id": "000102030405060708090a0b",
       "created_at": Date(1764738000000), "summary": [
           {"Cluster": 0, "Count": 3, "Recency": 12.5, "Share": float("nan"),
            "Persona": "Fidèles <b>&amp;</b> \"quotes\"\n\t\u202e"}],
       "raw_data": [{"CustomerID": "17850", "Recency": 1, "Frequency": 2**40,
                     "Monetary": -1e308}],
       "kmeans_metrics": {"inertia": float("inf"), "silhouette": 5e-324, "ok": True,
                          "none": None}, "file_info": {"upload_date": Date(-62135596800001)}}
put("json", "document", bson_doc(doc))
put("json", "empty", bson_doc({}))
put("json", "nested", bson_doc({"a": [[[{"b": [1, 2.5, "x"]}]]]}))
