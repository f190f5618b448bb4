#!/bin/bash
# Soundness and precision of the syscall tiers on real Debian programs of
# both ABIs (tests/lib/debian_progs.sh: ls, nc, sqlite3 whose libsqlite3
# keeps libc functions in a table of function pointers), fetched from the
# archive like the i386 corpus, each run over several workloads (listings
# and a missing file; refused, outgoing and incoming connections; a small
# and a WAL database):
#  - every syscall strace sees over a program's workloads is `certain`, or
#    `possible` with a named reason (tests/lib/tiers_check.py), never
#    `unreached` or missing;
#  - under a kill-mode libseccomp filter of exactly what the derived
#    SystemCallFilter= allows (groups expanded from `systemd-analyze
#    syscall-filter` dumps, not our table; tests/sandbox_run --allow), each
#    runs as it does alone, with the same exit status and output;
#  - (certain + possible) / observed is printed per program (bench/tiers.sh
#    prints the same figures); the issue's target is <= 2.5, which the
#    engine does not reach yet (2.6-3.4 on Debian 12): this test holds the
#    line at MAX_RATIO (default 3.25) so that precision does not regress.
# i386 programs are skipped where the kernel cannot execute them.
set -uo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}" "${SECCOMPAT_BUILD:?}" "${SHARED:?}"
command -v strace >/dev/null || { echo "FAIL: strace is not installed (scripts/setup.sh)"; exit 1; }
. "$TESTLIB/debian_progs.sh"
. "$TESTLIB/i386.sh"
. "$TESTLIB/kernel.sh"
dest=${CORPUS:-$SECCOMPAT_BUILD/corpus}-progs
debian_progs_fetch "$dest" || { echo "SKIP: cannot fetch the Debian packages"; exit 77; }
run=$SECCOMPAT_BUILD/tests/sandbox_run
hostver=$(systemd-analyze --version 2>/dev/null | sed -n 's/^systemd \([0-9]*\).*/\1/p')
dump=$(ls "$SHARED"/systemd/systemd-"${hostver:-257}".*.txt 2>/dev/null | head -1)
[ -n "$dump" ] || dump=$(ls "$SHARED"/systemd/systemd-257.*.txt | head -1)
sdver=$(basename "$dump" | sed 's/^systemd-\([0-9]*\)\..*/\1/')
hk=$(host_kernel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 ran=0 max_ratio=${MAX_RATIO:-3.25} k=0
declare -A logs abis bad
order=()

# Every workload: alone, under strace, and under a kill-mode filter of
# exactly what the derived SystemCallFilter= allows; a program is analysed
# once, at its first workload.
while IFS='|' read -r abi name lp input peer cmd; do
	[ -n "$abi" ] || continue
	read -r -a c <<<"$cmd"
	if [ "$abi" = x86 ] && ! i386_exec_ok; then
		echo "skip $name: $(i386_exec_reason)"
		continue
	fi
	[ -n "${bad[$name]:-}" ] && continue
	[ -x "${c[0]}" ] || { echo "FAIL $name: ${c[0]} missing from the fetched packages"; fail=1; bad[$name]=1; continue; }
	env=() lpo=()
	[ "$lp" != - ] && env=(LD_LIBRARY_PATH="$lp") lpo=(--library-path "$lp")
	p=$tmp/$name k=$((k + 1)) w=$tmp/$name/$k
	mkdir -p "$w/a" "$w/b" "$w/c"
	debian_progs_input "$input" "$w/in"
	if [ -z "${abis[$name]:-}" ]; then
		abis[$name]=$abi order+=("$name")
		"$SECCOMPAT" syscalls --quiet --no-cache --kernel "$hk" "${lpo[@]}" --format json "${c[0]}" \
			>"$p/sys.json" 2>"$p/err" ||
			{ echo "FAIL $name: seccompat syscalls failed: $(head -c 300 "$p/err")"; fail=1; bad[$name]=1; continue; }
		# The derived directive as a kill-mode filter.
		"$SECCOMPAT" analyze --quiet --no-cache --systemd "$sdver" --kernel "$hk" "${lpo[@]}" \
			--format json "${c[0]}" \
			>"$p/an.json" 2>/dev/null
		python3 - "$p/an.json" "$dump" "$TESTLIB/sysgroups_expand.py" >"$p/allow" <<'PY' ||
import json, subprocess, sys
v = json.load(open(sys.argv[1]))["directives"].get("SystemCallFilter")
if v is None:
    sys.exit("no SystemCallFilter= derived")
lines = v if isinstance(v, list) else [v]
allow, deny = set(), set()
for line in lines:
    items = line.lstrip("~").split()
    names = set(subprocess.run([sys.executable, sys.argv[3], sys.argv[2]] + items,
                               capture_output=True, text=True, check=True).stdout.split())
    (deny if line.startswith("~") else allow).update(names)
print("\n".join(sorted(allow - deny)))
PY
			{ echo "FAIL $name: no derived filter"; fail=1; bad[$name]=1; continue; }
	fi
	rc0=0; (cd "$w/a" && debian_progs_exec "$peer" ../in ../plain env "${env[@]}" "${c[@]}") || rc0=$?
	# 127: the loader found no library or program; nothing ran.
	[ "$rc0" -eq 127 ] && { echo "FAIL $name: '${c[*]:1}' does not run alone: $(head -c 300 "$w/plain")"; fail=1; continue; }
	(cd "$w/b" && debian_progs_exec "$peer" ../in ../straced env "${env[@]}" \
		strace -f -qq -n -o ../st "${c[@]}")
	logs[$name]+=" $w/st"
	rc=0; (cd "$w/c" && debian_progs_exec "$peer" ../in ../filtered env "${env[@]}" \
		"$run" --arch native,x86 --allow "$p/allow" -- "${c[@]}") || rc=$?
	# sandbox_run notes the names libseccomp does not know; not the program's.
	grep -v '^sandbox_run: ' "$w/filtered" >"$w/filtered.prog"
	if [ "$rc" -eq "$rc0" ] && cmp -s "$w/plain" "$w/filtered.prog"; then
		echo "ok   $name '${c[*]:1}': runs under the derived filter ($(wc -l <"$p/allow") names allowed, kill mode), exit $rc"
	else
		echo "FAIL $name '${c[*]:1}': under the derived filter exit $rc (alone $rc0)$([ "$rc" -eq 159 ] && echo ', SIGSYS')"
		diff "$w/plain" "$w/filtered.prog" | head -5; fail=1
	fi
done < <(debian_progs_list "$dest")

# What strace saw over each program's workloads, against its tiers.
for name in "${order[@]}"; do
	[ -n "${bad[$name]:-}" ] && continue
	read -r -a l <<<"${logs[$name]:-}"
	[ "${#l[@]}" -gt 0 ] || continue
	ran=$((ran + 1))
	out=$(python3 "$TESTLIB/tiers_check.py" "$name" "${abis[$name]}" "$tmp/$name/sys.json" "${l[@]}") &&
		echo "ok   $out" || { echo "FAIL $out"; fail=1; }
	ratio=$(sed -n '1s/.*ratio \([0-9.]*\).*/\1/p' <<<"$out")
	if python3 -c "import sys; sys.exit(0 if float('${ratio:-99}') <= $max_ratio else 1)"; then
		echo "ok   $name: (certain+possible)/observed $ratio <= $max_ratio"
	else
		echo "FAIL $name: (certain+possible)/observed $ratio > $max_ratio"; fail=1
	fi
done
[ "$ran" -gt 0 ] || { echo "SKIP: no program could run"; exit 77; }
exit $fail
