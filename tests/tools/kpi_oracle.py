#!/usr/bin/python3
"""Independent pandas computation of the per-segment KPIs on the test data, for
tests/unit/test-kpi-oracle.c (run once; its output is committed there).

  kpi_oracle.py tests/data/online_retail.csv.gz tests/data/online_retail_rfm_k3.csv.gz

From the raw invoice lines (as bench/seed_pipeline.py reads them): per customer Orders =
distinct InvoiceNo, Revenue = sum of Quantity x UnitPrice, Recency in days to the day after
the latest purchase. Groups: the scikit-learn k=3 clusters of the oracle file, and the ten
RFM segments from the quintile scores as lib/model/rfm_score.c defines them: pd.cut of
rank(method="min") at numpy.linspace(1, n, 6), right edges included. Per group: customers,
orders, revenue, shares, AOV = revenue / orders, mean and median R, F, M.
Needs Debian's python3-pandas."""
import sys
import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1], encoding="latin-1", dtype={"CustomerID": str, "InvoiceNo": str})
df = df.dropna(subset=["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"])
df["TotalAmount"] = df["Quantity"] * df["UnitPrice"]
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
snapshot = df["InvoiceDate"].max() + pd.Timedelta(days=1)
c = df.groupby("CustomerID").agg(Recency=("InvoiceDate", lambda x: (snapshot - x.max()).days),
                                  Frequency=("InvoiceNo", "nunique"),
                                  Monetary=("TotalAmount", "sum"))
k3 = pd.read_csv(sys.argv[2], dtype={"CustomerID": str}).set_index("CustomerID")
c["Cluster"] = k3["Cluster"]
assert c["Cluster"].notna().all()

def q(s):
    return (pd.cut(s.rank(method="min"), np.linspace(1, len(s), 6), labels=False,
                   include_lowest=True) + 1).astype(int)
r = 6 - q(c["Recency"]); f = q(c["Frequency"]); m = q(c["Monetary"])
fm = np.floor((f + m) / 2 + 0.5).astype(int)
grid = {5: ["New Customers", "Promising", "Potential Loyalist", "Champions", "Champions"],
        4: ["Promising", "Potential Loyalist", "Potential Loyalist", "Loyal Customers", "Champions"],
        3: ["About To Sleep", "Need Attention", "Need Attention", "Loyal Customers", "Loyal Customers"],
        2: ["Lost", "About To Sleep", "At Risk", "At Risk", "Can't Lose Them"],
        1: ["Lost", "Lost", "At Risk", "Can't Lose Them", "Can't Lose Them"]}
c["Segment"] = [grid[a][b - 1] for a, b in zip(r, fm)]
names = ["Champions", "Loyal Customers", "Potential Loyalist", "New Customers", "Promising",
         "Need Attention", "About To Sleep", "At Risk", "Can't Lose Them", "Lost"]
N, REV = len(c), c["Monetary"].sum()

def row(label, g):
    n, o, rev = len(g), int(g["Frequency"].sum()), float(g["Monetary"].sum())
    return ('\t{ %-20s %5d, %6d, %.6f, %.9f, %.9f, %.6f, %.4f, %.4f, %.4f, %.4f, %.4f, %.6f },'
            % ('"%s",' % label.replace("'", "'"), n, o, rev, n / N, rev / REV, rev / o,
               g["Recency"].mean(), g["Frequency"].mean(), g["Monetary"].mean(),
               g["Recency"].median(), g["Frequency"].median(), g["Monetary"].median()))

print("/* name, customers, orders, revenue, customer share, revenue share, AOV,")
print(" * mean R, F, M, median R, F, M */")
print(row("base", c))
for k in range(3):
    g = c[c["Cluster"] == k]
    print(row("cluster %d" % k, g))
for s in names:
    print(row(s, c[c["Segment"] == s]))
