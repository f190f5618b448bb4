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
#   debian_progs_list DEST     prints one line per workload,
#                              "ABI|NAME|LIBPATH|INPUT|PEER|COMMAND...": the
#                              ABI (x86 or x86-64), the program's name (a
#                              program has several workloads; what strace
#                              sees is their union), the directories its
#                              libraries come from (LD_LIBRARY_PATH and
#                              --library-path; "-" for none), what it reads on
#                              standard input (debian_progs_input), the other
#                              end of its connection (debian_progs_exec) and
#                              the command, to run in a scratch directory of
#                              its own. The workloads take each program down
#                              its everyday paths and its error paths: a
#                              listing, a recursive coloured one, symbolic
#                              links, a missing file; a refused, an outgoing
#                              and an incoming TCP connection, a Unix
#                              datagram exchange and an incoming Unix stream
#                              connection; a small database,
#                              a WAL one with an index, a vacuum and a bad
#                              statement, the shell's .system and .backup,
#                              and its .archive (written and extracted), a
#                              sort on worker threads and output piped to
#                              commands (.output |cmd, .once |cmd).
#   debian_progs_input NAME FILE   writes input NAME (sql, sql-wal,
#                              sql-shell, sql-features, text, none) to FILE.
#   debian_progs_exec PEER IN OUT ARGV...   runs ARGV (a prefix such as
#                              strace or sandbox_run included) with standard
#                              input IN, standard output and error OUT, after
#                              starting PEER (tests/lib/peer.py), whose
#                              address replaces @ADDR@ in ARGV: "-" none;
#                              "serve": a TCP listener on 127.0.0.1 (its
#                              port); "connect": a client that connects to
#                              the free port given once the program listens;
#                              "dgram": a Unix datagram socket (its path);
#                              "uconnect": a client that connects to the Unix
#                              stream socket path given once the program
#                              listens there. Returns ARGV's exit status.
# The .deb files are never committed: they are fetched like the i386 corpus.

_debian_progs_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
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
	local nc64 nc32 ls32 p
	nc64=$(_debian_find "$dest/amd64" bin/nc.openbsd usr/bin/nc.openbsd)
	nc32=$(_debian_find "$dest/i386" bin/nc.openbsd usr/bin/nc.openbsd)
	ls32=$(_debian_find "$dest/i386" bin/ls usr/bin/ls)
	for p in "x86-64|ls|-|none|-|/bin/ls" "x86|ls32|$a32|none|-|$ls32"; do
		cat <<LIST
$p -la /usr/share/doc/libc6
$p -laR --color=always /usr/share/doc/libc6
$p -lZ --time-style=full-iso /usr/share/doc/libc6/copyright
$p -d /nonexistent.seccompat
$p -l /lib /bin
LIST
	done
	for p in "x86-64|nc|$a64|$nc64" "x86|nc32|$a32|$nc32"; do
		cat <<LIST
${p%|*}|none|-|${p##*|} -z -w 1 127.0.0.1 1
${p%|*}|text|serve|${p##*|} -N -w 5 127.0.0.1 @ADDR@
${p%|*}|none|connect|${p##*|} -l 127.0.0.1 @ADDR@
${p%|*}|text|dgram|${p##*|} -Uu -w 1 @ADDR@
${p%|*}|none|uconnect|${p##*|} -lU @ADDR@
LIST
	done
	# sqlite3 reads its SQL from standard input.
	for p in "x86-64|sqlite3|$a64|$dest/amd64/usr/bin/sqlite3" \
		"x86|sqlite3-32|$a32|$dest/i386/usr/bin/sqlite3"; do
		cat <<LIST
${p%|*}|sql|-|${p##*|} t.db
${p%|*}|sql-wal|-|${p##*|} w.db
${p%|*}|sql-shell|-|${p##*|} s.db
${p%|*}|sql-features|-|${p##*|} f.db
LIST
	done
}

debian_progs_input() {
	case $1 in
	sql) printf 'create table t(a);\ninsert into t values(1);\nselect count(*) from t;\n' ;;
	sql-wal)
		cat <<'SQL'
PRAGMA journal_mode=WAL;
PRAGMA temp_store=FILE;
create table t(a integer primary key, b text);
with recursive c(x) as (select 1 union all select x + 1 from c where x < 20000)
  insert into t select x, hex(randomblob(16)) from c;
create index tb on t(b);
select count(*), max(length(b)) from t;
begin; delete from t where a % 2 = 0; commit;
select count(*) from (select b from t order by b desc);
vacuum;
.schema
select * from nosuch;
SQL
		;;
	sql-shell)
		printf 'create table t(a);\ninsert into t values(1);\n.system echo hi\n'
		printf '.backup b.db\nselect count(*) from t;\n'
		;;
	sql-features)
		# An archive of a directory written and extracted, a sort that
		# spills to worker threads, output piped to commands.
		cat <<'SQL'
.system mkdir d x; echo archived > d/f
.archive --create --file a.sqlar d
.archive --extract --file a.sqlar --directory x
PRAGMA threads=4;
PRAGMA cache_size=16;
create table big(a);
with recursive c(x) as (select 1 union all select x + 1 from c where x < 100000)
  insert into big select random() from c;
select count(*) from (select a from big order by a);
.output |cat
select 'piped';
.output stdout
.once |wc -c
select 'once';
SQL
		;;
	text) printf 'hello\n' ;;
	none) ;;
	*) echo "debian_progs_input: unknown input $1" >&2; return 1 ;;
	esac >"$2"
}

debian_progs_exec() {
	local peer=$1 in=$2 out=$3 addr= pid rc=0 a argv=() pf
	shift 3
	case $peer in
	-) ;;
	serve | dgram)
		pf=$(mktemp -u)
		python3 "$_debian_progs_lib/peer.py" "$peer" "$pf" &
		pid=$!
		for _ in $(seq 100); do [ -s "$pf" ] && break; sleep 0.05; done
		addr=$(cat "$pf" 2>/dev/null) || { kill "$pid"; return 1; }
		rm -f "$pf"
		;;
	connect)
		addr=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		python3 "$_debian_progs_lib/peer.py" connect "$addr" &
		pid=$!
		;;
	uconnect)
		addr=$(mktemp -u)
		python3 "$_debian_progs_lib/peer.py" uconnect "$addr" &
		pid=$!
		;;
	*) echo "debian_progs_exec: unknown peer $peer" >&2; return 1 ;;
	esac
	for a in "$@"; do argv+=("${a//@ADDR@/$addr}"); done
	"${argv[@]}" <"$in" >"$out" 2>&1 || rc=$?
	[ -n "${pid:-}" ] && { wait "$pid" || rc=${rc/#0/1}; }
	[ "$peer" = uconnect ] && rm -f "$addr"
	return "$rc"
}
