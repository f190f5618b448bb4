# SPDX-License-Identifier: MIT
# Shared by tests/integration/proof_*.sh: builds a small service tree whose
# behaviour under systemd's restrictions we know from running it, and reads
# seccompat's verdicts from its JSON.
#   build_tree DIR   DIR/app32 (i386, dlopens argv[1], prints "loaded" or
#                    dlerror() and exits 3), DIR/bin/libtr32.so (non-PIC, real
#                    text relocations), DIR/bin/libpic32.so (clean),
#                    DIR/app64 + DIR/lib64/libpic64.so (x86-64 twins).
#   verdict JSON DIRECTIVE    prints "tolerated|blocked" and the value.
#   proof_setup      sets run (sandbox_run), tmp (removed at exit), fail=0 and
#                    builds the tree in $tmp/srv, or skips the test (exit 77).

proof_setup() {
	# Every proof runs an i386 service tree; a kernel that refuses i386
	# programs cannot show what they do.
	. "${TESTLIB:?}/i386.sh"
	require_i386_exec
	run=$SECCOMPAT_BUILD/tests/sandbox_run
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	fail=0
	if ! build_tree "$tmp/srv" 2>"$tmp/gcc.log"; then
		echo "SKIP: cannot build i386 test objects (gcc -m32)"; cat "$tmp/gcc.log"; exit 77
	fi
}

build_tree() {
	local d=$1
	mkdir -p "$d/bin" "$d/lib64" "$d/src"
	cat >"$d/src/app.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
	void *h = dlopen(argc > 1 ? argv[1] : "bin/libtr32.so", RTLD_NOW);
	if (!h) {
		printf("%s\n", dlerror());
		return 3;
	}
	puts("loaded");
	return 0;
}
C
	cat >"$d/src/tr.c" <<'C'
int counter, table[4] = {1, 2, 3, 4};
int bump(int i) { counter += table[i & 3]; return counter; }
int *getp(void) { return &counter; }
C
	gcc -m32 -O1 -o "$d/app32" "$d/src/app.c" -ldl || return 1
	gcc -m32 -fno-pic -shared -o "$d/bin/libtr32.so" "$d/src/tr.c" -Wl,-z,notext || return 1
	gcc -m32 -fPIC -shared -o "$d/bin/libpic32.so" "$d/src/tr.c" || return 1
	gcc -O1 -o "$d/app64" "$d/src/app.c" -ldl || return 1
	gcc -fPIC -shared -o "$d/lib64/libpic64.so" "$d/src/tr.c" || return 1
	rm -rf "$d/src"
}

# verdict FILE DIRECTIVE -> "tolerated VALUE" or "blocked"
verdict() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = d["verdicts"][sys.argv[2]]
if v["tolerated"]:
    val = v["value"]
    print("tolerated", val if isinstance(val, str) else " ".join(val))
else:
    print("blocked")
PY
}

# predicted_messages FILE DIRECTIVE OBJECT-SUFFIX -> the run-time messages the
# blockers of OBJECT predict (the text after the object's path), one a line;
# "SIGSEGV" for a predicted death by SIGSEGV, "pthread_create" for a predicted
# failure to create threads.
predicted_messages() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
for b in d["verdicts"][sys.argv[2]]["blockers"]:
    if b["object"] and b["object"].endswith(sys.argv[3]) and b["effect"]:
        m = re.search(r'"([^"]*)"', b["effect"])
        if m:
            print(m.group(1).split(": ", 1)[1])
        elif "SIGSEGV" in b["effect"]:
            print("SIGSEGV")            # the caller matches exit status 139
        elif "pthread_create" in b["effect"]:
            print("pthread_create")     # the program reports its failed call
PY
}

# patch_phdr SRC DST nostack|rwx: a copy of SRC with PT_GNU_STACK turned into
# PT_NULL (nostack), or its first executable PT_LOAD made RWX (rwx).
patch_phdr() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
if d[4] == 2:
    phoff, = struct.unpack_from("<Q", d, 32); ent, num = struct.unpack_from("<HH", d, 54)
else:
    phoff, = struct.unpack_from("<I", d, 28); ent, num = struct.unpack_from("<HH", d, 42)
for i in range(num):
    o = phoff + i * ent
    ptype, = struct.unpack_from("<I", d, o)
    # p_flags is the second word in Elf64_Phdr, the seventh in Elf32_Phdr.
    fo = o + 4 if d[4] == 2 else o + 24
    pflags, = struct.unpack_from("<I", d, fo)
    if sys.argv[3] == "nostack" and ptype == 0x6474e551:
        struct.pack_into("<I", d, o, 0)
        break
    if sys.argv[3] == "rwx" and ptype == 1 and pflags & 1:
        struct.pack_into("<I", d, fo, 7)
        break
else:
    sys.exit("nothing to patch in " + sys.argv[1])
open(sys.argv[2], "wb").write(d)
PY
	chmod +x "$2"
}

# add_textrel_flag SRC DST: a copy of SRC whose first spare DT_NULL in the
# dynamic section becomes DT_TEXTREL (the terminating DT_NULL stays), so the
# object claims text relocations it does not have.
add_textrel_flag() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
is64 = d[4] == 2
if is64:
    phoff, = struct.unpack_from("<Q", d, 32); ent, num = struct.unpack_from("<HH", d, 54)
else:
    phoff, = struct.unpack_from("<I", d, 28); ent, num = struct.unpack_from("<HH", d, 42)
for i in range(num):
    o = phoff + i * ent
    if struct.unpack_from("<I", d, o)[0] == 2:  # PT_DYNAMIC
        off, size = (struct.unpack_from("<Q", d, o + 8)[0], struct.unpack_from("<Q", d, o + 32)[0]) \
            if is64 else (struct.unpack_from("<I", d, o + 4)[0], struct.unpack_from("<I", d, o + 16)[0])
        break
else:
    sys.exit("no PT_DYNAMIC")
fmt, step = ("<qQ", 16) if is64 else ("<iI", 8)
nulls = [p for p in range(off, off + size, step) if struct.unpack_from(fmt, d, p)[0] == 0]
if len(nulls) < 2:
    sys.exit("no spare DT_NULL")
struct.pack_into(fmt, d, nulls[0], 22, 0)  # DT_TEXTREL
open(sys.argv[2], "wb").write(d)
PY
}
