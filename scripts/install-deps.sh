#!/usr/bin/env bash
# Installs the Debian packages redflag needs to build, test, fuzz and benchmark.
set -euo pipefail
PKGS=(build-essential cmake pkg-config clang libclang-rt-14-dev
      libutf8proc-dev libcurl4-openssl-dev libsqlite3-dev sqlite3 libjansson-dev
      libcmocka-dev libigraph-dev libicu-dev zlib1g-dev liblzma-dev libbz2-dev
      python3 python3-jellyfish python3-networkx python3-pandas python3-scipy)
need=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
