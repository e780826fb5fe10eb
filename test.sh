#!/usr/bin/env bash
# Runs every test and ends with one line: "N passed, N failed[, N skipped]".
# Integration tests get their own local PostgreSQL (data in .data/postgres-test, port 55433), started here and
# stopped at the end; each test class creates and drops its own database in it. With CASEENGINE_TEST_POSTGRES
# already set, that server is used instead.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=$(mktemp -d)
cleanup="rm -rf '$results'"
trap 'eval "$cleanup"' EXIT

# Slip tests print PDFs as a printer would (Poppler's pdftoppm) and read them back (Tesseract, Vietnamese model).
# Web tests drive the pages in Debian's headless Chromium through Playwright (nothing downloaded).
missing=()
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie || missing+=(tesseract-ocr tesseract-ocr-vie)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "0 passed, 1 failed (missing Debian packages: sudo apt-get install ${missing[*]})"
    exit 1
  fi
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ -z "${CASEENGINE_TEST_POSTGRES:-}" ]; then
  if ! CASEENGINE_TEST_POSTGRES=$(db/postgres.sh start .data/postgres-test "${CASEENGINE_TEST_DB_PORT:-55433}" --createdb); then
    echo "0 passed, 1 failed (the test database could not be started)"
    exit 1
  fi
  export CASEENGINE_TEST_POSTGRES
  cleanup="$cleanup; db/postgres.sh stop .data/postgres-test"
fi

dotnet test CaseEngine.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

passed=0 failed=0 skipped=0
for trx in $(find "$results" -name '*.trx'); do
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $status
