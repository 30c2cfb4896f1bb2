#!/usr/bin/env bash
# A Dovecot of one test's own, which that test may stop and start again while the shared
# one keeps serving every other test. Same configuration as the shared one (scripts/lib/services.sh).
#   dovecot-instance.sh create DIR   set up and start; prints the plain IMAP port
#   dovecot-instance.sh stop DIR     stop, every IMAP session with it
#   dovecot-instance.sh start DIR    start again on the same port, with the same mail
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/services.sh"
command=${1:?create, stop or start}
dir=${2:?the instance folder}
dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)

case $command in
create)
    start_dovecot "$dir" 2>/dev/null
    printf '%s\n' "$DESKGATE_TEST_IMAP_PORT" > "$dir/port"
    cat "$dir/port"
    ;;
stop)
    pid=$(cat "$dir/dovecot/run/master.pid")
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    services_log "dovecot (pid $pid) did not stop within 10 s"; exit 1
    ;;
start)
    "$dovecot" -c "$dir/dovecot/dovecot.conf"
    wait_for_port 127.0.0.1 "$(cat "$dir/port")" 20 dovecot
    ;;
*)
    services_log "unknown command $command (create, stop or start)"; exit 2
    ;;
esac
