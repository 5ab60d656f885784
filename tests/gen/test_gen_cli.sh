#!/usr/bin/env bash
# redflag gen from the command line: output, patterns file, determinism, errors.
#   bash test_gen_cli.sh <redflag-binary> <shared-data-dir>
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" gen --seed 3 --transactions 20000 --out "$tmp/a.csv" --patterns "$tmp/a.txt" \
  --truth "$tmp/a_truth.csv" 2>"$tmp/log" || fail "gen exited $?"
head -1 "$tmp/a.csv" | grep -qx 'Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering' \
  || fail "AMLworld header"
rows=$(($(wc -l <"$tmp/a.csv") - 1))
[ "$rows" = 20000 ] || fail "rows $rows"
labelled=$(grep -c ',1$' "$tmp/a.csv")
inpat=$(grep -vc -e '^BEGIN' -e '^END' -e '^$' "$tmp/a.txt")
[ "$labelled" = "$inpat" ] || fail "labels $labelled vs patterns $inpat"
[ "$(($(wc -l <"$tmp/a_truth.csv") - 1))" = "$labelled" ] || fail "truth rows"
for p in FAN-OUT FAN-IN GATHER-SCATTER SCATTER-GATHER CYCLE RANDOM BIPARTITE STACK \
  STRUCTURING FUNNEL PASS-THROUGH DORMANT; do
  grep -q "^BEGIN LAUNDERING ATTEMPT - $p" "$tmp/a.txt" || fail "pattern $p missing"
done
grep -q "20000 rows" "$tmp/log" || fail "summary line"

# deterministic by seed, to stdout too
"$bin" gen --seed 3 --transactions 20000 --quiet >"$tmp/b.csv"
cmp -s "$tmp/a.csv" "$tmp/b.csv" || fail "not deterministic"
"$bin" gen --seed 4 --transactions 20000 --quiet >"$tmp/c.csv"
cmp -s "$tmp/a.csv" "$tmp/c.csv" && fail "seed ignored"

# redflag schema, start date and days
"$bin" gen --format redflag --transactions 5000 --start 2024-01-01 --days 3 --quiet \
  --out "$tmp/r.csv" || fail "redflag format"
head -1 "$tmp/r.csv" | grep -q '^txn_id,time,channel,amount,currency' || fail "redflag header"
sed -n 2p "$tmp/r.csv" | grep -q ',2024-01-01T' || fail "start date"
tail -1 "$tmp/r.csv" | grep -q ',2024-01-03T' || fail "days"

# watch names: SANCTIONED attempts pay them (quoted when they hold a comma)
printf '# listed parties\nGUZMAN LOPEZ, Ovidio\n\nRafael Caro Quintero\n' >"$tmp/w.txt"
"$bin" gen --format redflag --transactions 20000 --watch-names "$tmp/w.txt" --quiet \
  --out "$tmp/w.csv" --patterns "$tmp/w.pat" || fail "watch names"
grep -q '^BEGIN LAUNDERING ATTEMPT - SANCTIONED' "$tmp/w.pat" || fail "no SANCTIONED attempt"
grep -q ',"GUZMAN LOPEZ, Ovidio",' "$tmp/w.csv" || grep -q ',Rafael Caro Quintero,' "$tmp/w.csv" ||
  fail "watch name not written"
"$bin" gen --transactions 20000 --watch-names "$tmp/w.txt" --quiet --out "$tmp/w2.csv"
grep -q SANCTIONED "$tmp/w2.csv" && fail "AMLworld has no names: no SANCTIONED"

# usage errors exit 2, runtime errors 1
set +e
: >"$tmp/empty.txt"
"$bin" gen --watch-names "$tmp/empty.txt" >/dev/null 2>"$tmp/e1"; [ $? = 1 ] || fail "empty names"
grep -q "no names in the file" "$tmp/e1" || fail "empty names message"
printf 'ok\n\377bad\n' >"$tmp/bad.txt"
"$bin" gen --watch-names "$tmp/bad.txt" >/dev/null 2>"$tmp/e2"; [ $? = 1 ] || fail "bad names"
grep -q "bad.txt:2: not UTF-8" "$tmp/e2" || fail "bad names message: $(cat "$tmp/e2")"
"$bin" gen --watch-names "$tmp/none.txt" >/dev/null 2>&1; [ $? = 1 ] || fail "missing names file"
"$bin" gen --transactions abc >/dev/null 2>&1; [ $? = 2 ] || fail "bad number"
"$bin" gen --bogus >/dev/null 2>&1; [ $? = 2 ] || fail "unknown option"
"$bin" gen --format xml >/dev/null 2>&1; [ $? = 2 ] || fail "bad format"
"$bin" gen --transactions 10 --out /nonexistent/dir/x.csv >/dev/null 2>&1; [ $? = 1 ] || fail "bad path"
set -e
echo "gen cli: ok"
