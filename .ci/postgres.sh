#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests that need one (the rules
# store, the SQL report loader) and exports ASANA_TEST_POSTGRES_URL. Sourced by
# .ci/run; usable by hand too:
#
#	source .ci/postgres.sh && pg_start && go test ./rules/... ; pg_stop
#
# The cluster lives in a temporary directory, listens on loopback on a free
# port, and is run by an unprivileged user (initdb refuses root). Without
# PostgreSQL's server binaries it says so and leaves the variable unset, so
# the tests skip with a message.

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

# pg_as CMD...: runs CMD as the cluster's owner.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local bin
  if ! bin=$(pg_bin); then
    echo "postgres: no server binaries (initdb); tests that need PostgreSQL will skip"
    return 0
  fi
  PG_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    PG_USER=postgres
    id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_USER"
  fi
  PG_DIR=$(mktemp -d /tmp/asana-pg.XXXXXX)
  chown "$PG_USER" "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  pg_as "$bin/initdb" -D "$PG_DIR/data" -U asana --auth=trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; return 1; }
  pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$PG_DIR/server.log"; return 1; }
  export PG_BIN="$bin" PG_DIR PG_USER PG_PORT
  export ASANA_TEST_POSTGRES_URL="postgres://asana@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR ASANA_TEST_POSTGRES_URL
}
