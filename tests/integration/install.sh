#!/bin/bash
# Installed like a Debian tool (issue 15): a separate build configured with a
# baked-in data path that does not exist (-DSECCOMPAT_DB_DIR=/nonexistent),
# installed with DESTDIR and into a plain prefix. The installed binary must
# find PREFIX/share/seccompat relative to itself (the data files installed
# are the source tree's, compared with diff -r), judge a unit with the
# installed group tables, and fail with exit 2 and one line when the data is
# gone or --db/SECCOMPAT_DB name a directory without it. The manual page and
# the bash completion are installed: the page renders without groff
# warnings and names every option of every verb's --help; the completion
# completes verbs, options, formats and unit names.
set -uo pipefail
: "${SECCOMPAT_SRC:?}" "${SAMPLES:?}"
command -v cmake >/dev/null || { echo "no cmake: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }

cmake -S "$SECCOMPAT_SRC" -B "$tmp/b" -DSECCOMPAT_SAMPLES=OFF -DSECCOMPAT_TESTS=OFF \
	-DCMAKE_BUILD_TYPE=Debug -DSECCOMPAT_DB_DIR=/nonexistent/db >"$tmp/cfg.log" 2>&1 &&
	cmake --build "$tmp/b" -j2 >"$tmp/build.log" 2>&1 ||
	{ tail -20 "$tmp/cfg.log" "$tmp/build.log"; echo "FAIL: cannot build"; exit 1; }
DESTDIR=$tmp/dest cmake --install "$tmp/b" --prefix /usr >/dev/null || fail "install with DESTDIR"
cmake --install "$tmp/b" --prefix "$tmp/prefix" >/dev/null || fail "install into a prefix"

# A small static sample. Without the sample trees (-DSECCOMPAT_SAMPLES=OFF)
# the data-directory checks analyse /bin/true instead and the unit check,
# which needs a program inside @system-service, is skipped.
sample=$SAMPLES/static32/raw_int80
target=$sample
[ -x "$sample" ] || { target=/bin/true; echo "skip unit check: no sample trees; analysing $target"; }
cat >"$tmp/x.service" <<'UNIT'
[Service]
ExecStart=/bin/true
SystemCallFilter=@system-service
UNIT
for pre in "$tmp/dest/usr" "$tmp/prefix"; do
	bin=$pre/bin/seccompat
	[ -x "$bin" ] || { fail "$bin not installed"; continue; }
	diff -r -x README.md "$SECCOMPAT_SRC/db" "$pre/share/seccompat" >/dev/null ||
		fail "$pre/share/seccompat differs from the source db/"
	"$bin" -V | grep -x "data: $pre/share/seccompat" >/dev/null || fail "$bin -V: $("$bin" -V)"
	if [ -x "$sample" ]; then
		rc=0
		"$bin" analyze --quiet --no-cache --unit "$tmp/x.service" "$target" --format json \
			>"$tmp/a.json" 2>"$tmp/a.err" || rc=$?
		[ "$rc" = 0 ] || fail "$bin analyze --unit: exit $rc: $(cat "$tmp/a.err")"
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["unit_check"]["SystemCallFilter"]["status"]; assert s in ("ok","risk"), s' \
			"$tmp/a.json" || fail "$bin: unit check without the group table"
	fi
	[ -f "$pre/share/man/man1/seccompat.1" ] || fail "man page not installed under $pre"
	[ -f "$pre/share/bash-completion/completions/seccompat" ] || fail "completion not installed under $pre"
done
ok "installed binaries find PREFIX/share/seccompat"

bin=$tmp/prefix/bin/seccompat
# The data gone: exit 2, one line naming where it looked.
mv "$tmp/prefix/share/seccompat" "$tmp/saved-db"
rc=0
"$bin" analyze --quiet --no-cache "$target" >/dev/null 2>"$tmp/e" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q "no data directory.*$tmp/prefix/share/seccompat" "$tmp/e" ||
	fail "missing data: exit $rc, stderr: $(cat "$tmp/e")"
rc=0
SECCOMPAT_DB=$tmp/saved-db "$bin" analyze --quiet --no-cache "$target" >/dev/null 2>"$tmp/e" || rc=$?
[ "$rc" = 0 ] || fail "SECCOMPAT_DB=DIR: exit $rc: $(cat "$tmp/e")"
rc=0
"$bin" analyze --quiet --no-cache --db "$tmp/saved-db" "$target" >/dev/null 2>"$tmp/e" || rc=$?
[ "$rc" = 0 ] || fail "--db DIR: exit $rc: $(cat "$tmp/e")"
rc=0
"$bin" analyze --quiet --db "$tmp/nowhere" "$target" >/dev/null 2>"$tmp/e" || rc=$?
[ "$rc" = 2 ] && grep -q "$tmp/nowhere: error: not a seccompat data directory.*--db" "$tmp/e" ||
	fail "--db without data: exit $rc, stderr: $(cat "$tmp/e")"
rc=0
SECCOMPAT_DB=$tmp/nowhere "$bin" syscalls --quiet "$target" >/dev/null 2>"$tmp/e" || rc=$?
[ "$rc" = 2 ] && grep -q "SECCOMPAT_DB" "$tmp/e" || fail "SECCOMPAT_DB without data: exit $rc: $(cat "$tmp/e")"
mv "$tmp/saved-db" "$tmp/prefix/share/seccompat"
ok "a missing data directory is an error"

# The manual page: renders cleanly, and says every option --help says.
man=$tmp/prefix/share/man/man1/seccompat.1
if command -v groff >/dev/null; then
	warn=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
	[ -z "$warn" ] || fail "groff warnings: $warn"
fi
text=$(sed 's/\\-/-/g; s/\\f[BIR]//g' "$man")
for v in $("$bin" --help | sed -n '/^Verbs:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
	grep -q "seccompat $v" <<<"$text" || fail "man page lacks the verb $v"
	for opt in $("$bin" "$v" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$opt" <<<"$text" || fail "man page lacks $opt of $v"
	done
done
ok "man page"

# The completion, driven the way bash drives it.
comp() { # WORDS... -> the completions of the last word
	bash -c '
		PATH=$1:$PATH
		source "$2"
		shift 2
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_seccompat
		printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/prefix/bin" \
		"$tmp/prefix/share/bash-completion/completions/seccompat" "$@"
}
comp seccompat ana | grep -x analyze >/dev/null || fail "completion of a verb: $(comp seccompat ana)"
comp seccompat check --ba | grep -x -- --baseline >/dev/null || fail "completion of an option"
comp seccompat check --u | grep -x -- --unit >/dev/null || fail "completion of check's --unit"
comp seccompat analyze --format ma | grep -x markdown >/dev/null || fail "completion of a format"
unit=$(ls /usr/lib/systemd/system /lib/systemd/system 2>/dev/null | grep '\.service$' | head -n1 || true)
if [ -n "$unit" ]; then
	comp seccompat analyze --unit "${unit:0:6}" | grep -x "$unit" >/dev/null ||
		fail "completion of a unit name ($unit)"
fi
ok "bash completion"

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "install: all passed"
