#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints the
# variables to export:
#   eval "$(.ci/postgres.sh start)"    # DOCDESK_TEST_DATABASE_URL, DOCDESK_TEST_PGDATA
#   .ci/postgres.sh stop "$DOCDESK_TEST_PGDATA"
#   .ci/postgres.sh down DIR / up DIR   # shut the server down (fast), start it again
# The cluster lives in a new temporary directory (data and unix socket), on
# a free TCP port of 127.0.0.1, owned by a non-root user (PostgreSQL refuses
# to run as root): the package's `postgres` user when running as root.
set -euo pipefail

bindir() {
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$newest" ] || { echo "PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }
  echo "$newest"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$OWNER" -- "$@"
  else
    "$@"
  fi
}

start_server() {
  as_owner "$BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 start >&2 \
    || { cat "$1/server.log" >&2; exit 1; }
}

case "${1:-}" in
  start)
    BIN=$(bindir)
    if [ "$(id -u)" = 0 ]; then
      OWNER=postgres
      id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$OWNER"
    else
      OWNER=$(id -un)
    fi
    DIR=$(mktemp -d /tmp/docdesk-pg.XXXXXX)
    chmod 755 "$DIR"
    mkdir "$DIR/data" "$DIR/socket"
    [ "$(id -u)" = 0 ] && chown -R "$OWNER" "$DIR"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$BIN/initdb" -D "$DIR/data" -U docdesk --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    # Durable like production (fsync on); enough connections for tests that
    # start several servers, each with its pool. In the configuration file, so
    # that `up` starts it again on the same port.
    printf '%s\n' "port = $PORT" "unix_socket_directories = '$DIR/socket'" \
      "listen_addresses = '127.0.0.1'" "max_connections = 400" >>"$DIR/data/postgresql.conf"
    start_server "$DIR"
    echo "export DOCDESK_TEST_DATABASE_URL='postgres://docdesk@127.0.0.1:$PORT/postgres'"
    echo "export DOCDESK_TEST_PGDATA='$DIR'"
    ;;
  stop)
    DIR=${2:?usage: postgres.sh stop DIR}
    BIN=$(bindir)
    OWNER=$(stat -c %U "$DIR/data")
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >&2 || true
    rm -rf "$DIR"
    ;;
  down)
    DIR=${2:?usage: postgres.sh down DIR}
    BIN=$(bindir)
    OWNER=$(stat -c %U "$DIR/data")
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >&2
    ;;
  up)
    DIR=${2:?usage: postgres.sh up DIR}
    BIN=$(bindir)
    OWNER=$(stat -c %U "$DIR/data")
    start_server "$DIR"
    ;;
  *)
    echo "usage: $0 start | stop DIR | down DIR | up DIR" >&2
    exit 2
    ;;
esac
