#!/usr/bin/env bash
# Max-flow value, minimum vertex cut (unit and weighted costs), disjoint
# route counts and exposure hop distances of `redflag network freeze-plan` /
# `exposure` against Debian's python3-networkx on random graphs.
#   bash test_flow_vs_networkx.sh <redflag-binary> <shared-data-dir>
set -euo pipefail
bin=$(realpath "$1")
py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c 'import networkx' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 with networkx not found (apt-get install python3-networkx)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" - "$bin" "$tmp" <<'PY'
import json, random, subprocess, sys, math
import networkx as nx

bin, tmp = sys.argv[1], sys.argv[2]
rng = random.Random(20261126)
INF = float("inf")
checked = {"flow": 0, "cut": 0, "wcut": 0, "nodecut": 0, "paths": 0, "hops": 0, "partial": 0}

def run(args):
    r = subprocess.run([bin] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("redflag failed (%d): %s\n%s" % (r.returncode, " ".join(args), r.stderr))
    return r

def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))

def split_cut(G, S, T, cost, allow):
    """Independent minimum vertex cut: networkx max-flow on a split graph."""
    H = nx.DiGraph()
    for v in G.nodes:
        c = cost.get(v, 1.0)
        if not allow and (v in S or v in T):
            H.add_edge((v, 0), (v, 1))  # no capacity attribute = infinite
        else:
            H.add_edge((v, 0), (v, 1), capacity=c)
    for u, v in G.edges:
        H.add_edge((u, 1), (v, 0))
    for s in S:
        H.add_edge("S", (s, 0))
    for t in T:
        H.add_edge((t, 1), "T")
    try:
        return nx.minimum_cut_value(H, "S", "T")
    except nx.NetworkXUnbounded:
        return INF

