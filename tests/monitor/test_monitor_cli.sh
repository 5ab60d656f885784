#!/bin/bash
# CLI test of `redflag monitor`: alerts JSON Lines, summary, rejects, --db, config errors.
# usage: test_monitor_cli.sh <redflag-binary> <shared-data-dir>
set -u
BIN=$1
DATA=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# AMLworld layout: a fan-in (12 senders -> 80000AAA1 within a day), a 3-hop
# cycle, split payments, one row with a bad amount and one unparseable time.
{
  echo "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering"
  for i in $(seq 10 21); do
    echo "2022/09/01 0$((i % 10)):15,0$i,81000C$i,070,80000AAA1,1200.00,US Dollar,1200.00,US Dollar,ACH,1"
  done
  echo "2022/09/02 10:00,011,800C00001,012,800C00002,5000.00,Euro,5000.00,Euro,Wire,1"
  echo "2022/09/02 11:00,012,800C00002,013,800C00003,4900.00,Euro,4900.00,Euro,Wire,1"
  echo "2022/09/02 12:00,013,800C00003,011,800C00001,4800.00,Euro,4800.00,Euro,Wire,1"
  echo "2022/09/03 09:00,020,8000BAD00,021,8000BAD01,12.50,US Dollar,abc,US Dollar,Cash,0"
  echo "2022/09/03 09:10,020,8000S0001,021,8000S0002,300.00,US Dollar,300.00,US Dollar,Cheque,0"
  echo "2022/09/03 09:20,020,8000S0001,021,8000S0002,310.00,US Dollar,310.00,US Dollar,Cheque,0"
  echo "2022/09/03 09:30,020,8000S0001,021,8000S0002,320.00,US Dollar,320.00,US Dollar,Cheque,0"
  echo "yesterday,020,8000S0001,021,8000S0002,320.00,US Dollar,320.00,US Dollar,Cheque,0"
  echo "2022/09/04 09:00,030,8000N0001,031,8000N0002,100.00,US Dollar,100.00,US Dollar,Credit Card,0"
} > "$T/tx.csv"

# every account of this tiny file is new: let the degree detectors judge them anyway
printf '[general]\nyoung_pass = true\n' > "$T/young.ini"
"$BIN" monitor --format amlworld --input "$T/tx.csv" --alerts "$T/alerts.jsonl" --config "$T/young.ini" \
  --rejects "$T/rejects.csv" --db "$T/rf.db" --quiet > "$T/out.txt" 2> "$T/err.txt" ||
  { cat "$T/err.txt"; fail "monitor exited non-zero"; }
cat "$T/out.txt"

line=$(grep -o 'rows read [0-9]* = processed [0-9]* + rejected [0-9]*' "$T/out.txt") ||
  fail "no rows read line"
read -r _ _ nread _ _ nproc _ _ nrej <<< "$line"
[ "$nread" -eq 21 ] || fail "read $nread, want 21"
[ "$nrej" -eq 2 ] || fail "rejected $nrej, want 2"
[ $((nproc + nrej)) -eq "$nread" ] || fail "read != processed + rejected"
[ "$(grep -c . "$T/rejects.csv")" -ge 2 ] || fail "rejects file lacks the rows"

# every alert line is JSON with the required fields
[ -s "$T/alerts.jsonl" ] || fail "no alerts"
jq -e 'has("alert_id") and has("typology") and (.accounts|type=="array") and
       (.transactions|type=="array") and has("window") and (.score>=0 and .score<=1) and
       (.explanation|length>10)' "$T/alerts.jsonl" > /dev/null || fail "alert fields"
jq -e 'select(.typology=="fan_in") | .accounts[0]=="80000AAA1"' "$T/alerts.jsonl" | grep -q true ||
  fail "fan-in on 80000AAA1 not found"
jq -e 'select(.typology=="cycle") | (.accounts|sort)==["800C00001","800C00002","800C00003"]' \
  "$T/alerts.jsonl" | grep -q true || fail "cycle not found"
jq -e 'select(.typology=="structuring") | .accounts==["8000S0001","8000S0002"]' \
  "$T/alerts.jsonl" | grep -q true || fail "split payments not found"
grep -q "transactions" "$T/out.txt" || fail "no evaluation (labels present)"

