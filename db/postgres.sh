#!/usr/bin/env bash
# Starts or stops a local PostgreSQL 15 cluster for the engine, listening on loopback only.
#
#   db/postgres.sh start <data-dir> <port> [--createdb]   initialise if new, start, create role and database
#   db/postgres.sh stop  <data-dir>
#
# Installs Debian's postgresql-15 first when it is missing and we are root. The cluster runs as the
# "postgres" user when started by root, as the current user otherwise. The engine's role and database are
# both "caseengine" (password from CASEENGINE_DB_PASSWORD, default "caseengine"); --createdb lets the role
# create databases, which the integration tests need.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
action=${1:?start or stop}
data=$(realpath -m "${2:?data folder}")
password=${CASEENGINE_DB_PASSWORD:-caseengine}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$action" = stop ]; then
  if [ -f "$data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  exit 0
fi

port=${3:?port}
createdb=NOCREATEDB
[ "${4:-}" = --createdb ] && createdb=CREATEDB

if [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL 15 is not installed: run 'sudo apt-get install postgresql-15', or run this as root." >&2
    exit 1
  fi
  echo "Installing PostgreSQL 15 from the Debian packages ..." >&2
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 >&2
fi

mkdir -p "$data"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi

if [ ! -f "$data/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
max_connections = 200
shared_buffers = 256MB
CONF
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null
fi

psql_admin() { as_owner psql -h "$data" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'caseengine') THEN
    CREATE ROLE caseengine LOGIN;
  END IF;
END \$\$;" -c "ALTER ROLE caseengine $createdb PASSWORD '$password';"
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'caseengine'")" ]; then
  psql_admin -c "CREATE DATABASE caseengine OWNER caseengine;"
fi
echo "Host=127.0.0.1;Port=$port;Database=caseengine;Username=caseengine;Password=$password"
