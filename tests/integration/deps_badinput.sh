#!/bin/bash
# Bad input at the command line: a file that is not ELF, a truncated library,
# symlink loops (file and directory), a DT_NEEDED cycle, a missing path. Each
# problem is one line on stderr naming the file; everything else is still
# analysed; the exit code is 2; nothing hangs (timeout) or crashes.
set -u
: "${SECCOMPAT:?}"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

mkdir -p "$t/tree/sub"
echo 'not an elf' > "$t/tree/garbage.so"
head -c 3000 /bin/true > "$t/tree/truncated.so"
ln -s loop-b "$t/tree/loop-a"; ln -s loop-a "$t/tree/loop-b"
ln -s .. "$t/tree/sub/up"
printf 'int b(void); int a(void) { return 1; }\n' > "$t/a.c"
printf 'int a(void); int b(void) { return a(); }\n' > "$t/b.c"
gcc -shared -fPIC -o "$t/tree/libcyca.so" "$t/a.c" -L"$t/tree" -Wl,--no-as-needed \
	-Wl,-soname,libcyca.so 2>/dev/null
gcc -shared -fPIC -o "$t/tree/libcycb.so" "$t/b.c" -L"$t/tree" -lcyca -Wl,-soname,libcycb.so
gcc -shared -fPIC -o "$t/tree/libcyca.so" "$t/a.c" -L"$t/tree" -Wl,--no-as-needed -lcycb \
	-Wl,-soname,libcyca.so
cp /bin/true "$t/tree/good"

# Non-ELF files inside a scanned directory are not objects (a game tree holds
# many); named on the command line, they are bad input.
timeout 60 "$SECCOMPAT" deps --format json --library-path "$t/tree" "$t/tree" "$t/missing" \
	"$t/tree/garbage.so" \
	>"$t/out.json" 2>"$t/err"
rc=$?
[ "$rc" -eq 2 ] && ok "exit code 2 on bad input" || bad "exit code $rc, want 2"
for f in garbage.so truncated.so; do
	n=$(grep -c "^$t/tree/$f: error: " "$t/err")
	[ "$n" -eq 1 ] && ok "one error line names $f" || bad "$n error lines for $f"
done
grep -q "^$t/missing: error: cannot open" "$t/err" && ok "missing path named" || bad "missing path not reported"
grep -q "loop-a: note: broken symbolic link" "$t/err" && ok "symlink loop skipped" || bad "symlink loop not reported"
python3 - "$t" <<'PY' && ok "good objects and the NEEDED cycle analysed" || bad "objects missing from the result"
import json, sys
t = sys.argv[1]
d = json.load(open(t + "/out.json"))
paths = {o["path"] for o in d["objects"]}
need = {t + "/tree/good", t + "/tree/libcyca.so", t + "/tree/libcycb.so"}
assert need <= paths, (need - paths)
# each object appears once although the cycle and the directory scan reach it twice
assert len(paths) == len(d["objects"])
a = [o for o in d["objects"] if o["path"].endswith("libcyca.so")][0]
assert a["needed"][0]["path"].endswith("libcycb.so")
PY
# A directory mixing ABIs, and a plugin of another ABI than every entry:
# each object's loader chain stays its own (this once looped forever).
mkdir -p "$t/mix"
cp /bin/true "$t/mix/prog64"
printf 'int plug(void) { return 0; }\n' > "$t/plug.c"
if gcc -m32 -shared -fPIC -o "$t/mix/plug32.so" "$t/plug.c" 2>/dev/null; then
	if timeout 20 "$SECCOMPAT" deps --format json "$t/mix" --plugin "$t/mix/plug32.so" \
		>"$t/mix.json" 2>/dev/null &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert {o["abi"] for o in d["objects"]} == {"x86", "x86-64"}' "$t/mix.json"; then
		ok "mixed-ABI directory and plugin analysed"
	else
		bad "mixed-ABI directory or plugin: hang, crash or wrong ABIs"
	fi
fi
# Every stderr line is one line that starts with a path (or seccompat).
while IFS= read -r line; do
	case "$line" in /*": "*|seccompat*) ;; *) bad "stderr line without a file: $line" ;; esac
done < "$t/err"
echo "$(( 8 - fail )) passed, $fail failed"
[ "$fail" -eq 0 ]
