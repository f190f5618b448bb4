#!/bin/bash
# MemoryDenyWriteExecute= verdicts proven by running: an object the tool calls
# not tolerated must fail to load under systemd's enforcement with exactly the
# predicted message, and a service it calls tolerated must run. Both modes:
# the seccomp filter (systemd < 254 or Linux < 6.3) and PR_SET_MDWE (when this
# kernel has it). Uses objects built here and, when present, the sample trees.
set -euo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}" "${TESTLIB:?}"
. "$TESTLIB/proof_common.sh"
proof_setup

modes=(seccomp)
if "$run" --mdwe-prctl /bin/true 2>/dev/null; then
	modes+=(prctl)
else
	echo "note: this kernel has no PR_SET_MDWE; prctl mode not run"
fi

# check MODE NAME TARGET-FOR-ANALYZE OBJECT-SUFFIX DIR -- COMMAND...
# Runs COMMAND in DIR under the mode's enforcement and compares with the
# verdict seccompat gives TARGET for the matching systemd/kernel versions.
# OBJECT-SUFFIX selects the blockers whose predicted message must appear
# ("" = any object). XFAIL=reason marks a known gap (reported, not failed).
check() {
	local mode=$1 name=$2 target=$3 suffix=$4 dir=$5
	shift 6
	local ver=(--systemd 252 --kernel 6.1)
	[ "$mode" = prctl ] && ver=(--systemd 257 --kernel 6.12)
	"$SECCOMPAT" analyze --quiet --format json "${ver[@]}" $target >"$tmp/v.json"
	local v out rc=0
	v=$(verdict "$tmp/v.json" MemoryDenyWriteExecute)
	out=$(cd "$dir" && "$run" "--mdwe-$mode" "$@" 2>&1) || rc=$?
	out=$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')
	if [ "$v" = "tolerated yes" ]; then
		if [ $rc -eq 0 ]; then
			echo "ok   [$mode] $name: tolerated, and it runs"
		elif [ -n "${XFAIL:-}" ]; then
			echo "XFAIL [$mode] $name: tolerated, but it fails (rc=$rc: $out): ${XFAIL}"
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
		if [ "$msg" = SIGSEGV ]; then
			[ $rc -eq 139 ] && matched=yes
		elif [ -n "$msg" ] && [[ "$out" == *"$msg"* ]]; then
			matched=yes
		fi
	done < <(predicted_messages "$tmp/v.json" MemoryDenyWriteExecute "$suffix")
	if [ $matched = yes ]; then
		echo "ok   [$mode] $name: blocked as predicted (rc=$rc): $out"
	else
		echo "FAIL [$mode] $name: blocked (rc=$rc, '$out') but no blocker of '$suffix' predicted it:"
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
		"$tmp/srv" -- ./app32 bin/libtr32.so
	check "$mode" "clean i386 app + PIC library" "$tmp/clean32" app32 "$tmp/clean32" \
		-- ./app32 "$tmp/clean32/bin/libpic32.so"
	check "$mode" "clean x86-64 app + PIC library" "$tmp/clean64" app64 "$tmp/clean64" \
		-- ./app64 "$tmp/clean64/lib64/libpic64.so"
done

# The host's own programs: Debian 13's x86-64 ld.so probes W->X (mmap RW,
# mprotect R+X, a quiet return when refused), which must not block; the
# verdict must hold for a real shell under both modes.
for mode in "${modes[@]}"; do
	check "$mode" "the host's /bin/bash" "$(realpath /bin/bash)" "" "$tmp" -- /bin/bash -c 'exit 0'
done

# The sample trees (built by CMake, samples/README.md) when present.
S=${SAMPLES:-/nonexistent}
if [ -x "$S/srcds/srcds_run" ]; then
	mkdir -p "$tmp/nostack"
	for p in sys/threads32 sys/threads64 clean32/hello32; do
		patch_phdr "$S/$p" "$tmp/nostack/$(basename $p)" nostack
	done
	mkdir -p "$tmp/rwx/lib"
	patch_phdr "$S/clean64/hello64" "$tmp/rwx/hello64" rwx
	patch_phdr "$S/sys/libplug32.so" "$tmp/rwx/lib/librwx32.so" rwx
	add_textrel_flag "$S/sys/libplug32.so" "$tmp/rwx/lib/libflag32.so"
	# Unrestricted, the patched objects still work: a failure below is the
	# directive's doing.
	for lib in librwx32.so libflag32.so; do
		"$S/sys/dlopen_user32" "$tmp/rwx/lib/$lib" >/dev/null 2>&1 ||
			{ echo "FAIL: $lib does not load even unrestricted"; fail=1; }
	done
	"$tmp/rwx/hello64" >/dev/null 2>&1 || { echo "FAIL: RWX hello64 fails unrestricted"; fail=1; }
	for mode in "${modes[@]}"; do
		check "$mode" "srcds sample (srcds_run)" "$S/srcds" dedicated_srv.so "$S/srcds" \
			-- ./srcds_run
		check "$mode" "execstack_srv.so dlopened" \
			"$S/sys/dlopen_user32 $S/execstack/execstack_srv.so" execstack_srv.so "$S" \
			-- "$S/sys/dlopen_user32" "$S/execstack/execstack_srv.so"
		for p in clean64/hello64 clean32/hello32 sys/threads32 sys/dlopen_user32; do
			check "$mode" "sample $p" "$S/$p" "" "$S" -- "$S/$p"
		done
		# No PT_GNU_STACK: the ABI default (executable stack; on i386 also
		# READ_IMPLIES_EXEC). Copies with the header turned into PT_NULL.
		for p in sys/threads32 sys/threads64; do
			check "$mode" "$p without PT_GNU_STACK" "$tmp/nostack/$(basename $p)" "" \
				"$tmp/nostack" -- "./$(basename $p)"
		done
		if [ "$mode" = prctl ]; then
			check "$mode" "clean32/hello32 without PT_GNU_STACK" "$tmp/nostack/hello32" "" \
				"$tmp/nostack" -- ./hello32
		fi
		# A W+X PT_LOAD: in an executable (the kernel maps it) and in a
		# dlopen()ed library (ld.so's mmap).
		check "$mode" "hello64 with an RWX PT_LOAD" "$tmp/rwx/hello64" "" "$tmp/rwx" \
			-- ./hello64
		check "$mode" "dlopen of a library with an RWX PT_LOAD" \
			"$S/sys/dlopen_user32 $tmp/rwx/lib/librwx32.so" librwx32.so "$S" \
			-- "$S/sys/dlopen_user32" "$tmp/rwx/lib/librwx32.so"
		# DT_TEXTREL without a single text relocation still blocks:
		# ld.so makes the read-only segments writable because of the flag.
		check "$mode" "dlopen of a PIC library flagged DT_TEXTREL" \
			"$S/sys/dlopen_user32 $tmp/rwx/lib/libflag32.so" libflag32.so "$S" \
			-- "$S/sys/dlopen_user32" "$tmp/rwx/lib/libflag32.so"
		# W->X calls found by the syscall engine: mprotect(PROT_EXEC) by
		# default, mmap(PROT_WRITE|PROT_EXEC) with --rwx.
		for p in jit/jit32 jit/jit64; do
			check "$mode" "sample $p" "$S/$p" "" "$S" -- "$S/$p"
			check "$mode" "sample $p --rwx" "$S/$p" "" "$S" -- "$S/$p" --rwx
		done
	done
else
	echo "note: no sample trees under $S; sample cases not run"
fi
exit $fail
