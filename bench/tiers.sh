#!/bin/bash
# Precision of the syscall tiers: (certain + possible) / observed per
# program, where observed is what strace sees the program make. Programs: the
# runnable samples and the real Debian programs of tests/lib/debian_progs.sh
# (ls, nc, sqlite3; amd64 and i386, fetched with apt-get download).
# The issue's target is <= 2.5 (aim 1.5); for reference, B-Side averages 43
# syscalls per binary, call-graph tools like sysfilter near 95.
#   bench/tiers.sh BUILD_DIR [DEST]    DEST: where the packages go
#                                      (default BUILD_DIR/corpus-progs)
set -uo pipefail
build=$(realpath "${1:?usage: bench/tiers.sh BUILD_DIR [DEST]}")
dest=${2:-$build/corpus-progs}
src=$(cd "$(dirname "$0")/.." && pwd)
seccompat=$build/analyzer/seccompat
. "$src/tests/lib/debian_progs.sh"
. "$src/tests/lib/i386.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
debian_progs_stdin >"$tmp/stdin"
{
	for p in clean64/hello64 clean32/hello32 sys/sockets64 sys/sockets32 sys/files64 \
		sys/files32 sys/threads64 sys/threads32; do
		abi=x86-64; case $p in *32) abi=x86 ;; esac
		echo "$abi|$(basename "$p")|-|$build/samples/$p"
	done
	debian_progs_fetch "$dest" && debian_progs_list "$dest"
} >"$tmp/list"
sum=0 n=0
while IFS='|' read -r abi name lp cmd; do
	read -r -a c <<<"$cmd"
	[ "$abi" = x86 ] && ! i386_exec_ok && { echo "$name: skipped ($(i386_exec_reason))"; continue; }
	[ -x "${c[0]}" ] || { echo "$name: missing"; continue; }
	env=() lpo=()
	[ "$lp" != - ] && env=(LD_LIBRARY_PATH="$lp") lpo=(--library-path "$lp")
	mkdir -p "$tmp/$name"
	(cd "$tmp/$name" && env "${env[@]}" strace -f -qq -n -o "$tmp/$name.st" "${c[@]}" \
		<"$tmp/stdin" >/dev/null 2>&1)
	"$seccompat" syscalls --quiet "${lpo[@]}" --format json "${c[0]}" >"$tmp/$name.json" 2>/dev/null
	line=$(python3 "$src/tests/lib/tiers_check.py" "$name" "$abi" "$tmp/$name.st" "$tmp/$name.json")
	echo "$line"
	r=$(sed -n '1s/.*ratio \([0-9.]*\).*/\1/p' <<<"$line")
	[ -n "$r" ] && sum=$(python3 -c "print($sum + $r)") && n=$((n + 1))
done <"$tmp/list"
[ "$n" -gt 0 ] && python3 -c "print('mean ratio %.2f over %d programs (target <= 2.5)' % ($sum / $n, $n))"
