#!/bin/bash
# Executable stacks and the target's glibc, proven by running on this
# machine's glibc (2.36 on Debian 12, 2.41 on Debian 13), both ABIs:
#   - an executable whose PT_GNU_STACK is RWE, a program with such a library
#     in DT_NEEDED, and a program that dlopen()s it, each built here;
#   - unrestricted: `analyze` lists an object under cannot_load exactly when
#     it fails to load without any sandbox, with the loader's message, and
#     the tunable it names (GLIBC_TUNABLES=glibc.rtld.execstack=2) makes it
#     load;
#   - under both MemoryDenyWriteExecute= modes: the blocker's predicted
#     message is what the program prints;
#   - the glibc version is read from the closure's libc.so.6 (the one that
#     runs here: ldd --version), and --glibc overrides it.
set -euo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}" "${TESTLIB:?}"
. "$TESTLIB/proof_common.sh"
. "$TESTLIB/i386.sh"
run=$SECCOMPAT_BUILD/tests/sandbox_run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
glibc=$(ldd --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')
echo "this machine's glibc: $glibc"

cat >"$tmp/lib.c" <<'C'
int f(void) { return 42; }
C
cat >"$tmp/app.c" <<'C'
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
static void *t(void *p) { return p; }
int main(int argc, char **argv)
{
	pthread_t th;
	if (argc > 1 && !dlopen(argv[1], RTLD_NOW)) {
		printf("%s\n", dlerror());
		return 3;
	}
	if (pthread_create(&th, 0, t, 0)) {
		printf("pthread_create failed\n");
		return 4;
	}
	pthread_join(th, 0);
	puts("ok");
	return 0;
}
C
abis=(64)
if gcc -m32 -o "$tmp/probe32" "$tmp/lib.c" -nostartfiles -e f 2>/dev/null && i386_exec_ok; then
	abis+=(32)
else
	echo "i386 cases skipped: no gcc -m32 or $(i386_exec_reason)"
fi
modes=(seccomp)
"$run" --mdwe-prctl /bin/true 2>/dev/null && modes+=(prctl)

# expect NAME RC OUT PATTERN: the run's output must hold PATTERN.
expect() {
	if [[ "$3" == *"$4"* ]]; then
		echo "ok   $1 (rc=$2): $3"
	else
		echo "FAIL $1 (rc=$2): '$3', predicted '$4'"; fail=1
	fi
}

for b in "${abis[@]}"; do
	m=; [ "$b" = 32 ] && m=-m32
	d=$tmp/t$b
	mkdir -p "$d"
	gcc $m -shared -fPIC -o "$d/libes.so" "$tmp/lib.c" -Wl,-z,execstack
	gcc $m -o "$d/app_plain" "$tmp/app.c" -ldl -lpthread
	gcc $m -o "$d/app_es" "$tmp/app.c" -ldl -lpthread -Wl,-z,execstack
	gcc $m -o "$d/app_needed" "$tmp/app.c" -ldl -lpthread -L"$d" -Wl,--no-as-needed -les \
		-Wl,-rpath,"$d"
	readelf -lW "$d/libes.so" | grep -q 'GNU_STACK.*RWE' || { echo "FAIL: libes.so has no RWE stack"; fail=1; }

	# The glibc version comes from the closure's libc.so.6.
	"$SECCOMPAT" analyze --quiet --format json "$d/app_plain" "$d/libes.so" >"$tmp/a.json"
	got=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["options"]["glibc"].values()))' "$tmp/a.json")
	[ "$got" = "$glibc" ] || { echo "FAIL [$b] glibc read from the closure: '$got', ldd says $glibc"; fail=1; }

	# Unrestricted: cannot_load <=> it fails, with the predicted message.
	rc=0; out=$(cd "$d" && ./app_plain ./libes.so 2>&1) || rc=$?
	pred=$(python3 - "$tmp/a.json" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
for e in d["cannot_load"]:
    if e["object"].endswith("libes.so"):
        print(re.search(r'"([^"]*)"', e["effect"]).group(1).split(": ", 1)[1])
PY
)
	if [ -n "$pred" ]; then
		[ $rc -ne 0 ] || { echo "FAIL [$b] dlopen: predicted cannot load, but it loads"; fail=1; }
		expect "[$b] dlopen, unrestricted, cannot load" $rc "$out" "$pred"
		grep -q 'glibc.rtld.execstack=2' "$tmp/a.json" || { echo "FAIL [$b] no tunable named"; fail=1; }
		rc=0; out=$(cd "$d" && GLIBC_TUNABLES=glibc.rtld.execstack=2 ./app_plain ./libes.so 2>&1) || rc=$?
		[ $rc -eq 0 ] && echo "ok   [$b] dlopen with the tunable: it loads" ||
			{ echo "FAIL [$b] dlopen with the tunable: rc=$rc $out"; fail=1; }
	else
		[ $rc -eq 0 ] && echo "ok   [$b] dlopen, unrestricted: loads, none predicted" ||
			{ echo "FAIL [$b] dlopen: fails unrestricted ($out), not predicted"; fail=1; }
	fi
	for p in app_es app_needed; do
		rc=0; out=$(cd "$d" && ./$p 2>&1) || rc=$?
		[ $rc -eq 0 ] || { echo "FAIL [$b] $p fails unrestricted: $out"; fail=1; }
	done

	# Under MemoryDenyWriteExecute=: each blocker's message.
	for mode in "${modes[@]}"; do
		ver=(--systemd 252 --kernel 6.1)
		[ "$mode" = prctl ] && ver=(--systemd 257 --kernel 6.12)
		for c in "app_plain libes.so:./libes.so" "app_needed libes.so:" "app_es app_es:"; do
			prog=${c%% *} rest=${c#* } obj=${rest%%:*} arg=${rest#*:}
			tgt=("$d/$prog"); [ -n "$arg" ] && tgt+=("$d/libes.so")
			"$SECCOMPAT" analyze --quiet --format json "${ver[@]}" "${tgt[@]}" >"$tmp/v.json"
			rc=0; out=$(cd "$d" && "$run" --mdwe-$mode ./$prog $arg 2>&1 | tail -n 1) || rc=$?
			[ "$(verdict "$tmp/v.json" MemoryDenyWriteExecute)" = blocked ] ||
				{ echo "FAIL [$b/$mode] $prog: MemoryDenyWriteExecute= not blocked"; fail=1; }
			msg=$(predicted_messages "$tmp/v.json" MemoryDenyWriteExecute "$obj" | head -n 1)
			expect "[$b/$mode] $prog ${arg:+dlopen }under MemoryDenyWriteExecute=" $rc "$out" "${msg:-?}"
		done
	done
done

# --glibc overrides what the closure says, and the predictions follow it.
d=$tmp/t64
for v in 2.36 2.41; do
	"$SECCOMPAT" analyze --quiet --format json --glibc "$v" "$d/app_plain" "$d/libes.so" >"$tmp/g.json"
	n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cannot_load"]))' "$tmp/g.json")
	want=0; [ "$v" = 2.41 ] && want=1
	[ "$n" = "$want" ] && echo "ok   --glibc $v: $n object(s) cannot load" ||
		{ echo "FAIL --glibc $v: $n object(s) listed as cannot load, want $want"; fail=1; }
done
exit $fail