# the database holds the same alerts and the run summary
n_db=$(sqlite3 "$T/rf.db" "SELECT COUNT(*) FROM alerts")
n_file=$(grep -c . "$T/alerts.jsonl")
[ "$n_db" -eq "$n_file" ] || fail "db has $n_db alerts, file $n_file"
[ "$(sqlite3 "$T/rf.db" "SELECT rows_read, processed, rejected FROM runs")" = "21|19|2" ] ||
  fail "run row"
[ "$(sqlite3 "$T/rf.db" "PRAGMA journal_mode")" = "wal" ] || fail "not WAL"
# the stored evaluation holds the printed figures, per typology too
sj=$(sqlite3 "$T/rf.db" "SELECT summary FROM runs")
f1_of() { grep -o "$1 *precision [0-9.]* *recall [0-9.]* *F1 [0-9.]*" "$T/out.txt" | awk '{print $NF}'; }
echo "$sj" | jq -e --arg t "$(f1_of transactions)" --arg a "$(f1_of accounts)" \
  '(.eval.transactions.f1 == ($t|tonumber)) and (.eval.accounts.f1 == ($a|tonumber)) and
   (.eval.typologies.fan_in.true_alerts >= 1) and (.eval.typologies.funnel == null)' > /dev/null ||
  fail "stored evaluation: $sj"

# labels that mark nothing and alerts that flag nothing: the measures are
# undefined ("n/a", stored as null), not 0
head -1 "$T/tx.csv" > "$T/quiet.csv"
echo "2022/09/04 09:00,030,8000N0001,031,8000N0002,100.00,US Dollar,100.00,US Dollar,Credit Card,0" >> "$T/quiet.csv"
"$BIN" monitor --format amlworld --input "$T/quiet.csv" --alerts "$T/quiet.jsonl" --db "$T/quiet.db" \
  --quiet > "$T/quiet.txt" 2>&1 || fail "monitor on quiet.csv"
grep -q "transactions *precision n/a  recall n/a  F1 n/a" "$T/quiet.txt" ||
  fail "undefined measures: $(cat "$T/quiet.txt")"
sqlite3 "$T/quiet.db" "SELECT summary FROM runs" |
  jq -e '.eval.transactions.precision == null and .eval.transactions.tp == 0' > /dev/null ||
  fail "undefined measures stored"

# stdin input works and gives the same number of alerts
"$BIN" monitor --format amlworld --input - --alerts "$T/a2.jsonl" --config "$T/young.ini" --quiet \
  < "$T/tx.csv" > /dev/null ||
  fail "stdin run"
[ "$(grep -c . "$T/a2.jsonl")" -eq "$n_file" ] || fail "stdin gave a different alert count"
# compressed data piped in is named as such (a pipe cannot be sniffed and read again)
gzip -c "$T/tx.csv" | "$BIN" monitor --format amlworld --input - --alerts "$T/gz.jsonl" --quiet \
  > /dev/null 2> "$T/gz.err" && fail "gzip on stdin should fail"
grep -q "<stdin>:1: gzip-compressed data" "$T/gz.err" || fail "gzip on stdin: $(cat "$T/gz.err")"
iconv -f UTF-8 -t UTF-16 "$T/tx.csv" | "$BIN" monitor --format amlworld --input - --quiet \
  --alerts "$T/u16.jsonl" > /dev/null 2> "$T/u16.err" && fail "UTF-16 on stdin should fail"
grep -q "<stdin>:1: UTF-16 text" "$T/u16.err" || fail "UTF-16 on stdin: $(cat "$T/u16.err")"

# config: unknown key is an error naming file and line; a valid one applies
printf '[general]\nyoung_pass = true\n[fan]\nmin_degree = 20\n' > "$T/ok.ini"
"$BIN" monitor --format amlworld --input "$T/tx.csv" --config "$T/ok.ini" --alerts "$T/a3.jsonl" \
  --quiet > /dev/null || fail "valid config rejected"
! grep -q '"fan_in"' "$T/a3.jsonl" || fail "config min_degree not applied"
printf '[fan]\n\nmin_degre = 3\n' > "$T/bad.ini"
"$BIN" monitor --format amlworld --input "$T/tx.csv" --config "$T/bad.ini" > /dev/null 2> "$T/e.txt"
[ $? -ne 0 ] || fail "bad config accepted"
grep -q "bad.ini:3" "$T/e.txt" || fail "config error lacks file:line: $(cat "$T/e.txt")"
"$BIN" monitor --print-config | grep -q '^\[structuring\]' || fail "print-config"

