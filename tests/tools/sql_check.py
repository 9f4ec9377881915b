#!/usr/bin/env python3
"""sql_check.py: the helper of tests/integration/sql-engines.sh.

  prepare SRC.csv TYPED.csv TYPED_NOINV.csv RAW_NOINV.csv
      The invoice lines as a warehouse holds them: TYPED.csv with the
      columns of sql/*.sql (CustomerID, InvoiceNo, InvoiceDate as an ISO
      timestamp, Quantity, UnitPrice; a blank or unparsable value is an
      unquoted empty field, i.e. NULL); TYPED_NOINV.csv the same with
      InvoiceNo NULL throughout; RAW_NOINV.csv the source file without its
      InvoiceNo column, for the CLI.
  duckdb SQL OUTDIR TABLE=TYPED.csv... VARIANT...
  spark  SQL OUTDIR TABLE=TYPED.csv... VARIANT...
      Loads each typed file as table inv_TABLE, then runs the dialect's
      query once per VARIANT (name:table:snapshot:returns, an empty
      snapshot or returns is NULL) and writes OUTDIR/name.csv; a failing
      query writes OUTDIR/name.err instead.
  compare GOT.csv WANT.csv [--cols R,F,M,T,MM] [--variant V]
      GOT (a query's output) against WANT: the CLI's --customers-csv, or the
      committed reference (gzip, one block per --variant). The same
      customers; Recency, Frequency and T exactly, Monetary and
      MonetaryMean to 1e-6.
"""
import csv
import datetime
import gzip
import os
import sys

COLS = ["CustomerID", "InvoiceNo", "InvoiceDate", "Quantity", "UnitPrice"]


def cell_text(v):
    v = v.strip("\r\n")
    if v.strip() == "":
        return ""
    return '"' + v.replace('"', '""') + '"'


def cell_date(v):
    v = v.strip()
    for fmt in ("%m/%d/%y %H:%M", "%m/%d/%Y %H:%M"):
        try:
            return datetime.datetime.strptime(v, fmt).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            pass
    try:
        d = datetime.datetime.fromisoformat(v)
    except ValueError:
        return ""
    if d.tzinfo is not None:  # a warehouse keeps UTC
        d = d.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return d.strftime("%Y-%m-%d %H:%M:%S.%f")


def cell_number(v):
    try:
        f = float(v)
    except ValueError:
        return ""
    return v.strip() if f == f and abs(f) != float("inf") else ""


def prepare(src, typed, typed_noinv, raw_noinv):
    with open(src, newline="", encoding="utf-8") as f, \
            open(typed, "w") as t, open(typed_noinv, "w") as tn, \
            open(raw_noinv, "w", newline="", encoding="utf-8") as rn:
        r = csv.reader(f)
        head = next(r)
        ix = {c: head.index(c) for c in COLS}
        w = csv.writer(rn, lineterminator="\n")
        w.writerow([c for c in head if c != "InvoiceNo"])
        t.write(",".join(COLS) + "\n")
        tn.write(",".join(COLS) + "\n")
        for row in r:
            cells = [cell_text(row[ix["CustomerID"]]), cell_text(row[ix["InvoiceNo"]]),
                     cell_date(row[ix["InvoiceDate"]]), cell_number(row[ix["Quantity"]]),
                     cell_number(row[ix["UnitPrice"]])]
            t.write(",".join(cells) + "\n")
            cells[1] = ""
            tn.write(",".join(cells) + "\n")
            w.writerow([v for i, v in enumerate(row) if i != ix["InvoiceNo"]])


def variants(args):
    for v in args:
        name, table, snap, ret = v.split(":")
        yield name, table, snap or None, ret or None


