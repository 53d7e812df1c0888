#!/usr/bin/env bash
# Scale run: a generated knowledge base of DOCS documents x SECTIONS sections
# per language (benches/gen_corpus.rs), served by the release build with
# --watch and no result cache. Measures, against the targets in README
# ("At scale"):
#   - first start (no index yet: built before serving) and start with the
#     index it left, each to the first /healthz 200;
#   - resident memory after each start and after the load run, and the peak;
#   - /healthz then uncached /api/search (distinct queries, benches/scale_mix.lua)
#     in the same run: throughput, p50, p99, and the search/healthz ratio;
#   - the server's own time per search (took_ms), queries sent one at a time;
#   - EDITS content edits under --watch, each timed from the file write to the
#     first search that finds the new word, with the server's own breakdown.
# A marker search is checked to return its section first, so the load run
# measures real answers.
#
# The server and wrk are pinned to different cores (taskset), so the load
# generator does not take the server's CPU in the middle of a request: by
# default wrk gets the last core (one thread) and the server the others,
# with as many runtime workers as it has cores. SERVER_CPUS=all runs both
# unpinned, wrk with two threads. The server's own CPU time per request
# (user + system from /proc over the run) is printed with each wrk run: it
# does not depend on what else the machine is doing.
#
# Usage: cargo build --release --bin docdesk --example gen_corpus
#        benches/scale.sh [docs=500] [sections=20] [duration=10s] [connections=32]
# Environment: EDITS (default 5), PORT, BIN, SERVER_CPUS and LOAD_CPUS
# (taskset lists; defaults above).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-500}
SECTIONS=${2:-20}
DURATION=${3:-10s}
CONNECTIONS=${4:-32}
EDITS=${EDITS:-5}
PORT=${PORT:-18182}
BIN=${BIN:-target/release/docdesk}
WORK=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
CPUS=$(nproc)
if [ "${SERVER_CPUS:-}" = all ] || [ "$CPUS" -lt 2 ]; then
  server_pin=(); load_pin=(); LOAD_THREADS=2; WORKERS=$CPUS
else
  SERVER_CPUS=${SERVER_CPUS:-0-$((CPUS - 2))}
  LOAD_CPUS=${LOAD_CPUS:-$((CPUS - 1))}
  server_pin=(taskset -c "$SERVER_CPUS"); load_pin=(taskset -c "$LOAD_CPUS")
  count() { taskset -c "$1" nproc; }
  WORKERS=$(count "$SERVER_CPUS"); LOAD_THREADS=$(count "$LOAD_CPUS")
  echo "server on cores $SERVER_CPUS ($WORKERS runtime workers), wrk on cores $LOAD_CPUS ($LOAD_THREADS threads)"
fi
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/gen_corpus "$WORK/content" "$DOCS" "$SECTIONS"

start() {
  local began
  began=$(date +%s%N)
  DOCDESK_CACHE_ENTRIES=0 TOKIO_WORKER_THREADS=$WORKERS "${server_pin[@]}" "$BIN" serve --addr "127.0.0.1:$PORT" --content "$WORK/content" \
    --data-dir "$WORK/data" --watch >>"$WORK/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/log"; exit 1; }
    sleep 0.005
  done
  echo "$1: start to first /healthz 200: $(ms_since "$began") ms"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
status() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
rss() { echo "resident memory $1: $(( $(status VmRSS) / 1024 )) MB (peak $(( $(status VmHWM) / 1024 )) MB)"; }
search() { curl -sf "http://127.0.0.1:$PORT/api/search?$1"; }

start "first start (index built)"
rss "after first start"
echo "index on disk: $(du -sh "$WORK/data/index" | cut -f1)"
stop
start "start with existing index"
rss "after start"

