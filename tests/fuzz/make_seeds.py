#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates the fuzz targets' seed corpora and their small data directory.

  make_seeds.py --samples DIR --db DIR --out DIR --seccompat BIN --fuzz-cache BIN

OUT/db      the data files with each libc map cut to a few hundred exports
            (an input costs what its bytes cost, not a 1 MB JSON load)
OUT/seeds/T one directory of seeds per target T (elf, closure, ldcache,
            unit, baseline, cache), built from the sample trees, the
            host's /etc/ld.so.cache and the engine's own cache entries.
Nothing here is committed: the samples are built from source first."""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys

MARK = b"SCFZPART"


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pack(parts):
    """The multi-file format of fuzz_common.h."""
    return b"".join(MARK + name.encode() + b"\n" + data for name, data in parts)


def small_db(src, out):
    keep = {"read", "write", "open", "openat", "close", "mmap", "mprotect", "munmap",
            "socket", "connect", "bind", "listen", "accept", "send", "recv", "sendto",
            "recvfrom", "dlopen", "dlsym", "pthread_create", "malloc", "free", "printf",
            "puts", "fprintf", "exit", "_exit", "abort", "signal", "sigaction", "raise",
            "clone", "fork", "execve", "syscall", "ioctl", "fcntl", "getpid", "kill",
            "nanosleep", "clock_gettime", "select", "poll", "epoll_wait", "setsockopt",
            "__libc_start_main", "__cxa_finalize", "memcpy", "strlen", "fopen", "fclose"}
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(os.path.join(src, "systemd"), os.path.join(out, "systemd"))
    os.makedirs(os.path.join(out, "libc"))
    for name in sorted(os.listdir(os.path.join(src, "libc"))):
        with open(os.path.join(src, "libc", name)) as f:
            doc = json.load(f)
        ex = doc["exports"]
        doc["exports"] = {k: v for i, (k, v) in enumerate(sorted(ex.items()))
                          if k in keep or i % 64 == 0}
        with open(os.path.join(out, "libc", name), "w") as f:
            json.dump(doc, f)


def elf_seeds(samples, out):
    for dirpath, _, files in os.walk(samples):
        for name in sorted(files):
            p = os.path.join(dirpath, name)
            if is_elf(p):
                rel = os.path.relpath(p, samples).replace("/", "_")
                shutil.copy(p, os.path.join(out, rel))
    # The amplification case: static64 cut before its section
    # headers (571 KB).
    data = read(os.path.join(samples, "asm/static64"))
    write(os.path.join(out, "asm_static64_truncated"), data[:571 * 1024])


def closure_seeds(samples, out):
    s = lambda rel: read(os.path.join(samples, rel))
    packs = {
        "engine_tier0": [("bin/engine_srv.so", s("srcds/bin/engine_srv.so")),
                         ("bin/libtier0_srv.so", s("srcds/bin/libtier0_srv.so"))],
        "srcds_dedicated": [("srcds_linux", s("srcds/srcds_linux")),
                            ("bin/dedicated_srv.so", s("srcds/bin/dedicated_srv.so")),
                            ("bin/libtier0_srv.so", s("srcds/bin/libtier0_srv.so"))],
        "script": [("srcds_run", s("srcds/srcds_run")), ("srcds_linux", s("srcds/srcds_linux")),
                   ("bin/sh", s("clean64/hello64"))],
        "runpath_origin": [("sys/dlopen_user64", s("sys/dlopen_user64")),
                           ("sys/libplug64.so", s("sys/libplug64.so"))],
    }
    if os.path.exists("/etc/ld.so.cache"):
        packs["ldcache"] = [("bin/hello64", s("clean64/hello64")),
                            ("etc/ld.so.cache", read("/etc/ld.so.cache")),
                            ("lib/x86_64-linux-gnu/libc.so.6", s("asm/libgates64.so"))]
    for name, parts in packs.items():
        write(os.path.join(out, name), pack(parts))


def ldcache_new(entries):
    """glibc-ld.so.cache1.1 (elf/cache.c): header, entries, string table;
    string offsets count from the header."""
    head_len, ent_len = 48, 24
    strings = b""
    offs = []
    base = head_len + ent_len * len(entries)
    for key, value, _ in entries:
        k = base + len(strings)
        strings += key.encode() + b"\0"
        v = base + len(strings)
        strings += value.encode() + b"\0"
        offs.append((k, v))
    body = b"".join(struct.pack("<iIIIQ", flags, k, v, 0, 0)
                    for (k, v), (_, _, flags) in zip(offs, entries))
    head = b"glibc-ld.so.cache1.1" + struct.pack("<II", len(entries), len(strings))
    head += b"\0" * (head_len - len(head))
    return head + body + strings


def ldcache_seeds(out):
    if os.path.exists("/etc/ld.so.cache"):
        shutil.copy("/etc/ld.so.cache", os.path.join(out, "host"))
    # FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 = 0x303, FLAG_ELF_LIBC6 = 0x3 (i386)
    write(os.path.join(out, "small"), ldcache_new([
        ("libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", 0x303),
        ("libc.so.6", "/lib/i386-linux-gnu/libc.so.6", 0x3),
        ("libm.so.6", "/lib/x86_64-linux-gnu/libm.so.6", 0x303)]))
    old = b"ld.so-1.7.0" + b"\0" + struct.pack("<I", 1) + struct.pack("<iII", 1, 0, 0)
    old += b"\0" * ((8 - len(old) % 8) % 8)
    write(os.path.join(out, "old_and_new"), old + ldcache_new([
        ("libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", 0x303)]))


UNITS = {
    "hardened": b"""[Unit]
