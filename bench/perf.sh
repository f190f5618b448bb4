#!/bin/bash
# Speed and memory of a cold `seccompat analyze` against peer tools on the
# same files, in one run (issue 11). For each set of files it prints, from
# /usr/bin/time -v:
#   cold    seccompat analyze --no-cache (every object disassembled)
#   warm    the same with a filled cache (nothing disassembled)
#   peers   objdump -d, scanelf -qT, eu-findtextrel over the same files
# and the ratios: cold/peer for wall time, CPU time (user+sys) and peak RSS,
# warm/cold wall, cold peak RSS / the closure's bytes, and the cache's bytes /
# the closure's bytes (issue 11: <= 0.5x). The peers read
# the same files: every object of the closure seccompat analyses.
#   usage: bench/perf.sh [SECCOMPAT]   (a Release build: sanitizers distort it)
#   env:   JOBS=N (seccompat --jobs; default: all CPUs)
#          SETS="samples corpus big" (default: all that can be had)
#          SAMPLES=<build>/samples, CORPUS=<dir with root/>, BIG=<a large .so>
# The sets: the srcds-like sample tree (srcds_run + its directory), every
# shared object of the Debian i386 corpus (../shared/corpus), and the
# largest x86-64 library Debian ships on this machine (libLLVM when
# installed). Time is measured, never asserted; this is no test.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
S=${1:-${SECCOMPAT:-}}
if [ -z "$S" ]; then
	for c in "$here/build-rel/analyzer/seccompat" "$here/build/analyzer/seccompat"; do
		[ -x "$c" ] && { S=$c; break; }
	done
fi
[ -x "${S:-}" ] || { echo "bench/perf.sh: no seccompat binary (give its path)" >&2; exit 2; }
for t in /usr/bin/time objdump scanelf eu-findtextrel python3; do
	command -v "$t" >/dev/null || { echo "bench/perf.sh: needs $t (scripts/setup.sh)" >&2; exit 2; }
