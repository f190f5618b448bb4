# SPDX-License-Identifier: MIT
# Whether this machine's kernel executes i386 programs. Kernels built without
# IA32 emulation, booted with ia32_emulation=0, or running as some VM guests
# (seen: a PVM guest) refuse every i386 ELF with ENOEXEC; the analysis of i386
# binaries is unaffected, but tests that run them cannot observe them there.
#   i386_exec_ok          0 when an i386 program runs here
#   i386_exec_reason      one line saying why not (for skip messages)
#   require_i386_exec     skip the whole test (exit 77) when it cannot run them
#   is_i386_elf FILE      FILE is an ELFCLASS32 object
# SECCOMPAT_TEST_NO_I386=1 in the environment makes i386_exec_ok fail here too.
# The probe is a 91-byte static i386 ELF written here (one PT_LOAD, code
# `xor %ebx,%ebx; xor %eax,%eax; inc %eax; int $0x80`: exit(0)), so the check
# needs neither gcc -m32 nor the samples.

_i386_probe() {
	printf '\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	printf '\x02\x00\x03\x00\x01\x00\x00\x00\x54\x80\x04\x08\x34\x00\x00\x00'
	printf '\x00\x00\x00\x00\x00\x00\x00\x00\x34\x00\x20\x00\x01\x00\x00\x00'
	printf '\x00\x00\x00\x00'
	printf '\x01\x00\x00\x00\x00\x00\x00\x00\x00\x80\x04\x08\x00\x80\x04\x08'
	printf '\x5b\x00\x00\x00\x5b\x00\x00\x00\x05\x00\x00\x00\x00\x10\x00\x00'
	printf '\x31\xdb\x31\xc0\x40\xcd\x80'
}

i386_exec_ok() {
	# SECCOMPAT_TEST_NO_I386=1 takes this machine for one that refuses i386
	# programs, to exercise the skip paths where the kernel runs them.
	[ -n "${SECCOMPAT_TEST_NO_I386:-}" ] && return 1
	if [ -z "${_i386_exec_ok:-}" ]; then
		local f
		f=$(mktemp "${TMPDIR:-/tmp}/i386-probe.XXXXXX") || return 1
		_i386_probe >"$f" && chmod +x "$f"
		if "$f" </dev/null >/dev/null 2>&1; then _i386_exec_ok=yes; else _i386_exec_ok=no; fi
		rm -f "$f"
	fi
	[ "$_i386_exec_ok" = yes ]
}

# is_i386_elf FILE: FILE is a 32-bit ELF (EI_CLASS, byte 4, is 1).
is_i386_elf() {
	[ "$(od -An -tx1 -j4 -N1 "$1" 2>/dev/null | tr -d ' ')" = 01 ]
}

i386_exec_reason() {
	echo "this kernel does not execute i386 programs (execve gives ENOEXEC: IA32 emulation is off)"
}

require_i386_exec() {
	i386_exec_ok && return 0
	echo "SKIP: $(i386_exec_reason)"
	exit 77
}
