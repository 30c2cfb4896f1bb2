#!/usr/bin/env bash
# The ticket benchmark: messages/s from the inbound journal to committed tickets (parse,
# thread, triage, store — the whole engine), beside PostgreSQL's single-row insert rate
# (pgbench, one client, a row of the journal's size) on the same server in the same run.
# The journal holds a realistic mix: new incidents, replies with and without the tag,
# out-of-office replies, duplicate deliveries.
#   scripts/bench-tickets.sh [COUNT]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
count=${1:-5000}
. scripts/lib/bench.sh
bench_prepare
bin=$bench_bin
export DESKGATE_SERVICES_DURABLE=1
exec scripts/with-services.sh bash -c '
set -euo pipefail
state=$(mktemp -d)
export DESKGATE_DATABASE_URL="$DESKGATE_TEST_DATABASE_URL" DESKGATE_STATE_DIR="$state"
"'"$bin"'" migrate --log-level warning >/dev/null
# Round one: new mail; round two, once those tickets exist: the replies to them.
python3 scripts/bench_tickets_fill.py new "'"$(( count * 6 / 10 ))"'" | psql "$DESKGATE_TEST_DATABASE_URL" -q >/dev/null
first=$("'"$bin"'" poll --once --json --log-level warning)
map=$(mktemp)
psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT DISTINCT ON (t.id) m.message_id, t.reference, m.sender_address FROM tickets t JOIN messages m ON m.ticket_id = t.id ORDER BY t.id, m.id" > "$map"
python3 scripts/bench_tickets_fill.py replies "'"$(( count * 4 / 10 ))"'" "$map" | psql "$DESKGATE_TEST_DATABASE_URL" -q >/dev/null
second=$("'"$bin"'" poll --once --json --log-level warning)
rm -f "$map"
size=$(psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT avg(size_bytes)::int FROM inbound_journal")
tickets=$(psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT count(*) FROM tickets")
rm -rf "$state"
tps=$(scripts/bench_pg_ceiling.sh "$size")
python3 - "$first" "$second" "$tps" "$tickets" "$size" <<PY
import json, re, sys
rounds = [json.loads(sys.argv[1]), json.loads(sys.argv[2])]
processed = sum(r["processing"]["processed"] + r["processing"]["quarantined"] for r in rounds)
seconds = sum(r["processing_seconds"] for r in rounds)
rate = processed / seconds
tps = float(sys.argv[3])
print("tickets: %d messages (avg %s bytes; new, duplicates, replies, auto-replies) from journal to %s committed tickets in %.2f s = %.0f messages/s"
      % (processed, sys.argv[5], sys.argv[4], seconds, rate))
for name, r in zip(("new mail", "replies"), rounds):
    done = r["processing"]["processed"] + r["processing"]["quarantined"]
    print("  %s: %d messages in %.2f s = %.0f messages/s" % (name, done, r["processing_seconds"], done / r["processing_seconds"]))
print("postgresql: %.0f single-row inserts/s (pgbench, 1 client)" % tps)
print("ratio: the ticket engine reaches %.0f %% of the single-row insert ceiling" % (100 * rate / tps))
PY
'
