#!/bin/bash
# Every input the fuzz targets crashed on (tests/fuzz/regress/TARGET/*, named
# after where it came from) is replayed through the CLI, without libFuzzer,
# under this build's ASan/UBSan, laid out the way its harness lays it out
# (tests/fuzz/*.c say how). Each run must end with exit 0, 1 or 2 (2: bad
# input, with an error naming the file), never a signal, a sanitizer report
# or a hang (600 s: ctest's limit). The cache target's findings are replayed
# by recheck_forged_cache.sh instead: an entry is bound to one build's
# layout and one object's sha256.
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}" "${SECCOMPAT_SRC:?}"
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no sample trees: skipped"; exit 77; }
regress=$SECCOMPAT_SRC/tests/fuzz/regress
unpack=$SECCOMPAT_SRC/tests/fuzz/unpack.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=0 fails=0

# check NAME ARGS...: one CLI run
check() {
	local name=$1 rc
	shift
	runs=$((runs + 1))
	set +e
	"$SECCOMPAT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	if [ $rc -gt 2 ] || grep -qE 'Sanitizer|runtime error' "$tmp/err"; then
		echo "FAIL: $name: exit $rc: seccompat $*" >&2
		head -n 20 "$tmp/err" >&2
		fails=$((fails + 1))
	fi
}

new=$tmp/new.json
"$SECCOMPAT" analyze --no-cache --quiet --format json --root "$SAMPLES/srcds" "$SAMPLES/srcds" \
	>"$new" || true
shopt -s nullglob
for f in "$regress"/elf/*; do
	mkdir -p "$tmp/empty"
	check "elf/${f##*/}" analyze --no-cache --quiet --root "$tmp/empty" "$f"
	check "elf/${f##*/}" syscalls --no-cache --quiet --root "$tmp/empty" "$f"
done
for f in "$regress"/closure/*; do
	rm -rf "$tmp/tree"
	mkdir -p "$tmp/tree"
	first=$(python3 "$unpack" "$f" "$tmp/tree" 2>/dev/null | head -n 1 || true)
	[ -n "$first" ] || first=$tmp/tree/none
	check "closure/${f##*/}" deps --root "$tmp/tree" "$first"
done
for f in "$regress"/ldcache/*; do
	rm -rf "$tmp/tree"
	mkdir -p "$tmp/tree/bin" "$tmp/tree/etc" "$tmp/tree/lib/x86_64-linux-gnu" \
		"$tmp/tree/lib/i386-linux-gnu"
	cp "$SAMPLES/clean64/hello64" "$SAMPLES/clean32/hello32" "$tmp/tree/bin/"
	cp "$SAMPLES/asm/libgates64.so" "$tmp/tree/lib/x86_64-linux-gnu/libc.so.6"
	cp "$SAMPLES/asm/libgates32.so" "$tmp/tree/lib/i386-linux-gnu/libc.so.6"
	cp "$f" "$tmp/tree/etc/ld.so.cache"
	check "ldcache/${f##*/}" deps --root "$tmp/tree" "$tmp/tree/bin/hello64" \
		"$tmp/tree/bin/hello32"
done
for f in "$regress"/unit/*; do
	rm -rf "$tmp/unit"
	mkdir -p "$tmp/unit"
	python3 "$unpack" "$f" "$tmp/unit" --dropins fuzz.service >/dev/null
	[ -f "$tmp/unit/fuzz.service" ] || continue
	check "unit/${f##*/}" analyze --no-cache --quiet --root "$SAMPLES/srcds" \
		--unit "$tmp/unit/fuzz.service" "$SAMPLES/srcds"
done
for f in "$regress"/baseline/*; do
	check "baseline/${f##*/}" diff "$f" "$new"
	check "baseline/${f##*/}" diff "$new" "$f"
	check "baseline/${f##*/}" check --no-cache --quiet --root "$SAMPLES/srcds" --baseline "$f" \
		"$SAMPLES/srcds"
done
echo "fuzz reproducers: $((runs - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
