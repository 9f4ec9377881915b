#!/usr/bin/env python3
"""clv_reference.py: the lifetime value references of tests/unit/test-clv-oracle.c,
computed with lifetimes 0.11 (pandas, scipy, autograd) independently of SmartSeg.
Run by hand in a virtual environment (pip install lifetimes==0.11.3); its output
is committed as tests/data/clv_reference.csv.gz:

    python3 tests/tools/clv_reference.py tests/data/cdnow_sample.csv.gz \
        tests/data/online_retail.csv.gz | gzip -9n > tests/data/clv_reference.csv.gz

Per data set: the summary (lifetimes.utils.summary_data_from_transaction_data,
freq="D", on the lines with a positive amount, observation end 1997-09-30 for
CDNOW, the latest line's day for Online Retail), BetaGeoFitter and
GammaGammaFitter (on frequency > 0) with lifetimes' defaults, the
log-likelihoods at their estimates in days, and per customer P(alive), the
expected purchases over 90 and 365 days, the expected value and the CLV over
90 and 360 days undiscounted and over 360 days at 10% a year (lifetimes'
monthly rate (1.1)^(30/365) - 1, its 30-day months). Then the CDNOW backtest:
calibration to 1997-09-30, holdout to 1998-06-30, cumulative repeat purchases
by week, predicted against actual.
"""
import sys

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data


def cdnow(path):
    df = pd.read_csv(path, dtype={"CustomerID": str})
    df["ts"] = pd.to_datetime(df["InvoiceDate"])
    df = df[df["Amount"] > 0]
    return df[["CustomerID", "ts", "Amount"]]


def retail(path):
    df = pd.read_csv(path, dtype={"CustomerID": str, "InvoiceNo": str})
    df = df.dropna(subset=["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"])
    df["CustomerID"] = df["CustomerID"].str.strip().str.replace(r"^(\d+)\.0*$", r"\1", regex=True)
    df["ts"] = pd.to_datetime(df["InvoiceDate"], format="%m/%d/%y %H:%M")
    end = df["ts"].max().normalize()
    df["Amount"] = df["Quantity"].astype(float) * df["UnitPrice"].astype(float)
    df = df[df["Amount"] > 0]
    return df[["CustomerID", "ts", "Amount"]], end


def fit_and_print(name, df, end, fixed=None):
    s = summary_data_from_transaction_data(df, "CustomerID", "ts", monetary_value_col="Amount",
                                           observation_period_end=end, freq="D")
    s = s.sort_index()
    bgf = BetaGeoFitter(penalizer_coef=0.0)
    if fixed is None:
        bgf.fit(s["frequency"], s["recency"], s["T"])
    else:
        bgf.params_ = pd.Series(dict(zip(("r", "alpha", "a", "b"), fixed)))
        bgf.predict = bgf.conditional_expected_number_of_purchases_up_to_time
    r, al, a, b = (bgf.params_[k] for k in ("r", "alpha", "a", "b"))
    w = np.ones(len(s))
    ll = -BetaGeoFitter._negative_log_likelihood(np.log([r, al, a, b]), s["frequency"].values,
                                                 s["recency"].values, s["T"].values, w, 0.0) * len(s)
    rep = s[s["frequency"] > 0]
    ggf = GammaGammaFitter(penalizer_coef=0.0)
    ggf.fit(rep["frequency"], rep["monetary_value"])
    p, q, v = (ggf.params_[k] for k in ("p", "q", "v"))
    llg = -GammaGammaFitter._negative_log_likelihood(np.log([p, q, v]), rep["frequency"].values,
                                                     rep["monetary_value"].values,
                                                     np.ones(len(rep)), 0.0) * len(rep)
    corr = np.corrcoef(rep["frequency"], rep["monetary_value"])[0, 1]
    r, al, a, b, ll, p, q, v, llg, corr = map(float, (r, al, a, b, ll, p, q, v, llg, corr))
    print(f"#bgnbd,{name},{r!r},{al!r},{a!r},{b!r},{ll!r},{len(s)},{int(fixed is None)}")
    print(f"#gg,{name},{p!r},{q!r},{v!r},{llg!r},{len(rep)},{corr!r}")
    f, rc, T, m = s["frequency"], s["recency"], s["T"], s["monetary_value"]
    pa = bgf.conditional_probability_alive(f, rc, T)
    e90 = bgf.conditional_expected_number_of_purchases_up_to_time(90, f, rc, T)
    e365 = bgf.conditional_expected_number_of_purchases_up_to_time(365, f, rc, T)
    ev = ggf.conditional_expected_average_profit(f, m)
    c90 = ggf.customer_lifetime_value(bgf, f, rc, T, m, time=3, discount_rate=0.0, freq="D")
    c360 = ggf.customer_lifetime_value(bgf, f, rc, T, m, time=12, discount_rate=0.0, freq="D")
    monthly = 1.1 ** (30 / 365) - 1
    c360d = ggf.customer_lifetime_value(bgf, f, rc, T, m, time=12, discount_rate=monthly, freq="D")
    print("dataset,CustomerID,x,t_x,T,m,p_alive,e90,e365,value,clv90,clv360,clv360d")
    for i, cid in enumerate(s.index):
        print(f"{name},{cid},{int(f.iloc[i])},{int(rc.iloc[i])},{int(T.iloc[i])},{float(m.iloc[i])!r},"
              f"{float(pa[i])!r},{float(e90.iloc[i])!r},{float(e365.iloc[i])!r},{float(ev.iloc[i])!r},"
              f"{float(c90.iloc[i])!r},{float(c360.iloc[i])!r},{float(c360d.iloc[i])!r}")
    return (r, al, a, b)


def backtest(df):
    ch = calibration_and_holdout_data(df, "CustomerID", "ts", calibration_period_end="1997-09-30",
                                      monetary_value_col="Amount",
                                      observation_period_end="1998-06-30", freq="D")
    bgf = BetaGeoFitter(penalizer_coef=0.0)
    bgf.fit(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    dur = ch["duration_holdout"].iloc[0]
    pred = bgf.conditional_expected_number_of_purchases_up_to_time(
        dur, ch["frequency_cal"], ch["recency_cal"], ch["T_cal"]).sum()
    print(f"#backtest,cdnow,{len(ch)},{int(dur)},{float(pred)!r},{int(ch['frequency_holdout'].sum())}")
    # weekly: predicted cumulative repeat purchases to day 7w of the holdout
    weeks = []
    for wk in range(1, int(np.ceil(dur / 7)) + 1):
        t = min(7 * wk, dur)
        weeks.append(repr(float(bgf.conditional_expected_number_of_purchases_up_to_time(
            t, ch["frequency_cal"], ch["recency_cal"], ch["T_cal"]).sum())))
    print("#weeks,cdnow," + ",".join(weeks))


def main():
    cd = cdnow(sys.argv[1])
    bgf = fit_and_print("cdnow", cd[cd["ts"] <= "1997-09-30"], pd.Timestamp("1997-09-30"))
    rt, end = retail(sys.argv[2])
    # its BG/NBD likelihood has its maximum on the boundary (a -> 0: nobody
    # seen to drop out in seven months): lifetimes raises ConvergenceError
    # and SmartSeg reports converged false. The per-customer functions and
    # the log-likelihood are compared at CDNOW's parameters instead; the
    # Gamma-Gamma model is fitted
    fit_and_print("retail", rt, end, bgf)
    backtest(cd)


if __name__ == "__main__":
    main()
