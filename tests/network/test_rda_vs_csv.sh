#!/bin/bash
# The Montagna networks saved by R as igraph objects (a list of two, xz, as
# SNAnalyst/DF ships them) give the same disruption curves as the CSV edge
# lists. Needs Rscript with igraph (Debian: r-base-core, r-cran-igraph);
# without them it says so and passes.
# usage: test_rda_vs_csv.sh <redflag> <shared-data-dir>
set -u
RF=$1
DATA=$2
if ! command -v Rscript > /dev/null || ! Rscript -e 'library(igraph)' > /dev/null 2>&1; then
  echo "skipped: no Rscript with igraph"
  exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
M=$DATA/networks/cavallaro_montagna
Rscript - "$M" "$T/Montagna.rda" <<'R' || { echo "FAIL: R"; exit 1; }
suppressMessages(library(igraph))
a <- commandArgs(TRUE)
rd <- function(f) {
  e <- read.table(file.path(a[1], f), col.names = c("from", "to", "weight"),
                  colClasses = c("character", "character", "numeric"))
  graph_from_data_frame(e, directed = FALSE)
}
Montagna <- list(meetings = rd("Montagna_meetings_edgelist.csv"),
                 phonecalls = rd("Montagna_phonecalls_edgelist.csv"))
save(Montagna, file = a[2], compress = "xz")
R
# the 'Ndrangheta summits (people x events) as a 2-mode igraph object
N=$DATA/networks/macdonald_criminal_networks/NDRANGHETAMAFIA_2M.csv
Rscript - "$N" "$T/Ndrangheta.rda" <<'R' || { echo "FAIL: R (2-mode)"; exit 1; }
suppressMessages(library(igraph))
a <- commandArgs(TRUE)
m <- as.matrix(read.csv(a[1], row.names = 1, check.names = FALSE, fileEncoding = "UTF-8-BOM"))
Ndrangheta <- graph_from_incidence_matrix(m)
save(Ndrangheta, file = a[2], compress = "xz")
R
"$RF" network build --input "$N" --out "$T/nc.csv" --quiet 2> /dev/null || bad "csv 2-mode"
"$RF" network build --input "$T/Ndrangheta.rda" --out "$T/nr.csv" --quiet 2> /dev/null || bad "rda 2-mode"
[ "$(wc -l < "$T/nc.csv")" -gt 100 ] && cmp -s <(sort "$T/nc.csv") <(sort "$T/nr.csv") &&
  ok "2-mode: the projection of the igraph object is the matrix's ($(($(wc -l < "$T/nc.csv") - 1)) ties)" ||
  bad "2-mode projections differ" 
# Ties go to the larger label (--tie label): the R object numbers its
# vertices in igraph's order, not in the edge list's order of appearance, so
# "the node added last" is another node. Efficiency sums in node order: equal
# to 1e-12.
same() {
  awk -F, 'NR == FNR { a[FNR] = $0; next }
    { split(a[FNR], x, ","); d = x[4] - $4; if (d < 0) d = -d
      if (x[1] != $1 || x[2] != $2 || x[3] != $3 || d > 1e-12) bad = 1 }
    END { exit bad || NR != 2 * FNR }' "$1" "$2"
}
for net in meetings:Montagna_meetings_edgelist phonecalls:Montagna_phonecalls_edgelist; do
  name=${net%%:*}
  csv=$M/${net#*:}.csv
  for w in "" --weighted; do
    for mode in sequential block; do
      "$RF" network disrupt --input "$csv" --strategy degree,betweenness,katz,ci --mode $mode $w \
        --compat cavallaro --tie label --out "$T/c-{strategy}.csv" --quiet || bad "csv $name $w"
      "$RF" network disrupt --input "$T/Montagna.rda:$name" --strategy degree,betweenness,katz,ci \
        --mode $mode $w --compat cavallaro --tie label --out "$T/r-{strategy}.csv" --quiet ||
        bad "rda $name $w"
      for s in degree betweenness katz ci; do
        same "$T/c-$s.csv" "$T/r-$s.csv" && ok "$name $mode $s ${w:-unweighted}: same curve" ||
          bad "$name $mode $s ${w:-unweighted} differs"
      done
    done
  done
done
exit $fail
