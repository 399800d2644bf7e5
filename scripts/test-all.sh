#!/usr/bin/env bash
# Runs every test (type checks, unit, e2e over HTTP, browser) and ends with one line:
# "N passed, N failed", counting every test that ran.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache test-results
results=.cache/jest-results.json
rm -f "$results"

fail_early() {
  echo "$1"
  echo "0 passed, 1 failed"
  exit 1
}

npm run --silent typecheck || fail_early "Type check of the API failed"
npm run --silent build:api || fail_early "The API does not build"
npm run --silent build:web || fail_early "The web client does not build"

SHOW_INTERNAL_ERRORS=1 NODE_OPTIONS=--experimental-vm-modules npx jest --json --outputFile="$results" "$@"
status=$?
node scripts/test-summary.mjs "$results" || status=1
exit $status
