#!/bin/bash
# Times text-relocation detection on the Debian i386 corpus: seccompat's
# facts stage (bench/textrel_facts.c, linked with the core library) and the
# whole `seccompat analyze`, against `scanelf -qT` (pax-utils) and
# `eu-findtextrel` (elfutils) on the same files, best of N runs each, and
# prints the ratios. Not a test: timings depend on the machine.
#   usage: bench/textrel.sh [SECCOMPAT] [CORPUS_ROOT] [RUNS]
# Defaults: build-release/analyzer/seccompat (configure it with
# -DCMAKE_BUILD_TYPE=Release; a sanitizer build measures ASan), build/corpus/root, 5.
# `analyze (all)` does far more per file than the others (closure, syscall
# engine disassembling every executable segment, verdicts, JSON); "facts
# stage" is the comparable number.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build-release/analyzer/seccompat}
root=${2:-$top/build/corpus/root}
runs=${3:-5}
[ -x "$bin" ] || { echo "no seccompat binary at $bin" >&2; exit 2; }
[ -d "$root" ] || { echo "no corpus at $root (scripts/test.sh fetches it)" >&2; exit 2; }

mapfile -t files < <(find "$root" -type f -name '*.so*' ! -name '*.py' | sort)
bytes=$(cat "${files[@]}" | wc -c)
echo "corpus: ${#files[@]} shared objects, $((bytes / 1024 / 1024)) MiB, best of $runs runs"

# best_of NAME COMMAND... -> prints and records the best wall time in seconds
declare -A best
best_of() {
	local name=$1
	shift
	local b=""
	for _ in $(seq "$runs"); do
		local s e
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s.%N)
		b=$(python3 -c "s,e,b=$s,$e,'$b'; d=e-s; print(d if not b or d<float(b) else b)")
	done
	best[$name]=$b
	printf '  %-16s %8.3f s\n' "$name" "$b"
}

# The text-relocation stage alone: a small driver linked with the core
# library of the same build as $bin.
bdir=$(cd "$(dirname "$bin")/.." && pwd)
drv=$bdir/bench-textrel-facts
pc="libelf capstone libseccomp json-c nettle libzstd"
cc -O2 -std=gnu11 -iquote "$top/analyzer" -o "$drv" "$top/bench/textrel_facts.c" \
	"$bdir/analyzer/libseccompat_core.a" $(pkg-config --libs $pc) 2>/dev/null || drv=""

cat "${files[@]}" >/dev/null # warm the page cache
if [ -n "$drv" ]; then
	best_of "facts stage" "$drv" "${files[@]}"
else
	echo "  (could not build the facts-only driver; is $bin from a non-sanitizer build?)"
fi
best_of "analyze (all)" "$bin" analyze --quiet --format json --max-sites 20 "${files[@]}"
if command -v scanelf >/dev/null; then best_of "scanelf -qT" scanelf -qT "${files[@]}"; fi
if command -v eu-findtextrel >/dev/null; then best_of eu-findtextrel eu-findtextrel "${files[@]}"; fi
for ours in "facts stage" "analyze (all)"; do
	[ -n "${best[$ours]:-}" ] || continue
	for other in "scanelf -qT" eu-findtextrel; do
		[ -n "${best[$other]:-}" ] || continue
		python3 -c "print('  %-13s / %-14s %7.2fx' % ('$ours', '$other', ${best[$ours]} / ${best[$other]}))"
	done
done
# The textrel objects alone: where the per-relocation work is.
mapfile -t tr < <(for f in "${files[@]}"; do case $f in *xvidcore*|*avcodec*|*sse2/libx264*) echo "$f";; esac; done)
if [ ${#tr[@]} -gt 0 ]; then
	echo "TEXTREL objects only (${#tr[@]} files):"
	[ -n "$drv" ] && best_of "facts (tr)" "$drv" "${tr[@]}"
	command -v scanelf >/dev/null && best_of "scanelf (tr)" scanelf -qT "${tr[@]}"
	command -v eu-findtextrel >/dev/null && best_of "eu-findtextrel (tr)" eu-findtextrel "${tr[@]}"
	for other in "scanelf (tr)" "eu-findtextrel (tr)"; do
		[ -n "${best[$other]:-}" ] || continue
		[ -n "${best['facts (tr)']:-}" ] || continue
		python3 -c "print('  facts (tr) / %-19s %6.2fx' % ('$other', ${best['facts (tr)']} / ${best[$other]}))"
	done
fi
