#!/bin/bash
# CLI test of `redflag alerts`: the runs and alerts `redflag monitor --db`
# stored, read back with filters, in both formats, without touching the file.
# usage: test_alerts_cli.sh <redflag-binary> <shared-data-dir>
set -u
BIN=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" gen --transactions 60000 --days 20 --seed 5 --out "$T/tx.csv" > /dev/null 2>&1 || fail "gen"
for run in 1 2; do
  "$BIN" monitor --format amlworld --input "$T/tx.csv" --alerts "$T/a$run.jsonl" --db "$T/rf.db" \
    --quiet > "$T/m$run.out" 2>&1 || fail "monitor run $run"
done
n=$(wc -l < "$T/a2.jsonl")
[ "$n" -gt 3 ] || fail "too few alerts to test with ($n)"
sum=$(sha256sum < "$T/rf.db")

# runs
"$BIN" alerts --db "$T/rf.db" --runs > "$T/runs.out" || fail "--runs"
grep -q '^2 runs$' "$T/runs.out" || fail "runs: $(cat "$T/runs.out")"
grep -Eq '^ +2 .*amlworld +60000 +'"$n"' ' "$T/runs.out" || fail "run 2 row: $(cat "$T/runs.out")"

# the newest run by default; every alert, as the monitor wrote it
"$BIN" alerts --db "$T/rf.db" > "$T/t.out" || fail "table"
grep -q "^$n alerts (run 2)$" "$T/t.out" || fail "table count: $(tail -1 "$T/t.out")"
[ "$(wc -l < "$T/t.out")" = $((n + 2)) ] || fail "table rows"
"$BIN" alerts --db "$T/rf.db" --format jsonl > "$T/j.out" || fail "jsonl"
[ "$(wc -l < "$T/j.out")" = "$n" ] || fail "jsonl rows"
key() { sed 's/.*"alert_id":\([0-9]*\),.*"typology":"\([a-z_]*\)".*"score":\([0-9.]*\).*/\1 \2 \3/' "$1"; }
cmp <(key "$T/a2.jsonl" | sort -n) <(key "$T/j.out") || fail "ids, typologies or scores differ from the monitor's"
grep -q '"run_id":2,' "$T/j.out" || fail "run id in jsonl"
grep -q '"status":"final"' "$T/j.out" || fail "status in jsonl"
[ "$("$BIN" alerts --db "$T/rf.db" --run 1 --format jsonl | wc -l)" = "$n" ] || fail "--run 1"
"$BIN" alerts --db "$T/rf.db" --all-runs > "$T/all.out" || fail "--all-runs"
grep -q "^$((2 * n)) alerts (all runs)$" "$T/all.out" || fail "all runs: $(tail -1 "$T/all.out")"

# filters
acct=$(head -1 "$T/a2.jsonl" | sed 's/.*"accounts":\["\([^"]*\)".*/\1/')
"$BIN" alerts --db "$T/rf.db" --account "$acct" --format jsonl > "$T/acc.out" || fail "--account"
[ -s "$T/acc.out" ] || fail "no alert names $acct"
while read -r line; do
  case "$line" in *"\"$acct\""*) ;; *) fail "--account $acct listed: $line" ;; esac
done < "$T/acc.out"
typ=$(head -1 "$T/a2.jsonl" | sed 's/.*"typology":"\([a-z_]*\)".*/\1/')
"$BIN" alerts --db "$T/rf.db" --typology "$typ" --format jsonl > "$T/typ.out" || fail "--typology"
[ "$(grep -c "\"typology\":\"$typ\"" "$T/typ.out")" = "$(wc -l < "$T/typ.out")" ] ||
  fail "--typology $typ"
[ "$(wc -l < "$T/typ.out")" = "$(grep -c "\"typology\":\"$typ\"" "$T/a2.jsonl")" ] ||
  fail "--typology count"
"$BIN" alerts --db "$T/rf.db" --min-score 0.9 --format jsonl > "$T/ms.out" || fail "--min-score"
awk -F'"score":' '{ split($2, a, ","); if (a[1] + 0 < 0.9) exit 1 }' "$T/ms.out" ||
  fail "--min-score 0.9 listed a lower score"
[ "$("$BIN" alerts --db "$T/rf.db" --limit 2 --format jsonl | wc -l)" = 2 ] || fail "--limit"
# --sort score: highest first, the same alerts; with --limit, the top ones
"$BIN" alerts --db "$T/rf.db" --sort score --format jsonl > "$T/s.out" || fail "--sort score"
sed 's/.*"score":\([0-9.]*\).*/\1/' "$T/s.out" > "$T/s.scores"
sort -gr "$T/s.scores" | cmp - "$T/s.scores" || fail "--sort score is not highest first"
cmp <(key "$T/s.out" | sort -n) <(key "$T/j.out") || fail "--sort score changed the alerts"
top=$(sort -gr "$T/s.scores" | head -1)
"$BIN" alerts --db "$T/rf.db" --sort score --limit 1 --format jsonl | grep -q "\"score\":$top," ||
  fail "--sort score --limit 1 is not the top alert"
"$BIN" alerts --db "$T/rf.db" --sort size > /dev/null 2>&1
[ $? = 2 ] || fail "--sort size must be a usage error"

# reading changes nothing
[ "$(sha256sum < "$T/rf.db")" = "$sum" ] || fail "the database changed while read"

# bad input: clear messages, exit 1 (data) or 2 (usage)
"$BIN" alerts --db "$T/none.db" > /dev/null 2> "$T/e1" && fail "a missing db must fail"
grep -q "none.db: no such database" "$T/e1" || fail "missing db message: $(cat "$T/e1")"
[ -e "$T/none.db" ] && fail "a missing db must not be created"
echo "not a database" > "$T/x.db"
"$BIN" alerts --db "$T/x.db" > /dev/null 2> "$T/e2"
[ $? = 1 ] || fail "a non-database must exit 1"
grep -q "x.db" "$T/e2" || fail "non-db message: $(cat "$T/e2")"
"$BIN" alerts --db "$T/rf.db" --run 9 > /dev/null 2> "$T/e3"
[ $? = 1 ] || fail "an unknown run must exit 1"
grep -q "no run 9" "$T/e3" || fail "unknown run message: $(cat "$T/e3")"
"$BIN" alerts --db "$T/rf.db" --run 1 --all-runs > /dev/null 2>&1
[ $? = 2 ] || fail "--run with --all-runs must be a usage error"
"$BIN" alerts --db "$T/rf.db" --min-score 2 > /dev/null 2>&1
[ $? = 2 ] || fail "--min-score 2 must be a usage error"
"$BIN" alerts > /dev/null 2>&1
[ $? = 2 ] || fail "no --db must be a usage error"
echo "alerts: $n alerts per run read back, filters and errors checked"
