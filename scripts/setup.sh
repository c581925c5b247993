#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test lockdesk, and reuses whatever is already
# there (a second run takes about a second). Only package registries are used: Debian, crates.io,
# npm. Nothing downloads a browser or a prebuilt toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION" || {
  echo "setup: installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
}
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print}' Cargo.lock)
[ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WB" ] || {
  echo "setup: installing wasm-bindgen-cli $WB (matches Cargo.lock)"
  # No --locked: its lock names a webpki-roots release the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WB" --force
}
# scim2-server (PyPI), the real SCIM 2.0 server the contract layer runs, in a venv of its own.
SCIM2_SERVER_VERSION=0.8.3
SCIM_VENV="${LOCKDESK_SCIM_VENV:-$HOME/.cache/lockdesk/scim2-server-$SCIM2_SERVER_VERSION}"
if [ ! -x "$SCIM_VENV/bin/scim2-server" ]; then
  echo "setup: installing scim2-server $SCIM2_SERVER_VERSION from PyPI into $SCIM_VENV"
  python3 -m venv "$SCIM_VENV"
  "$SCIM_VENV/bin/pip" install --quiet --disable-pip-version-check "scim2-server==$SCIM2_SERVER_VERSION"
fi
for dir in tools tests/e2e tests/contract; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
echo "setup: all tools present"
