#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz, clang, ASan+UBSan), generates
# their seeds from the samples, and runs each target on its seeds, its
# kept crash reproducers (tests/fuzz/regress/TARGET) and its dictionary for
# a fixed time. Any crash, leak, timeout (25 s) or out-of-memory (2 GiB)
# fails; the input is left in BUILD/fuzz-out/TARGET/ and named in the log.
#   usage: scripts/fuzz.sh [BUILD_DIR [SECONDS]]   (default: build-fuzz, 60)
# Two targets run at a time. scripts/test.sh calls this after ctest.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-fuzz}
secs=${2:-${FUZZ_SECONDS:-60}}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac

CC=${FUZZ_CC:-clang} cmake -S "$top" -B "$build" -DSECCOMPAT_FUZZ=ON -DSECCOMPAT_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
cmake --build "$build" --target fuzz-seeds
[ "$secs" -gt 0 ] || exit 0

fz=$build/tests/fuzz
out=$build/fuzz-out
rm -rf "$out"
mkdir -p "$out"
run() {
	t=$1
	mkdir -p "$out/$t/corpus"
	dict=
	[ -f "$top/tests/fuzz/$t.dict" ] && dict=-dict=$top/tests/fuzz/$t.dict
	[ "$t" = closure ] && dict=-dict=$top/tests/fuzz/elf.dict
	regress=
	[ -d "$top/tests/fuzz/regress/$t" ] && regress=$top/tests/fuzz/regress/$t
	# New inputs go to the scratch corpus; seeds and reproducers are read.
	if "$fz/fuzz_$t" $dict -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		-max_len=1048576 -close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="$out/$t/" "$out/$t/corpus" "$fz/seeds/$t" $regress \
		>"$out/$t.log" 2>&1; then
		echo "fuzz_$t: $(grep -E '^stat::number_of_executed_units' "$out/$t.log" | awk '{print $2}') runs, no crash"
	else
		echo "fuzz_$t: FAILED; the input is in $out/$t/:" >&2
		grep -E 'ERROR|SUMMARY|Test unit written' "$out/$t.log" >&2 || tail -n 20 "$out/$t.log" >&2
		return 1
	fi
}
passed=0 failed=0
set -- elf closure ldcache unit baseline cache
while [ $# -gt 0 ]; do
	run "$1" & p1=$!
	p2=
	if [ $# -gt 1 ]; then run "$2" & p2=$!; fi
	if wait $p1; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	if [ -n "$p2" ]; then
		if wait $p2; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	fi
	shift $(( $# > 1 ? 2 : 1 ))
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
