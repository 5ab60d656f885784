#!/usr/bin/env bash
# `redflag lists info` / `lists show` on the shared OFAC files, and their
# error exits.   bash test_info.sh <redflag-binary> <shared-data-dir>
set -u
bin=$1
W=$2/ofac/watchman
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d /tmp/rf_lists_info_XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$bin" lists info --lists "$W/sdn_2021-07" --lists "$W/cons_2025-12" >"$tmp/t" || fail "info failed"
grep -Eq '^ +SDNTK +1770$' "$tmp/t" || fail "no SDNTK 1770 row"
grep -Eq '^ +sdn.csv +8976 rows +0 rejected' "$tmp/t" || fail "no sdn.csv row count"
grep -q '^CONS ' "$tmp/t" || fail "no CONS section"
grep -q 'total 9418 entities from 2 list(s)' "$tmp/t" || fail "wrong total"
sha=$(sha256sum "$W/sdn_2021-07/sdn.csv" | cut -d' ' -f1)
grep -q "$sha" "$tmp/t" || fail "sdn.csv hash not shown"

"$bin" lists info --lists "$W/sdn_2021-07" --format json >"$tmp/j" || fail "json info failed"
/usr/bin/python3 - "$tmp/j" <<'PY' || fail "json content"
import json, sys
d = json.load(open(sys.argv[1]))
v = d["lists"][0]
assert v["list"] == "SDN" and v["entities"] == 8976, v
assert v["programs"]["SDNTK"] == 1770 and v["programs"]["FTO"] == 74
assert [f["name"] for f in v["files"]] == ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
assert v["types"]["person"] + v["types"]["organization"] + v["types"]["vessel"] + v["types"]["aircraft"] == 8976
PY

# the same set compressed (sdn.csv.gz, alt.csv.xz, ...): the same list, the same version
mkdir "$tmp/z"
gzip -c "$W/sdn_2021-07/sdn.csv" >"$tmp/z/sdn.csv.gz"
xz -c "$W/sdn_2021-07/alt.csv" >"$tmp/z/alt.csv.xz"
bzip2 -c "$W/sdn_2021-07/add.csv" >"$tmp/z/add.csv.bz2"
cp "$W/sdn_2021-07/sdn_comments.csv" "$tmp/z/"
"$bin" lists info --lists "$tmp/z" >"$tmp/tz" || fail "compressed set: info failed"
grep -q 'total 8976 entities' "$tmp/tz" || fail "compressed set: wrong total"
grep -q "$sha" "$tmp/tz" || fail "compressed set: not the plain file's version"
head -c 20000 "$tmp/z/sdn.csv.gz" >"$tmp/z/cut.gz" && mv "$tmp/z/cut.gz" "$tmp/z/sdn.csv.gz"
"$bin" lists info --lists "$tmp/z" >/dev/null 2>"$tmp/tze" && fail "truncated sdn.csv.gz loaded"
grep -q 'sdn.csv.gz: read error (corrupt or truncated compressed data)' "$tmp/tze" ||
  fail "truncated sdn.csv.gz: $(cat "$tmp/tze")"

"$bin" lists show --lists "$W/sdn_2021-07" 17674 >"$tmp/s" || fail "show failed"
grep -q '"name":"Mencho","kind":"aka","weak":true' "$tmp/s" || fail "Mencho alias not shown"
grep -q '"dobs":\["1966-07-17","1964-07-17"\]' "$tmp/s" || fail "DOBs not shown"

# errors: missing primary (real partial set), unknown entry, bad usage
"$bin" lists info --lists "$W/sdn_2025-12_partial" 2>"$tmp/e1" && fail "partial set loaded"
grep -q 'sdn_2025-12_partial/sdn.csv: missing primary file' "$tmp/e1" || fail "message: $(cat "$tmp/e1")"
mkdir "$tmp/bad"
cp "$W/sdn_2025-05_sample17/"*.csv "$tmp/bad/"
printf '1,"X",-0- ,"SDNTK",-0- \r\n' >>"$tmp/bad/sdn.csv"
"$bin" lists info --lists "$tmp/bad" 2>"$tmp/e2" && fail "malformed set loaded"
grep -q 'sdn.csv:18: field .*wrong field count' "$tmp/e2" || fail "message: $(cat "$tmp/e2")"
"$bin" lists show --lists "$W/sdn_2025-05_sample17" 999999 2>/dev/null && fail "unknown uid"
"$bin" lists info --format xml 2>/dev/null
[ $? = 2 ] || fail "bad --format is not a usage error"
"$bin" lists frobnicate 2>/dev/null
[ $? = 2 ] || fail "unknown subcommand is not a usage error"
echo "lists info: ok"
