#!/bin/bash
# Single-quoted '$' below is literal on purpose ($ORIGIN, $LD_LIBRARY_PATH).
# shellcheck disable=SC2016
# Checks the sample trees against independent truth: runs every runnable
# sample (srcds_run first) and checks exit status and output, then checks
# the ELF facts samples/README.md promises with readelf, eu-findtextrel,
# objdump and strace. Every check prints what it checks; any mismatch makes
# the script exit 1. Exit 77 (skip) when the samples were not built.
#   env: SAMPLES=<build>/samples (set by ctest)
set -u

if [ -z "${SAMPLES:-}" ] || [ ! -d "$SAMPLES" ]; then
	echo "samples_run: SAMPLES (${SAMPLES:-unset}) is not a directory; samples not built, skipping"
	exit 77
fi
for tool in readelf eu-findtextrel objdump; do
	if ! command -v "$tool" >/dev/null; then
		echo "samples_run: FAIL: $tool not installed (scripts/setup.sh installs it)"
		exit 1
	fi
done

failures=0
checks=0
# Where the kernel refuses i386 programs (ENOEXEC), the i386 runs are skipped,
# each with a line; the ELF-fact checks still run.
. "${TESTLIB:?}/i386.sh"
declare -A skipped=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"

pass()
{
	checks=$((checks + 1))
	echo "ok: $*"
}

