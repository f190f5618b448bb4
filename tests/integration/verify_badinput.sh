#!/bin/bash
# `seccompat verify`: usage errors and bad input exit 2 with a one-line
# message naming what is wrong; a command's own failure is reported, not
# turned into verify's; warnings of the unit do not stop the run; verify
# works unprivileged (PR_SET_NO_NEW_PRIVS) and reports the same as root.
set -uo pipefail
: "${SECCOMPAT:?}"
S=${SAMPLES:-/nonexistent}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

printf '[Service]\nSystemCallFilter=~@file-system\n' >"$tmp/fs.service"
printf '[Service]\n' >"$tmp/empty.service"
printf 'not a program\n' >"$tmp/text"
chmod +x "$tmp/text"
printf 'not executable\n' >"$tmp/noexec"

# expect NAME RC REGEX -- ARGS...: exit status RC and a stderr line matching.
expect() {
	local name=$1 want=$2 re=$3 rc=0
	shift 4
	"$SECCOMPAT" verify "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ $rc -eq "$want" ] && grep -qE -- "$re" "$tmp/err"; then
		ok "$name: exit $rc, $(grep -E -- "$re" "$tmp/err" | head -n 1)"
	else
		bad "$name: exit $rc (want $want), stderr: $(cat "$tmp/err")"
	fi
}

expect "no -- COMMAND" 2 'expected -- COMMAND' -- --unit "$tmp/fs.service" /bin/true
expect "empty command" 2 'expected -- COMMAND' -- --unit "$tmp/fs.service" --
expect "no policy" 2 'give TARGETs .* or --unit' -- -- /bin/true
expect "--trace without TARGETs" 2 '--trace compares with the analysis' -- --trace --unit "$tmp/fs.service" -- /bin/true
expect "format dropin" 2 'format: text or json' -- --format dropin --unit "$tmp/fs.service" -- /bin/true
expect "unknown option" 2 'unknown option' -- --bogus --unit "$tmp/fs.service" -- /bin/true
expect "option of another verb" 2 'does not apply' -- --baseline x --unit "$tmp/fs.service" -- /bin/true
expect "missing unit" 2 "$tmp/missing.service: cannot read" -- --unit "$tmp/missing.service" -- /bin/true
expect "no group table" 2 'no systemd group table' -- --db "$tmp" --unit "$tmp/fs.service" -- /bin/true
expect "command not found" 2 'no-such-command-xyz: command not found' -- --unit "$tmp/fs.service" -- no-such-command-xyz
expect "not executable" 2 "cannot execute $tmp/noexec: Permission denied" -- --unit "$tmp/fs.service" -- "$tmp/noexec"
expect "not a program" 2 "cannot execute $tmp/text: Exec format error" -- --unit "$tmp/fs.service" -- "$tmp/text"
expect "target not ELF" 2 'nothing to analyse|error' -- "$tmp/text" -- /bin/true
expect "unwritable --output" 2 'cannot write' -- --unit "$tmp/empty.service" --output "$tmp/no/such/dir/x" -- /bin/true

# The command's own exit status is reported; verify's is about the policy.
rc=0
"$SECCOMPAT" verify --unit "$tmp/empty.service" --format json --output "$tmp/false.json" -- /bin/false || rc=$?
if [ $rc -eq 0 ] && grep -q '"code": 1' "$tmp/false.json"; then
	ok "/bin/false under an empty unit: verify exits 0, reports exit code 1"
else
	bad "/bin/false: verify rc=$rc"
fi

# A unit line systemd would warn about is a warning; the run goes on.
printf '[Service]\nSystemCallFilter=~@no-such-group openat\n' >"$tmp/warn.service"
rc=0
"$SECCOMPAT" verify --unit "$tmp/warn.service" --format json --output "$tmp/w.json" \
	-- /bin/cat "$tmp/fs.service" >/dev/null 2>"$tmp/err" || rc=$?
if [ $rc -eq 1 ] && grep -q 'warning: .*unknown system call group, ignoring: @no-such-group' "$tmp/err" &&
	grep -q '"name": "openat"' "$tmp/w.json"; then
	ok "unknown group: a warning, openat still refused"
else
	bad "unknown group: rc=$rc $(cat "$tmp/err")"
fi

# Unprivileged: the same violations as root (PR_SET_NO_NEW_PRIVS is set).
if [ -x "$S/sys/files64" ]; then
	as=()
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || { echo "FAIL: setpriv (util-linux) missing"; exit 1; }
		as=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
		chmod 755 "$tmp"
		chmod 644 "$tmp/fs.service"
	fi
	mkdir "$tmp/np"
	chmod 777 "$tmp/np"
	rc=0
	(cd "$tmp/np" && TMPDIR=$tmp/np "${as[@]}" "$SECCOMPAT" verify --unit "$tmp/fs.service" \
		--format json --output "$tmp/np/v.json" -- "$S/sys/files64") >/dev/null 2>"$tmp/err" || rc=$?
	"$SECCOMPAT" verify --unit "$tmp/fs.service" --format json --output "$tmp/root.json" \
		-- "$S/sys/files64" >/dev/null 2>&1
	names() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((v["name"], v["count"]) for v in d["violations"]))' "$1"; }
	if [ $rc -eq 1 ] && [ "$(names "$tmp/np/v.json")" = "$(names "$tmp/root.json")" ]; then
		ok "unprivileged ($(id -un 65534 2>/dev/null || echo uid 65534)): the same violations as root: $(names "$tmp/root.json")"
	else
		bad "unprivileged: rc=$rc $(cat "$tmp/err")"
	fi
fi
exit $fail
