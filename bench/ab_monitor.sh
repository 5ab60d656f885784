#!/bin/bash
# Interleaved A/B timing of bench_monitor builds on the 200,000-row slice:
# ROUNDS rounds, each running every binary once (--repeat 7, warm median),
# then the median over the rounds of each binary's warm wall and CPU time.
# This VM's speed drifts by tens of percent within minutes, so only
# interleaved rounds tell two builds apart.
#
#   bench/ab_monitor.sh ROUNDS FILE BIN...
#   e.g. bench/ab_monitor.sh 12 /tmp/mon/g5m_s2.csv /tmp/old/bench_monitor build/bench_monitor
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS FILE BIN..." >&2; exit 2; }
rounds=$1 file=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$rounds"); do
  k=0
  for b in "$@"; do
    "$b" --seed 2 --file "$file" --no-full --rules-rows 0 --repeat 7 --no-peer 2>&1 |
      grep -o "then median [0-9.]* s wall, [0-9.]* s CPU" | awk '{print $3, $6}' >> "$tmp/$k"
    k=$((k + 1))
  done
done
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
k=0
for b in "$@"; do
  echo "$b: warm wall median $(cut -d' ' -f1 "$tmp/$k" | med) s, CPU median $(cut -d' ' -f2 "$tmp/$k" | med) s ($(wc -l < "$tmp/$k") rounds)"
  k=$((k + 1))
done
