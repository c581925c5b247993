#!/usr/bin/env bash
# Fuzzes request recognition (the proxy's gate) with cargo-fuzz / libFuzzer for FUZZ_SECONDS
# (default 30). Stable Rust: `--sanitizer none` (Rust's memory safety stands in for ASan; what is
# looked for is panics and broken round trips). Seeds: fuzz/seeds/recognise (real adapter
# requests); new inputs collect in target/fuzz-corpus, crashes in fuzz/artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null || {
  echo "fuzz: installing cargo-fuzz (about 2 minutes)"
  cargo install cargo-fuzz --locked
}
corpus=target/fuzz-corpus/recognise
mkdir -p "$corpus"
log=target/fuzz-corpus/recognise.log
if ! cargo fuzz run --sanitizer none recognise "$corpus" fuzz/seeds/recognise -- \
  -max_total_time="${FUZZ_SECONDS:-30}" -print_final_stats=1 >"$log" 2>&1; then
  tail -60 "$log"
  echo "fuzz: recognise FAILED (the crashing input is in fuzz/artifacts/recognise)" >&2
  exit 1
fi
grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done)" "$log" || tail -5 "$log"
