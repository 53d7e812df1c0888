#!/usr/bin/env bash
# Scale run: a generated knowledge base of DOCS documents x SECTIONS sections
# per language (benches/gen_corpus.rs), served by the release build.
# Measures first start (no index yet), start with an existing index, resident
# memory, /healthz vs uncached /api/search throughput in the same run, and
# (when the server has --watch) how long a content edit takes to be searchable.
#
# Usage: cargo build --release --bin docdesk --example gen_corpus
#        benches/scale.sh [docs=500] [sections=20] [duration=10s] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-500}
SECTIONS=${2:-20}
DURATION=${3:-10s}
CONNECTIONS=${4:-32}
PORT=${PORT:-18182}
BIN=${BIN:-target/release/docdesk}
WORK=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

target/release/examples/gen_corpus "$WORK/content" "$DOCS" "$SECTIONS"
WATCH=
"$BIN" serve --help | grep -q -- --watch && WATCH=--watch

start() {
  local began=$(date +%s%N)
  DOCDESK_CACHE_ENTRIES=0 "$BIN" serve --addr "127.0.0.1:$PORT" --content "$WORK/content" \
    --data-dir "$WORK/data" $WATCH >"$WORK/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/log"; exit 1; }
    sleep 0.005
  done
  echo "$1: start to first /healthz 200: $(( ($(date +%s%N) - began) / 1000000 )) ms"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
rss() { echo "resident memory $1: $(awk '/VmRSS/{print $2}' "/proc/$pid/status") kB"; }

start "first start"
# The index may still be written in the background; wait until it settles.
sleep 2
rss "after first start"
stop
start "start with existing index"
rss "after start"

run() {
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
}
run healthz "http://127.0.0.1:$PORT/healthz"
QUERIES="$WORK/content/queries.txt" run "search (uncached, distinct queries)" "http://127.0.0.1:$PORT" -s benches/scale_mix.lua
rss "after load"

if [ -n "$WATCH" ]; then
  file="$WORK/content/docs/kb-00000.en.md"
  began=$(date +%s%N)
  printf '\n## Edited under watch {#edited}\n\nThe word qzedited appears now.\n' >>"$file"
  sed -i '/^## Edited under watch/d; /qzedited/d' "${file%.en.md}.pt-BR.md" 2>/dev/null || true
  printf '\n## Editado com watch {#edited}\n\nA palavra qzedited aparece agora.\n' >>"${file%.en.md}.pt-BR.md"
  until curl -sf "http://127.0.0.1:$PORT/api/search?lang=en&q=qzedited%20" | grep -q '"section":"edited"'; do
    sleep 0.02
    [ $(( ($(date +%s%N) - began) / 1000000 )) -gt 30000 ] && { echo "edit not visible after 30 s"; break; }
  done
  echo "content edit visible in search after: $(( ($(date +%s%N) - began) / 1000000 )) ms"
fi