done
jobs=${JOBS:+--jobs $JOBS}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD...: runs CMD under /usr/bin/time -v, output discarded;
# leaves "wall cpu rss_kib" in $tmp/NAME.
measure() {
	local name=$1
	shift
	/usr/bin/time -v -o "$tmp/$name.time" "$@" >/dev/null 2>"$tmp/$name.err" || true
	python3 - "$tmp/$name.time" >"$tmp/$name" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def f(key):
    m = re.search(r"^\s*" + re.escape(key) + r": (.*)$", t, re.M)
    return m.group(1) if m else "0"
w = f("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
cpu = float(f("User time (seconds)")) + float(f("System time (seconds)"))
print(wall, cpu, f("Maximum resident set size (kbytes)"))
PY
}

# bench_set NAME ROOT FILE...: ROOT is --root for seccompat ("" for none).
# The peers get the same files seccompat analyses: every object of the
# closure (`seccompat deps`), libc and ld.so included; input bytes are
# theirs too.
bench_set() {
	local name=$1 root=$2 bytes
	shift 2
	local -a files=("$@") ana=("$S" analyze --quiet $jobs --format json) deps=("$S" deps --format json)
	[ -n "$root" ] && { ana+=(--root "$root"); deps+=(--root "$root"); }
	local -a elf=()
	mapfile -t elf < <("${deps[@]}" "${files[@]}" 2>/dev/null | python3 -c '
import json, os, sys
root = sys.argv[1]
for o in json.load(sys.stdin)["objects"]:
    p = o["real_path"]
    if root and not os.path.exists(p):
        p = os.path.join(root, p.lstrip("/"))
    print(p)' "$root" | sort -u)
	bytes=$(du -cbL "${elf[@]}" | tail -n 1 | cut -f1)
	measure cold "${ana[@]}" --no-cache "${files[@]}"
	rm -rf "$tmp/cache"
	"${ana[@]}" --cache "$tmp/cache" "${files[@]}" >/dev/null 2>&1 || true
	measure warm "${ana[@]}" --cache "$tmp/cache" "${files[@]}"
	du -sb "$tmp/cache" | cut -f1 >"$tmp/cachebytes"
	measure objdump objdump -d "${elf[@]}"
	measure scanelf scanelf -qT "${elf[@]}"
	measure findtextrel eu-findtextrel "${elf[@]}"
	python3 - "$name" "$bytes" "${#elf[@]}" "$tmp" <<'PY'
import sys
name, nbytes, nfiles, tmp = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
r = {k: [float(x) for x in open(f"{tmp}/{k}").read().split()]
     for k in ("cold", "warm", "objdump", "scanelf", "findtextrel")}
c = r["cold"]
print(f"== {name}: closure of {nfiles} ELF files, {nbytes / 2**20:.1f} MiB")
print(f"  {'run':<22}{'wall s':>9}{'cpu s':>9}{'rss MiB':>9}")
for k in ("cold", "warm", "objdump", "scanelf", "findtextrel"):
    w, cpu, rss = r[k]
    label = {"cold": "seccompat cold", "warm": "seccompat warm", "objdump": "objdump -d",
             "scanelf": "scanelf -qT", "findtextrel": "eu-findtextrel"}[k]
    print(f"  {label:<22}{w:9.2f}{cpu:9.2f}{rss / 1024:9.1f}")
def ratio(a, b):
    return f"{a / b:.2f}x" if b > 0 else "n/a"
for k, label in (("objdump", "objdump -d"), ("scanelf", "scanelf -qT"),
                 ("findtextrel", "eu-findtextrel")):
    p = r[k]
    print(f"  cold / {label:<15} wall {ratio(c[0], p[0]):>8}  cpu {ratio(c[1], p[1]):>8}"
          f"  rss {ratio(c[2], p[2]):>8}")
print(f"  warm / cold            wall {ratio(r['warm'][0], c[0]):>8}")
print(f"  cold peak RSS / closure bytes  {c[2] * 1024 / nbytes:.2f}x")
cache = int(open(f"{tmp}/cachebytes").read())
print(f"  cache bytes / closure bytes    {cache / nbytes:.2f}x ({cache / 2**20:.1f} MiB)")
PY
}

sets=${SETS:-samples corpus big}
for set in $sets; do
	case $set in
	samples)
		smp=${SAMPLES:-}
		[ -n "$smp" ] || for c in "$here"/build*/samples; do [ -d "$c/srcds" ] && { smp=$c; break; }; done
		if [ -n "$smp" ] && [ -d "$smp/srcds" ]; then
			bench_set "srcds sample tree" "" "$smp/srcds/srcds_run" "$smp/srcds"
		else
			echo "== srcds sample tree: not built (SAMPLES=<build>/samples)"
		fi
		;;
	corpus)
		root=${CORPUS:+$CORPUS/root}
		[ -n "$root" ] || for c in "$here"/build*/corpus/root /tmp/corpus/root; do [ -d "$c" ] && { root=$c; break; }; done
		if [ -n "$root" ] && [ -d "$root" ]; then
			mapfile -t libs < <(find "$root" -name '*.so*' -type f ! -name '*.py' | sort)
			bench_set "Debian i386 corpus" "$root" "${libs[@]}"
		else
			echo "== Debian i386 corpus: not fetched (CORPUS=<dir>, ../shared/corpus/fetch-debian-i386.sh)"
		fi
		;;
	big)
		big=${BIG:-$(ls -S /usr/lib/x86_64-linux-gnu/libLLVM*.so* 2>/dev/null | head -n 1 || true)}
		[ -n "$big" ] || big=$(ls -S /usr/lib/x86_64-linux-gnu/*.so* | head -n 1)
		bench_set "$(basename "$big")" "" "$big"
		;;
	esac
done
