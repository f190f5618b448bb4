#!/bin/bash
# Text-relocation counts of `seccompat analyze` must equal an independent
# computation from binutils' readelf (tests/lib/readelf_textrel.py), per file
# and per relocation type, and the TEXTREL flag must agree. Checked on objects
# built here with gcc -m32, on the sample trees, and on the Debian i386 corpus
# (libxvidcore, libavcodec and the i686/sse2 libx264 carry TEXTREL; glibc,
# libstdc++ and libmp3lame do not). The corpus TEXTREL counts are also
# checked against eu-findtextrel.
set -euo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=()
# Objects of our own: a non-PIC i386 library (text relocations in .text),
# a PIC one (none), an x86-64 one.
cat >"$tmp/tr.c" <<'C'
int counter, table[4] = {1, 2, 3, 4};
int bump(int i) { counter += table[i & 3]; return counter; }
int *getp(void) { return &counter; }
C
if gcc -m32 -fno-pic -shared -o "$tmp/libtr32.so" "$tmp/tr.c" -Wl,-z,notext 2>/dev/null; then
	gcc -m32 -fPIC -shared -o "$tmp/libpic32.so" "$tmp/tr.c"
	files+=("$tmp/libtr32.so" "$tmp/libpic32.so")
fi
gcc -fPIC -shared -o "$tmp/libpic64.so" "$tmp/tr.c"
files+=("$tmp/libpic64.so")

if [ -d "${SAMPLES:-/nonexistent}" ]; then
	while IFS= read -r f; do files+=("$f"); done < <(
		find "$SAMPLES" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c \
			'head -c4 "$1" | grep -q ELF' _ {} \; -print | sort)
fi
corpus=no
# fetch-debian-i386.sh writes .complete last: a tree without it is partial
# (an interrupted download), and its cases are skipped.
if [ -d "${CORPUS:-/nonexistent}/root" ] && [ ! -f "$CORPUS/.complete" ]; then
	echo "note: the Debian i386 corpus at $CORPUS is partial (no .complete): corpus cases skipped"
elif [ -d "${CORPUS:-/nonexistent}/root" ]; then
	corpus=yes
	while IFS= read -r f; do files+=("$f"); done < <(
		find "$CORPUS/root" -type f -name '*.so*' ! -name '*.py' | sort)
fi

python3 "$TESTLIB/readelf_textrel.py" "${files[@]}" >"$tmp/readelf.jsonl"
# Each file is its own target so every one of them is in the closure.
rc=0
"$SECCOMPAT" analyze --quiet --format json --max-sites 3 "${files[@]}" >"$tmp/ours.json" \
	2>"$tmp/stderr" || rc=$?
if [ "$rc" -ne 0 ]; then
	echo "analyze exited $rc"; cat "$tmp/stderr"; exit 1
fi

python3 - "$tmp/readelf.jsonl" "$tmp/ours.json" "$corpus" <<'PY'
import json, os, sys
truth = [json.loads(l) for l in open(sys.argv[1])]
doc = json.load(open(sys.argv[2]))
ours = {}
for o in doc["objects"]:
    ours[os.path.realpath(o["real_path"])] = o
bad = 0
checked = 0
for t in truth:
    o = ours.get(os.path.realpath(t["path"]))
    if o is None:
        print("MISSING from analyze output:", t["path"]); bad += 1; continue
    tr = o["text_relocations"]
    checked += 1
    if tr["count"] != t["count"] or tr["by_type"] != t["by_type"] or tr["flagged"] != t["flagged"]:
        print("MISMATCH", t["path"], "readelf:", t, "seccompat:",
              {k: tr[k] for k in ("count", "by_type", "flagged")})
        bad += 1
    if tr["count"] and len(tr["sites"]) != min(3, tr["count"]):
        print("sites not bounded by --max-sites:", t["path"]); bad += 1
if sys.argv[3] == "yes":
    import re
    # File names differ between releases (libstdc++.so.6.0.30 on Debian 12,
    # .33 on 13; libx264.so.164/165): matched by pattern, not hard-coded.
    def find(pattern):
        for p, o in ours.items():
            if re.search(pattern + "$", p):
                return o["text_relocations"]
        raise SystemExit("corpus file missing: " + pattern)
    for s in (r"libxvidcore\.so\.4\.\d+", r"i686/sse2/libx264\.so\.\d+"):
        tr = find(s)
        if not (tr["flagged"] and tr["count"] > 0):
            print("expected TEXTREL:", s); bad += 1
    for o in ours.values():
        if "libavcodec.so" in o["path"] and not o["text_relocations"]["flagged"]:
            print("expected TEXTREL: libavcodec"); bad += 1
    for s in (r"libmp3lame\.so\.0\.0\.0", r"libstdc\+\+\.so\.6\.0\.\d+", r"i386-linux-gnu/libc\.so\.6"):
        tr = find(s)
        if tr["flagged"] or tr["count"]:
            print("expected no TEXTREL:", s); bad += 1
    # A second independent count: eu-findtextrel prints one line per text
    # relocation for objects without DWARF (the stripped corpus libraries).
    import shutil, subprocess
    if shutil.which("eu-findtextrel"):
        for p, o in ours.items():
            tr = o["text_relocations"]
            if not tr["count"] or "/corpus/" not in p:
                continue
            out = subprocess.run(["eu-findtextrel", p], capture_output=True, text=True).stdout
            lines = [l for l in out.splitlines() if "compiled with -fpic/-fPIC" in l]
            if len(lines) != tr["count"]:
                print("eu-findtextrel disagrees:", p, len(lines), "vs", tr["count"]); bad += 1
            else:
                print(f"eu-findtextrel agrees: {os.path.basename(p)}: {tr['count']}")
print(f"{checked} objects compared with readelf, {bad} problems")
sys.exit(1 if bad or checked == 0 else 0)
PY
