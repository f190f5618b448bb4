/* SPDX-License-Identifier: MIT */
/* The syscall discovery engine (i386 and x86-64).
 *
 * Per object (sys_disasm.c): every executable PT_LOAD range is cut into
 * functions (symbols, .eh_frame FDEs, entry and init/fini addresses), each
 * function is disassembled with capstone and run through a small forward
 * data-flow pass that knows constants, entry parameters and stack slots.
 * It records syscall gates (with the number, the socketcall/ipc subcall and
 * the prot argument as value sets), calls (with the argument values at the
 * call) and functions whose address is taken.
 *
 * Across objects (syscalls.c): calls through the PLT and through text
 * relocations are bound to the exporting object in the closure (search
 * order = the model's object order); numbers that come from a parameter
 * (glibc's syscall(), __libc_do_syscall, ...) are resolved at the callers,
 * recursively and across objects; reachability from the roots gives each
 * syscall a confidence.
 *
 * Soundness first: every syscall site found is in the report, in one of
 * three tiers.
 *  - certain: reached from a root by calls the engine resolves (direct,
 *    PLT/GOT, text relocations) or through functions whose address reached
 *    code takes, directly or through data objects it references (a FILE's
 *    vtable, a handler table): a callback handed on is assumed called. An
 *    imported function whose address sits in an object's data (a symbol
 *    relocation other than a PLT slot: R_386_32, R_X86_64_64,
 *    R_386_GLOB_DAT without DT_PLTGOT; sqlite's table of libc functions)
 *    is reached as soon as any code of that object is; a GOT slot
 *    (R_X86_64_GLOB_DAT, R_386_GLOB_DAT) with the functions that load it
 *    (SC_IMPORT_REF). A call made only while a zero-guard is set (struct
 *    sys_gwrite) counts once a function that may set it is reached.
 *    Roots: e_entry of the executables and the loader,
 *    DT_INIT/INIT_ARRAY/FINI/FINI_ARRAY of every object, and the exports of
 *    dlopen candidates, plugins and libraries named on the command line
 *    that are named: imported by another object of the closure, spelled
 *    by a string constant of the closure (dlsym(h, "CreateInterface")) or
 *    given with --entry [OBJECT:]SYMBOL; and the exports of any object
 *    that a string constant of the program interpreter spells (ld.so looks
 *    up libc's __libc_early_init and malloc family by name).
 *  - possible: reached only from a root that rests on an assumption, which
 *    each provenance names (->assumption): the start script's interpreter
 *    (which of its paths the script takes is not analysed), or an export
 *    of a dlopen candidate or plugin that nothing names, or code of the
 *    program interpreter no root reaches (ld.so runs at every start-up;
 *    what it calls through pointers the engine cannot compute is assumed
 *    to run).
 *  - unreached: present in the code, reached from no root (libc exports
 *    that no object imports). Listed with evidence, never required.
 * A site whose number is not a constant is never dropped: it is listed
 * under "unresolved" with its location, and `complete` is false when such a
 * site lies in certain code. Implicit syscalls (restart_syscall, the
 * sigreturn pair, vDSO fallbacks, thread start-up) are added with their
 * reason, in the tier of what triggers them (a vDSO entry's fallback: the
 * wrapper making the same syscall, which is the code that calls the entry).
 *
 * Usage (the `analyze` verb):
 *	struct sys_opts so = { .max_prov = o->max_sites, .db_dir = o->db_dir };
 *	syscalls_analyze(a, &so);      // fills obj->sys and a->sysreport
 *	json_object *j = render_syscalls_json(a);   // render_syscalls.h
 *	// a->sysreport->abi[ARCH_X86].entries[i].name / .conf / .prov ...
 * Whoever fills obj->sys or a->sysreport also sets the destructor beside it
 * (obj_syscalls_free(), sysreport_free()); the model frees them through it. */
#ifndef SECCOMPAT_SYSCALLS_H
#define SECCOMPAT_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* ---- values of the data-flow pass ---- */

#define SYS_VAL_MAXC 6

enum sys_val_kind {
	SV_BOT,	  /* no path reaches here yet */
	SV_CONST, /* one of c[0..n) */
	SV_PARAM, /* the function's entry value of parameter `id` */
	SV_SP,	  /* stack address: base `id` + c[0] */
	SV_TOP,	  /* unknown */
	SV_KIND_MAX
};

