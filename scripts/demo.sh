#!/usr/bin/env bash
# The main job on a fresh machine: install, build, run the whole pipeline on
# the demo data and write the report to ./demo-report/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)" --target redflag
./build/redflag demo --out demo-report "$@"
