#!/bin/bash
# Never silent (issue 15):
#  - an unreadable file inside a directory target: one warning naming it, the
#    rest analysed (run as an unprivileged user, since root reads anything);
#  - a directory with no ELF object: an error naming it, exit 2;
#  - --output: a run that fails with exit 2 leaves an existing file as it
#    was; a run that succeeds replaces it; no temporary file stays behind;
#    an output that is not a regular file (a FIFO) is written in place;
#  - option errors name the option.
set -uo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
obj=$SAMPLES/static32/raw_int80
[ -x "$obj" ] || { echo "no static32 sample: skipped"; exit 77; }
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }
run() { # RC-VAR ERR-FILE ARGS...
	local __rc=0
	"$SECCOMPAT" "${@:3}" >"$tmp/out" 2>"$2" || __rc=$?
	printf -v "$1" %s "$__rc"
}

# An unreadable object in a directory target.
mkdir -p "$tmp/tree"
cp "$obj" "$tmp/tree/a"
cp "$obj" "$tmp/tree/secret"
chmod 755 "$tmp/tree" "$tmp/tree/a"
chmod 000 "$tmp/tree/secret"
as_nobody=()
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null && as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" != 0 ] || { [ ${#as_nobody[@]} -gt 0 ] && "${as_nobody[@]}" test -x "$SECCOMPAT"; }; then
	rc=0
	"${as_nobody[@]}" env HOME=/nonexistent "$SECCOMPAT" deps "$tmp/tree" >"$tmp/out" 2>"$tmp/e" || rc=$?
	if [ "$rc" = 0 ] && [ "$(grep -c . "$tmp/e")" = 1 ] &&
		grep -q "^$tmp/tree/secret: warning: cannot read: Permission denied; skipped$" "$tmp/e" &&
		grep -q "$tmp/tree/a" "$tmp/out"; then
		ok "unreadable file in a directory: one warning, the rest analysed"
	else
		fail "unreadable file: exit $rc, stderr: $(cat "$tmp/e")"
	fi
else
	echo "skip unreadable file: cannot drop root here"
fi

# A directory without ELF objects.
mkdir -p "$tmp/empty"
echo 'not an object' >"$tmp/empty/readme.txt"
for verb in deps analyze; do
	run rc "$tmp/e" "$verb" "$tmp/empty"
	if [ "$rc" = 2 ] && grep -q "^$tmp/empty: error: no ELF object in this directory$" "$tmp/e"; then
		ok "$verb of a directory without ELF objects: exit 2"
	else
		fail "$verb of a directory without ELF objects: exit $rc, stderr: $(cat "$tmp/e")"
	fi
done
# A directory whose only program is a start script is analysed through it.
mkdir -p "$tmp/scriptonly"
printf '#!/bin/sh\nexec /bin/true\n' >"$tmp/scriptonly/run"
chmod +x "$tmp/scriptonly/run"
run rc "$tmp/e" deps "$tmp/scriptonly"
if [ "$rc" = 0 ] && ! grep -q "error" "$tmp/e"; then
	ok "deps of a directory holding only a start script: exit 0"
else
	fail "deps of a directory holding only a start script: exit $rc, stderr: $(cat "$tmp/e")"
fi

# --output is replaced only on success.
mkdir -p "$tmp/o"
echo "previous result" >"$tmp/o/result.json"
head -c 100 "$obj" >"$tmp/truncated"
run rc "$tmp/e" analyze --quiet --no-cache --format json --output "$tmp/o/result.json" "$obj" "$tmp/truncated"
[ "$rc" = 2 ] || fail "analyze with a truncated object: exit $rc"
[ "$(cat "$tmp/o/result.json")" = "previous result" ] || fail "a failed run replaced --output"
[ "$(ls -A "$tmp/o")" = result.json ] || fail "temporary files left: $(ls -A "$tmp/o")"
run rc "$tmp/e" analyze --quiet --no-cache --format json -o "$tmp/o/result.json" "$obj"
[ "$rc" = 0 ] || fail "analyze -o: exit $rc: $(cat "$tmp/e")"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/o/result.json" 2>/dev/null ||
	fail "a successful run did not replace --output with its result"
[ "$(ls -A "$tmp/o")" = result.json ] || fail "temporary files left: $(ls -A "$tmp/o")"
want=$(printf '%o' $((0666 & ~$(umask))))
[ "$(stat -c %a "$tmp/o/result.json")" = "$want" ] || fail "--output mode $(stat -c %a "$tmp/o/result.json"), expected $want"
ok "--output replaced only on success"

# An output that is not a regular file is written in place, never replaced:
# as root, rename() over /dev/null would leave a regular file there. A FIFO
# stands in for the device (same code path, harmless if it goes wrong).
mkfifo "$tmp/fifo"
timeout 60 cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
run rc "$tmp/e" deps --format json --output "$tmp/fifo" "$obj"
# A FIFO replaced by a file never gets a writer: stop its reader.
[ -p "$tmp/fifo" ] || kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
if [ "$rc" = 0 ] && [ -p "$tmp/fifo" ] && grep -q '"schema"' "$tmp/fifo.out" &&
	[ -z "$(find "$tmp" -maxdepth 1 -name '.fifo.*')" ]; then
	ok "--output to a FIFO written in place"
else
	fail "--output to a FIFO: exit $rc, $(stat -c %F "$tmp/fifo" 2>&1), $(wc -c <"$tmp/fifo.out") bytes read"
fi

# Option errors name the option.
expect_opt() { # MESSAGE ARGS...
	run rc "$tmp/e" "${@:2}"
	if [ "$rc" = 2 ] && grep -qF -- "$1" "$tmp/e"; then
		ok "option error: $1"
	else
		fail "option error: exit $rc, stderr: $(cat "$tmp/e"), expected '$1'"
	fi
}
expect_opt "seccompat analyze: --systemd: bad version 'abc'" analyze --systemd abc "$obj"
expect_opt "seccompat analyze: --kernel: bad version 'x.y'" analyze --kernel x.y "$obj"
expect_opt "seccompat analyze: --max-sites: bad number 'many'" analyze --max-sites many "$obj"
expect_opt "seccompat analyze: --format: unknown format 'yaml'" analyze --format yaml "$obj"
expect_opt "seccompat deps: option --unit does not apply" deps --unit x.service "$obj"

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "never_silent: all passed"
