#!/bin/bash
# tests/lib/tiers_check.py, the judge of syscalls_debian.sh and bench/tiers.sh,
# on strace logs written here, whose right reading is known: an i386 program
# connects through socketcall, then vforks a child that executes /bin/sh
# (x86-64), which vforks a child of its own that runs before the fork call
# returns. The program's calls count; the first execve (strace starting the
# program), what the executed shell does and what its child does do not: had
# they counted, their x86-64 numbers (57, 61, 14, 59) would show up as calls
# the tiers lack. socketcall's operation counts by name and the multiplexer by
# number. A call the tiers hold as unreached is reported and fails the check.
set -euo pipefail
: "${TESTLIB:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/sys.json" <<'JSON'
{"syscalls": {"x86": [
 {"name": "read", "nr": 3, "confidence": "certain", "provenance": []},
 {"name": "execve", "nr": 11, "confidence": "certain", "provenance": []},
 {"name": "getpid", "nr": 20, "confidence": "unreached", "provenance": []},
 {"name": "socketcall", "nr": 102, "confidence": "certain", "provenance": []},
 {"name": "vfork", "nr": 190, "confidence": "certain", "provenance": []},
 {"name": "connect", "nr": null, "confidence": "certain", "provenance": []},
 {"name": "bind", "nr": null, "confidence": "certain", "provenance": []}
]}}
JSON
cat >"$tmp/ok.log" <<'LOG'
100   [  59] execve("/prog", ["prog"], 0x7ffd2a0 /* 1 var */) = 0
100   [   3] read(0, "", 1)             = 0
100   [ 102] connect(3, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)
100   [ 190] vfork( <unfinished ...>
101   [  11] execve("/bin/sh", ["sh", "-c", "cat"], 0xff8e1a00 /* 1 var */ <unfinished ...>
101   [  11] <... execve resumed>)      = 0
101   [  57] vfork( <unfinished ...>
102   [  14] rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0
102   [  59] execve("/usr/bin/cat", ["cat"], 0x55d0 /* 1 var */) = 0
101   [  57] <... vfork resumed>)       = 102
101   [  61] wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 102
100   [ 190] <... vfork resumed>)       = 101
LOG
{ cat "$tmp/ok.log"; echo '100   [  20] getpid()                   = 100'; } >"$tmp/bad.log"

fail=0
out=$(python3 "$TESTLIB/tiers_check.py" prog x86 "$tmp/sys.json" "$tmp/ok.log") || {
	echo "FAIL the program's own calls are judged unsound:"; echo "$out"; fail=1
}
# read, execve (the child's of /bin/sh), vfork, socketcall, connect: 5 of
# them; certain are those and bind.
want="prog         x86    observed   5  certain   6  possible   0  ratio 1.20"
if [ "$(head -n 1 <<<"$out")" = "$want" ]; then
	echo "ok   the program's calls only: $want"
else
	echo "FAIL counted: got '$(head -n 1 <<<"$out")', want '$want'"; fail=1
fi
if out=$(python3 "$TESTLIB/tiers_check.py" prog x86 "$tmp/sys.json" "$tmp/bad.log"); then
	echo "FAIL an unreached getpid passed"; fail=1
elif grep -qx '  UNSOUND prog: getpid (20): unreached' <<<"$out"; then
	echo "ok   an unreached call made is reported and fails"
else
	echo "FAIL unexpected report:"; echo "$out"; fail=1
fi
exit "$fail"
