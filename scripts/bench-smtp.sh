#!/usr/bin/env bash
# The outbound benchmark: mails/s from the outbox to the local SMTP server (libcurl,
# smtp.connections reused connections), beside the same server's receive rate from Python
# smtplib (one connection) sending the very same mails. The two alternate for ROUNDS rounds
# on an emptied spool each time, and the medians are compared: the throwaway SMTP server's
# rate drifts from run to run by more than the difference being measured.
#   scripts/bench-smtp.sh [COUNT [ROUNDS]]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
count=${1:-2000}
rounds=${2:-5}
. scripts/lib/bench.sh
bench_prepare
bin=$bench_bin
export BENCH_BIN=$bin BENCH_COUNT=$count BENCH_ROUNDS=$rounds
exec scripts/with-services.sh bash -c '
set -euo pipefail
state=$(mktemp -d)
mails=$(mktemp)
trap "rm -rf \"$state\" \"$mails\"" EXIT
export DESKGATE_DATABASE_URL="$DESKGATE_TEST_DATABASE_URL" DESKGATE_STATE_DIR="$state"
export DESKGATE_SMTP_URL="smtp://127.0.0.1:$DESKGATE_TEST_SMTP_PORT" DESKGATE_SMTP_FROM="IT Desk <support@desk.example>"
db() { psql "$DESKGATE_TEST_DATABASE_URL" -qAt "$@"; }
"$BENCH_BIN" migrate --log-level warning >/dev/null
# Real acknowledgements: one mail per new ticket, composed from the templates.
python3 scripts/bench_tickets_fill.py new "$BENCH_COUNT" | db >/dev/null
"$BENCH_BIN" poll --once --log-level warning >/dev/null
size=$(db -c "SELECT avg(octet_length(raw))::int FROM outbox WHERE state = '"'"'queued'"'"'")
db -c "COPY (SELECT encode(raw, '"'"'hex'"'"') FROM outbox WHERE state = '"'"'queued'"'"' ORDER BY id) TO STDOUT" >"$mails"
results=()
for round in $(seq "$BENCH_ROUNDS"); do
    # The same mails again each round: sent ones go back to the queue.
    db -c "UPDATE outbox SET state = '"'"'queued'"'"', sent_at = NULL, next_attempt_at = now() WHERE state = '"'"'sent'"'"'"
    find "$DESKGATE_TEST_SMTP_SPOOL" -mindepth 1 -delete
    out=$("$BENCH_BIN" outbox send --json --log-level warning)
    find "$DESKGATE_TEST_SMTP_SPOOL" -mindepth 1 -delete
    theirs=$(python3 scripts/bench_smtp_client.py 127.0.0.1 "$DESKGATE_TEST_SMTP_PORT" "$mails")
    results+=("$out|$theirs")
done
python3 - "$size" "${results[@]}" <<PY
import json, statistics, sys
size = sys.argv[1]
ours, theirs = [], []
for index, result in enumerate(sys.argv[2:], 1):
    outcome, rate = result.split("|")
    outcome = json.loads(outcome)
    ours.append(outcome["sent"] / outcome["seconds"])
    theirs.append(float(rate))
    print("round %d: outbox %d mails in %.2f s = %.0f mails/s; smtplib %.0f mails/s" % (index, outcome["sent"], outcome["seconds"], ours[-1], theirs[-1]))
print("outbox: median %.0f mails/s (avg %s bytes each; libcurl, smtp.connections reused connections)" % (statistics.median(ours), size))
print("smtplib: median %.0f mails/s to the same server, the same mails (one connection)" % statistics.median(theirs))
print("ratio: the outbox reaches %.0f %% of the simple client" % (100 * statistics.median(ours) / statistics.median(theirs)))
PY
'