# usage errors
"$BIN" monitor --format nope --input "$T/tx.csv" > /dev/null 2>&1
[ $? -eq 2 ] || fail "unknown format should exit 2"
"$BIN" monitor --input "$T/tx.csv" > /dev/null 2>&1
[ $? -eq 2 ] || fail "missing format should exit 2"

# AMLSim folder input with account labels
"$BIN" monitor --format amlsim --input "$DATA/aml/amlsim/20K_cycle200" --alerts "$T/as.jsonl" \
  --quiet > "$T/as.txt" || fail "amlsim run"
grep -q "accounts .*F1" "$T/as.txt" || fail "no account-level evaluation for amlsim"
# the same folder compressed (transactions.csv.gz, nodes.csv.xz): the same alerts
mkdir "$T/asz"
gzip -c "$DATA/aml/amlsim/20K_cycle200/transactions.csv" >"$T/asz/transactions.csv.gz"
xz -c "$DATA/aml/amlsim/20K_cycle200/nodes.csv" >"$T/asz/nodes.csv.xz"
"$BIN" monitor --format amlsim --input "$T/asz" --alerts "$T/asz.jsonl" --quiet > "$T/asz.txt" ||
  fail "compressed amlsim run"
cmp -s "$T/as.jsonl" "$T/asz.jsonl" || fail "compressed AMLSim folder: other alerts"
grep "accounts .*F1" "$T/as.txt" | cmp -s - <(grep "accounts .*F1" "$T/asz.txt") ||
  fail "compressed AMLSim folder: other account evaluation"
# both pattern families in one stream (as in AMLSim's 20K_fanin200cycle200): the cycle set and
# the fan-in set with its account ids moved up by 20000, merged in time order; the detectors keep
# their precision and recall on the mixture
mkdir "$T/mix"
{
  echo "nodeid,isFraud,init_balance,fraudStep"
  tail -n +2 "$DATA/aml/amlsim/20K_cycle200/nodes.csv"
  tail -n +2 "$DATA/aml/amlsim/20K_fanin200/nodes.csv" | awk -F, -v OFS=, '{$1 += 20000; print}'
} >"$T/mix/nodes.csv"
{
  echo "sourceNodeId,targetNodeId,value,time"
  {
    tail -n +2 "$DATA/aml/amlsim/20K_cycle200/transactions.csv"
    tail -n +2 "$DATA/aml/amlsim/20K_fanin200/transactions.csv" |
      awk -F, -v OFS=, '{$1 += 20000; $2 += 20000; print}'
  } | sort -t, -k4,4n -s
} >"$T/mix/transactions.csv"
"$BIN" monitor --format amlsim --input "$T/mix" --alerts "$T/mix.jsonl" --quiet >"$T/mix.txt" ||
  fail "mixed amlsim run"
grep "accounts .*F1" "$T/mix.txt" | awk '{ if ($3 < 0.95 || $7 < 0.765) exit 1 }' ||
  fail "mixed AMLSim set: $(grep 'accounts .*F1' "$T/mix.txt")"
# AMLSim's older layout: its cash_tx.csv is not read, and the run says so
"$BIN" monitor --format amlsim --input "$DATA/aml/amlsim/sample_outputs" --alerts "$T/so.jsonl" \
  --quiet > /dev/null 2> "$T/so.err" || fail "amlsim sample_outputs run"
