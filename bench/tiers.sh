#!/bin/bash
# Precision of the syscall tiers: (certain + possible) / observed per
# program, where observed is the union of what strace sees the program make
# over its workloads. Programs: the runnable samples and the real Debian
# programs of tests/lib/debian_progs.sh (ls, nc, sqlite3; amd64 and i386,
# fetched with apt-get download), each run down its everyday and error paths
# (listings and a missing file; refused, outgoing and incoming TCP
# connections and Unix sockets; databases, the shell's commands, an archive
# and piped output: tests/lib/debian_progs.sh).
# The issue's target is <= 2.5 (aim 1.5); for reference, B-Side averages 43
# syscalls per binary, call-graph tools like sysfilter near 95.
#   bench/tiers.sh BUILD_DIR [DEST]    DEST: where the packages go
#                                      (default BUILD_DIR/corpus-progs)
set -uo pipefail
build=$(realpath "${1:?usage: bench/tiers.sh BUILD_DIR [DEST]}")
dest=$(realpath -m "${2:-$build/corpus-progs}")
src=$(cd "$(dirname "$0")/.." && pwd)
seccompat=$build/analyzer/seccompat
. "$src/tests/lib/debian_progs.sh"
. "$src/tests/lib/i386.sh"
. "$src/tests/lib/kernel.sh"
tmp=$(mktemp -d)
[ -n "${TIERS_KEEP:-}" ] && echo "kept: $tmp" || trap 'rm -rf "$tmp"' EXIT
{
	for p in clean64/hello64 clean32/hello32 sys/sockets64 sys/sockets32 sys/files64 \
		sys/files32 sys/threads64 sys/threads32; do
		abi=x86-64; case $p in *32) abi=x86 ;; esac
		echo "$abi|$(basename "$p")|-|none|-|$build/samples/$p"
	done
	debian_progs_fetch "$dest" && debian_progs_list "$dest"
} >"$tmp/list"
# Every workload under strace; a program's logs are checked together.
declare -A logs abis
order=() k=0
while IFS='|' read -r abi name lp input peer cmd; do
	read -r -a c <<<"$cmd"
	[ "$abi" = x86 ] && ! i386_exec_ok && { echo "$name: skipped ($(i386_exec_reason))"; continue; }
	[ -x "${c[0]}" ] || { echo "$name: missing"; continue; }
	env=() lpo=()
	[ "$lp" != - ] && env=(LD_LIBRARY_PATH="$lp") lpo=(--library-path "$lp")
	k=$((k + 1))
	mkdir -p "$tmp/$name/$k"
	if [ -z "${abis[$name]:-}" ]; then
		abis[$name]=$abi order+=("$name")
		"$seccompat" syscalls --quiet --kernel "$(host_kernel)" "${lpo[@]}" --format json "${c[0]}" \
			>"$tmp/$name/sys.json" 2>/dev/null
	fi
	debian_progs_input "$input" "$tmp/$name/$k/in"
	# Output to /dev/null, as a service's often is (stdio asks a character
	# device whether it is a terminal: one ioctl more than a file).
	(cd "$tmp/$name/$k" && debian_progs_exec "$peer" in /dev/null env "${env[@]}" \
		strace -f -qq -n -o st "${c[@]}")
	logs[$name]+=" $tmp/$name/$k/st"
done <"$tmp/list"
sum=0 n=0
for name in "${order[@]}"; do
	read -r -a l <<<"${logs[$name]}"
	line=$(python3 "$src/tests/lib/tiers_check.py" "$name" "${abis[$name]}" \
		"$tmp/$name/sys.json" "${l[@]}")
	echo "$line"
	r=$(sed -n '1s/.*ratio \([0-9.]*\).*/\1/p' <<<"$line")
	[ -n "$r" ] && sum=$(python3 -c "print($sum + $r)") && n=$((n + 1))
done
[ "$n" -gt 0 ] && python3 -c "print('mean ratio %.2f over %d programs (target <= 2.5)' % ($sum / $n, $n))"
