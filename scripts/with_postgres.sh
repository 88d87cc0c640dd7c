#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb into a temp folder (as the
# postgres user when run as root), listen on a unix socket only, export DATABASE_URL, run the
# command, then stop the server and remove the folder, also when the command fails.
set -euo pipefail

find_pgbin() {
  # PGBIN if given, else Debian's newest /usr/lib/postgresql/N/bin, else initdb on the PATH.
  if [ -n "${PGBIN:-}" ] && [ -x "$PGBIN/initdb" ]; then
    return
  fi
  PGBIN="$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)"
  if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    PGBIN="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  fi
}

find_pgbin
if [ ! -x "$PGBIN/initdb" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  # Like the browser tests' Chromium: the server comes from Debian's packages.
  "$(dirname "$0")/apt_install.sh" postgresql || true
  find_pgbin
fi
if [ ! -x "$PGBIN/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "with_postgres: no PostgreSQL server binaries found, and CI must test on PostgreSQL." >&2
    exit 1
  fi
  # The last lines of the run: a skipped PostgreSQL run must not pass unnoticed.
  {
    echo
    echo "+--------------------------------------------------------------------------+"
    echo "| WARNING: PostgreSQL server binaries (initdb) were not found.             |"
    echo "| The PostgreSQL test run was SKIPPED; only SQLite was tested.             |"
    echo "| Install them (Debian: apt-get install postgresql) or set PGBIN, then run |"
    echo "| make test-postgres. CI (CI=true) fails instead of skipping.              |"
    echo "+--------------------------------------------------------------------------+"
  } >&2
  exit 0
fi

tmp="$(mktemp -d /tmp/planportal-pg.XXXXXX)"
chmod 755 "$tmp"
mkdir "$tmp/data" "$tmp/sock"

as_pg() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
if [ "$(id -u)" = "0" ]; then
  chown postgres "$tmp/data" "$tmp/sock"
fi

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

as_pg "$PGBIN/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/sock/server.log" -w \
  -o "-c listen_addresses='' -k $tmp/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "with_postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on socket $tmp/sock"

export DATABASE_URL="postgres://postgres@/planportal?host=$tmp/sock"
"$@"