/* Parameter ids: 0..SYS_NREGS-1 are entry registers (numbered by the
 * instruction set's decoder: arch/x86/regs.h; named by arch_desc.reg_names),
 * SYS_P_STACK + k is the k-th 4/8-byte stack argument (i386 cdecl),
 * SYS_P_DEREF + r * 4 + k the k-th word at the address entry register r
 * (< 8) holds, when the caller points it into its own frame (glibc 2.41's
 * i386 syscall helper takes arguments 1, 5 and 6 through %edi that way). */
enum {
	SYS_NREGS = 16,
	SYS_P_STACK = SYS_NREGS,
	SYS_P_DEREF = SYS_P_STACK + 8,
	SYS_P_DEREF_WORDS = 4,
	SYS_P_MAX = SYS_P_DEREF + 8 * SYS_P_DEREF_WORDS,
};

struct sys_val {
	uint8_t kind; /* enum sys_val_kind */
	uint8_t n;
	uint16_t id;
	int64_t c[SYS_VAL_MAXC];
};

/* ---- per-object facts (obj->sys) ---- */

enum sys_func_flag {
	SF_SYMBOL = 1 << 0,	/* start from a symbol */
	SF_FDE = 1 << 1,	/* start from an .eh_frame FDE */
	SF_ROOT = 1 << 2,	/* entry, DT_INIT(_ARRAY), DT_FINI(_ARRAY) */
	SF_EXPORT = 1 << 3,	/* a defined dynamic symbol points here */
	SF_ADDR_TAKEN = 1 << 4, /* address in data, a relocation or code */
	SF_ORPHAN = 1 << 5,	/* a window around a gate outside any known function */
	SF_PLT = 1 << 6,	/* a PLT stub (jmp *GOT) */
	SF_ENTRY = 1 << 7,	/* e_entry (a root only for executables) */
	SF_GAP = 1 << 8,	/* code between known functions, cut at ret+padding */
	SF_TRAMPOLINE = 1 << 9, /* `int $0x80; ret` / `syscall; ret` at its start */
};

struct sys_func {
	uint64_t start, end;
	const char *name; /* borrowed symbol name, or NULL */
	uint32_t flags;
	uint32_t host;		/* itself, or the function this piece was merged into */
	const char *plt_import; /* for SF_PLT: the imported symbol */
	const char *plt_version;
};

enum sys_gate_kind {
	SG_SYSCALL,
	SG_INT80,
	SG_SYSENTER,
	SG_GS_VSYSCALL,
	SG_DL_SYSINFO,
	SG_CALL_TRAMPOLINE, /* direct call of a function that is itself a bare gate */
	SG_MAX
};

#define SYS_SITE_ARGS 4

struct sys_site {
	uint64_t vaddr;
	uint32_t func;
	uint8_t gate;	   /* enum sys_gate_kind */
	struct sys_val nr; /* eax/rax at the gate */
	/* The first SYS_SITE_ARGS arguments of the ABI the gate enters
	 * (i386: ebx ecx edx esi; x86-64: rdi rsi rdx r10): args[0] is the
	 * socketcall/ipc subcall, args[2] the mmap/mprotect prot. */
	struct sys_val args[SYS_SITE_ARGS];
	/* The word args[1] points to (i386 socketcall: the first argument of
	 * the subcall, socket()'s family). */
	struct sys_val arg1_word0;
	uint8_t abi;  /* enum arch_id whose table the gate enters */
	bool handled; /* PROT_EXEC asked: the result is tested and failure returns quietly */
};

enum sys_call_kind {
	SC_LOCAL,    /* direct call/jmp into a function of this object */
	SC_IMPORT,   /* through the PLT or a text relocation to a symbol */
	SC_INDIRECT, /* through a register or memory */
	/* Not a call: the function loads an imported function's address from
	 * its GOT slot (x86-64 `mov foo@GOTPCREL(%rip)`); as a callback handed
	 * on, it is assumed called. No argument snapshot. */
	SC_IMPORT_REF,
	SC_KIND_MAX
};

