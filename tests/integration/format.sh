#!/bin/bash
# The C sources follow .clang-format. The tree is formatted with Debian 12's
# clang-format 14; other major versions format some constructs differently,
# so with another version this check skips rather than fail on style drift.
set -u
: "${SECCOMPAT_SRC:?}"
command -v clang-format >/dev/null || { echo "no clang-format; skipping"; exit 77; }
major=$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
[ "$major" = 14 ] || { echo "clang-format $major is not 14; skipping"; exit 77; }
cd "$SECCOMPAT_SRC" || exit 1
mapfile -t files < <(ls analyzer/*.[ch] tests/unit/*.[ch] tests/lib/*.c samples/*/*.[ch] 2>/dev/null)
bad=0
for f in "${files[@]}"; do
	if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "FAIL $f is not formatted (clang-format -i $f)"
		bad=$((bad + 1))
	fi
done
echo "$(( ${#files[@]} - bad )) passed, $bad failed"
[ "$bad" -eq 0 ]