Description=srcds
[Service]
ExecStart=/srv/srcds_run -game left4dead2
SystemCallArchitectures=native x86
MemoryDenyWriteExecute=no
SystemCallFilter=@system-service
SystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation @obsolete @privileged
SystemCallErrorNumber=EPERM
LockPersonality=true
""",
    "allow_list": b"""[Service]
SystemCallFilter=read write openat close mmap mprotect:EPERM
SystemCallFilter=
SystemCallFilter=@basic-io @file-system \\
  @network-io
SystemCallArchitectures=native
MemoryDenyWriteExecute=yes
""",
}
DROPINS = [(b"10-mdwe", b"[Service]\nMemoryDenyWriteExecute=true\n"),
           (b"20-reset", b"[Service]\nSystemCallFilter=\nSystemCallArchitectures=\n"),
           (b"30-deny", b"[Service]\nSystemCallFilter=~ptrace personality\n# comment\n; other\n")]


def unit_seeds(out):
    for name, text in UNITS.items():
        write(os.path.join(out, name), MARK + b"fuzz.service\n" + text)
        write(os.path.join(out, name + "_dropins"),
              MARK + b"fuzz.service\n" + text +
              b"".join(MARK + n + b"\n" + t for n, t in DROPINS))


def baseline_seeds(seccompat, samples, out):
    runs = {"srcds": ["--root", os.path.join(samples, "srcds"), os.path.join(samples, "srcds")],
            "sockets64": ["--root", os.path.join(samples, "sys"),
                          os.path.join(samples, "sys/sockets64")],
            "jit32": ["--root", os.path.join(samples, "jit"), os.path.join(samples, "jit/jit32")]}
    for name, args in runs.items():
        r = subprocess.run([seccompat, "analyze", "--no-cache", "--quiet", "--format", "json"] +
                           args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if r.stdout:
            write(os.path.join(out, name + ".json"), r.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seccompat", required=True)
    ap.add_argument("--fuzz-cache", required=True)
    o = ap.parse_args()
    small_db(o.db, os.path.join(o.out, "db"))
    seeds = os.path.join(o.out, "seeds")
    shutil.rmtree(seeds, ignore_errors=True)
    for t in ("elf", "closure", "ldcache", "unit", "baseline", "cache"):
        os.makedirs(os.path.join(seeds, t))
    elf_seeds(o.samples, os.path.join(seeds, "elf"))
    closure_seeds(o.samples, os.path.join(seeds, "closure"))
    ldcache_seeds(os.path.join(seeds, "ldcache"))
    unit_seeds(os.path.join(seeds, "unit"))
    baseline_seeds(o.seccompat, o.samples, os.path.join(seeds, "baseline"))
    env = dict(os.environ, FUZZ_CACHE_SEEDS=os.path.join(seeds, "cache"))
    subprocess.run([o.fuzz_cache], env=env, check=True, stdout=subprocess.DEVNULL)
    for t in sorted(os.listdir(seeds)):
        n = len(os.listdir(os.path.join(seeds, t)))
        if n == 0:
            sys.exit("make_seeds.py: no seeds for %s" % t)
        print("seeds/%s: %d" % (t, n))


if __name__ == "__main__":
    main()
