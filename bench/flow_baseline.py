#!/usr/bin/python3
"""networkx baseline for bench/bench_flow.c: maximum flow (amount capacities)
and minimum vertex cut (split-node graph) from a set of sources to a set of
sinks on an edge list "u v w" (parallel edges summed, self loops dropped, as
redflag does). Prints one JSON object. Run with Debian's /usr/bin/python3.

  flow_baseline.py EDGES SOURCES SINKS [--no-cut]
"""
import json
import resource
import sys
import time

import networkx as nx


def main():
    edges, srcf, snkf = sys.argv[1:4]
    do_cut = "--no-cut" not in sys.argv
    t0 = time.perf_counter()
    acc = {}
    with open(edges) as f:
        for line in f:
            u, v, w = line.split()
            if u == v:
                continue
            acc[(u, v)] = acc.get((u, v), 0.0) + float(w)
    G = nx.DiGraph()
    for (u, v), w in acc.items():
        G.add_edge(u, v, capacity=w)
    S = [l.strip() for l in open(srcf) if l.strip()]
    T = [l.strip() for l in open(snkf) if l.strip()]
    for s in S:
        G.add_edge("__S__", s)  # no capacity attribute: infinite
    for t in T:
        G.add_edge(t, "__T__")
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    value = nx.maximum_flow_value(G, "__S__", "__T__")  # default: preflow_push
    t_flow = time.perf_counter() - t0
    out = {"networkx": nx.__version__, "nodes": G.number_of_nodes() - 2,
           "arcs": len(acc), "load_s": t_load, "flow_s": t_flow, "flow": value}
    if do_cut:
        t0 = time.perf_counter()
        H = nx.DiGraph()
        ends = set(S) | set(T)
        for v in G.nodes:
            if v in ("__S__", "__T__"):
                continue
            if v in ends:
                H.add_edge((v, 0), (v, 1))
            else:
                H.add_edge((v, 0), (v, 1), capacity=1.0)
        for u, v in acc:
            H.add_edge((u, 1), (v, 0))
        for s in S:
            H.add_edge("__S__", (s, 0))
        for t in T:
            H.add_edge((t, 1), "__T__")
        try:
            cut = nx.minimum_cut_value(H, "__S__", "__T__")
        except nx.NetworkXUnbounded:
            cut = None
        out["cut_s"] = time.perf_counter() - t0
        out["cut"] = cut
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps(out))


if __name__ == "__main__":
    main()
