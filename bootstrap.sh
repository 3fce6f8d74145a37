#!/usr/bin/env bash
# Sets up a Debian 12 machine for Kiln: the host and cross compilers, QEMU user mode,
# an SSH server and client (the board tests talk to a real sshd), and the .venv with the
# Python tools. Safe to run again: it installs only what is missing, so a second run
# skips apt entirely and takes a second or two.
#
#   ./bootstrap.sh                      compilers, QEMU, SSH and .venv
#   ./bootstrap.sh --with-containers    the same, plus the container engine (env=docker)
set -euo pipefail

cd "$(dirname "$0")"

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

with_containers=0
for arg in "$@"; do
    case "$arg" in
        --with-containers) with_containers=1 ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$arg' (known: --with-containers, --help)" ;;
    esac
done

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    die "not root and sudo is not installed: run this script as root"
fi
command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
    || die "this script needs a Debian-like system with apt-get (Debian 12 is tested)"

# One line per concern. The cross libc packages are what the cross compilers link
# against; binutils come with the compilers but are listed so readelf/objdump are sure.
packages=(
    python3-venv
    gcc libc6-dev binutils
    gcc-i686-linux-gnu libc6-dev-i386-cross binutils-i686-linux-gnu
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
    gcc-arm-linux-gnueabihf libc6-dev-armhf-cross binutils-arm-linux-gnueabihf
    gcc-arm-linux-gnueabi libc6-dev-armel-cross binutils-arm-linux-gnueabi
    qemu-user
    openssh-server openssh-client
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'
    then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    say "all ${#packages[@]} Debian packages are installed; skipping apt"
else
    say "installing with apt: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q || die "apt-get update failed"
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
fi

# The venv is rebuilt from requirements.txt only when that file changed since the
# last successful install (its hash is kept inside the venv).
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv || die "python3 -m venv failed (is python3-venv installed?)"
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -x .venv/bin/scons ]; then
    say ".venv is up to date with requirements.txt"
else
    say "installing requirements.txt into .venv"
    .venv/bin/python -m pip install -q -r requirements.txt \
        || die "pip install -r requirements.txt failed"
    printf '%s\n' "$wanted" > "$stamp.tmp" && mv "$stamp.tmp" "$stamp"
fi

if [ "$with_containers" -eq 1 ]; then
    if [ -f docker/install-engine.sh ]; then
        say "setting up the container engine: docker/install-engine.sh"
        "${sudo[@]}" sh docker/install-engine.sh || die "docker/install-engine.sh failed"
    else
        say "--with-containers: docker/install-engine.sh is not in this checkout; nothing to do"
    fi
fi

say "done. Try: .venv/bin/scons target=list"