grep -q "cash_tx.csv (88 cash transactions) is not read" "$T/so.err" || fail "cash_tx note: $(cat "$T/so.err")"
# redflag format with names and countries: sanctions screening (--lists) and corridors
LISTS="$DATA/ofac/watchman/sdn_2021-07"
if [ -f "$LISTS/sdn.csv" ]; then
  {
    echo "txn_id,time,channel,amount,currency,amount_received,currency_received,orig_account,orig_name,orig_bank,orig_country,bene_account,bene_name,bene_bank,bene_country,branch,city,state,zip,conductor,label"
    echo "T1,2022-09-01T10:00:00Z,wire,25000.00,USD,25000.00,USD,A100,Acme Produce LLC,001,US,B200,Joaquin Guzman Loera,002,MX,,,,,,1"
    echo "T2,2022-09-01T11:00:00Z,wire,7000.00,USD,7000.00,USD,A101,Jane Smith,001,US,B201,Tehran Trading Co,003,IR,,,,,,0"
    echo "T3,2022-09-01T12:00:00Z,wire,7000.00,USD,7000.00,USD,A102,Jane Doe,001,US,B202,Maria Lopez,004,MX,,,,,,0"
  } > "$T/rf.csv"
  "$BIN" monitor --format redflag --input "$T/rf.csv" --alerts "$T/rf.jsonl" --lists "$LISTS" \
    --quiet > "$T/rf.txt" || fail "redflag-format run with --lists"
  jq -e 'select(.typology=="sanctioned") | .accounts==["B200","A100"] and .transactions==["T1"]' \
    "$T/rf.jsonl" | grep -q true || fail "sanctioned counterparty not found: $(cat "$T/rf.jsonl")"
  jq -e 'select(.typology=="corridor") | .accounts[0]=="A101"' "$T/rf.jsonl" | grep -q true ||
    fail "high-risk corridor (IR) not found"
  ! jq -e 'select(.typology=="corridor") | .accounts[0]=="A102"' "$T/rf.jsonl" | grep -q true ||
    fail "a corridor country alone (MX) must not alert"
fi

# a mistyped year: the row is rejected (reported with file and line) instead of moving the
# clock, so the rows after it are still processed
{
  echo "txn_id,time,channel,amount,currency,amount_received,currency_received,orig_account,orig_name,orig_bank,orig_country,bene_account,bene_name,bene_bank,bene_country,branch,city,state,zip,conductor,label"
  echo "J1,2022-09-01T10:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
  echo "J2,2202-09-01T11:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
  echo "J3,2022-09-01T12:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
} > "$T/jump.csv"
"$BIN" monitor --format redflag --input "$T/jump.csv" --alerts "$T/jump.jsonl" \
  > "$T/jump.out" 2> "$T/jump.err" || fail "a jump ahead must not stop the run"
grep -q "jump.csv:3: field time: 2202-09-01T11:00:00Z is .* ahead of the newest row" "$T/jump.err" ||
  fail "jump message: $(cat "$T/jump.err")"
grep -q "rows read 3 = processed 2 + rejected 1" "$T/jump.out" || fail "jump counts: $(cat "$T/jump.out")"

# a repeated transaction id: rejected inside the dedupe window (30 days by default),
# read as a new transaction when the repeat is further apart than --dedupe-window
{
  echo "txn_id,time,channel,amount,currency,amount_received,currency_received,orig_account,orig_name,orig_bank,orig_country,bene_account,bene_name,bene_bank,bene_country,branch,city,state,zip,conductor,label"
  echo "D1,2022-09-01T10:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
  echo "D2,2022-09-01T11:30:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
  echo "D3,2022-09-01T13:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
  echo "D1,2022-09-01T14:30:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
} > "$T/dup.csv"
"$BIN" monitor --format redflag --input "$T/dup.csv" --alerts "$T/dup.jsonl" > "$T/dup.out" \
  2> "$T/dup.err" || fail "a duplicate id must not stop the run"
grep -q "dup.csv:5: field txn_id: duplicate transaction id 'D1' (first at line 2)" "$T/dup.err" ||
  fail "duplicate message: $(cat "$T/dup.err")"
grep -q "rows read 4 = processed 3 + rejected 1 (late accepted 0, duplicates 1)" "$T/dup.out" ||
  fail "duplicate counts: $(cat "$T/dup.out")"
"$BIN" monitor --format redflag --input "$T/dup.csv" --alerts "$T/dup.jsonl" --dedupe-window 3600 \
  > "$T/dup.out" 2>&1 || fail "run with --dedupe-window"
grep -q "rows read 4 = processed 4 + rejected 0 (late accepted 0, duplicates 0)" "$T/dup.out" ||
  fail "--dedupe-window counts: $(cat "$T/dup.out")"

