#!/bin/sh
# One command for the whole test suite: installs what is missing, fetches the
# Debian i386 corpus, builds seccompat with ASan+UBSan plus the samples, runs
# every test with ctest, then builds the libFuzzer targets and runs each on its
# seeds (scripts/fuzz.sh) for FUZZ_SECONDS (default 60; 10 on Debian 13, where
# the point is that they build and run; 0 builds them without running).
#   usage: scripts/test.sh [BUILD_DIR]      (default: build-test)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-test}
# Absolute: the corpus script changes directory before it unpacks into DEST.
mkdir -p "$build"
build=$(cd "$build" && pwd)

sh "$top/scripts/setup.sh"
# The corpus is real Debian i386 libraries nobody here wrote; it is downloaded,
# never committed. Tests that need it skip (exit 77) when it cannot be had.
corpus_fetch=$top/../shared/corpus/fetch-debian-i386.sh
if [ -f "$corpus_fetch" ] && [ ! -d "$build/corpus/root" ]; then
	bash "$corpus_fetch" "$build/corpus" >/dev/null ||
		echo "test.sh: warning: could not fetch the Debian i386 corpus; corpus tests will skip" >&2
fi
cmake -S "$top" -B "$build" -DSECCOMPAT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)"
(cd "$build" && ctest --output-on-failure -j"$(nproc)")
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
[ "$codename" = trixie ] && default_secs=10 || default_secs=60
sh "$top/scripts/fuzz.sh" "$build-fuzz" "${FUZZ_SECONDS:-$default_secs}"
