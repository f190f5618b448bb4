#!/bin/bash
# `seccompat verify --trace` on every runnable x86-64 sample under the policy
# seccompat derives for it: no call is refused, every syscall the run makes
# is predicted (certain or possible) by the analysis, and the program behaves
# exactly as it does on its own (same exit status, same output). A failing
# row is either a derived directive that would break the service or a
# soundness bug of the analysis (each unpredicted name is listed).
# The i386 samples are in verify_i386.sh.
set -uo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}"
S=${SAMPLES:-/nonexistent}
if [ ! -x "$S/clean64/hello64" ]; then
	echo "SKIP: the samples were not built (SECCOMPAT_SAMPLES=OFF)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
fail=0

# name|targets (relative to $S)|command (relative to $S)
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
		--output "$tmp/$name.json" -- "$S/${c[0]}" "${c[@]:1}") >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
	if [ $rc -ne 0 ] && [ ! -s "$tmp/$name.json" ]; then
		echo "FAIL $name: verify exit $rc: $(cat "$tmp/$name.err")"; fail=1; continue
	fi
	if why=$(python3 - "$tmp/$name.json" "$rc0" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
if d["violations"]:
    bad.append("refused: " + ", ".join("%s %s (%s)" % (v["abi"], v["name"], v["directive"]) for v in d["violations"]))
if any(d["unpredicted"].values()):
    bad.append("unpredicted: %s" % d["unpredicted"])
if d["exit"].get("code") != int(sys.argv[2]):
    bad.append("exit %s, alone %s" % (d["exit"], sys.argv[2]))
if not d["observed"]:
    bad.append("nothing observed")
print("; ".join(bad) if bad else "%d syscalls observed" % sum(len(v) for v in d["observed"].values()))
sys.exit(1 if bad else 0)
PY
	) && [ $rc -eq 0 ] && cmp -s "$tmp/$name.plain" "$tmp/$name.out"; then
		echo "ok   $name: derived policy refuses nothing, nothing unpredicted ($why), same output and exit $rc0"
	else
		echo "FAIL $name: verify exit $rc: $why"
		diff "$tmp/$name.plain" "$tmp/$name.out" | head -5
		fail=1
	fi
done <<'EOF'
hello64|clean64/hello64|clean64/hello64
files64|sys/files64|sys/files64
sockets64|sys/sockets64|sys/sockets64
threads64|sys/threads64|sys/threads64
signals64|sys/signals64|sys/signals64
rawsyscall64|sys/rawsyscall64|sys/rawsyscall64
dlopen_user64|sys/dlopen_user64 --plugin sys/libplug64.so|sys/dlopen_user64
jit64|jit/jit64|jit/jit64
jit64_rwx|jit/jit64|jit/jit64 --rwx
EOF
exit $fail
