#!/usr/bin/env bash
# `redflag lists update` against a local HTTP server (never a real host):
# download, validation, atomic swap, kept previous version, unchanged
# re-run, and corrupt downloads that must leave the current copy untouched.
#   bash test_update.sh <redflag-binary> <shared-data-dir>
set -u
bin=$(realpath "$1")
data=$2
W=$data/ofac/watchman
py=/usr/bin/python3
tmp=$(mktemp -d /tmp/rf_lists_update_XXXXXX)
srv=$tmp/srv
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$srv"
# SDN files under OFAC's upper-case names; CONS lower-case (tests the fallback)
serve_sdn() { # dir
  for f in sdn alt add sdn_comments; do
    cp "$1/$f.csv" "$srv/$(echo "$f" | tr a-z A-Z).CSV"
  done
}
serve_sdn "$W/sdn_2025-05_sample17"
cp "$W"/cons_2025-12/cons_*.csv "$srv/"

# start the server on a free port (retry if the port was taken meanwhile)
for attempt in 1 2 3; do
  port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $py -m http.server "$port" --bind 127.0.0.1 --directory "$srv" >"$tmp/http.log" 2>&1 &
  pid=$!
  for _ in $(seq 50); do
    if $py -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$port)))"; then
      break 2
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
done
[ -n "$pid" ] || fail "could not start the local HTTP server"
url=http://127.0.0.1:$port/
root=$tmp/lists

# 0. trade.gov's Consolidated Screening List, only when asked for (--csl)
printf '_id,source,type,programs,name,alt_names\nc1,Entity List (EL),,,ACME TRADING,ACME\n' \
  > "$srv/consolidated.csv"
"$bin" lists update --dir "$tmp/csl" --base-url "$url" --csl >"$tmp/out0" 2>"$tmp/err0" ||
  { cat "$tmp/err0"; fail "csl update failed"; }
grep -q '^CSL updated .* entities=1 ' "$tmp/out0" || fail "CSL not reported: $(cat "$tmp/out0")"
grep -q '^SDN' "$tmp/out0" && fail "--csl alone also fetched SDN"
[ -L "$tmp/csl/csl/current" ] || fail "csl/current is not a symlink"
"$bin" lists show --lists "$tmp/csl/csl/current" --list CSL c1 | grep -q '"name":"ACME TRADING"' ||
  fail "downloaded CSL entry not readable"

# 1. first download installs current
"$bin" lists update --dir "$root" --base-url "$url" >"$tmp/out1" 2>"$tmp/err1" ||
  { cat "$tmp/err1"; fail "first update failed"; }
grep -q '^SDN updated' "$tmp/out1" || fail "SDN not reported updated: $(cat "$tmp/out1")"
grep -q '^CONS updated' "$tmp/out1" || fail "CONS not reported updated"
[ -L "$root/sdn/current" ] || fail "sdn/current is not a symlink"
[ -L "$root/cons/current" ] || fail "cons/current is not a symlink"
cmp -s "$root/sdn/current/sdn.csv" "$W/sdn_2025-05_sample17/sdn.csv" || fail "sdn.csv differs"
cmp -s "$root/sdn/current/sdn_comments.csv" "$W/sdn_2025-05_sample17/sdn_comments.csv" ||
  fail "sdn_comments.csv differs"
cmp -s "$root/cons/current/cons_prim.csv" "$W/cons_2025-12/cons_prim.csv" || fail "cons_prim differs"
[ -e "$root/sdn/previous" ] && fail "previous exists after the first update"
"$bin" lists info --lists "$root/sdn/current" --format json >"$tmp/info1" || fail "info on current"
grep -q '"entities":17,' "$tmp/info1" || fail "current does not hold the 17-entry set"
v1=$(readlink "$root/sdn/current")

# 2. same files again: unchanged, nothing swapped
"$bin" lists update --dir "$root" --base-url "$url" --sdn >"$tmp/out2" 2>"$tmp/err2" ||
  fail "second update failed"
grep -q '^SDN unchanged' "$tmp/out2" || fail "SDN not reported unchanged: $(cat "$tmp/out2")"
[ "$(readlink "$root/sdn/current")" = "$v1" ] || fail "current moved on an unchanged update"

# 3. a new version: current swapped, the old one kept as previous
serve_sdn "$W/sdn_2021-07"
"$bin" lists update --dir "$root" --base-url "$url" --sdn >"$tmp/out3" 2>"$tmp/err3" ||
  { cat "$tmp/err3"; fail "third update failed"; }
