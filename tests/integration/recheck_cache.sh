#!/bin/bash
# Where `check` keeps its per-object cache: --cache DIR, else
# $XDG_CACHE_HOME/seccompat, else ~/.cache/seccompat; --no-cache touches
# nothing; a cache that cannot be created is a one-line warning, not a
# failure. (What is stored is tested in tests/unit/test_cache.c; entries
# appear once the syscall engine stores its per-object summaries.)
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
"$SECCOMPAT" analyze "$target" --format json --output base.json --quiet

HOME="$tmp/home" XDG_CACHE_HOME="$tmp/xdg" "$SECCOMPAT" check --baseline base.json "$target" \
	>/dev/null
[ -d "$tmp/xdg/seccompat/v1" ] || fail "XDG_CACHE_HOME not used"
[ ! -e "$tmp/home/.cache" ] || fail "HOME used although XDG_CACHE_HOME is set"

env -u XDG_CACHE_HOME HOME="$tmp/home" "$SECCOMPAT" check --baseline base.json "$target" \
	>/dev/null
[ -d "$tmp/home/.cache/seccompat/v1" ] || fail "~/.cache/seccompat not used"

HOME="$tmp/home2" XDG_CACHE_HOME="$tmp/xdg2" "$SECCOMPAT" check --cache "$tmp/mine" \
	--baseline base.json "$target" >/dev/null
[ -d "$tmp/mine/v1" ] || fail "--cache DIR not used"
[ ! -e "$tmp/xdg2" ] && [ ! -e "$tmp/home2" ] || fail "--cache DIR: default used too"

HOME="$tmp/home3" XDG_CACHE_HOME="$tmp/xdg3" "$SECCOMPAT" check --no-cache \
	--baseline base.json "$target" >/dev/null
[ ! -e "$tmp/xdg3" ] && [ ! -e "$tmp/home3" ] || fail "--no-cache created a cache"

# A cache below a regular file cannot be created: warning, still exit 0.
: >"$tmp/file"
rc=0
"$SECCOMPAT" check --cache "$tmp/file/sub" --baseline base.json "$target" >/dev/null 2>err ||
	rc=$?
[ "$rc" = 0 ] || fail "unusable cache: exit $rc"
[ "$(wc -l <err)" = 1 ] && grep -q "$tmp/file/sub: warning: cannot use the cache" err ||
	fail "unusable cache: $(cat err)"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "recheck_cache: ok"
