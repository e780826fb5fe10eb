#!/usr/bin/env bash
# Starts the engine: a local PostgreSQL (Debian's postgresql-15, installed when missing if run as root; data in
# .data/postgres; loopback only), migrates it, then runs the Orleans silo and the HTTP API in one process.
# API on http://127.0.0.1:5080 unless ASPNETCORE_URLS says otherwise; Swagger at /swagger. Ctrl-C stops both.
#
#   ./run.sh            durable engine on the local PostgreSQL (or on ConnectionStrings__CaseEngine if set)
#   ./run.sh --memory   throwaway demo in memory: nothing is kept
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = --memory ]; then
  shift
  export CaseEngine__Storage=Memory
elif [ -z "${ConnectionStrings__CaseEngine:-}" ]; then
  ConnectionStrings__CaseEngine=$("$root/db/postgres.sh" start "$root/.data/postgres" "${CASEENGINE_DB_PORT:-55432}")
  export ConnectionStrings__CaseEngine
  trap '"$root/db/postgres.sh" stop "$root/.data/postgres"' EXIT
fi

cd api
dotnet run -c Release -- "$@"
