#!/usr/bin/env bash
# The intake benchmark: messages/s from Dovecot on loopback into the journal, beside
# PostgreSQL's single-row insert rate (pgbench, one client, a row of the same size) on the
# same server in the same run, a durable one (every commit flushed to disk).
#   scripts/bench-intake.sh [COUNT] [SIZE]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
count=${1:-2000}
size=${2:-2000}
. scripts/lib/bench.sh
bench_prepare
bin=$bench_bin
export DESKGATE_SERVICES_DURABLE=1
exec scripts/with-services.sh bash -c '
set -euo pipefail
folder="Bench$RANDOM"
python3 scripts/bench_intake_fill.py 127.0.0.1 "$DESKGATE_TEST_IMAP_PORT" "$DESKGATE_TEST_IMAP_USER" "$DESKGATE_TEST_IMAP_PASSWORD" "$folder" "'"$count"'" "'"$size"'"
state=$(mktemp -d)
out=$(DESKGATE_DATABASE_URL="$DESKGATE_TEST_DATABASE_URL" DESKGATE_STATE_DIR="$state" \
      DESKGATE_IMAP_URL="imap://$DESKGATE_TEST_IMAP_USER:$DESKGATE_TEST_IMAP_PASSWORD@127.0.0.1:$DESKGATE_TEST_IMAP_PORT/$folder" \
      "'"$bin"'" poll --once --json --log-level warning)
rm -rf "$state"
tps=$(scripts/bench_pg_ceiling.sh "'"$size"'")
python3 - "$out" "$tps" <<PY
import json, re, sys
outcome = json.loads(sys.argv[1])
journaled = sum(m["journaled"] for m in outcome["mailboxes"])
rate = journaled / outcome["intake_seconds"]
tps = float(sys.argv[2])
print("intake: %d messages journaled in %.2f s = %.0f messages/s (processing %d more in %.2f s)"
      % (journaled, outcome["intake_seconds"], rate, outcome["processing"]["processed"], outcome["processing_seconds"]))
print("postgresql: %.0f single-row inserts/s (pgbench, 1 client)" % tps)
print("ratio: intake reaches %.0f %% of the single-row insert ceiling" % (100 * rate / tps))
PY
'
