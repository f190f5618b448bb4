#!/bin/bash
# `seccompat verify --trace` on every runnable x86-64 sample under the policy
# seccompat derives for it: no call is refused, every syscall the run makes
# is predicted (certain or possible) by the analysis, and the program behaves
# exactly as it does on its own (same exit status, same output). A failing
# row is either a derived directive that would break the service or a
# soundness bug of the analysis (each unpredicted name is listed).
# The i386 samples are in verify_i386.sh.
set -uo pipefail
: "${SECCOMPAT:?}" "${TESTLIB:?}"
S=${SAMPLES:-/nonexistent}
if [ ! -x "$S/clean64/hello64" ]; then
	echo "SKIP: the samples were not built (SECCOMPAT_SAMPLES=OFF)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
fail=0

. "$TESTLIB/verify_common.sh"
# name|targets (relative to $S)|command (relative to $S)
derived_table x86-64 <<'EOF'
hello64|clean64/hello64|clean64/hello64
files64|sys/files64|sys/files64
sockets64|sys/sockets64|sys/sockets64
threads64|sys/threads64|sys/threads64
signals64|sys/signals64|sys/signals64
rawsyscall64|sys/rawsyscall64|sys/rawsyscall64
dlopen_user64|sys/dlopen_user64 --plugin sys/libplug64.so|sys/dlopen_user64
jit64|jit/jit64|jit/jit64
jit64_rwx|jit/jit64|jit/jit64 --rwx
EOF
exit $fail
