#!/bin/bash
# `db build-libc` on the Debian 12 i386 glibc (corpus): socket/bind/recvfrom
# reach their socket syscalls (socketcall or the direct calls), pthread_create
# clone/clone3, open openat; the build-id matches readelf's note.
set -u
: "${SECCOMPAT:?}"
libc=""
for r in "${CORPUS:-}/root" /tmp/corpus/root; do
	[ -f "$r/lib/i386-linux-gnu/libc.so.6" ] && { libc="$r/lib/i386-linux-gnu/libc.so.6"; break; }
done
[ -n "$libc" ] || { echo "no Debian i386 corpus (fetch-debian-i386.sh)"; exit 77; }
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$SECCOMPAT" db build-libc "$libc" --output "$tmp/map.json" || exit 1
bid=$(readelf -n "$libc" | sed -n 's/.*Build ID: *//p')
python3 - "$tmp/map.json" "$bid" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d['exports']
ok = True
def need(fn, any_of):
    global ok
    got = set(e.get(fn, []))
    if not got & set(any_of):
        print(f"{fn}: none of {any_of} in {sorted(got)}"); ok = False
    else:
        print(f"{fn}: {sorted(got & set(any_of))}")
need('socket', ['socketcall', 'socket'])
need('bind', ['socketcall', 'bind'])
need('recvfrom', ['socketcall', 'recvfrom'])
if 'socketcall' in e.get('socket', []) and 'socket' not in e['socket']:
    print("socket: socketcall without its subcall name"); ok = False
need('pthread_create', ['clone', 'clone3'])
need('open', ['openat', 'open'])
if d['abi'] != 'x86' or d['glibc_version'] != '2.36':
    print(f"abi/version: {d['abi']} {d['glibc_version']}"); ok = False
if d['build_id'] != sys.argv[2]:
    print(f"build-id {d['build_id']} != readelf {sys.argv[2]}"); ok = False
sys.exit(0 if ok else 1)
PY
