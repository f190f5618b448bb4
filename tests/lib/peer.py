#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The other end of a network workload of tests/lib/debian_progs.sh, so that
# a program's connected paths run (connect, poll, read, write, shutdown,
# accept), not only a refused connection.
#   peer.py serve PORTFILE    listens on 127.0.0.1 (a free port, written to
#                             PORTFILE once listening), accepts one
#                             connection, reads until EOF, answers
#                             "ok N\n" (N: the bytes read) and closes
#   peer.py connect PORT      connects to 127.0.0.1:PORT (retrying while
#                             nothing listens yet), sends "hello\n", shuts
#                             its side down and reads until EOF
#   peer.py dgram PATHFILE    binds a Unix datagram socket (its path, in a
#                             directory of its own, written to PATHFILE once
#                             bound), receives one datagram and answers
#                             "ok N\n" to its sender when the sender has an
#                             address
#   peer.py uconnect PATH     `connect` over a Unix stream socket at PATH
# Gives up after 10 s either way, with exit status 1.
import os
import shutil
import socket
import sys
import tempfile
import time

TIMEOUT = 10


def serve(portfile):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    s.settimeout(TIMEOUT)
    publish(portfile, s.getsockname()[1])
    c, _ = s.accept()
    c.settimeout(TIMEOUT)
    n = 0
    while True:
        d = c.recv(4096)
        if not d:
            break
        n += len(d)
    c.sendall(b"ok %d\n" % n)
    c.close()


def publish(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%s\n" % value)
    os.rename(tmp, path)


def dgram(pathfile):
    d = tempfile.mkdtemp(prefix="peer.")
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(os.path.join(d, "peer.sock"))
        s.settimeout(TIMEOUT)
        publish(pathfile, s.getsockname())
        data, addr = s.recvfrom(65536)
        if addr:
            s.sendto(b"ok %d\n" % len(data), addr)
        s.close()
    finally:
        shutil.rmtree(d)


def connect(port):
    end = time.monotonic() + TIMEOUT
    while True:
        try:
            if isinstance(port, str):
                c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                c.settimeout(TIMEOUT)
                c.connect(port)
            else:
                c = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            break
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)
    c.sendall(b"hello\n")
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass
    c.close()


def main():
    try:
        if sys.argv[1] == "serve":
            serve(sys.argv[2])
        elif sys.argv[1] == "connect":
            connect(int(sys.argv[2]))
        elif sys.argv[1] == "dgram":
            dgram(sys.argv[2])
        elif sys.argv[1] == "uconnect":
            connect(sys.argv[2])
        else:
            sys.exit("peer.py: unknown mode " + sys.argv[1])
    except OSError as e:
        sys.exit("peer.py: %s" % e)


main()
