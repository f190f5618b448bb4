#!/bin/sh
# Installs what seccompat needs to build, test and benchmark on Debian 12 or 13:
# the libraries it links, i386 multiarch + gcc-multilib for the i386 samples, the
# independent tools the tests compare against (readelf, eu-findtextrel, strace,
# scanelf, systemd-analyze), netcat-openbsd (a real program the tests trace), and
# clang with libFuzzer (libclang-rt-dev: Debian's clang-14 on 12, clang-19 on 13)
# for tests/fuzz. Idempotent: installs only what is missing.
#   usage: scripts/setup.sh          (as root, or with sudo available)
set -eu

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "setup.sh: need root or sudo" >&2; exit 2; }
	SUDO=sudo
fi

PKGS="build-essential cmake pkg-config gcc-multilib libc6-dev-i386
libelf-dev libcapstone-dev libseccomp-dev libcmocka-dev libjson-c-dev nettle-dev libzstd-dev
libiberty-dev
elfutils binutils strace pax-utils systemd file python3 zstd clang-format
clang libclang-rt-dev netcat-openbsd"

if ! dpkg --print-foreign-architectures | grep -qx i386; then
	$SUDO dpkg --add-architecture i386
	NEED_UPDATE=1
fi

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done

if [ -n "$missing" ] || [ -n "${NEED_UPDATE:-}" ]; then
	echo "setup.sh: installing:$missing" >&2
	# A partial index failure (a mirror mid-sync) must not stop the install.
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null 2>&1 ||
		echo "setup.sh: warning: apt-get update reported errors; continuing" >&2
	[ -z "$missing" ] || $SUDO env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null
fi