struct sys_call { /* 48 bytes: ordered by size, no holes */
	uint64_t vaddr;
	const char *import, *version; /* SC_IMPORT */
	uint32_t func;		      /* caller */
	uint32_t target;	      /* SC_LOCAL: callee function index */
	uint32_t snap, n_snap;	      /* argument values at the call (pool below) */
	uint8_t kind;		      /* enum sys_call_kind */
	bool tail;		      /* a jmp, not a call */
	bool weak;		      /* SC_IMPORT of a weak undefined symbol */
	bool handled;		      /* as sys_site.handled, for arg 3 with PROT_EXEC */
	/* Made only on a path where a zero-initialised thread-local word
	 * of this object has been tested non-zero: guard id (1-based, see
	 * struct sys_gwrite), 0 for an unconditional call. */
	uint32_t guard;
};

/* One argument value at a call, compact (a big library records millions):
 * an SV_PARAM value, or one constant of an SV_CONST value; a set of n
 * constants takes n consecutive entries with the same param. */
struct sys_snap {
	int64_t c;     /* SV_CONST: one of the values */
	uint8_t param; /* callee parameter id (see SYS_P_STACK) */
	uint8_t id;    /* SV_PARAM: the caller's parameter */
	uint8_t kind;  /* SV_CONST or SV_PARAM */
	uint8_t pad;
} __attribute__((packed, aligned(4))); /* 12 bytes, not 16 */
_Static_assert(SYS_P_MAX <= 256, "parameter ids fit sys_snap's bytes");
/* The value of callee parameter `param` at call c, false when it was not
 * recorded (unknown at the call). */
bool sys_snap_value(const struct obj_syscalls *s, const struct sys_call *c, uint16_t param,
		    struct sys_val *ret);

/* A guard (struct sys_call.guard) is a thread-local variable of the
 * object, accessed in the initial-exec model (a GOT slot holding its
 * offset, R_X86_64_TPOFF64 / R_386_TLS_TPOFF without a symbol), that the
 * TLS image zero-fills: glibc's __libc_tsd_RPC_VARS, which every thread's
 * exit tests before it cleans up SunRPC state (svc_unregister,
 * pmap_unset: sockets). Only code can make it non-zero, and only the
 * functions listed here may: those that store anything but 0 to it, or
 * hand its offset or address on. Guarded calls count once a writer is
 * reached (syscalls.c reach()). */
struct sys_gwrite {
	uint32_t guard; /* guard id, or 0: every guard of the object */
	uint32_t func;	/* the writer */
};

/* A conditional jump the engine followed one way only: the other way runs
 * only after syscall nr (of the object's ABI) failed with ENOSYS, which
 * the assumed kernel (obj_syscalls.kernel_version) never answers for it,
 * or after it returned a value its success never has (glibc's fallbacks
 * for older kernels: statx -> fstatat64, faccessat2 -> faccessat and the
 * id calls, clock_gettime64 -> clock_gettime). */
struct sys_nosys {
	uint64_t vaddr;
	uint32_t func;
	uint32_t nr;
};

/* The syscalls whose ENOSYS fallbacks the engine may leave out, when the
 * assumed kernel is as new as each (sys_kernel.c): their names, *ret
 * borrowed. */
size_t sys_kernel_names(const char *const **ret);

/* Reference from code of function `from` to the start of function `to`,
 * directly (lea/mov/push of its address) or through data objects the code
 * references (via_data: a FILE's vtable, a handler table). */
struct sys_ref {
	uint32_t from, to;
	bool via_data;
};

struct obj_syscalls {
	const struct arch_desc *arch;
	struct sys_func *funcs; /* sorted by start up to n_sorted; prefilter windows after */
	size_t n_funcs, n_sorted, cap_funcs;
	struct sys_site *sites;
	size_t n_sites, cap_sites;
	struct sys_call *calls;
	size_t n_calls, cap_calls;
	struct sys_snap *snaps;
	size_t n_snaps, cap_snaps;
	struct sys_ref *refs;
	size_t n_refs, cap_refs;
	struct sys_gwrite *gwrites;
	size_t n_gwrites, cap_gwrites;
	struct sys_nosys *nosys;
	size_t n_nosys, cap_nosys;
	uint32_t n_guards;	 /* guard ids are 1..n_guards */
	uint32_t kernel_version; /* assumed (struct sys_nosys), 0: none */
	uint64_t n_insns;	 /* decoded instructions */
	uint64_t n_bad_bytes;	 /* bytes skipped as undecodable */
	bool analysed;
};