for trial in range(30):
    n = rng.randint(8, 160)
    m = rng.randint(n, 5 * n)
    dense = trial % 4 == 0
    acc = {}
    lines = []
    for _ in range(m):
        u, v = rng.randrange(n), rng.randrange(n)
        if dense and rng.random() < 0.5:  # clustered: more parallel edges
            v = (u + rng.randint(1, 3)) % n
        w = round(rng.uniform(0.5, 1000.0), 2)
        lines.append("a%d\ta%d\t%.2f" % (u, v, w))
        if u != v:  # self loops are dropped by redflag; parallel edges summed
            acc[(u, v)] = acc.get((u, v), 0.0) + w
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for (u, v), w in acc.items():
        G.add_edge(u, v, capacity=w)
    nodes = list(range(n))
    rng.shuffle(nodes)
    ks, kt = rng.randint(1, 4), rng.randint(1, 4)
    S, T = set(nodes[:ks]), set(nodes[ks:ks + kt])
    ef = "%s/g%d.tsv" % (tmp, trial)
    with open(ef, "w") as f:
        f.write("\n".join(lines) + "\n")
    sf, tf, cf = ef + ".src", ef + ".snk", ef + ".cost"
    with open(sf, "w") as f:
        f.write("account\n" + "".join("a%d\n" % s for s in S))
    with open(tf, "w") as f:
        f.write("".join("a%d\n" % t for t in T))
    cost = {v: float(rng.randint(1, 5)) for v in range(n)}
    with open(cf, "w") as f:
        f.write("account,cost\n" + "".join("a%d,%g\n" % (v, c) for v, c in cost.items()))
    # nodes that never appear in an edge are not in redflag's graph
    present = {int(x) for l in lines for x in (l.split("\t")[0][1:], l.split("\t")[1][1:])}
    if not (S & present) or not (T & present):
        continue
    S &= present
    T &= present
    base = ["network", "freeze-plan", "--input", ef, "--input-format", "edgelist",
            "--sources", sf, "--sinks", tf, "--quiet"]
    # --- amount max-flow, unit min cut, disjoint routes
    run(base + ["--out", ef + ".json"])
    p = json.load(open(ef + ".json"))
    H = G.copy()
    for s in S:
        H.add_edge("S", s)
    for t in T:
        H.add_edge(t, "T")
    want = nx.maximum_flow_value(H, "S", "T")
    got = p["max_flow"]
    if not close(got, want):
        sys.exit("trial %d: max flow %r, networkx %r" % (trial, got, want))
    checked["flow"] += 1
    wc = split_cut(G, S, T, {}, False)
    mc = p["min_cut"]
    if math.isinf(wc):
        if mc["finite"]:
            sys.exit("trial %d: redflag found a cut, networkx says none exists" % trial)
        checked["partial"] += 1
    else:
        if not mc["finite"] or not close(mc["cost"], wc) or mc["size"] != round(wc):
            sys.exit("trial %d: min cut %r, networkx %r" % (trial, mc, wc))
        if p["reroute"]["after_min_cut"]["flow"] != 0:
            sys.exit("trial %d: flow left after the min cut" % trial)
        checked["cut"] += 1
    U = nx.DiGraph()
    U.add_edges_from(G.edges, capacity=1)
    for s in S:
        U.add_edge("S", s)
    for t in T:
        U.add_edge(t, "T")
    ep = nx.maximum_flow_value(U, "S", "T")
    if p["reroute"]["before"]["edge_disjoint_paths"] != round(ep):
        sys.exit("trial %d: edge-disjoint routes %r, networkx %r"
                 % (trial, p["reroute"]["before"]["edge_disjoint_paths"], ep))
    checked["paths"] += 1
    # --- weighted costs
    run(base + ["--costs", cf, "--out", ef + ".w.json"])
    pw = json.load(open(ef + ".w.json"))
    wc = split_cut(G, S, T, cost, False)
    if not math.isinf(wc):
        if not close(pw["min_cut"]["cost"], wc):
            sys.exit("trial %d: weighted cut %r, networkx %r" % (trial, pw["min_cut"]["cost"], wc))
        checked["wcut"] += 1
    # --- endpoints may be frozen: networkx's own minimum_node_cut
    run(base + ["--allow-endpoints", "--out", ef + ".a.json"])
    pa = json.load(open(ef + ".a.json"))
    K = nx.DiGraph()
    K.add_nodes_from(G.nodes)
    K.add_edges_from(G.edges)
    for s in S:
        K.add_edge("S", s)
    for t in T:
        K.add_edge(t, "T")
    nc = len(nx.minimum_node_cut(K, "S", "T")) if nx.has_path(K, "S", "T") else 0
    if pa["min_cut"]["size"] != nc:
        sys.exit("trial %d: node cut size %r, networkx %r" % (trial, pa["min_cut"]["size"], nc))
    checked["nodecut"] += 1
    # --- exposure hops (directed) vs networkx BFS
    run(["network", "exposure", "--input", ef, "--input-format", "edgelist", "--seeds", sf,
         "--out", ef + ".exp.csv", "--quiet"])
    Gr = nx.DiGraph()
    Gr.add_nodes_from(present)
    Gr.add_edges_from(G.edges)
    Gr.add_edges_from(("SEED", s) for s in S)
    dfrom = nx.single_source_shortest_path_length(Gr, "SEED")
    Gt = G.reverse(copy=True).subgraph(present).copy()
    Gt.add_edges_from(("SEED", s) for s in S)
    dto = nx.single_source_shortest_path_length(Gt, "SEED")
    with open(ef + ".exp.csv") as f:
        next(f)
        for row in f:
            a, _, hf, ht, _, _ = row.strip().split(",")
            v = int(a[1:])
            want_f = str(dfrom[v] - 1) if v in dfrom else ""
            want_t = str(dto[v] - 1) if v in dto else ""
            if v in S:
                want_f = want_t = "0"
            if (hf, ht) != (want_f, want_t):
                sys.exit("trial %d: hops of %s = %s/%s, networkx %s/%s"
                         % (trial, a, hf, ht, want_f, want_t))
    checked["hops"] += 1

print("networkx %s agrees on: %s" % (nx.__version__, checked))
if checked["flow"] < 22 or checked["cut"] < 4 or checked["nodecut"] < 22:
    sys.exit("too few comparable cases: %s" % checked)
PY
