#!/usr/bin/env bash
# Starts lockdesk on the embedded sandbox: builds the panel and lockdesk-proxy, then serves both
# on http://127.0.0.1:8080/ (override with LOCKDESK_LISTEN). Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-panel.sh
cargo build --release --locked -p lockdesk-proxy
exec target/release/lockdesk-proxy --sandbox --listen "${LOCKDESK_LISTEN:-127.0.0.1:8080}" --dist dist
