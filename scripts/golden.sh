#!/bin/bash
# Regenerates the golden outputs of every renderer (tests/golden/<key>/) for
# this machine's toolchain and libraries, from a build's seccompat and
# samples. Run it when an output is meant to change, and review the diff.
#   usage: scripts/golden.sh [BUILD_DIR]      (default: build-test)
# Other sets of the same OS release are removed (they are for older
# toolchains); sets of other releases are kept.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build-test}" && pwd)
S=$build/analyzer/seccompat
samples=$build/samples
[ -x "$S" ] || { echo "golden.sh: no $S (build first)" >&2; exit 2; }
[ -d "$samples/srcds" ] || { echo "golden.sh: no samples in $samples" >&2; exit 2; }
. "$top/tests/lib/golden_cases.sh"
key=$(golden_key "$top")
id=${key%-*}
tmp=$(golden_scratch "$samples")
samples=$tmp/S
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/cache
golden_prepare "$S" "$samples" "$tmp"
for old in "$top/tests/golden/$id-"*; do
	[ -d "$old" ] && [ "$old" != "$top/tests/golden/$key" ] && rm -rf "$old"
done
mkdir -p "$top/tests/golden/$key"
n=0
while IFS='|' read -r name cmd; do
	golden_run "$S" "$samples" "$tmp" "$cmd" >"$top/tests/golden/$key/$name"
	n=$((n + 1))
done < <(golden_cases)
echo "golden.sh: wrote $n outputs to tests/golden/$key" >&2