# One right answer per marker: the first hit must be the marker's section.
read -r word doc section < <(sed -n "$(( (DOCS * SECTIONS + 1) / 2 ))p" "$WORK/content/markers.tsv")
search "lang=en&q=$word%20" | grep -q "^{[^}]*\"hits\":\[{\"doc\":\"$doc\",\"section\":\"$section\"" \
  || { echo "search for $word did not return $doc#$section first"; search "lang=en&q=$word%20"; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
run() {
  local name=$1 before; shift
  echo "== $name"
  before=$(cpu_ticks)
  "${load_pin[@]}" wrk -t"$LOAD_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$WORK/wrk"
  grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" "$WORK/wrk"
  awk -v ticks=$(( $(cpu_ticks) - before )) -v hz="$(getconf CLK_TCK)" '/requests in/ {
    printf "    server CPU per request: %.0f us\n", ticks / hz * 1e6 / $1 }' "$WORK/wrk"
  awk '/Requests\/sec/{print $2}' "$WORK/wrk" >"$WORK/rate-$name"
  awk '$1 == "99%" {print $2}' "$WORK/wrk" >"$WORK/p99-$name"
}
run healthz "http://127.0.0.1:$PORT/healthz"
QUERIES="$WORK/content/queries.txt" run search "http://127.0.0.1:$PORT" -s benches/scale_mix.lua
echo "p99 in the same run: /healthz $(cat "$WORK/p99-healthz"), uncached search $(cat "$WORK/p99-search")"
echo "uncached search / healthz throughput: $(awk -v s="$(cat "$WORK/rate-search")" -v h="$(cat "$WORK/rate-healthz")" 'BEGIN {printf "%.2f", s / h}')"
rss "after load"

# The server's own time per search (took_ms: parse, expand, search, snippets),
# one query at a time so no request waits for another: every 50th query of
# the mix, on the server that just took the load run.
awk 'NR % 50 == 1' "$WORK/content/queries.txt" | while read -r query; do
  search "$query" | grep -oE '"took_ms":[0-9.e-]+' | cut -d: -f2
done | sort -g | awk '{t[NR] = $1 * 1000} END {
  printf "server time per search, %d queries one at a time: p50 %.0f us, p90 %.0f us, p99 %.0f us\n",
    NR, t[int(NR * 0.5)], t[int(NR * 0.9)], t[int(NR * 0.99)] }'

# Each edit adds a section with a new word to one document (both languages,
# written one after the other as an editor would) and polls until a search
# finds it; the clock starts before the first write.
file="$WORK/content/docs/kb-00000"
latencies=()
for n in $(seq 1 "$EDITS"); do
  word="zqedited$(printf '%c' $(( 97 + n % 26 )))$n"
  reloads=$(grep -c "content reloaded" "$WORK/log" || true)
  began=$(date +%s%N)
  printf '\n## Edited under watch %s {#edited-%s}\n\nThe word %s appears now.\n' "$n" "$n" "$word" >>"$file.en.md"
  printf '\n## Editado com watch %s {#edited-%s}\n\nA palavra %s aparece agora.\n' "$n" "$n" "$word" >>"$file.pt-BR.md"
  until search "lang=en&q=$word%20" | grep -q "\"section\":\"edited-$n\""; do
    sleep 0.01
    [ "$(ms_since "$began")" -gt 30000 ] && { echo "edit $n not visible after 30 s"; exit 1; }
  done
  latencies+=("$(ms_since "$began")")
  # Let the reload that made it visible finish and log before the next edit.
  until [ "$(grep -c "content reloaded" "$WORK/log")" -gt "$reloads" ]; do sleep 0.05; done
  echo "edit $n visible in search after ${latencies[-1]} ms ($(grep "content reloaded" "$WORK/log" | tail -1 | grep -oE '(load|index|total)_ms=[0-9]+' | tr '\n' ' '))"
done
echo "content edit visible under --watch, median of $EDITS: $(printf '%s\n' "${latencies[@]}" | sort -n | sed -n "$(( (EDITS + 1) / 2 ))p") ms"
rss "at the end"
