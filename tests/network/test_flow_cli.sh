#!/usr/bin/env bash
# CLI behaviour of network exposure / communities / freeze-plan, including
# bad input: unknown seed ids (file:line), no match, empty graph, sources ==
# sinks, bad costs, usage errors; outputs: CSV/JSON/SVG shapes.
#   bash test_flow_cli.sh <redflag-binary> <shared-data-dir>
set -uo pipefail
bin=$(realpath "$1")
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check "name" expected_rc actual_rc
  if [ "$2" != "$3" ]; then echo "FAIL: $1: exit $3, expected $2"; fail=1; fi
}
has() { # has "name" file pattern
  if ! grep -q -- "$3" "$2"; then echo "FAIL: $1: '$3' not in $2:"; head -5 "$2"; fail=1; fi
}
cd "$tmp"
cat > g.tsv <<'G'
P1	L1	100
P2	L1	100
L1	K	150
L1	M	50
K	B1	150
M	B1	60
H	x1	5
x1	H	5
H	P1	1
G
printf 'account,name\nP1,placement\nP2,placement\n' > src.csv
printf 'B1\n' > snk.txt

# exposure: unknown ids are reported with file and line, not fatal
printf 'P1\nNOPE\n\nL1\n' > seeds.txt
"$bin" network exposure --input g.tsv --seeds seeds.txt --out e.csv 2> err.txt > out.txt
check "exposure" 0 $?
has "exposure unknown id" err.txt "seeds.txt:2: unknown account 'NOPE'"
has "exposure header" e.csv "^account,is_seed,hops_from_seed,hops_to_seed,exposure_in,exposure_out$"
has "exposure seed row" e.csv "^L1,1,0,0,1,1$"
has "exposure summary" out.txt "seeds:    2 matched of 3 listed (1 unknown"
"$bin" network exposure --input g.tsv --seeds seeds.txt --max-hops 1 --out e.json --quiet 2> /dev/null
check "exposure json" 0 $?
has "exposure json" e.json '"account":"K","seed":false,"hops_from_seed":1'
printf 'X\nY\n' > none.txt
"$bin" network exposure --input g.tsv --seeds none.txt > /dev/null 2> err.txt
check "exposure no match" 1 $?
has "exposure no match msg" err.txt "none.txt: none of the 2 account ids is in the graph (first: none.txt:1: 'X')"
: > empty.txt
"$bin" network exposure --input g.tsv --seeds empty.txt > /dev/null 2> err.txt
check "exposure empty seeds" 1 $?
"$bin" network exposure --input g.tsv > /dev/null 2>&1
check "exposure usage" 2 $?
"$bin" network exposure --input g.tsv --seeds seeds.txt --damping 2 > /dev/null 2>&1
check "exposure bad damping" 2 $?
"$bin" network exposure --input missing.tsv --seeds seeds.txt > /dev/null 2> err.txt
check "exposure missing input" 1 $?

# empty graph
: > empty.tsv
"$bin" network exposure --input empty.tsv --input-format edgelist --seeds seeds.txt > /dev/null 2> err.txt
check "empty graph" 1 $?

# communities
"$bin" network communities --input g.tsv --out c.json > out.txt
check "communities" 0 $?
has "communities json" c.json '"communities":\['
has "communities summary" out.txt "modularity"
"$bin" network communities --input g.tsv --method leiden --out c.csv --quiet
check "communities csv" 0 $?
has "communities csv header" c.csv "^community,rank,account,role,score,in_flow,out_flow,betweenness$"
[ "$(wc -l < c.csv)" -eq 9 ] || { echo "FAIL: communities csv rows"; fail=1; }
"$bin" network communities --input g.tsv --method kmeans > /dev/null 2>&1
check "communities bad method" 2 $?

# freeze plan
"$bin" network freeze-plan --input g.tsv --sources src.csv --sinks snk.txt --budget 1 \
  --compare --steps 3 --out plan.json --curve curve.csv --svg plot.svg > out.txt 2> err.txt
check "freeze-plan" 0 $?
has "plan cut" plan.json '"min_cut":{"finite":true,"cost":1,"unavoidable_links":0,"size":1,"accounts":\[{"account":"L1"'
has "plan max flow" plan.json '"max_flow":200'
has "curve header" curve.csv "^strategy,removed,account,residual_flow,residual_fraction,lcc_fraction,components,edge_paths$"
has "curve mincut" curve.csv "^mincut,1,L1,0,0.000000"
has "svg" plot.svg "<svg"
has "svg legend" plot.svg "mincut"
[ "$(wc -l < curve.csv)" -eq 21 ] || { echo "FAIL: curve rows"; fail=1; }
"$bin" network freeze-plan --input g.tsv --source-list P1 --sink-list P1 > /dev/null 2> err.txt
check "sources == sinks" 1 $?
has "sources == sinks msg" err.txt "both a source and a sink"
"$bin" network freeze-plan --input g.tsv --source-list P1,ZZ --sink-list B1 --quiet --out - > p.json 2> err.txt
check "source list with unknown" 0 $?
has "source list unknown" err.txt "\-\-source-list:2: unknown account 'ZZ'"
printf 'account,cost\nL1,0\n' > bad_cost.csv
"$bin" network freeze-plan --input g.tsv --sources src.csv --sinks snk.txt --costs bad_cost.csv > /dev/null 2> err.txt
check "zero cost" 1 $?
has "zero cost msg" err.txt "bad_cost.csv:2: field cost"
printf 'account,cost\nL1,inf\n' > inf_cost.csv
"$bin" network freeze-plan --input g.tsv --sources src.csv --sinks snk.txt --costs inf_cost.csv --out p2.json --quiet
check "inf cost" 0 $?
has "inf cost cut" p2.json '"size":2,"accounts":\[{"account":"K"'
"$bin" network freeze-plan --input g.tsv --sources src.csv > /dev/null 2>&1
check "freeze usage" 2 $?
"$bin" network freeze-plan --input g.tsv --sources src.csv --sinks snk.txt --budget x > /dev/null 2>&1
check "freeze bad budget" 2 $?

# a real criminal network from the shared data (directed matrix)
caviar="$data/networks/macdonald_criminal_networks/morselli_caviar.csv"
if [ -f "$caviar" ]; then
  "$bin" network freeze-plan --input "$caviar" --source-list 1,3 --sink-list 76,84,86 \
    --budget 2 --out cav.json --quiet
  check "caviar" 0 $?
  has "caviar partial cut" cav.json '"finite":false'
fi
exit $fail
