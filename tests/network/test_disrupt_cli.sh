#!/bin/bash
# redflag network build / disrupt from the command line: output form, several
# strategies + SVG, bad input with file:line messages, exit codes.
# usage: test_disrupt_cli.sh <redflag> <shared-data-dir>
set -u
RF=$1
DATA=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
MEET=$DATA/networks/cavallaro_montagna/Montagna_meetings_edgelist.csv

# exact CSV form, first row 0,1.0
"$RF" network disrupt --input "$MEET" --strategy betweenness --mode block --out "$T/c.csv" --quiet ||
  bad "disrupt exit code"
[ "$(head -1 "$T/c.csv")" = "removed,lcc_fraction,components,efficiency" ] && ok header || bad header
sed -n 2p "$T/c.csv" | grep -q '^0,1\.0,5,0\.[0-9]' && ok "first row" || bad "first row: $(sed -n 2p "$T/c.csv")"
# block of 5% of 101 nodes = 5
sed -n 3p "$T/c.csv" | grep -q '^5,' && ok "block size 5" || bad "block size: $(sed -n 3p "$T/c.csv")"
[ "$(tail -1 "$T/c.csv" | cut -d, -f1-3)" = "101,0.0,0" ] && ok "runs to empty" || bad "last row $(tail -1 "$T/c.csv")"

# several strategies: one CSV each + one SVG with a line per strategy
"$RF" network disrupt --input "$MEET" --strategy all --mode sequential --seed 5 \
  --out "$T/s.csv" --svg "$T/s.svg" --order "$T/order.csv" > "$T/out.txt" || bad "all strategies"
for s in degree betweenness katz ci random; do
  [ -s "$T/s-$s.csv" ] || bad "missing s-$s.csv"
  [ "$(wc -l < "$T/s-$s.csv")" = 103 ] || bad "s-$s.csv rows $(wc -l < "$T/s-$s.csv")"
done
[ "$(grep -c '<path' "$T/s.svg")" = 5 ] && ok "svg: 5 lines" || bad "svg lines"
grep -q '</svg>' "$T/s.svg" && grep -q 'betweenness</text>' "$T/s.svg" && ok "svg legend" || bad "svg legend"
[ "$(grep -c '^random,' "$T/order.csv")" = 101 ] && ok "order file" || bad "order file"
# random is reproducible by seed
"$RF" network disrupt --input "$MEET" --strategy random --seed 5 --out "$T/r.csv" --quiet
cmp -s "$T/r.csv" "$T/s-random.csv" && ok "seeded random" || bad "seeded random differs"

# matrix input, 2-mode projection note, build summary and exports
"$RF" network build --input "$DATA/networks/macdonald_criminal_networks/NDRANGHETAMAFIA_2M.csv" \
  --out "$T/nd.json" > "$T/nd.txt" 2> "$T/nd.err" || bad "build 2-mode"
grep -q '156 nodes' "$T/nd.txt" && ok "2-mode projected onto 156 people" || bad "2-mode: $(cat "$T/nd.txt")"
grep -q '2-mode matrix' "$T/nd.err" && ok "2-mode note" || bad "2-mode note"
grep -q '"directed":false' "$T/nd.json" && ok "json export" || bad "json export"
"$RF" network build --input "$MEET" --out "$T/m.csv" --quiet
[ "$(head -1 "$T/m.csv")" = "source,target,weight,count,first_time,last_time" ] &&
  [ "$(wc -l < "$T/m.csv")" = 257 ] && ok "csv export: 256 edges" || bad "csv export"

# bad input: ragged matrix and bad weights name file and line, no crash
printf ',a,b,c\na,0,1,1\nb,1,0\nc,1,1,0\n' > "$T/ragged.csv"
"$RF" network build --input "$T/ragged.csv" --input-format matrix > "$T/rg.txt" 2> "$T/rg.err"
[ $? = 0 ] && grep -q "ragged.csv:3: ragged matrix row 'b'" "$T/rg.err" && ok "ragged row message" ||
  bad "ragged: $(cat "$T/rg.err")"
grep -q '1 rejected' "$T/rg.txt" && ok "ragged counted" || bad "ragged count"
printf 'x y 1\ny z 0\nz x -2\nx x 3\nx y 4\n' > "$T/w.txt"
"$RF" network build --input "$T/w.txt" --weighted > "$T/w.out" 2> "$T/w.err"
grep -q 'w.txt:2: field weight: 0 is not positive' "$T/w.err" && ok "zero weight message" || bad "zero weight"
grep -q '5 read, 3 edges, 2 rejected' "$T/w.out" && grep -q '1 self loops' "$T/w.out" &&
  grep -q '1 duplicates' "$T/w.out" && ok "weight accounting" || bad "accounting: $(cat "$T/w.out")"
# empty input: one row
: > "$T/empty.txt"
"$RF" network disrupt --input "$T/empty.txt" --strategy degree --out "$T/e.csv" --quiet &&
  [ "$(cat "$T/e.csv" | wc -l)" = 2 ] && sed -n 2p "$T/e.csv" | grep -q '^0,1\.0,0,' &&
  ok "empty graph" || bad "empty graph: $(cat "$T/e.csv")"
# usage errors exit 2, runtime errors exit 1
"$RF" network disrupt --input "$MEET" --strategy pagerank --out "$T/x.csv" 2> /dev/null
[ $? = 2 ] && ok "unknown strategy -> 2" || bad "unknown strategy exit"
"$RF" network disrupt --input "$T/nope.txt" --strategy degree --out "$T/x.csv" 2> "$T/nope.err"
[ $? = 1 ] && grep -q 'nope.txt' "$T/nope.err" && ok "missing file -> 1" || bad "missing file"
"$RF" network disrupt --input "$MEET" --strategy degree --mode block --block-fraction 2 --out "$T/x.csv" 2> /dev/null
[ $? = 2 ] && ok "bad block fraction -> 2" || bad "bad block fraction"
# R data: igraph objects in an .rda (fixtures of tests/graph/make_rda.R)
RDA=$(dirname "$0")/../graph/data/two_named.rda
"$RF" network build --input "$RDA" > "$T/r.out" 2> "$T/r.err" || bad "rda exit code"
grep -q '7 nodes, 7 edges' "$T/r.out" && grep -q '2 graphs read as one' "$T/r.err" &&
  ok "rda: both graphs as one, with a note" || bad "rda: $(cat "$T/r.out" "$T/r.err")"
"$RF" network disrupt --input "$RDA:meetings" --strategy degree --out "$T/rd.csv" --quiet &&
  [ "$(wc -l < "$T/rd.csv")" = 9 ] && ok "rda: FILE:NAME picks one graph" || bad "rda FILE:NAME"
"$RF" network build --input "$RDA:nope" > /dev/null 2> "$T/rn.err"
[ $? = 1 ] && grep -q "no graph 'nope'; the file holds 1=Mafia_like\$meetings, 2=Mafia_like\$phone" "$T/rn.err" &&
  ok "rda: unknown graph named, choices listed" || bad "rda unknown: $(cat "$T/rn.err")"
exit $fail
