# SPDX-License-Identifier: MIT
# Real Debian programs of both ABIs for the syscall-tier tests and the
# precision benchmark (tests/integration/syscalls_debian.sh, bench/tiers.sh):
# a file tool (ls), a network tool (nc), a database (sqlite3, whose
# libsqlite3 keeps libc functions in its aSyscall[] table of function
# pointers, filled by relocations against the imported symbols).
#   debian_progs_fetch DEST    downloads the packages of the running release
#                              with `apt-get download` (amd64 and i386) into
#                              DEST/debs and unpacks them into DEST/amd64 and
#                              DEST/i386; DEST/.complete is written last.
#                              Returns 1 when the archive cannot be reached.
#   debian_progs_list DEST     prints "ABI|NAME|LIBPATH|COMMAND..." lines: the
#                              ABI (x86 or x86-64), a name, the directories the
#                              program's libraries come from (LD_LIBRARY_PATH
#                              and --library-path; "-" for none), the command
#                              to run in a scratch directory, with the output
#                              of debian_progs_stdin on standard input.
# The .deb files are never committed: they are fetched like the i386 corpus.

_debian_pkgs_amd64="sqlite3 libsqlite3-0 netcat-openbsd"
# A|B: the first name the archive knows (Debian 13 renamed some libraries
# in the 64-bit time_t transition: libreadline8t64).
_debian_pkgs_i386="coreutils libselinux1 libpcre2-8-0 libcap2 sqlite3 libsqlite3-0
libreadline8t64|libreadline8 libtinfo6 zlib1g netcat-openbsd libbsd0 libmd0 libc6"

_debian_pick() { # ARCH A|B...
	local c out
	for c in ${2//|/ }; do
		# Read whole: `| grep -q` would make apt-cache die of SIGPIPE,
		# a failure under the callers' `set -o pipefail`.
		out=$(apt-cache policy "$c:$1" 2>/dev/null)
		[[ $out == *"Candidate: "[!\(]* ]] && { echo "$c"; return 0; }
	done
	return 1
}

debian_progs_fetch() {
	local dest=$1 arch p d
	[ -f "$dest/.complete" ] && return 0
	mkdir -p "$dest/debs"
	chmod 0755 "$dest/debs" # apt's sandbox user writes there
	if [[ $'\n'$(dpkg --print-foreign-architectures)$'\n' != *$'\n'i386$'\n'* ]]; then
		dpkg --add-architecture i386 2>/dev/null || return 1
	fi
	if ! apt-cache show sqlite3:i386 >/dev/null 2>&1; then
		apt-get update -q >/dev/null 2>&1 || true
	fi
	for arch in amd64 i386; do
		local list=_debian_pkgs_$arch
		for p in ${!list}; do
			p=$(_debian_pick "$arch" "$p") || return 1
			ls "$dest/debs/${p}"_*_"$arch".deb >/dev/null 2>&1 && continue
			(cd "$dest/debs" && apt-get -q -o APT::Sandbox::User=root download "$p:$arch" \
				>/dev/null 2>&1) || return 1
		done
		rm -rf "${dest:?}/$arch"
		mkdir -p "$dest/$arch"
		for d in "$dest"/debs/*_"$arch".deb; do
			dpkg -x "$d" "$dest/$arch" || return 1
		done
	done
	touch "$dest/.complete"
}

# The first of the paths that exists in tree $1 (Debian 13 moved /bin to
# /usr/bin in the packages).
_debian_find() {
	local root=$1 r
	shift
	for r in "$@"; do
		[ -x "$root/$r" ] && { echo "$root/$r"; return 0; }
	done
	echo "$root/$1"
}

debian_progs_list() {
	local dest=$1
	local a64="$dest/amd64/usr/lib/x86_64-linux-gnu:$dest/amd64/lib/x86_64-linux-gnu"
	local a32="$dest/i386/usr/lib/i386-linux-gnu:$dest/i386/lib/i386-linux-gnu"
	local nc64 nc32 ls32
	nc64=$(_debian_find "$dest/amd64" bin/nc.openbsd usr/bin/nc.openbsd)
	nc32=$(_debian_find "$dest/i386" bin/nc.openbsd usr/bin/nc.openbsd)
	ls32=$(_debian_find "$dest/i386" bin/ls usr/bin/ls)
	# sqlite3 reads its SQL from standard input (the file STDIN the
	# caller provides for every command).
	cat <<LIST
x86-64|ls|-|/bin/ls -la /usr/share/doc/libc6
x86-64|nc|$a64|$nc64 -z -w 1 127.0.0.1 1
x86-64|sqlite3|$a64|$dest/amd64/usr/bin/sqlite3 t.db
x86|ls32|$a32|$ls32 -la /usr/share/doc/libc6
x86|nc32|$a32|$nc32 -z -w 1 127.0.0.1 1
x86|sqlite3-32|$a32|$dest/i386/usr/bin/sqlite3 t32.db
LIST
}

# What each command reads on standard input.
debian_progs_stdin() {
	printf 'create table t(a);\ninsert into t values(1);\nselect count(*) from t;\n'
}