# with the jump check off, a row more than 68 years from the first one stops the monitor:
# exit 1, message with file and line
{
  echo "txn_id,time,channel,amount,currency,amount_received,currency_received,orig_account,orig_name,orig_bank,orig_country,bene_account,bene_name,bene_bank,bene_country,branch,city,state,zip,conductor,label"
  echo "F1,2022-09-01T10:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
  echo "F2,2099-09-01T10:00:00Z,wire,250.00,USD,250.00,USD,A1,,001,US,B2,,002,US,,,,,,"
} > "$T/far.csv"
"$BIN" monitor --format redflag --input "$T/far.csv" --alerts "$T/far.jsonl" --quiet \
  --max-jump -1 > /dev/null 2> "$T/far.err"
[ $? = 1 ] || fail "a time 77 years away must stop the run"
grep -q "far.csv:3: out of the monitor's range" "$T/far.err" || fail "range message: $(cat "$T/far.err")"

# streaming: alerts reach the file while the feed is still open (stdin from a
# FIFO that stays open), then the whole set equals that of a file run; the
# database holds the same alerts and the run row
"$BIN" gen --transactions 60000 --days 20 --seed 5 --out "$T/feed.csv" > /dev/null 2>&1 ||
  fail "gen for the streaming test"
"$BIN" monitor --format amlworld --input "$T/feed.csv" --alerts "$T/file.jsonl" --quiet \
  > /dev/null 2>&1 || fail "file run for the streaming test"
mkfifo "$T/feed"
"$BIN" monitor --format amlworld --input - --alerts "$T/live.jsonl" --db "$T/live.db" --quiet \
  < "$T/feed" > "$T/live.out" 2> "$T/live.err" &
pid=$!
exec 7> "$T/feed"
head -n 40001 "$T/feed.csv" >&7
for _ in $(seq 200); do [ -s "$T/live.jsonl" ] && break; sleep 0.05; done
[ -s "$T/live.jsonl" ] || { exec 7>&-; wait $pid; fail "no alert while the feed was open"; }
kill -0 $pid 2> /dev/null || fail "monitor ended before its input"
early=$(wc -l < "$T/live.jsonl")
tail -n +40002 "$T/feed.csv" >&7
exec 7>&-
wait $pid || { cat "$T/live.err"; fail "streaming run exited non-zero"; }
cmp <(sort "$T/file.jsonl") <(sort "$T/live.jsonl") || fail "streamed alerts differ from the file run's"
# the same file saved as UTF-16 (Windows tools) reads as UTF-8: the same alerts
iconv -f UTF-8 -t UTF-16 "$T/feed.csv" > "$T/feed16.csv" || fail "iconv"
"$BIN" monitor --format amlworld --input "$T/feed16.csv" --alerts "$T/u16.jsonl" --quiet \
  > /dev/null 2>&1 || fail "UTF-16 run"
cmp "$T/file.jsonl" "$T/u16.jsonl" || fail "UTF-16 input: alerts differ from the UTF-8 file's"
total=$(wc -l < "$T/live.jsonl")
[ "$early" -lt "$total" ] || fail "every alert came before the end of input ($early of $total)"
echo "streaming: $early of $total alerts written while the feed was open"
grep -q "stored run 1 with $total alerts" "$T/live.out" || fail "stored: $(cat "$T/live.out")"
if command -v sqlite3 > /dev/null; then
  [ "$(sqlite3 "$T/live.db" 'SELECT count(*) FROM alerts')" = "$total" ] || fail "alerts in the db"
fi

# --early: each alert is also written when it opens, while the feed is still
# open; the final alerts are the file run's, each replacing its early copy in
# the database
rm -f "$T/feed"
mkfifo "$T/feed"
"$BIN" monitor --format amlworld --input - --alerts "$T/early.jsonl" --db "$T/early.db" --early \
  --quiet < "$T/feed" > "$T/early.out" 2> "$T/early.err" &
pid=$!
exec 7> "$T/feed"
head -n 40001 "$T/feed.csv" >&7
for _ in $(seq 200); do grep -q '"status":"open"' "$T/early.jsonl" 2> /dev/null && break; sleep 0.05; done
grep -q '"status":"open"' "$T/early.jsonl" || { exec 7>&-; wait $pid; fail "no early alert while the feed was open"; }
kill -0 $pid 2> /dev/null || fail "monitor ended before its input"
tail -n +40002 "$T/feed.csv" >&7
exec 7>&-
wait $pid || { cat "$T/early.err"; fail "--early run exited non-zero"; }
cmp <(grep -v '"status":"open"' "$T/early.jsonl" | sort) <(sort "$T/file.jsonl") ||
  fail "final alerts with --early differ from the file run's"
