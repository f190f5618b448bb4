/* SPDX-License-Identifier: MIT */
/* The seam between the syscall engine's generic half (sys_disasm.c: cutting
 * code into functions, the data-flow worklist, recording sites, calls and
 * references) and one instruction set (arch/<isa>/), in the manner of
 * objtool's arch_decode_instruction() and libseccomp's arch_def hooks.
 *
 * An instruction set supplies one struct sys_arch_ops: a decoder that turns
 * bytes into neutral records (struct sys_insn: what kind of control
 * transfer, how long, the direct target), the transfer function over the
 * abstract state (sys_val.h) for its instructions, the shapes of its PLT
 * stubs, syscall gates and relocations, and its calling conventions. The
 * generic half only looks at the records and calls the hooks; the transfer
 * function calls back into the generic half through the sys_* services
 * below to record what it finds. A new ABI family is one decoder with one
 * ops table, listed in sys_disasm.c's arch_ops[].
 *
 * Engine-internal: nothing outside sys_disasm.c and arch/ includes this. */
#ifndef SECCOMPAT_SYS_ARCH_H
#define SECCOMPAT_SYS_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf.h"
#include "sys_val.h"
#include "syscalls.h"
#include "util.h"

/* What an instruction does to control flow. */
enum sys_insn_type {
	SYS_INSN_OTHER,
	SYS_INSN_CALL,
	SYS_INSN_JUMP, /* unconditional */
	SYS_INSN_JCC,  /* conditional */
	SYS_INSN_RET,
	SYS_INSN_XRET, /* a return the engine does not follow (x86 retf) */
	SYS_INSN_HALT, /* ends the path (hlt, ud2) */
	SYS_INSN_TRAP, /* a breakpoint (int3) */
	SYS_INSN_GATE, /* enters the kernel (syscall, sysenter, int N) */
	SYS_INSN_TYPE_MAX
};

/* One decoded instruction, as the generic half sees it. */
struct sys_insn {
	uint64_t addr;
	uint64_t target; /* JUMP/JCC with has_target: the direct target */
	const void *raw; /* the decoder's own record, for its transfer function */
	uint16_t len;	 /* bytes */
	uint8_t type;	 /* enum sys_insn_type */
	bool has_target; /* JUMP/JCC to an immediate address */
	bool indirect;	 /* JUMP through a register or memory (a jump table) */
	bool padding;	 /* alignment filler: does not make dead code live */
};

/* What a relocation does, whatever the machine calls it. */
enum sys_reloc_kind {
	SYS_RELOC_OTHER,
	SYS_RELOC_RELATIVE,
	SYS_RELOC_IRELATIVE,
	SYS_RELOC_ABS,
	SYS_RELOC_PC,
	SYS_RELOC_GLOB_DAT,
	SYS_RELOC_JUMP_SLOT,
	SYS_RELOC_TPOFF, /* a GOT slot holding a TLS offset (initial exec) */
	SYS_RELOC_KIND_MAX
};

struct sys_arch_ops;
struct sys_target;

/* The calls whose ENOSYS fallbacks are dead on the assumed kernel
 * (sys_kernel.c): bit nr of impl when the kernel has syscall nr of the
 * object's ABI, of zero when its success is 0 alone. */
#define SYS_KERNEL_NR_MAX 1024
struct sys_kernel_set {
	uint8_t impl[SYS_KERNEL_NR_MAX / 8];
	uint8_t zero[SYS_KERNEL_NR_MAX / 8];
	bool any;
};

/* The set for arch on a kernel of version `kernel` (61200 = 6.12; 0: no
 * assumption, an empty set). */
void sys_kernel_calls(const struct arch_desc *arch, unsigned kernel, struct sys_kernel_set *ret);

static inline bool sys_kernel_has(const struct sys_kernel_set *k, int64_t nr, bool zero)
{
	const uint8_t *b = zero ? k->zero : k->impl;

	return nr >= 0 && nr < SYS_KERNEL_NR_MAX && (b[nr / 8] >> (nr % 8) & 1u);
}

struct sys_dref {
	uint32_t func;
	uint64_t addr;
};

/* Per object: what the generic half and the decoder share while one object
 * is disassembled. */
