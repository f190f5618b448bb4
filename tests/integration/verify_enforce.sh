#!/bin/bash
# `seccompat verify --enforce` kills and fails calls as systemd would. The
# truth is an independent run of the same program under real seccomp
# filters built the way systemd builds them (tests/sandbox_run: per-ABI
# deny filters like seccomp_load_syscall_filter_set_raw(), an allow list
# with a killing default, the bad-arch kill of SystemCallArchitectures=,
# systemd's MemoryDenyWriteExecute= rules or PR_SET_MDWE), with the name
# lists expanded from the systemd-analyze dump by tests/lib/
# sysgroups_expand.py, and strace telling which call the kernel killed.
# For each case: same end (signal or exit status), same killing call, and
# for errno cases the same output. Observe mode on the same cases lets the
# program finish and reports the same call.
set -uo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}" "${TESTLIB:?}" "${SHARED:?}"
S=${SAMPLES:-/nonexistent}
run=$SECCOMPAT_BUILD/tests/sandbox_run
x32=$SECCOMPAT_BUILD/tests/x32_calls
dump=$SHARED/systemd/systemd-257.13-debian13.txt
if [ ! -x "$S/sys/files64" ]; then
	echo "SKIP: the samples were not built (SECCOMPAT_SAMPLES=OFF)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
expand() { python3 "$TESTLIB/sysgroups_expand.py" "$dump" "$@"; }
. "$TESTLIB/verify_common.sh"

# field JSON EXPR: a Python expression over the document d.
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# kill_case NAME UNIT-TEXT SANDBOX-ARGS -- COMMAND...
kill_case() {
	local name=$1 unit=$2 sargs=$3
	shift 4
	printf '[Service]\n%b\n' "$unit" >"$tmp/$name.service"
	local rc=0 want got sig
	strace -n -f -qq -o "$tmp/$name.st" $run $sargs -- "$@" >/dev/null 2>&1 || rc=$?
	want=$(truth_kill "$tmp/$name.st")
	if [ $rc -ne $((128 + 31)) ] || [ -z "$want" ]; then
		bad "$name: the independent run was not killed by SIGSYS (rc=$rc)"; return
	fi
	rc=0
	"$SECCOMPAT" verify --quiet --enforce --unit "$tmp/$name.service" --format json \
		--output "$tmp/$name.json" -- "$@" >/dev/null 2>&1 || rc=$?
	sig=$(field "$tmp/$name.json" 'd["exit"].get("signal")')
	got=$(field "$tmp/$name.json" '" ".join(k["name"] for k in d["killed"])')
	if [ $rc -eq 1 ] && [ "$sig" = SIGSYS ] && [ "$got" = "$want" ]; then
		ok "$name: --enforce kills with SIGSYS at $got, as the systemd-built filter does"
	else
		bad "$name: --enforce rc=$rc signal=$sig killed at '$got'; the real filter killed at '$want'"
	fi
	rc=0
	"$SECCOMPAT" verify --quiet --unit "$tmp/$name.service" --format json \
		--output "$tmp/$name.obs.json" -- "$@" >/dev/null 2>&1 || rc=$?
	if [ $rc -eq 1 ] && [ "$(field "$tmp/$name.obs.json" 'd["exit"].get("code")')" = 0 ] &&
		field "$tmp/$name.obs.json" '" ".join(v["name"] for v in d["violations"])' | grep -qw "$want"; then
		ok "$name: observe mode lets it finish (exit 0) and reports $want"
	else
		bad "$name: observe mode rc=$rc: $(cat "$tmp/$name.obs.json")"
	fi
}

# output_case NAME UNIT-TEXT SANDBOX-ARGS VERIFY-ARGS -- COMMAND...: the
# command's output and exit status are the same under both.
output_case() {
	local name=$1 unit=$2 sargs=$3 vargs=$4
	shift 5
	printf '[Service]\n%b\n' "$unit" >"$tmp/$name.service"
	local rc0=0 rc=0
	$run $sargs -- "$@" >"$tmp/$name.want" 2>&1 || rc0=$?
	"$SECCOMPAT" verify --quiet --enforce $vargs --unit "$tmp/$name.service" --format json \
		--output "$tmp/$name.json" -- "$@" >"$tmp/$name.got" 2>&1 || rc=$?
	local code
	code=$(field "$tmp/$name.json" 'd["exit"].get("code")')
	if [ $rc -eq 1 ] && [ "$code" = "$rc0" ] && cmp -s "$tmp/$name.want" "$tmp/$name.got"; then
		ok "$name: same output and exit status ($rc0) as the systemd-built filter: $(head -c 80 "$tmp/$name.want" | tr '\n' ' ')"
	else
		bad "$name: verify rc=$rc command exit $code, the real filter gave $rc0"
		diff "$tmp/$name.want" "$tmp/$name.got" | head -5
	fi
}

