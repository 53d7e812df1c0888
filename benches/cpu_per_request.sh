#!/usr/bin/env bash
# Server CPU time per request (user + system, read from /proc before and
# after a wrk run), for /healthz, /api/search and /api/answer. On a shared,
# loaded machine req/s says more about the neighbours than about docdesk;
# CPU per request compares two builds fairly (run them alternately).
#
# Usage: cargo build --release && benches/cpu_per_request.sh [duration] [connections]
# (BIN=other/docdesk to measure another build, with CONTENT=its/content when
# its content format differs; RUST_LOG=warn leaves out the request log.)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-6s}
CONNECTIONS=${2:-32}
BIN=${BIN:-target/release/docdesk}
CONTENT=${CONTENT:-content}
PORT=${PORT:-18183}
DATA=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }

RUST_LOG=${RUST_LOG:-info} "$BIN" serve --addr "127.0.0.1:$PORT" --content "$CONTENT" --data-dir "$DATA" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
  kill -0 $pid 2>/dev/null || { echo "the server did not start (content of another version?)"; exit 1; }
  sleep 0.01
done
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
for what in healthz search answer; do
  case $what in
    healthz) target=("http://127.0.0.1:$PORT/healthz") ;;
    search) target=("http://127.0.0.1:$PORT" -s benches/search_mix.lua) ;;
    answer) target=("http://127.0.0.1:$PORT" -s benches/answer_mix.lua) ;;
  esac
  before=$(cpu)
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${target[@]}")
  after=$(cpu)
  requests=$(awk '/requests in/{print $1}' <<<"$out")
  echo "$what: $requests requests, $(awk '/Requests\/sec/{print $2}' <<<"$out") req/s," \
    "server CPU $(( (after - before) * 1000000 / ticks / requests )) us/request"
done
