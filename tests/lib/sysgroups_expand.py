#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Expands systemd syscall groups from the text of `systemd-analyze
# syscall-filter` (../shared/systemd/*.txt), independently of seccompat's own
# group table: the tests' truth for what a SystemCallFilter= line names.
#   sysgroups_expand.py DUMP ITEM...    prints the syscall names, one a line,
#                                        sorted; ITEM is @group or a name.
# The dump lists each group as "@name" at column 0 followed by indented
# lines: "# description", "@nested" groups, and syscall names. Trailing
# sections ("# Ungrouped System Calls ...") are not groups.
import sys


def parse(path):
    groups, cur = {}, None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("@"):
            cur = groups.setdefault(line.strip(), [])
        elif line.startswith("#"):
            cur = None
        elif cur is not None and line[:1] in (" ", "\t"):
            word = line.strip()
            if not word.startswith("#"):
                cur.append(word)
    return groups


def expand(groups, item, seen):
    if not item.startswith("@"):
        return {item}
    if item in seen or item not in groups:
        return set()
    seen.add(item)
    out = set()
    for w in groups[item]:
        out |= expand(groups, w, seen)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: sysgroups_expand.py DUMP ITEM...")
    groups = parse(sys.argv[1])
    names = set()
    for item in sys.argv[2:]:
        if item.startswith("@") and item not in groups:
            sys.exit("unknown group " + item)
        names |= expand(groups, item, set())
    for n in sorted(names):
        print(n)


main()
