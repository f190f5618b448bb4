#!/bin/bash
# Where `check` keeps its per-object cache: --cache DIR, else
# $XDG_CACHE_HOME/seccompat, else ~/.cache/seccompat; --no-cache touches
# nothing; a cache that cannot be created is a one-line warning, not a
# failure. Then what it is for: a warm re-check of an unchanged tree
# disassembles nothing (counted with gdb on sys_disasm_object_progress, independent of
# our own counters) and gives the same result as a fresh analysis field by
# field (the re-check against an uncached `analyze` baseline has no
# differences); after an update only the changed object is disassembled; a
# damaged entry is one warning and is recomputed.
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

# --- the engine's summaries ---------------------------------------------
[ -x "$SAMPLES/srcds/srcds_linux" ] || { echo "no srcds sample: rest skipped"; exit 0; }
cp -a "$SAMPLES/srcds" srcds
targets=(srcds/srcds_run srcds/bin srcds/left4dead2/bin)
"$SECCOMPAT" analyze "${targets[@]}" --format json --output srcds.json --quiet
if [ "$(python3 -c 'import json; print("syscalls" in json.load(open("srcds.json")))')" != True ]; then
	echo "no syscall engine: summary cache not checked"
	exit $((fails ? 1 : 0))
fi
analysed=$(python3 -c 'import json; d = json.load(open("srcds.json"))
print(sum(1 for o in d["objects"] if (o.get("syscalls") or {}).get("analysed")))')

# no_changes FILE: the re-check found no difference at all.
no_changes() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if not d["objects"] and not d["changes"] else 1)' "$1"
}
# disasm_count CMD...: how often an object is disassembled (gdb dprintf on
# sys_disasm_object_progress, which every disassembly goes through).
disasm_count() {
	gdb -q -batch -ex 'dprintf sys_disasm_object_progress,"DISASM-CALL\n"' -ex run --args "$@" \
		2>&1 | grep -c '^DISASM-CALL' || true
}

C="$tmp/sc"
rc=0
"$SECCOMPAT" check --cache "$C" --baseline srcds.json "${targets[@]}" --format json \
	>cold.json 2>cold.err || rc=$?
[ "$rc" = 0 ] && no_changes cold.json || fail "cold check differs from analyze: $(cat cold.json)"
n=$(find "$C" -name '*.bin' | wc -l)
[ "$n" = "$analysed" ] || fail "$n summaries stored, $analysed objects analysed"
rc=0
"$SECCOMPAT" check --cache "$C" --baseline srcds.json "${targets[@]}" --format json \
	>warm.json 2>warm.err || rc=$?
[ "$rc" = 0 ] && no_changes warm.json || fail "warm check differs from analyze: $(cat warm.json)"
[ ! -s warm.err ] || fail "warm check warns: $(cat warm.err)"

if command -v gdb >/dev/null; then
	n=$(disasm_count "$SECCOMPAT" check --cache "$C" --quiet --baseline srcds.json "${targets[@]}")
	[ "$n" = 0 ] || fail "warm check disassembled $n objects"
	n=$(disasm_count "$SECCOMPAT" check --cache "$tmp/fresh" --quiet --baseline srcds.json \
		"${targets[@]}")
	[ "$n" = "$analysed" ] || fail "cold check disassembled $n objects, expected $analysed"
	# One module updated: only it is disassembled again.
	cp -a srcds srcds.orig
	gcc -m32 -shared -fPIC -o srcds/left4dead2/bin/server_srv.so -x c - \
		<<<'int server_value(void) { return 42; }'
	n=$(disasm_count "$SECCOMPAT" check --cache "$C" --quiet --baseline srcds.json \
		"${targets[@]}")
	[ "$n" = 1 ] || fail "after updating one module, $n objects disassembled"
	rm -rf srcds && mv srcds.orig srcds
else
	echo "note: no gdb: disassembly counts not checked"
fi

# A damaged entry: one warning naming it, the same result, rewritten.
entry=$(find "$C" -name '*.bin' | sort | head -1)
truncate -s 100 "$entry"
rc=0
"$SECCOMPAT" check --cache "$C" --baseline srcds.json "${targets[@]}" --format json \
	>dmg.json 2>dmg.err || rc=$?
[ "$rc" = 0 ] && no_changes dmg.json || fail "damaged cache changed the result"
[ "$(wc -l <dmg.err)" = 1 ] && grep -qF "$entry: warning: ignoring a corrupt cache entry" dmg.err ||
	fail "damaged entry: $(cat dmg.err)"
"$SECCOMPAT" check --cache "$C" --baseline srcds.json "${targets[@]}" >/dev/null 2>again.err ||
	fail "check after the damaged entry"
[ ! -s again.err ] || fail "damaged entry not rewritten: $(cat again.err)"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)" >&2
	exit 1
fi
echo "recheck_cache: ok"
