#!/usr/bin/env bash
# Runs every test (type checks, unit, e2e over HTTP, browser) and ends with one line:
# "N passed, N failed", counting every test that ran (Jest's and the web client's Vitest component tests).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache test-results
results=.cache/jest-results.json
component_results=.cache/vitest-results.json
rm -f "$results" "$component_results"

fail_early() {
  echo "$1"
  echo "0 passed, 1 failed"
  exit 1
}

npm run --silent typecheck || fail_early "Type check of the API failed"
npm run --silent build:api || fail_early "The API does not build"
npm run --silent build:web || fail_early "The web client does not build"

# component tests of the web client's shared layer (Vitest, jsdom); counted in the closing line
(cd apps/web && npx vitest run --reporter=default --reporter=json --outputFile.json="../../$component_results")
component_status=$?

SHOW_INTERNAL_ERRORS=1 NODE_OPTIONS=--experimental-vm-modules npx jest --json --outputFile="$results" "$@"
status=$?
[ $component_status -eq 0 ] || status=1
node scripts/test-summary.mjs "$results" "$component_results" || status=1
exit $status
