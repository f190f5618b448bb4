#!/bin/bash
# `analyze --unit` on the srcds-like sample tree:
#  - a unit with SystemCallArchitectures=native and MemoryDenyWriteExecute=true
#    is reported `breaks` for both, with the evidence (the i386 objects, the
#    text-relocation modules), and analyze exits 1;
#  - the production composition (native x86, @system-service minus the
#    dangerous groups) is `ok` or `risk`, never `breaks`, and exits 0;
#  - drop-ins apply in order: a later empty SystemCallFilter= resets.
# The verdicts themselves are proven by running in proof_*.sh and
# test_filter_e2e; this checks the unit reading and the statuses.
set -u
: "${SECCOMPAT:?}" "${SAMPLES:?}"
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no samples"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0 pass=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

cat > "$t/bad.service" <<'UNIT'
[Unit]
Description=Left 4 Dead 2 (too strict)
[Service]
ExecStart=/srv/l4d2/srcds_run
# continuation and comments are systemd syntax
SystemCallArchitectures=\
  native
MemoryDenyWriteExecute=yes
UNIT
cat > "$t/prod.service" <<'UNIT'
[Service]
ExecStart=/srv/l4d2/srcds_run
SystemCallArchitectures=native x86
MemoryDenyWriteExecute=no
SystemCallFilter=@system-service
SystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation @obsolete @privileged
UNIT
mkdir -p "$t/reset.d"
cat > "$t/reset.d/10-reset.conf" <<'UNIT'
[Service]
SystemCallFilter=
SystemCallFilter=@mount
UNIT

run() { # OUT UNIT...
	local out=$1; shift
	local args=()
	for u in "$@"; do args+=(--unit "$u"); done
	"$SECCOMPAT" analyze --format json "${args[@]}" "$SAMPLES/srcds/srcds_run" "$SAMPLES/srcds" \
		>"$out" 2>"$out.err"
}

run "$t/bad.json" "$t/bad.service"; rc=$?
[ "$rc" -eq 1 ] && ok "too-strict unit: exit 1" || bad "too-strict unit: exit $rc"
python3 - "$t/bad.json" <<'PY' && ok "too-strict unit: both directives break, with evidence" || bad "too-strict unit statuses"
import json, sys
u = json.load(open(sys.argv[1]))["unit_check"]
a, m = u["SystemCallArchitectures"], u["MemoryDenyWriteExecute"]
assert a["status"] == "breaks", a
assert any("x86 is not allowed" in r and "srcds_linux" in r for r in a["reasons"]), a
assert a["set_at"].endswith("bad.service:6"), a["set_at"]
assert m["status"] == "breaks", m
assert any("engine_srv.so" in r and "text relocations" in r for r in m["reasons"]), m
PY

run "$t/prod.json" "$t/prod.service"; rc=$?
[ "$rc" -eq 0 ] && ok "production unit: exit 0" || bad "production unit: exit $rc"
python3 - "$t/prod.json" <<'PY' && ok "production unit: ok or risk everywhere" || bad "production unit statuses"
import json, sys
u = json.load(open(sys.argv[1]))["unit_check"]
for d in ("SystemCallArchitectures", "MemoryDenyWriteExecute", "SystemCallFilter"):
    assert u[d]["status"] in ("ok", "risk"), (d, u[d]["status"], [r for r in u[d]["reasons"] if "certain" in r][:5])
assert u["SystemCallArchitectures"]["status"] == "ok"
PY

run "$t/reset.json" "$t/prod.service" "$t/reset.d/10-reset.conf"; rc=$?
python3 - "$t/reset.json" <<'PY' && ok "drop-in resets SystemCallFilter= and an allow-list of @mount breaks" || bad "drop-in reset"
import json, sys
u = json.load(open(sys.argv[1]))["unit_check"]["SystemCallFilter"]
assert u["value"] == "@mount", u["value"]
assert u["status"] == "breaks", u["status"]
PY
[ "$rc" -eq 1 ] && ok "reset unit: exit 1" || bad "reset unit: exit $rc"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
