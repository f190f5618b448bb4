#!/bin/bash
# Bytes of an executable segment that are not code are not decoded as code.
# A library linked with -z noseparate-code maps .rodata in its R+X PT_LOAD;
# its .rodata holds the bytes of `mov $SYS_fork, %eax; syscall` (and of
# `int $0x80` for i386). readelf is the truth: the segment is executable,
# the section is not SHF_EXECINSTR. The analysis must not report fork from
# those bytes, and must still find the real gate in .text (getppid by inline
# asm), for x86-64 and i386. The library is analysed alone (an empty
# --root), so every site is its own.
set -u
: "${SECCOMPAT:?}"
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root"
cat >"$tmp/lib.c" <<'C'
/* x86-64: mov $57 (fork), %eax; syscall.  i386: mov $2 (fork), %eax; int $0x80. */
const unsigned char not_code64[] = {0xb8, 0x39, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xc3};
const unsigned char not_code32[] = {0xb8, 0x02, 0x00, 0x00, 0x00, 0xcd, 0x80, 0xc3};
long real_gate(void)
{
	long r;
#ifdef __x86_64__
	__asm__ volatile("syscall" : "=a"(r) : "a"(110L) : "rcx", "r11", "memory"); /* getppid */
#else
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(64L) : "memory"); /* getppid */
#endif
	return r;
}
C
fail=0
for m in 64 32; do
	so=$tmp/lib$m.so
	if ! gcc -m$m -O1 -shared -fPIC -nostartfiles -Wl,-z,noseparate-code -o "$so" "$tmp/lib.c" 2>"$tmp/gcc.log"; then
		[ $m = 32 ] && { echo "skip i386: cannot build (gcc -m32)"; continue; }
		cat "$tmp/gcc.log"; exit 1
	fi
	# Independent truth: .rodata lies inside an executable PT_LOAD and is not code.
	ro=$(readelf -SW "$so" | sed 's/^ *\[ *[0-9]*\]//' | awk '$1 == ".rodata" { print $3, $5, $7 }')
	read -r ro_addr ro_size ro_flags <<<"$ro"
	if [ -z "$ro_addr" ] || [[ $ro_flags == *X* ]]; then
		echo "FAIL lib$m: no non-code .rodata ($ro)"; fail=1; continue
	fi
	if ! readelf -lW "$so" | python3 -c '
import sys
a = int(sys.argv[1], 16)
for l in sys.stdin:
    w = l.split()
    if w and w[0] == "LOAD" and "E" in w[6:-1] and int(w[2], 16) <= a < int(w[2], 16) + int(w[5], 16):
        sys.exit(0)
sys.exit(1)' "$ro_addr"; then
		echo "FAIL lib$m: .rodata is not inside an executable segment here; test has no subject"
		fail=1; continue
	fi
	"$SECCOMPAT" syscalls --no-cache --quiet --root "$tmp/root" --format json "$so" >"$tmp/$m.json" 2>"$tmp/$m.err" || {
		cat "$tmp/$m.err"; fail=1; continue; }
	python3 - "$tmp/$m.json" "$m" "$ro_addr" "$ro_size" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
abi = "x86-64" if sys.argv[2] == "64" else "x86"
lo = int(sys.argv[3], 16); hi = lo + int(sys.argv[4], 16)
names = {e["name"] for e in d["syscalls"].get(abi, [])}
in_rodata = [e["name"] for e in d["syscalls"].get(abi, []) for p in e.get("provenance", [])
             if lo <= int(p["site"], 16) < hi]
in_rodata += [u.get("site") for u in d.get("unresolved", [])
              if lo <= int(u.get("site", "0"), 16) < hi]
bad = []
if "fork" in names:
    bad.append("fork (only .rodata bytes make it) is in the set")
if in_rodata:
    bad.append(f"sites inside .rodata: {in_rodata}")
if "getppid" not in names:
    bad.append("the real gate's getppid is missing")
if bad:
    print(f"FAIL lib{sys.argv[2]}: " + "; ".join(bad)); sys.exit(1)
print(f"ok   lib{sys.argv[2]}: .rodata's gate bytes are not code; getppid from .text found")
PY
done
exit $fail