def write_rows(path, names, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for r in rows:
            w.writerow(["" if x is None else repr(x) if isinstance(x, float) else x for x in r])


def run_duckdb(sql_path, outdir, tables, vs):
    import duckdb
    sql = open(sql_path).read().strip().rstrip(";")
    con = duckdb.connect()
    cols = "{'CustomerID': 'VARCHAR', 'InvoiceNo': 'VARCHAR', 'InvoiceDate': 'TIMESTAMP'," \
           " 'Quantity': 'DOUBLE', 'UnitPrice': 'DOUBLE'}"
    for name, path in tables:
        con.execute("CREATE TABLE inv_%s AS SELECT * FROM read_csv('%s', header = true, "
                    "columns = %s, quote = '\"', escape = '\"')" % (name, path, cols))
    for name, table, snap, ret in vs:
        con.execute("CREATE OR REPLACE VIEW invoices AS SELECT * FROM inv_%s" % table)
        con.execute("CREATE OR REPLACE TABLE params AS SELECT CAST(? AS DATE) AS snapshot, "
                    "CAST(? AS VARCHAR) AS returns", [snap, ret])
        try:
            cur = con.execute(sql)
            write_rows(os.path.join(outdir, name + ".csv"), [d[0] for d in cur.description],
                       cur.fetchall())
        except duckdb.Error as e:
            open(os.path.join(outdir, name + ".err"), "w").write(str(e) + "\n")


def run_spark(sql_path, outdir, tables, vs):
    from pyspark.sql import SparkSession
    sql = open(sql_path).read().strip().rstrip(";")
    spark = (SparkSession.builder.master("local[2]").appName("smartseg-sql-test")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.driver.memory", "1g")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = "CustomerID STRING, InvoiceNo STRING, InvoiceDate TIMESTAMP, " \
             "Quantity DOUBLE, UnitPrice DOUBLE"
    for name, path in tables:
        (spark.read.csv(path, header=True, schema=schema, quote='"', escape='"',
                        timestampFormat="yyyy-MM-dd HH:mm:ss[.SSSSSS]")
         .cache().createOrReplaceTempView("inv_" + name))
    for name, table, snap, ret in vs:
        spark.sql("CREATE OR REPLACE TEMP VIEW invoices AS SELECT * FROM inv_%s" % table)
        spark.sql("CREATE OR REPLACE TEMP VIEW params AS SELECT CAST(%s AS DATE) AS snapshot, "
                  "CAST(%s AS STRING) AS returns" % (
                      "'%s'" % snap if snap else "NULL", "'%s'" % ret if ret else "NULL"))
        try:
            df = spark.sql(sql)
            write_rows(os.path.join(outdir, name + ".csv"), df.columns,
                       [tuple(r) for r in df.collect()])
        except Exception as e:  # the JVM's errors come as several classes
            open(os.path.join(outdir, name + ".err"), "w").write(str(e) + "\n")
    spark.stop()


def read_table(path, variant=None):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", newline="", encoding="utf-8") as f:
        rows = {}
        for r in csv.DictReader(f):
            if variant is not None and r.get("Variant") != variant:
                continue
            if r["CustomerID"] in rows:
                raise SystemExit("%s: CustomerID %r twice" % (path, r["CustomerID"]))
            rows[r["CustomerID"]] = r
        return rows


def compare(got_path, want_path, cols, variant):
    got, want = read_table(got_path), read_table(want_path, variant)
    bad = []
    if not want:
        bad.append("no reference rows")
    if set(got) != set(want):
        only_g = sorted(set(got) - set(want))[:5]
        only_w = sorted(set(want) - set(got))[:5]
        bad.append("customers differ: %d got, %d want; only got %s, only want %s"
                   % (len(got), len(want), only_g, only_w))
    names = {"R": "Recency", "F": "Frequency", "M": "Monetary", "T": "T", "MM": "MonetaryMean"}
    for cid in sorted(set(got) & set(want)):
        g, w = got[cid], want[cid]
        for c in cols:
            col = names[c]
            a, b = g[col], w[col]
            if c in ("M", "MM"):
                same = (a == b == "") or (a != "" and b != "" and abs(float(a) - float(b)) <= 1e-6)
            else:
                same = (a == b == "") or (a != "" and b != "" and int(float(a)) == float(a)
                                          and int(float(a)) == int(b))
            if not same:
                bad.append("%s %s: got %r, want %r" % (cid, col, a, b))
    if bad:
        print("# %d differences, first: %s" % (len(bad), "; ".join(bad[:5])))
        return 1
    print("# %d customers equal on %s" % (len(got), ",".join(cols)))
    return 0


def main(argv):
    cmd = argv[1]
    if cmd == "prepare":
        prepare(*argv[2:6])
    elif cmd in ("duckdb", "spark"):
        tables = [a.split("=", 1) for a in argv[4:] if "=" in a]
        (run_duckdb if cmd == "duckdb" else run_spark)(
            argv[2], argv[3], tables, list(variants(a for a in argv[4:] if "=" not in a)))
    elif cmd == "compare":
        cols, variant = ["R", "F", "M"], None
        rest = argv[4:]
        while rest:
            if rest[0] == "--cols":
                cols = rest[1].split(",")
            elif rest[0] == "--variant":
                variant = rest[1]
            rest = rest[2:]
        return compare(argv[2], argv[3], cols, variant)
    else:
        raise SystemExit("unknown command " + cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
