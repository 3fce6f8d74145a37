#!/bin/sh
# The local base image recipe, for machines that reach Debian's package mirror but no
# image registry: a minbase debootstrap of SUITE from MIRROR, trimmed of what an image
# never needs, packed as a root file-system tarball at OUT (written whole or not at all).
# Kiln imports OUT as the base image; by hand: podman import OUT kiln/base:local
# Usage: debootstrap-base.sh SUITE MIRROR OUT.tar   (as root: debootstrap needs it)
set -eu

if [ $# -ne 3 ]; then
    echo "usage: $0 SUITE MIRROR OUT.tar" >&2
    exit 2
fi
suite=$1 mirror=$2 out=$3

if [ "$(id -u)" -ne 0 ]; then
    echo "debootstrap-base: debootstrap needs root; run as root once, or set" >&2
    echo "  base: registry   in configs/containers.yaml where a registry is reachable" >&2
    exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
    echo "debootstrap-base: debootstrap is not installed (apt-get install debootstrap," >&2
    echo "  or docker/install-engine.sh which installs it)" >&2
    exit 1
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/kiln-rootfs.XXXXXX")
partial="$out.partial.$$"
trap 'rm -rf "$root" "$partial"' EXIT INT TERM

echo "debootstrap-base: debootstrap --variant=minbase $suite $mirror"
debootstrap --variant=minbase "$suite" "$root" "$mirror"

# Every later layer adds to this one, so what is deleted here is saved in every image.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
       "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
       "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/*.log \
       "$root"/var/log/apt/* "$root"/var/cache/debconf/*-old
tar --numeric-owner -C "$root" -cf "$partial" .
mv "$partial" "$out"
echo "debootstrap-base: wrote $out ($(du -h "$out" | cut -f1))"
