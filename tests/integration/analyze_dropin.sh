#!/bin/bash
# The drop-in `analyze --format dropin` writes must pass `systemd-analyze
# verify` with no "ignoring" / unknown-setting warnings, in a unit with
# ExecStart=/bin/true, for a service whose MDW verdict is "not tolerated"
# (i386 + text relocations) and one where everything is tolerated (x86-64).
# Prints the exposure score `systemd-analyze security --offline=true` gives
# the bare unit and the unit with the drop-in; the drop-in must not raise it.
set -euo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}"
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }
. "$TESTLIB/proof_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build_tree "$tmp/srv" 2>"$tmp/gcc.log" || { echo "SKIP: no gcc -m32"; exit 77; }
fail=0
# The drop-in is derived for this host's systemd, whose systemd-analyze
# judges it (a newer version's groups, e.g. 257's @sandbox, are unknown to 252).
hostver=$(systemd-analyze --version | sed -n 's/^systemd \([0-9]*\).*/\1/p')

exposure() {
	systemd-analyze security --offline=true "$1" 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}

printf '[Unit]\nDescription=seccompat drop-in test\n\n[Service]\nExecStart=/bin/true\n' \
	>"$tmp/bare.service"
targets=("$tmp/srv" "$tmp/srv/app64")
[ -x "${SAMPLES:-/nonexistent}/srcds/srcds_run" ] && targets+=("$SAMPLES/srcds")
for target in "${targets[@]}"; do
	name=$(basename "$target")
	"$SECCOMPAT" analyze --quiet ${hostver:+--systemd "$hostver"} --format dropin "$target" >"$tmp/$name.conf"
	grep -q '^\[Service\]$' "$tmp/$name.conf" || { echo "FAIL: no [Service] in drop-in"; fail=1; }
	unit=$tmp/with-$name.service
	cat "$tmp/bare.service" "$tmp/$name.conf" >"$unit"
	rc=0
	systemd-analyze verify --man=no "$unit" >"$tmp/verify.log" 2>&1 || rc=$?
	if [ $rc -ne 0 ] || grep -Eiq 'ignoring|unknown|invalid|failed to parse' "$tmp/verify.log"; then
		echo "FAIL: systemd-analyze verify complains about the drop-in for $name (rc=$rc):"
		cat "$tmp/verify.log"; sed 's/^/    /' "$tmp/$name.conf"; fail=1
	else
		echo "ok   drop-in for $name passes systemd-analyze verify"
	fi
	bare=$(exposure "$tmp/bare.service"); with=$(exposure "$unit")
	echo "     exposure: bare unit $bare, with the drop-in for $name $with"
	if [ -n "$bare" ] && [ -n "$with" ] &&
		python3 -c "import sys; sys.exit(0 if float('$with') <= float('$bare') else 1)"; then
		:
	else
		echo "FAIL: exposure did not stay or drop ($bare -> $with)"; fail=1
	fi
done
# The directives each drop-in sets must be exactly the JSON's "directives".
targets=("$tmp/srv" "$tmp/srv/app64")
[ -x "${SAMPLES:-/nonexistent}/srcds/srcds_run" ] && targets+=("$SAMPLES/srcds")
for target in "${targets[@]}"; do
	name=$(basename "$target")
	"$SECCOMPAT" analyze --quiet ${hostver:+--systemd "$hostver"} --format json "$target" >"$tmp/$name.json"
	python3 - "$tmp/$name.json" "$tmp/$name.conf" <<'PY' || fail=1
import json, sys
want = json.load(open(sys.argv[1]))["directives"]
got = {}
for line in open(sys.argv[2]):
    line = line.strip()
    if line and line[0] not in "#;[" and "=" in line:
        k, v = line.split("=", 1)
        if v == "":
            # systemd: an empty assignment resets a list; the drop-in
            # starts every list with one so it never adds to the unit's.
            assert k not in got, ("empty assignment after values", k)
            got[k] = []
            continue
        got.setdefault(k, []).append(v)
for k in ("SystemCallFilter", "SystemCallArchitectures"):
    if k in got and not (open(sys.argv[2]).read().count(k + "=\n") == 1):
        print("FAIL: drop-in does not start", k, "with an empty assignment"); sys.exit(1)
got = {k: v[0] if len(v) == 1 else v for k, v in got.items()}
if got != want:
    print("FAIL: drop-in sets", got, "but JSON directives are", want); sys.exit(1)
print("ok   drop-in directives match the JSON:", got)
PY
done
exit $fail
