# SPDX-License-Identifier: MIT
# Shared by tests/integration/proof_*.sh: builds a small service tree whose
# behaviour under systemd's restrictions we know from running it, and reads
# seccompat's verdicts from its JSON.
#   build_tree DIR   DIR/app32 (i386, dlopens argv[1], prints "loaded" or
#                    dlerror() and exits 3), DIR/bin/libtr32.so (non-PIC, real
#                    text relocations), DIR/bin/libpic32.so (clean),
#                    DIR/app64 + DIR/lib64/libpic64.so (x86-64 twins).
#   verdict JSON DIRECTIVE    prints "tolerated|blocked" and the value.

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