grep -q '^SDN updated .* entities=8976 ' "$tmp/out3" || fail "new SDN not installed: $(cat "$tmp/out3")"
[ "$(readlink "$root/sdn/previous")" = "$v1" ] || fail "previous does not point at the old version"
cmp -s "$root/sdn/previous/sdn.csv" "$W/sdn_2025-05_sample17/sdn.csv" || fail "previous content"
cmp -s "$root/sdn/current/sdn.csv" "$W/sdn_2021-07/sdn.csv" || fail "current content"
v2=$(readlink "$root/sdn/current")
sum_before=$(cat "$root"/sdn/current/*.csv | sha256sum)

# 4. a truncated download is rejected; current and previous stay as they were
head -c 100000 "$W/sdn_2021-07/sdn.csv" >"$srv/SDN.CSV"
"$bin" lists update --dir "$root" --base-url "$url" --sdn >"$tmp/out4" 2>"$tmp/err4" &&
  fail "update of a truncated file succeeded"
grep -q 'truncated' "$tmp/err4" || fail "no truncation message: $(cat "$tmp/err4")"
grep -q 'sdn.csv:' "$tmp/err4" || fail "message does not name the file"
[ "$(readlink "$root/sdn/current")" = "$v2" ] || fail "current moved after a bad download"
[ "$(readlink "$root/sdn/previous")" = "$v1" ] || fail "previous moved after a bad download"
[ "$(cat "$root"/sdn/current/*.csv | sha256sum)" = "$sum_before" ] || fail "current files changed"
ls -a "$root/sdn" | grep -q '^\.download-' && fail "temporary download dir left behind"

# 5. an empty file and a missing file (HTTP 404) are rejected the same way
: >"$srv/SDN.CSV"
"$bin" lists update --dir "$root" --base-url "$url" --sdn >/dev/null 2>"$tmp/err5" &&
  fail "update of an empty file succeeded"
grep -q 'empty file' "$tmp/err5" || fail "no empty-file message: $(cat "$tmp/err5")"
serve_sdn "$W/sdn_2021-07"
rm -f "$srv/ALT.CSV"
"$bin" lists update --dir "$root" --base-url "$url" --sdn >/dev/null 2>"$tmp/err6" &&
  fail "update with a missing file succeeded"
grep -q 'HTTP status 404' "$tmp/err6" || fail "no 404 message: $(cat "$tmp/err6")"
[ "$(readlink "$root/sdn/current")" = "$v2" ] || fail "current moved after a failed download"
[ "$(cat "$root"/sdn/current/*.csv | sha256sum)" = "$sum_before" ] || fail "current files changed"

# 6. a well-formed but much smaller set (cut at a line end?) is refused
#    unless --force; --force installs it and keeps the replaced one
serve_sdn "$W/sdn_2025-05_sample17"
"$bin" lists update --dir "$root" --base-url "$url" --sdn >/dev/null 2>"$tmp/err6b" &&
  fail "a set that lost most of its entries was installed"
grep -q 'refusing the downloaded sdn set: 17 entries against 8976' "$tmp/err6b" ||
  fail "no shrink message: $(cat "$tmp/err6b")"
[ "$(readlink "$root/sdn/current")" = "$v2" ] || fail "current moved after a refused download"
"$bin" lists update --dir "$root" --base-url "$url" --sdn --force >/dev/null 2>"$tmp/err6c" ||
  { cat "$tmp/err6c"; fail "--force did not install"; }
[ "$(readlink "$root/sdn/previous")" = "$v2" ] || fail "previous is not the replaced version"
cmp -s "$root/sdn/current/sdn.csv" "$W/sdn_2025-05_sample17/sdn.csv" || fail "forced content"
n=$(ls -d "$root"/sdn/v-* | wc -l)
[ "$n" = 2 ] || fail "expected 2 kept versions (current, previous), found $n"
serve_sdn "$W/sdn_2021-07"

# 7. nothing listens: network error, non-zero exit
"$bin" lists update --dir "$root" --base-url "http://127.0.0.1:1/" --timeout 5 >/dev/null 2>"$tmp/err7" &&
  fail "update without a server succeeded"
grep -q 'download failed' "$tmp/err7" || fail "no network error message: $(cat "$tmp/err7")"

# 8. default dir (HOME) and default lists: info picks up what update installed
cp "$W/sdn_2021-07/alt.csv" "$srv/ALT.CSV"
home=$tmp/home
mkdir -p "$home"
HOME=$home XDG_DATA_HOME= "$bin" lists update --base-url "$url" >/dev/null 2>"$tmp/err8" ||
  { cat "$tmp/err8"; fail "update into the default dir failed"; }
[ -L "$home/.local/share/redflag/lists/sdn/current" ] || fail "default dir not used"
(cd "$tmp" && env -u REDFLAG_LISTS_DIR HOME=$home XDG_DATA_HOME= "$bin" lists info --format json) >"$tmp/info9" ||
  fail "info with default dirs failed"
grep -q "$home/.local/share/redflag/lists/sdn/current" "$tmp/info9" || fail "info did not use the installed lists"
grep -q '"entities":8976,' "$tmp/info9" || fail "installed SDN not loaded"
grep -q '"list":"CONS"' "$tmp/info9" || fail "installed CONS not loaded"
echo "lists update: ok"
