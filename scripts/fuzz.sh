#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
# undefined behaviour stops a target like a crash (UBSan only prints by default)
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
CC=clang cmake -S . -B build-fuzz -DRF_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzzers
fails=0; n=0
for t in build-fuzz/fuzz_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t"); n=$((n + 1))
  corpus=fuzz/corpus/${name#fuzz_}; mkdir -p "build-fuzz/corpus-$name"
  seeds=(); [ -d "$corpus" ] && seeds=("$corpus")
  if "$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      "build-fuzz/corpus-$name" "${seeds[@]}" >"build-fuzz/$name.log" 2>&1; then
    echo "fuzz: $name ok ($(grep -c . "build-fuzz/$name.log") log lines)"
  else
    echo "fuzz: $name FAILED"; tail -40 "build-fuzz/$name.log"; fails=$((fails + 1))
  fi
done
echo "fuzz: $((n - fails)) passed, $fails failed"
[ $fails = 0 ]
