#!/usr/bin/env bash
# Installs what Deskgate needs to build, run and test, and nothing that is already there.
# Safe to run again. As root it installs directly; as an ordinary user it uses sudo when it
# may, and otherwise says what to install.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)

say() { printf 'bootstrap: %s\n' "$*" >&2; }

if ! command -v swift >/dev/null 2>&1; then
    say "no Swift toolchain on PATH: install Swift 6.1 or newer (https://swift.org/install) and run again"
    exit 1
fi

# Debian packages: libcurl for IMAP/SMTP, PostgreSQL 15 for the embedded default and the
# tests, Dovecot for the IMAP tests, openssl for their certificates.
packages=(libcurl4-openssl-dev postgresql-15 postgresql-contrib dovecot-imapd openssl curl pkg-config python3 python3-venv)
if [ "${DESKGATE_SKIP_APT:-}" != 1 ] && command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for package in "${packages[@]}"; do
        # python3 may come from elsewhere (pyenv); only ask apt when the command is missing.
        case "$package" in
            python3) command -v python3 >/dev/null 2>&1 && continue ;;
            python3-venv) python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && continue ;;
        esac
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
            say "missing Debian packages: ${missing[*]}"
            say "install them with: sudo apt-get install -y ${missing[*]}"
            exit 1
        fi
        say "installing ${missing[*]}"
        # Installing dovecot or postgresql must not start the system's own services: a
        # policy-rc.d that says no keeps them stopped (Docker images use the same file).
        policy=/usr/sbin/policy-rc.d
        placed_policy=0
        if [ ! -e "$policy" ]; then
            printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
            "${sudo[@]}" chmod 755 "$policy"
            placed_policy=1
        fi
        trap '[ "$placed_policy" = 1 ] && "${sudo[@]}" rm -f "$policy"' EXIT
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update -qq
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

# Python tools for the tests (the SMTP sink), in a private virtual environment so the
# system's Python is never changed.
if [ "${1:-}" = "--test-tools" ]; then
    venv="$top/.build-tools/venv"
    if ! "$venv/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; then
        say "installing aiosmtpd into $venv"
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install -q --disable-pip-version-check 'aiosmtpd>=1.4,<2'
    fi
fi
