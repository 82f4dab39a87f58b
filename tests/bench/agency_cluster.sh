#!/bin/bash
# A throw-away PostgreSQL 15 cluster on 127.0.0.1 for benchmarking FaceCase's agency database by
# hand (docs/benchmarks.md, "The agency database under load"). Unlike the test clusters
# (tests/support/private_postgres.cpp) it keeps the server's default durability (fsync and
# synchronous_commit on), as an agency's server would.
#
#   tests/bench/agency_cluster.sh start DIR PORT   # initdb + pg_ctl start; prints the URL
#   tests/bench/agency_cluster.sh stop DIR
#
# The superuser is facecase_admin, its password in DIR/password (export PGPASSWORD="$(cat
# DIR/password)"); SCRAM authentication as on an agency server. As root the server runs as the
# `postgres` user (or `nobody`), since PostgreSQL refuses to run as root.
set -euo pipefail
BIN=${FACECASE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
cmd=${1:?start|stop}; dir=${2:?cluster folder}
as_server() {
    if [ "$(id -u)" != 0 ]; then "$@"; return; fi
    local user=postgres; id "$user" >/dev/null 2>&1 || user=nobody
    setpriv --reuid="$(id -u $user)" --regid="$(id -g $user)" --clear-groups env HOME="$dir" "$@"
}
case "$cmd" in
start)
    port=${3:?port}
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
    [ "$(id -u)" = 0 ] && chown -R "$(id -u postgres 2>/dev/null || id -u nobody)" "$dir"
    as_server "$BIN/initdb" --pgdata="$dir/data" --username=facecase_admin --auth=scram-sha-256 \
        --pwfile="$dir/password" --encoding=UTF8 --locale=C --no-instructions >/dev/null
    printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$dir" \
        >> "$dir/data/postgresql.conf"
    as_server "$BIN/pg_ctl" start --pgdata="$dir/data" --log="$dir/server.log" --wait \
        --options="-p $port" >/dev/null
    echo "postgresql://facecase_admin@127.0.0.1:$port/postgres"
    ;;
stop)
    as_server "$BIN/pg_ctl" stop --pgdata="$dir/data" --mode=fast --wait >/dev/null
    ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
