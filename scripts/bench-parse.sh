#!/usr/bin/env bash
# The parse benchmark: Deskgate's parser and Python's email package on the same messages
# (default: every input of the shared corpora), one core each, then a 25 MB message with
# a large attachment for peak memory. Prints both rates and their ratio.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=("$top/../shared/corpora")
swift build -c release --product deskgate-parse-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/deskgate-parse-bench"
ours=$(taskset -c 0 "$bench" "${folders[@]}")
theirs=$(taskset -c 0 python3 scripts/bench_parse_python.py "${folders[@]}")
echo "$ours"
echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import re, sys
rate = lambda line: float(re.search(r"([\d.]+) messages/s", line).group(1))
print("ratio: deskgate parses %.1f x as many messages per second as Python's email package" % (rate(sys.argv[1]) / rate(sys.argv[2])))
PY
# 25 MB with one large attachment, made here (random bytes, base64) and removed afterwards.
big=$(mktemp /tmp/deskgate-big.XXXXXX.eml)
trap 'rm -f "$big"' EXIT
python3 - "$big" <<'PY'
import base64, os, sys
payload = base64.encodebytes(os.urandom(18 * 1024 * 1024)).decode()
with open(sys.argv[1], "w") as out:
    out.write("From: a@example.com\r\nTo: help@example.com\r\nSubject: big attachment\r\nMIME-Version: 1.0\r\n"
              "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
              "--b\r\nContent-Type: application/octet-stream; name=dump.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n")
    out.write(payload.replace("\n", "\r\n"))
    out.write("--b--\r\n")
PY
"$bench" --memory "$big"
