#!/bin/bash
# With --root on the unpacked Debian i386 corpus (a tree that is not this
# system), every DT_NEEDED of every library resolves to a file inside the
# root: nothing leaks to the host's own libraries. The corpus is a handful of
# packages (libavcodec's many dependencies are not in it), so a NEEDED name may
# stay unresolved only when no file of that name exists anywhere in the root
# (checked with find, independently of our search).
set -u
: "${SECCOMPAT:?}" "${CORPUS:?}"
root=$CORPUS/root
[ -d "$root" ] || { echo "no corpus at $root (scripts/test.sh fetches it); skipping"; exit 77; }
# fetch-debian-i386.sh writes .complete last: without it the tree is partial.
[ -f "$CORPUS/.complete" ] || { echo "the corpus at $CORPUS is partial (no .complete); skipping"; exit 77; }
rootreal=$(realpath "$root")
mapfile -t libs < <(find "$root" -name '*.so*' -type f ! -name '*.py' | sort)
[ "${#libs[@]}" -gt 0 ] || { echo "corpus is empty"; exit 1; }
out=$("$SECCOMPAT" deps --root "$root" --format json "${libs[@]}" 2>/dev/null)
rc=$?
echo "$out" | python3 -c '
import json, sys
root = sys.argv[1]
d = json.load(sys.stdin)
bad = 0
import subprocess
missing = set()
for u in d["unresolved"]:
    hits = subprocess.run(["find", root, "-name", u["name"]], capture_output=True, text=True).stdout.split()
    if hits:
        print("FAIL unresolved but present in the root:", u["object"], "needs", u["name"], hits); bad += 1
    missing.add(u["name"])
print("%d NEEDED names absent from the corpus, reported unresolved" % len(missing))
for o in d["objects"]:
    if not o["real_path"].startswith(root + "/"):
        print("FAIL outside the root:", o["real_path"]); bad += 1
n = sum(len(o["needed"]) for o in d["objects"])
print("%d objects, %d DT_NEEDED edges checked" % (len(d["objects"]), n))
abis = {o["abi"] for o in d["objects"]}
if abis != {"x86"}:
    print("FAIL unexpected ABIs", abis); bad += 1
print("%d passed, %d failed" % (len(d["objects"]) - bad if bad == 0 else 0, bad))
sys.exit(1 if bad or n == 0 else 0)
' "$rootreal" || exit 1
[ "$rc" -eq 0 ] || { echo "FAIL exit code $rc"; exit 1; }
