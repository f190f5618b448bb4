#!/bin/bash
# `seccompat analyze` end to end: every --format works, --output writes what
# stdout would, exit codes (0 after an analysis even with blockers; 2 on bad
# input, with the report still printed; 2 on usage errors), the JSON keeps
# the documented shape (docs/json-schema.md), and the text, drop-in and
# Markdown reports carry the same verdicts and blockers as the JSON.
set -euo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}"
. "$TESTLIB/proof_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build_tree "$tmp/srv" 2>"$tmp/gcc.log" || { echo "SKIP: no gcc -m32"; exit 77; }
fail=0
t() { echo "FAIL: $*"; fail=1; }

target=$tmp/srv
if [ -x "${SAMPLES:-/nonexistent}/srcds/srcds_run" ]; then target=$SAMPLES/srcds; fi

for fmt in text json dropin markdown; do
	rc=0
	"$SECCOMPAT" analyze --quiet --format $fmt "$target" >"$tmp/out.$fmt" 2>"$tmp/err" || rc=$?
	[ $rc -eq 0 ] || t "--format $fmt exited $rc: $(cat "$tmp/err")"
	[ -s "$tmp/out.$fmt" ] || t "--format $fmt printed nothing"
	"$SECCOMPAT" analyze --quiet --format $fmt --output "$tmp/file.$fmt" "$target" >"$tmp/stdout"
	[ -s "$tmp/stdout" ] && t "--output $fmt still wrote to stdout"
	cmp -s "$tmp/out.$fmt" "$tmp/file.$fmt" || t "--output file differs from stdout ($fmt)"
done

python3 - "$tmp" <<'PY' || fail=1
import json, re, sys
tmp = sys.argv[1]
d = json.load(open(f"{tmp}/out.json"))
bad = []
for k in ("schema", "tool", "host", "options", "objects", "directives", "verdicts",
          "reasons", "diagnostics"):
    if k not in d: bad.append("missing top-level " + k)
if d.get("schema") != "seccompat/1": bad.append("schema")
for k in ("systemd", "kernel", "native", "mdwe_mode"):
    if k not in d["options"]: bad.append("options." + k)
for o in d["objects"]:
    for k in ("path", "abi", "role", "via", "sha256", "build_id", "size", "needed",
              "text_relocations", "stack", "segments"):
        if k not in o: bad.append(f"{o.get('path')}: missing {k}")
    tr = o["text_relocations"]
    if sum(tr["by_type"].values()) != tr["count"]: bad.append(o["path"] + ": by_type sum")
    if len(tr["sites"]) > 20 or len(tr["sites"]) != min(20, tr["count"]):
        bad.append(o["path"] + ": sites")
    if tr["sites_truncated"] != (tr["count"] > len(tr["sites"])): bad.append("sites_truncated")
for name, v in d["verdicts"].items():
    for k in ("tolerated", "value", "mechanism", "doc", "blockers", "evidence"):
        if k not in v: bad.append(f"{name}: missing {k}")
    if v["tolerated"] != (name in d["directives"]): bad.append(f"{name}: directives vs verdict")
    if v["tolerated"] and v["blockers"]: bad.append(f"{name}: tolerated with blockers")
    if not v["tolerated"] and not v["blockers"]: bad.append(f"{name}: blocked without blockers")
    if name not in d["reasons"]: bad.append(f"{name}: no reasons")
    for b in v["blockers"]:
        for k in ("object", "kind", "detail", "where", "effect"):
            if k not in b: bad.append(f"{name}: blocker without {k}")
# The other formats say the same.
# Long directive lines are wrapped with systemd's line continuation.
text = open(f"{tmp}/out.text").read().replace(" \\\n    ", " ")
md = open(f"{tmp}/out.markdown").read()
dropin = open(f"{tmp}/out.dropin").read()
for name, v in d["verdicts"].items():
    if v["tolerated"]:
        val = v["value"] if isinstance(v["value"], str) else v["value"][0]
        if f"{name}={val}" not in text: bad.append(f"text lacks {name}={val}")
        if f"\n{name}={val}\n" not in dropin: bad.append(f"drop-in lacks {name}={val}")
        if f"`{val}`" not in md: bad.append(f"markdown lacks {val}")
    else:
        if not re.search(rf"^{name}=\s+NOT TOLERATED \({len(v['blockers'])}\)", text, re.M):
            bad.append(f"text lacks the {name} verdict")
        if re.search(rf"^{name}=", dropin, re.M): bad.append(f"drop-in sets {name}")
        if f"# {name}= not set: " not in dropin: bad.append(f"drop-in does not say why {name}")
        if "**not tolerated**" not in md: bad.append("markdown verdict")
    for b in v["blockers"]:
        if b["object"] and b["object"] not in text: bad.append("text lacks " + b["object"])
        if b["object"] and b["object"] not in md: bad.append("markdown lacks " + b["object"])
        if b["effect"] and b["effect"] not in text: bad.append("text lacks an effect")
for o in d["objects"]:
    if o["path"] not in text: bad.append("text object table lacks " + o["path"])
if bad:
    print("\n".join("FAIL: " + b for b in bad)); sys.exit(1)
print(f"ok   formats agree: {len(d['objects'])} objects, verdicts",
      {k: v["tolerated"] for k, v in d["verdicts"].items()})
PY

# Bad input: the report is still printed, the diagnostic names the file, exit 2.
printf 'not an elf\n' >"$tmp/notelf.so"
printf '\177ELF\001\001' >"$tmp/short.so"
rc=0
"$SECCOMPAT" analyze --format json "$tmp/short.so" "$tmp/srv/app64" >"$tmp/bad.json" 2>"$tmp/bad.err" || rc=$?
[ $rc -eq 2 ] || t "bad input exited $rc, not 2"
grep -q "short.so" "$tmp/bad.err" || t "no diagnostic naming short.so: $(cat "$tmp/bad.err")"
python3 -c "
import json,sys; d=json.load(open('$tmp/bad.json'))
assert any(x['level']=='error' for x in d['diagnostics']), 'no error diagnostic'
assert any(o['path'].endswith('app64') for o in d['objects']), 'good object missing'
" || t "report after bad input"
# Nothing analysable: no directive is claimed.
rc=0
"$SECCOMPAT" analyze --format json "$tmp/nonexistent" >"$tmp/none.json" 2>/dev/null || rc=$?
[ $rc -eq 2 ] || t "missing target exited $rc"
python3 -c "
import json; d=json.load(open('$tmp/none.json'))
assert d['directives'] == {}, d['directives']" || t "directives claimed with nothing analysed"
# Usage errors.
for args in "--format yaml $tmp/srv" "--systemd x $tmp/srv" "" "--kernel"; do
	rc=0; "$SECCOMPAT" analyze $args >/dev/null 2>&1 || rc=$?
	[ $rc -eq 2 ] || t "usage error '$args' exited $rc"
done
# A service that does not tolerate a directive is still a successful analysis.
rc=0; "$SECCOMPAT" analyze --quiet "$tmp/srv" >/dev/null || rc=$?
[ $rc -eq 0 ] || t "blocked verdicts made analyze exit $rc"
[ $fail -eq 0 ] && echo "ok   exit codes and bad input"
exit $fail
