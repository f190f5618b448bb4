# SPDX-License-Identifier: MIT
# The golden-output cases: every renderer of every verb on the sample trees.
# Sourced by scripts/golden.sh (writes them) and tests/integration/golden.sh
# (compares). Each case is "NAME|VERB ARGS..." (stderr, where progress goes, is not kept); @S@ stands
# for the samples directory, @T@ for the case's scratch directory (units,
# baselines). --max-sites 3 keeps the files small.
#
# The outputs depend on the sample binaries and on the system objects in
# their closures (libc, ld.so), so a golden set is only valid for the exact
# toolchain and libraries it was made with: golden_key names that
# environment, and a set lives in tests/golden/<key>/.

golden_cases() {
	local f
	for f in text json dropin markdown; do
		echo "analyze-srcds.$f|analyze --max-sites 3 --format $f @S@/srcds/srcds_run @S@/srcds"
		echo "analyze-hello64.$f|analyze --max-sites 3 --format $f @S@/clean64/hello64"
		echo "analyze-jit32.$f|analyze --max-sites 3 --format $f @S@/jit/jit32"
	done
	echo "analyze-srcds-unit.text|analyze --max-sites 3 --format text --unit @T@/prod.service @S@/srcds/srcds_run @S@/srcds"
	echo "analyze-execstack.text|analyze --max-sites 3 --format text @S@/execstack/execstack_srv.so"
	echo "analyze-static32.json|analyze --max-sites 3 --format json @S@/static32/raw_int80"
	for f in text json; do
		echo "deps-srcds.$f|deps --format $f @S@/srcds/srcds_run @S@/srcds"
		echo "syscalls-dlopen_user64.$f|syscalls --max-sites 3 --format $f @S@/sys/dlopen_user64"
		echo "syscalls-sockets32.$f|syscalls --max-sites 3 --format $f @S@/sys/sockets32"
	done
	for f in text json markdown; do
		echo "check-hello64.$f|check --format $f --baseline @T@/hello64.json @S@/clean64/hello64"
		echo "diff-hello-jit.$f|diff --format $f @T@/hello64.json @T@/jit64.json"
	done
}

# A scratch directory whose path has the same length on every machine, and
# the samples seen through a link inside it: the text report's columns are
# as wide as the paths it prints, so outputs made in one checkout must not
# depend on where another checkout lives. Prints the directory; the samples
# are DIR/S.
golden_scratch() { # SAMPLES
	local d
	d=$(mktemp -d /tmp/seccompat-golden.XXXXXX) || return 1
	ln -s "$1" "$d/S" || return 1
	echo "$d"
}

# Scratch inputs the cases name: a production-like unit and two baselines.
golden_prepare() { # SECCOMPAT SAMPLES DIR
	cat >"$3/prod.service" <<'UNIT'
[Service]
ExecStart=/srv/l4d2/srcds_run -game left4dead2
SystemCallArchitectures=native x86
MemoryDenyWriteExecute=no
SystemCallFilter=@system-service
SystemCallFilter=~@debug @mount @raw-io @reboot @swap @cpu-emulation @obsolete @privileged
LockPersonality=true
RestrictRealtime=true
UNIT
	"$1" analyze --quiet --format json --output "$3/hello64.json" "$2/clean64/hello64" || return 1
	"$1" analyze --quiet --format json --output "$3/jit64.json" "$2/jit/jit64" || return 1
}

# Runs one case; prints its normalised output (stdout and exit status).
golden_run() { # SECCOMPAT SAMPLES DIR CMD
	local cmd=${4//@S@/$2} rc=0
	cmd=${cmd//@T@/$3}
	# shellcheck disable=SC2086 # the case is a word list
	"$1" $cmd >"$3/out" 2>/dev/null || rc=$?
	golden_normalise "$2" "$3" "$(cd "$2" && pwd -P)" <"$3/out"
	echo "exit status: $rc"
}

# Paths of this checkout and machine, the tool version and content hashes
# of the sample files change with every build; they are replaced by tokens.
golden_normalise() { # SAMPLES DIR REAL-SAMPLES
	sed -e "s|$1|@SAMPLES@|g" -e "s|${3:-$1}|@SAMPLES@|g" -e "s|$2|@TMP@|g" \
		-e 's/\b[0-9a-f]\{64\}\b/@SHA256@/g' -e 's/\b[0-9a-f]\{40\}\b/@BUILDID@/g' \
		-e 's/"version": "[^"]*"/"version": "@VERSION@"/' \
		-e 's/seccompat [0-9][0-9.]*[0-9]/seccompat @VERSION@/g'
}

# What the outputs depend on besides the tool: the compiler and linker that
# built the samples, the libraries in their closures, the disassembler and
# libseccomp (syscall names), and the data files.
golden_key() { # SRC
	local id
	id=$(. /etc/os-release && echo "${ID}${VERSION_ID:-}")
	{
		gcc -dumpfullversion
		ld --version | head -n 1
		dpkg-query -W -f='${Package}:${Architecture}=${Version}\n' \
			libc6 libc6:i386 libc6-dev-i386 libgcc-s1 libgcc-s1:i386 \
			'libcapstone*' 'libseccomp2' 2>/dev/null | grep -v '=$' | sort
		find "$1/db" -type f -name '*.json' | sort | xargs sha256sum | sed "s|$1/||"
	} | sha256sum | cut -c1-12 | sed "s/^/$id-/"
}
