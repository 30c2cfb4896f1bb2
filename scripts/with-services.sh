#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL, Dovecot IMAP and SMTP servers started for it,
# their addresses in DESKGATE_TEST_* variables, and everything stopped afterwards — also
# when the command fails or is interrupted.
#   scripts/with-services.sh swift test
set -euo pipefail
SERVICES_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$SERVICES_SCRIPTS/.." && pwd)
. "$SERVICES_SCRIPTS/lib/services.sh"

python=$top/.build-tools/venv/bin/python
[ -x "$python" ] || { services_log "no test tools: run scripts/bootstrap.sh --test-tools first"; exit 1; }

work=$(mktemp -d /tmp/deskgate-services.XXXXXX)
chmod 755 "$work"
cleanup() {
    stop_smtp; stop_dovecot; stop_postgres
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres "$work"
start_dovecot "$work"
start_smtp "$work" "$python"
export DESKGATE_TEST_SERVICES=1

"$@"
