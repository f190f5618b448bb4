// SPDX-License-Identifier: MIT
#include "evidence.h"

#include "util.h"

const struct evidence_rule evidence_rules[EV_KIND_MAX] = {
	[EV_TEXT_RELOCATIONS] = {"text-relocations", "SC101", false,
				 "relocations ld.so applies to read-only segments: it makes "
				 "them writable, then executable again (mprotect)"},
	[EV_TEXTREL_FLAG_HARMLESS] = {"textrel-flag-harmless", "SC102", false,
				      "DT_TEXTREL or DF_TEXTREL set with every PT_LOAD writable"},
	[EV_INCONSISTENT_TEXTREL] = {"inconsistent-textrel", "SC103", false,
				     "relocations against read-only segments without the flag: "
				     "loading faults whatever the unit sets"},
	[EV_READ_IMPLIES_EXEC] = {"read-implies-exec", "SC104", false,
				  "an executable without PT_GNU_STACK on i386: the kernel sets "
				  "READ_IMPLIES_EXEC"},
	[EV_EXECUTABLE_STACK] = {"executable-stack", "SC105", false,
				 "an object asks for an executable stack"},
	[EV_EXECSTACK_GLIBC_UNKNOWN] = {"execstack-glibc-unknown", "SC106", false,
					"the target's glibc is unknown, so whether it refuses an "
					"executable stack in dlopen() is too"},
	[EV_RWX_SEGMENT] = {"rwx-segment", "SC107", false,
			    "a PT_LOAD segment is writable and executable"},
	[EV_WX_CALL] = {"wx-call", "SC108", false,
			"a call site asks for writable and executable memory (a JIT)"},
	[EV_WX_PROBE] = {"wx-probe", "SC109", false,
			 "a call asks for W+X memory but handles the refusal"},
	[EV_EXECSTACK_DLOPEN] = {"execstack-dlopen", "SC110", false,
				 "glibc >= 2.41 refuses to dlopen() an executable-stack object"},
	[EV_ABI] = {"abi", "SC201", false, "the objects of one ABI"},
	[EV_ABI_MISMATCH] = {"abi-mismatch", "SC202", false,
			     "an object its loader cannot load (another ABI); not counted"},
	[EV_X32] = {"x32", "SC203", false, "an x32 object: \"native\" does not include it"},
	[EV_UNKNOWN_ABI] = {"unknown-abi", "SC204", false,
			    "an object whose system call ABI cannot be named"},
	[EV_ALLOW_EXTRA] = {"allow-extra", "SC301", false,
			    "a certain syscall outside @system-service, allowed by name"},
	[EV_DENY_CONFLICT] = {"deny-conflict", "SC302", false,
			      "a group left out of the deny line: the code needs a member"},
	[EV_RISK] = {"risk", "SC303", true,
		     "a possible syscall the derived filter stops (killed or an errno)"},
	[EV_UNFILTERABLE] = {"unfilterable", "SC304", false,
			     "a syscall that cannot be named in a filter on its ABI"},
	[EV_REFUSED_SYSCALL] = {"refused-syscall", "SC401", false,
				"a reached syscall the directive's rules refuse"},
	[EV_POSSIBLE_SYSCALL] = {"possible-syscall", "SC402", true,
				 "a refused syscall reached only on an assumption"},
	[EV_ENOSYS_FALLBACK] = {"enosys-fallback", "SC403", false,
				"a syscall refused with ENOSYS that glibc falls back from"},
	[EV_LIBC_INTERNAL] = {"libc-internal", "SC404", false,
			      "a value set inside glibc whose source shows it is allowed"},
	[EV_REFUSED_ARGUMENT] = {"refused-argument", "SC405", false,
				 "a constant argument the directive's rules refuse"},
	[EV_POSSIBLE_ARGUMENT] = {"possible-argument", "SC406", true,
				  "a refused argument at a site reached only on an assumption"},
	[EV_UNKNOWN_ARGUMENT] = {"unknown-argument", "SC407", true,
				 "an argument the rules test that the code does not fix"},
	[EV_SOCKETPAIR] = {"socketpair", "SC501", false, "socketpair(): systemd never filters it"},
	[EV_NOT_ENFORCED] = {"not-enforced", "SC502", false,
			     "a socket() family on an ABI systemd does not filter (x86)"},
	[EV_UNKNOWN_FAMILY] = {"unknown-family", "SC503", true,
			       "a socket() family that is not a constant"},
	[EV_UNNAMED_FAMILY] = {"unnamed-family", "SC504", false,
			       "a socket() family the list has no name for"},
	[EV_POSSIBLE_FAMILY] = {"possible-family", "SC505", true,
				"a family listed for a site reached only on an assumption"},
	[EV_NOT_DERIVED] = {"not-derived", "SC901", false,
			    "the directive could not be derived (what is missing is named)"},
	[EV_NOTHING_ANALYSED] = {"nothing-analysed", "SC902", false,
				 "no ELF object could be analysed"},
};

const char *evidence_kind_tag(enum evidence_kind k)
{
	return (unsigned)k < EV_KIND_MAX && evidence_rules[k].tag ? evidence_rules[k].tag : "?";
}

const char *evidence_kind_rule(enum evidence_kind k)
{
	return (unsigned)k < EV_KIND_MAX && evidence_rules[k].id ? evidence_rules[k].id : "?";
}
