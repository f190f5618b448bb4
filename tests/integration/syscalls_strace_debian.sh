#!/bin/bash
# Soundness of the syscall engine on real Debian programs of the running
# release (Debian 12: glibc 2.36; Debian 13: glibc 2.41, whose cancellable
# calls pass their number to __syscall_cancel on the stack), both ABIs:
#   x86-64: the host's own `ls -l` (connects to nscd), netcat listening
#           (accept4, poll) and connecting (connect);
#   i386:   the same programs from the release's i386 packages, downloaded
#           with apt-get (like the corpus), run by their own ld-linux.so.2.
# Every syscall number strace sees (strace -n) must be in the set
# `seccompat syscalls` derives for that ABI. Exits 77 when nothing could run.
set -u
: "${SECCOMPAT:?}" "${TESTLIB:?}"
command -v strace >/dev/null || { echo "SKIP: no strace"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
. "$TESTLIB/i386.sh"
. "$TESTLIB/kernel.sh"
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail=0 ran=0

# compare NAME ABI TRACE JSON: every traced number must be in the set.
compare() {
	python3 - "$@" <<'PY'
import json, re, sys
name, abi, trace, js = sys.argv[1:5]
dyn, first_exec = set(), True
for line in open(trace, errors='replace'):
    m = re.match(r'^\d+\s+\[\s*(\d+)\]\s+(\w+)', line)
    if not m:
        continue
    nr, call = int(m.group(1)), m.group(2)
    if first_exec and call == 'execve':  # strace's child, before the program
        first_exec = False
        continue
    dyn.add((nr, call))
d = json.load(open(js))
static = {e['nr'] for e in d['syscalls'].get(abi, []) if e['nr'] is not None}
missing = sorted(x for x in dyn if x[0] not in static)
# i386 socketcall (102) and ipc (117): strace names the subcall (connect,
# shmat); the set must name it too, or a filter written by name lacks it.
names = {e['name'] for e in d['syscalls'].get(abi, [])}
missing += sorted(x for x in dyn if abi == 'x86' and x[0] in (102, 117) and x[1] not in names)
print(f"{name}: {abi}: strace saw {len(dyn)} distinct syscalls, the analysis derives "
      f"{len(static)}, unresolved sites {len(d['unresolved'])}")
if missing:
    print(f"{name}: MISSED by the analysis: {missing}")
    sys.exit(1)
PY
}

# run NAME ABI ANALYSE-ARGS -- COMMAND...: strace COMMAND, analyse, compare.
run() {
	local name=$1 abi=$2 args=()
	shift 2
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	(cd "$tmp" && timeout 60 strace -f -qq -n -o "$tmp/$name.strace" "$@" >/dev/null 2>&1 </dev/null)
	if ! "$SECCOMPAT" syscalls --no-cache --kernel "$(host_kernel)" --format json "${args[@]}" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "$name: seccompat syscalls failed:"; cat "$tmp/$name.err"; fail=1; return
	fi
	ran=$((ran + 1))
	compare "$name" "$abi" "$tmp/$name.strace" "$tmp/$name.json" || fail=1
}

port=$((20000 + $$ % 20000))
# netcat NAME ABI ANALYSE-ARGS -- NC...: a listener and a client on loopback.
netcat() {
	local name=$1 abi=$2 args=() nc=()
	shift 2
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	nc=("$@")
	port=$((port + 1))
	(cd "$tmp" && timeout 30 strace -f -qq -n -o "$tmp/$name-l.strace" "${nc[@]}" -l 127.0.0.1 "$port" \
		>/dev/null 2>&1 </dev/null) &
	pids+=($!)
	for _ in $(seq 50); do
		grep -q 'listen(' "$tmp/$name-l.strace" 2>/dev/null && break
		sleep 0.1
	done
	(cd "$tmp" && echo hello | timeout 30 strace -f -qq -n -o "$tmp/$name-c.strace" "${nc[@]}" -N 127.0.0.1 \
		"$port" >/dev/null 2>&1)
	wait "${pids[-1]}" 2>/dev/null
	if ! "$SECCOMPAT" syscalls --no-cache --kernel "$(host_kernel)" --format json "${args[@]}" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "$name: seccompat syscalls failed:"; cat "$tmp/$name.err"; fail=1; return
	fi
	grep -q 'accept' "$tmp/$name-l.strace" || { echo "$name: the listener accepted nothing"; fail=1; }
	ran=$((ran + 1))
	compare "$name listen" "$abi" "$tmp/$name-l.strace" "$tmp/$name.json" || fail=1
	compare "$name connect" "$abi" "$tmp/$name-c.strace" "$tmp/$name.json" || fail=1
}

host_arch=$(uname -m)
if [ "$host_arch" = x86_64 ]; then
	ls=$(command -v ls)
	run ls64 x86-64 "$ls" -- "$ls" -l / /usr
	if command -v nc >/dev/null && nc -h 2>&1 | grep -q -- '-N'; then
		netcat nc64 x86-64 "$(realpath "$(command -v nc)")" -- "$(command -v nc)"
	else
		echo "netcat (netcat-openbsd) not installed: x86-64 nc case skipped"
	fi
fi

# i386: the running release's packages, unpacked into a tree with the
# corpus's libc6 (fetch-debian-i386.sh).
if ! i386_exec_ok; then
	echo "i386 cases skipped: $(i386_exec_reason)"
else
	cache=${SECCOMPAT_BUILD:-$tmp}/debian-i386-progs
	pkgs="coreutils libselinux1 libpcre2-8-0 libcap2 libacl1 libattr1 netcat-openbsd libbsd0 libmd0 libc6"
	mkdir -p "$cache/debs"
	if [ ! -f "$cache/.complete" ]; then
		(cd "$cache/debs" && chmod 0755 . && for p in $pkgs; do
			ls "${p}"_*_i386.deb >/dev/null 2>&1 ||
				apt-get -q -o APT::Sandbox::User=root download "$p:i386" >/dev/null 2>&1 ||
				echo "could not download $p:i386"
		done)
		rm -rf "$cache/root" && mkdir -p "$cache/root"
		for d in "$cache"/debs/*.deb; do dpkg -x "$d" "$cache/root"; done
		# Debian 13's packages install under /usr only; base-files'
		# /lib -> usr/lib makes PT_INTERP /lib/ld-linux.so.2 resolve.
		for l in lib bin; do
			[ -e "$cache/root/$l" ] || ln -s "usr/$l" "$cache/root/$l"
		done
		ls "$cache"/debs/coreutils_*_i386.deb "$cache"/debs/libc6_*_i386.deb >/dev/null 2>&1 &&
			touch "$cache/.complete"
	fi
	r=$cache/root
	ldso=$(find "$r" -name ld-linux.so.2 | head -n 1)
	libdir=$r/usr/lib/i386-linux-gnu:$r/lib/i386-linux-gnu
	if [ ! -f "$cache/.complete" ] || [ -z "$ldso" ]; then
		echo "i386 cases skipped: the release's i386 packages could not be downloaded"
	else
		ls32=$(find "$r/usr/bin" "$r/bin" -name ls 2>/dev/null | head -n 1)
		run ls32 x86 --root "$r" "$ls32" -- "$ldso" --library-path "$libdir" "$ls32" -l / /usr
		nc32=$(find "$r/usr/bin" "$r/bin" -name 'nc.openbsd' 2>/dev/null | head -n 1)
		if [ -n "$nc32" ]; then
			netcat nc32 x86 --root "$r" "$nc32" -- "$ldso" --library-path "$libdir" "$nc32"
		fi
	fi
fi
[ "$ran" -gt 0 ] || { echo "SKIP: no program could be traced"; exit 77; }
exit $fail
