#!/bin/bash
# Bad baselines and bad usage of `check` and `diff`: exit 2, nothing on
# stdout, exactly one line on stderr that names the file. The baselines are
# damaged copies of a real `analyze --format json` result (cut short, bytes
# overwritten, another schema, fields deleted), and files that are not
# results at all (`deps --format json`, a directory, /dev/null).
set -euo pipefail
: "${SECCOMPAT:?}" "${SAMPLES:?}"
[ -x "$SAMPLES/clean64/hello64" ] || { echo "no sample trees: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

target="$SAMPLES/clean64/hello64"
"$SECCOMPAT" analyze "$target" --format json --output good.json --quiet
size=$(stat -c %s good.json)

head -c $((size / 2)) good.json >truncated.json
head -c 1 good.json >one-byte.json
: >empty.json
cp good.json corrupt.json
printf '\x00\xff garbage \x01' | dd of=corrupt.json bs=1 seek=$((size / 3)) conv=notrunc status=none
sed 's|"seccompat/1"|"seccompat/2"|' good.json >schema2.json
python3 -c 'import json,sys; d=json.load(open("good.json")); del d["schema"]; json.dump(d, open("noschema.json","w"))'
python3 -c 'import json,sys; d=json.load(open("good.json")); del d["objects"]; json.dump(d, open("noobjects.json","w"))'
python3 -c 'import json,sys; d=json.load(open("good.json")); del d["objects"][0]["sha256"]; json.dump(d, open("nosha.json","w"))'
python3 -c 'import json,sys; d=json.load(open("good.json")); del d["verdicts"]; json.dump(d, open("noverdicts.json","w"))'
python3 -c 'import json,sys; d=json.load(open("good.json")); d["objects"]="x"; json.dump(d, open("objstr.json","w"))'
printf '[1, 2, 3]\n' >array.json
{ cat good.json; echo '{}'; } >twodocs.json
"$SECCOMPAT" deps "$target" --format json >deps.json
mkdir dir.json

bad=(truncated.json one-byte.json empty.json corrupt.json schema2.json noschema.json
	noobjects.json nosha.json noverdicts.json objstr.json array.json twodocs.json deps.json
	dir.json missing.json)

# one_line_error WHAT FILE -- CMD...: exit 2, empty stdout, one stderr line naming FILE.
one_line_error() {
	local what=$1 file=$2 rc=0
	shift 3
	"$@" >out 2>err || rc=$?
	[ "$rc" = 2 ] || fail "$what: exit $rc, expected 2"
	[ ! -s out ] || fail "$what: wrote to stdout: $(head -c 200 out)"
	[ "$(wc -l <err)" = 1 ] || fail "$what: stderr is not one line: $(cat err)"
	grep -qF "$file" err || fail "$what: message does not name $file: $(cat err)"
}

for f in "${bad[@]}"; do
	one_line_error "check --baseline $f" "$f" -- \
		"$SECCOMPAT" check --no-cache --baseline "$f" "$target"
	one_line_error "diff $f good.json" "$f" -- "$SECCOMPAT" diff "$f" good.json
	one_line_error "diff good.json $f" "$f" -- "$SECCOMPAT" diff good.json "$f"
done
# The message says what is wrong, not just that something is.
"$SECCOMPAT" diff schema2.json good.json 2>err >/dev/null || true
grep -q 'unsupported schema "seccompat/2"' err || fail "wrong schema: $(cat err)"
"$SECCOMPAT" diff truncated.json good.json 2>err >/dev/null || true
grep -q 'not valid JSON' err || fail "truncated: $(cat err)"

# Usage errors.
usage() {
	local what=$1 rc=0
	shift
	"$@" >out 2>err || rc=$?
	[ "$rc" = 2 ] || fail "$what: exit $rc, expected 2"
	[ -s err ] || fail "$what: no message"
}
usage "check without --baseline" "$SECCOMPAT" check "$target"
usage "check --format dropin" "$SECCOMPAT" check --baseline good.json --format dropin "$target"
usage "diff with one file" "$SECCOMPAT" diff good.json
usage "diff with three files" "$SECCOMPAT" diff good.json good.json good.json
usage "diff --format dropin" "$SECCOMPAT" diff good.json good.json --format dropin
usage "check of a missing target" "$SECCOMPAT" check --no-cache --baseline good.json \
	"$tmp/does-not-exist"

# The good baseline still passes, so the failures above are about the files.
rc=0
"$SECCOMPAT" check --no-cache --baseline good.json "$target" >/dev/null || rc=$?
[ "$rc" = 0 ] || fail "check against the intact baseline: exit $rc"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "recheck_badinput: ok"
