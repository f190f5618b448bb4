# SPDX-License-Identifier: MIT
# Shared by tests/integration/verify_*.sh.
#   derived_table ABI     reads rows "name|targets|command" (paths relative to
#                         $S; "--option" words are kept) and runs each command
#                         alone and under `seccompat verify --trace` with the
#                         policy derived for the targets: nothing refused,
#                         nothing unpredicted, same exit status and stdout,
#                         and some call of ABI observed. Sets fail=1 on a
#                         failing row.
#   violations_match JSON NAMES COUNTS ABI ACTION [ERRNO]
#                         the violations in JSON are exactly the names of the
#                         file NAMES that the file COUNTS ("name count" lines,
#                         tests/lib/strace_calls.py) has, with its counts, all
#                         on ABI, charged to line 2 of the unit, with ACTION;
#                         prints "name=count ..." or what differs (exit 1).
#   truth_kill LOG        the call the kernel killed, from `strace -n -f`.
# Needs $SECCOMPAT, $S (the samples) and $tmp.

derived_table() {
	local want_abi=$1 name targets cmd rc0 rc why
	local -a t c args
	while IFS='|' read -r name targets cmd; do
		[ -n "$name" ] || continue
		read -r -a t <<<"$targets"
		read -r -a c <<<"$cmd"
		args=()
		for x in "${t[@]}"; do
			case $x in --*) args+=("$x") ;; *) args+=("$S/$x") ;; esac
		done
		rc0=0
		(cd "$tmp" && "$S/${c[0]}" "${c[@]:1}") >"$tmp/$name.plain" 2>/dev/null || rc0=$?
		rc=0
		(cd "$tmp" && "$SECCOMPAT" verify --quiet --trace "${args[@]}" --format json \
			--output "$tmp/$name.json" -- "$S/${c[0]}" "${c[@]:1}") \
			>"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
		if why=$(python3 - "$tmp/$name.json" "$rc0" "$want_abi" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("no result: %s" % e); sys.exit(1)
bad = []
if d["violations"]:
    bad.append("refused: " + ", ".join("%s %s (%s)" % (v["abi"], v["name"], v["directive"]) for v in d["violations"]))
if any(d["unpredicted"].values()):
    bad.append("unpredicted: %s" % d["unpredicted"])
if d["exit"].get("code") != int(sys.argv[2]):
    bad.append("exit %s, alone %s" % (d["exit"], sys.argv[2]))
if sys.argv[3] not in d["observed"]:
    bad.append("no %s call observed" % sys.argv[3])
print("; ".join(bad) if bad else "%d %s syscalls observed" % (len(d["observed"][sys.argv[3]]), sys.argv[3]))
sys.exit(1 if bad else 0)
PY
		) && [ $rc -eq 0 ] && cmp -s "$tmp/$name.plain" "$tmp/$name.out"; then
			echo "ok   $name: derived policy refuses nothing, nothing unpredicted ($why), same output and exit $rc0"
		else
			echo "FAIL $name: verify exit $rc: $why $(head -c 300 "$tmp/$name.err")"
			diff "$tmp/$name.plain" "$tmp/$name.out" | head -5
			fail=1
		fi
	done
}

violations_match() {
	python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
group = set(open(sys.argv[2]).read().split())
seen = dict(l.split() for l in open(sys.argv[3]) if l.strip())
abi, action = sys.argv[4], sys.argv[5]
errno = sys.argv[6] if len(sys.argv) > 6 else None
want = {n: int(c) for n, c in seen.items() if n in group}
got = {}
bad = []
for v in doc["violations"]:
    if v["abi"] != abi or v["directive"] != "SystemCallFilter":
        bad.append("unexpected violation %r" % v)
    if v["action"] != action or (errno and v["errno"] != errno):
        bad.append("%s: action %s %s, expected %s %s" % (v["name"], v["action"], v["errno"], action, errno))
    if not v["set_at"].endswith(".service:2"):
        bad.append("%s: set_at %s, expected the unit's line 2" % (v["name"], v["set_at"]))
    got[v["name"]] = got.get(v["name"], 0) + v["count"]
for n in sorted(set(want) | set(got)):
    if want.get(n) != got.get(n):
        bad.append("%s: verify counted %s, strace saw %s" % (n, got.get(n), want.get(n)))
if bad:
    print("\n".join(bad))
    sys.exit(1)
print(" ".join("%s=%d" % (n, got[n]) for n in sorted(got)))
PY
}

# The kernel rolls the killed call back, so strace shows it returning its
# own number; it is the last call of a task strace reports "killed by
# SIGSYS" (other threads of the process die with it, in other calls).
truth_kill() {
	python3 - "$1" <<'PY'
import re, sys
last, killed = {}, []
for line in open(sys.argv[1]):
    # A killed call's "return value" is its number, printed in hex for calls
    # that return addresses (brk(NULL) = 0x2d on i386).
    m = re.match(r"^(\d+) +\[ *(\d+)\] (?:<\.\.\. )?([a-z_0-9]+)[( ].*= (-?(?:0x[0-9a-f]+|\d+))\b", line)
    if m:
        last[m.group(1)] = (m.group(3), int(m.group(2)) == int(m.group(4), 0))
    elif re.match(r"^(\d+) .*\+\+\+ killed by SIGSYS", line):
        pid = line.split()[0]
        if pid in last and last[pid][1]:
            killed.append(last[pid][0])
print(" ".join(sorted(set(killed))))
PY
}
