#!/usr/bin/env bash
# The knowledge base benchmark: imports generated articles (default 100,000) with
# `deskgate kb import` and reports articles/s, then answers 1,000 generated requests on one
# connection with `deskgate kb suggest --stdin --each-line` and reports p50/p95/p99 latency.
#   scripts/bench-kb.sh [ARTICLES] [QUERIES]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
articles=${1:-100000}
queries=${2:-1000}
. scripts/lib/bench.sh
bench_prepare
bin=$bench_bin
work=$(mktemp -d /tmp/deskgate-kb-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 scripts/bench_kb_fill.py articles "$work/articles" "$articles"
python3 scripts/bench_kb_fill.py queries "$work/articles" "$queries" > "$work/queries.txt"
export DESKGATE_SERVICES_DURABLE=1
exec scripts/with-services.sh bash -c '
set -euo pipefail
export DESKGATE_DATABASE_URL="$DESKGATE_TEST_DATABASE_URL" DESKGATE_STATE_DIR="'"$work"'/state"
"'"$bin"'" migrate --log-level warning >/dev/null
imported=$("'"$bin"'" kb import --json --log-level warning "'"$work"'/articles" 2>/dev/null)
# Autovacuum visits the freshly written table soon after an import; done now, it does not
# compete with the measurement. Then twice: the first pass warms the caches as a running
# desk has them warm.
psql "$DESKGATE_TEST_DATABASE_URL" -qc "VACUUM ANALYZE knowledge_articles"
"'"$bin"'" kb suggest --stdin --each-line --log-level warning < "'"$work"'/queries.txt" >/dev/null 2>&1
latency=$("'"$bin"'" kb suggest --stdin --each-line --log-level warning < "'"$work"'/queries.txt" 2>&1 >"'"$work"'/answers.txt")
answered=$(grep -c . "'"$work"'/answers.txt" || true)
empty=$(grep -c "^$" "'"$work"'/answers.txt" || true)
python3 - "$imported" "$latency" <<PY
import json, sys
report = json.loads(sys.argv[1]); latency = json.loads(sys.argv[2].strip().splitlines()[-1])
print("import: %d articles in %.1f s = %.0f articles/s" % (report["files"], report["seconds"], report["files"] / report["seconds"]))
print("suggest: %d requests, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms" % (latency["queries"], latency["p50_ms"], latency["p95_ms"], latency["p99_ms"]))
PY
'
