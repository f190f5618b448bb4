#!/bin/bash
# `seccompat verify` with i386 programs started from the x86-64 seccompat
# (and from the x86-64 /bin/sh of srcds_run). Needs a kernel that runs i386
# programs: skipped (77, with the reason) where it cannot. The i386 part of
# the filter program is also checked on every machine, in the kernel's BPF
# engine, by tests/unit/test_verify.c.
#  1. The i386 samples under their derived policy (--trace): nothing
#     refused, nothing the analysis did not predict, same output and exit.
#  2. SystemCallFilter=~@file-system over files32: the violations are the
#     group's calls strace sees, with its counts, on the x86 ABI; it
#     finishes.
#  3. SystemCallArchitectures=native over hello32: its calls are x86
#     violations of SystemCallArchitectures=; observe lets it finish;
#     --enforce kills it (SIGSYS) at the call a real filter kills it at
#     (tests/sandbox_run --arch native, strace -n).
#  4. srcds_run: nothing refused or unpredicted under the derived policy
#     and under the production unit; a unit without x86 reports the x86
#     calls of srcds_linux; with MemoryDenyWriteExecute=yes, --enforce ends
#     like the kernel's PR_SET_MDWE does (ld.so refuses the text
#     relocations) and observe reports ld.so's mprotect.
set -uo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}" "${TESTLIB:?}" "${SHARED:?}"
. "$TESTLIB/i386.sh"
. "$TESTLIB/verify_common.sh"
S=${SAMPLES:-/nonexistent}
run=$SECCOMPAT_BUILD/tests/sandbox_run
dump=$SHARED/systemd/systemd-257.13-debian13.txt
if [ ! -x "$S/clean32/hello32" ]; then
	echo "SKIP: the i386 samples were not built (SECCOMPAT_SAMPLES=OFF or no gcc -m32)"
	exit 77
fi
require_i386_exec
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# 1. derived policies
derived_table x86 <<'EOF'
hello32|clean32/hello32|clean32/hello32
files32|sys/files32|sys/files32
sockets32|sys/sockets32|sys/sockets32
threads32|sys/threads32|sys/threads32
signals32|sys/signals32|sys/signals32
rawsyscall32|sys/rawsyscall32|sys/rawsyscall32
dlopen_user32|sys/dlopen_user32 --plugin sys/libplug32.so|sys/dlopen_user32
raw_int80|static32/raw_int80|static32/raw_int80
srcds_run|srcds/srcds_run srcds|srcds/srcds_run
EOF

# 2. ~@file-system over files32, against strace
python3 "$TESTLIB/sysgroups_expand.py" "$dump" @file-system >"$tmp/fs.names"
printf '[Service]\nSystemCallFilter=~@file-system\n' >"$tmp/fs.service"
strace -f -qq -o "$tmp/f32.st" "$S/sys/files32" >/dev/null
python3 "$TESTLIB/strace_calls.py" "$tmp/f32.st" --skip-first-execve >"$tmp/f32.count"
rc=0
"$SECCOMPAT" verify --unit "$tmp/fs.service" --format json --output "$tmp/f32.json" \
	-- "$S/sys/files32" >"$tmp/f32.out" 2>&1 || rc=$?
if [ $rc -eq 1 ] && grep -qx "files: ok" "$tmp/f32.out" &&
	r=$(violations_match "$tmp/f32.json" "$tmp/fs.names" "$tmp/f32.count" x86 kill) &&
	grep -q "openat=" <<<"$r"; then
	ok "~@file-system over files32 (i386 from x86-64): x86 violations = strace's: $r"
else
	bad "~@file-system over files32: rc=$rc $r"; cat "$tmp/f32.out"
fi

# 3. SystemCallArchitectures=native over hello32
printf '[Service]\nSystemCallArchitectures=native\n' >"$tmp/native.service"
rc=0
"$SECCOMPAT" verify --unit "$tmp/native.service" --format json --output "$tmp/n.json" \
	-- "$S/clean32/hello32" >"$tmp/n.out" 2>&1 || rc=$?
if [ $rc -eq 1 ] && [ "$(field "$tmp/n.json" 'd["exit"].get("code")')" = 0 ] &&
	[ "$(field "$tmp/n.json" 'sorted({(v["abi"], v["directive"]) for v in d["violations"]})')" = \
		"[('x86', 'SystemCallArchitectures')]" ]; then
	ok "native over hello32: only x86 violations of SystemCallArchitectures=, and it finishes"
