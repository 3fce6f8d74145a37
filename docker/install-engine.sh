#!/bin/sh
# Installs and configures what Kiln's env=docker needs on a Debian host:
# Podman (with the runc runtime), debootstrap for the local base image, and the
# containers.conf settings that make Podman work on these machines.
# bootstrap.sh calls this for --with-containers; running it twice changes nothing.
set -eu

say() { printf 'install-engine: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    say "must run as root (it installs packages and writes /etc/containers)" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    say "this script knows only Debian-like hosts (apt-get not found)." >&2
    say "install podman and runc with your package manager, or use a Docker Engine," >&2
    say "and set default_ulimits = [] under [containers] in containers.conf" >&2
    exit 1
fi

# crun is podman's first choice but failed on rlimits and cgroups here; runc works.
packages="podman runc debootstrap"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    say "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086  # word splitting of the package list is wanted
    apt-get install -y -q --no-install-recommends $missing
else
    say "already installed: $packages"
fi

conf=/etc/containers/containers.conf
marker="# kiln: written by docker/install-engine.sh"
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    # Someone else's file: only report what is missing rather than rewrite it.
    if grep -Eq '^[[:space:]]*default_ulimits[[:space:]]*=[[:space:]]*\[[[:space:]]*\]' "$conf" \
        && grep -Eq '^[[:space:]]*runtime[[:space:]]*=[[:space:]]*"runc"' "$conf"; then
        say "$conf already has default_ulimits = [] and runtime = \"runc\""
    else
        say "$conf exists and was not written by Kiln; add these lines yourself:" >&2
        say '  [containers] default_ulimits = []' >&2
        say '  [engine]     runtime = "runc"' >&2
        exit 1
    fi
else
    mkdir -p /etc/containers
    tmp="$conf.kiln-tmp.$$"
    cat >"$tmp" <<CONF
$marker
[containers]
# The default rlimits could not be applied inside this kind of VM.
default_ulimits = []

[engine]
runtime = "runc"
CONF
    if [ -f "$conf" ] && cmp -s "$tmp" "$conf"; then
        rm -f "$tmp"
        say "$conf is up to date"
    else
        mv "$tmp" "$conf"
        say "wrote $conf (runtime runc, default_ulimits = [])"
    fi
fi

say "podman $(podman version --format '{{.Client.Version}}' 2>/dev/null || echo '?'), runtime runc"
say "done; Kiln starts 'podman system service' on a private socket when it needs it"
