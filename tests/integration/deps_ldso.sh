#!/bin/bash
# The closure `seccompat deps` computes for each sample equals what the real
# loader loads: `ld.so --list FILE` (the same as LD_TRACE_LOADED_OBJECTS=1),
# for i386 and x86-64, executables and shared objects alike. Compares the
# sets of canonical paths; the vDSO (linux-gate/linux-vdso) has no file.
set -u
: "${SECCOMPAT:?}" "${SAMPLES:?}"
fail=0 checked=0 skipped=0
. "${TESTLIB:?}/i386.sh"

ldso_for() {
	case "$(od -An -tx1 -j4 -N1 "$1" | tr -d ' ')" in
	01) echo /lib/ld-linux.so.2 ;;
	02) echo /lib64/ld-linux-x86-64.so.2 ;;
	esac
}

check() { # FILE [LD_LIBRARY_PATH]
	local f=$1 llp=${2:-} ldso expected ours
	ldso=$(ldso_for "$f")
	[ -x "$ldso" ] || { echo "skip $f: no $ldso"; return; }
	if [ "$ldso" = /lib/ld-linux.so.2 ] && ! i386_exec_ok; then
		echo "skip $f: $(i386_exec_reason)"; skipped=$((skipped + 1)); return
	fi
	expected=$(cd "$(dirname "$f")" && LD_LIBRARY_PATH=$llp "$ldso" --list "$f" 2>&1 |
		awk '/=>/ { if ($3 ~ /^\//) print $3; next } $1 ~ /^\// { print $1 }' |
		xargs -r -n1 realpath | sort -u)
	ours=$(cd "$(dirname "$f")" && "$SECCOMPAT" deps --format json \
		${llp:+--library-path "$llp"} "$f" 2>/dev/null |
		python3 -c 'import json,sys
d=json.load(sys.stdin)
for o in d["objects"]:
    if o["via"] != "argument": print(o["real_path"])' | sort -u)
	checked=$((checked + 1))
	if [ "$expected" != "$ours" ]; then
		echo "FAIL $f"
		diff <(echo "$expected") <(echo "$ours") | sed 's/^/    /'
		fail=$((fail + 1))
	else
		echo "ok   $f ($(echo "$expected" | wc -l) objects)"
	fi
}

for f in /bin/ls /bin/sh /usr/bin/ssh /usr/bin/python3; do
	[ -f "$f" ] && check "$(realpath "$f")"
done
for f in "$SAMPLES"/clean64/hello64 "$SAMPLES"/clean32/hello32 \
	"$SAMPLES"/srcds/srcds_linux "$SAMPLES"/sys/* "$SAMPLES"/jit/*; do
	[ -f "$f" ] && [ -x "$f" ] && check "$f"
done
# The engine modules are loaded with srcds_run's LD_LIBRARY_PATH (.:bin).
for f in "$SAMPLES"/srcds/bin/*.so "$SAMPLES"/srcds/left4dead2/bin/*.so; do
	[ -f "$f" ] && check "$f" "$SAMPLES/srcds:$SAMPLES/srcds/bin"
done
echo "$((checked - fail)) passed, $fail failed, $skipped skipped"
[ "$checked" -gt 0 ] && [ "$fail" -eq 0 ]
