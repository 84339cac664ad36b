#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the sweep storage tests, creates a
# database, and prints the connection URL as an `export KGE_TEST_PG_URL=...` line.
#
#   eval "$(scripts/start-postgres.sh)"     # or: source scripts/start-postgres.sh
#
# Idempotent: a second call finds the server running and only prints the URL again.
# Installs Debian's postgresql package when no server binaries are found (needs root).
# Settings (environment): KGE_PG_PORT (54329), KGE_PG_DIR (${TMPDIR:-/tmp}/kge-postgres),
# KGE_PG_DB (kge_test). Stop it with: pg_ctl -D "$KGE_PG_DIR/data" stop (as its owner).

_kge_pg_main() {
  set -euo pipefail
  local port="${KGE_PG_PORT:-54329}"
  local root="${KGE_PG_DIR:-${TMPDIR:-/tmp}/kge-postgres}"
  local db="${KGE_PG_DB:-kge_test}"
  local data="$root/data"
  local say="echo start-postgres:"

  _find_bin() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  }

  local bin
  bin="$(_find_bin)"
  if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      $say "no PostgreSQL server binaries found and not root; install the postgresql package" >&2
      return 1
    fi
    $say "installing postgresql (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin="$(_find_bin)"
    [ -n "$bin" ] || { $say "postgresql installed but initdb not found" >&2; return 1; }
  fi

  # The server refuses to run as root: run it as the postgres system user then.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$root" --shell /bin/sh postgres
    as=(runuser -u postgres --)
  fi

  mkdir -p "$root"
  [ "$(id -u)" -eq 0 ] && chown postgres "$root"
  if [ ! -s "$data/PG_VERSION" ]; then
    $say "initializing a cluster in $data" >&2
    "${as[@]}" "$bin/initdb" -D "$data" --auth=trust --username=postgres -E UTF8 >/dev/null
  fi
  if ! "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    $say "starting the server on 127.0.0.1:$port" >&2
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 \
      -o "-p $port -h 127.0.0.1 -k $root -c max_connections=100 -c fsync=off" start >/dev/null
  fi

  local psql="$bin/psql"
  [ -x "$psql" ] || psql="$(command -v psql)"
  local exists
  exists="$("$psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
  if [ "$exists" != "1" ]; then
    "$psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
    $say "created database $db" >&2
  fi
  echo "export KGE_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/$db"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: export into the caller's shell without leaking `set -e` into it.
  _kge_pg_line="$( (_kge_pg_main) )" && eval "$_kge_pg_line" && echo "$_kge_pg_line"
  unset _kge_pg_line
else
  _kge_pg_main
fi
