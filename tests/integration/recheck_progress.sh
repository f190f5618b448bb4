#!/bin/bash
# The progress line of `check`: on a terminal stderr it shows "check: N/M
# [P%] OBJECT" and erases itself at the end; with --quiet, or when stderr is not a
# terminal (a pipe, a file, CI logs), nothing but real messages. The
# terminal is a pty from script(1) with stdout sent to a file, so what
# script records is stderr only.
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
[ -x "$SAMPLES/clean64/hello64" ] || { echo "no sample trees: skipped"; exit 77; }
command -v script >/dev/null || { echo "no script(1): skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
target="$SAMPLES/clean64/hello64"
"$SECCOMPAT" analyze "$target" --format json --output base.json --quiet
n=$(python3 -c 'import json; print(len(json.load(open("base.json"))["objects"]))')

run_tty() {
	script -qec "$1" /dev/null >"$2" </dev/null
}

run_tty "'$SECCOMPAT' check --no-cache --baseline base.json '$target' >out.txt" tty.err
grep -qa "check: 1/$n " tty.err || fail "no first progress line: $(od -c tty.err | head)"
grep -qa "check: $n/$n " tty.err || fail "no last progress line"
# Every object of the closure is named once it starts (largest first, on
# several threads); the share of bytes done moves inside big objects
# (libc takes well over the 100 ms between redraws), never backwards.
for o in $(python3 -c 'import json; print(" ".join(o["path"] for o in json.load(open("base.json"))["objects"]))'); do
	grep -qa "check: [0-9]*/$n .*$o" tty.err || fail "no progress line names $o"
done
tr '\r' '\n' <tty.err | grep -ao '\[ *[0-9]*%\]' | tr -d '[]% ' >pct.txt || true
[ -s pct.txt ] || fail "no share of the work shown inside an object: $(tr '\r' '\n' <tty.err | head -5)"
sort -n -c pct.txt 2>/dev/null || fail "the share done went backwards: $(tr '\n' ' ' <pct.txt)"
# It ends erased: the last bytes are \r ESC [ K.
[ "$(tail -c 4 tty.err | od -An -c | tr -d ' \n')" = '\r033[K' ] ||
	fail "progress line not erased at the end: $(tail -c 20 tty.err | od -c)"
grep -q '^Result: OK' out.txt || fail "report missing on stdout with a terminal stderr"
grep -qa 'check:' out.txt && fail "progress went to stdout"

run_tty "'$SECCOMPAT' check --quiet --no-cache --baseline base.json '$target' >out.txt" q.err
[ ! -s q.err ] || fail "--quiet still shows progress: $(od -c q.err | head)"

"$SECCOMPAT" check --no-cache --baseline base.json "$target" >out.txt 2>pipe.err
[ ! -s pipe.err ] || fail "progress on a non-terminal stderr: $(od -c pipe.err | head)"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "recheck_progress: ok"
