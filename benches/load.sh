#!/usr/bin/env bash
# HTTP load run against the release build: /healthz vs /api/search (and more
# endpoints as they land), same run, same settings, so the ratio is meaningful
# on a noisy 2-core machine.
#
# Usage: cargo build --release && benches/load.sh [duration] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
CONNECTIONS=${2:-32}
PORT=${PORT:-18181}
DATA=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }

start=$(date +%s%N)
target/release/docdesk serve --addr "127.0.0.1:$PORT" --content content --data-dir "$DATA" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.002; done
echo "startup to first /healthz 200: $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "resident memory after start: $(awk '/VmRSS/{print $2}' "/proc/$pid/status") kB"

run() {
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
}
run healthz "http://127.0.0.1:$PORT/healthz"
run search "http://127.0.0.1:$PORT" -s benches/search_mix.lua
run answer "http://127.0.0.1:$PORT" -s benches/answer_mix.lua

RUN_ID=$(curl -sf "http://127.0.0.1:$PORT/api/checklists" -H 'Content-Type: application/json' \
  -d '{"template":"cms-upgrade","params":{"cluster_type":"ccr","active_node":"EX1","passive_nodes":["EX2"],"target":"SP2","cluster_os":"windows-server-2003"}}' \
  | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
export RUN_ID
run "durable step updates (PATCH)" "http://127.0.0.1:$PORT" -s benches/step_updates.lua
run "run page (GET /checklists/{id})" "http://127.0.0.1:$PORT/checklists/$RUN_ID"
echo "resident memory after load: $(awk '/VmRSS/{print $2}' "/proc/$pid/status") kB"
