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
scripts/bootstrap.sh --test-tools
swift build -c release --product deskgate >/dev/null
bin="$(swift build -c release --show-bin-path)/deskgate"
exec scripts/with-services.sh bash -c '
set -euo pipefail
state=$(mktemp -d)
export DESKGATE_DATABASE_URL="$DESKGATE_TEST_DATABASE_URL" DESKGATE_STATE_DIR="$state"
"'"$bin"'" migrate --log-level warning >/dev/null
python3 scripts/bench_tickets_fill.py "'"$count"'" | psql "$DESKGATE_TEST_DATABASE_URL" -q >/dev/null
size=$(psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT avg(size_bytes)::int FROM inbound_journal")
out=$("'"$bin"'" poll --once --json --log-level warning)
tickets=$(psql "$DESKGATE_TEST_DATABASE_URL" -At -c "SELECT count(*) FROM tickets")
rm -rf "$state"
bench_sql=$(mktemp)
psql "$DESKGATE_TEST_DATABASE_URL" -q -c "CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, raw bytea NOT NULL)"
echo "INSERT INTO bench_rows (raw) VALUES (decode(repeat('"'"'ab'"'"', $size), '"'"'hex'"'"'));" > "$bench_sql"
pg=$(pgbench -n -c 1 -T 10 -f "$bench_sql" "$DESKGATE_TEST_DATABASE_URL" 2>/dev/null | grep -E "^tps")
rm -f "$bench_sql"
python3 - "$out" "$pg" "$tickets" "$size" <<PY
import json, re, sys
outcome = json.loads(sys.argv[1])
processed = outcome["processing"]["processed"] + outcome["processing"]["quarantined"]
rate = processed / outcome["processing_seconds"]
tps = float(re.search(r"tps = ([\d.]+)", sys.argv[2]).group(1))
print("tickets: %d messages (avg %s bytes) from journal to %s committed tickets in %.2f s = %.0f messages/s"
      % (processed, sys.argv[4], sys.argv[3], outcome["processing_seconds"], rate))
print("postgresql: %.0f single-row inserts/s (pgbench, 1 client)" % tps)
print("ratio: the ticket engine reaches %.0f %% of the single-row insert ceiling" % (100 * rate / tps))
PY
'
