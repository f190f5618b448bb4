#!/bin/bash
# Loader-accuracy on constructed trees, each checked against the real loader
# (`ld.so --list`): which file each DT_NEEDED resolves to, and which stay
# "not found", for the rules of glibc's search order:
#   a) a candidate of the wrong class earlier in LD_LIBRARY_PATH is skipped;
#   b) DT_RPATH of a loader up the chain (the executable's) serves a library's
#      dependency;
#   c) DT_RUNPATH serves only its own object's dependencies;
#   d) a DT_RUNPATH without the library leaves it not found;
#   e) $ORIGIN expands to the object's directory; an unknown $TOKEN entry is
#      dropped;
#   f) LD_LIBRARY_PATH comes before DT_RUNPATH but after DT_RPATH.
set -u
: "${SECCOMPAT:?}"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0 pass=0 skipped=0
. "${TESTLIB:?}/i386.sh"

so() { # ABI(32|64) OUT SOURCE-TEXT [LINK ARGS...]
	local m=$1 out=$2 src=$3; shift 3
	mkdir -p "$(dirname "$out")"
	printf '%s\n' "$src" > "$out.c"
	gcc -m"$m" -shared -fPIC -o "$out" "$out.c" -Wl,-soname,"$(basename "$out")" "$@" || exit 1
}
exe() { # ABI OUT SOURCE-TEXT [LINK ARGS...]
	local m=$1 out=$2 src=$3; shift 3
	mkdir -p "$(dirname "$out")"
	printf '%s\n' "$src" > "$out.c"
	gcc -m"$m" -o "$out" "$out.c" "$@" || exit 1
}

# compare FILE LD_LIBRARY_PATH: ld.so's resolution == ours (name => path|not found)
compare() {
	local f=$1 llp=$2 expected ours
	# The real loader is the truth, so an i386 case needs a kernel that runs it.
	if is_i386_elf "$f" && ! i386_exec_ok; then
		skipped=$((skipped + 1)); echo "skip $3: $(i386_exec_reason)"; return
	fi
	# LD_TRACE_LOADED_OBJECTS makes the loader list and stop: the program
	# itself does not run.
	expected=$(LD_TRACE_LOADED_OBJECTS=1 LD_LIBRARY_PATH=$llp "$f" 2>&1 | python3 -c '
import os, sys
for line in sys.stdin:
    w = line.split()
    if len(w) >= 3 and w[1] == "=>":
        if w[0].startswith(("libc.so", "ld-linux", "linux-")): continue
        print(w[0], "not-found" if w[2] == "not" else os.path.realpath(w[2]))' | sort -u)
	ours=$("$SECCOMPAT" deps --format json ${llp:+--library-path "$llp"} "$f" 2>/dev/null |
		python3 -c '
import json, sys
d = json.load(sys.stdin)
for o in d["objects"]:
    for n in o["needed"]:
        if n["name"].startswith(("libc.so", "ld-linux")): continue
        if n["path"] is None:
            print(n["name"], "not-found")
        else:
            real = [x["real_path"] for x in d["objects"] if x["path"] == n["path"]][0]
            print(n["name"], real)' | sort -u)
	if [ -n "$expected" ] && [ "$expected" = "$ours" ]; then
		pass=$((pass + 1)); echo "ok   $3"
	else
		fail=$((fail + 1)); echo "FAIL $3"
		diff <(echo "$expected") <(echo "$ours") | sed 's/^/    /'
	fi
}

# a) wrong class first
so 64 "$t/a/wrong/libwc.so" 'int wc(void){return 64;}'
so 32 "$t/a/right/libwc.so" 'int wc(void){return 32;}'
exe 32 "$t/a/prog" 'int wc(void); int main(void){return wc()!=32;}' -L"$t/a/right" -lwc
compare "$t/a/prog" "$t/a/wrong:$t/a/right" "a) wrong-class candidate skipped"

# b) the executable's DT_RPATH serves a library's dependency
so 32 "$t/b/deep/libdeep.so" 'int deep(void){return 0;}'
so 32 "$t/b/mid/libmid.so" 'int deep(void); int mid(void){return deep();}' -L"$t/b/deep" -ldeep
exe 32 "$t/b/prog" 'int mid(void); int main(void){return mid();}' -L"$t/b/mid" -lmid \
	-Wl,--disable-new-dtags -Wl,-rpath,"$t/b/mid:$t/b/deep" -Wl,-rpath-link,"$t/b/deep"
compare "$t/b/prog" "" "b) RPATH of the loader chain"

# c) DT_RUNPATH of the executable does not serve its library's dependency
so 64 "$t/c/deep/libcdeep.so" 'int cdeep(void){return 0;}'
so 64 "$t/c/mid/libcmid.so" 'int cdeep(void); int cmid(void){return cdeep();}' -L"$t/c/deep" -lcdeep
exe 64 "$t/c/prog" 'int cmid(void); int main(void){return cmid();}' -L"$t/c/mid" -lcmid \
	-Wl,--enable-new-dtags -Wl,-rpath,"$t/c/mid:$t/c/deep" -Wl,-rpath-link,"$t/c/deep"
compare "$t/c/prog" "" "c) RUNPATH applies to its own object only"

# d) RUNPATH and RPATH on one object: RPATH ignored (only RPATH has the lib)
so 64 "$t/d/rp/libdrp.so" 'int drp(void){return 0;}'
so 64 "$t/d/run/libother.so" 'int other(void){return 0;}'
printf 'int drp(void); int main(void){return drp();}\n' > "$t/d/prog.c"
gcc -o "$t/d/prog.o" -c "$t/d/prog.c"
# ld writes only one of the two tags, so (d) is checked as: a RUNPATH that
# does not hold the library, nothing else that does -> not found.
gcc -o "$t/d/prog" "$t/d/prog.o" -L"$t/d/rp" -ldrp -Wl,--enable-new-dtags -Wl,-rpath,"$t/d/run"
compare "$t/d/prog" "" "d) a RUNPATH that lacks the library: not found"

# e) $ORIGIN and an unknown token
so 32 "$t/e/lib/libeo.so" 'int eo(void){return 0;}'
exe 32 "$t/e/bin/prog" 'int eo(void); int main(void){return eo();}' -L"$t/e/lib" -leo \
	-Wl,--disable-new-dtags -Wl,-rpath,'$NOSUCH/x:$ORIGIN/../lib'
compare "$t/e/bin/prog" "" "e) \$ORIGIN expanded, unknown token dropped"

# f) LD_LIBRARY_PATH before RUNPATH, after RPATH
so 64 "$t/f/llp/libf.so" 'int f(void){return 1;}'
so 64 "$t/f/run/libf.so" 'int f(void){return 2;}'
so 64 "$t/f/rp/libf.so" 'int f(void){return 3;}'
exe 64 "$t/f/prog_runpath" 'int f(void); int main(void){return f();}' -L"$t/f/run" -lf \
	-Wl,--enable-new-dtags -Wl,-rpath,"$t/f/run"
exe 64 "$t/f/prog_rpath" 'int f(void); int main(void){return f();}' -L"$t/f/rp" -lf \
	-Wl,--disable-new-dtags -Wl,-rpath,"$t/f/rp"
compare "$t/f/prog_runpath" "$t/f/llp" "f) LD_LIBRARY_PATH wins over RUNPATH"
compare "$t/f/prog_rpath" "$t/f/llp" "f) RPATH wins over LD_LIBRARY_PATH"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$pass" -eq 0 ] && [ "$skipped" -gt 0 ] && exit 77
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
