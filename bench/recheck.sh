#!/bin/bash
# Cold vs warm `seccompat check` on the Debian i386 corpus (issue 6).
#   bench/recheck.sh [SECCOMPAT]
# cold: an empty cache, so every object is disassembled (and stored);
# warm: the same tree again with that cache, which must disassemble nothing.
# Both re-check against a baseline from `analyze` and must report no
# differences. Prints the best of RUNS (default 3) runs of each and the
# ratio; the target is warm >= 20x faster. Use a Release build: sanitizers
# slow the disassembler far more than the cache path.
# The corpus: $CORPUS/root, else /tmp/corpus/root, else fetched there with
# ${SHARED:-<checkout>/../shared}/corpus/fetch-debian-i386.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
S=${1:-${SECCOMPAT:-}}
if [ -z "$S" ]; then
	for c in "$here/build-rel/analyzer/seccompat" "$here/build/analyzer/seccompat"; do
		[ -x "$c" ] && { S=$c; break; }
	done
fi
[ -x "${S:-}" ] || { echo "bench/recheck.sh: no seccompat binary (give its path)" >&2; exit 2; }
RUNS=${RUNS:-3}

root=""
for c in "${CORPUS:+$CORPUS/root}" /tmp/corpus/root; do
	[ -n "$c" ] && [ -d "$c" ] && { root=$c; break; }
done
if [ -z "$root" ]; then
	fetch="${SHARED:-$here/../shared}/corpus/fetch-debian-i386.sh"
	[ -f "$fetch" ] || fetch=/work/shared/corpus/fetch-debian-i386.sh
	echo "fetching the corpus into /tmp/corpus with $fetch" >&2
	bash "$fetch" /tmp/corpus >/dev/null
	root=/tmp/corpus/root
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every shared object of the corpus, named by its path here (as
# tests/integration/deps_root.sh does), resolved inside the root.
mapfile -t libs < <(find "$root" -name '*.so*' -type f ! -name '*.py' | sort)
"$S" analyze --quiet --root "$root" "${libs[@]}" --format json --output "$tmp/base.json" \
	2>/dev/null || true
[ -s "$tmp/base.json" ] || { echo "bench/recheck.sh: analyze failed" >&2; exit 1; }

now() { date +%s.%N; }
# run CACHE-DIR: one check; prints seconds; fails when the result differs.
run() {
	local t0 t1 rc=0
	t0=$(now)
	"$S" check --quiet --cache "$1" --baseline "$tmp/base.json" --root "$root" "${libs[@]}" \
		--format json >"$tmp/out.json" 2>/dev/null || rc=$?
	t1=$(now)
	if [ "$rc" != 0 ]; then
		echo "bench/recheck.sh: check exited $rc (expected 0: nothing changed)" >&2
		exit 1
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}
best() { sort -g | head -1; }

cold=$(for i in $(seq "$RUNS"); do rm -rf "$tmp/cache"; run "$tmp/cache"; done | best)
rm -rf "$tmp/cache"
run "$tmp/cache" >/dev/null
warm=$(for i in $(seq "$RUNS"); do run "$tmp/cache"; done | best)
entries=$(find "$tmp/cache" -name '*.bin' | wc -l)
size=$(du -sh "$tmp/cache" | cut -f1)

printf 'corpus:  %s (%d files named, %s objects in the closure)\n' "$root" "${#libs[@]}" \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["objects"]))' "$tmp/base.json")"
printf 'binary:  %s\n' "$S"
printf 'cache:   %s summaries, %s\n' "$entries" "$size"
printf 'cold:    %.3f s (best of %d, empty cache)\n' "$cold" "$RUNS"
printf 'warm:    %.3f s (best of %d)\n' "$warm" "$RUNS"
printf 'ratio:   %.1fx (target >= 20x)\n' "$(awk -v a="$cold" -v b="$warm" 'BEGIN { print a / b }')"
