#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Compares what a program did (strace -f -qq -n -o LOG, one log per
# workload; observed is their union) with the syscall tiers `seccompat
# syscalls --format json` gives it, on one ABI.
#   tiers_check.py NAME ABI JSON LOG...
# Prints "NAME ABI observed N certain C possible P ratio R" where R is
# (certain + possible) / observed, then every observed call that is neither
# `certain` nor `possible` with a named reason (an assumption on a
# provenance, or an implicit syscall's reason); exits 1 when there is one.
# Numbers, not names, are compared: strace and libseccomp spell some i386
# calls differently. The exception is i386's multiplexers, socketcall (102)
# and ipc (117): strace names the operation (`[ 102] connect(...)`), the
# filter allows it by that name (libseccomp turns "connect" into
# socketcall(SYS_CONNECT) and the direct call), and the tiers hold it by
# that name without a number; such a call is counted, and checked, by its
# name on both sides, and so is the multiplexer it goes through. The first execve (strace's child starting the program)
# of each log is not the program's, nor is what a process does once it has
# executed another program (the /bin/sh of system()), nor what the
# processes it then creates do; that execve is.
import json
import re
import sys

MULTIPLEXERS = {102: "socketcall", 117: "ipc"}  # i386


LINE = re.compile(r"^(?:\[pid\s+)?(\d*)\]?\s*\[\s*(\d+)\]\s+(?:<\.\.\. )?([a-z_][a-z0-9_]*)(\(| resumed>)")
FORKS = ("clone", "clone3", "fork", "vfork")


def program_calls(log):
    """The (number, name) of every call the program made in LOG."""
    lines = []
    for line in open(log, encoding="utf-8", errors="replace"):
        m = LINE.match(line.rstrip())
        if m:
            lines.append((m.group(1), int(m.group(2)), m.group(3), m.group(4) == "(",
                          line.rstrip()))
    # Pass 1: where each process stops being the program (the line after
    # its successful execve of another program) and where each child was
    # created (the line its parent's fork call starts on: a vfork child
    # runs before the parent's call returns).
    gone, born, started, first = {}, [], {}, True
    for i, (pid, nr, call, opening, line) in enumerate(lines):
        if call == "execve" and opening and first:
            first = False
            continue
        if call == "execve" and line.endswith(" = 0"):
            gone.setdefault(pid, i + 1 if opening else i)
        if call in FORKS:
            if opening:
                started[pid] = i
            r = re.search(r" = (\d+)$", line)
            if r:
                born.append((started.get(pid, i), pid, r.group(1)))
    # A child a foreign process creates is foreign from its first line.
    changed = True
    while changed:
        changed = False
        for at, parent, child in born:
            if parent in gone and gone[parent] <= at and gone.get(child, 1) > 0:
                gone[child] = 0
                changed = True
    calls, first = [], True
    for i, (pid, nr, call, opening, line) in enumerate(lines):
        if not opening or i >= gone.get(pid, len(lines)):
            continue
        if call == "execve" and first:
            first = False  # strace's child starting the program
            continue
        calls.append((nr, call))
    return calls


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: tiers_check.py NAME ABI JSON LOG...")
    name, abi, js = sys.argv[1:4]
    seen = {}
    for log in sys.argv[4:]:
        for nr, call in program_calls(log):
            if abi == "x86" and nr in MULTIPLEXERS:
                seen[call] = call
                call = MULTIPLEXERS[nr]
            seen[nr] = call
    d = json.load(open(js))
    # Entries without a number are the multiplexed operations, by name.
    entries = d["syscalls"].get(abi, [])
    tier = {}
    for e in entries:
        reason = bool(e.get("implicit")) or any(p.get("assumption") for p in e["provenance"])
        tier[e["name"] if e["nr"] is None else e["nr"]] = (e["confidence"], reason, e["name"])
    n_cert = sum(1 for e in entries if e["confidence"] == "certain")
    n_poss = sum(1 for e in entries if e["confidence"] == "possible")
    bad = []
    for key, sname in sorted(seen.items(), key=lambda kv: str(kv[0])):
        t = tier.get(key)
        if t is None:
            bad.append("%s (%s): not found" % (sname, key))
        elif t[0] == "certain":
            continue
        elif t[0] == "possible" and t[1]:
            continue
        else:
            bad.append("%s (%s): %s%s" % (sname, key, t[0],
                                          " without a reason" if t[0] == "possible" else ""))
    ratio = (n_cert + n_poss) / len(seen) if seen else 0.0
    print("%-12s %-6s observed %3d  certain %3d  possible %3d  ratio %.2f"
          % (name, abi, len(seen), n_cert, n_poss, ratio))
    for b in bad:
        print("  UNSOUND %s: %s" % (name, b))
    sys.exit(1 if bad else 0)


main()