nopen=$(grep -c '"status":"open"' "$T/early.jsonl")
for id in $(grep '"status":"open"' "$T/early.jsonl" | sed 's/^{"alert_id":\([0-9]*\),.*/\1/'); do
  [ "$(grep -c "^{\"alert_id\":$id,\"typology\"" "$T/early.jsonl")" = 1 ] ||
    fail "early alert $id has no single final line"
done
grep -q "stored run 1 with $total alerts" "$T/early.out" || fail "early stored: $(cat "$T/early.out")"
if command -v sqlite3 > /dev/null; then
  [ "$(sqlite3 "$T/early.db" "SELECT count(*) FROM alerts WHERE status = 'final'")" = "$total" ] ||
    fail "final alerts in the --early db"
  [ "$(sqlite3 "$T/early.db" 'SELECT count(*) FROM alert_transactions')" = \
    "$(sqlite3 "$T/live.db" 'SELECT count(*) FROM alert_transactions')" ] ||
    fail "evidence rows in the --early db"
fi
echo "early: $nopen alerts written when they opened, $total final"

# nowhere to write: fails before reading, names the path, prints no summary
"$BIN" monitor --format amlworld --input "$T/feed.csv" --alerts "$T/no/such/dir.jsonl" \
  > "$T/nw.out" 2> "$T/nw.err"
[ $? = 1 ] || fail "an unwritable alerts path must fail"
grep -q "no/such/dir.jsonl: cannot write alerts" "$T/nw.err" || fail "nw message: $(cat "$T/nw.err")"
"$BIN" monitor --format amlworld --input "$T/feed.csv" --alerts "$T/nw.jsonl" \
  --db "$T/no/such/dir.db" > "$T/nw.out" 2> "$T/nw.err"
[ $? = 1 ] || fail "an unopenable database must fail"
grep -q "no/such/dir.db" "$T/nw.err" || fail "db message: $(cat "$T/nw.err")"
[ ! -s "$T/nw.out" ] || fail "no summary after a setup failure: $(cat "$T/nw.out")"

# killed mid-stream: the alerts already written are in the database, and the
# run's row says it did not finish
if command -v sqlite3 > /dev/null; then
  mkfifo "$T/feed3"
  "$BIN" monitor --format amlworld --input - --alerts "$T/kill.jsonl" --db "$T/kill.db" --quiet \
    < "$T/feed3" > /dev/null 2>&1 &
  pid=$!
  exec 7> "$T/feed3"
  head -n 40001 "$T/feed.csv" >&7
  for _ in $(seq 200); do [ -s "$T/kill.jsonl" ] && break; sleep 0.05; done
  kill -9 $pid
  wait $pid 2> /dev/null
  exec 7>&-
  got=$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM alerts')
  [ "$got" -ge 1 ] && [ "$got" -ge "$(wc -l < "$T/kill.jsonl")" ] ||
    fail "after a crash the db holds $got alerts, the file $(wc -l < "$T/kill.jsonl")"
  [ "$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM runs WHERE finished_at IS NULL')" = 1 ] ||
    fail "the killed run must be marked unfinished"
  echo "killed mid-stream: $got alerts kept in the database"
fi

# a sink that cannot write (full device) stops the run with the file's name,
# from a file and from a feed that stays open (the reader must not wait on)
if [ -w /dev/full ]; then
  "$BIN" monitor --format amlworld --input "$T/feed.csv" --alerts /dev/full --quiet \
    > /dev/null 2> "$T/full.err"
  [ $? = 1 ] || fail "writing alerts to a full device must fail"
  grep -q "/dev/full: write error" "$T/full.err" || fail "full message: $(cat "$T/full.err")"
  mkfifo "$T/feed2"
  timeout 30 "$BIN" monitor --format amlworld --input - --alerts /dev/full --quiet \
    < "$T/feed2" > /dev/null 2> "$T/full2.err" &
  pid=$!
  exec 7> "$T/feed2"
  head -n 40001 "$T/feed.csv" >&7
  wait $pid
  rc=$?
  exec 7>&-
  [ $rc = 1 ] || fail "a failing sink on an open feed: exit $rc (124 = hung)"
  grep -q "/dev/full: write error" "$T/full2.err" || fail "full message: $(cat "$T/full2.err")"
fi
echo "ok"
