#!/usr/bin/env python3
"""sql_reference.py: the per-customer reference table of the SQL dialect
test (tests/integration/sql-engines.sh), computed with pandas and lifetimes
0.11 from the Online Retail test data, independently of SmartSeg and of the
SQL files. Run by hand (a virtual environment with pandas and lifetimes);
its output is committed as tests/data/online_retail_sql_ref.csv.gz:

    python3 tests/tools/sql_reference.py tests/data/online_retail.csv.gz \
        | gzip -9n > tests/data/online_retail_sql_ref.csv.gz

One block of rows per variant (the params row of the query):
  default   snapshot NULL, returns NULL
  exclude   returns = exclude (lines with a negative Quantity or amount and C
            invoices dropped first)
  snapshot  snapshot = 2011-06-01 (rows after it ignored; Recency and T to it)
  snap_excl both
Recency: whole days to the snapshot (default: the latest line + 1 day);
Frequency: distinct invoices; Monetary: sum of Quantity x UnitPrice; T and
MonetaryMean: lifetimes.utils.summary_data_from_transaction_data(freq="D")
on the positive lines (T and monetary_value), observation end the snapshot
or the day of the latest line.
"""
import sys

import numpy as np
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

VARIANTS = [("default", None, "net"), ("exclude", None, "exclude"),
            ("snapshot", "2011-06-01", "net"), ("snap_excl", "2011-06-01", "exclude")]


def load(path):
    df = pd.read_csv(path, dtype={"CustomerID": str, "InvoiceNo": str})
    df = df.dropna(subset=["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"])
    df["CustomerID"] = df["CustomerID"].str.strip().str.replace(r"^(\d+)\.0*$", r"\1", regex=True)
    df["ts"] = pd.to_datetime(df["InvoiceDate"], format="%m/%d/%y %H:%M")
    df["amount"] = df["Quantity"].astype(float) * df["UnitPrice"].astype(float)
    return df


def variant(df, snapshot, returns):
    if snapshot is not None:
        df = df[df["ts"] <= pd.Timestamp(snapshot)]
    if returns == "exclude":
        df = df[~((df["Quantity"] < 0) | (df["amount"] < 0) | df["InvoiceNo"].fillna("").str.strip().str.startswith("C"))]
    end = pd.Timestamp(snapshot) if snapshot else df["ts"].max() + pd.Timedelta(days=1)
    g = df.groupby("CustomerID")
    out = pd.DataFrame({
        "Recency": ((end - g["ts"].max()) // pd.Timedelta(days=1)).astype(np.int64),
        "Frequency": g["InvoiceNo"].nunique(),
        "Monetary": g["amount"].sum(),
    })
    obs_end = pd.Timestamp(snapshot) if snapshot else df["ts"].max().normalize()
    pos = df[df["amount"] > 0]
    s = summary_data_from_transaction_data(pos, "CustomerID", "ts", "amount",
                                           observation_period_end=obs_end, freq="D")
    out["T"] = s["T"].reindex(out.index)
    out["MonetaryMean"] = s["monetary_value"].reindex(out.index)
    return out.sort_index()


def main():
    df = load(sys.argv[1])
    w = sys.stdout
    w.write("Variant,CustomerID,Recency,Frequency,Monetary,T,MonetaryMean\n")
    for name, snap, ret in VARIANTS:
        out = variant(df, snap, ret)
        for cid, r in out.iterrows():
            t = "" if pd.isna(r["T"]) else "%d" % r["T"]
            mm = "" if pd.isna(r["MonetaryMean"]) else repr(float(r["MonetaryMean"]))
            w.write("%s,%s,%d,%d,%r,%s,%s\n" % (name, cid, r["Recency"], r["Frequency"],
                                               float(r["Monetary"]), t, mm))


if __name__ == "__main__":
    main()
