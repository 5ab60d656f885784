#!/bin/bash
# Option handling shared by every command (src/cli/opts.c): --help exits 0,
# unknown options, missing values, bad numbers, enums and extra operands exit
# 2 with one message naming the command, the option and the value.
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect CODE PATTERN -- ARGS...
  local code=$1 pat=$2; shift 3
  out=$("$bin" "$@" 2>&1 >/dev/null); rc=$?
  [ $rc = "$code" ] || fail "'$*' exited $rc, expected $code ($out)"
  [ -z "$pat" ] || grep -q -- "$pat" <<<"$out" || fail "'$*': no '$pat' in: $out"
}
for c in "screen" "match" "monitor" "alerts" "gen" "demo" "lists info" "lists show" "lists update" \
         "network build" "network exposure" "network communities" "network disrupt" \
         "network freeze-plan"; do
  # shellcheck disable=SC2086
  "$bin" $c --help >/dev/null 2>&1 || fail "$c --help"
  # shellcheck disable=SC2086
  expect 2 "redflag: $c: unknown option '--bogus'" -- $c --bogus
done
expect 2 "monitor: --format needs a value" -- monitor --format
expect 2 "monitor: --threads: '3' is not 1 or 2" -- monitor --threads 3
expect 2 "monitor: --lateness: '-1' is not a number of seconds" -- monitor --lateness -1
expect 2 "gen: --transactions: '0' is not a count" -- gen --transactions 0
expect 2 "gen: --format: 'xml' is not amlworld or redflag" -- gen --format xml
expect 2 "gen: --days: '9999' is not" -- gen --days 9999
expect 2 "screen: --threshold: '1.5' is not in (0,1]" -- screen --threshold 1.5 x
expect 2 "screen: --threshold: 'nan' is not in (0,1]" -- screen --threshold nan x
expect 2 "screen: unexpected argument 'b'" -- screen a b
expect 2 "match: unexpected argument 'c'" -- match a b c
expect 2 "network exposure: --max-hops: '-2' is not a hop count" -- network exposure --max-hops -2
expect 2 "network disrupt: --tie: 'x' is not added or label" -- network disrupt --tie x
expect 2 "network build: --merge: 'avg' is not sum, max, first or last" -- network build --merge avg
expect 2 "network communities: --resolution: '0' is not a positive number" -- network communities --resolution 0
expect 2 "lists update: --timeout: 'soon' is not a number of seconds" -- lists update --timeout soon
expect 2 "alerts: --format: 'csv' is not table or jsonl" -- alerts --db x.db --format csv
expect 2 "alerts: --min-score: '-1' is not a score from 0 to 1" -- alerts --db x.db --min-score -1
# an option at the end of the line without its value
expect 2 "gen: --out needs a value" -- gen --out
echo "options: ok"
