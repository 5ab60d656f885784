#!/bin/bash
# Betweenness, weak components and global efficiency of redflag against
# Debian's python3-networkx on random graphs (undirected/directed,
# unweighted/weighted, connected and not). Skips (exit 0) when
# /usr/bin/python3 lacks networkx.
# usage: test_vs_networkx.sh <redflag> <shared-data-dir>
set -u
RF=$1
PY=/usr/bin/python3
if ! [ -x $PY ] || ! $PY -c 'import networkx' 2>/dev/null; then
  echo "SKIP: $PY with networkx not available (apt-get install python3-networkx)"
  exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
run() { # name n m directed weighted seed
  local name=$1 n=$2 m=$3 dir=$4 w=$5 seed=$6
  $PY - "$T/$name" $n $m $dir $w $seed <<'PYEOF' || return 1
import sys, random, networkx as nx
path, n, m, d, w, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
G = nx.gnm_random_graph(n, m, seed=seed, directed=bool(d))
G.remove_nodes_from([v for v in list(G) if G.degree(v) == 0])  # edge lists cannot carry isolated nodes
rnd = random.Random(seed)
with open(path + ".txt", "w") as f:
    for u, v in G.edges():
        G[u][v]["weight"] = rnd.randint(1, 5) if w else 1
        f.write(f"{u}\t{v}\t{G[u][v]['weight']}\n")
bc = nx.betweenness_centrality(G, weight="weight" if w else None)
ncomp = nx.number_weakly_connected_components(G) if d else nx.number_connected_components(G)
eff = nx.global_efficiency(G) if not d else None
with open(path + ".nx", "w") as f:
    f.write(f"{G.number_of_nodes()} {G.number_of_edges()} {ncomp} {eff}\n")
    for v in G:
        f.write(f"{v} {bc[v]!r}\n")
PYEOF
  local flags=
  [ $dir = 1 ] && flags="$flags --directed"
  [ $w = 1 ] && flags="$flags --weighted"
  "$RF" network build --input "$T/$name.txt" --input-format edgelist $flags \
    --metrics "$T/$name.csv" --efficiency > "$T/$name.out" || { echo "FAIL $name: redflag exit"; return 1; }
  $PY - "$T/$name" <<'PYEOF'
import sys, csv, re
p = sys.argv[1]
lines = open(p + ".nx").read().split("\n")
n, m, ncomp, eff = lines[0].split()
ref = {a: float(b) for a, b in (l.split() for l in lines[1:] if l)}
ours = {r["node"]: r for r in csv.DictReader(open(p + ".csv"))}
out = open(p + ".out").read()
bad = []
if len(ours) != int(n): bad.append(f"nodes {len(ours)} != {n}")
comps = len({r["component"] for r in ours.values()})
if comps != int(ncomp): bad.append(f"components {comps} != {ncomp}")
mx = 0.0
for v, b in ref.items():
    d = abs(float(ours[v]["betweenness"]) - b)
    mx = max(mx, d)
    if d > 1e-9 * max(1.0, abs(b)): bad.append(f"betweenness {v}: {ours[v]['betweenness']} != {b!r}")
e_ours = float(re.search(r"efficiency: (\S+)", out).group(1))
ediff = abs(e_ours - float(eff)) if eff != "None" else 0.0
if ediff > 1e-10: bad.append(f"efficiency {e_ours!r} != {eff}")
name = p.rsplit("/", 1)[1]
print(f"{name}: n={n} m={m} components={ncomp} max|dbc|={mx:.2e} |deff|={ediff:.2e}" + (" FAIL " + "; ".join(bad[:5]) if bad else " ok"))
sys.exit(1 if bad else 0)
PYEOF
}
run und_unw 300 600 0 0 1 || fail=1
run und_w 300 700 0 1 2 || fail=1
run dir_unw 250 900 1 0 3 || fail=1
run dir_w 250 900 1 1 4 || fail=1
run sparse_split 400 300 0 0 5 || fail=1
run sparse_split_w 400 320 0 1 6 || fail=1
exit $fail