fail()
{
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# run <name> <expected rc> <cmd...>: runs cmd from $work, stdout+stderr to
# $work/<name>.out, checks the exit status.
run()
{
	local name=$1 want=$2 rc
	shift 2
	(cd "$work" && timeout 20 "$@") >"$work/$name.out" 2>&1
	rc=$?
	if ! i386_exec_ok && runs_i386 "$@"; then
		skipped[$name]=1
		echo "skip: $name: $(i386_exec_reason)"
	elif [ "$rc" -eq "$want" ]; then
		pass "$name: exit status $rc"
	else
		fail "$name: exit status $rc, expected $want; output:"
		sed 's/^/    /' "$work/$name.out"
	fi
}

# runs_i386 <cmd...>: an argument is an i386 ELF file, or a start script
# that execs one (srcds_run's `exec ./srcds_linux`).
runs_i386()
{
	local a target
	for a in "$@"; do
		[ -f "$a" ] || continue
		if head -c 2 "$a" | grep -q '^#!'; then
			target=$(sed -n 's|^exec \./\([^ ]*\).*|\1|p' "$a" | head -n 1)
			[ -n "$target" ] && a=$(dirname "$a")/$target
			[ -f "$a" ] || continue
		fi
		is_i386_elf "$a" && return 0
	done
	return 1
}

# expect_line <name> <line>: the output of run <name> has exactly this line.
expect_line()
{
	[ -z "${skipped[$1]:-}" ] || return 0
	if grep -qxF -- "$2" "$work/$1.out"; then
		pass "$1: prints '$2'"
	else
		fail "$1: no line '$2' in its output"
	fi
}

# elf_has <file> <readelf options> <extended regex> <what>
elf_has()
{
	if readelf "$2" "$SAMPLES/$1" 2>&1 | grep -qE -- "$3"; then
		pass "$1: $4 (readelf $2)"
	else
		fail "$1: expected $4 (readelf $2 | grep -E '$3')"
	fi
}

# elf_lacks <file> <readelf options> <extended regex> <what>
elf_lacks()
{
	if [ ! -f "$SAMPLES/$1" ]; then
		fail "$1: missing"
	elif readelf "$2" "$SAMPLES/$1" 2>&1 | grep -qE -- "$3"; then
		fail "$1: unexpected $4 (readelf $2 | grep -E '$3')"
	else
		pass "$1: no $4 (readelf $2)"
	fi
}

textrel_yes()
{
	local out
	out=$(eu-findtextrel "$SAMPLES/$1" 2>&1)
	if echo "$out" | grep -q 'not compiled with -fpic/-fPIC'; then
		pass "$1: eu-findtextrel finds text relocations"
	else
		fail "$1: eu-findtextrel finds no text relocations: $out"
	fi
}

textrel_no()
{
	local out
	out=$(eu-findtextrel "$SAMPLES/$1" 2>&1)
	if echo "$out" | grep -q 'no text relocations reported'; then
		pass "$1: eu-findtextrel reports no text relocations"
	else
		fail "$1: eu-findtextrel: $out"
	fi
}

echo "== srcds tree: running srcds_run from another directory"
srcds_lines=(
	"srcds_linux: loading bin/dedicated_srv.so"
	"dedicated_srv.so: DedicatedMain (1 args)"
	"dedicated_srv.so: loading bin/engine_srv.so"
	"engine_srv.so: CEngineAPI::Run"
	"libtier0_srv.so: temp file ok (engine)"
	"engine_srv.so: udp loopback ok"
	"engine_srv.so: worker thread ok"
	"engine_srv.so: loading left4dead2/bin/server_srv.so"
	"server_srv.so: CServerGameDLL::DLLInit (thread ok)"
	"server_srv.so: signal handler ok"
	"server_srv.so: getrandom ok"
	"server_srv.so: CServerGameDLL::DLLShutdown"
	"engine_srv.so: shutdown"
	"dedicated_srv.so: engine returned 0"
	"srcds-sample: ok"
)
run srcds_run 0 env -u SRCDS_SAMPLE_STEAMCLIENT "$SAMPLES/srcds/srcds_run"
for line in "${srcds_lines[@]}"; do
	expect_line srcds_run "$line"
done
expect_line srcds_run "engine_srv.so: steamclient skipped (SRCDS_SAMPLE_STEAMCLIENT unset)"
if [ -n "${skipped[srcds_run]:-}" ]; then
	:
elif [ "$(tail -n 1 "$work/srcds_run.out")" = "srcds-sample: ok" ]; then
	pass "srcds_run: 'srcds-sample: ok' is the last line"
else
	fail "srcds_run: last line is '$(tail -n 1 "$work/srcds_run.out")'"
fi

echo "== srcds tree: with SRCDS_SAMPLE_STEAMCLIENT (a --plugin)"
run srcds_run_steam 0 env SRCDS_SAMPLE_STEAMCLIENT="$SAMPLES/srcds/steam/sdk32/steamclient.so" \
	"$SAMPLES/srcds/srcds_run" -game left4dead2
expect_line srcds_run_steam "engine_srv.so: loading $SAMPLES/srcds/steam/sdk32/steamclient.so"
expect_line srcds_run_steam "steamclient.so: CSteamClient::Init ok"
expect_line srcds_run_steam "dedicated_srv.so: DedicatedMain (3 args)"
expect_line srcds_run_steam "srcds-sample: ok"

echo "== srcds tree: srcds_linux outside its directory cannot find bin/dedicated_srv.so"
run srcds_linux_wrongdir 3 "$SAMPLES/srcds/srcds_linux"
if [ -n "${skipped[srcds_linux_wrongdir]:-}" ]; then
	:
elif grep -q '^srcds_linux: failed to dlopen bin/dedicated_srv.so: ' "$work/srcds_linux_wrongdir.out"; then
	pass "srcds_linux_wrongdir: prints the dlerror()"
else
	fail "srcds_linux_wrongdir: no dlerror() line"
fi

echo "== srcds tree: srcds_run's LD_LIBRARY_PATH line"
if grep -qxF 'export LD_LIBRARY_PATH=".:bin:$LD_LIBRARY_PATH"' "$SAMPLES/srcds/srcds_run" &&
	[ -x "$SAMPLES/srcds/srcds_run" ] && head -n 1 "$SAMPLES/srcds/srcds_run" | grep -qx '#!/bin/sh'; then
	pass "srcds_run: executable /bin/sh script with the literal LD_LIBRARY_PATH line"
else
	fail "srcds_run: not an executable /bin/sh script with the LD_LIBRARY_PATH line"
fi

echo "== runnable samples"
# name|expected line|command (relative to $SAMPLES)
while IFS='|' read -r name line cmd; do
	[ -n "$name" ] || continue
	read -r -a args <<<"$cmd"
	run "$name" 0 "$SAMPLES/${args[0]}" "${args[@]:1}"
	expect_line "$name" "$line"
done <<'EOF'
hello64|clean64: ok|clean64/hello64
hello32|clean32: ok|clean32/hello32
raw_int80|raw_int80: ok|static32/raw_int80
jit32|jit: ok 42|jit/jit32
jit32_rwx|jit: ok 42|jit/jit32 --rwx
jit64|jit: ok 42|jit/jit64
jit64_rwx|jit: ok 42|jit/jit64 --rwx
sockets32|sockets: ok|sys/sockets32
sockets64|sockets: ok|sys/sockets64
threads32|threads: ok|sys/threads32
threads64|threads: ok|sys/threads64
files32|files: ok|sys/files32
files64|files: ok|sys/files64
dlopen_user32|dlopen_user: ok|sys/dlopen_user32
dlopen_user64|dlopen_user: ok|sys/dlopen_user64
signals32|signals: ok|sys/signals32
signals64|signals: ok|sys/signals64
rawsyscall32|rawsyscall: ok|sys/rawsyscall32
rawsyscall64|rawsyscall: ok|sys/rawsyscall64
EOF
expect_line dlopen_user32 "libplug: plugin_entry"
expect_line dlopen_user64 "libplug: plugin_entry"
run jit_badflag 2 "$SAMPLES/jit/jit64" --bogus

echo "== ELF facts: architecture and type"
for f in srcds/srcds_linux srcds/bin/dedicated_srv.so srcds/bin/engine_srv.so \
	srcds/bin/libtier0_srv.so srcds/left4dead2/bin/server_srv.so \
	srcds/steam/sdk32/steamclient.so clean32/hello32 static32/raw_int80 jit/jit32 \
	execstack/execstack_srv.so sys/sockets32 sys/threads32 sys/files32 sys/dlopen_user32 \
	sys/libplug32.so sys/signals32 sys/rawsyscall32; do
	elf_has "$f" -h 'Machine: +Intel 80386' "i386"
done
for f in clean64/hello64 jit/jit64 sys/sockets64 sys/threads64 sys/files64 \
	sys/dlopen_user64 sys/libplug64.so sys/signals64 sys/rawsyscall64; do
	elf_has "$f" -h 'Machine: +Advanced Micro Devices X86-64' "x86-64"
done
elf_has srcds/srcds_linux -h 'Type: +EXEC' "non-PIE executable (ET_EXEC)"
for f in clean32/hello32 clean64/hello64; do
	elf_has "$f" -h 'Type: +DYN' "ET_DYN"
	elf_has "$f" -d 'FLAGS_1\).*PIE' "DF_1_PIE"
	elf_has "$f" -d 'FLAGS\).*BIND_NOW' "BIND_NOW"
	elf_has "$f" -l 'GNU_RELRO' "PT_GNU_RELRO"
done

echo "== ELF facts: text relocations"
# dedicated, tier0, server: DT_TEXTREL and DF_TEXTREL. engine_srv.so is
# linked with --disable-new-dtags (for DT_RPATH), so ld writes no DT_FLAGS:
# it has DT_TEXTREL only.
for f in srcds/bin/dedicated_srv.so srcds/bin/libtier0_srv.so srcds/left4dead2/bin/server_srv.so; do
	elf_has "$f" -d '\(TEXTREL\)' "DT_TEXTREL"
	elf_has "$f" -d '\(FLAGS\).*TEXTREL' "DF_TEXTREL"
	textrel_yes "$f"
done
elf_has srcds/bin/engine_srv.so -d '\(TEXTREL\)' "DT_TEXTREL"
elf_lacks srcds/bin/engine_srv.so -d '\(FLAGS\)' "DT_FLAGS"
textrel_yes srcds/bin/engine_srv.so
for f in srcds/bin/dedicated_srv.so srcds/bin/engine_srv.so srcds/bin/libtier0_srv.so \
	srcds/left4dead2/bin/server_srv.so; do
	elf_has "$f" -r 'R_386_PC32' "R_386_PC32 dynamic relocations"
done
for f in srcds/steam/sdk32/steamclient.so clean32/hello32 clean64/hello64 \
	execstack/execstack_srv.so sys/libplug32.so sys/libplug64.so; do
	elf_lacks "$f" -d 'TEXTREL' "TEXTREL"
	textrel_no "$f"
done
# eu-findtextrel only takes DSOs and PIEs.
elf_lacks srcds/srcds_linux -d 'TEXTREL' "TEXTREL"

echo "== ELF facts: DT_NEEDED, RPATH, RUNPATH"
elf_has srcds/bin/engine_srv.so -d '\(RPATH\) +Library rpath: \[\$ORIGIN\]$' "DT_RPATH [\$ORIGIN]"
elf_lacks srcds/bin/engine_srv.so -d 'RUNPATH' "DT_RUNPATH"
elf_has srcds/bin/engine_srv.so -d '\(NEEDED\) +Shared library: \[libtier0_srv.so\]' "DT_NEEDED libtier0_srv.so"
elf_has srcds/left4dead2/bin/server_srv.so -d '\(NEEDED\) +Shared library: \[libtier0_srv.so\]' \
	"DT_NEEDED libtier0_srv.so"
elf_has srcds/bin/libtier0_srv.so -d '\(SONAME\) +Library soname: \[libtier0_srv.so\]' "DT_SONAME libtier0_srv.so"
for f in srcds/srcds_linux srcds/bin/dedicated_srv.so srcds/bin/libtier0_srv.so \
	srcds/left4dead2/bin/server_srv.so srcds/steam/sdk32/steamclient.so clean32/hello32 \
	clean64/hello64; do
	elf_lacks "$f" -d 'RPATH|RUNPATH' "RPATH/RUNPATH"
done
for f in sys/dlopen_user32 sys/dlopen_user64; do
	elf_has "$f" -d '\(RUNPATH\) +Library runpath: \[\$ORIGIN\]$' "DT_RUNPATH [\$ORIGIN]"
	elf_lacks "$f" -d '\(RPATH\)' "DT_RPATH"
done

echo "== ELF facts: stacks"
elf_has execstack/execstack_srv.so -lW 'GNU_STACK.* RWE ' "PT_GNU_STACK RWE"
for f in srcds/srcds_linux srcds/bin/dedicated_srv.so srcds/bin/engine_srv.so \
	srcds/bin/libtier0_srv.so srcds/left4dead2/bin/server_srv.so \
	srcds/steam/sdk32/steamclient.so clean32/hello32 clean64/hello64 static32/raw_int80 \
	jit/jit32 jit/jit64; do
	elf_has "$f" -lW 'GNU_STACK.* RW  ' "PT_GNU_STACK RW (non-executable)"
done

echo "== raw_int80: static, only int \$0x80 gates"
elf_has static32/raw_int80 -h 'Type: +EXEC' "ET_EXEC"
elf_lacks static32/raw_int80 -l 'INTERP' "PT_INTERP"
elf_lacks static32/raw_int80 -l 'DYNAMIC' "PT_DYNAMIC"
gates=$(objdump -d "$SAMPLES/static32/raw_int80" | grep -cE $'\tint +\\$0x80')
others=$(objdump -d "$SAMPLES/static32/raw_int80" | grep -cE $'\t(syscall|sysenter|call +\\*%gs:)')
if [ "$gates" -eq 4 ] && [ "$others" -eq 0 ]; then
	pass "raw_int80: objdump shows 4 'int \$0x80' and no other gate"
else
	fail "raw_int80: objdump shows $gates 'int \$0x80' and $others other gates"
fi
if ! i386_exec_ok; then
	echo "skip: raw_int80 strace check: $(i386_exec_reason)"
elif command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	(cd "$work" && strace -qq -o "$work/raw_int80.strace" "$SAMPLES/static32/raw_int80" >/dev/null)
	calls=$(grep -oE '^[a-z_0-9]+\(' "$work/raw_int80.strace" | tr -d '(' | grep -v '^execve$' | tr '\n' ' ')
	if [ "$calls" = "getpid write exit " ]; then
		pass "raw_int80: strace sees getpid, write, exit"
	else
		fail "raw_int80: strace sees: $calls"
	fi
else
	echo "note: strace cannot trace here; raw_int80 strace check not run"
fi

echo "== execstack_srv.so loads only where glibc still makes the stack executable"
# glibc 2.41 NEWS: dlopen no longer makes the stack executable for a library
# that asks for it; the load fails instead. Older glibc (Debian 12) loads it.
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ -n "$glibc" ] && [ "$(printf '%s\n2.41\n' "$glibc" | sort -V | head -n 1)" = "2.41" ]; then
	run execstack_dlopen 1 "$SAMPLES/sys/dlopen_user32" "$SAMPLES/execstack/execstack_srv.so"
