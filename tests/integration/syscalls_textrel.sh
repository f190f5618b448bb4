#!/bin/bash
# Calls through text relocations: the srcds-like i386 tree's non-PIC modules
# call libc through R_386_PC32 relocations at their call sites (readelf says
# which). Every function a module calls that way must reach its syscalls in
# the module's "reachable" set, and the libc socket calls must name their
# i386 multiplexer.
set -u
: "${SECCOMPAT:?}" "${SAMPLES:?}"
tree="$SAMPLES/srcds"
[ -x "$tree/srcds_linux" ] || { echo "no srcds sample tree"; exit 77; }
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$SECCOMPAT" syscalls --format json "$tree/srcds_linux" "$tree" >"$tmp/out.json" 2>"$tmp/err" || {
	cat "$tmp/err"; exit 1; }
fail=0
for so in "$tree"/bin/*.so "$tree"/left4dead2/bin/*.so; do
	# Independent truth: the PC32 relocations against libc's socket calls.
	readelf -rW "$so" | awk '$3 == "R_386_PC32" { print $5 }' | sed 's/@.*//' | sort -u >"$tmp/pc32"
	python3 - "$tmp/out.json" "$so" "$tmp/pc32" <<'PY' || fail=1
import json, os, sys
d = json.load(open(sys.argv[1]))
so = os.path.realpath(sys.argv[2])
called = set(open(sys.argv[3]).read().split())
want = {  # libc function -> syscall it must reach on i386 glibc 2.36
    'socket': {'socket', 'socketcall'}, 'bind': {'bind', 'socketcall'},
    'recvfrom': {'recvfrom', 'socketcall'}, 'sendto': {'sendto', 'socketcall'},
    'setsockopt': {'setsockopt', 'socketcall'}, 'close': {'close'},
    'mmap': {'mmap2'}, 'mprotect': {'mprotect'}, 'pthread_create': {'clone', 'clone3'},
}
obj = [o for o in d['objects'] if os.path.realpath(o['path']) == so]
if not obj:
    print(f"{so}: not in the closure"); sys.exit(1)
reach = set(obj[0]['syscalls']['reachable'])
bad = False
for fn in sorted(called & set(want)):
    if not want[fn] & reach:
        print(f"{os.path.basename(so)}: calls {fn} through R_386_PC32 but reaches none of {sorted(want[fn])}")
        bad = True
print(f"{os.path.basename(so)}: PC32 calls to {sorted(called & set(want))}: "
      f"{'ok' if not bad else 'MISSING'}; reachable {len(reach)} syscalls")
sys.exit(1 if bad else 0)
PY
done
exit $fail
