#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent count of text relocations, from binutils' readelf output only.

    readelf_textrel.py FILE...

For each FILE prints one JSON line:
    {"path": FILE, "flagged": bool, "count": N, "by_type": {TYPE: N}, "relr": bool}

A text relocation is a dynamic relocation other than R_*_NONE whose r_offset
lies in a PT_LOAD without the W flag. "flagged" is DT_TEXTREL present or
TEXTREL in DT_FLAGS. Nothing here uses seccompat's code: it parses
`readelf -hW -lW -rW -dW` (and -D when the file has no section headers).
"relr" says the file has packed relative relocations (counted as RELATIVE).
"""
import json
import re
import subprocess
import sys

LOAD_RE = re.compile(
    r"^\s*LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+"
    r"(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+([RWE ]+?)\s+(0x[0-9a-f]+)\s*$")
RELSEC_RE = re.compile(r"^Relocation section '([^']*)'|^'(REL|RELA|PLT)' relocation section")
RELR_RE = re.compile(r"^Relocation section '\.relr")
ENTRY_RE = re.compile(r"^\s*([0-9a-f]+)\s+([0-9a-f]+)\s+(R_\S+)")


def readelf(args, path):
    out = subprocess.run(["readelf", "-W"] + args + [path], capture_output=True, text=True,
                         env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    return out.stdout


def analyse(path):
    text = readelf(["-h", "-l", "-r", "-d"], path)
    loads = []
    flagged = False
    for line in text.splitlines():
        m = LOAD_RE.match(line)
        if m:
            vaddr = int(m.group(2), 16)
            memsz = int(m.group(5), 16)
            loads.append((vaddr, vaddr + memsz, "W" in m.group(6)))
        if re.search(r"\(TEXTREL\)", line):
            flagged = True
        if re.search(r"\(FLAGS\)\s.*\bTEXTREL\b", line):
            flagged = True
    if "There are no section" in text or "no relocations" in text:
        # Without section headers readelf needs -D to use the dynamic tags.
        text = readelf(["-h", "-l", "-r", "-d", "-D"], path)
    by_type = {}
    count = 0
    relative = "R_X86_64_RELATIVE" if "X86-64" in text else "R_386_RELATIVE"

    def check(off, rtype):
        nonlocal count
        for lo, hi, writable in loads:
            if lo <= off < hi:
                if not writable:
                    count += 1
                    by_type[rtype] = by_type.get(rtype, 0) + 1
                break

    in_relr = False
    has_relr = False
    for line in text.splitlines():
        if RELSEC_RE.match(line):
            in_relr = bool(RELR_RE.match(line))
            continue
        if in_relr:
            # binutils 2.40 lists the decoded RELR addresses one per line;
            # all are the ABI's RELATIVE type.
            m = re.match(r"^\s*([0-9a-f]+)\s*$", line)
            if m:
                has_relr = True
                check(int(m.group(1), 16), relative)
            continue
        m = ENTRY_RE.match(line)
        if not m:
            continue
        rtype = m.group(3)
        if rtype.endswith("_NONE"):
            continue
        check(int(m.group(1), 16), rtype)
    return {"path": path, "flagged": flagged, "count": count, "by_type": by_type,
            "relr": has_relr}


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    for path in sys.argv[1:]:
        print(json.dumps(analyse(path), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
