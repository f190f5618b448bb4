#!/bin/bash
# `seccompat db import-systemd` end to end: both shipped dumps regenerate the
# committed tables (compared as JSON: json-c versions lay out whitespace
# differently; the libseccomp-dependent fields only when this libseccomp is
# the one the table was made with, unit/test_sysgroups checks them otherwise), the default output path is <db>/systemd/<N>.json,
# --output works, warnings name FILE:LINE, and bad input fails with exit 2 and one line.
# The tables' content itself is checked against the raw dumps by
# tests/unit/test_sysgroups.c.
set -u
DUMPS=${SHARED:-$SECCOMPAT_SRC/../shared}/systemd
[ -x "${SECCOMPAT:-}" ] || { echo "no seccompat binary"; exit 77; }
[ -r "$DUMPS/systemd-257.13-debian13.txt" ] || { echo "no dumps in $DUMPS"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
err() { echo "FAIL: $*"; fail=1; }
# same_table A B: equal as JSON, libseccomp-dependent fields aside when the
# two were made with different libseccomp versions.
same_table() {
	python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if a.get("libseccomp_version") != b.get("libseccomp_version"):
    for d in (a, b):
        d.pop("libseccomp_version", None)
        d.pop("unknown_to_libseccomp", None)
sys.exit(0 if a == b else 1)
PY
}

for pair in 252:systemd-252.38-debian12.txt 257:systemd-257.13-debian13.txt; do
	v=${pair%%:*} f=${pair#*:}
	mkdir -p "$tmp/db/systemd"
	"$SECCOMPAT" db import-systemd "$DUMPS/$f" --version "$v" --db "$tmp/db" \
		2>"$tmp/err$v" || err "import $v exited $?"
	same_table "$tmp/db/systemd/$v.json" "$SECCOMPAT_SRC/db/systemd/$v.json" ||
		err "$v.json differs from the committed table (re-run the import, see db/README.md)"
	# Names of another ABI's calls are normal: one summary line per ABI,
	# not one per name (issue 15: ~640 lines before).
	[ "$(wc -l <"$tmp/err$v")" -le 4 ] || err "$v: $(wc -l <"$tmp/err$v") lines on stderr, expected a summary"
	# With --verbose, every name with the dump's file and line: mmap2 does
	# not exist on x86-64.
	"$SECCOMPAT" db import-systemd "$DUMPS/$f" --version "$v" --db "$tmp/db" --verbose \
		2>"$tmp/verr$v" || err "import --verbose $v exited $?"
	line=$(grep -n '^    mmap2$' "$DUMPS/$f" | head -1 | cut -d: -f1)
	grep -q "^$DUMPS/$f:$line: note: 'mmap2' unknown to libseccomp .* on x86-64$" "$tmp/verr$v" ||
		err "$v: no FILE:LINE note for mmap2 with --verbose"
	# The summary's count is the number of names listed.
	n64=$(grep -c "on x86-64$" "$tmp/verr$v")
	grep -q "^$DUMPS/$f: note: $n64 names are not x86-64 system calls" "$tmp/err$v" ||
		err "$v: summary does not count the $n64 x86-64 names: $(cat "$tmp/err$v")"
	# --output writes the same table elsewhere.
	"$SECCOMPAT" db import-systemd "$DUMPS/$f" --version "$v" \
		--output "$tmp/o$v.json" 2>/dev/null || err "import --output $v"
	cmp -s "$tmp/o$v.json" "$tmp/db/systemd/$v.json" || err "--output $v differs from --db's"
done

# Bad input: exit 2, one message naming the file.
printf 'garbage\n\x01\x02\n' >"$tmp/garbage.txt"
"$SECCOMPAT" db import-systemd "$tmp/garbage.txt" --version 257 --output "$tmp/g.json" 2>"$tmp/g"
[ $? -eq 2 ] || err "garbage input did not exit 2"
grep -q "^$tmp/garbage.txt:" "$tmp/g" || err "garbage error does not name the file"
[ ! -e "$tmp/g.json" ] || err "a failed import left --output behind"
"$SECCOMPAT" db import-systemd "$tmp/missing.txt" --version 257 --output "$tmp/m.json" 2>/dev/null
[ $? -eq 2 ] || err "missing input did not exit 2"
"$SECCOMPAT" db import-systemd "$DUMPS/systemd-257.13-debian13.txt" --version x --output "$tmp/x.json" 2>/dev/null
[ $? -eq 2 ] || err "bad --version did not exit 2"

exit $fail
