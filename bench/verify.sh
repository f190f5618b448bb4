#!/bin/bash
# What `seccompat verify` costs the command it runs, against strace -f (the
# usual way to watch a program's system calls, ptrace-based) on the same
# workload, in one run.
#   bench/verify.sh [SECCOMPAT]
# Workload: dd copying N (default 200000) single bytes from /dev/zero to
# /dev/null: 2N read/write calls, nothing else of note. Modes:
#   plain             dd alone
#   strace            strace -f -qq -o /dev/null dd (the peer)
#   verify, 0 refused a unit that refuses nothing dd does: the filter runs
#                     in the kernel for every call, nothing is notified
#   verify, N refused SystemCallFilter=~read: every read is notified,
#                     recorded and continued (the worst case of observe)
#   verify --trace    every call is notified (analysis of dd cached first)
# and the sample files64 (about 100 calls) plain vs under its derived policy.
# Prints the best of RUNS (default 3) wall times of the command (verify's own
# "seconds", which excludes its start-up) and the ratios to plain and to
# strace. Use a Release build: sanitizers slow the supervisor.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
S=${1:-${SECCOMPAT:-}}
if [ -z "$S" ]; then
	for c in "$here/build-rel/analyzer/seccompat" "$here/build/analyzer/seccompat"; do
		[ -x "$c" ] && { S=$c; break; }
	done
fi
[ -x "${S:-}" ] || { echo "bench/verify.sh: no seccompat binary (give its path)" >&2; exit 2; }
command -v strace >/dev/null || { echo "bench/verify.sh: strace is not installed" >&2; exit 2; }
RUNS=${RUNS:-3}
N=${N:-200000}
samples=$(dirname "$(dirname "$S")")/samples
dd=$(command -v dd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/cache
printf '[Service]\nSystemCallFilter=~@mount @reboot @swap\n' >"$tmp/none.service"
printf '[Service]\nSystemCallFilter=~read\n' >"$tmp/read.service"
cmd=("$dd" if=/dev/zero of=/dev/null bs=1 count="$N" status=none)

now() { date +%s.%N; }
wall() { # COMMAND...: seconds
	local t0 t1
	t0=$(now)
	"$@" >/dev/null 2>&1 || true
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}
inside() { # VERIFY-ARGS...: the command's seconds as verify measured it
	"$S" verify --quiet --format json --output "$tmp/v.json" "$@" >/dev/null 2>&1 || true
	python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["seconds"])' "$tmp/v.json"
}
best() { sort -g | head -n 1; }
row() { # NAME SECONDS PLAIN STRACE
	awk -v n="$1" -v t="$2" -v p="$3" -v s="$4" 'BEGIN {
		printf "  %-22s %8.3f s  %6.2fx plain", n, t, t / p
		if (s > 0) printf "  %6.2fx strace", t / s
		printf "\n" }'
}

"$S" verify --quiet --trace "$dd" -- /bin/true >/dev/null 2>&1 || true # fills the cache
plain=$(for i in $(seq "$RUNS"); do wall "${cmd[@]}"; done | best)
st=$(for i in $(seq "$RUNS"); do wall strace -f -qq -o /dev/null "${cmd[@]}"; done | best)
v0=$(for i in $(seq "$RUNS"); do inside --unit "$tmp/none.service" -- "${cmd[@]}"; done | best)
vr=$(for i in $(seq "$RUNS"); do inside --unit "$tmp/read.service" -- "${cmd[@]}"; done | best)
vt=$(for i in $(seq "$RUNS"); do inside --trace "$dd" -- "${cmd[@]}"; done | best)
calls=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["notifications"])' "$tmp/v.json")

printf 'binary:   %s\n' "$S"
printf 'workload: dd bs=1 count=%d (%d read/write calls; %s notified under --trace)\n' \
	"$N" $((2 * N)) "$calls"
row plain "$plain" "$plain" 0
row "strace -f (peer)" "$st" "$plain" "$st"
row "verify, 0 refused" "$v0" "$plain" "$st"
row "verify, N refused" "$vr" "$plain" "$st"
row "verify --trace" "$vt" "$plain" "$st"
awk -v p="$plain" -v r="$vr" -v n="$N" 'BEGIN {
	printf "  per notified call:     %.1f us\n", (r - p) / n * 1e6 }'

if [ -x "$samples/sys/files64" ]; then
	"$S" verify --quiet "$samples/sys/files64" -- /bin/true >/dev/null 2>&1 || true
	fp=$(for i in $(seq "$RUNS"); do wall "$samples/sys/files64"; done | best)
	fv=$(for i in $(seq "$RUNS"); do inside "$samples/sys/files64" -- "$samples/sys/files64"; done | best)
	fw=$(for i in $(seq "$RUNS"); do wall "$S" verify --quiet "$samples/sys/files64" -- "$samples/sys/files64"; done | best)
	printf 'sample:   files64 under its derived policy (cached analysis)\n'
	row plain "$fp" "$fp" 0
	row "verify (command)" "$fv" "$fp" 0
	row "verify (whole run)" "$fw" "$fp" 0
fi
