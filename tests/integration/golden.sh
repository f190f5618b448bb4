#!/bin/bash
# Golden outputs: every renderer of every verb on the sample trees must print
# exactly what tests/golden/<key>/ holds (after normalising paths, hashes and
# the version). They pin behaviour across refactorings; correctness itself
# is checked against independent tools by the other tests. A set is valid
# only for the toolchain and libraries it was made with (golden_key); with no
# set for this machine the test is skipped, naming the command that makes one.
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}" "${SECCOMPAT_SRC:?}" "${TESTLIB:?}"
. "$TESTLIB/golden_cases.sh"
[ -d "$SAMPLES/srcds" ] || { echo "SKIP: samples not built"; exit 77; }
key=$(golden_key "$SECCOMPAT_SRC")
dir=$SECCOMPAT_SRC/tests/golden/$key
if [ ! -d "$dir" ]; then
	echo "SKIP: no golden outputs for this toolchain ($key); make them with scripts/golden.sh BUILD_DIR"
	exit 77
fi
tmp=$(golden_scratch "$SAMPLES")
SAMPLES=$tmp/S
trap 'rm -rf "$tmp"' EXIT
golden_prepare "$SECCOMPAT" "$SAMPLES" "$tmp"
fail=0 n=0
while IFS='|' read -r name cmd; do
	n=$((n + 1))
	golden_run "$SECCOMPAT" "$SAMPLES" "$tmp" "$cmd" >"$tmp/$name"
	if [ ! -f "$dir/$name" ]; then
		echo "FAIL: $name: no golden file (scripts/golden.sh)"; fail=1
	elif ! cmp -s "$dir/$name" "$tmp/$name"; then
		echo "FAIL: $name differs from tests/golden/$key/$name (if the change is meant," \
			"run scripts/golden.sh BUILD_DIR and commit the reviewed diff):"
		diff -u "$dir/$name" "$tmp/$name" | head -n 40
		fail=1
	fi
done < <(golden_cases)
for f in "$dir"/*; do
	grep -q "^$(basename "$f")|" < <(golden_cases) || { echo "FAIL: stale golden file $f"; fail=1; }
done
echo "$n golden outputs compared"
exit $fail
