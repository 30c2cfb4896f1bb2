#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, starts every service the
# tests need, runs every test, stops the services. Extra arguments go to `swift test`
# (e.g. --filter Migrator).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/bootstrap.sh --test-tools
swift build --build-tests
exec scripts/with-services.sh swift test --skip-build "$@"
