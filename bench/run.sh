#!/usr/bin/env bash
# Benchmark: full dossier lifecycles (create, forward, submit-for-signature, approve, return) through the HTTP API of
# the engine, hosted in the benchmark process, on a PostgreSQL of its own (data in .data/postgres-bench, port 55434
# or CASEENGINE_BENCH_DB_PORT). Builds Release, starts the database, runs, stops the database. The engine's tables
# are emptied before each run. Results are printed and written as markdown to .data/bench/.
#
#   bench/run.sh                                  Gia Lâm's year: 18,782 dossiers, 32 lifecycles at once
#   bench/run.sh --dossiers 5000 --concurrency 32 [--warmup 2000] [--seed 2022]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
data="$root/.data/postgres-bench"

dotnet build bench/CaseEngine.Bench.csproj -c Release -nologo -v quiet
connection=$(db/postgres.sh start "$data" "${CASEENGINE_BENCH_DB_PORT:-55434}")
trap 'db/postgres.sh stop "$data"' EXIT

mkdir -p .data/bench
dotnet bench/bin/Release/net10.0/CaseEngine.Bench.dll \
  --connection "$connection" \
  --postgres-pid-file "$data/postmaster.pid" \
  --out ".data/bench/bench-$(date -u +%Y%m%d-%H%M%S).md" \
  "$@"
