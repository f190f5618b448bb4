#!/bin/bash
# Re-check after a binary update (issue 6), on copies of the sample trees.
# A baseline is saved with `analyze --format json`, the copy is updated the
# way a game-server update would (modules rebuilt with the flags
# samples/CMakeLists.txt uses, a plugin added, a module deleted), then
# `check --baseline` and `diff` must report each change, and exit 0/1 by the
# rule in analyzer/diff.h. What they report is checked against independent
# truth: sha256sum for contents, readelf (tests/lib/readelf_textrel.py) for
# text relocations, readelf -l for the stack, readelf -h for the ABI.
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}" "${SECCOMPAT_SRC:?}" "${TESTLIB:?}"
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no sample trees: skipped"; exit 77; }
gcc -m32 -x c -o /dev/null - <<<'int main(void){return 0;}' 2>/dev/null ||
	{ echo "no gcc -m32: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
# expect_rc WANT GOT WHAT
expect_rc() {
	[ "$1" = "$2" ] || fail "$3: exit $2, expected $1"
}
# jq-like queries without jq: py FILE EXPR (d is the document)
py() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
# change FILE KIND PATH-SUFFIX FIELD: the FIELD of the first change of KIND
# whose object ends with PATH-SUFFIX (or whose subject is it), "" if none.
change() {
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
kind, suffix, field = sys.argv[2], sys.argv[3], sys.argv[4]
allc = [c for o in d["objects"] for c in o["changes"]] + d["changes"]
for c in allc:
    if c["kind"] == kind and ((c["object"] or "").endswith(suffix) or c["subject"] == suffix):
        v = c[field]
        print("" if v is None else v)
        break
PY
}

SRC="$SECCOMPAT_SRC/samples"
# The flags of samples/CMakeLists.txt (sample_target), so that a rebuilt
# module differs from the original only by what the test changes.
CFLAGS=(-O2 -g -Wall -fno-omit-frame-pointer "-I$SRC/srcds" -m32 -Wl,-z,noexecstack)
NOPIC=(-fno-pic -Wl,-z,notext)
PIC=(-fPIC -Wl,-z,relro -Wl,-z,now)

# --- 1. the srcds tree: an update with four changes -----------------------
cp -a "$SAMPLES/srcds" "$tmp/srcds"
cd "$tmp"
targets=(srcds/srcds_run srcds/bin srcds/left4dead2/bin)
"$SECCOMPAT" analyze "${targets[@]}" --format json --output base.json --quiet
has_syscalls=$(py base.json '"syscalls" in d')

# Unchanged tree: nothing to report, exit 0 (check and diff alike).
rc=0
"$SECCOMPAT" check --no-cache --baseline base.json "${targets[@]}" --format json \
	>same.json 2>same.err || rc=$?
expect_rc 0 "$rc" "check of the unchanged tree"
[ "$(py same.json 'len(d["objects"]) + len(d["changes"])')" = 0 ] ||
	fail "unchanged tree reports changes: $(cat same.json)"
[ "$(py same.json 'd["summary"]["unchanged"]')" = "$(py base.json 'len(d["objects"])')" ] ||
	fail "unchanged count differs from the baseline's object count"
[ ! -s same.err ] || fail "check wrote to a non-TTY stderr: $(cat same.err)"
rc=0
"$SECCOMPAT" diff base.json base.json >/dev/null || rc=$?
expect_rc 0 "$rc" "diff of a result with itself"

old_engine=$(sha256sum srcds/bin/engine_srv.so | cut -d' ' -f1)

# a) engine_srv.so rebuilt with new calls to @privileged syscalls: chroot
# (which glibc wraps, so the old result may already allow it) and bpf
# (which glibc does not wrap), both through syscall(2), from a constructor:
# code that certainly runs (an export nothing names would only be a
# `possible` root, which the derived filter does not have to allow).
new_calls=(chroot bpf)
cat >jail.c <<'C'
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
int CEngine_Jail(const char *dir) __asm__("_ZN7CEngine4JailEPKc");
int CEngine_Jail(const char *dir)
{
	syscall(SYS_bpf, 0, dir, 0);
	return (int)syscall(SYS_chroot, dir);
}
__attribute__((constructor)) static void jail_init(void)
{
	if (getenv("SRCDS_SAMPLE_JAIL"))
		CEngine_Jail(getenv("SRCDS_SAMPLE_JAIL"));
}
C
gcc "${CFLAGS[@]}" -shared -Wl,-soname,engine_srv.so "${NOPIC[@]}" -pthread \
	'-Wl,-rpath,$ORIGIN' -Wl,--disable-new-dtags -o srcds/bin/engine_srv.so \
	"$SRC/srcds/engine.c" jail.c srcds/bin/libtier0_srv.so -ldl
# b) a plugin asking for an executable stack.
cp "$SAMPLES/execstack/execstack_srv.so" srcds/bin/
# c) server_srv.so rebuilt with -fPIC: no text relocations any more.
gcc "${CFLAGS[@]}" -shared -Wl,-soname,server_srv.so "${PIC[@]}" \
	-o srcds/left4dead2/bin/server_srv.so "$SRC/srcds/server.c" srcds/bin/libtier0_srv.so
# d) dedicated_srv.so deleted.
rm srcds/bin/dedicated_srv.so

rc=0
"$SECCOMPAT" check --no-cache --baseline base.json "${targets[@]}" --format json \
	>upd.json || rc=$?
"$SECCOMPAT" analyze "${targets[@]}" --format json --output new.json --quiet
rc_diff=0
"$SECCOMPAT" diff base.json new.json --format json >upd-diff.json || rc_diff=$?
expect_rc "$rc" "$rc_diff" "diff of the saved results vs check"
for f in upd.json upd-diff.json; do
	[ "$(py $f 'd["summary"]')" = "$(py upd.json 'd["summary"]')" ] ||
		fail "$f: summary differs between check and diff"
done

# a) reported as changed, with the hashes sha256sum computes.
[ "$(change upd.json object-changed /bin/engine_srv.so old)" = "$old_engine" ] ||
	fail "engine_srv.so: old sha256 not reported as $old_engine"
[ "$(change upd.json object-changed /bin/engine_srv.so new)" = \
	"$(sha256sum srcds/bin/engine_srv.so | cut -d' ' -f1)" ] ||
	fail "engine_srv.so: new sha256 does not match sha256sum"
# Its text relocations as readelf counts them (jail.c adds R_386_PC32 ones).
tr_new=$(python3 "$TESTLIB/readelf_textrel.py" srcds/bin/engine_srv.so |
	python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["count"])')
tr_rep=$(change upd.json text-relocations /bin/engine_srv.so new)
[ "$tr_rep" = "$tr_new" ] || fail "engine_srv.so: text relocations $tr_rep reported, readelf: $tr_new"
if [ "$has_syscalls" = True ]; then
	# Reported as new in engine_srv.so's own syscalls.
	for sc in "${new_calls[@]}"; do
		python3 - upd.json "$sc" <<'PY' || fail "$sc not reported as new in engine_srv.so"
import json, sys
d = json.load(open(sys.argv[1]))
ok = any(c["kind"] == "syscall-added" and c["subject"] == sys.argv[2]
         and (c["object"] or "").endswith("/bin/engine_srv.so")
         for o in d["objects"] for c in o["changes"])
sys.exit(0 if ok else 1)
PY
	done
	# Would the old SystemCallFilter= have killed them? Decided with
	# systemd-analyze's own group lists, not ours: the re-check must fail
	# exactly then.
	denied=$(python3 - base.json "${new_calls[@]}" <<'PY'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
v = d["directives"].get("SystemCallFilter")
if v is None:
    print("no-filter"); sys.exit(0)
lines = v if isinstance(v, list) else [v]
def expand(tok, seen):
    if not tok.startswith("@"):
        return {tok}
    if tok in seen:
        return set()
    seen.add(tok)
    out = subprocess.run(["systemd-analyze", "syscall-filter", tok],
                         capture_output=True, text=True).stdout.split("\n")
    names = set()
    for l in out[1:]:
        l = l.strip()
        if l and not l.startswith("#"):
            names |= expand(l, seen)
    return names
allow, deny, have_allow = set(), set(), False
for line in lines:
    line = line.strip()
    neg = line.startswith("~")
    toks = line.lstrip("~").split()
    names = set().union(*[expand(t, set()) for t in toks]) if toks else set()
    if neg:
        deny |= names
    else:
        have_allow = True
        allow |= names
print(" ".join(n for n in sys.argv[2:] if (have_allow and n not in allow) or n in deny))
PY
)
	if [ "$denied" = no-filter ]; then
		echo "note: the baseline derives no SystemCallFilter=; exit code not checked"
	elif [ -n "$denied" ]; then
		expect_rc 1 "$rc" "check after the update (old filter kills: $denied)"
		[ "$(py upd.json 'd["breaks"]')" = True ] || fail "a killed syscall must break"
	else
		expect_rc 0 "$rc" "check after the update (old filter allows ${new_calls[*]})"
	fi
else
	echo "note: results have no \"syscalls\" (no syscall engine): new syscalls not checked"
	# Without syscall sets no directive the baseline justified depends on
	# these changes (MemoryDenyWriteExecute= was not tolerated before).
	expect_rc 0 "$rc" "check after the update without syscall data"
fi

# b) added, with the executable stack readelf shows.
readelf -lW srcds/bin/execstack_srv.so | grep -q 'GNU_STACK.*RWE' ||
	fail "test setup: execstack_srv.so has no RWE GNU_STACK"
[ -n "$(change upd.json object-added /bin/execstack_srv.so detail)" ] ||
	fail "execstack_srv.so not reported as added"
[ "$(change upd.json stack /bin/execstack_srv.so new)" = executable ] ||
	fail "execstack_srv.so: executable stack not reported"
[ "$(change upd.json blocker-added /bin/execstack_srv.so subject)" = MemoryDenyWriteExecute ] ||
	fail "execstack_srv.so not reported as a new MemoryDenyWriteExecute= blocker"

# c) text relocations gone, as readelf says.
readelf -dW srcds/left4dead2/bin/server_srv.so | grep -q TEXTREL &&
	fail "test setup: server_srv.so still has TEXTREL"
[ "$(change upd.json text-relocations /left4dead2/bin/server_srv.so new)" = 0 ] ||
	fail "server_srv.so: text relocations -> 0 not reported"
[ "$(change upd.json text-relocations /left4dead2/bin/server_srv.so old)" = \
	"$(python3 "$TESTLIB/readelf_textrel.py" "$SAMPLES/srcds/left4dead2/bin/server_srv.so" |
		python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["count"])')" ] ||
	fail "server_srv.so: old text relocation count differs from readelf's"

# d) removed.
[ -n "$(change upd.json object-removed /bin/dedicated_srv.so detail)" ] ||
	fail "dedicated_srv.so not reported as removed"
[ "$(py upd.json 'd["summary"]["added"], d["summary"]["removed"], d["summary"]["changed"]')" = \
	"(1, 1, 2)" ] || fail "summary: $(py upd.json 'd["summary"]')"

# The text and Markdown reports name every change too.
"$SECCOMPAT" diff base.json new.json >upd.txt || true
"$SECCOMPAT" diff base.json new.json --format markdown >upd.md || true
for f in upd.txt upd.md; do
	for w in engine_srv.so execstack_srv.so server_srv.so dedicated_srv.so; do
		grep -q "$w" $f || fail "$f does not mention $w"
	done
done
grep -q '^| ' upd.md || fail "markdown report has no table"

# --- 2. every text-relocating module rebuilt with -fPIC: a new directive --
rm -rf srcds && cp -a "$SAMPLES/srcds" srcds
gcc "${CFLAGS[@]}" -shared -Wl,-soname,libtier0_srv.so "${PIC[@]}" \
	-o srcds/bin/libtier0_srv.so "$SRC/srcds/tier0.c"
gcc "${CFLAGS[@]}" -shared -Wl,-soname,dedicated_srv.so "${PIC[@]}" \
	-o srcds/bin/dedicated_srv.so "$SRC/srcds/dedicated.c" -ldl
gcc "${CFLAGS[@]}" -shared -Wl,-soname,engine_srv.so "${PIC[@]}" -pthread \
	'-Wl,-rpath,$ORIGIN' -Wl,--disable-new-dtags -o srcds/bin/engine_srv.so \
	"$SRC/srcds/engine.c" srcds/bin/libtier0_srv.so -ldl
gcc "${CFLAGS[@]}" -shared -Wl,-soname,server_srv.so "${PIC[@]}" \
	-o srcds/left4dead2/bin/server_srv.so "$SRC/srcds/server.c" srcds/bin/libtier0_srv.so
left=$(python3 "$TESTLIB/readelf_textrel.py" srcds/bin/*.so srcds/left4dead2/bin/*.so |
	python3 -c 'import json,sys; print(sum(json.loads(l)["count"] for l in sys.stdin))')
[ "$left" = 0 ] || fail "test setup: readelf still counts $left text relocations"
rc=0
"$SECCOMPAT" check --no-cache --baseline base.json "${targets[@]}" --format json >pic.json || rc=$?
expect_rc 1 "$rc" "check after removing every text relocation (MemoryDenyWriteExecute= derivable)"
[ "$(change pic.json directive MemoryDenyWriteExecute new)" = yes ] ||
	fail "MemoryDenyWriteExecute=yes not reported as newly derived"
[ "$(py pic.json 'd["breaks"]')" = False ] || fail "a newly derivable directive reported as breaking"

# --- 3. a clean PIE gets an executable-stack plugin: MDWE breaks ---------
mkdir clean32 && cp "$SAMPLES/clean32/hello32" clean32/
"$SECCOMPAT" analyze clean32 --format json --output clean.json --quiet
[ "$(py clean.json 'd["directives"].get("MemoryDenyWriteExecute")')" = yes ] ||
	fail "test setup: clean32 does not tolerate MemoryDenyWriteExecute="
cp "$SAMPLES/execstack/execstack_srv.so" clean32/
rc=0
"$SECCOMPAT" check --no-cache --baseline clean.json clean32 >clean.txt || rc=$?
expect_rc 1 "$rc" "check after adding an executable-stack plugin to a MDWE service"
grep -q '^Result: BREAKS' clean.txt || fail "clean32: no BREAKS result: $(cat clean.txt)"
grep -q 'MemoryDenyWriteExecute=yes no longer holds' clean.txt ||
	fail "clean32: reason not given: $(cat clean.txt)"

# --- 4. an x86-64 service gains an i386 library: SystemCallArchitectures= --
# (Named as a file: a directory mixing ABIs is left to the closure's tests.)
mkdir clean64 && cp "$SAMPLES/clean64/hello64" clean64/
"$SECCOMPAT" analyze clean64/hello64 --format json --output c64.json --quiet
cp "$SAMPLES/srcds/steam/sdk32/steamclient.so" clean64/
readelf -hW clean64/steamclient.so | grep -q 'Intel 80386' || fail "test setup: not i386"
rc=0
"$SECCOMPAT" check --no-cache --baseline c64.json clean64/hello64 clean64/steamclient.so \
	--format json >c64d.json || rc=$?
expect_rc 1 "$rc" "check after an i386 object joins an x86-64 service"
[ "$(change c64d.json directive SystemCallArchitectures old)" = native ] ||
	fail "SystemCallArchitectures=native not reported as the old value"
[ "$(py c64d.json 'd["breaks"]')" = True ] || fail "native -> native x86 must break"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "recheck_update: ok"
