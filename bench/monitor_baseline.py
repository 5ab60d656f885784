#!/usr/bin/python3
"""Peer baseline for bench_monitor: the fan-in, fan-out and temporal-cycle
detectors of redflag monitor written with pandas + networkx, run on an
AMLworld-format CSV slice. Same rules and defaults as the C detectors:

  fan-in / fan-out : >= 8 distinct counterparties within a 7-day window ending
                     at each transaction (account = receiver / sender)
  cycle            : a new edge a->b closes b -> ... -> a -> b with 3..6 hops,
                     strictly increasing times, all within 10 days, each hop's
                     amount within 0.5x..2x of the previous hop

Prints one line:  baseline: rows=N seconds=S fan_in=X fan_out=Y cycle=Z
(X, Y, Z = accounts that fired; run with Debian's /usr/bin/python3).
"""
import sys
import time

import networkx as nx
import pandas as pd

WINDOW_FAN = 7 * 86400
MIN_DEGREE = 8
WINDOW_CYCLE = 10 * 86400
MIN_HOPS, MAX_HOPS = 3, 6
RATIO = 0.5


def load(path):
    df = pd.read_csv(path, dtype={"Account": str, "Account.1": str, "From Bank": str,
                                  "To Bank": str})
    df["t"] = pd.to_datetime(df["Timestamp"], format="%Y/%m/%d %H:%M").astype("int64") // 10**9
    df = df.rename(columns={"Account": "src", "Account.1": "dst", "Amount Paid": "amount"})
    df = df[df["src"] != df["dst"]]  # transfers between an account's own positions are skipped
    return df.sort_values("t", kind="stable").reset_index(drop=True)


def fan(df, key, other):
    fired = set()
    for acct, g in df.groupby(key, sort=False):
        if len(g) < MIN_DEGREE:
            continue
        times = g["t"].to_numpy()
        peers = g[other].to_numpy()
        lo = 0
        for i in range(len(g)):
            while times[lo] < times[i] - WINDOW_FAN:
                lo += 1
            if i - lo + 1 >= MIN_DEGREE and len(set(peers[lo:i + 1])) >= MIN_DEGREE:
                fired.add(acct)
                break
    return fired


def cycles(df):
    g = nx.MultiDiGraph()
    fired = set()
    for row in df.itertuples(index=False):
        a, b, t, amt = row.src, row.dst, row.t, row.amount
        if a != b and g.has_node(b) and g.has_node(a) and g.out_degree(b) > 0:
            # paths b -> ... -> a of 2..MAX_HOPS-1 edges, then check times/amounts
            for path in nx.all_simple_paths(g, b, a, cutoff=MAX_HOPS - 1):
                if len(path) < MIN_HOPS:
                    continue
                if temporal_ok(g, path, t, amt):
                    fired.update(path)
                    break
        g.add_edge(a, b, t=t, amount=amt)
    return fired


def temporal_ok(g, path, t_close, amt_close):
    # walk backwards from the closing edge choosing the latest feasible edge per hop
    before, next_amt = t_close + 1, amt_close
    for u, v in reversed(list(zip(path, path[1:]))):
        best = None
        for d in g.get_edge_data(u, v).values():
            if d["t"] < before and d["t"] >= t_close - WINDOW_CYCLE and d["amount"] > 0:
                q = next_amt / d["amount"]
                if RATIO <= q <= 1 / RATIO and (best is None or d["t"] > best["t"]):
                    best = d
        if best is None:
            return False
        before, next_amt = best["t"], best["amount"]
    return True


def main():
    path = sys.argv[1]
    t0 = time.perf_counter()
    df = load(path)
    fi = fan(df, "dst", "src")
    fo = fan(df, "src", "dst")
    cy = cycles(df)
    secs = time.perf_counter() - t0
    print(f"baseline: rows={len(df)} seconds={secs:.3f} fan_in={len(fi)} fan_out={len(fo)} "
          f"cycle={len(cy)}")


if __name__ == "__main__":
    main()
