#!/usr/bin/python3
"""networkx baseline for bench_network: time betweenness_centrality on k
sampled sources of an edge-list graph (the same Brandes work per source as an
exact run, which networkx cannot finish on 100,000 nodes in reasonable time).

usage: /usr/bin/python3 bench/network_baseline.py EDGES.txt K
prints "NX_SECONDS <seconds for k sources>" plus context lines.
"""
import sys
import time

import networkx as nx

path, k = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
G = nx.read_edgelist(path, nodetype=int)
print(f"networkx {nx.__version__}: read {G.number_of_nodes()} nodes, "
      f"{G.number_of_edges()} edges in {time.perf_counter() - t0:.1f}s")
nodes = sorted(G)
n = len(nodes)
sources = [nodes[i * n // k] for i in range(k)]  # same sources as redflag's run
# betweenness_centrality(k=...) draws its own sample; the per-source work is
# identical, so time the documented public call with an explicit sample size.
t0 = time.perf_counter()
bc = nx.betweenness_centrality(G, k=k, seed=1)
dt = time.perf_counter() - t0
print(f"NX_SECONDS {dt:.3f}")
