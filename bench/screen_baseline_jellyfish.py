#!/usr/bin/python3
"""Brute-force screening baseline: for each query, score every SDN +
consolidated name (primary and aliases) with jellyfish's Jaro-Winkler and
keep those >= 0.80. Runs a sample of the negatives_us queries and
extrapolates names/s (the per-query cost is independent of the query).
Prints one line with names_per_s=... for bench_screen to pick up."""
import argparse
import csv
import os
import time
import warnings

import jellyfish

warnings.filterwarnings("ignore", category=DeprecationWarning)


def read_names(path, name_col, prim=True):
    out = []
    with open(path, encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) > name_col and row[name_col].strip() not in ("", "-0-"):
                out.append(row[name_col].strip().upper())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--threshold", type=float, default=0.80)
    a = ap.parse_args()
    w = os.path.join(a.data, "ofac", "watchman")
    names = []
    names += read_names(os.path.join(w, "sdn_2021-07", "sdn.csv"), 1)
    names += read_names(os.path.join(w, "sdn_2021-07", "alt.csv"), 3)
    names += read_names(os.path.join(w, "cons_2025-12", "cons_prim.csv"), 1)
    names += read_names(os.path.join(w, "cons_2025-12", "cons_alt.csv"), 3)
    neg = os.path.join(a.data, "opensanctions", "yente", "candidate_generation_benchmark",
                       "negatives_us.csv")
    with open(neg, encoding="utf-8", newline="") as fh:
        r = csv.DictReader(fh)
        queries = [row["full_name"].upper() for row in r]
    step = max(1, len(queries) // a.sample)
    sample = queries[::step][: a.sample]
    jw = jellyfish.jaro_winkler_similarity
    hits = 0
    t0 = time.perf_counter()
    for q in sample:
        best = [n for n in names if jw(q, n) >= a.threshold]
        hits += bool(best)
    dt = time.perf_counter() - t0
    print("jellyfish brute force: %d queries x %d list names in %.2f s = names_per_s=%.2f "
          "(%d queries with a hit; 50,000 names would take %.0f s)"
          % (len(sample), len(names), dt, len(sample) / dt, hits, 50000 * dt / len(sample)))


if __name__ == "__main__":
    main()
