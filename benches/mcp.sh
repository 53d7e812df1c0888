#!/usr/bin/env bash
# What an MCP tool call adds over the same call through /api/*: the release
# server, one connection (so latency is per call, not queueing), the same
# question mix sent to POST /api/answer and as `tools/call answer_question` on
# Streamable HTTP at /mcp, in the same run.
#
# Usage: cargo build --release && benches/mcp.sh [duration]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
PORT=${PORT:-18182}
DATA=$(mktemp -d)
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }

${BIN:-target/release/docdesk} serve --addr "127.0.0.1:$PORT" --content "${CONTENT:-content}" --data-dir "$DATA" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf -o /dev/null "$URL/healthz"; do sleep 0.01; done

mcp_headers=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
# The server answers statelessly (no Mcp-Session-Id): every call stands alone,
# as in any load-balanced deployment. Initialise anyway, as a client would.
curl -sf -o /dev/null "${mcp_headers[@]}" "$URL/mcp" -d \
  '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'
# One call of each, to fail loudly if either path is broken rather than time errors.
MODE=mcp wrk -t1 -c1 -d1s -s benches/mcp_mix.lua "$URL" | grep -q 'Non-2xx' && { echo "MCP calls fail"; exit 1; }

run() {
  echo "== $1"
  MODE=$1 wrk -t1 -c1 -d"$DURATION" --latency -s benches/mcp_mix.lua "$URL" \
    | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
}
echo "== healthz"
wrk -t1 -c1 -d"$DURATION" --latency "$URL/healthz" | grep -E "Requests/sec|50%|99%"
run api
run mcp
run api
run mcp
