#!/bin/bash
# Reproduces Cavallaro et al. (PLOS ONE 2020) disruption curves on the
# Montagna meeting and phone-call graphs: for every reference file, the max
# absolute difference in LCC fraction over the common "removed" values must
# be <= 0.05 (tie-breaking differences explained in docs/network.md).
# usage: test_disrupt_cavallaro.sh <redflag> <shared-data-dir>
set -u
RF=$1
D=$2/networks/cavallaro_montagna
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
declare -A FILE=([meeting]=Montagna_meetings_edgelist.csv [phone_calls]=Montagna_phonecalls_edgelist.csv)
# reference column -> redflag strategy
cols=("Betweenness:betweenness" "Katz:katz" "Collective Influence:ci" "Degree:degree")
for mode in sequential block; do
  for net in meeting phone_calls; do
    for w in Unweighted Weighted; do
      ref=$D/ref_${mode}_${net}_df_${w}_5nrem.csv
      [ -f "$ref" ] || { echo "missing $ref"; fail=1; continue; }
      wflag=; [ $w = Weighted ] && wflag=--weighted
      line="$(basename "$ref"):"
      worst=0
      for c in "${cols[@]}"; do
        col=${c%%:*}; st=${c##*:}
        out=$T/${mode}_${net}_${w}_$st.csv
        if ! "$RF" network disrupt --input "$D/${FILE[$net]}" $wflag --strategy $st \
            --mode $mode --compat cavallaro --no-efficiency --quiet --out "$out"; then
          echo "FAIL: redflag exited non-zero ($mode $net $w $st)"; fail=1; continue
        fi
        head -1 "$out" | grep -qx 'removed,lcc_fraction,components,efficiency' ||
          { echo "FAIL: bad header in $out"; fail=1; }
        sed -n 2p "$out" | grep -q '^0,1\.0,' || { echo "FAIL: first row of $out"; fail=1; }
        d=$(awk -F, -v col="$col" '
          NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
                      ref[$2] = $c; next }
          FNR == 1 { next }
          { ours[$1] = $2 }
          END { m = 0; n = 0
                for (k in ref) { if (!(k in ours)) { print "missing", k; exit 1 }
                                 x = ref[k] - ours[k]; if (x < 0) x = -x; if (x > m) m = x; n++ }
                printf "%.4f", m }' "$ref" "$out") || { echo "FAIL: $d"; fail=1; continue; }
        line="$line $st=$d"
        worst=$(awk -v a=$worst -v b=$d 'BEGIN{print (b > a) ? b : a}')
        if awk -v d=$d 'BEGIN{exit !(d > 0.05)}'; then
          echo "FAIL: $ref column $col: max |diff| $d > 0.05"; fail=1
        fi
      done
      echo "$line (max $worst)"
    done
  done
done
exit $fail