expand @file-system >"$tmp/fs.names"
kill_case deny_fs 'SystemCallFilter=~@file-system' "--deny $tmp/fs.names" -- "$S/sys/files64"

# An allow list of two lines: @default is implied, the "~" line takes names
# out again, and systemd >= 256 always allows write().
{ expand @default @system-service | grep -vxFf "$tmp/fs.names"; echo write; } >"$tmp/allow.names"
kill_case allow_minus_fs 'SystemCallFilter=@system-service\nSystemCallFilter=~@file-system' \
	"--allow $tmp/allow.names" -- "$S/sys/files64"

# Only the four threads of threads64 call exit(2): the process dies anyway.
echo exit >"$tmp/exit.names"
kill_case thread_exit 'SystemCallFilter=~exit' "--deny $tmp/exit.names" -- "$S/sys/threads64"

# SystemCallArchitectures=native: the x32 call of an x86-64 program.
if [ -x "$x32" ] && [ "$(uname -m)" = x86_64 ]; then
	kill_case arch_x32 'SystemCallArchitectures=native' "--arch native" -- "$x32"
	if [ "$(field "$tmp/arch_x32.json" '" ".join(k["abi"] + ":" + k["directive"] for k in d["killed"])')" = \
		"x32:SystemCallArchitectures" ]; then
		ok "arch_x32: the call is charged to the x32 ABI and SystemCallArchitectures="
	else
		bad "arch_x32: $(cat "$tmp/arch_x32.json")"
	fi
fi

# SystemCallErrorNumber=: the calls fail, the program reports it.
output_case errno_fs 'SystemCallFilter=~@file-system\nSystemCallErrorNumber=EPERM' \
	"--deny $tmp/fs.names --errno 1" "" -- "$S/sys/files64"

# MemoryDenyWriteExecute=: systemd's seccomp rules (systemd 252) and, on
# Linux >= 6.3, PR_SET_MDWE (systemd 257).
output_case mdwe_seccomp 'MemoryDenyWriteExecute=yes' --mdwe-seccomp "--systemd 252" -- "$S/jit/jit64"
output_case mdwe_seccomp_rwx 'MemoryDenyWriteExecute=yes' --mdwe-seccomp "--systemd 252" -- "$S/jit/jit64" --rwx
if "$run" --mdwe-prctl -- /bin/true 2>/dev/null; then
	output_case mdwe_prctl 'MemoryDenyWriteExecute=yes' --mdwe-prctl "--systemd 257" -- "$S/jit/jit64"
	output_case mdwe_prctl_rwx 'MemoryDenyWriteExecute=yes' --mdwe-prctl "--systemd 257" -- "$S/jit/jit64" --rwx
	for v in mdwe_prctl:EACCES mdwe_seccomp:EPERM; do
		got=$(field "$tmp/${v%%:*}.json" '" ".join("%s:%s:%s" % (x["name"], x["directive"], x["errno"]) for x in d["violations"])')
		[ "$got" = "mprotect:MemoryDenyWriteExecute:${v#*:}" ] &&
			ok "${v%%:*}: reports mprotect, MemoryDenyWriteExecute=, ${v#*:}" ||
			bad "${v%%:*}: violations '$got'"
	done
	# Observe: the JIT runs ("jit: ok 42") and the refusal is reported.
	rc=0
	"$SECCOMPAT" verify --quiet --unit "$tmp/mdwe_prctl.service" -- "$S/jit/jit64" >"$tmp/jit.out" 2>&1 || rc=$?
	if [ $rc -eq 1 ] && grep -q "^jit: ok 42" "$tmp/jit.out" && grep -q "mprotect.*MemoryDenyWriteExecute" "$tmp/jit.out"; then
		ok "mdwe observe: the JIT still runs and mprotect is reported"
	else
		bad "mdwe observe: rc=$rc"; cat "$tmp/jit.out"
	fi
else
	echo "note: this kernel has no PR_SET_MDWE (Linux < 6.3); its cases are not run"
fi
exit $fail