struct sys_ctx {
	const struct sys_arch_ops *ops;
	void *arch; /* the decoder's own per-object data (ops->open) */
	const struct elf_object *elf;
	struct obj_syscalls *out;
	uint64_t decoded; /* instructions decoded so far (see over_budget()) */
	bool is64;
	unsigned w;	 /* word size */
	uint64_t pltgot; /* DT_PLTGOT, 0 when none */
	/* The function being analysed. */
	uint32_t func;
	uint64_t fstart, fend;
	unsigned next_base; /* next stack frame base id (sys_slot.base) */
	struct sys_target *tg;
	size_t n_tg;
	struct u64map *relocs;	 /* r_offset -> index in elf->relocs */
	struct u64map gates;	 /* decoded gate addresses */
	struct u64map bad;	 /* addresses of skipped bytes */
	struct u64map snap_seqs; /* hash of a call's argument values -> their first snap */
	bool record;		 /* last data-flow pass: record sites and calls */
	struct sys_state *ijmp, *ijmp_new; /* join of states at indirect jmps (prev, this pass) */
	struct sys_dref *drefs;		   /* code references into data */
	struct u64map dref_seen;
	size_t n_drefs, cap_drefs;
	bool final_pass;
	bool pack_states;	/* this function's target states are packed */
	struct u64map *fstarts; /* start -> function index */
	uint64_t *exec_lo, *exec_hi;
	size_t n_exec;
	/* Zero-guards (struct sys_gwrite): GOT slot -> guard id of the
	 * zero-filled thread-local word whose offset it holds; the
	 * (guard, function) pairs recorded. */
	struct u64map tls_slots;
	uint64_t slot_lo, slot_hi; /* the lowest and highest of them */
	struct u64map guard_ok;	   /* ids that may guard a path */
	uint32_t fn_tag;	   /* the guards whose slots the function loads (sys_guard_set()) */
	struct u64map gw_seen;
	/* Calls the assumed kernel has (sys_nosys_cut()), and the addresses
	 * of the function being analysed that only cut jumps lead to. */
	struct sys_kernel_set kernel;
	struct u64map cut_to;
};

struct sys_arch_ops {
	/* Register indices (sys_state.r) of the stack pointer and the frame
	 * pointer, which loop headers and unknown entries keep. */
	uint8_t sp, fp;
	/* Bytes per PLT entry (.plt, .plt.sec, .plt.got are cut into them). */
	uint8_t plt_entry;
	/* Sets up c->arch for one object; -ENOTSUP when the decoder cannot. */
	int (*open)(struct sys_ctx *c);
	void (*close)(struct sys_ctx *c);
	/* Decodes one instruction at addr from code[0, size); false when the
	 * bytes are no instruction. ret->raw stays valid until the next call. */
	bool (*decode_one)(struct sys_ctx *c, const unsigned char *code, size_t size, uint64_t addr,
			   struct sys_insn *ret);
	/* Decodes instructions from code[0, size) until the first that does
	 * not decode; returns how many, *ret (freed by free_run) when not 0. */
	size_t (*decode_run)(struct sys_ctx *c, const unsigned char *code, size_t size,
			     uint64_t addr, struct sys_insn **ret);
	void (*free_run)(struct sys_insn *v, size_t n);
	/* The transfer function: the effect of in on st, recording through
	 * the sys_* services below. */
	void (*step)(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in);
	/* What a PLT stub at addr (inside the code) jumps to: 1 and an import
	 * in *ret_sym, 2 and a local IRELATIVE target in *ret_local, or 0. */
	int (*plt_stub)(struct sys_ctx *c, uint64_t addr, const struct elf_sym **ret_sym,
			uint64_t *ret_local);
	enum sys_reloc_kind (*reloc_kind)(uint16_t machine, uint32_t type);
	/* Length of the syscall gate whose bytes start at p (avail bytes
	 * there), 0 when none: the prefilter's byte patterns. */
	unsigned (*gate_bytes)(const struct sys_ctx *c, const unsigned char *p, size_t avail);
	/* Whether a function whose first 8 bytes are p, with a gate off bytes
	 * in, is a bare gate and return (a syscall trampoline). */
	bool (*trampoline)(const unsigned char *p, uint64_t off);
	/* Calling conventions: the callee parameter id of ABI argument k; the
	 * argument values at a call (sys_push_snap() each); the number and
	 * arguments at a gate g (nr, args, arg1_word0, abi of s). */
	uint16_t (*arg_param)(const struct arch_desc *arch, unsigned k);
	void (*snap_call)(struct sys_ctx *c, const struct sys_state *st, bool tail);
	void (*site)(const struct sys_ctx *c, const struct sys_state *st, enum sys_gate_kind g,
		     struct sys_site *s);
	/* Whether the code after a W->X request at `after` is a probe that
	 * handles a refusal quietly (see x86's). */
	bool (*failure_handled)(struct sys_ctx *c, uint64_t after);
};

