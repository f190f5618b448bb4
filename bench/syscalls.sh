#!/bin/bash
# Times the syscall engine on big real i386 objects from the Debian corpus
# (glibc, libstdc++, libavcodec) against `objdump -d` on the same files.
#   usage: bench/syscalls.sh [SECCOMPAT] [CORPUS_ROOT]
# Build without sanitizers for meaningful figures:
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j2
set -eu
seccompat=${1:-build-rel/analyzer/seccompat}
root=${2:-/tmp/corpus/root}
[ -x "$seccompat" ] || { echo "no $seccompat" >&2; exit 1; }
libs="$(ls "$root"/lib/i386-linux-gnu/libc.so.6 "$root"/usr/lib/i386-linux-gnu/libc.so.6 2>/dev/null | head -n 1)
$root/usr/lib/i386-linux-gnu/libstdc++.so.6
$(ls "$root"/usr/lib/i386-linux-gnu/libavcodec.so.[0-9]* | head -n 1)"
now() { date +%s.%N; }
printf '%-22s %10s %10s %8s %10s %12s\n' object seccompat objdump ratio insns closure-insns
for lib in $libs; do
	[ -f "$lib" ] || { echo "missing $lib (run fetch-debian-i386.sh)" >&2; exit 1; }
	t0=$(now)
	"$seccompat" syscalls --format json --quiet "$lib" >/tmp/bench-sys.json 2>/dev/null
	t1=$(now)
	objdump -d "$lib" >/dev/null
	t2=$(now)
	insns=$(python3 -c "import json,sys; d=json.load(open('/tmp/bench-sys.json')); \
o=d['objects']; print(o[0].get('syscalls',{}).get('instructions',0), \
sum(x.get('syscalls',{}).get('instructions',0) for x in o), len(o))")
	set -- $insns
	awk -v n="$(basename "$lib")" -v a="$t0" -v b="$t1" -v c="$t2" -v i="$1" -v t="$2" -v k="$3" \
		'BEGIN { s = b - a; o = c - b;
			printf "%-22s %9.2fs %9.2fs %8.2f %10d %9d (%d objects)\n", n, s, o, s / o, i, t, k }'
done
echo "(seccompat: whole closure of each object, i.e. plus its libc/ld.so; objdump: the file alone)"
