#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, starts every service the
# tests need, runs every test, stops the services. Extra arguments go to `swift test`
# (e.g. --filter Migrator).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/bootstrap.sh --test-tools
swift build --build-tests
# Output line by line (a pipe would otherwise hold the last results back until exit), and a
# time limit, so that a test that hangs fails the run with its name on screen instead of
# running into CI's own limit: the tests still running are those 'started' with no result.
limit=${DESKGATE_TEST_TIME_LIMIT:-2400}
status=0
scripts/with-services.sh timeout -k 30 "$limit" stdbuf -oL -eL swift test --skip-build "$@" || status=$?
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    echo "scripts/test.sh: the tests did not finish within $limit s (DESKGATE_TEST_TIME_LIMIT) and were stopped;" \
         "the ones still running are those reported as started above with no result" >&2
fi
exit "$status"
