#!/bin/bash
# Reports a reviewer can read (issue 15), on the srcds sample tree with a unit:
#  - text and markdown start with a summary: one row per directive of the
#    JSON "verdicts" (and of "unit_check"), with its verdict and value;
#  - evidence is capped per kind, --verbose lists all of it (as many
#    evidence lines as the JSON has);
#  - markdown evidence sits in <details>; SystemCallFilter= rows name the
#    object the detail is about;
#  - C++ names are demangled in text and markdown as c++filt (binutils)
#    demangles them, and JSON keeps the symbol with "*_demangled" beside it.
set -uo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no samples: skipped"; exit 77; }
command -v c++filt >/dev/null || { echo "no c++filt: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/prod.service" <<'UNIT'
[Service]
ExecStart=/srv/l4d2/srcds_run
SystemCallArchitectures=native x86
SystemCallFilter=@system-service
SystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation @obsolete @privileged
UNIT
args=(--quiet --unit "$tmp/prod.service" "$SAMPLES/srcds/srcds_run" "$SAMPLES/srcds")
for fmt in json text markdown; do
	"$SECCOMPAT" analyze "${args[@]}" --format $fmt >"$tmp/r.$fmt" 2>/dev/null
	"$SECCOMPAT" analyze "${args[@]}" --format $fmt --verbose >"$tmp/v.$fmt" 2>/dev/null
done
# Enough evidence of one kind to be capped: twelve copies of a module with
# text relocations (distinct files), each a MemoryDenyWriteExecute= blocker.
mkdir -p "$tmp/many"
for i in $(seq 1 12); do cp "$SAMPLES/srcds/bin/engine_srv.so" "$tmp/many/mod$i.so"; done
"$SECCOMPAT" analyze --quiet "$tmp/many" >"$tmp/m.text" 2>/dev/null
"$SECCOMPAT" analyze --quiet --verbose "$tmp/many" >"$tmp/mv.text" 2>/dev/null
python3 - "$tmp" <<'PY'
import json, re, subprocess, sys

tmp = sys.argv[1]
d = json.load(open(tmp + "/r.json"))
text = open(tmp + "/r.text").read().splitlines()
vtext = open(tmp + "/v.text").read()
md = open(tmp + "/r.markdown").read()
fails = []

# Summary: the first table of the text report has one row per verdict,
# then one per unit directive, in the JSON's order and with its values.
hdr = next(i for i, l in enumerate(text) if l.startswith("DIRECTIVE"))
rows = []
for l in text[hdr + 1:]:
    if not l.strip():
        break
    rows.append(l)
want = list(d["verdicts"]) + [k for k in d["unit_check"] if k != "warnings"]
got = [r.split()[0].rstrip("=") for r in rows]
if got != want:
    fails.append("summary rows %s, JSON %s" % (got, want))
for r in rows[:len(d["verdicts"])]:
    name = r.split()[0].rstrip("=")
    v = d["verdicts"][name]
    if ("tolerated" in r.split()[1]) != v["tolerated"] or ("NOT" in r) == v["tolerated"]:
        fails.append("summary verdict of %s: %r" % (name, r))
    val = v["value"] if isinstance(v["value"], list) else [v["value"]] if v["value"] else []
    # Lines of a multi-line value are joined with " | " in the summary.
    if val and not " | ".join(val).startswith(r.split(None, 2)[2][:40].rstrip(".")):
        fails.append("summary value of %s: %r vs %r" % (name, r, " | ".join(val)[:40]))
for r in rows[len(d["verdicts"]):]:
    name = r.split()[0].rstrip("=")
    if "unit: " + d["unit_check"][name]["status"] not in r:
        fails.append("unit summary of %s: %r" % (name, r))
# Twelve directive sections, each capped per evidence kind: a screenful
# or three, not a dump (the srcds tree gives about 160).
if len(text) > 170:
    fails.append("text report has %d lines" % len(text))

# --verbose: every evidence line of the JSON is in the text.
n_ev = sum(len(v["evidence"]) + len(v["blockers"]) for v in d["verdicts"].values())
n_lines = len(re.findall(r"^  [x-] ", vtext, re.M))
if n_lines < n_ev:
    fails.append("--verbose lists %d evidence lines, JSON has %d" % (n_lines, n_ev))
if "more" in vtext and "(--verbose lists them)" in vtext:
    fails.append("--verbose still caps: " + re.search(r".*--verbose lists them.*", vtext).group(0))
mtext = open(tmp + "/m.text").read()
mvtext = open(tmp + "/mv.text").read()
if "(--verbose lists them)" not in mtext:
    fails.append("12 text-relocation blockers, and the default text report caps nothing")
if "(--verbose lists them)" in mvtext or mvtext.count("mod") < 12:
    fails.append("--verbose does not list all 12 blocking modules")

# Markdown: summary table first, evidence in <details>.
first_table = md.index("| Directive |")
if md.find("<details>") < first_table or md.find("## SystemCallFilter=") < first_table:
    fails.append("markdown: the summary is not first")
for sec in re.split(r"^## ", md, flags=re.M)[1:]:
    if sec.startswith(("SystemCallArchitectures", "MemoryDenyWriteExecute", "SystemCallFilter")) \
            and "| Object |" in sec and "<details>" not in sec:
        fails.append("markdown: evidence of %s not in <details>" % sec.split("\n")[0])
# The object column of SystemCallFilter= rows: the object the detail names.
sf = md[md.index("## SystemCallFilter="):]
sf = sf[:sf.index("\n## ")]
rows = [l for l in sf.splitlines() if l.startswith("| ") and ("allow-extra" in l or "deny-conflict" in l)]
for l in rows:
    cells = [c.strip() for c in l.strip("|").split(" | ")]
    m = re.search(r"(\S+\.so[.0-9]*|\S+): \.text", cells[2])
    if "more" in cells[2]:
        continue
    if cells[0] in ("", "—"):
        fails.append("SystemCallFilter row without an object: " + l[:120])
    elif m and cells[0].rsplit("/", 1)[-1] != m.group(1):
        fails.append("object column %s, detail names %s" % (cells[0], m.group(1)))
if not rows:
    fails.append("no SystemCallFilter evidence rows in markdown")

# Demangling: each mangled function of the JSON appears demangled as
# c++filt demangles it, in text and markdown; none stays mangled.
funcs = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "function" and isinstance(v, str) and v.startswith("_Z"):
                funcs.add(v)
                if o.get("function_demangled") is None:
                    fails.append("JSON: no function_demangled beside " + v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(d)
if not funcs:
    fails.append("no C++ function in the JSON (samples changed?)")
for f in sorted(funcs):
    dm = subprocess.run(["c++filt", f], capture_output=True, text=True).stdout.strip()
    for name, doc in (("text", "\n".join(text)), ("markdown", md)):
        if f in doc:
            fails.append("%s keeps the mangled %s" % (name, f))
    found = [o for o in [d] if dm in json.dumps(d)]
    if not found:
        fails.append("JSON lacks c++filt's %s for %s" % (dm, f))
for name, doc in (("text", vtext), ("markdown", md)):
    for tok in set(re.findall(r"(?<![\w.$])_Z[\w.$]+", doc)):
        if subprocess.run(["c++filt", tok], capture_output=True, text=True).stdout.strip() != tok:
            fails.append("%s: %s is left mangled" % (name, tok))
for f in fails:
    print("FAIL:", f)
print("%d C++ functions checked with c++filt, %d summary rows" % (len(funcs), len(got)))
sys.exit(1 if fails else 0)
PY
