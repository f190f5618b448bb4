#!/bin/bash
# SystemCallArchitectures= verdicts proven by running under a filter whose
# bad-arch action kills (what systemd installs): the value seccompat derives
# must let the service run, and "native" alone must kill an i386 service with
# SIGSYS exactly when seccompat says x86 is needed.
set -euo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}" "${TESTLIB:?}"
. "$TESTLIB/proof_common.sh"
proof_setup

# check NAME TARGET-FOR-ANALYZE DIR -- COMMAND...   (COMMAND runs in DIR)
check() {
	local name=$1 target=$2 dir=$3
	shift 4
	"$SECCOMPAT" analyze --quiet --format json "$target" >"$tmp/v.json"
	local v value list rc
	v=$(verdict "$tmp/v.json" SystemCallArchitectures)
	if [[ "$v" != tolerated* ]]; then
		echo "FAIL $name: no SystemCallArchitectures= value derived ($v)"; fail=1; return
	fi
	value=${v#tolerated }
	list=${value// /,}
	rc=0; out=$(cd "$dir" && "$run" --arch "$list" "$@" 2>&1) || rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok   $name: runs with SystemCallArchitectures=$value"
	else
		echo "FAIL $name: dies (rc=$rc) with the derived SystemCallArchitectures=$value: $out"; fail=1
	fi
	rc=0; out=$(cd "$dir" && "$run" --arch native "$@" 2>&1) || rc=$?
	if [ "$value" = native ]; then
		[ $rc -eq 0 ] && echo "ok   $name: native is enough, and it runs" ||
			{ echo "FAIL $name: derived native, but it dies (rc=$rc)"; fail=1; }
	else
		# bash reports death by signal as 128+signo; SIGSYS is 31.
		[ $rc -eq $((128 + 31)) ] && echo "ok   $name: with native only it dies with SIGSYS" ||
			{ echo "FAIL $name: needs '$value' but native only gave rc=$rc: $out"; fail=1; }
	fi
}

check "i386 app + i386 library" "$tmp/srv" "$tmp/srv" -- ./app32 bin/libpic32.so
check "x86-64 app + library" "$tmp/srv/app64" "$tmp/srv" -- ./app64 lib64/libpic64.so

S=${SAMPLES:-/nonexistent}
if [ -x "$S/srcds/srcds_run" ]; then
	check "srcds sample (srcds_run)" "$S/srcds" "$S/srcds" -- ./srcds_run
fi
for p in clean64/hello64 clean32/hello32 sys/threads32 static32/raw_int80; do
	if [ -x "$S/$p" ]; then
		check "sample $p" "$S/$p" "$S" -- "$S/$p"
	fi
done
exit $fail
