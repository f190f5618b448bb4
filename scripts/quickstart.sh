#!/bin/sh
# One command from a fresh clone to a report: installs what is missing, builds
# seccompat and the bundled sample trees, and analyses the srcds-like sample.
#   usage: scripts/quickstart.sh [BUILD_DIR]   (default: build)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}

sh "$top/scripts/setup.sh"
cmake -S "$top" -B "$build" >/dev/null
cmake --build "$build" -j"$(nproc)"
echo "== seccompat analyze $build/samples/srcds" >&2
"$build/analyzer/seccompat" analyze "$build/samples/srcds/srcds_run" "$build/samples/srcds" || true