void obj_syscalls_free(struct obj_syscalls *s);
/* Frees what only linking reads (calls, their argument values, code
 * references), most of an object's summary, once syscalls_analyze() has
 * built the report and the cache holds the summary. Functions and gates
 * stay: reports name functions and count gates. */
void obj_syscalls_drop_links(struct obj_syscalls *s);
/* Disassembles one object, assuming nothing of the kernel. Returns 0,
 * -ENOTSUP when its ABI is not x86. */
int sys_disasm_object(struct elf_object *elf, struct obj_syscalls **ret);
/* Same, on a kernel of version `kernel` or later (61200 = 6.12, 0: any;
 * see struct sys_nosys), calling tick(arg, fraction of the code done) now
 * and then (about 64 times for a big object) from the calling thread;
 * tick may be NULL. */
int sys_disasm_object_progress(struct elf_object *elf, unsigned kernel,
			       void (*tick)(void *arg, double done), void *arg,
			       struct obj_syscalls **ret);
/* Index of the function starting at addr, or -1. */
long sys_func_at(const struct obj_syscalls *s, uint64_t addr);
/* Index of the function containing addr, or -1. */
long sys_func_containing(const struct obj_syscalls *s, uint64_t addr);
/* The engine's name for function fi of s: its symbol, the import of a PLT
 * stub, or "sub_ADDR" (its start, written into buf) for code no symbol
 * names. Reports keep the index and name it when shown. NULL when s is NULL
 * or has no function fi. */
#define SYS_FUNC_LABEL_MAX 24 /* "sub_" and 16 hex digits */
const char *sys_func_label(const struct obj_syscalls *s, uint32_t fi, char buf[SYS_FUNC_LABEL_MAX]);
/* Name of a callee parameter that holds ABI argument k (0-based). */
uint16_t sys_arg_param(const struct arch_desc *arch, unsigned k);

/* ---- the report (a->sysreport) ---- */

enum sys_conf {
	CONF_CERTAIN,
	CONF_POSSIBLE,
	CONF_UNREACHED,
	CONF_MAX
};
const char *sys_conf_name(enum sys_conf c);

struct sys_prov {
	struct site site; /* the gate, or the call that fixes the number */
	/* The function holding it: an index into site.obj->sys->funcs, named
	 * when shown (sys_func_label()). Not derived from site.vaddr: the
	 * site may lie in a piece merged into its host function, or in a
	 * prefilter window, which sys_func_containing() does not search. */
	uint32_t func;
	char *chain;	  /* "main -> syscall@libc.so.6" for wrapper-resolved numbers, or NULL */
	char *via;	  /* "socketcall", "ipc", "implicit" or NULL */
	char *assumption; /* CONF_POSSIBLE: what the path from its root assumes */
	enum sys_conf conf;
};

struct sys_entry {
	int nr;	    /* -1 for a subcall-only pseudo entry */
	char *name; /* libseccomp's spelling for the ABI */
	enum sys_conf conf;
	char *reason; /* implicit syscalls: why; NULL otherwise */
	struct sys_prov *prov;
	size_t n_prov, cap_prov; /* kept */
	size_t n_sites;		 /* seen */
};

struct sys_unresolved {
	/* The gate, the call that passes a value that is not a constant, or
	 * the start of a function that takes it and has no direct caller. */
	struct site site;
	uint32_t func; /* as sys_prov.func */
	char *what;    /* "syscall number", "socketcall subcall", "syscall() argument" */
	enum sys_conf conf;
};

struct sys_wx {
	struct site site; /* the call or the gate */
	uint32_t func;	  /* as sys_prov.func */
	bool handled;	  /* failure is tested and returns quietly (a probe) */
	char *callee;	  /* "mmap", "mprotect", "syscall(mprotect)" ... */
	int64_t prot;
	enum sys_conf conf;
};

/* A jump the engine followed one way only (struct sys_nosys), in the tier
 * of its function: the code on the other way, a fallback for a kernel
 * without syscall `after`, is left out. */
struct sys_cut {
	struct site site; /* the conditional jump */
	uint32_t func;	  /* as sys_prov.func */
	char *after;	  /* the syscall whose ENOSYS the fallback waits for */
	enum sys_conf conf;
};

