#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Counts the system calls in an `strace -f -qq -o LOG` log (the tests'
# independent truth for what a program did).
#   strace_calls.py LOG [--skip-first-execve]
# prints "NAME COUNT" per syscall, sorted by name. A call split into
# "<unfinished ...>" and "<... NAME resumed>" counts once; signal and exit
# lines ("--- SIG...", "+++ ...") are not calls. --skip-first-execve drops
# the execve() strace's own child made to start the program.
import re
import sys

CALL = re.compile(r"^(?:\[pid\s+)?\d*\]?\s*([a-z_][a-z0-9_]*)\(")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: strace_calls.py LOG [--skip-first-execve]")
    counts = {}
    skip_execve = "--skip-first-execve" in sys.argv[2:]
    for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
        m = CALL.match(line)
        if not m:
            continue
        name = m.group(1)
        if name == "execve" and skip_execve:
            skip_execve = False
            continue
        counts[name] = counts.get(name, 0) + 1
    for name in sorted(counts):
        print(name, counts[name])


main()
