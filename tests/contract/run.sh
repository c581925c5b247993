#!/usr/bin/env bash
# Contract layer: every FusionAuth adapter operation goes
#   cargo test (crates/proxy/tests/contract.rs)
#     -> lockdesk-proxy --config lockdesk.toml   127.0.0.1:4012  (adds the API key)
#     -> prism proxy --errors <FusionAuth spec>   127.0.0.1:4010  (validates both directions)
#     -> lockdesk-proxy sandbox                   127.0.0.1:4011  (FusionAuth simulator)
# and fails if the Rust test fails or Prism logged a violation at error level.
# Binary: $LOCKDESK_PROXY_BIN, default <repo>/target/release/lockdesk-proxy. Logs: tests/contract/*.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
BIN="${LOCKDESK_PROXY_BIN:-$repo/target/release/lockdesk-proxy}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
PRISM="$here/node_modules/.bin/prism"
SPEC="$here/specs/fusionauth-openapi.yaml"
SANDBOX=127.0.0.1:4011 PRISM_ADDR=127.0.0.1:4010 PROXY=127.0.0.1:4012

die() { echo "contract: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "lockdesk-proxy not found at $BIN (build it, or set LOCKDESK_PROXY_BIN)"
[ -x "$PRISM" ] || die "Prism is not installed: run 'npm ci' in $here"
[ -f "$SPEC" ] || die "missing $SPEC"
for addr in $SANDBOX $PRISM_ADDR $PROXY; do
  if curl -s -o /dev/null --max-time 2 "http://$addr/"; then die "something already listens on $addr"; fi
done

# Build the test before any server starts, so compile time does not count against them.
(cd "$repo" && cargo test --locked -p lockdesk-proxy --test contract --no-run)

pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CMD...: runs CMD in its own process group (so cleanup reaches its children), logging to NAME.log.
start() {
  local name=$1; shift
  setsid "$@" >"$here/$name.log" 2>&1 &
  pids+=("$!")
}

# wait_up NAME URL: until URL answers with any HTTP status; fails with the log tail after 60 s or if NAME exits.
wait_up() {
  local name=$1 url=$2 pid=${pids[-1]} deadline=$((SECONDS + 60))
  until curl -s -o /dev/null --max-time 2 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "contract: $name exited before answering on $url; last lines of $name.log:" >&2
      tail -n 40 "$here/$name.log" >&2; exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "contract: $name did not answer on $url within 60 s; last lines of $name.log:" >&2
      tail -n 40 "$here/$name.log" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "contract: $name is up on $url"
}

key="contract-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"

cd "$here"
start sandbox env LOCKDESK_SANDBOX_API_KEY="$key" "$BIN" sandbox --listen "$SANDBOX"
wait_up sandbox "http://$SANDBOX/"

start prism "$PRISM" proxy --errors -h 127.0.0.1 -p 4010 "$SPEC" "http://$SANDBOX"
wait_up prism "http://$PRISM_ADDR/"   # loading the spec takes about 6 s
prism_lines=$(wc -l <"$here/prism.log")  # our readiness probes end above this line

start proxy env LOCKDESK_CONTRACT_API_KEY="$key" "$BIN" --config "$here/lockdesk.toml" --listen "$PROXY"
wait_up proxy "http://$PROXY/"

status=0
(cd "$repo" && LOCKDESK_CONTRACT_URL="http://$PROXY/proxy/fusionauth-contract" \
  cargo test --locked -p lockdesk-proxy --test contract -- --ignored --nocapture) || status=$?

# Prism, with --errors, answers a violating exchange with an error and logs it at error level.
violations=$(tail -n +"$((prism_lines + 1))" "$here/prism.log" \
  | grep -E '✖ +error' | grep -iE 'violation|UNPROCESSABLE_ENTITY|Invalid request' || true)
if [ -n "$violations" ]; then
  echo "contract: Prism reported violations of the FusionAuth spec:" >&2
  echo "$violations" >&2
  echo "contract: (Prism logs no details; its error body, with a \"validation\" list, is in the test output above)" >&2
  status=1
fi
warnings=$(tail -n +"$((prism_lines + 1))" "$here/prism.log" | grep -E '⚠ +warning' | grep -i violation || true)
[ -z "$warnings" ] || { echo "contract: Prism warnings (not failing):"; echo "$warnings"; }

# Self-check: Prism must really be validating. A request that breaks the spec (queryString must be
# a string) sent straight to Prism has to be refused with 422; otherwise the layer proves nothing.
probe=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://$PRISM_ADDR/api/user/search" \
  -H "Authorization: $key" -H 'Content-Type: application/json' -d '{"search":{"queryString":123}}')
if [ "$probe" != 422 ]; then
  echo "contract: Prism let a spec-breaking request through (HTTP $probe); it is not validating" >&2
  status=1
else
  echo "contract: self-check: Prism refused a spec-breaking request with 422"
fi

if [ "$status" -ne 0 ]; then
  echo "contract: FAILED (logs: $here/{sandbox,prism,proxy}.log)" >&2
  exit "$status"
fi
echo "contract: passed; Prism found no violation"