/* An argument whose values a caller wants (sys_opts.watch): argument arg
 * (0-based, in the ABI's order) of syscall `name`, in every ABI, or of the
 * function `name`. For the
 * i386 socketcall subcalls ("socket", "socketpair"), only arg 0 (the first
 * word of the argument array) is followed. */
struct sys_arg_watch {
	const char *name;
	unsigned arg;
	/* name is a function (argument arg of its C prototype), followed at
	 * every call of it, not a syscall. */
	bool function;
};

/* One value of a watched argument, or its lack, where the code fixes it:
 * the gate, or the call of a wrapper that passes it on (at.chain). */
struct sys_argval {
	const struct sys_arg_watch *watch; /* borrowed from sys_opts.watch */
	enum arch_id abi;
	bool known;
	int64_t value;	    /* known: the constant */
	char *why;	    /* !known: why there is no constant */
	struct sys_prov at; /* site, func, chain, assumption, conf */
};

struct sys_abi_set {
	const struct arch_desc *arch; /* NULL when no object has this ABI */
	struct sys_entry *entries;    /* sorted by name */
	size_t n_entries, cap_entries;
	size_t n_unresolved;
};

/* Per object (same order as analysis.objects). */
struct sys_objsum {
	const struct sc_object *obj;
	struct strv reachable; /* syscall names its code can reach, imports included */
	size_t n_gates;
};

struct sysreport {
	struct sys_abi_set abi[ARCH_MAX];
	struct sys_unresolved *unresolved;
	size_t n_unresolved, cap_unresolved;
	struct sys_wx *wx;
	size_t n_wx, cap_wx;
	/* ENOSYS fallbacks left out, and the kernel assumed (0: none). */
	struct sys_cut *cuts;
	size_t n_cuts, cap_cuts;
	unsigned kernel_version;
	struct sys_objsum *objects;
	size_t n_objects;
	bool complete; /* no unresolved site in certain (root-reached) code */
	/* Exports taken as roots on an assumption ("engine_srv.so:Foo"), and
	 * the named ones, per reason (for the report). */
	struct strv possible_roots;
	struct strv named_roots;
	/* Watched arguments (sys_opts.watch), at most once per site and value. */
	struct sys_argval *argvals;
	size_t n_argvals, cap_argvals;
};

struct libcmap;

struct sys_opts {
	unsigned max_prov; /* provenance entries kept per syscall (0: 8) */
	/* The libc export maps for imports no object of the closure defines
	 * (libcmap.h); NULL: none, such imports make unknown syscalls. */
	struct libcmap *libc;
	/* --entry [OBJECT:]SYMBOL: exports that are certain roots (OBJECT is a
	 * path or a base name; without it, any object's export). */
	const struct strv *entries;
	/* Arguments whose values go to sysreport.argvals. */
	const struct sys_arg_watch *watch;
	size_t n_watch;
	/* The oldest kernel the code will run on (61200 = 6.12; 0: any), for
	 * the objects syscalls_analyze() disassembles (struct sys_nosys). */
	unsigned kernel_version;
};

/* Runs the engine over every object of a. Returns 0; -ENOMEM never (xalloc). */
int syscalls_analyze(struct analysis *a, const struct sys_opts *o);
void sysreport_free(struct sysreport *r);
/* Looks up an entry by name in an ABI's set, NULL when absent. */
const struct sys_entry *sysreport_find(const struct sysreport *r, enum arch_id abi,
				       const char *name);

/* ---- per-export summaries for the libc export map ---- */

/* Analyses obj alone (disassembling it when obj->sys is NULL) and gives,
 * for each function index, the sorted syscall names reachable from it inside
 * the object (wrapper numbers resolved at call sites inside the object);
 * only exported functions get a set. ret_sets has *ret_n entries; free each
 * with strv_clear() and the array with free(). Returns -ENOTSUP for a
 * non-x86 object. */
int sys_export_sets(struct sc_object *obj, struct strv **ret_sets, size_t *ret_n);

/* Name of syscall nr for arch: libseccomp's spelling, or "syscall_NR".
 * Caller frees. */
char *sys_name(const struct arch_desc *arch, int nr);
/* socketcall/ipc subcall names, NULL when unknown. */
const char *sys_socketcall_name(int sub);
const char *sys_ipc_name(int sub);

#endif
