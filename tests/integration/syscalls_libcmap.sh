#!/bin/bash
# `db build-libc` on the running release's glibc, i386 (corpus) and x86-64
# (this machine): socket/bind/recvfrom/connect reach their socket syscalls
# (socketcall together with the subcall's name, or the direct calls),
# pthread_create clone/clone3, open openat, and the cancellable calls that
# glibc 2.41 routes through __syscall_cancel (number on the stack) their own
# syscall; the build-id matches readelf's note and the version the package's
# (DEST/packages of fetch-debian-i386.sh, dpkg on this machine). Then the map
# an analysis uses is the one of the target's glibc (--glibc), the nearest
# older one for a version without a map.
set -u
: "${SECCOMPAT:?}" "${SECCOMPAT_SRC:?}"
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 ran=0

# check LIBC ABI DEBVERSION
check() {
	local libc=$1 abi=$2 debver=$3 bid
	"$SECCOMPAT" db build-libc "$libc" --output "$tmp/map.json" || { fail=1; return; }
	bid=$(readelf -n "$libc" | sed -n 's/.*Build ID: *//p')
	ran=$((ran + 1))
	python3 - "$tmp/map.json" "$bid" "$abi" "$debver" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
bid, abi, debver = sys.argv[2:5]
e = d['exports']
ok = True
def need(fn, any_of):
    global ok
    got = set(e.get(fn, []))
    if not got & set(any_of):
        print(f"{abi}: {fn}: none of {any_of} in {sorted(got)}"); ok = False
    else:
        print(f"{abi}: {fn}: {sorted(got & set(any_of))}")
    if 'socketcall' in got and 'socketcall' in any_of and not got & (set(any_of) - {'socketcall'}):
        print(f"{abi}: {fn}: socketcall without its subcall name"); ok = False
for fn in ['socket', 'bind', 'recvfrom', 'connect', 'accept4', 'sendto', 'sendmsg', 'recvmsg']:
    need(fn, ['socketcall', fn])
need('pthread_create', ['clone', 'clone3'])
need('open', ['openat', 'open'])
for fn, sc in [('fsync', 'fsync'), ('poll', 'poll'), ('read', 'read'), ('write', 'write'),
               ('sigsuspend', 'rt_sigsuspend'), ('nanosleep', 'clock_nanosleep')]:
    need(fn, [sc, sc + '_time64'] if abi == 'x86' else [sc])
# "2.41-12+deb13u5" -> "2.41"
want = '.'.join(debver.split('-')[0].split('.')[:2])
if d['abi'] != abi or d['glibc_version'] != want:
    print(f"abi/version: {d['abi']} {d['glibc_version']}, want {abi} {want}"); ok = False
if d['build_id'] != bid:
    print(f"build-id {d['build_id']} != readelf {bid}"); ok = False
sys.exit(0 if ok else 1)
PY
}

corpus=${CORPUS:-}
if [ -f "$corpus/.complete" ] && [ -f "$corpus/packages" ]; then
	libc=$(find "$corpus/root" -path '*/i386-linux-gnu/libc.so.6' | head -n 1)
	ver=$(awk '$1 == "libc6" {print $2}' "$corpus/packages")
	if [ -n "$libc" ] && [ -n "$ver" ]; then
		check "$libc" x86 "$ver"
	else
		echo "the corpus has no i386 libc6: i386 case skipped"
	fi
else
	echo "no complete Debian i386 corpus (fetch-debian-i386.sh): i386 case skipped"
fi
if [ "$(uname -m)" = x86_64 ] && [ -f /lib/x86_64-linux-gnu/libc.so.6 ]; then
	check /lib/x86_64-linux-gnu/libc.so.6 x86-64 "$(dpkg-query -W -f='${Version}' libc6:amd64)"
fi

# Map selection: with no libc in the closure (an empty --root), imports are
# looked up in the map of --glibc V, or of the newest version before V
# (V.99: a point release no map is shipped for).
lib=${SAMPLES:-}/asm/libgates64.so
if [ -f "$lib" ]; then
	mkdir -p "$tmp/empty"
	for v in $(ls "$SECCOMPAT_SRC/db/libc" | sed -n 's/^x86-64-glibc-\(.*\)\.json$/\1/p'); do
		for asked in "$v" "$v.99"; do
			got=$("$SECCOMPAT" syscalls --no-cache --format json --root "$tmp/empty" --glibc "$asked" \
				"$lib" 2>/dev/null | grep -o 'db/libc/[^"]*' | sort -u)
			want="db/libc/x86-64-glibc-$v.json"
			if [ "$got" != "$want" ]; then
				echo "--glibc $asked: the analysis used '$got', want $want"; fail=1
			else
				echo "--glibc $asked: $got"
			fi
			ran=$((ran + 1))
		done
	done
fi
[ "$ran" -gt 0 ] || { echo "SKIP: nothing to check"; exit 77; }
exit $fail
