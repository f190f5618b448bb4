#!/bin/bash
# Re-check of the deployed unit after an update (issue 15). A baseline is
# saved with `analyze --unit`; an update adds a module whose exported
# CreateInterface (also run from its constructor) calls mount, ptrace and
# chown. Then:
#  - `check --baseline --unit` exits 1, the unit's SystemCallFilter= moves
#    to breaks, and the evidence names the module and the call chain;
#  - `check --baseline` without --unit re-judges the unit the baseline
#    recorded, the same way;
#  - a drop-in added to UNIT.d/ is read (systemd-analyze security --offline
#    must read it too) and reported as a new file with the sha256 sha256sum
#    computes, and MemoryDenyWriteExecute=yes moves to breaks;
#  - `diff` compares unit_check: risk -> breaks exits 1, ok -> risk is
#    reported and exits 0.
# Independent truth: nm -D for the module's imports, systemd-analyze
# syscall-filter for which group each call is in, sha256sum for the hashes,
# systemd-analyze security for the drop-in.
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no sample trees: skipped"; exit 77; }
gcc -m32 -x c -o /dev/null - <<<'int main(void){return 0;}' 2>/dev/null ||
	{ echo "no gcc -m32: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
expect_rc() { [ "$1" = "$2" ] || fail "$3: exit $2, expected $1"; }
py() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# unit_change FILE SUBJECT FIELD: FIELD of the unit-status change of SUBJECT
unit_change() {
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["changes"]:
    if c["kind"] == "unit-status" and c["subject"] == sys.argv[2]:
        v = c.get(sys.argv[3])
        print("" if v is None else (" | ".join(v) if isinstance(v, list) else v))
        break
PY
}

cp -a "$SAMPLES/srcds" "$tmp/srcds"
cd "$tmp"
mkdir -p units
cat >units/l4d2.service <<'UNIT'
[Service]
ExecStart=/srv/l4d2/srcds_run
SystemCallArchitectures=native x86
SystemCallFilter=@system-service
SystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation @obsolete @privileged
UNIT
targets=(srcds/srcds_run srcds)
"$SECCOMPAT" analyze --quiet --unit units/l4d2.service "${targets[@]}" --format json \
	--output base.json || fail "analyze --unit of the production unit: exit $?"
[ "$(py base.json 'd["unit"]["files"][0]["sha256"]')" = "$(sha256sum units/l4d2.service | cut -d' ' -f1)" ] ||
	fail "baseline: the unit's sha256 is not sha256sum's"
base_filter=$(py base.json 'd["unit_check"]["SystemCallFilter"]["status"]')
[ "$base_filter" != breaks ] || fail "production unit breaks before the update"

rc=0
"$SECCOMPAT" check --quiet --baseline base.json --unit units/l4d2.service "${targets[@]}" \
	--format json >same.json || rc=$?
expect_rc 0 "$rc" "check of the unchanged tree and unit"
[ "$(py same.json 'len([c for c in d["changes"] if c["kind"].startswith("unit")])')" = 0 ] ||
	fail "unchanged unit reports unit changes: $(cat same.json)"

# The update: a module with CreateInterface -> jail_setup -> mount/ptrace/chown.
cat >jail.c <<'C'
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <unistd.h>
__attribute__((noinline)) static int jail_setup(void)
{
	int r = mount("none", "/tmp", "tmpfs", 0, 0);
	r += (int)ptrace(PTRACE_TRACEME, 0, 0, 0);
	return r + chown("/tmp/x", 0, 0);
}
void *CreateInterface(const char *name, int *rc)
{
	(void)name;
	*rc = jail_setup();
	return 0;
}
__attribute__((constructor)) static void init(void)
{
	int rc;
	CreateInterface("x", &rc);
}
C
gcc -O2 -m32 -fPIC -shared -Wl,-z,noexecstack -o srcds/left4dead2/bin/jail_srv.so jail.c
for f in mount ptrace chown; do
	nm -D --undefined-only srcds/left4dead2/bin/jail_srv.so | grep -w "$f" >/dev/null ||
		fail "test setup: jail_srv.so does not import $f"
done

for how in with-unit recorded; do
	args=()
	[ "$how" = with-unit ] && args=(--unit units/l4d2.service)
	rc=0
	"$SECCOMPAT" check --quiet --baseline base.json "${args[@]}" "${targets[@]}" \
		--format json >"upd-$how.json" || rc=$?
	expect_rc 1 "$rc" "check ($how) after the update"
	[ "$(unit_change "upd-$how.json" SystemCallFilter new)" = breaks ] ||
		fail "$how: SystemCallFilter= does not move to breaks"
	[ "$(unit_change "upd-$how.json" SystemCallFilter effect)" = breaks ] ||
		fail "$how: the move to breaks is not effect breaks"
	ev=$(unit_change "upd-$how.json" SystemCallFilter evidence)
	# Every call systemd's own @mount/@debug/@privileged lists hold must be
	# named with the module and the chain; none of the possible ones.
	for sc in mount ptrace chown32; do
		grp=$(for g in @mount @debug @privileged; do
			if systemd-analyze syscall-filter "$g" | grep -w "$sc" >/dev/null; then
				echo "$g"
			fi
		done)
		[ -n "$grp" ] || continue
		grep -q "x86 $sc (certain) is killed: .* via CreateInterface@jail_srv.so -> jail_setup" <<<"$ev" ||
			fail "$how: $sc (in $grp) not named with its chain: $ev"
	done
	! grep -q "(possible)" <<<"$ev" || fail "$how: the breaks evidence lists possible calls"
	[ "$(py "upd-$how.json" 'any("breaks the service now" in r and "jail_srv.so" in r for r in d["reasons"])')" = True ] || fail "$how: the reasons do not name the module"
done

# The text report says what breaks: the unit.
"$SECCOMPAT" check --quiet --baseline base.json "${targets[@]}" >upd.txt || true
grep -q '^Result: BREAKS: the checked unit breaks the service:$' upd.txt ||
	fail "text result does not say the unit breaks: $(tail -3 upd.txt)"

# A drop-in in l4d2.service.d/ is read without being named.
mkdir -p units/l4d2.service.d
printf '[Service]\nMemoryDenyWriteExecute=yes\n' >units/l4d2.service.d/10-mdwe.conf
if systemd-analyze security --offline=yes --json=short units/l4d2.service >sec.json 2>/dev/null; then
	[ "$(py sec.json '[e["set"] for e in d if e["json_field"] == "MemoryDenyWriteExecute"][0]')" = True ] ||
		fail "test setup: systemd-analyze does not read the drop-in"
fi
rc=0
"$SECCOMPAT" check --quiet --baseline base.json "${targets[@]}" --format json >dropin.json || rc=$?
expect_rc 1 "$rc" "check after a drop-in was added"
[ "$(unit_change dropin.json MemoryDenyWriteExecute new)" = breaks ] ||
	fail "MemoryDenyWriteExecute=yes from the drop-in does not move to breaks"
python3 - dropin.json "$tmp/units/l4d2.service.d/10-mdwe.conf" \
	"$(sha256sum units/l4d2.service.d/10-mdwe.conf | cut -d' ' -f1)" <<'PY' || fail "the new drop-in is not reported with its sha256"
import json, sys
d = json.load(open(sys.argv[1]))
assert any(c["kind"] == "unit-file" and c["object"] == sys.argv[2] and "newly read" in c["detail"]
           for c in d["changes"]), d["changes"]
PY
# Editing the unit itself is reported with both hashes.
old=$(sha256sum units/l4d2.service | cut -d' ' -f1)
echo '# edited' >>units/l4d2.service
"$SECCOMPAT" check --quiet --baseline base.json "${targets[@]}" --format json >edit.json || true
python3 - edit.json "$tmp/units/l4d2.service" "$old" "$(sha256sum units/l4d2.service | cut -d' ' -f1)" <<'PY' || fail "the edited unit is not reported with sha256sum's hashes"
import json, sys
d = json.load(open(sys.argv[1]))
assert any(c["kind"] == "unit-file" and c["object"] == sys.argv[2] and c["old"] == sys.argv[3]
           and c["new"] == sys.argv[4] for c in d["changes"]), d["changes"]
PY

# diff: the saved results compare the same way.
"$SECCOMPAT" analyze --quiet --unit units/l4d2.service "${targets[@]}" --format json \
	--output new.json || true
rc=0
"$SECCOMPAT" diff base.json new.json --format json >diff.json || rc=$?
expect_rc 1 "$rc" "diff base new"
[ "$(unit_change diff.json SystemCallFilter new)" = breaks ] || fail "diff: no move to breaks"
# ok -> risk is reported and does not fail; a baseline that checked a
# unit against a result that checks none asks for --unit.
python3 - base.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
old = json.loads(json.dumps(d)); new = json.loads(json.dumps(d))
old["unit_check"]["SystemCallFilter"]["status"] = "ok"
new["unit_check"]["SystemCallFilter"]["status"] = "risk"
json.dump(old, open("ok.json", "w")); json.dump(new, open("risk.json", "w"))
del new["unit_check"]; del new["unit"]
json.dump(new, open("nounit.json", "w"))
PY
rc=0
"$SECCOMPAT" diff ok.json risk.json --format json >risk-diff.json || rc=$?
expect_rc 0 "$rc" "diff ok -> risk"
[ "$(unit_change risk-diff.json SystemCallFilter effect)" = worse ] || fail "ok -> risk not reported"
rc=0
"$SECCOMPAT" diff base.json nounit.json >/dev/null || rc=$?
expect_rc 1 "$rc" "diff of a unit-checked baseline with a result without unit"

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "recheck_unit: all passed"