elif [ -n "$glibc" ]; then
	run execstack_dlopen 0 "$SAMPLES/sys/dlopen_user32" "$SAMPLES/execstack/execstack_srv.so"
	expect_line execstack_dlopen "execstack_srv.so: plugin_entry"
fi

echo "== under the kernel's PR_SET_MDWE (what MemoryDenyWriteExecute= enforces)"
# prctl(PR_SET_MDWE = 65, PR_MDWE_REFUSE_EXEC_GAIN = 1) survives execve.
# glibc keeps PROT_EXEC when it makes a text segment writable for its
# relocations, so the text-relocation modules fail to load as W+X.
mdwe=(python3 -c 'import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:
	sys.exit(99)
os.execv(sys.argv[1], sys.argv[1:])')
if command -v python3 >/dev/null && "${mdwe[@]}" /bin/true 2>/dev/null; then
	run mdwe_jit32 1 "${mdwe[@]}" "$SAMPLES/jit/jit32"
	expect_line mdwe_jit32 "jit: mprotect(r-x) failed: Permission denied"
	run mdwe_jit64_rwx 1 "${mdwe[@]}" "$SAMPLES/jit/jit64" --rwx
	expect_line mdwe_jit64_rwx "jit: mmap(rwx) failed: Permission denied"
	run mdwe_srcds_run 3 "${mdwe[@]}" "$SAMPLES/srcds/srcds_run"
	expect_line mdwe_srcds_run "srcds_linux: failed to dlopen bin/dedicated_srv.so: bin/dedicated_srv.so: cannot make segment writable for relocation: Permission denied"
	run mdwe_hello32 0 "${mdwe[@]}" "$SAMPLES/clean32/hello32"
	run mdwe_hello64 0 "${mdwe[@]}" "$SAMPLES/clean64/hello64"
	run mdwe_dlopen_user32 0 "${mdwe[@]}" "$SAMPLES/sys/dlopen_user32"
	# Making the stack executable for the plugin is an mprotect(PROT_EXEC).
	run mdwe_execstack 1 "${mdwe[@]}" "$SAMPLES/sys/dlopen_user32" "$SAMPLES/execstack/execstack_srv.so"
else
	echo "note: PR_SET_MDWE not available here (kernel < 6.3 or no python3); MDWE checks not run"
fi

echo
echo "samples_run: $checks checks, $failures failed"
[ "$failures" -eq 0 ] || exit 1
exit 0
