#!/bin/bash
# The cache is untrusted input (issue 16): anyone who can write a --cache DIR
# (shared by CI jobs, restored from an artifact) can write an entry whose
# length and checksum are right, since the checksum is no MAC. Each forged
# summary below passes the blob reader (tests/fuzz/cache_entry.py re-signs
# it) and must be refused by the decoder: one warning naming the entry, then
# the object is recomputed, so the result is byte-identical to an analysis
# without the cache (the independent truth here). Before the fix, `host` was
# an out-of-bounds heap write in build_graph (SIGSEGV in release builds),
# `weak`/`tail` invalid bool loads (UBSan), `guard` a call guarded by a
# guard the object does not have, `sha` a summary of one object
# silently used for another. A control rewrite of an unchanged entry must
# still load (proves the forger writes valid entries).
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}" "${SECCOMPAT_SRC:?}"
tree=$SAMPLES/srcds
[ -x "$tree/srcds_linux" ] || { echo "no sample trees: skipped"; exit 77; }
forge=$SECCOMPAT_SRC/tests/fuzz/cache_entry.py

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
run() { # run NAME: analyze the sample tree with the cache in $tmp/c
	set +e
	"$SECCOMPAT" analyze --root "$tree" --cache "$tmp/c" --format json --quiet "$tree" \
		>"$tmp/$1.json" 2>"$tmp/$1.err"
	echo $? >"$tmp/$1.rc"
	set -e
	if grep -E 'Sanitizer|runtime error' "$tmp/$1.err" >&2; then fail "$1: sanitizer report"; fi
}

set +e
"$SECCOMPAT" analyze --root "$tree" --no-cache --format json --quiet "$tree" >"$tmp/truth.json"
echo $? >"$tmp/truth.rc"
set -e
run fill
cmp -s "$tmp/truth.json" "$tmp/fill.json" || fail "a cold cached run differs from --no-cache"
mapfile -t entries < <(find "$tmp/c" -name '*.sys1*.bin' | sort)
[ "${#entries[@]}" -ge 3 ] || { fail "expected a summary per object, found ${#entries[@]}"; exit 1; }
# The entry with the most calls is the one whose fields are exercised best.
entry=$(ls -S "${entries[@]}" | head -n 1)
other=$(ls -S "${entries[@]}" | sed -n 2p)
cp "$entry" "$tmp/pristine"

for m in same host weak tail target snap guard str sha truncate; do
	cp "$tmp/pristine" "$entry"
	if [ "$m" = sha ]; then python3 "$forge" "$entry" sha "$other"; else python3 "$forge" "$entry" "$m"; fi
	run "$m"
	[ "$(cat "$tmp/$m.rc")" = "$(cat "$tmp/truth.rc")" ] ||
		fail "$m: exit $(cat "$tmp/$m.rc"), want $(cat "$tmp/truth.rc")"
	cmp -s "$tmp/truth.json" "$tmp/$m.json" || fail "$m: result differs from --no-cache"
	if [ "$m" = same ]; then
		! grep -q 'cache entry' "$tmp/$m.err" || fail "same: an unchanged entry was refused"
	else
		grep -qF "$(basename "$entry"): warning: ignoring a undecodable cache entry; recomputing" \
			"$tmp/$m.err" || fail "$m: no warning naming the entry: $(cat "$tmp/$m.err")"
		[ "$(grep -c 'cache entry' "$tmp/$m.err")" = 1 ] || fail "$m: not one warning"
	fi
done
[ "$fails" -eq 0 ] || exit 1
echo "forged cache entries: all refused, results identical to --no-cache"