else
	bad "native over hello32: rc=$rc $(cat "$tmp/n.json")"
fi
rc=0
strace -n -f -qq -o "$tmp/n.st" "$run" --arch native -- "$S/clean32/hello32" >/dev/null 2>&1 || rc=$?
want=$(truth_kill "$tmp/n.st")
"$SECCOMPAT" verify --quiet --enforce --unit "$tmp/native.service" --format json \
	--output "$tmp/ne.json" -- "$S/clean32/hello32" >/dev/null 2>&1
got=$(field "$tmp/ne.json" '" ".join(k["abi"] + " " + k["name"] for k in d["killed"])')
if [ $rc -eq $((128 + 31)) ] && [ "$got" = "x86 $want" ] &&
	[ "$(field "$tmp/ne.json" 'd["exit"].get("signal")')" = SIGSYS ]; then
	ok "native over hello32 --enforce: SIGSYS at x86 $want, as the real filter"
else
	bad "native over hello32 --enforce: killed '$got', the real filter (rc=$rc) at '$want'"
fi

# 4. srcds_run under units
unit() { printf '[Service]\n%b\n' "$2" >"$tmp/$1.service"; }
unit production 'SystemCallArchitectures=native x86\nSystemCallFilter=@system-service\nSystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation @obsolete @privileged'
unit no_x86 'SystemCallArchitectures=native'
unit mdwe 'SystemCallArchitectures=native x86\nMemoryDenyWriteExecute=yes'
rc=0
"$SECCOMPAT" verify --quiet --unit "$tmp/production.service" --format json \
	--output "$tmp/p.json" -- "$S/srcds/srcds_run" >"$tmp/p.out" 2>&1 || rc=$?
[ $rc -eq 0 ] && grep -qx "srcds-sample: ok" "$tmp/p.out" &&
	ok "srcds_run under the production unit: nothing refused" ||
	bad "srcds_run under the production unit: rc=$rc $(field "$tmp/p.json" 'd["violations"]')"
rc=0
"$SECCOMPAT" verify --quiet --unit "$tmp/no_x86.service" --format json \
	--output "$tmp/x.json" -- "$S/srcds/srcds_run" >"$tmp/x.out" 2>&1 || rc=$?
if [ $rc -eq 1 ] && grep -qx "srcds-sample: ok" "$tmp/x.out" &&
	field "$tmp/x.json" '[v["programs"] for v in d["violations"] if v["abi"] == "x86" and v["directive"] == "SystemCallArchitectures"]' |
	grep -q srcds_linux; then
	ok "srcds_run with SystemCallArchitectures=native: srcds_linux's x86 calls reported, it still runs"
else
	bad "srcds_run with native: rc=$rc"
fi
if "$run" --mdwe-prctl -- /bin/true 2>/dev/null; then
	rc0=0
	"$run" --mdwe-prctl -- "$S/srcds/srcds_run" >"$tmp/m.want" 2>&1 || rc0=$?
	rc=0
	"$SECCOMPAT" verify --quiet --enforce --unit "$tmp/mdwe.service" --format json \
		--output "$tmp/m.json" -- "$S/srcds/srcds_run" >"$tmp/m.got" 2>&1 || rc=$?
	[ $rc -eq 1 ] && cmp -s "$tmp/m.want" "$tmp/m.got" &&
		[ "$(field "$tmp/m.json" 'd["exit"].get("code")')" = "$rc0" ] &&
		ok "srcds_run, MemoryDenyWriteExecute=yes --enforce: ends as under PR_SET_MDWE (exit $rc0)" ||
		bad "srcds_run, MDWE --enforce: rc=$rc, exit $(field "$tmp/m.json" 'd["exit"]'), PR_SET_MDWE gave $rc0"
	rc=0
	"$SECCOMPAT" verify --quiet --unit "$tmp/mdwe.service" --format json \
		--output "$tmp/mo.json" -- "$S/srcds/srcds_run" >/dev/null 2>&1 || rc=$?
	[ $rc -eq 1 ] && field "$tmp/mo.json" '[(v["abi"], v["name"], v["errno"]) for v in d["violations"] if v["directive"] == "MemoryDenyWriteExecute"]' |
		grep -q "('x86', 'mprotect', 'EACCES')" &&
		ok "srcds_run, MemoryDenyWriteExecute=yes observe: ld.so's x86 mprotect reported (EACCES)" ||
		bad "srcds_run, MDWE observe: rc=$rc $(field "$tmp/mo.json" 'd["violations"]')"
fi
exit $fail
