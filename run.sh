#!/usr/bin/env bash
# Starts the engine: a local PostgreSQL (Debian's postgresql-15, installed when missing if run as root; data in
# .data/postgres; loopback only), migrates it, then runs the Orleans silo and the HTTP API in one process.
# API on http://127.0.0.1:5080 unless ASPNETCORE_URLS says otherwise; Swagger at /swagger. Ctrl-C or SIGTERM stops the
# engine (it drains its requests and leaves the cluster), then the database.
#
#   ./run.sh            durable engine on the local PostgreSQL (or on ConnectionStrings__CaseEngine if set)
#   ./run.sh --memory   throwaway demo in memory: nothing is kept
#   ./run.sh token --user ID --role ROLE --office CODE [--district] [--name NAME] [--hours N]
#                       prints a token signed with the local key (.data/signing-key, made on first use)
#   ./run.sh admin --user ID --name "Full Name" [--office CODE]
#                       creates the first district administrator, only while there is none; the password is read
#                       from standard input (empty: one is generated and printed once)
#   ./run.sh demo [--api http://127.0.0.1:5080] [--seed N]
#                       seeds a working day of the 23 offices into the running engine (another terminal)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Tokens are checked with the local key unless an identity provider or another key is configured.
if [ -z "${CaseEngine__Auth__SigningKey:-}" ] && [ -z "${CaseEngine__Auth__Authority:-}" ]; then
  if [ ! -s .data/signing-key ]; then
    mkdir -p .data
    (umask 077 && head -c 32 /dev/urandom | base64 > .data/signing-key)
  fi
  CaseEngine__Auth__SigningKey=$(cat .data/signing-key)
  export CaseEngine__Auth__SigningKey
fi

if ! build=$(dotnet build api -c Release -nologo -v q 2>&1); then
  echo "$build" >&2
  exit 1
fi

if [ "${1:-}" = token ] || [ "${1:-}" = demo ]; then
  exec dotnet api/bin/Release/net10.0/CaseEngine.Api.dll "$@"
fi

database=
if [ "${1:-}" = admin ]; then
  # The command needs the database: the local one is started for it when it is not running, and stopped again after.
  started=
  if [ -z "${ConnectionStrings__CaseEngine:-}" ]; then
    database="${CASEENGINE_DB_DIR:-$root/.data/postgres}"
    [ -f "$database/postmaster.pid" ] || started=yes
    ConnectionStrings__CaseEngine=$("$root/db/postgres.sh" start "$database" "${CASEENGINE_DB_PORT:-55432}")
    export ConnectionStrings__CaseEngine
  fi
  status=0
  (cd api && dotnet bin/Release/net10.0/CaseEngine.Api.dll "$@") || status=$?
  if [ -n "$started" ]; then
    "$root/db/postgres.sh" stop "$database"
  fi
  exit "$status"
fi

if [ "${1:-}" = --memory ]; then
  shift
  export CaseEngine__Storage=Memory
elif [ -z "${ConnectionStrings__CaseEngine:-}" ]; then
  database="${CASEENGINE_DB_DIR:-$root/.data/postgres}"
  ConnectionStrings__CaseEngine=$("$root/db/postgres.sh" start "$database" "${CASEENGINE_DB_PORT:-55432}")
  export ConnectionStrings__CaseEngine
fi

# The engine stops first, then the database: on SIGTERM (systemd, docker stop) and SIGINT (Ctrl-C) alike, the engine
# is told to stop and waited for (it drains its requests and leaves the cluster, which needs the database), and only
# then is the database stopped.
engine=
stop_engine() { [ -n "$engine" ] && kill -TERM "$engine" 2>/dev/null || true; }
trap stop_engine TERM INT HUP
cd api
dotnet bin/Release/net10.0/CaseEngine.Api.dll "$@" &
engine=$!
# A trapped signal interrupts wait; wait again until the engine has ended.
while kill -0 "$engine" 2>/dev/null; do
  wait "$engine" || true
done
status=0
wait "$engine" || status=$?
trap - TERM INT HUP
if [ -n "$database" ]; then
  "$root/db/postgres.sh" stop "$database"
fi
exit "$status"
