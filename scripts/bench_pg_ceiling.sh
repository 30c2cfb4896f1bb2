#!/usr/bin/env bash
# PostgreSQL's single-row insert rate — the ceiling the intake and ticket benchmarks are
# measured against: pgbench, one client, ten seconds, a row of SIZE bytes, on the database
# in DESKGATE_TEST_DATABASE_URL. Prints the rate (rows/s) alone.
#   scripts/bench_pg_ceiling.sh SIZE
set -euo pipefail
size=$1
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
psql "$DESKGATE_TEST_DATABASE_URL" -q -c "CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, raw bytea NOT NULL)"
echo "INSERT INTO bench_rows (raw) VALUES (decode(repeat('ab', $size), 'hex'));" > "$sql"
pgbench -n -c 1 -T 10 -f "$sql" "$DESKGATE_TEST_DATABASE_URL" 2>/dev/null | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -1
