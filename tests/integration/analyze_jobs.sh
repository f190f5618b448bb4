#!/bin/bash
# The output does not depend on the number of disassembly threads: analyze
# --format json of the srcds sample tree and of a slice of the Debian i386
# corpus, uncached, is byte-identical with --jobs 1, 2 and 5 (more threads
# than objects included). A bad --jobs value is a usage error naming it.
set -u
: "${SECCOMPAT:?}" "${SAMPLES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
sets=("srcds|$SAMPLES/srcds/srcds_run $SAMPLES/srcds")
root=${CORPUS:-}/root
if [ -f "${CORPUS:-}/.complete" ] && [ -d "$root" ]; then
	libs=$(find "$root" -name '*.so*' -type f -size -1500k ! -name '*.py' | sort | head -n 8 | tr '\n' ' ')
	sets+=("corpus|--root $root $libs")
fi
for s in "${sets[@]}"; do
	name=${s%%|*}
	read -r -a args <<<"${s#*|}"
	for j in 1 2 5; do
		"$SECCOMPAT" analyze --quiet --no-cache --jobs $j --format json "${args[@]}" \
			>"$tmp/$name.$j" 2>/dev/null
	done
	if [ -s "$tmp/$name.1" ] && cmp -s "$tmp/$name.1" "$tmp/$name.2" && cmp -s "$tmp/$name.1" "$tmp/$name.5"; then
		echo "ok   $name: same JSON with --jobs 1, 2 and 5 ($(wc -c <"$tmp/$name.1") bytes)"
	else
		echo "FAIL $name: the JSON depends on --jobs"; fail=1
	fi
done
for bad in 0 -1 x 2000; do
	rc=0
	"$SECCOMPAT" analyze --jobs "$bad" "$SAMPLES/clean64/hello64" >/dev/null 2>"$tmp/err" || rc=$?
	if [ $rc -eq 2 ] && grep -q -- "--jobs: bad number '$bad'" "$tmp/err"; then
		echo "ok   --jobs $bad: exit 2, $(cat "$tmp/err")"
	else
		echo "FAIL --jobs $bad: rc=$rc $(cat "$tmp/err")"; fail=1
	fi
done
exit $fail
