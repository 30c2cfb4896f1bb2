# Throwaway services for Deskgate's tests, on loopback ports in one temporary directory,
# never touching the system's own PostgreSQL, Dovecot or mail server. Sourced by
# scripts/with-services.sh; each start_* exports the variables the tests read.

services_log() { printf 'services: %s\n' "$*" >&2; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() { # host port seconds what
    local deadline=$((SECONDS + $3))
    until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then services_log "$4 did not open $1:$2 within $3 s"; return 1; fi
        sleep 0.2
    done
}

as_server_user() { # PostgreSQL refuses root; root runs it as postgres.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() { # dir
    local dir=$1/postgres bin port password
    bin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")
    port=$(free_port)
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    mkdir -p "$dir"
    printf '%s\n' "$password" > "$dir/pwfile"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    chmod 700 "$dir"
    as_server_user "$bin/initdb" -D "$dir/data" -U deskgate --pwfile="$dir/pwfile" --auth=scram-sha-256 \
        -E UTF8 --no-locale --no-instructions >"$dir/initdb.log" 2>&1 \
        || { services_log "initdb failed:"; cat "$dir/initdb.log" >&2; return 1; }
    # Tests trade durability for speed; benchmarks (DESKGATE_SERVICES_DURABLE=1) measure
    # against the durable server a service desk runs, every commit flushed to disk.
    local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${DESKGATE_SERVICES_DURABLE:-0}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on"
    # The suites run side by side, each command and test with a pool of its own: the default
    # of 100 connections runs out ("too many clients already") on a busy run.
    # DESKGATE_SERVICES_PG_OPTIONS adds server settings, e.g. pg_stat_statements to profile.
    as_server_user "$bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 -s \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 $durability ${DESKGATE_SERVICES_PG_OPTIONS:-}" \
        || { services_log "PostgreSQL did not start:"; tail -20 "$dir/server.log" >&2; return 1; }
    PGPASSWORD=$password "$bin/createdb" -h 127.0.0.1 -p "$port" -U deskgate deskgate
    SERVICES_PG_BIN=$bin
    SERVICES_PG_DATA=$dir/data
    export DESKGATE_TEST_DATABASE_URL="postgres://deskgate:$password@127.0.0.1:$port/deskgate?sslmode=disable"
    services_log "PostgreSQL on 127.0.0.1:$port"
}

stop_postgres() {
    [ -n "${SERVICES_PG_DATA:-}" ] && [ -f "$SERVICES_PG_DATA/postmaster.pid" ] \
        && as_server_user "$SERVICES_PG_BIN/pg_ctl" stop -D "$SERVICES_PG_DATA" -m immediate -w -s >/dev/null 2>&1 || true
}

start_dovecot() { # dir
    local dir=$1/dovecot imap_port imaps_port
    local dovecot
    dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)   # sbin is not on an ordinary user's PATH
    [ -x "$dovecot" ] || { services_log "dovecot is not installed (scripts/bootstrap.sh installs it)"; return 1; }
    imap_port=$(free_port); imaps_port=$(free_port)
    mkdir -p "$dir/run" "$dir/state" "$dir/mail"
    # A private CA that the tests trust, and a server certificate it signed for 127.0.0.1.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=deskgate-test-ca \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$dir/key.pem" -out "$dir/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$dir/san.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/san.ext" -out "$dir/cert.pem" >/dev/null 2>&1
    printf 'desk:{PLAIN}desk-password\n' > "$dir/users"
    local mail_user=mail mail_group=mail default_user=dovecot default_group=dovecot login_user=dovenull
    if [ "$(id -u)" != 0 ]; then # an ordinary user runs every Dovecot process as itself
        mail_user=$(id -un); mail_group=$(id -gn); default_user=$(id -un); default_group=$(id -gn); login_user=$(id -un)
    fi
    cat > "$dir/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$dir/mail/%u
default_internal_user = $default_user
default_internal_group = $default_group
default_login_user = $login_user
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=$mail_user gid=$mail_group home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps_port
    ssl = yes
  }
  chroot =
}
service anvil {
  chroot =
}
first_valid_uid = 1
first_valid_gid = 1
# Tests run side by side, each with connections of its own, all as one user from 127.0.0.1;
# the default of 10 per user and address would refuse logins.
protocol imap {
  mail_max_userip_connections = 1000
}
CONF
    mkdir -p "$dir/mail/desk/new" "$dir/mail/desk/cur" "$dir/mail/desk/tmp"
    [ "$(id -u)" = 0 ] && chown -R mail:mail "$dir/mail"
    chmod 755 "$dir"
    "$dovecot" -c "$dir/dovecot.conf" || { services_log "dovecot did not start:"; cat "$dir/dovecot.log" >&2; return 1; }
    wait_for_port 127.0.0.1 "$imap_port" 20 dovecot
    SERVICES_DOVECOT_DIR=$dir
    export DESKGATE_TEST_IMAP_HOST=127.0.0.1 DESKGATE_TEST_IMAP_PORT=$imap_port DESKGATE_TEST_IMAPS_PORT=$imaps_port
    export DESKGATE_TEST_IMAP_USER=desk DESKGATE_TEST_IMAP_PASSWORD=desk-password
    export DESKGATE_TEST_IMAP_CA=$dir/ca.pem DESKGATE_TEST_IMAP_MAILDIR=$dir/mail/desk
    services_log "Dovecot IMAP on 127.0.0.1:$imap_port (STARTTLS) and :$imaps_port (IMAPS)"
}

stop_dovecot() {
    [ -n "${SERVICES_DOVECOT_DIR:-}" ] && [ -f "$SERVICES_DOVECOT_DIR/run/master.pid" ] \
        && kill "$(cat "$SERVICES_DOVECOT_DIR/run/master.pid")" 2>/dev/null || true
}

start_smtp() { # dir python
    local dir=$1/smtp python=$2 port
    port=$(free_port)
    mkdir -p "$dir/spool"
    "$python" "$SERVICES_SCRIPTS/services/smtp_sink.py" --host 127.0.0.1 --port "$port" --spool "$dir/spool" \
        >"$dir/smtp.log" 2>&1 &
    SERVICES_SMTP_PID=$!
    wait_for_port 127.0.0.1 "$port" 20 "the SMTP sink" || { cat "$dir/smtp.log" >&2; return 1; }
    export DESKGATE_TEST_SMTP_HOST=127.0.0.1 DESKGATE_TEST_SMTP_PORT=$port DESKGATE_TEST_SMTP_SPOOL=$dir/spool
    services_log "SMTP sink on 127.0.0.1:$port, spool $dir/spool"
}

stop_smtp() {
    [ -n "${SERVICES_SMTP_PID:-}" ] && kill "$SERVICES_SMTP_PID" 2>/dev/null || true
}
