#!/usr/bin/env bash
# Durable step updates through two servers sharing one PostgreSQL database:
# two wrk runs at once, one per server, on one run (the contended case: every
# change locks the run), against the release build. Uses DOCDESK_DATABASE_URL
# when set; otherwise starts a throwaway cluster with .ci/postgres.sh.
#
# Usage: cargo build --release && benches/replicas.sh [duration] [connections per server]
# (BIN=target/debug/docdesk to measure a debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
CONNECTIONS=${2:-16}
PORT_A=${PORT_A:-18281}
PORT_B=${PORT_B:-18282}
BIN=${BIN:-target/release/docdesk}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
DATA=$(mktemp -d)
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  rm -rf "$DATA"
  if [ -n "$STARTED" ]; then .ci/postgres.sh stop "$STARTED"; fi
}
STARTED=
PIDS=()
trap cleanup EXIT
if [ -z "${DOCDESK_DATABASE_URL:-}" ]; then
  eval "$(.ci/postgres.sh start)"
  STARTED=$DOCDESK_TEST_PGDATA
  DOCDESK_DATABASE_URL=$DOCDESK_TEST_DATABASE_URL
fi

for port in "$PORT_A" "$PORT_B"; do
  "$BIN" serve --addr "127.0.0.1:$port" --content content --data-dir "$DATA/$port" \
    --database-url "$DOCDESK_DATABASE_URL" >"$DATA/$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "$PORT_A" "$PORT_B"; do
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
done

RUN_ID=$(curl -sf "http://127.0.0.1:$PORT_A/api/checklists" -H 'Content-Type: application/json' \
  -d '{"template":"cms-upgrade","params":{"cluster_type":"ccr","active_node":"EX1","passive_nodes":["EX2"],"target":"SP2","cluster_os":"windows-server-2003"}}' \
  | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
export RUN_ID

echo "== durable step updates (PATCH) through two servers, $CONNECTIONS connections each, $DURATION"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s benches/step_updates.lua "http://127.0.0.1:$PORT_A" >"$DATA/a.txt" &
wrk_a=$!
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s benches/step_updates.lua "http://127.0.0.1:$PORT_B" >"$DATA/b.txt"
wait "$wrk_a"
for server in a b; do
  echo "-- server $server"
  grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" "$DATA/$server.txt"
done
total=$(cat "$DATA/a.txt" "$DATA/b.txt" | awk '/Requests\/sec/{s+=$2} END{printf "%.0f", s}')
echo "total: $total acknowledged changes/s"
revision=$(curl -sf "http://127.0.0.1:$PORT_B/api/checklists/$RUN_ID" | sed -E 's/.*"revision":([0-9]+).*/\1/')
echo "run revision afterwards (every change counted once): $revision"
# Acknowledged requests include ticks the other server had just made (the
# same step, the same value: nothing to write); the revision counts the
# changes stored.
seconds=$(awk -v d="$DURATION" 'BEGIN{n=d+0; if (d ~ /m$/) n*=60; else if (d ~ /h$/) n*=3600; print n}')
echo "stored changes: $(awk -v r="$revision" -v s="$seconds" 'BEGIN{printf "%.0f", r/s}')/s"
