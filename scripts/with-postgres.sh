#!/usr/bin/env bash
# Run a command with TRUCEWATCH_TEST_POSTGRES_URL pointing at a throw-away
# PostgreSQL cluster on 127.0.0.1, started here and removed afterwards.
# If the URL is already set, the command runs as it is. If no PostgreSQL server
# is installed it fails, saying what to install, unless TRUCEWATCH_TEST_SKIP
# names postgres (an explicit opt-out: the run then says loudly that every
# PostgreSQL test was skipped).
set -euo pipefail

if [ -n "${TRUCEWATCH_TEST_POSTGRES_URL:-}" ]; then exec "$@"; fi
if [[ ",${TRUCEWATCH_TEST_SKIP:-}," == *,postgres,* ]]; then
  echo "with-postgres: TRUCEWATCH_TEST_SKIP=postgres: EVERY POSTGRESQL TEST WILL BE SKIPPED" >&2
  exec "$@"
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: no PostgreSQL server installed: apt-get install postgresql" \
    "(or TRUCEWATCH_TEST_SKIP=postgres to run without it)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/trucewatch-pg.XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null
export TRUCEWATCH_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: throw-away PostgreSQL on 127.0.0.1:$port" >&2
"$@"
