"""Peer figure for bench_ingest: pandas.read_csv on the same AMLworld file.

    /usr/bin/python3 bench/ingest_baseline.py FILE [MAX_ROWS]

Prints "rows seconds peak_rss_mb" on one line (read with the C engine, the
fastest pandas has; dtype inference as a user would get it)."""
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
nrows = int(sys.argv[2]) if len(sys.argv) > 2 and int(sys.argv[2]) > 0 else None
t0 = time.perf_counter()
df = pd.read_csv(path, nrows=nrows, engine="c")
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print(len(df), f"{dt:.3f}", f"{rss:.1f}")
