#!/bin/bash
# Hostile input for the syscall engine: sample objects with corrupted
# section headers (.plt size, symbol sizes) and random byte flips in their
# code and unwind tables must be analysed without a crash, a sanitizer
# report or a runaway allocation (exit 0 or 2, never a signal).
set -u
: "${SECCOMPAT:?}" "${SAMPLES:?}"
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() {
	local f=$1 what=$2 rc out
	out=$(timeout 120 "$SECCOMPAT" syscalls --format json "$f" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -gt 2 ] || echo "$out" | grep -qE "runtime error|AddressSanitizer|LeakSanitizer"; then
		echo "$what: exit $rc"; echo "$out" | grep -E "runtime error|Sanitizer|#[0-4] " | head -8
		cp "$f" "$tmp/../seccompat-mutant-$(basename "$f")" 2>/dev/null
		fail=1
	fi
}
# Targeted: a .plt section header claiming 32 GiB, every symbol 2^60 bytes.
python3 - "$SAMPLES/clean64/hello64" "$tmp/bigplt" "$tmp/bigsyms" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', d, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
stroff, = struct.unpack_from('<Q', d, shoff + shstrndx * shentsize + 0x18)
big = bytearray(d)
for i in range(shnum):
    h = shoff + i * shentsize
    name, = struct.unpack_from('<I', d, h)
    n = d[stroff + name:d.index(b'\0', stroff + name)]
    if n == b'.plt':
        struct.pack_into('<Q', big, h + 0x20, 0x800000000)
open(sys.argv[2], 'wb').write(big)
syms = bytearray(d)
for i in range(shnum):
    h = shoff + i * shentsize
    typ, = struct.unpack_from('<I', d, h + 4)
    if typ in (2, 11):  # SHT_SYMTAB, SHT_DYNSYM
        off, size = struct.unpack_from('<QQ', d, h + 0x18)
        for s in range(off, off + size, 24):
            struct.pack_into('<Q', syms, s + 16, 1 << 60)
open(sys.argv[3], 'wb').write(syms)
PY
chmod +x "$tmp/bigplt" "$tmp/bigsyms"
run "$tmp/bigplt" "hello64 with a 32 GiB .plt"
run "$tmp/bigsyms" "hello64 with 2^60-byte symbols"
# Random: byte flips past the ELF header, fixed seeds.
for src in "$SAMPLES/asm/libgates32.so" "$SAMPLES/clean64/hello64" "$SAMPLES/asm/static32"; do
	for seed in $(seq 1 12); do
		python3 - "$src" "$tmp/m" "$seed" <<'PY'
import random, sys
d = bytearray(open(sys.argv[1], 'rb').read())
random.seed(int(sys.argv[3]))
for _ in range(40):
    d[random.randrange(64, len(d))] = random.randrange(256)
open(sys.argv[2], 'wb').write(d)
PY
		chmod +x "$tmp/m"
		run "$tmp/m" "$(basename "$src") seed $seed"
	done
done
exit $fail
