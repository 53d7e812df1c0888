#!/usr/bin/env bash
# What live event streams cost in memory, and whether it comes back: the
# server's resident memory after start, with as many streams open as the
# default caps allow (--max-streams 256, --max-streams-per-run 32: 8 runs of
# 32), after they close, and after a second round of the same (memory that
# is reused, not lost, does not grow round after round). One more stream
# than the cap is refused.
#
# Usage: cargo build --release && benches/streams.sh [rounds]
# (BIN=target/debug/docdesk for a debug build.)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}
BIN=${BIN:-target/release/docdesk}
PORT=${PORT:-18182}
DATA=$(mktemp -d)

"$BIN" serve --addr "127.0.0.1:$PORT" --content content --data-dir "$DATA" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.01; done
rss() { awk '/VmRSS/{print $2}' "/proc/$pid/status"; }
echo "resident memory after start: $(rss) kB"

RUNS=""
for _ in $(seq 8); do
  RUNS="$RUNS $(curl -sf "http://127.0.0.1:$PORT/api/checklists" -H 'Content-Type: application/json' \
    -d '{"template":"cms-upgrade","params":{"cluster_type":"ccr","active_node":"EX1","passive_nodes":["EX2"],"target":"SP2","cluster_os":"windows-server-2003"}}' \
    | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')"
done

for round in $(seq "$ROUNDS"); do
  # Opens 32 streams on each run, reads each response head, reports the
  # server's memory, checks one more is refused, ticks a step of each run
  # (so every stream sends an event, read by each), then closes them all.
  PORT=$PORT PID=$pid RUNS=$RUNS ROUND=$round python3 - <<'EOF'
import os, socket, time
port, pid, runs = int(os.environ["PORT"]), os.environ["PID"], os.environ["RUNS"].split()
# Ticked in odd rounds, unticked in even ones: a change that changes nothing sends no event.
done = "true" if int(os.environ["ROUND"]) % 2 else "false"

def rss():
    with open(f"/proc/{pid}/status") as status:
        return next(l.split()[1] for l in status if l.startswith("VmRSS"))

def open_stream(run):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /api/checklists/{run}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(4096)
    return s, head.split(b"\r\n", 1)[0].decode()

streams = []
for run in runs:
    for _ in range(32):
        s, status = open_stream(run)
        assert " 200 " in status, status
        streams.append(s)
time.sleep(0.5)
print(f"with {len(streams)} streams open: {rss()} kB")
extra, status = open_stream(runs[0])
print(f"stream {len(streams) + 1}: {status}")
extra.close()
for run in runs:
    os.system(f"curl -sf -o /dev/null -X PATCH http://127.0.0.1:{port}/api/checklists/{run}/steps/move-groups-ex2 "
              "-H 'Content-Type: application/json' -d '{\"done\": " + done + "}'")
heard = 0
for s in streams:
    s.settimeout(5)
    got = b""
    while b"event: step" not in got:
        got += s.recv(65536)
    heard += 1
print(f"after a change on every run ({heard} streams heard theirs): {rss()} kB")
for s in streams:
    s.close()
EOF
  sleep 1
  echo "round $round, all closed: $(rss) kB (streams open: $(curl -sf "http://127.0.0.1:$PORT/metrics" | awk '/^docdesk_sse_streams_open /{print $2}'))"
done
