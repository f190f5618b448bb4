#!/bin/bash
# `seccompat verify` in observe mode, on x86-64 samples, against independent
# truth: strace (what the program really calls, and how often) and the
# systemd-analyze dump of systemd 257 (what a SystemCallFilter= line names,
# expanded by tests/lib/sysgroups_expand.py, not by seccompat).
#  1. SystemCallFilter=~@file-system over files64: the program still
#     finishes ("files: ok", exit 0); the violations are exactly the calls
#     strace sees that the group names, with strace's counts, charged to the
#     unit's line, action kill; verify exits 1.
#  2. The same with SystemCallErrorNumber=EPERM: action errno EPERM.
#  3. --trace: the observed set equals strace's (execve of the start aside)
#     on single-threaded samples.
#  4. Children and threads are followed: /bin/sh running files64 twice
#     (once in the background); SystemCallFilter=~exit over threads64 (only
#     its 4 threads call exit(2); the process ends with exit_group).
# The i386 twins are in verify_i386.sh (they need a kernel that runs i386).
set -uo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}" "${SHARED:?}"
S=${SAMPLES:-/nonexistent}
dump=$SHARED/systemd/systemd-257.13-debian13.txt
if [ ! -x "$S/sys/files64" ]; then
	echo "SKIP: the samples were not built (SECCOMPAT_SAMPLES=OFF)"
	exit 77
fi
for t in strace python3; do
	command -v $t >/dev/null || { echo "FAIL: $t is not installed (scripts/setup.sh)"; exit 1; }
done
[ -f "$dump" ] || { echo "FAIL: no systemd dump $dump"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

. "$TESTLIB/verify_common.sh"
compare() { violations_match "$1" "$2" "$3" x86-64 "${@:4}"; }

python3 "$TESTLIB/sysgroups_expand.py" "$dump" @file-system >"$tmp/fs.names"
strace -f -qq -o "$tmp/files.st" "$S/sys/files64" >/dev/null
python3 "$TESTLIB/strace_calls.py" "$tmp/files.st" --skip-first-execve >"$tmp/files.count"

# 1. kill
printf '[Service]\nSystemCallFilter=~@file-system\n' >"$tmp/fs.service"
rc=0
"$SECCOMPAT" verify --unit "$tmp/fs.service" --format json --output "$tmp/v1.json" \
	-- "$S/sys/files64" >"$tmp/out1" 2>&1 || rc=$?
if [ $rc -eq 1 ] && grep -qx "files: ok" "$tmp/out1" &&
	[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["exit"])' "$tmp/v1.json")" = "{'code': 0}" ]; then
	ok "~@file-system over files64: the program finishes (exit 0) and verify exits 1"
else
	bad "~@file-system over files64: verify rc=$rc, output:"; cat "$tmp/out1"
fi
if r=$(compare "$tmp/v1.json" "$tmp/fs.names" "$tmp/files.count" kill); then
	ok "~@file-system over files64: violations = strace's calls of the group: $r"
	grep -q "openat=" <<<"$r" || bad "~@file-system: no openat violation"
else
	bad "~@file-system over files64:"; echo "$r"
fi

# 2. errno
printf '[Service]\nSystemCallFilter=~@file-system\nSystemCallErrorNumber=EPERM\n' >"$tmp/fse.service"
rc=0
"$SECCOMPAT" verify --unit "$tmp/fse.service" --format json --output "$tmp/v2.json" \
	-- "$S/sys/files64" >"$tmp/out2" 2>&1 || rc=$?
if [ $rc -eq 1 ] && grep -qx "files: ok" "$tmp/out2" &&
	r=$(compare "$tmp/v2.json" "$tmp/fs.names" "$tmp/files.count" errno EPERM); then
	ok "~@file-system + SystemCallErrorNumber=EPERM: the same calls, action errno EPERM"
else
	bad "~@file-system + EPERM: rc=$rc $r"; cat "$tmp/out2"
fi

# 3. --trace: observed = strace's set
for p in sys/files64 clean64/hello64 sys/rawsyscall64 sys/sockets64; do
	[ -x "$S/$p" ] || continue
	strace -f -qq -o "$tmp/t.st" "$S/$p" >/dev/null 2>&1
	python3 "$TESTLIB/strace_calls.py" "$tmp/t.st" --skip-first-execve | cut -d' ' -f1 >"$tmp/t.names"
	rc=0
	"$SECCOMPAT" verify --quiet --trace "$S/$p" --format json --output "$tmp/t.json" \
		-- "$S/$p" >/dev/null 2>&1 || rc=$?
	if r=$(python3 - "$tmp/t.json" "$tmp/t.names" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
obs = set(doc["observed"].get("x86-64", []))
st = set(open(sys.argv[2]).read().split())
if obs != st:
    print("only verify: %s; only strace: %s" % (sorted(obs - st), sorted(st - obs)))
    sys.exit(1)
print(len(obs))
PY
	); then
		ok "--trace $p: observed = strace's $r syscalls (exit $rc)"
	else
		bad "--trace $p: $r"
	fi
done

# 4a. children: /bin/sh running files64 in the foreground and the background
cat >"$tmp/two.sh" <<SH
"$S/sys/files64" >/dev/null
"$S/sys/files64" >/dev/null &
wait
SH
strace -f -qq -o "$tmp/two.st" /bin/sh "$tmp/two.sh"
python3 "$TESTLIB/strace_calls.py" "$tmp/two.st" --skip-first-execve >"$tmp/two.count"
rc=0
"$SECCOMPAT" verify --unit "$tmp/fs.service" --format json --output "$tmp/v4.json" \
	-- /bin/sh "$tmp/two.sh" >/dev/null 2>&1 || rc=$?
if r=$(compare "$tmp/v4.json" "$tmp/fs.names" "$tmp/two.count" kill) &&
	python3 - "$tmp/v4.json" <<'PY'
import json, os, sys
doc = json.load(open(sys.argv[1]))
progs = {os.path.basename(p) for v in doc["violations"] for p in v["programs"]}
sys.exit(0 if "files64" in progs and len(progs) >= 2 else 1)
PY
then
	ok "children: /bin/sh + files64 twice: violations = strace -f's: $r"
else
	bad "children: rc=$rc $r"
fi

# 4b. threads: only the threads of threads64 call exit(2)
printf '[Service]\nSystemCallFilter=~exit\n' >"$tmp/exit.service"
rc=0
"$SECCOMPAT" verify --unit "$tmp/exit.service" --format json --output "$tmp/v5.json" \
	-- "$S/sys/threads64" >"$tmp/out5" 2>&1 || rc=$?
if [ $rc -eq 1 ] && grep -qx "threads: ok" "$tmp/out5" && python3 - "$tmp/v5.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["violations"]
sys.exit(0 if [(x["name"], x["count"]) for x in v] == [("exit", 4)] else 1)
PY
then
	ok "threads: ~exit over threads64: exit x4 (its four threads), the program finishes"
else
	bad "threads: ~exit over threads64: rc=$rc"; cat "$tmp/out5" "$tmp/v5.json"
fi
exit $fail
