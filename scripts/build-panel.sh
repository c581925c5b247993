#!/usr/bin/env bash
# Builds the panel (release, size-optimised) into dist/ with trunk, offline, using npm binaryen's
# wasm-opt 132 (Debian's wasm-opt 108 produces a blank page; see README).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cargo fetch --locked >/dev/null
trunk build --release --offline --locked
