#!/usr/bin/env bash
# Starts the engine: the Orleans silo and the HTTP API in one process.
# API on http://127.0.0.1:5080 unless ASPNETCORE_URLS says otherwise; Swagger at /swagger.
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet run --project api/CaseEngine.Api.csproj -c Release -- "$@"
