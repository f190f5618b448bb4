#!/bin/bash
# Call chains start with a real edge (issue 15: `__do_global_dtors_aux@
# steamclient.so -> CSteamClient::Init`, while objdump shows that function
# calls only __cxa_finalize and deregister_tm_clones). The cause: a run of
# relocated data words without a sized symbol (__dso_handle, size 0) ran on
# into the module's own data (g_client_api's function pointer).
# For every sample object, every chain that starts in a crt function
# (__do_global_dtors_aux, frame_dummy) must continue with a function that
# objdump -d shows it calling or jumping to.
set -uo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no samples: skipped"; exit 77; }
command -v objdump >/dev/null || { echo "no objdump: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$SECCOMPAT" syscalls --quiet --no-cache --format json --plugin "$SAMPLES/srcds/steam/sdk32/steamclient.so" \
	"$SAMPLES/srcds/srcds_run" "$SAMPLES/srcds" >"$tmp/s.json" || { echo "FAIL: syscalls exit $?"; exit 1; }
python3 - "$tmp/s.json" <<'PY'
import json, re, subprocess, sys

d = json.load(open(sys.argv[1]))
paths = {o["path"].rsplit("/", 1)[-1]: o.get("real_path") or o["path"] for o in d["objects"]}
CRT = ("__do_global_dtors_aux", "frame_dummy")
callees = {}

def targets(obj, func):
    """Functions objdump shows func calling or jumping to (PLT stubs by name)."""
    key = (obj, func)
    if key not in callees:
        out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", paths[obj]],
                             capture_output=True, text=True).stdout
        body = re.search(r"<%s>:\n(.*?)\n\n" % re.escape(func), out, re.S)
        t = set()
        for m in re.finditer(r"\b(?:call|jmp)\w*\s+[0-9a-f]+ <([^>+]+)(?:\+0x[0-9a-f]+)?>",
                             body.group(1) if body else ""):
            t.add(m.group(1).split("@")[0])
        callees[key] = t
    return callees[key]

checked = bad = 0
seen = set()
for abi, entries in d.get("syscalls", {}).items():
    for e in entries:
        for p in e.get("provenance", []):
            chain = p.get("chain") or ""
            hops = chain.split(" -> ")
            if len(hops) < 2 or "@" not in hops[0]:
                continue
            root, obj = hops[0].split("@", 1)
            if root not in CRT or obj not in paths or (chain in seen):
                continue
            seen.add(chain)
            nxt = hops[1].split("@")[0]
            checked += 1
            if nxt not in targets(obj, root):
                bad += 1
                print("FAIL: %s: %s does not call %s (objdump: %s)" %
                      (e["name"], hops[0], nxt, sorted(targets(obj, root))))
print("%d crt chains checked, %d wrong" % (checked, bad))
sys.exit(1 if bad else 0)
PY
