#!/bin/bash
# MemoryDenyWriteExecute= verdicts proven by running: an object the tool calls
# not tolerated must fail to load under systemd's enforcement with exactly the
# predicted message, and a service it calls tolerated must run. Both modes:
# the seccomp filter (systemd < 254 or Linux < 6.3) and PR_SET_MDWE (when this
# kernel has it). Uses objects built here and, when present, the sample trees.
set -euo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}" "${TESTLIB:?}"
. "$TESTLIB/proof_common.sh"
run=$SECCOMPAT_BUILD/tests/sandbox_run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

if ! build_tree "$tmp/srv" 2>"$tmp/gcc.log"; then
	echo "SKIP: cannot build i386 test objects (gcc -m32)"; cat "$tmp/gcc.log"; exit 77
fi

modes=(seccomp)
if "$run" --mdwe-prctl /bin/true 2>/dev/null; then
	modes+=(prctl)
else
	echo "note: this kernel has no PR_SET_MDWE; prctl mode not run"
fi

# check MODE NAME TARGET-FOR-ANALYZE OBJECT-SUFFIX -- COMMAND...
check() {
	local mode=$1 name=$2 target=$3 suffix=$4
	shift 5
	local ver=(--systemd 252 --kernel 6.1)
	[ "$mode" = prctl ] && ver=(--systemd 257 --kernel 6.12)
	"$SECCOMPAT" analyze --quiet --format json "${ver[@]}" "$target" >"$tmp/v.json"
	local v out rc=0
	v=$(verdict "$tmp/v.json" MemoryDenyWriteExecute)
	out=$(cd "$tmp/srv" && "$run" "--mdwe-$mode" "$@" 2>&1) || rc=$?
	if [ "$v" = "tolerated yes" ]; then
		if [ $rc -eq 0 ]; then
			echo "ok   [$mode] $name: tolerated, and it runs"
		else
			echo "FAIL [$mode] $name: tolerated, but it failed (rc=$rc): $out"; fail=1
		fi
		return
	fi
	if [ $rc -eq 0 ]; then
		echo "FAIL [$mode] $name: predicted blocked, but it runs: $out"; fail=1
		return
	fi
	local matched=no msg
	while IFS= read -r msg; do
		[ -n "$msg" ] && [[ "$out" == *"$msg"* ]] && matched=yes
	done < <(predicted_messages "$tmp/v.json" MemoryDenyWriteExecute "$suffix")
	if [ $matched = yes ]; then
		echo "ok   [$mode] $name: blocked as predicted: $out"
	else
		echo "FAIL [$mode] $name: blocked (rc=$rc, '$out') but no blocker of $suffix predicted it:"
		predicted_messages "$tmp/v.json" MemoryDenyWriteExecute "$suffix" | sed 's/^/       /'
		fail=1
	fi
}

# Baseline: without restrictions everything loads.
for lib in bin/libtr32.so bin/libpic32.so; do
	(cd "$tmp/srv" && ./app32 "$lib" >/dev/null) || { echo "FAIL: $lib does not even load unrestricted"; fail=1; }
done

mkdir -p "$tmp/clean32/bin" "$tmp/clean64/lib64"
cp "$tmp/srv/app32" "$tmp/clean32/"; cp "$tmp/srv/bin/libpic32.so" "$tmp/clean32/bin/"
cp "$tmp/srv/app64" "$tmp/clean64/"; cp "$tmp/srv/lib64/libpic64.so" "$tmp/clean64/lib64/"
for mode in "${modes[@]}"; do
	check "$mode" "i386 app dlopening a text-relocation library" "$tmp/srv" libtr32.so \
		-- ./app32 bin/libtr32.so
	check "$mode" "clean i386 app + PIC library" "$tmp/clean32" app32 \
		-- ./app32 "$tmp/clean32/bin/libpic32.so"
	check "$mode" "clean x86-64 app + PIC library" "$tmp/clean64" app64 \
		-- ./app64 "$tmp/clean64/lib64/libpic64.so"
done

# The sample trees (built by CMake) when present.
S=${SAMPLES:-/nonexistent}
if [ -x "$S/srcds/srcds_linux" ]; then
	for mode in "${modes[@]}"; do
		check "$mode" "srcds sample" "$S/srcds" "" \
			-- "$S/srcds/srcds_linux"
	done
fi
for pair in "clean64/hello64" "clean32/hello32"; do
	if [ -x "$S/$pair" ]; then
		for mode in "${modes[@]}"; do
			check "$mode" "sample $pair" "$S/$pair" "$(basename "$pair")" -- "$S/$pair"
		done
	fi
done
exit $fail
