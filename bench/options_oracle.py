#!/usr/bin/python3
"""The analysis options (returns, nonpositive, cap, bins) redone in pandas, as the
oracle of tests/unit/test-options-oracle.c (whose reference figures come from this
script on tests/data/online_retail.csv.gz, pandas 1.5).

  options_oracle.py FILE

returns=exclude: the rows of seed_pipeline.py, less every row with a negative
Quantity or Quantity x UnitPrice and every row of an invoice starting with C.
nonpositive=aside: customers with Monetary <= 0. cap=P: np.percentile (linear).
bins: pd.cut of rank(method="min") at numpy.linspace(1, n, bins + 1), right
edges included; Recency reversed."""
import json, sys
import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1], encoding="latin-1", dtype={"CustomerID": str, "InvoiceNo": str})
df = df.dropna(subset=["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"])
df["TotalAmount"] = df["Quantity"] * df["UnitPrice"]
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])

def rfm_of(d):
    snapshot = d["InvoiceDate"].max() + pd.Timedelta(days=1)
    return d.groupby("CustomerID").agg(
        Recency=("InvoiceDate", lambda x: (snapshot - x.max()).days),
        Frequency=("InvoiceNo", "nunique"), Monetary=("TotalAmount", "sum"))

def scores(rfm, bins):
    n = len(rfm)
    edges = np.linspace(1, n, bins + 1)
    out = {}
    for col in ["Recency", "Frequency", "Monetary"]:
        s = pd.cut(rfm[col].rank(method="min"), edges, labels=False, include_lowest=True) + 1
        if col == "Recency":
            s = bins + 1 - s
        out[col] = s.astype(int)
    return out

def on_five(s, bins):
    return np.floor(1 + (s - 1) * 4 / (bins - 1) + 0.5).astype(int)

GRID = [["New Customers", "Promising", "Potential Loyalist", "Champions", "Champions"],
        ["Promising", "Potential Loyalist", "Potential Loyalist", "Loyal Customers", "Champions"],
        ["About To Sleep", "Need Attention", "Need Attention", "Loyal Customers", "Loyal Customers"],
        ["Lost", "About To Sleep", "At Risk", "At Risk", "Can't Lose Them"],
        ["Lost", "Lost", "At Risk", "Can't Lose Them", "Can't Lose Them"]]

def segments(sc, bins):
    r5, f5, m5 = (on_five(sc[c], bins) for c in ["Recency", "Frequency", "Monetary"])
    fm = np.floor((f5 + m5) / 2 + 0.5).astype(int)
    return pd.Series([GRID[5 - r][x - 1] for r, x in zip(r5, fm)]).value_counts().to_dict()

res = {}
net = rfm_of(df)
for b in (3, 4, 5):
    sc = scores(net, b)
    res[f"bins{b}"] = {c: [int((sc[c] == k).sum()) for k in range(1, b + 1)] for c in sc}
    res[f"bins{b}"]["segments"] = segments(sc, b)
for p in (99, 95):
    res[f"cap{p}"] = {c: [float(np.percentile(net[c], p)), int((net[c] > np.percentile(net[c], p)).sum())]
                      for c in ["Frequency", "Monetary"]}
aside = net[net["Monetary"] <= 0]
res["aside_net"] = [int(len(aside)), float(aside["Monetary"].sum())]
inv = df["InvoiceNo"].astype(str).str.strip()
keep = ~inv.str.startswith("C") & ~(df["Quantity"] < 0) & ~(df["TotalAmount"] < 0)
ex = df[keep]
rx = rfm_of(ex)
res["exclude"] = {"rows_kept": int(len(ex)), "excluded_rows": int((~keep).sum()),
                  "customers": int(len(rx)), "frequency_sum": int(rx["Frequency"].sum()),
                  "monetary_sum": float(rx["Monetary"].sum()), "recency_sum": int(rx["Recency"].sum()),
                  "first": [rx.index[0], int(rx.iloc[0]["Recency"]), int(rx.iloc[0]["Frequency"]),
                            float(rx.iloc[0]["Monetary"])],
                  "aside": int((rx["Monetary"] <= 0).sum())}
print(json.dumps(res, indent=1))