/* ---- services of the generic half, for transfer functions ---- */

/* The guard id of the TLS offset GOT slot `slot` holds, 0 when it is none
 * (struct sys_gwrite). */
uint32_t sys_tls_slot_guard(const struct sys_ctx *c, uint64_t slot);
/* Whether guard id g may guard a path (a zero-filled variable of the
 * object's own). */
bool sys_guard_ok(const struct sys_ctx *c, uint32_t g);
/* Records that the function being analysed may make guard g (0: every
 * guard of the object) non-zero (the last pass only). */
void sys_guard_write(struct sys_ctx *c, uint32_t g);

/* Records a syscall gate at vaddr (the last pass only). */
void sys_add_site(struct sys_ctx *c, const struct sys_state *st, uint64_t vaddr,
		  enum sys_gate_kind g);
/* Records a call at vaddr (the last pass only). */
void sys_add_call(struct sys_ctx *c, const struct sys_state *st, uint64_t vaddr, bool tail,
		  enum sys_call_kind kind, uint32_t target, const struct elf_sym *imp);
/* Records v as the value of callee parameter `param` of the call being
 * recorded (ops->snap_call). */
void sys_push_snap(struct sys_ctx *c, uint16_t param, const struct sys_val *v);
/* A call or jmp at vaddr to the immediate target t leaving the function;
 * reloc_field is the address of the instruction's target field when a
 * text relocation there may name the callee, else 0. Returns whether the
 * callee is known never to return. */
bool sys_direct_transfer(struct sys_ctx *c, struct sys_state *st, uint64_t vaddr, uint64_t t,
			 uint64_t reloc_field, bool tail);
/* A branch from `from` to t inside the function: st flows there. */
void sys_branch(struct sys_ctx *c, const struct sys_state *st, uint64_t from, uint64_t t);
/* An indirect jump that stays in the function (a jump table): st flows to
 * the code no direct edge reaches. */
void sys_indirect_jump(struct sys_ctx *c, const struct sys_state *st);
/* Code references target (a function's address or a data object). */
void sys_add_ref(struct sys_ctx *c, uint64_t target);
/* Records that the current function takes the address of the function
 * starting at target; nothing when target starts no function. */
void sys_add_code_ref(struct sys_ctx *c, uint64_t target);
/* Records that the current function loads the address of the imported
 * function imp (its GOT slot) at vaddr: an SC_IMPORT_REF (the last pass
 * only). */
void sys_add_import_ref(struct sys_ctx *c, uint64_t vaddr, const struct elf_sym *imp);
/* The import a GOT slot's GLOB_DAT/JUMP_SLOT relocation names, or NULL. */
const struct elf_sym *sys_got_import(const struct sys_ctx *c, const struct sys_val *slot);
/* The import a GLOB_DAT relocation at slot names, or NULL. */
const struct elf_sym *sys_glob_dat_import(const struct sys_ctx *c, uint64_t slot);
/* What the PLT/GOT slot at slot holds: 1 and an import, 2 and a local
 * IRELATIVE target, 0 when its relocation says neither. */
int sys_slot_target(const struct sys_ctx *c, uint64_t slot, const struct elf_sym **ret_sym,
		    uint64_t *ret_local);
/* Records that the conditional jump at vaddr runs one way only, because
 * the other, to `dead` (its target or the next instruction), needs
 * syscall nr to have failed with ENOSYS (or to have returned what its
 * success never does) on the assumed kernel. Code there that no other
 * edge reaches stays dead in the last pass, which otherwise takes such
 * code for a case of a jump table (unless the function has one). */
void sys_nosys_cut(struct sys_ctx *c, uint64_t vaddr, int64_t nr, uint64_t dead);
/* Whether a dynamic relocation applies at vaddr. */
bool sys_has_reloc(const struct sys_ctx *c, uint64_t vaddr);
/* Whether vaddr lies in the object's executable code. */
bool sys_in_exec(const struct sys_ctx *c, uint64_t vaddr);
/* Reads a pointer-sized word at vaddr with its relocation applied. */
bool sys_read_ptr(const struct sys_ctx *c, uint64_t vaddr, uint64_t *ret);
/* Every path from a reaches a return within *budget instructions without
 * a call, an indirect jump or a trap. */
bool sys_paths_return(struct sys_ctx *c, uint64_t a, int *budget, unsigned depth);

#endif
