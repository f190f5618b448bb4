#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Lays out a multi-file fuzz input (tests/fuzz/fuzz_common.h) as files, the
way the harness does, to replay it through the CLI.

  unpack.py INPUT DIR [--dropins UNIT]

Prints the paths written, one a line, in input order. With --dropins UNIT
(fuzz_unit's layout) the first part becomes DIR/UNIT and every other part
DIR/UNIT.d/<its base name>.conf."""
import os
import re
import sys

MARK = b"SCFZPART"
MAX_PARTS = 8


def clean(name):
    """fuzz_common.c clean_path(): allowed characters only, no empty, "."
    or ".." components, never absolute; 127 bytes at most."""
    s = re.sub(r"[^A-Za-z0-9._+/-]", "_", name.decode("latin-1"))[:127]
    comps = [c for c in s.split("/") if c not in ("", ".", "..")]
    if not comps or s.endswith("/") or s.split("/")[-1] in (".", ".."):
        comps.append("part")
    return "/".join(comps)


def split(data):
    parts = []
    p = data.find(MARK)
    while p >= 0 and len(parts) < MAX_PARTS:
        nl = data.find(b"\n", p + len(MARK))
        if nl < 0:
            break
        nxt = data.find(MARK, nl + 1)
        parts.append((clean(data[p + len(MARK):nl]), data[nl + 1:nxt if nxt >= 0 else len(data)]))
        p = nxt
    return parts


def main():
    data = open(sys.argv[1], "rb").read()
    out = sys.argv[2]
    unit = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--dropins" else None
    for i, (name, body) in enumerate(split(data)):
        if unit:
            name = unit if i == 0 else "%s.d/%s.conf" % (unit, name.split("/")[-1])
        path = os.path.join(out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)
        print(path)


if __name__ == "__main__":
    main()
