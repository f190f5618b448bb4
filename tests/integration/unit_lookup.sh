#!/bin/bash
# `--unit NAME` reads a unit as systemd does (issue 15): unit directories in
# priority order, NAME.d/*.conf from every directory sorted by file name
# with a same-named file in a higher-priority directory masking the lower,
# instances reading their template and both .d directories, dash-prefix
# and top-level (service.d) drop-ins. Each case builds a real tree in a
# temporary --root and compares the MemoryDenyWriteExecute= value we read
# with what `systemd-analyze security --offline --root` (systemd's own unit
# loader) reports for it. Then the error cases: a unit that does not exist,
# a masked unit, a file that is not a unit, an unknown errno.
set -uo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze: skipped"; exit 77; }
target=$SAMPLES/static32/raw_int80
[ -x "$target" ] || { echo "no static32 sample: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
pass() { echo "ok   $*"; passes=$((passes + 1)); }

# put ROOT PATH CONTENT...: writes a unit file or drop-in (lines joined)
put() {
	local root=$1 path=$2
	shift 2
	mkdir -p "$root/$(dirname "$path")"
	printf '%s\n' "$@" >"$root/$path"
}
ETC=/etc/systemd/system RUN=/run/systemd/system LIB=/usr/lib/systemd/system
unit() { put "$1" "$2" '[Service]' 'ExecStart=/bin/true' "${@:3}"; }
mdwe() { put "$1" "$2" '[Service]' "MemoryDenyWriteExecute=$3"; }

# systemd's reading: "set" of MemoryDenyWriteExecute in security's JSON.
systemd_mdwe() {
	systemd-analyze security --offline=yes --root="$1" --json=short "$2" 2>/dev/null |
		python3 -c 'import json,sys
d = json.load(sys.stdin)
print([e["set"] for e in d if e["json_field"] == "MemoryDenyWriteExecute"][0])'
}
# ours: the value read, as a boolean ("True"/"False"), and where.
our_mdwe() {
	(cd "$1" && "$SECCOMPAT" analyze --quiet --no-cache --root "$1" --unit "$2" ./raw_int80 \
		--format json) >"$1.json" 2>"$1.err"
	python3 - "$1.json" <<'PY'
import json, sys
u = json.load(open(sys.argv[1]))["unit_check"]["MemoryDenyWriteExecute"]
v = (u["value"] or "").lower()
print(v in ("1", "yes", "y", "true", "t", "on"), u["set_at"] or "")
PY
}

n=0
# case NAME UNIT EXPECT-SET-AT-SUFFIX SETUP-FUNCTION
case_() {
	local name=$1 u=$2 at=$3 setup=$4 r
	n=$((n + 1))
	r=$tmp/r$n
	mkdir -p "$r"
	cp "$target" "$r/raw_int80"
	$setup "$r"
	local want got where
	want=$(systemd_mdwe "$r" "$u")
	if [ -z "$want" ]; then
		echo "skip $name: systemd-analyze security cannot load $u"
		return
	fi
	read -r got where < <(our_mdwe "$r" "$u")
	if [ "$got" != "$want" ]; then
		fail "$name: MemoryDenyWriteExecute read as $got, systemd: $want ($where; $(cat "$r.err"))"
	elif [ -n "$at" ] && [[ "$where" != *"$at" ]]; then
		fail "$name: set at $where, expected ...$at"
	else
		pass "$name ($got, systemd $want)"
	fi
}

s_mask() { unit "$1" $LIB/x.service; mdwe "$1" $LIB/x.service.d/10-a.conf yes; mdwe "$1" $ETC/x.service.d/10-a.conf no; }
s_order() { unit "$1" $LIB/x.service; mdwe "$1" $ETC/x.service.d/10-a.conf no; mdwe "$1" $RUN/x.service.d/20-b.conf yes; }
s_order2() { unit "$1" $LIB/x.service; mdwe "$1" $ETC/x.service.d/20-b.conf no; mdwe "$1" $LIB/x.service.d/10-a.conf yes; }
s_tmpl() { unit "$1" $LIB/t@.service; mdwe "$1" $LIB/t@.service.d/10.conf yes; mdwe "$1" $ETC/t@1.service.d/20.conf no; }
s_inst() { s_tmpl "$1"; unit "$1" $ETC/t@3.service MemoryDenyWriteExecute=no; }
s_tmpl_over() { unit "$1" $LIB/t@.service; mdwe "$1" $ETC/t@.service.d/10.conf no; mdwe "$1" $RUN/t@1.service.d/10.conf yes; }
s_dash() { unit "$1" $LIB/a-b.service; mdwe "$1" $LIB/a-.service.d/10.conf yes; }
s_top() { unit "$1" $LIB/x.service; mdwe "$1" $LIB/service.d/10.conf yes; }
s_etc_unit() { unit "$1" $LIB/x.service MemoryDenyWriteExecute=yes; unit "$1" $ETC/x.service MemoryDenyWriteExecute=no; }
s_null() { unit "$1" $LIB/x.service; mdwe "$1" $LIB/x.service.d/10-a.conf yes; mkdir -p "$1$ETC/x.service.d"; ln -s /dev/null "$1$ETC/x.service.d/10-a.conf"; }
s_link() { unit "$1" $LIB/real.service MemoryDenyWriteExecute=yes; mkdir -p "$1$ETC"; ln -s $LIB/real.service "$1$ETC/x.service"; }

case_ "same-named drop-in in /etc masks /usr/lib's" x.service /etc/systemd/system/x.service.d/10-a.conf:2 s_mask
case_ "drop-ins sorted by name across directories" x.service /run/systemd/system/x.service.d/20-b.conf:2 s_order
case_ "a later name wins whatever its directory" x.service /etc/systemd/system/x.service.d/20-b.conf:2 s_order2
case_ "instance reads the template and both .d" t@1.service /etc/systemd/system/t@1.service.d/20.conf:2 s_tmpl
case_ "another instance gets the template's drop-in" t@2.service /usr/lib/systemd/system/t@.service.d/10.conf:2 s_tmpl
case_ "an instance's own file, then the template drop-in" t@3.service "" s_inst
case_ "instance vs template drop-in of the same name" t@1.service "" s_tmpl_over
case_ "dash-prefix drop-in (a-.service.d)" a-b.service /usr/lib/systemd/system/a-.service.d/10.conf:2 s_dash
case_ "top-level service.d drop-in" x.service /usr/lib/systemd/system/service.d/10.conf:2 s_top
case_ "/etc's unit file wins over /usr/lib's" x.service /etc/systemd/system/x.service:3 s_etc_unit
case_ "a drop-in linked to /dev/null masks" x.service "" s_null
case_ "an alias link inside the root" x.service /usr/lib/systemd/system/real.service:3 s_link

# Errors: one line naming the unit, exit 2.
r=$tmp/err
mkdir -p "$r$ETC"
cp "$target" "$r/raw_int80"
ln -s /dev/null "$r$ETC/masked.service"
cp "$target" "$r$ETC/elf.service"
printf 'this is a note, not a unit\n' >"$r$ETC/prose.service"
unit "$r" $ETC/ewhat.service SystemCallFilter=@system-service SystemCallErrorNumber=EWHAT
expect_err() { # WHAT UNIT REGEX
	local rc=0
	(cd "$r" && "$SECCOMPAT" analyze --quiet --root "$r" --unit "$2" ./raw_int80) >/dev/null 2>"$r/e" || rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$r/e")" -ge 1 ] && grep -Eq "$3" "$r/e"; then
		pass "$1"
	else
		fail "$1: exit $rc, stderr: $(cat "$r/e")"
	fi
}
expect_err "no such unit" nosuch.service "nosuch.service: error: no such unit"
expect_err "masked unit" masked.service "masked"
expect_err "an ELF file is not a unit" elf.service "elf.service: error: not a unit file"
expect_err "prose is not a unit" prose.service "prose.service: error: not a unit file"
expect_err "a name without a unit type" README "not a unit file"
rc=0
(cd "$r" && "$SECCOMPAT" analyze --quiet --root "$r" --unit ewhat.service ./raw_int80 --format json) \
	>"$r/ew.json" 2>"$r/ew.err" || rc=$?
st=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["unit_check"]["SystemCallErrorNumber"]["status"])' "$r/ew.json" 2>/dev/null)
if [ "$st" != ok ] && [ -n "$st" ] && grep -q "ewhat.service:4: warning: .*EWHAT" "$r/ew.err"; then
	pass "SystemCallErrorNumber=EWHAT is $st, warned on stderr"
else
	fail "SystemCallErrorNumber=EWHAT: status '$st', stderr: $(cat "$r/ew.err")"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
