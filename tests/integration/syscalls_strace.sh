#!/bin/bash
# Soundness of the syscall engine against the kernel: every runnable sample
# (i386 and x86-64) runs under strace; every syscall number strace reports
# must be in the static set `seccompat syscalls` derives for that ABI, and
# in a required tier: `certain`, or `possible` with the assumption named
# (never `unreached`).
# Numbers, not names, are compared (strace -n): strace and libseccomp spell
# some i386 calls differently, and strace shows socketcall's subcalls under
# their own names with number 102. Prints precision figures per sample.
set -u
: "${SECCOMPAT:?}" "${SAMPLES:?}"
SAMPLES=$(realpath "$SAMPLES")
command -v strace >/dev/null || { echo "no strace"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

progs=()
for p in sys/sockets sys/threads sys/files sys/signals sys/rawsyscall sys/dlopen_user \
	sys/ldso_needed; do
	progs+=("$SAMPLES/${p}32" "$SAMPLES/${p}64")
done
progs+=("$SAMPLES/clean32/hello32" "$SAMPLES/clean64/hello64" "$SAMPLES/static32/raw_int80"
	"$SAMPLES/asm/static32" "$SAMPLES/asm/static64"
	"$SAMPLES/jit/jit32" "$SAMPLES/jit/jit64")

fail=0
ran=0
. "${TESTLIB:?}/i386.sh"
. "$TESTLIB/kernel.sh"
for prog in "${progs[@]}"; do
	[ -x "$prog" ] || { echo "missing sample $prog"; fail=1; continue; }
	name=$(basename "$prog")
	# strace of a program the kernel refuses sees nothing: no evidence at all.
	if is_i386_elf "$prog" && ! i386_exec_ok; then
		echo "skip $name: $(i386_exec_reason)"; continue
	fi
	( cd "$tmp" && timeout 60 strace -f -qq -n -o "$tmp/$name.strace" "$prog" >/dev/null 2>&1 )
	if ! "$SECCOMPAT" syscalls --kernel "$(host_kernel)" --format json "$prog" >"$tmp/$name.json" \
		2>"$tmp/$name.err"; then
		echo "$name: seccompat syscalls failed:"; cat "$tmp/$name.err"; fail=1; continue
	fi
	ran=$((ran + 1))
	python3 - "$prog" "$tmp/$name.strace" "$tmp/$name.json" <<'PY' || fail=1
import json, re, subprocess, sys
prog, trace, js = sys.argv[1:4]
cls = open(prog, 'rb').read(5)[4]
abi = 'x86' if cls == 1 else 'x86-64'
dyn = set()
first_exec = True
for line in open(trace):
    m = re.match(r'^\d+\s+\[\s*(\d+)\]\s+(\w+)', line)
    if not m:
        continue
    nr, name = int(m.group(1)), m.group(2)
    # The first execve is made by strace's child on the host ABI before
    # the program exists.
    if first_exec and name == 'execve':
        first_exec = False
        continue
    dyn.add((nr, name))
d = json.load(open(js))
entries = d['syscalls'].get(abi, [])
static = {e['nr'] for e in entries if e['nr'] is not None}
certain = {e['nr'] for e in entries if e['nr'] is not None and e['confidence'] == 'certain'}
# possible only counts with its reason: an assumption on a provenance, or
# an implicit syscall's reason.
reasoned = {e['nr'] for e in entries if e['nr'] is not None and e['confidence'] == 'possible'
            and (e.get('implicit') or any(p.get('assumption') for p in e['provenance']))}
unreached = sorted((nr, n) for nr, n in dyn if nr in static and nr not in certain | reasoned)
missing = sorted((nr, n) for nr, n in dyn if nr not in static)
# i386 socketcall (102) and ipc (117): strace names the subcall (connect,
# shmat); the set must name it too, or a filter written by name lacks it.
names = {e['name'] for e in d['syscalls'].get(abi, [])}
missing += sorted(x for x in dyn if abi == 'x86' and x[0] in (102, 117) and x[1] not in names)
dn = {nr for nr, _ in dyn}
name = prog.split('/')[-1]
print(f"{name}: {abi}: dynamic {len(dn)}, static {len(static)} "
      f"(certain {len(certain)}), dynamic covered by certain {len(dn & certain)}/{len(dn)}, "
      f"unresolved {len(d['unresolved'])}")
uncertain = sorted({(nr, n) for nr, n in dyn if nr in static and nr not in certain})
if uncertain:
    print(f"{name}: made but only 'possible': {uncertain}")
bad = False
if unreached:
    print(f"{name}: made but neither certain nor possible with a reason: {unreached}")
    bad = True
if missing:
    print(f"{name}: MISSED by the static analysis: {missing}")
    bad = True
sys.exit(1 if bad else 0)
PY
done
[ "$ran" -gt 0 ] || exit 77
exit $fail
