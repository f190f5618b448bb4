#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Forges a syscall-summary cache entry (DIR/v1/xx/<sha>.sys1[-kK].<key>.bin) the
way an attacker who can write the cache directory would: the payload is
decompressed, changed, recompressed (zstd) and the header's length, stored
size and checksum recomputed, so the entry passes
the blob reader and reaches the decoder (analyzer/cache_sys.c).

  cache_entry.py ENTRY MUTATION [ARG]

MUTATION:
  same           rewrite unchanged (a control: must still load)
  host           every funcs[i].host = 2^28 (issue 16: heap write in build_graph;
                 the release CLI of 3f01433 dies with SIGSEGV on it)
  weak           .weak = 2 in every call (issue 16: invalid bool load in do_unbound)
  tail           .tail = 2 in every call
  target         every local call's target = n_funcs
  snap           every call's snapshot range past the pool
  guard          every call's guard = n_guards + 1 (no such guard)
  str            funcs[0].name = a string index past the table
  sha OTHER      the payload of entry OTHER (another object) under ENTRY's key
  truncate       drop the last byte of the payload

The layout is the one of this build's structs (analyzer/syscalls.h); the
script checks it against the entry's own counts and stops (exit 3) when it
does not add up, rather than forging the wrong field."""
import struct
import sys

HEAD = struct.Struct("<II64s7QQQQQQIIII")  # struct blob_head
MAGIC = 0x33534353
FUNC, SITE, CALL, SNAP, REF, GWRITE, NOSYS = 48, 192, 48, 12, 12, 8, 16
FUNC_HOST, FUNC_NAME = 28, 16
CALL_KIND, CALL_TAIL, CALL_TARGET, CALL_WEAK, CALL_SNAP, CALL_GUARD = 40, 41, 28, 42, 32, 44
M64 = (1 << 64) - 1


def checksum64(data):
    """analyzer/cache.c checksum64()."""
    h = 0x6A09E667F3BCC908 ^ len(data)
    i = 0
    while i + 8 <= len(data):
        (w,) = struct.unpack_from("<Q", data, i)
        h = ((h ^ w) * 0x9E3779B97F4A7C15) & M64
        h ^= h >> 29
        i += 8
    for b in data[i:]:
        h = ((h ^ b) * 0x100000001B3) & M64
        h ^= h >> 29
    return h


def zstd(args, data):
    """The zstd command line tool (package zstd): the stored payload is one
    zstd frame (analyzer/cache.c cache_put_blob)."""
    import subprocess
    return subprocess.run(["zstd", "-q", "-c"] + args, input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def read_entry(path):
    with open(path, "rb") as f:
        raw = f.read()
    nl = raw.index(b"\n")
    return raw[:nl].decode(), bytearray(zstd(["-d"], raw[nl + 1:]))


def layout(p):
    h = HEAD.unpack_from(p, 0)
    magic, n = h[0], h[3:10]
    strings_len = h[14]
    want = (HEAD.size + n[0] * FUNC + n[1] * SITE + n[2] * CALL + n[3] * SNAP + n[4] * REF +
            n[5] * GWRITE + n[6] * NOSYS)
    if magic != MAGIC or want + strings_len != len(p) or n[0] == 0:
        sys.exit("cache_entry.py: the entry does not have the layout this script knows; "
                 "update the sizes in it from analyzer/syscalls.h")
    funcs = HEAD.size
    calls = funcs + n[0] * FUNC + n[1] * SITE
    for i in range(min(n[0], 8)):  # a piece is merged into an earlier one, or itself
        if struct.unpack_from("<I", p, funcs + i * FUNC + FUNC_HOST)[0] > i:
            sys.exit("cache_entry.py: funcs[%d].host is not <= %d: the layout changed" % (i, i))
    return n, funcs, calls


def main():
    path, what = sys.argv[1], sys.argv[2]
    head, p = read_entry(path)
    n, funcs, calls = layout(p)
    if what == "host":
        for i in range(n[0]):
            struct.pack_into("<I", p, funcs + i * FUNC + FUNC_HOST, 1 << 28)
    elif what in ("weak", "tail"):
        for i in range(n[2]):
            p[calls + i * CALL + (CALL_WEAK if what == "weak" else CALL_TAIL)] = 2
    elif what == "target":
        for i in range(n[2]):
            if p[calls + i * CALL + CALL_KIND] == 0:
                struct.pack_into("<I", p, calls + i * CALL + CALL_TARGET, n[0])
    elif what == "snap":
        for i in range(n[2]):
            struct.pack_into("<I", p, calls + i * CALL + CALL_SNAP, n[3] + 1)
    elif what == "guard":
        n_guards = HEAD.unpack_from(p, 0)[16]
        for i in range(n[2]):
            struct.pack_into("<I", p, calls + i * CALL + CALL_GUARD, n_guards + 1)
    elif what == "str":
        struct.pack_into("<Q", p, funcs + FUNC_NAME, 1 << 31)
    elif what == "sha":
        _, p = read_entry(sys.argv[3])
    elif what == "truncate":
        p = p[:-1]
    elif what != "same":
        sys.exit("cache_entry.py: unknown mutation " + what)
    # Re-sign: the header is JSON with the payload's "length", and the
    # "stored" size and "checksum" of the compressed bytes.
    import json
    doc = json.loads(head)
    # With the content size in the frame header, as ZSTD_compress() writes it.
    stored = zstd(["-1", "--stream-size=%d" % len(p)], bytes(p))
    doc["length"] = len(p)
    doc["stored"] = len(stored)
    doc["checksum"] = "%016x" % checksum64(stored)
    with open(path, "wb") as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode() + b"\n" + stored)


if __name__ == "__main__":
    main()
