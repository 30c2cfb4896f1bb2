#!/usr/bin/env bash
# The outbound benchmark: mails/s from the outbox to the local SMTP server (libcurl,
# smtp.connections reused connections), beside the same server's receive rate from Python smtplib in the
# same run, with mails of the same size.
#   scripts/bench-smtp.sh [COUNT]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
count=${1:-2000}
. scripts/lib/bench.sh
bench_prepare
bin=$bench_bin
exec scripts/with-services.sh bash -c '
set -euo pipefail
state=$(mktemp -d)
export DESKGATE_DATABASE_URL="$DESKGATE_TEST_DATABASE_URL" DESKGATE_STATE_DIR="$state"
export DESKGATE_SMTP_URL="smtp://127.0.0.1:$DESKGATE_TEST_SMTP_PORT" DESKGATE_SMTP_FROM="IT Desk <support@desk.example>"
"'"$bin"'" migrate --log-level warning >/dev/null
# Real acknowledgements: one mail per new ticket, composed from the templates.
python3 scripts/bench_tickets_fill.py new "'"$count"'" | psql "$DESKGATE_TEST_DATABASE_URL" -q >/dev/null
"'"$bin"'" poll --once --log-level warning >/dev/null
queued=$(psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT count(*) FROM outbox WHERE state = '"'"'queued'"'"'")
size=$(psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT avg(octet_length(raw))::int FROM outbox")
out=$("'"$bin"'" outbox send --json --log-level warning)
rate=$(python3 scripts/bench_smtp_client.py 127.0.0.1 "$DESKGATE_TEST_SMTP_PORT" "$queued" "$size")
rm -rf "$state"
python3 - "$out" "$rate" "$size" <<PY
import json, sys
outcome = json.loads(sys.argv[1])
ours = outcome["sent"] / outcome["seconds"]
theirs = float(sys.argv[2])
print("outbox: %d mails (avg %s bytes) sent in %.2f s = %.0f mails/s (libcurl, 4 reused connections)" % (outcome["sent"], sys.argv[3], outcome["seconds"], ours))
print("smtplib: %.0f mails/s to the same server (one connection)" % theirs)
print("ratio: the outbox reaches %.0f %% of the simple client" % (100 * ours / theirs))
PY
'
