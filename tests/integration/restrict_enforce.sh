#!/bin/bash
# The argument-checking directives (RestrictAddressFamilies=, LockPersonality=,
# RestrictRealtime=, RestrictNamespaces=, RestrictSUIDSGID=, ProtectClock=,
# ProtectKernelModules=, ProtectKernelLogs=, ProtectHostname=): what
# `analyze --unit` predicts for each against what really happens.
#
# Each samples/restrict binary makes one call with constant arguments
# (restrict/restrict.c), i386 and x86-64. For each binary and directive:
#  - the prediction is the unit check of a unit that sets the directive as
#    production does (RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX, the
#    rest true): breaks = the call is refused, ok = it is not;
#  - the truth is the binary run under the directive's seccomp rules built
#    the way systemd builds them (tests/sandbox_run --restrict, from
#    seccomp-util.c), which exits 1 when refused (EPERM/EAFNOSUPPORT), 0
#    when not.
# `verify --enforce` under a unit that sets only that directive must end
# the same way (exit status) and name the directive for a refused call.
# A binary that fails without any filter (not root, no CAP_SYS_NICE) is
# skipped for all directives; `risk` is counted, never accepted for a call
# the rule refuses. Every pair must agree, and each directive must be
# refused for at least one binary (the test can fail both ways).
set -uo pipefail
: "${SECCOMPAT:?}" "${SECCOMPAT_BUILD:?}"
S=${SAMPLES:-/nonexistent}
run=$SECCOMPAT_BUILD/tests/sandbox_run
if [ ! -x "$S/restrict/inet64" ]; then
	echo "SKIP: the samples were not built (SECCOMPAT_SAMPLES=OFF)"
	exit 77
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export XDG_CACHE_HOME=$t/cache
fail=0 pass=0 skipped=0 risks=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

directives="RestrictAddressFamilies LockPersonality RestrictRealtime RestrictNamespaces
RestrictSUIDSGID ProtectClock ProtectKernelModules ProtectKernelLogs ProtectHostname"
cat >"$t/prod.service" <<'UNIT'
[Service]
ExecStart=/bin/true
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
LockPersonality=true
RestrictRealtime=true
RestrictNamespaces=true
RestrictSUIDSGID=true
ProtectClock=true
ProtectKernelModules=true
ProtectKernelLogs=true
ProtectHostname=true
UNIT

declare -A refused_somewhere
for abi in 32 64; do
	for action in personality query realtime unshare netlink packet inet suid clock module \
		syslog hostname; do
		bin=$S/restrict/$action$abi
		"$bin" >"$t/base.out" 2>&1
		rc=$?
		if [ "$rc" != 0 ]; then
			echo "skip $action$abi: fails without a filter ($(cat "$t/base.out"))"
			skipped=$((skipped + 1))
			continue
		fi
		"$SECCOMPAT" analyze -q --format json --unit "$t/prod.service" "$bin" \
			>"$t/a.json" 2>"$t/a.err"
		if ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))["unit_check"]' \
			"$t/a.json" 2>/dev/null; then
			bad "$action$abi: analyze --unit gave no unit_check: $(head -c 300 "$t/a.err")"
			continue
		fi
		for d in $directives; do
			status=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["unit_check"][sys.argv[2]]["status"])' \
				"$t/a.json" "$d")
			"$run" --restrict "$d" -- "$bin" >"$t/run.out" 2>&1
			rc=$?
			case "$rc" in
			0) truth=allowed ;;
			1) truth=refused; refused_somewhere[$d]=1 ;;
			*) bad "$action$abi under $d: exit $rc: $(cat "$t/run.out")"; continue ;;
			esac
			# verify --enforce under a unit that sets only this
			# directive must end the same way and name it.
			if [ ! -f "$t/$d.service" ]; then
				{ echo "[Service]"; grep "^$d=" "$t/prod.service"; } >"$t/$d.service"
			fi
			"$SECCOMPAT" verify -q --enforce --format json -o "$t/v.json" --unit "$t/$d.service" -- "$bin" \
				>/dev/null 2>"$t/v.err"
			vres=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
named = any(v["directive"] == sys.argv[2] for v in d["violations"])
print(d["exit"].get("code"), "named" if named else "unnamed")' "$t/v.json" "$d" 2>/dev/null)
			want="$rc $([ "$truth" = refused ] && echo named || echo unnamed)"
			if [ "$vres" = "$want" ]; then
				ok "$action$abi $d: verify --enforce: exit ${vres% *}, ${vres#* }"
			else
				bad "$action$abi $d: verify --enforce gave '$vres', sandbox '$want': $(head -c 300 "$t/v.err")"
			fi
			case "$status/$truth" in
			breaks/refused | ok/allowed)
				ok "$action$abi $d: $status, $truth" ;;
			risk/allowed)
				risks=$((risks + 1))
				ok "$action$abi $d: risk, allowed" ;;
			*)
				bad "$action$abi $d: predicted $status, really $truth ($(cat "$t/run.out"))"
				python3 -c 'import json,sys; print("\n".join("    " + r for r in json.load(open(sys.argv[1]))["unit_check"][sys.argv[2]]["reasons"][:6]))' \
					"$t/a.json" "$d" ;;
			esac
		done
	done
done
for d in $directives; do
	if [ -z "${refused_somewhere[$d]:-}" ] && [ "$skipped" = 0 ]; then
		bad "$d: no sample is refused by its rule: the test cannot fail for it"
	fi
done
echo "restrict_enforce: $pass agree ($risks risk), $fail disagree, $skipped binaries skipped"
[ "$fail" = 0 ]
