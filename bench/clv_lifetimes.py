#!/usr/bin/env python3
"""clv_lifetimes.py FILE: the lifetime value fit of SmartSeg done with lifetimes 0.11 on
the same invoice file, for bench/clv.sh: the positive lines, the per-customer summary
(summary_data_from_transaction_data, freq="D", observation end the latest line's day),
BetaGeoFitter, then GammaGammaFitter on frequency > 0, penalizer 0 (as the references of
the tests). Prints one line per stage as it ends ("stage seconds [not-converged]"),
flushed, so that a run stopped by a timeout still shows how far it got; then the
parameters (nan for a fit lifetimes refused: its BFGS may stop on "precision loss" at
a gradient of 1e-7 and raise ConvergenceError)."""
import contextlib
import io
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import ConvergenceError, summary_data_from_transaction_data


def stage(name, t0, note=""):
    print("%s %.3f%s" % (name, time.perf_counter() - t0, note), flush=True)
    return time.perf_counter()


t = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype={"CustomerID": str, "InvoiceNo": str})
df = df.dropna(subset=["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"])
df["ts"] = pd.to_datetime(df["InvoiceDate"], format="%m/%d/%y %H:%M")
df["Amount"] = df["Quantity"].astype(float) * df["UnitPrice"].astype(float)
end = df["ts"].max().normalize()
df = df[df["Amount"] > 0]
t = stage("read", t)
s = summary_data_from_transaction_data(df, "CustomerID", "ts", monetary_value_col="Amount",
                                       observation_period_end=end, freq="D")
t = stage("summary", t)
nan = float("nan")
bg = BetaGeoFitter(penalizer_coef=0.0)
note = ""
try:
    with contextlib.redirect_stdout(io.StringIO()):
        bg.fit(s["frequency"], s["recency"], s["T"])
    p = bg.params_
except ConvergenceError:
    p, note = {"r": nan, "alpha": nan, "a": nan, "b": nan}, " not-converged"
t = stage("bgnbd", t, note)
rep = s[s["frequency"] > 0]
gg = GammaGammaFitter(penalizer_coef=0.0)
note = ""
try:
    with contextlib.redirect_stdout(io.StringIO()):
        gg.fit(rep["frequency"], rep["monetary_value"])
    g = gg.params_
except ConvergenceError:
    g, note = {"p": nan, "q": nan, "v": nan}, " not-converged"
t = stage("gamma_gamma", t, note)
print("params %d %d %.6g %.6g %.6g %.6g %.6g %.6g %.6g" % (
    len(s), len(rep), p["r"], p["alpha"], p["a"], p["b"], g["p"], g["q"], g["v"]), flush=True)
