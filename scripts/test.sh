#!/usr/bin/env bash
# Runs every test layer, in order, and stops at the first failure:
#   1. rustfmt, clippy (-D warnings), idp checked for wasm32
#   2. cargo test --workspace (native unit and integration tests), then cargo fuzz for 30 s
#   3. wasm-bindgen-test in headless Debian Chromium (tests/web.rs)
#   4. Playwright end to end: the release panel served by the real lockdesk-proxy on the sandbox
#   5. Contract: adapter requests through lockdesk-proxy and `prism proxy --errors` (vendor spec)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CHROMEDRIVER=/usr/bin/chromedriver
step() { printf '\n=== %s ===\n' "$*"; }

step "1. format, lint, wasm32 check"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p lockdesk --all-targets --locked -- -D warnings
cargo check -p idp --target wasm32-unknown-unknown --locked

step "2. native tests"
cargo test --workspace --locked

step "2b. coverage-guided fuzzing of request recognition (cargo fuzz, ${FUZZ_SECONDS:-30} s)"
bash scripts/fuzz.sh

step "3. components in headless Chromium"
cargo test --target wasm32-unknown-unknown --test web --locked

step "4. end to end (Playwright, real proxy, sandbox)"
bash scripts/build-panel.sh
cargo build --locked -p lockdesk-proxy
export LOCKDESK_PROXY_BIN="$PWD/target/debug/lockdesk-proxy"
(cd tests/e2e && CI=true npx playwright test)

step "5. contract (Prism with the official FusionAuth and Okta specs)"
bash tests/contract/run.sh

step "bundle size (benchmark, informational)"
bash bench/bundle-size dist
echo
echo "All test layers passed."
