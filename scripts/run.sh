#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs `deskgate serve`
# on the embedded default — a private PostgreSQL cluster under .deskgate/, created and
# started on first use and stopped again on Ctrl-C. Arguments go to `deskgate serve`.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
scripts/bootstrap.sh
swift build -c release --product deskgate
exec "$(swift build -c release --show-bin-path)/deskgate" serve "$@"
