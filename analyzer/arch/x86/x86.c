// SPDX-License-Identifier: MIT
/* The x86 half of the syscall engine (i386 and x86-64), behind
 * sys_arch_ops (sys_arch.h): capstone decoding into neutral records, the
 * register file, the calling conventions (which registers and stack words
 * carry syscall and call arguments), the syscall gates (syscall, sysenter,
 * int $0x80, call *%gs:0x10, call *_dl_sysinfo), the PLT and pc-thunk
 * shapes, the relocation kinds and the transfer function. */
#include <capstone/capstone.h>
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/regs.h"
#include "arch/x86/x86.h"
#include "sys_arch.h"

/* The compact record of one instruction (sys_insn.raw): what the transfer
 * function and the shape scans read of capstone's cs_insn and its cs_detail,
 * in 32 bytes and 24 per operand instead of 2,088 (capstone 4). A function's
 * instructions stay decoded while it is analysed, and one function of
 * libLLVM or of Valve's engine has tens of thousands (issue 11: 13.6 of the
 * 29 MiB heap peak on the srcds sample tree were cs_insn arrays; then the
 * 216-byte records with room for 8 operands each, 1.6 MiB of one libc
 * function's 7,000 instructions). The operands of a run sit in one array
 * beside it. Register ids fit a byte (X86_REG_ENDING is 242; checked
 * below). */
struct xmem {
	int64_t disp;
	uint8_t segment, base, index;
};
struct xop {
	union {
		int64_t imm;
		struct xmem mem;
		uint8_t reg;
	};
	uint8_t type, size, access; /* x86_op_type, bytes, CS_AC_* */
};
#define XOPS 8 /* cs_x86.operands[] */
struct xinsn {
	uint64_t address;
	const struct xop *operands; /* op_count of them */
	uint32_t wmask;		    /* X86_R_* bits of the registers it writes */
	uint32_t rmask;		    /* and of those it reads */
	uint16_t id;		    /* x86_insn */
	uint8_t size, op_count;
	uint8_t byte0; /* its first byte */
	bool regs_ok;  /* cs_regs_access() knew its registers (wmask) */
	bool jump;     /* in capstone's jump group */
};
/* An instruction decoded alone, with room for its operands. */
struct xone {
	struct xinsn insn;
	struct xop ops[XOPS];
};
_Static_assert((int)X86_R_MAX == (int)SYS_NREGS,
	       "the x86 register file is the state's (and arch.c names SYS_NREGS)");
_Static_assert(X86_REG_ENDING <= 256, "x86 register ids fit xmem's bytes");
_Static_assert(X86_INS_ENDING <= 65536, "x86 instruction ids fit xinsn.id");

/* Per object (sys_ctx.arch). */
struct x86 {
	csh cs;
	cs_insn *scratch;     /* the instruction capstone decodes into */
	struct xone one;      /* decode_one()'s record */
	uint64_t dl_sysinfo;  /* static i386 glibc's _dl_sysinfo, 0: none */
	struct u64map thunks; /* address -> thunk_reg() */
};

static struct x86 *X(const struct sys_ctx *c)
{
	return c->arch;
}

/* ------------------------------------------------------------------ */
/* Registers. */

static const struct {
	uint16_t reg;
	uint8_t idx, width;
} reg_tab[] = {
	{X86_REG_RAX, X86_R_AX, 64},   {X86_REG_EAX, X86_R_AX, 32},   {X86_REG_AX, X86_R_AX, 16},
	{X86_REG_AL, X86_R_AX, 8},     {X86_REG_AH, X86_R_AX, 8},     {X86_REG_RCX, X86_R_CX, 64},
	{X86_REG_ECX, X86_R_CX, 32},   {X86_REG_CX, X86_R_CX, 16},    {X86_REG_CL, X86_R_CX, 8},
	{X86_REG_CH, X86_R_CX, 8},     {X86_REG_RDX, X86_R_DX, 64},   {X86_REG_EDX, X86_R_DX, 32},
	{X86_REG_DX, X86_R_DX, 16},    {X86_REG_DL, X86_R_DX, 8},     {X86_REG_DH, X86_R_DX, 8},
	{X86_REG_RBX, X86_R_BX, 64},   {X86_REG_EBX, X86_R_BX, 32},   {X86_REG_BX, X86_R_BX, 16},
	{X86_REG_BL, X86_R_BX, 8},     {X86_REG_BH, X86_R_BX, 8},     {X86_REG_RSP, X86_R_SP, 64},
	{X86_REG_ESP, X86_R_SP, 32},   {X86_REG_SP, X86_R_SP, 16},    {X86_REG_SPL, X86_R_SP, 8},
	{X86_REG_RBP, X86_R_BP, 64},   {X86_REG_EBP, X86_R_BP, 32},   {X86_REG_BP, X86_R_BP, 16},
	{X86_REG_BPL, X86_R_BP, 8},    {X86_REG_RSI, X86_R_SI, 64},   {X86_REG_ESI, X86_R_SI, 32},
	{X86_REG_SI, X86_R_SI, 16},    {X86_REG_SIL, X86_R_SI, 8},    {X86_REG_RDI, X86_R_DI, 64},
	{X86_REG_EDI, X86_R_DI, 32},   {X86_REG_DI, X86_R_DI, 16},    {X86_REG_DIL, X86_R_DI, 8},
	{X86_REG_R8, X86_R_R8, 64},    {X86_REG_R8D, X86_R_R8, 32},   {X86_REG_R8W, X86_R_R8, 16},
	{X86_REG_R8B, X86_R_R8, 8},    {X86_REG_R9, X86_R_R9, 64},    {X86_REG_R9D, X86_R_R9, 32},
	{X86_REG_R9W, X86_R_R9, 16},   {X86_REG_R9B, X86_R_R9, 8},    {X86_REG_R10, X86_R_R10, 64},
	{X86_REG_R10D, X86_R_R10, 32}, {X86_REG_R10W, X86_R_R10, 16}, {X86_REG_R10B, X86_R_R10, 8},
	{X86_REG_R11, X86_R_R11, 64},  {X86_REG_R11D, X86_R_R11, 32}, {X86_REG_R11W, X86_R_R11, 16},
	{X86_REG_R11B, X86_R_R11, 8},  {X86_REG_R12, X86_R_R12, 64},  {X86_REG_R12D, X86_R_R12, 32},
	{X86_REG_R12W, X86_R_R12, 16}, {X86_REG_R12B, X86_R_R12, 8},  {X86_REG_R13, X86_R_R13, 64},
	{X86_REG_R13D, X86_R_R13, 32}, {X86_REG_R13W, X86_R_R13, 16}, {X86_REG_R13B, X86_R_R13, 8},
	{X86_REG_R14, X86_R_R14, 64},  {X86_REG_R14D, X86_R_R14, 32}, {X86_REG_R14W, X86_R_R14, 16},
	{X86_REG_R14B, X86_R_R14, 8},  {X86_REG_R15, X86_R_R15, 64},  {X86_REG_R15D, X86_R_R15, 32},
	{X86_REG_R15W, X86_R_R15, 16}, {X86_REG_R15B, X86_R_R15, 8},
};
static int8_t reg_idx[X86_REG_ENDING];
static uint8_t reg_wid[X86_REG_ENDING];
static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

/* Fills the capstone register -> state slot index once (objects are
 * disassembled on several threads). */
static void reg_init(void)
{
	memset(reg_idx, -1, sizeof(reg_idx));
	for (size_t i = 0; i < ARRAY_SIZE(reg_tab); i++) {
		reg_idx[reg_tab[i].reg] = (int8_t)reg_tab[i].idx;
		reg_wid[reg_tab[i].reg] = reg_tab[i].width;
	}
}

static int reg_index(unsigned reg, unsigned *ret_width)
{
	pthread_once(&reg_once, reg_init);
	if (reg >= X86_REG_ENDING || reg_idx[reg] < 0)
		return -1;
	*ret_width = reg_wid[reg];
	return reg_idx[reg];
}

/* Writes v to a register operand; partial (8/16-bit) writes lose it.
 * A 32-bit write on x86-64 zero-extends, which keeps small constants. */
static void set_reg(struct sys_state *st, unsigned reg, struct sys_val v)
{
	unsigned w;
	int i = reg_index(reg, &w);

	if (i < 0)
		return;
	st->r[i] = w >= 32 ? v : sv_top();
}

static struct sys_val get_reg(const struct sys_state *st, unsigned reg)
{
	unsigned w;
	int i = reg_index(reg, &w);

	if (i < 0 || w < 32)
		return sv_top();
	return st->r[i];
}

/* The only place that knows R_386_* / R_X86_64_*. */
static enum sys_reloc_kind reloc_kind(uint16_t machine, uint32_t type)
{
	if (machine == EM_386) {
		switch (type) {
		case R_386_RELATIVE:
			return SYS_RELOC_RELATIVE;
		case R_386_IRELATIVE:
			return SYS_RELOC_IRELATIVE;
		case R_386_32:
			return SYS_RELOC_ABS;
		case R_386_PC32:
		case R_386_PLT32:
			return SYS_RELOC_PC;
		case R_386_GLOB_DAT:
			return SYS_RELOC_GLOB_DAT;
		case R_386_JMP_SLOT:
			return SYS_RELOC_JUMP_SLOT;
		case R_386_TLS_TPOFF:
			return SYS_RELOC_TPOFF;
		}
	} else if (machine == EM_X86_64) {
		switch (type) {
		case R_X86_64_RELATIVE:
			return SYS_RELOC_RELATIVE;
		case R_X86_64_IRELATIVE:
			return SYS_RELOC_IRELATIVE;
		case R_X86_64_64:
			return SYS_RELOC_ABS;
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
			return SYS_RELOC_PC;
		case R_X86_64_GLOB_DAT:
			return SYS_RELOC_GLOB_DAT;
		case R_X86_64_JUMP_SLOT:
			return SYS_RELOC_JUMP_SLOT;
		case R_X86_64_TPOFF64:
			return SYS_RELOC_TPOFF;
		}
	}
	return SYS_RELOC_OTHER;
}

/* ------------------------------------------------------------------ */
/* Shapes and conventions. */

static void compact(csh cs, const cs_insn *in, struct xinsn *out, struct xop *ops);

/* The instruction at a inside the current function into *ret; false when
 * there is none. For scans that look at operands (failure_handled()). */
static bool decode_at(struct sys_ctx *c, uint64_t a, struct xone *ret)
{
	const unsigned char *code;
	size_t size;

	if (a < c->fstart || a >= c->fend || !(code = elf_vaddr_ptr(c->elf, a, c->fend - a)))
		return false;
	size = c->fend - a;
	if (!cs_disasm_iter(X(c)->cs, &code, &size, &a, X(c)->scratch))
		return false;
	compact(X(c)->cs, X(c)->scratch, &ret->insn, ret->ops);
	return true;
}

static bool jump_target(const struct xinsn *insn, uint64_t *ret);

/* The i386 text relocation a call/jmp rel32 (e8/e9) may carry sits at its
 * target field. */
static uint64_t reloc_field(const struct xinsn *insn)
{
	if (insn->size == 5 && (insn->byte0 == 0xe8 || insn->byte0 == 0xe9))
		return insn->address + 1;
	return 0;
}

static void check_ref(struct sys_ctx *c, const struct sys_val *v)
{
	int64_t x;

	if (sv_single(v, &x))
		sys_add_ref(c, (uint64_t)x);
}

/* System V: i386 cdecl passes every argument on the stack, x86-64 the
 * first six in rdi rsi rdx rcx r8 r9 (psABI 3.2.3). */
static uint16_t arg_param(const struct arch_desc *arch, unsigned k)
{
	static const uint8_t regs64[] = {X86_R_DI, X86_R_SI, X86_R_DX,
					 X86_R_CX, X86_R_R8, X86_R_R9};

	if (arch->args_on_stack)
		return SYS_P_STACK + k;
	return k < ARRAY_SIZE(regs64) ? regs64[k] : SYS_P_STACK + (k - ARRAY_SIZE(regs64));
}

/* The __x86.get_pc_thunk.REG pattern `mov (%esp),%REG; ret` (8b /r 24 c3):
 * returns REG+1, or 0 when addr is not such a thunk. The thunk keeps every
 * other register, eax included. */
static unsigned thunk_reg(struct sys_ctx *c, uint64_t addr)
{
	const unsigned char *p;
	uint32_t v = u64map_get(&X(c)->thunks, addr);
	unsigned r = 0;

	if (v != UINT32_MAX)
		return v;
	if (!c->is64) {
		p = elf_vaddr_ptr(c->elf, addr, 4);
		if (p && p[0] == 0x8b && (p[1] & 0xc7) == 0x04 && p[2] == 0x24 && p[3] == 0xc3)
			r = ((p[1] >> 3) & 7) + 1;
	}
	u64map_put(&X(c)->thunks, addr, r);
	return r;
}

/* A PLT stub is `[endbr] jmp *slot`, the slot addressed absolutely (i386
 * non-PIC), from %ebx = the GOT (i386 PIC) or %rip (x86-64); what the
 * slot's relocation names is what the stub jumps to (sys_slot_target()). */
static int plt_stub(struct sys_ctx *c, uint64_t addr, const struct elf_sym **ret_sym,
		    uint64_t *ret_local)
{
	const unsigned char *code;
	uint64_t a = addr, slot, size;
	cs_insn *insn = NULL;
	size_t n_insn = 0;
	int result = 0;

	for (int k = 0; k < 2; k++) {
		size = 16;
		code = elf_vaddr_ptr(c->elf, a, size);
		if (!code)
			break;
		n_insn = cs_disasm(X(c)->cs, code, size, a, 1, &insn);
		if (n_insn != 1)
			break;
		if (insn->id == X86_INS_ENDBR32 || insn->id == X86_INS_ENDBR64) {
			a += insn->size;
			cs_free(insn, 1);
			insn = NULL;
			n_insn = 0;
			continue;
		}
		if (insn->id == X86_INS_JMP && insn->detail->x86.op_count == 1 &&
		    insn->detail->x86.operands[0].type == X86_OP_MEM) {
			const x86_op_mem *m = &insn->detail->x86.operands[0].mem;
			bool ok = true;
			if (m->index != X86_REG_INVALID || m->segment != X86_REG_INVALID)
				ok = false;
			else if (m->base == X86_REG_RIP)
				slot = insn->address + insn->size + (uint64_t)m->disp;
			else if (m->base == X86_REG_INVALID)
				slot = (uint64_t)m->disp & (c->is64 ? UINT64_MAX : UINT32_MAX);
			else if (m->base == X86_REG_EBX && c->pltgot)
				slot = (c->pltgot + (uint64_t)m->disp) & UINT32_MAX;
			else
				ok = false;
			if (ok)
				result = sys_slot_target(c, slot, ret_sym, ret_local);
		}
		break;
	}
	if (n_insn)
		cs_free(insn, n_insn);
	return result;
}

/* The argument values at a call: the registers a callee may take its
 * arguments or a syscall number in (i386: eax and the gate registers;
 * x86-64: rax, the six argument registers and r10), the stack arguments,
 * and the words of this frame that a register points to. */
static void snap_call(struct sys_ctx *c, const struct sys_state *st, bool tail)
{
	static const uint8_t regs32[] = {X86_R_AX, X86_R_CX, X86_R_DX, X86_R_BX,
					 X86_R_SI, X86_R_DI, X86_R_BP};
	static const uint8_t regs64[] = {X86_R_AX, X86_R_DI, X86_R_SI, X86_R_DX,
					 X86_R_CX, X86_R_R8, X86_R_R9, X86_R_R10};
	const uint8_t *regs = c->is64 ? regs64 : regs32;
	size_t n_regs = c->is64 ? ARRAY_SIZE(regs64) : ARRAY_SIZE(regs32);

	for (size_t i = 0; i < n_regs; i++)
		sys_push_snap(c, regs[i], &st->r[regs[i]]);
	/* Stack arguments: every i386 cdecl argument, and on x86-64 the 7th
	 * and later ones (System V psABI 3.2.3). glibc 2.41 passes the syscall
	 * number of its cancellable calls as the 7th argument of
	 * __syscall_cancel (`push $0x2a; call __syscall_cancel`,
	 * sysdeps/unix/sysdep.h), so x86-64 needs them too. */
	if (st->r[X86_R_SP].kind == SV_SP) {
		for (unsigned k = 0; k < SYS_STACK_ARGS; k++) {
			/* At a call the callee's first argument is at (%esp); at a
			 * tail jmp the return address is already there. */
			struct sys_val a =
				sv_sp(st->r[X86_R_SP].id,
				      st->r[X86_R_SP].c[0] + (tail ? c->w : 0) + k * c->w);
			struct sys_val v = sys_state_load(st, c->w, &a);
			sys_push_snap(c, SYS_P_STACK + k, &v);
		}
	}
	/* A register pointing into this frame: the words there, for a callee
	 * that reads its arguments through it (SYS_P_DEREF). */
	for (unsigned r = 0; r < 8; r++) {
		const struct sys_val *p = &st->r[r];
		if (r == X86_R_SP || p->kind != SV_SP)
			continue;
		for (unsigned k = 0; k < SYS_P_DEREF_WORDS; k++) {
			struct sys_val a = sv_sp(p->id, p->c[0] + k * c->w);
			struct sys_val v = sys_state_load(st, c->w, &a);
			sys_push_snap(c, SYS_P_DEREF + r * SYS_P_DEREF_WORDS + k, &v);
		}
	}
}

/* Whether the code after a W->X request at `after` is a probe that handles
 * a refusal quietly: the memory is unmapped right away (a munmap syscall, so
 * nothing ever runs from it), the result (rax, or a register it was copied
 * to) is then tested by a conditional branch, and every path from that
 * branch returns without calling anything. Debian 13's x86-64 ld.so probes
 * whether memory can become executable that way (mmap RW, store, mprotect
 * R+X, munmap, and a quiet return when mprotect failed): refusing it is no
 * failure. Anything else (an abort, an error report, code run from the
 * memory, a result handed to a caller) is not. */
static bool failure_handled(struct sys_ctx *c, uint64_t after)
{
	uint32_t holds = 1u << X86_R_AX;
	uint64_t a = after;
	int64_t eax = -1;
	bool unmapped = false;

	for (int n = 0; n < 16; n++) {
		struct xone in;
		const struct xinsn *insn = &in.insn, *x = &in.insn;
		unsigned w;
		int ri;
		bool tested = false, stop = false;

		if (!decode_at(c, a, &in))
			return false;
		if (insn->id == X86_INS_TEST || insn->id == X86_INS_CMP) {
			for (unsigned i = 0; i < x->op_count; i++)
				if (x->operands[i].type == X86_OP_REG &&
				    (ri = reg_index(x->operands[i].reg, &w)) >= 0 && w >= 32 &&
				    (holds & (1u << ri)))
					tested = true;
		}
		if (tested) {
			uint64_t next = insn->address + insn->size, t;
			struct xone jo;
			const struct xinsn *j = &jo.insn;
			int budget = 64;
			return unmapped && decode_at(c, next, &jo) && j->jump &&
			       j->id != X86_INS_JMP && jump_target(j, &t) &&
			       sys_paths_return(c, t, &budget, 0) &&
			       sys_paths_return(c, j->address + j->size, &budget, 0);
		}
		if (insn->id == X86_INS_MOV && x->op_count == 2 &&
		    x->operands[0].type == X86_OP_REG && x->operands[1].type == X86_OP_IMM &&
		    reg_index(x->operands[0].reg, &w) == X86_R_AX && w >= 32) {
			eax = x->operands[1].imm;
			holds &= ~(1u << X86_R_AX);
		} else if (insn->id == X86_INS_MOV && x->op_count == 2 &&
			   x->operands[0].type == X86_OP_REG && x->operands[1].type == X86_OP_REG &&
			   (ri = reg_index(x->operands[1].reg, &w)) >= 0 && w >= 32 &&
			   (holds & (1u << ri)) && (ri = reg_index(x->operands[0].reg, &w)) >= 0 &&
			   w >= 32) {
			holds |= 1u << ri;
		} else if (insn->id == X86_INS_SYSCALL ||
			   (insn->id == X86_INS_INT && x->op_count == 1 &&
			    x->operands[0].type == X86_OP_IMM && x->operands[0].imm == 0x80)) {
			/* munmap: 11 on x86-64, 91 on i386 (syscall_*.tbl) */
			unmapped |= eax == (c->is64 && insn->id == X86_INS_SYSCALL ? 11 : 91);
			holds &= ~((1u << X86_R_AX) | (1u << X86_R_CX) | (1u << X86_R_R11));
			eax = -1;
		} else if (insn->id == X86_INS_CALL || insn->id == X86_INS_RET || insn->jump) {
			stop = true;
		} else if (insn->regs_ok) {
			holds &= ~insn->wmask;
		} else {
			stop = true;
		}
		a = insn->address + insn->size;
		if (stop || !holds)
			return false;
	}
	return false;
}

/* The number and ABI arguments at a gate: the number is in eax/rax;
 * int $0x80, sysenter and the i386 vsyscall take the arguments in ebx ecx
 * edx esi edi ebp (arch/x86/entry/entry_32.S), the syscall instruction in
 * rdi rsi rdx r10 r8 r9 (entry_64.S). */
static void site(const struct sys_ctx *c, const struct sys_state *st, enum sys_gate_kind g,
		 struct sys_site *s)
{
	static const uint8_t regs32[SYS_SITE_ARGS] = {X86_R_BX, X86_R_CX, X86_R_DX, X86_R_SI};
	static const uint8_t regs64[SYS_SITE_ARGS] = {X86_R_DI, X86_R_SI, X86_R_DX, X86_R_R10};
	const uint8_t *regs = g == SG_SYSCALL && c->is64 ? regs64 : regs32;
	const struct sys_val *p;

	s->nr = st->r[X86_R_AX];
	/* int $0x80 and sysenter enter the i386 syscall table even from
	 * 64-bit code (arch/x86/entry/entry_64_compat.S). */
	s->abi = (g == SG_SYSCALL) ? c->out->arch->id : ARCH_X86;
	for (unsigned k = 0; k < SYS_SITE_ARGS; k++)
		s->args[k] = st->r[regs[k]];
	/* The word args[1] points to: a slot of this frame, or a word the
	 * caller stored where an entry register points (SYS_P_DEREF). */
	p = &s->args[1];
	if (p->kind == SV_SP)
		s->arg1_word0 = sys_state_load(st, c->w, p);
	else if (p->kind == SV_PARAM && p->id < 8 && p->id != X86_R_SP && st->deref_ok)
		s->arg1_word0 = sv_param(SYS_P_DEREF + p->id * SYS_P_DEREF_WORDS);
	else
		s->arg1_word0 = sv_top();
}

static struct sys_val mem_addr(const struct sys_ctx *c, const struct sys_state *st,
			       const struct xinsn *insn, const struct xmem *m)
{
	struct sys_val b;
	int64_t x;

	if (m->segment != X86_REG_INVALID)
		return sv_top();
	if (m->index != X86_REG_INVALID)
		return sv_top();
	if (m->base == X86_REG_RIP)
		return sv_const((int64_t)(insn->address + insn->size + (uint64_t)m->disp));
	if (m->base == X86_REG_INVALID)
		return sv_const(c->is64 ? m->disp : (int64_t)(uint32_t)m->disp);
	b = get_reg(st, m->base);
	if (b.kind == SV_SP) {
		if (m->disp < -(1 << 24) || m->disp > (1 << 24))
			return sv_top();
		return sv_sp(b.id, b.c[0] + m->disp);
	}
	if (sv_single(&b, &x)) {
		uint64_t sum = (uint64_t)x + (uint64_t)m->disp;
		return sv_const(c->is64 ? (int64_t)sum : (int64_t)(uint32_t)sum);
	}
	return sv_top();
}

/* The guard id of the slot at constant address k, 0 when it holds none. */
static uint32_t slot_at(const struct sys_ctx *c, uint64_t k)
{
	return k >= c->slot_lo && k <= c->slot_hi ? sys_tls_slot_guard(c, k) : 0;
}

static struct sys_val operand_value(const struct sys_ctx *c, const struct sys_state *st,
				    const struct xinsn *insn, const struct xop *op)
{
	struct sys_val a;
	uint32_t g;

	switch (op->type) {
	case X86_OP_IMM:
		return sv_const(c->is64 || op->size == 8 ? op->imm : (int64_t)(uint32_t)op->imm);
	case X86_OP_REG:
		return get_reg(st, op->reg);
	case X86_OP_MEM:
		if (op->size != c->w && !(op->size == 4 && c->is64))
			return sv_top();
		if (st->deref_ok && op->size == c->w && op->mem.segment == X86_REG_INVALID &&
		    op->mem.index == X86_REG_INVALID && op->mem.base != X86_REG_RIP &&
		    op->mem.disp >= 0 && op->mem.disp % c->w == 0 &&
		    op->mem.disp / c->w < SYS_P_DEREF_WORDS) {
			/* A word the caller stored where an entry register
			 * points; valid until a call, a gate or a store
			 * outside the frame could have changed it. */
			a = get_reg(st, op->mem.base);
			if (a.kind == SV_PARAM && a.id < 8 && a.id != X86_R_SP)
				return sv_param(SYS_P_DEREF + a.id * SYS_P_DEREF_WORDS +
						(unsigned)(op->mem.disp / c->w));
		}
		a = mem_addr(c, st, insn, &op->mem);
		if (a.kind == SV_CONST && a.n == 1 && op->size == c->w &&
		    (g = slot_at(c, (uint64_t)a.c[0])))
			return sv_const((sys_guard_ok(c, g) ? SV_TAG : SV_TAG_OTHER) | g);
		if (a.kind == SV_CONST && a.n == 1 && op->size == c->w &&
		    sys_has_reloc(c, (uint64_t)a.c[0])) {
			/* A GOT slot or pointer the loader fills in: its
			 * relocation says what it holds (main@GOT in _start). */
			uint64_t p;
			if (sys_read_ptr(c, (uint64_t)a.c[0], &p))
				return sv_const((int64_t)p);
			return sv_top();
		}
		return sys_state_load(st, c->w, &a);
	default:
		return sv_top();
	}
}

static void write_operand(struct sys_ctx *c, struct sys_state *st, const struct xinsn *insn,
			  const struct xop *op, struct sys_val v)
{
	struct sys_val a;

	if (op->type == X86_OP_REG) {
		set_reg(st, op->reg, v);
	} else if (op->type == X86_OP_MEM) {
		a = mem_addr(c, st, insn, &op->mem);
		if (a.kind != SV_SP)
			st->deref_ok = false;
		if (op->size != c->w && !(op->size == 4 && c->is64))
			v = sv_top();
		sys_state_store(st, &a, v);
	}
}

static struct sys_val v_arith(struct sys_val a, const struct sys_val *b, unsigned id, bool is64)
{
	int64_t y;

	if (!sv_single(b, &y))
		return sv_top();
	if (a.kind == SV_SP && (id == X86_INS_ADD || id == X86_INS_SUB)) {
		if (y < -(1 << 24) || y > (1 << 24))
			return sv_top();
		a.c[0] += id == X86_INS_ADD ? y : -y;
		return a;
	}
	if (a.kind != SV_CONST)
		return sv_top();
	for (unsigned i = 0; i < a.n; i++) {
		/* Unsigned: the machine wraps, C's signed types must not. */
		uint64_t x = (uint64_t)a.c[i], u = (uint64_t)y;
		switch (id) {
		case X86_INS_ADD:
			x += u;
			break;
		case X86_INS_SUB:
			x -= u;
			break;
		case X86_INS_OR:
			x |= u;
			break;
		case X86_INS_AND:
			x &= u;
			break;
		case X86_INS_XOR:
			x ^= u;
			break;
		case X86_INS_SHL:
			x <<= (u & 63);
			break;
		default:
			return sv_top();
		}
		a.c[i] = (int64_t)x;
		if (!is64)
			a.c[i] = (int64_t)(uint32_t)a.c[i];
	}
	sv_norm(&a);
	return a;
}

/* Default effect: every register the instruction writes becomes unknown,
 * every stack slot it writes too. */
static void clobber_written(struct sys_ctx *c, struct sys_state *st, const struct xinsn *insn)
{
	const struct xinsn *x = insn;

	if (insn->regs_ok) {
		for (unsigned i = 0; i < X86_R_MAX; i++)
			if (insn->wmask & (1u << i))
				st->r[i] = sv_top();
	} else {
		for (unsigned i = 0; i < X86_R_MAX; i++)
			if (i != X86_R_SP)
				st->r[i] = sv_top();
	}
	for (unsigned i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM && (x->operands[i].access & CS_AC_WRITE))
			write_operand(c, st, insn, &x->operands[i], sv_top());
}

static void push_val(struct sys_ctx *c, struct sys_state *st, struct sys_val v)
{
	struct sys_val *sp = &st->r[X86_R_SP];

	if (sp->kind != SV_SP)
		return;
	sp->c[0] -= c->w;
	sys_state_store(st, sp, v);
}

static struct sys_val pop_val(struct sys_ctx *c, struct sys_state *st)
{
	struct sys_val *sp = &st->r[X86_R_SP], v;

	if (sp->kind != SV_SP)
		return sv_top();
	v = sys_state_load(st, c->w, sp);
	sp->c[0] += c->w;
	return v;
}

static void after_call(struct sys_ctx *c, struct sys_state *st)
{
	static const uint8_t clob32[] = {X86_R_AX, X86_R_CX, X86_R_DX};
	static const uint8_t clob64[] = {X86_R_AX, X86_R_CX, X86_R_DX,	X86_R_SI, X86_R_DI,
					 X86_R_R8, X86_R_R9, X86_R_R10, X86_R_R11};
	const uint8_t *cl = c->is64 ? clob64 : clob32;
	size_t n = c->is64 ? ARRAY_SIZE(clob64) : ARRAY_SIZE(clob32);

	/* The System V ABIs (i386 and x86-64 psABI): these registers are
	 * caller-saved. */
	for (size_t i = 0; i < n; i++) {
		int64_t x;
		/* The i386 GOT pointer survives calls the compiler knows
		 * keep it (gcc -fipa-ra in ld.so's _dl_start); where it
		 * does not, the code recomputes it before using it. */
		if (c->pltgot && sv_single(&st->r[cl[i]], &x) && (uint64_t)x == c->pltgot)
			continue;
		st->r[cl[i]] = sv_top();
	}
	/* The callee writes below the stack pointer (its frame) and may
	 * change its own arguments, which compiled code never reads back
	 * without storing them again; the caller's slots above stay. */
	if (st->r[X86_R_SP].kind == SV_SP)
		sys_state_clobber_range(st, st->r[X86_R_SP].id, st->r[X86_R_SP].c[0] - 4096,
					st->r[X86_R_SP].c[0]);
}

static bool is_gs_vsyscall(const struct xinsn *insn)
{
	const struct xinsn *x = insn;
	const struct xmem *m;

	if (x->op_count != 1 || x->operands[0].type != X86_OP_MEM)
		return false;
	m = &x->operands[0].mem;
	/* glibc i386: `call *%gs:SYSINFO_OFFSET` (tcbhead_t.sysinfo at 0x10,
	 * sysdeps/i386/nptl/tls.h) enters the vDSO's __kernel_vsyscall. */
	return m->segment == X86_REG_GS && m->base == X86_REG_INVALID &&
	       m->index == X86_REG_INVALID && m->disp == 0x10;
}

/* Alignment padding after a jmp/ret (nop, xchg %ax,%ax, lea 0(%esi),%esi,
 * int3): it does not make the dead code after it live. */
static bool is_padding(const struct xinsn *insn)
{
	const struct xinsn *x = insn;

	switch (insn->id) {
	case X86_INS_NOP:
	case X86_INS_INT3:
		return true;
	case X86_INS_XCHG:
	case X86_INS_MOV:
		return x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
		       x->operands[1].type == X86_OP_REG &&
		       x->operands[0].reg == x->operands[1].reg;
	case X86_INS_LEA:
		return x->op_count == 2 && x->operands[1].type == X86_OP_MEM &&
		       x->operands[1].mem.base == x->operands[0].reg &&
		       x->operands[1].mem.disp == 0 &&
		       (x->operands[1].mem.index == X86_REG_INVALID ||
			x->operands[1].mem.index == X86_REG_EIZ ||
			x->operands[1].mem.index == X86_REG_RIZ);
	default:
		return false;
	}
}

/* An indexed memory operand with a known base (`mov tbl@GOTOFF(%ebx,%eax,4)`,
 * `jmp *tbl(,%eax,4)`) reads a table: the table is referenced. */
static void note_tables(struct sys_ctx *c, const struct sys_state *st, const struct xinsn *insn)
{
	const struct xinsn *x = insn;

	for (unsigned i = 0; i < x->op_count; i++) {
		const struct xmem *m = &x->operands[i].mem;
		int64_t b = 0;
		if (x->operands[i].type != X86_OP_MEM || m->index == X86_REG_INVALID ||
		    m->segment != X86_REG_INVALID)
			continue;
		if (m->base == X86_REG_RIP) {
			b = (int64_t)(insn->address + insn->size);
		} else if (m->base != X86_REG_INVALID) {
			struct sys_val v = get_reg(st, m->base);
			if (!sv_single(&v, &b))
				continue;
		}
		uint64_t a = (uint64_t)b + (uint64_t)m->disp;
		sys_add_ref(c, c->is64 ? a : (a & UINT32_MAX));
	}
}

/* A load other than mov and push (which follow the word they read) from a
 * constant address: the relocated words it reads that point to functions
 * are taken addresses. gcc loads a pair of function pointers with one
 * movq/movhps or movdqu and stores both (xz 5.8's liblzma: next->code and
 * next->end of the threaded coders; their pthread_create was unreached). */
static void note_loads(struct sys_ctx *c, const struct sys_state *st, const struct xinsn *insn)
{
	const struct xinsn *x = insn;

	if (insn->id == X86_INS_MOV || insn->id == X86_INS_MOVABS || insn->id == X86_INS_PUSH ||
	    insn->id == X86_INS_LEA)
		return;
	for (unsigned i = 0; i < x->op_count; i++) {
		const struct xop *op = &x->operands[i];
		struct sys_val a;
		int64_t base;
		unsigned words;
		if (op->type != X86_OP_MEM || op->size < c->w)
			continue;
		a = mem_addr(c, st, insn, &op->mem);
		if (!sv_single(&a, &base))
			continue;
		words = op->size / c->w;
		for (unsigned k = 0; k < words && k < 8; k++) {
			uint64_t w = (uint64_t)base + k * c->w, p;
			if ((sys_has_reloc(c, w) || c->elf->type == ET_EXEC) &&
			    sys_read_ptr(c, w, &p))
				sys_add_code_ref(c, p);
		}
	}
}

/* i386: the address an operand of the form `disp(%reg)` or `disp` names
 * when %reg holds the GOT pointer: DT_PLTGOT + disp (disp alone without a
 * register). The engine may not know the GOT pointer (gcc 5 on keeps it in
 * any callee-saved register, spills it and reloads it after loops whose
 * headers forget it), so the form alone decides: any base but %esp, no
 * index, the default segment. False without DT_PLTGOT or in another form. */
static bool got_relative(const struct sys_ctx *c, const struct xmem *m, uint64_t *ret)
{
	if (c->is64 || !c->pltgot || m->index != X86_REG_INVALID || m->base == X86_REG_ESP ||
	    (m->segment != X86_REG_INVALID && m->segment != X86_REG_DS))
		return false;
	*ret = ((m->base == X86_REG_INVALID ? 0 : c->pltgot) + (uint64_t)m->disp) & UINT32_MAX;
	return true;
}

/* An operand that reads the GOT slot of an imported function takes its
 * address: the import is reached with this function, not with any code of
 * the object (syscalls.c data_imports()).
 * - x86-64 (`mov foo@GOTPCREL(%rip), %rax`, `cmpq $0, foo@GOTPCREL(%rip)`):
 *   RIP-relative addresses are always known. A call or jmp through the slot
 *   is a call (SC_IMPORT), recorded by step().
 * - i386 (`mov foo@GOT(%ebx), %eax`): by the operand's form
 *   (got_relative()), calls and jumps included, since step() records them
 *   only when it knows the base. GLOB_DAT slots only: a JUMP_SLOT sits at a
 *   small positive offset, that of many a struct field, and only PLT stubs
 *   read it (their base is known). A local at the same offset from %ebp is
 *   a false match: one import more, never one less. Every decoded
 *   instruction is stepped in the last pass, jump-table cases included
 *   (run_pass()); without DT_PLTGOT, data_imports() keeps the object-wide
 *   rule. */
static void note_got_imports(struct sys_ctx *c, const struct sys_state *st,
			     const struct xinsn *insn)
{
	for (unsigned i = 0; i < insn->op_count; i++) {
		const struct xop *op = &insn->operands[i];
		const struct elf_sym *imp;
		uint64_t slot;
		if (op->type != X86_OP_MEM)
			continue;
		if (c->is64) {
			struct sys_val a;
			if (insn->id == X86_INS_CALL || insn->id == X86_INS_JMP ||
			    insn->id == X86_INS_LEA)
				continue;
			a = mem_addr(c, st, insn, &op->mem);
			imp = sys_got_import(c, &a);
		} else if (got_relative(c, &op->mem, &slot)) {
			imp = sys_glob_dat_import(c, slot);
		} else {
			continue;
		}
		if (imp && !imp->defined && elf_sym_may_be_code(imp))
			sys_add_import_ref(c, insn->address, imp);
	}
}

/* i386: `lea foo@GOTOFF(%reg), %r` whose address v the data flow does not
 * know takes the GOT-relative address its form names (got_relative()):
 * glibc 2.41's __spawnix hands __spawni_child to clone so, and ld.so's
 * _dl_start_final dl_main. The target is a function starting exactly
 * there, or a relocated word (a table of pointers) when the displacement is
 * no small struct offset. A frame address (`lea -0x4d8(%ebp)`, a buffer of
 * vfscanf's) or a set of constants is none of the GOT's. */
static void gotoff_ref(struct sys_ctx *c, const struct xmem *m, const struct sys_val *v)
{
	uint64_t t;

	if (!c->record || v->kind == SV_SP || v->kind == SV_CONST || !got_relative(c, m, &t))
		return;
	if (sys_in_exec(c, t))
		sys_add_code_ref(c, t);
	else if ((m->disp <= -0x100 || m->disp >= 0x100) && sys_has_reloc(c, t))
		sys_add_ref(c, t);
}

/* ---- zero-guards (syscalls.h struct sys_gwrite) ----
 * A register loaded from the GOT slot of a thread-local variable holds
 * SV_TAG | id (SV_TAG_OTHER for one that cannot guard: operand_value()).
 * Three uses of it are reads of the variable and no more: a load
 * `mov %fs:(%reg), %r` (%gs on i386), a store of 0 there, `cmp $0,
 * %fs:(%reg)`; a copy to another register keeps the tag. Any other
 * instruction that reads it (the address &var is the thread pointer plus
 * the offset: an add, a lea, an indexed operand; a spill), or a read of the
 * slot by anything but a mov, makes the function a writer of the guard; so
 * does such a read of a register that may hold it after a join
 * (sys_state.maybe_mask), and a thread-relative store whose address the
 * engine does not know makes it a writer of every guard. A tag left in a
 * register at a call or a return is a dead value: C has no expression for
 * a variable's raw offset, only for its address, and glibc's assembly
 * stores errno through its slot without handing the offset on. A `test %r,%r` or `cmp $0,%r` of a loaded value
 * and a je/jne put the non-zero side on the guard's path
 * (sys_state.guard). */

enum guard_form {
	GF_NONE,
	GF_LOAD,  /* mov %fs:(%tag), %r: r holds the variable */
	GF_FLAGS, /* the flags hold the variable's test against 0 */
	GF_COPY,  /* mov %r1, %r2: r2 inherits r1's maybe-tag */
};

struct guard_note {
	enum guard_form form;
	uint32_t guard;
	uint8_t reg, from; /* GF_LOAD, GF_COPY: the register written; GF_COPY: read */
	/* An instruction whose registers capstone does not know: the ones
	 * that held a tag before it (the transfer function forgets them all). */
	uint16_t tagged;
	uint32_t tag_ids[X86_R_MAX];
};

/* The X86_R_* bit of capstone register reg, 0 for none. */
static uint32_t reg_bit(unsigned reg)
{
	unsigned w;
	int r = reg == X86_REG_INVALID ? -1 : reg_index(reg, &w);

	return r >= 0 ? 1u << r : 0;
}

/* The id of the one tag (either kind) v holds, 0 for none or several. */
static uint32_t any_tag(const struct sys_val *v)
{
	if (v->kind != SV_CONST || v->n != 1 ||
	    ((v->c[0] & SV_TAG_MASK) != SV_TAG && (v->c[0] & SV_TAG_MASK) != SV_TAG_OTHER))
		return 0;
	return (uint32_t)(v->c[0] & ~SV_TAG_MASK);
}

static void guard_write(struct sys_ctx *c, uint32_t g)
{
	if (g == UINT32_MAX)
		sys_guard_write(c, 0);
	else if (g && sys_guard_ok(c, g))
		sys_guard_write(c, g);
}

/* Writes every guard of set s (sys_guard_set()). */
static void guard_write_set(struct sys_ctx *c, uint32_t s)
{
	if (s == UINT32_MAX) {
		sys_guard_write(c, 0);
		return;
	}
	for (; s; s &= s - 1)
		guard_write(c, (uint32_t)__builtin_ctz(s) + 1);
}

/* `%fs:(%reg)` (i386 %gs) with %reg holding one tag: its id, else 0. */
static uint32_t tls_operand(const struct sys_ctx *c, const struct sys_state *st,
			    const struct xop *op)
{
	uint32_t b;

	if (op->type != X86_OP_MEM || op->mem.segment != (c->is64 ? X86_REG_FS : X86_REG_GS) ||
	    op->mem.index != X86_REG_INVALID || op->mem.disp != 0 || !(b = reg_bit(op->mem.base)))
		return 0;
	return any_tag(&st->r[__builtin_ctz(b)]);
}

static bool full_reg(const struct sys_ctx *c, const struct xop *op, int *ret)
{
	unsigned w;
	int r;

	if (op->type != X86_OP_REG || (r = reg_index(op->reg, &w)) < 0 || w != c->w * 8)
		return false;
	*ret = r;
	return true;
}

/* Instructions that leave the flags as they are. */
static bool keeps_flags(const struct xinsn *x)
{
	switch (x->id) {
	case X86_INS_MOV:
	case X86_INS_MOVABS:
	case X86_INS_MOVZX:
	case X86_INS_MOVSX:
	case X86_INS_MOVSXD:
	case X86_INS_LEA:
	case X86_INS_PUSH:
	case X86_INS_POP:
	case X86_INS_NOP:
	case X86_INS_ENDBR32:
	case X86_INS_ENDBR64:
		return true;
	default:
		return x->jump && x->id != X86_INS_JMP;
	}
}

/* Before the transfer function: records writers, and says what the
 * instruction makes of the guards (applied by guard_after()). */
static void guard_before(struct sys_ctx *c, const struct sys_state *st, const struct xinsn *x,
			 struct guard_note *gn)
{
	const struct xop *o0 = x->op_count > 0 ? &x->operands[0] : NULL;
	const struct xop *o1 = x->op_count > 1 ? &x->operands[1] : NULL;
	const unsigned seg = c->is64 ? X86_REG_FS : X86_REG_GS;
	uint32_t ok = 0, rm, g;
	int r, b;

	gn->form = GF_NONE;
	gn->guard = 0;
	gn->reg = gn->from = 0;
	gn->tagged = 0;
	if (!c->out->n_guards)
		return;
	if (!x->regs_ok && c->fn_tag)
		for (unsigned i = 0; i < X86_R_MAX; i++)
			if ((gn->tag_ids[i] = sv_tag(&st->r[i])))
				gn->tagged |= (uint16_t)(1u << i);
	/* The slots this instruction reads, and thread-relative stores. Until
	 * the function has loaded a guard's slot (in this pass or an earlier
	 * one: c->fn_tag), no register holds a tag. */
	for (unsigned i = 0; i < x->op_count; i++) {
		const struct xop *op = &x->operands[i];
		uint64_t slot;
		struct sys_val a;
		int64_t k;
		bool known;
		if (op->type != X86_OP_MEM || x->id == X86_INS_LEA || x->id == X86_INS_NOP)
			continue; /* an address computed, no memory read */
		if (op->mem.segment == seg) {
			uint32_t bb = reg_bit(op->mem.base);
			if (!(op->access & CS_AC_WRITE) || !c->record ||
			    (op->mem.base == X86_REG_INVALID && op->mem.disp >= 0))
				continue;
			/* A thread-relative store through a register that
			 * holds no tag: one the data flow dropped at a join
			 * (maybe_mask), or none at all, since a tag that
			 * leaves a register any other way (a spill, a copy
			 * of part of it, arithmetic) made the function a
			 * writer where it left. A constant address below the
			 * thread pointer is a variable of the local-exec
			 * model, which no slot names (a field of the TCB,
			 * above it in TLS variant II, is none: a positive
			 * offset, a scaled index, no base). */
			if (!bb)
				sys_guard_write(c, 0);
			else if (!tls_operand(c, st, op) && (st->maybe_mask & bb))
				guard_write_set(c, st->maybe[__builtin_ctz(bb)]);
			continue;
		}
		if (op->mem.segment != X86_REG_INVALID && op->mem.segment != X86_REG_DS)
			continue;
		/* A store that does not read (`mov %r, 0x84(%ebp)`) hands no
		 * slot's offset on: a struct field's, as the GOT is read-only
		 * once relocated. */
		if (!(op->access & CS_AC_READ))
			continue;
		/* A read of a guard's slot: a mov into a register is
		 * followed by its tag; anything else hands it on. On i386
		 * the form decides (got_relative()): a slot read through a
		 * GOT pointer the data flow lost yields no tag. */
		if (c->is64) {
			/* Compiled code reads a GOT slot RIP-relative. */
			if (op->mem.base != X86_REG_RIP || op->mem.index != X86_REG_INVALID)
				continue;
			slot = x->address + x->size + (uint64_t)op->mem.disp;
			if (!slot_at(c, slot))
				continue;
			known = true;
		} else {
			if (!got_relative(c, &op->mem, &slot) || !slot_at(c, slot))
				continue;
			a = mem_addr(c, st, x, &op->mem);
			known = sv_single(&a, &k) && (uint64_t)k == slot;
			/* A base the data flow knows to hold something else
			 * (a frame address, another constant, a stack
			 * argument, a value loaded from memory not the
			 * frame's: ngot_next()) is no GOT pointer: a struct
			 * field at the slot's offset. */
			if (!known && op->mem.base != X86_REG_INVALID) {
				struct sys_val bv = get_reg(st, op->mem.base);
				if (bv.kind == SV_SP || bv.kind == SV_CONST ||
				    (bv.kind == SV_PARAM && bv.id >= SYS_P_STACK) ||
				    (st->ngot_mask & reg_bit(op->mem.base)))
					continue;
			}
		}
		g = sys_tls_slot_guard(c, slot);
		if (!sys_guard_ok(c, g))
			continue;
		if (known)
			c->fn_tag |= sys_guard_set(g);
		if (c->record && !(known && x->id == X86_INS_MOV && op == o1 &&
				   o0->type == X86_OP_REG && op->size == c->w))
			sys_guard_write(c, g);
	}
	if (!c->fn_tag)
		return;
	/* The reads of the variable. */
	if (x->id == X86_INS_MOV && o0 && o1) {
		if (o1->type == X86_OP_MEM && o1->mem.segment == seg && o0->type == X86_OP_REG) {
			ok |= reg_bit(o1->mem.base); /* a load: no write */
			if ((g = tls_operand(c, st, o1)) && sys_guard_ok(c, g) &&
			    o1->size == c->w && full_reg(c, o0, &r)) {
				gn->form = GF_LOAD;
				gn->guard = g;
				gn->reg = (uint8_t)r;
			}
		} else if (tls_operand(c, st, o0)) {
			struct sys_val v = operand_value(c, st, x, o1);
			int64_t k;
			if (sv_single(&v, &k) && k == 0 && o1->type != X86_OP_MEM)
				ok |= reg_bit(o0->mem.base);
		} else if (full_reg(c, o0, &r) && full_reg(c, o1, &b)) {
			ok |= 1u << b; /* a copy: the data flow carries the tag */
			gn->form = GF_COPY;
			gn->reg = (uint8_t)r;
			gn->from = (uint8_t)b;
		}
	} else if (x->id == X86_INS_CMP && o0 && o1 && o1->type == X86_OP_IMM && o1->imm == 0) {
		if ((g = tls_operand(c, st, o0)) && o0->size == c->w) {
			ok |= reg_bit(o0->mem.base);
			if (sys_guard_ok(c, g)) {
				gn->form = GF_FLAGS;
				gn->guard = g;
			}
		} else if (st->ld_guard && full_reg(c, o0, &r) && r == st->ld_reg) {
			gn->form = GF_FLAGS;
			gn->guard = st->ld_guard;
		}
	} else if (x->id == X86_INS_TEST && o0 && o1 && full_reg(c, o0, &r) &&
		   full_reg(c, o1, &b) && r == b && st->ld_guard && r == st->ld_reg) {
		gn->form = GF_FLAGS;
		gn->guard = st->ld_guard;
	} else if ((x->id == X86_INS_XOR || x->id == X86_INS_SUB) && o0 && o1 &&
		   o0->type == X86_OP_REG && o1->type == X86_OP_REG && o0->reg == o1->reg) {
		ok |= reg_bit(o0->reg); /* zeroing reads nothing */
	}
	if (!c->record)
		return;
	/* Any other read of a tag hands the offset on. */
	rm = x->regs_ok ? x->rmask : UINT32_MAX;
	for (unsigned i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM)
			rm |= reg_bit(x->operands[i].mem.base) | reg_bit(x->operands[i].mem.index);
	rm &= ~ok & ((1u << X86_R_MAX) - 1);
	while (rm) {
		unsigned i = (unsigned)__builtin_ctz(rm);
		rm &= rm - 1;
		guard_write(c, sv_tag(&st->r[i]));
		if (st->maybe_mask & (1u << i))
			guard_write_set(c, st->maybe[i]);
	}
}

static void guard_after(const struct sys_ctx *c, struct sys_state *st, const struct xinsn *x,
			const struct guard_note *gn)
{
	uint32_t wm;

	if (!c->out->n_guards)
		return;
	wm = x->regs_ok ? x->wmask : UINT32_MAX & ~(1u << X86_R_SP);
	if (x->id == X86_INS_CALL)
		wm |= c->is64 ? 0xf07u : 0x7u; /* caller-saved (after_call()) */
	if (gn->form == GF_LOAD) {
		st->ld_guard = gn->guard;
		st->ld_reg = gn->reg;
	} else if (st->ld_guard && (wm & (1u << st->ld_reg))) {
		st->ld_guard = 0;
	}
	if (gn->form == GF_FLAGS)
		st->flag_guard = gn->guard;
	else if (!keeps_flags(x))
		st->flag_guard = 0;
	if (gn->form == GF_COPY && (st->maybe_mask & (1u << gn->from))) {
		st->maybe_mask |= (uint16_t)(1u << gn->reg);
		st->maybe[gn->reg] = st->maybe[gn->from];
	} else if (x->regs_ok) {
		st->maybe_mask &= (uint16_t)~wm;
	}
	/* Registers it may not have written keep what they may hold. */
	for (unsigned i = 0; gn->tagged && i < X86_R_MAX; i++)
		if ((gn->tagged & (1u << i)) && sv_tag(&st->r[i]) != gn->tag_ids[i]) {
			uint32_t g = sys_guard_set(gn->tag_ids[i]);
			if (st->maybe_mask & (1u << i))
				g |= st->maybe[i];
			st->maybe_mask |= (uint16_t)(1u << i);
			st->maybe[i] = g;
		}
}

static void step_insn(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in);

/* ---- GOT-pointer provenance (i386, sys_state.ngot_mask) ----
 * got_relative() takes `disp(%reg)` for a GOT slot whenever the data flow
 * does not know %reg, since the GOT pointer is lost where a loop's header
 * forgets it or paths with other values meet. But a slot is read through
 * the GOT pointer itself (the compiler's `x@gotntpoff(%ebx)`, opaque to
 * it), which compiled code makes from a pc (thunk, then `add $GOT`: a
 * constant the data flow knows), copies, and spills to its own frame at a
 * fixed offset from the stack or frame pointer, never to a struct, a
 * global or a thread-local word. So a register holds none when it was
 * loaded from such memory (a struct field at a slot's offset, 0x84 for the
 * Debian 13 i386 libc's RPC_VARS, is the common false match), computed
 * (lea, arithmetic with a register or memory operand, a shift, a zero- or
 * sign-extension), returned by a call, reloaded from a frame slot that was
 * spilled from such a register (sv_nogot()), or copied from one of those.
 * ngot_next() gives the mask after instruction x from the state before it;
 * ngot_fix() adds what the registers' values tell. */
static bool off_frame(const struct sys_state *st, const struct xmem *m)
{
	struct sys_val b;

	if (m->segment == X86_REG_FS || m->segment == X86_REG_GS)
		return true; /* thread-local */
	if (m->segment != X86_REG_INVALID && m->segment != X86_REG_DS)
		return false;
	if (m->base == X86_REG_INVALID)
		return m->index == X86_REG_INVALID; /* an absolute address */
	b = get_reg(st, m->base);
	if (b.kind == SV_SP)
		return false; /* the slot's value tells (ngot_fix()) */
	/* A pointer that is no GOT pointer (spills are reloaded through the
	 * stack or frame pointer, which the data flow keeps), a global (the
	 * GOT's own slots hold addresses of variables), or memory a caller's
	 * pointer names. */
	return (st->ngot_mask & reg_bit(m->base)) || b.kind == SV_CONST || b.kind == SV_PARAM;
}

static uint16_t ngot_next(const struct sys_ctx *c, const struct sys_state *st,
			  const struct xinsn *x)
{
	const struct xop *o0 = x->op_count > 0 ? &x->operands[0] : NULL;
	const struct xop *o1 = x->op_count > 1 ? &x->operands[1] : NULL;
	uint32_t wm = x->regs_ok ? x->wmask : UINT32_MAX & ~(1u << X86_R_SP);
	uint16_t m, rb;
	int r, b;

	if (x->id == X86_INS_CALL) {
		/* Caller-saved (after_call()); what a function returns is
		 * never its GOT pointer. */
		wm |= 0x7u;
		return (uint16_t)((st->ngot_mask & ~wm) | (1u << X86_R_AX) | (1u << X86_R_DX));
	}
	m = st->ngot_mask & (uint16_t)~wm;
	if (!x->regs_ok || !o0 || !full_reg(c, o0, &r))
		return m;
	rb = (uint16_t)(1u << r);
	switch (x->id) {
	case X86_INS_NOT:
	case X86_INS_NEG:
	case X86_INS_BSWAP:
	case X86_INS_MOVZX:
	case X86_INS_MOVSX:
	case X86_INS_IMUL:
	case X86_INS_SHL:
	case X86_INS_SHR:
	case X86_INS_SAR:
		return m | rb;
	case X86_INS_MOV:
		if (!o1)
			return m;
		if (full_reg(c, o1, &b))
			return (uint16_t)((m & ~rb) | (((st->ngot_mask >> b) & 1u) << r));
		if (o1->type == X86_OP_MEM && off_frame(st, &o1->mem))
			return m | rb;
		return m;
	case X86_INS_XCHG:
		if (!o1 || !full_reg(c, o1, &b))
			return m;
		m &= (uint16_t) ~(rb | (1u << b));
		return (uint16_t)(m | (((st->ngot_mask >> b) & 1u) << r) |
				  (((st->ngot_mask >> r) & 1u) << b));
	case X86_INS_CMOVA:
	case X86_INS_CMOVAE:
	case X86_INS_CMOVB:
	case X86_INS_CMOVBE:
	case X86_INS_CMOVE:
	case X86_INS_CMOVG:
	case X86_INS_CMOVGE:
	case X86_INS_CMOVL:
	case X86_INS_CMOVLE:
	case X86_INS_CMOVNE:
	case X86_INS_CMOVNO:
	case X86_INS_CMOVNP:
	case X86_INS_CMOVNS:
	case X86_INS_CMOVO:
	case X86_INS_CMOVP:
	case X86_INS_CMOVS:
		/* Either value. */
		if (o1 && full_reg(c, o1, &b) && (st->ngot_mask & rb) &&
		    (st->ngot_mask & (1u << b)))
			return m | rb;
		return m;
	case X86_INS_LEA:
		/* An address computed from the GOT pointer is not it (the
		 * GOT pointer's own computation, from a pc the data flow
		 * knows, gives a value ngot_fix() drops the bit of). */
		return m | rb;
	case X86_INS_ADD:
	case X86_INS_SUB:
	case X86_INS_AND:
	case X86_INS_OR:
	case X86_INS_XOR:
		/* With a register or memory operand, arithmetic on values;
		 * with an immediate, what the register held
		 * (`add $_GLOBAL_OFFSET_TABLE_, %ebx` makes a GOT pointer
		 * from a pc). */
		if (o1 && o1->type != X86_OP_IMM)
			return m | rb;
		return (uint16_t)(m | (st->ngot_mask & rb));
	default:
		return m;
	}
}

/* The mask after an instruction: ngot_next()'s, with the registers that
 * hold sv_nogot() (a reload of such a spill) and without those that may
 * hold the GOT pointer's value. */
static uint16_t ngot_fix(const struct sys_ctx *c, const struct sys_state *st, const struct xinsn *x,
			 uint16_t m)
{
	/* The registers x wrote (a call: any); the others keep their bit. */
	uint32_t wm = x->regs_ok && x->id != X86_INS_CALL ? x->wmask : 0xffu;

	for (uint32_t b = wm & 0xffu; b; b &= b - 1) { /* i386's eight */
		unsigned r = (unsigned)__builtin_ctz(b);
		const struct sys_val *v = &st->r[r];
		if (sv_is_nogot(v))
			m |= (uint16_t)(1u << r);
		for (unsigned i = 0; v->kind == SV_CONST && i < v->n; i++)
			if (c->pltgot && (uint64_t)v->c[i] == c->pltgot)
				m &= (uint16_t) ~(1u << r);
	}
	return m & (uint16_t) ~(1u << X86_R_SP); /* a frame address */
}

/* A value about to be stored from register operand op: sv_nogot() when
 * it is unknown and op is in ngot_mask, so that its reload is too. */
static struct sys_val spill_val(const struct sys_ctx *c, const struct sys_state *st,
				const struct xop *op, struct sys_val v)
{
	int r;

	if (!c->is64 && v.kind == SV_TOP && !sv_is_nogot(&v) && full_reg(c, op, &r) &&
	    (st->ngot_mask & (1u << r)))
		return sv_nogot();
	return v;
}

/* A je/jne on a guard's test: the non-zero side runs on the guard's path,
 * inside the function or out of it (a jump to a piece of its own, gcc's
 * .cold code, is a tail call). True when it handled the jump. */
static bool guard_branch(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in)
{
	const struct xinsn *x = in->raw;
	uint32_t g, saved;

	if (!st->flag_guard || (x->id != X86_INS_JE && x->id != X86_INS_JNE) || !in->has_target)
		return false;
	/* Nested: one of the guards is enough to name the path. */
	g = st->guard ? st->guard : st->flag_guard;
	if (in->target < c->fstart || in->target >= c->fend) {
		saved = st->guard;
		if (x->id == X86_INS_JNE)
			st->guard = g;
		step_insn(c, st, in);
		st->guard = x->id == X86_INS_JNE ? saved : g;
		return true;
	}
	if (x->id == X86_INS_JE) {
		sys_branch(c, st, x->address, in->target);
		st->guard = g;
	} else {
		struct sys_state *t = xmalloc(sizeof(*t));
		*t = *st;
		t->guard = g;
		sys_branch(c, t, x->address, in->target);
		free(t);
	}
	return true;
}

/* ---- ENOSYS fallbacks (syscalls.h struct sys_nosys) ----
 *
 * A gate making a call the assumed kernel has (sys_kernel.c) leaves its
 * result in eax/rax as sv_sysret(SVR_RAW, nr). What libc tests of it is
 * read off the flags (sys_state.flag_nosys), and the jump that would run
 * code the kernel never lets run goes one way only:
 *  - FN_NEVER_EQ: the result compared with -ENOSYS, or the errno that the
 *    error path negates out of it (neg) compared with ENOSYS: the equal
 *    side is dead (`cmp $-38,%eax; je fallback`, glibc's INTERNAL_SYSCALL
 *    fallbacks; `cmp $0x26,%eax; jne done` on errno, its INLINE ones);
 *  - FN_ERRCHK: the result compared with -4096: the side of `ja`/`jbe`
 *    that finds no error holds SVR_OK;
 *  - FN_ZERO: an SVR_OK of a call whose success is 0 alone tested against
 *    itself: the non-zero side is dead (glibc's faccessat reads a stale
 *    errno there).
 * The cut is recorded (sys_nosys_cut()) for the report. */
enum {
	FN_NEVER_EQ = 1,
	FN_ERRCHK,
	FN_ZERO,
};

static uint16_t fn_pack(unsigned form, unsigned reg, unsigned nr)
{
	return (uint16_t)(form << 14 | (reg & 0xfu) << 10 | (nr & 0x3ffu));
}

/* The result a gate leaves in eax/rax, given the number it was made with. */
static struct sys_val gate_result(const struct sys_ctx *c, const struct sys_val *nr)
{
	int64_t n;

	if (c->kernel.any && sv_single(nr, &n) && sys_kernel_has(&c->kernel, n, false))
		return sv_sysret(SVR_RAW, (unsigned)n);
	return sv_top();
}

/* The immediate of a compare, as the operand size reads it. */
static int64_t cmp_imm(const struct xop *reg, const struct xop *imm)
{
	return reg->size == 8 ? imm->imm : (int64_t)(int32_t)(uint32_t)imm->imm;
}

/* flag_nosys after instruction x (which wrote no register it reads). */
static uint16_t nosys_flags(const struct sys_ctx *c, const struct sys_state *st,
			    const struct xinsn *x)
{
	const struct xop *o0 = x->op_count > 0 ? &x->operands[0] : NULL;
	const struct xop *o1 = x->op_count > 1 ? &x->operands[1] : NULL;
	enum sys_ret_form f;
	unsigned nr, w;
	int r;
	struct sys_val v;

	if (keeps_flags(x))
		return st->flag_nosys;
	if ((x->id != X86_INS_CMP && x->id != X86_INS_TEST) || !o0 || !o1 ||
	    o0->type != X86_OP_REG || (r = reg_index(o0->reg, &w)) < 0 || w < 32)
		return 0;
	v = get_reg(st, o0->reg);
	if (!(f = sv_ret_form(&v, &nr)))
		return 0;
	if (x->id == X86_INS_CMP && o1->type == X86_OP_IMM) {
		int64_t k = cmp_imm(o0, o1);
		if ((k == -38 && f != SVR_ERRNO) || (k == 38 && f == SVR_ERRNO))
			return fn_pack(FN_NEVER_EQ, (unsigned)r, nr);
		if (k == -4096 && f == SVR_RAW)
			return fn_pack(FN_ERRCHK, (unsigned)r, nr);
	} else if (x->id == X86_INS_TEST && o1->type == X86_OP_REG && o1->reg == o0->reg &&
		   f == SVR_OK && sys_kernel_has(&c->kernel, nr, true)) {
		return fn_pack(FN_ZERO, (unsigned)r, nr);
	}
	return 0;
}

/* Takes the jump in on st (as step_insn() would), then ends st's path. */
static void take_only(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in)
{
	step_insn(c, st, in);
	st->live = false;
	st->after_ret = false;
}

/* A conditional jump on flag_nosys. True when it handled the jump. */
static bool nosys_branch(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in)
{
	const struct xinsn *x = in->raw;
	unsigned form = st->flag_nosys >> 14, reg = st->flag_nosys >> 10 & 0xfu;
	unsigned nr = st->flag_nosys & 0x3ffu;

	if (!st->flag_nosys || in->type != SYS_INSN_JCC || !in->has_target)
		return false;
	switch (form) {
	case FN_NEVER_EQ:
	case FN_ZERO: {
		/* NEVER_EQ: equal is dead; ZERO: non-zero is dead. */
		bool eq_dead = form == FN_NEVER_EQ;
		if (x->id != X86_INS_JE && x->id != X86_INS_JNE)
			return false;
		if ((x->id == X86_INS_JE) == eq_dead) {
			sys_nosys_cut(c, x->address, nr, in->target);
			return true; /* never taken */
		}
		sys_nosys_cut(c, x->address, nr, x->address + x->size);
		take_only(c, st, in);
		return true;
	}
	case FN_ERRCHK: {
		struct sys_state *t;
		unsigned n2;
		if (sv_ret_form(&st->r[reg], &n2) != SVR_RAW || n2 != nr)
			return false; /* the register changed since the compare */
		if (x->id == X86_INS_JA) {
			step_insn(c, st, in); /* the error side keeps the raw result */
			st->r[reg] = sv_sysret(SVR_OK, nr);
			return true;
		}
		if (x->id != X86_INS_JBE)
			return false;
		t = xmalloc(sizeof(*t));
		*t = *st;
		t->r[reg] = sv_sysret(SVR_OK, nr);
		step_insn(c, t, in);
		free(t);
		return true;
	}
	default:
		return false;
	}
}

/* The transfer function (sys_arch_ops.step). */
static void step(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in)
{
	struct guard_note gn;
	uint16_t ngot = c->is64 ? 0 : ngot_next(c, st, in->raw);

	guard_before(c, st, in->raw, &gn);
	if (guard_branch(c, st, in))
		return; /* a je/jne: no register written */
	if (st->flag_nosys && nosys_branch(c, st, in)) {
		st->flag_nosys = 0;
		return;
	}
	step_insn(c, st, in);
	guard_after(c, st, in->raw, &gn);
	if (!c->is64)
		st->ngot_mask = ngot_fix(c, st, in->raw, ngot);
	if (c->kernel.any)
		st->flag_nosys = nosys_flags(c, st, in->raw);
}

static void step_insn(struct sys_ctx *c, struct sys_state *st, const struct sys_insn *in)
{
	const struct xinsn *insn = in->raw;
	const struct xinsn *x = insn;
	const struct xop *o0 = x->op_count > 0 ? &x->operands[0] : NULL;
	const struct xop *o1 = x->op_count > 1 ? &x->operands[1] : NULL;
	uint64_t next = insn->address + insn->size, t;
	struct sys_val v, a;
	int64_t imm;

	if (c->record) {
		note_tables(c, st, insn);
		note_loads(c, st, insn);
		note_got_imports(c, st, insn);
	}
	if (insn->id == X86_INS_CALL || insn->id == X86_INS_SYSCALL ||
	    insn->id == X86_INS_SYSENTER || insn->id == X86_INS_INT)
		st->deref_ok = false; /* the kernel or a callee may write anywhere */

	switch (insn->id) {
	case X86_INS_SYSCALL:
		sys_add_site(c, st, insn->address, SG_SYSCALL);
		st->r[X86_R_AX] = gate_result(c, &st->r[X86_R_AX]);
		st->r[X86_R_CX] = sv_top();
		st->r[X86_R_R11] = sv_top();
		return;
	case X86_INS_SYSENTER:
		sys_add_site(c, st, insn->address, SG_SYSENTER);
		st->r[X86_R_AX] = gate_result(c, &st->r[X86_R_AX]);
		return;
	case X86_INS_INT:
		if (o0 && o0->type == X86_OP_IMM && o0->imm == 0x80) {
			sys_add_site(c, st, insn->address, SG_INT80);
			/* i386's table even in x86-64 code: no result kept. */
			st->r[X86_R_AX] = c->is64 ? sv_top() : gate_result(c, &st->r[X86_R_AX]);
			return;
		}
		break;
	case X86_INS_MOV:
	case X86_INS_MOVABS:
		if (o0 && o1) {
			v = operand_value(c, st, insn, o1);
			if (o1->type != X86_OP_REG)
				check_ref(c, &v);
			write_operand(c, st, insn, o0, spill_val(c, st, o1, v));
			return;
		}
		break;
	case X86_INS_LEA:
		if (o0 && o1 && o1->type == X86_OP_MEM) {
			v = mem_addr(c, st, insn, &o1->mem);
			check_ref(c, &v);
			gotoff_ref(c, &o1->mem, &v);
			set_reg(st, o0->reg, v);
			return;
		}
		break;
	case X86_INS_XOR:
	case X86_INS_SUB:
		if (o0 && o1 && o0->type == X86_OP_REG && o1->type == X86_OP_REG &&
		    o0->reg == o1->reg) {
			set_reg(st, o0->reg, sv_const(0));
			return;
		}
		/* fallthrough */
	case X86_INS_ADD:
	case X86_INS_OR:
	case X86_INS_SHL:
		if (o0 && o1 && o0->type == X86_OP_REG) {
			a = operand_value(c, st, insn, o1);
			v = v_arith(get_reg(st, o0->reg), &a, insn->id, c->is64);
			set_reg(st, o0->reg, v);
			check_ref(c, &v);
			return;
		}
		break;
	case X86_INS_AND:
		if (o0 && o1 && o0->type == X86_OP_REG) {
			unsigned w;
			if (reg_index(o0->reg, &w) == X86_R_SP) {
				/* Stack realignment (`and $-16,%esp`): a new frame
				 * base; slots of the old one stay addressable
				 * through %ebp. */
				st->r[X86_R_SP] = sv_sp(c->next_base++, 0);
				return;
			}
			a = operand_value(c, st, insn, o1);
			set_reg(st, o0->reg, v_arith(get_reg(st, o0->reg), &a, insn->id, c->is64));
			return;
		}
		break;
	case X86_INS_XCHG:
		if (o0 && o1 && o0->type == X86_OP_REG && o1->type == X86_OP_REG) {
			v = get_reg(st, o0->reg);
			set_reg(st, o0->reg, get_reg(st, o1->reg));
			set_reg(st, o1->reg, v);
			return;
		}
		break;
	case X86_INS_PUSH:
		if (o0) {
			v = operand_value(c, st, insn, o0);
			if (o0->type != X86_OP_REG)
				check_ref(c, &v);
			push_val(c, st, spill_val(c, st, o0, v));
			return;
		}
		break;
	case X86_INS_POP:
		if (o0) {
			v = pop_val(c, st);
			write_operand(c, st, insn, o0, v);
			return;
		}
		break;
	case X86_INS_NEG:
		if (o0 && o0->type == X86_OP_REG) {
			unsigned nr;
			v = get_reg(st, o0->reg);
			set_reg(st, o0->reg,
				sv_ret_form(&v, &nr) == SVR_RAW ? sv_sysret(SVR_ERRNO, nr)
								: sv_top());
			return;
		}
		break;
	case X86_INS_LEAVE:
		st->r[X86_R_SP] = st->r[X86_R_BP];
		st->r[X86_R_BP] = pop_val(c, st);
		return;
	case X86_INS_RET:
	case X86_INS_RETF:
		st->live = false;
		st->after_ret = true;
		return;
	case X86_INS_HLT:
	case X86_INS_UD2:
		st->live = false;
		st->after_ret = false;
		return;
	case X86_INS_CALL:
		if (!o0)
			break;
		if (is_gs_vsyscall(insn)) {
			sys_add_site(c, st, insn->address, SG_GS_VSYSCALL);
			st->r[X86_R_AX] = gate_result(c, &st->r[X86_R_AX]);
			return;
		}
		if (o0->type == X86_OP_MEM) {
			a = mem_addr(c, st, insn, &o0->mem);
			if (X(c)->dl_sysinfo && sv_single(&a, &imm) &&
			    (uint64_t)imm == X(c)->dl_sysinfo) {
				/* Static i386 glibc: `call *_dl_sysinfo`. */
				sys_add_site(c, st, insn->address, SG_DL_SYSINFO);
				st->r[X86_R_AX] = gate_result(c, &st->r[X86_R_AX]);
				return;
			}
		}
		if (o0->type == X86_OP_IMM) {
			t = (uint64_t)o0->imm;
			if (t == next) {
				/* `call 1f; 1: pop %reg`: old-style PIC. */
				push_val(c, st, sv_const((int64_t)next));
				return;
			}
			unsigned r = thunk_reg(c, t);
			if (r) {
				st->r[r - 1] = sv_const((int64_t)next);
				return;
			}
			if (sys_direct_transfer(c, st, insn->address, t, reloc_field(insn),
						false)) {
				st->live = false;
				st->after_ret = false;
				return;
			}
		} else {
			const struct elf_sym *imp = NULL;
			if (o0->type == X86_OP_MEM) {
				a = mem_addr(c, st, insn, &o0->mem);
				imp = sys_got_import(c, &a);
			}
			if (imp && !imp->defined)
				sys_add_call(c, st, insn->address, false, SC_IMPORT, 0, imp);
			else
				sys_add_call(c, st, insn->address, false, SC_INDIRECT, 0, NULL);
		}
		after_call(c, st);
		return;
	default:
		break;
	}

	if (in->type == SYS_INSN_JUMP || in->type == SYS_INSN_JCC) {
		bool uncond = in->type == SYS_INSN_JUMP;
		if (in->has_target) {
			t = in->target;
			if (t >= c->fstart && t < c->fend) {
				sys_branch(c, st, insn->address, t);
			} else {
				sys_direct_transfer(c, st, insn->address, t, reloc_field(insn),
						    true);
			}
		} else if (uncond) {
			const struct elf_sym *imp = NULL;
			if (o0 && o0->type == X86_OP_MEM) {
				a = mem_addr(c, st, insn, &o0->mem);
				imp = sys_got_import(c, &a);
			}
			if (imp && !imp->defined) {
				sys_add_call(c, st, insn->address, true, SC_IMPORT, 0, imp);
			} else {
				sys_add_call(c, st, insn->address, true, SC_INDIRECT, 0, NULL);
				sys_indirect_jump(c, st);
			}
		}
		if (uncond) {
			st->live = false;
			st->after_ret = false;
		}
		/* loop/jecxz write ecx */
		if (insn->id == X86_INS_LOOP || insn->id == X86_INS_LOOPE ||
		    insn->id == X86_INS_LOOPNE)
			st->r[X86_R_CX] = sv_top();
		return;
	}
	if (insn->id >= X86_INS_CMOVA && insn->id <= X86_INS_CMOVS && o0 && o1 &&
	    o0->type == X86_OP_REG) {
		a = operand_value(c, st, insn, o1);
		set_reg(st, o0->reg, sv_join(get_reg(st, o0->reg), &a));
		return;
	}
	clobber_written(c, st, insn);
	if (st->r[X86_R_SP].kind != SV_SP)
		st->r[X86_R_SP] = sv_top();
}

/* ------------------------------------------------------------------ */
/* Decoding. */

/* The operands capstone gives in (at most XOPS). */
static uint8_t op_count(const cs_insn *in)
{
	return in->detail->x86.op_count < XOPS ? in->detail->x86.op_count : XOPS;
}

/* The compact record of in (which carries its detail); its operands go
 * to ops (op_count(in) of them). */
static void compact(csh cs, const cs_insn *in, struct xinsn *out, struct xop *ops)
{
	const cs_x86 *x = &in->detail->x86;
	cs_regs rr, rw;
	uint8_t nr = 0, nw = 0;

	memset(out, 0, sizeof(*out));
	out->address = in->address;
	out->id = (uint16_t)in->id;
	out->size = (uint8_t)in->size;
	out->byte0 = in->bytes[0];
	out->jump = cs_insn_group(cs, in, CS_GRP_JUMP);
	out->op_count = op_count(in);
	out->operands = ops;
	for (unsigned i = 0; i < out->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];
		struct xop *o = &ops[i];
		memset(o, 0, sizeof(*o));
		o->type = (uint8_t)op->type;
		o->size = op->size;
		o->access = op->access;
		if (op->type == X86_OP_REG) {
			o->reg = (uint8_t)op->reg;
		} else if (op->type == X86_OP_IMM) {
			o->imm = op->imm;
		} else if (op->type == X86_OP_MEM) {
			o->mem.disp = op->mem.disp;
			o->mem.segment = (uint8_t)op->mem.segment;
			o->mem.base = (uint8_t)op->mem.base;
			o->mem.index = (uint8_t)op->mem.index;
		}
	}
	if (cs_regs_access(cs, in, rr, &nr, rw, &nw) == CS_ERR_OK) {
		out->regs_ok = true;
		for (unsigned i = 0; i < nw; i++) {
			unsigned w;
			int ri = reg_index(rw[i], &w);
			if (ri >= 0)
				out->wmask |= 1u << ri;
		}
		for (unsigned i = 0; i < nr; i++) {
			unsigned w;
			int ri = reg_index(rr[i], &w);
			if (ri >= 0)
				out->rmask |= 1u << ri;
		}
	}
}

static bool jump_target(const struct xinsn *insn, uint64_t *ret)
{
	const struct xinsn *x = insn;

	if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM) {
		*ret = (uint64_t)x->operands[0].imm;
		return true;
	}
	return false;
}

/* The neutral record of insn. */
static void classify(const struct xinsn *insn, struct sys_insn *ret)
{
	const struct xinsn *x = insn;

	*ret = (struct sys_insn){.addr = insn->address, .len = insn->size, .raw = insn};
	switch (insn->id) {
	case X86_INS_RET:
		ret->type = SYS_INSN_RET;
		break;
	case X86_INS_RETF:
		ret->type = SYS_INSN_XRET;
		break;
	case X86_INS_CALL:
		ret->type = SYS_INSN_CALL;
		break;
	case X86_INS_HLT:
	case X86_INS_UD2:
		ret->type = SYS_INSN_HALT;
		break;
	case X86_INS_INT3:
		ret->type = SYS_INSN_TRAP;
		break;
	case X86_INS_INT:
	case X86_INS_SYSCALL:
	case X86_INS_SYSENTER:
		ret->type = SYS_INSN_GATE;
		break;
	default:
		/* capstone's jump group: jmp, ljmp, jcc, jcxz, xbegin (not
		 * loop, which step() therefore never sees as a jump). */
		if (insn->jump) {
			bool uncond = insn->id == X86_INS_JMP || insn->id == X86_INS_LJMP;
			ret->type = uncond ? SYS_INSN_JUMP : SYS_INSN_JCC;
			ret->has_target = jump_target(insn, &ret->target);
			ret->indirect = insn->id == X86_INS_JMP && x->op_count == 1 &&
					x->operands[0].type != X86_OP_IMM;
		}
		break;
	}
	ret->padding = is_padding(insn);
}

static bool decode_one(struct sys_ctx *c, const unsigned char *code, size_t size, uint64_t addr,
		       struct sys_insn *ret)
{
	struct x86 *x = X(c);

	if (!cs_disasm_iter(x->cs, &code, &size, &addr, x->scratch))
		return false;
	compact(x->cs, x->scratch, &x->one.insn, x->one.ops);
	classify(&x->one.insn, ret);
	return true;
}

static size_t decode_run(struct sys_ctx *c, const unsigned char *code, size_t size, uint64_t addr,
			 struct sys_insn **ret)
{
	struct x86 *x = X(c);
	struct xinsn *raw = NULL;
	struct xop *ops = NULL;
	struct sys_insn *v;
	size_t n = 0, cap = 0, n_ops = 0, cap_ops = 0;

	/* One cs_insn at a time, each made compact at once: capstone's
	 * own array of a whole run would be the peak again. */
	while (cs_disasm_iter(x->cs, &code, &size, &addr, x->scratch)) {
		GROW_RAW(raw, cap, n);
		GROW_RAW(ops, cap_ops, n_ops + XOPS);
		compact(x->cs, x->scratch, &raw[n++], &ops[n_ops]);
		n_ops += raw[n - 1].op_count;
	}
	if (!n) {
		free(raw);
		free(ops);
		return 0;
	}
	SHRINK(raw, cap, n);
	SHRINK(ops, cap_ops, n_ops);
	/* The operands array moved as it grew: point the records into its
	 * final place. raw[0].operands is its start, for free_run(). */
	n_ops = 0;
	for (size_t i = 0; i < n; i++) {
		raw[i].operands = ops + n_ops;
		n_ops += raw[i].op_count;
	}
	v = xmalloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		classify(&raw[i], &v[i]);
	*ret = v;
	return n;
}

static void free_run(struct sys_insn *v, size_t n)
{
	if (!n)
		return;
	/* v[0].raw is the start of decode_run()'s array of records, its
	 * operands the start of theirs. */
	free((void *)((const struct xinsn *)v[0].raw)->operands);
	free((void *)v[0].raw);
	free(v);
}

static int open_x86(struct sys_ctx *c)
{
	const struct elf_object *elf = c->elf;
	struct x86 *x = xcalloc(1, sizeof(*x));

	if (cs_open(CS_ARCH_X86, (cs_mode)elf->arch->cs_mode, &x->cs) != CS_ERR_OK) {
		free(x);
		return -ENOTSUP;
	}
	cs_option(x->cs, CS_OPT_DETAIL, CS_OPT_ON);
	x->scratch = cs_malloc(x->cs);
	for (size_t i = 0; i < elf->n_syms; i++)
		if (elf->syms[i].defined && elf->syms[i].name &&
		    strcmp(elf->syms[i].name, "_dl_sysinfo") == 0)
			x->dl_sysinfo = elf->syms[i].value;
	c->arch = x;
	return 0;
}

static void close_x86(struct sys_ctx *c)
{
	struct x86 *x = X(c);

	if (!x)
		return;
	cs_free(x->scratch, 1);
	cs_close(&x->cs);
	u64map_free(&x->thunks);
	free(x);
	c->arch = NULL;
}

/* The prefilter's byte patterns: syscall (0f 05) in x86-64 code; int $0x80
 * (cd 80), sysenter (0f 34) and `call *%gs:0x10` (65 ff 15 10 00 00 00)
 * in i386 code. */
static unsigned gate_bytes(const struct sys_ctx *c, const unsigned char *p, size_t avail)
{
	if (c->is64)
		return p[0] == 0x0f && p[1] == 0x05 ? 2 : 0;
	if ((p[0] == 0xcd && p[1] == 0x80) || (p[0] == 0x0f && p[1] == 0x34))
		return 2;
	if (p[0] == 0x65 && p[1] == 0xff && avail >= 7 &&
	    memcmp(p + 2, "\x15\x10\x00\x00\x00", 5) == 0)
		return 7;
	return 0;
}

/* `int $0x80; ret`, `syscall; ret` or `sysenter; ret` at the start, after
 * an endbr32/endbr64 (f3 0f 1e fa/fb) at most. */
static bool trampoline(const unsigned char *p, uint64_t off)
{
	if (off > 4)
		return false;
	if (off == 4 && p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e)
		p += 4; /* endbr */
	else if (off != 0)
		return false;
	return ((p[0] == 0xcd && p[1] == 0x80) ||
		(p[0] == 0x0f && (p[1] == 0x05 || p[1] == 0x34))) &&
	       p[2] == 0xc3;
}

const struct sys_arch_ops x86_ops = {
	.sp = X86_R_SP,
	.fp = X86_R_BP,
	/* A PLT entry is 16 bytes in both psABIs (.plt, and .plt.sec/.plt.got
	 * of -z ibtplt and lazy-binding-free GOT calls). */
	.plt_entry = 16,
	.open = open_x86,
	.close = close_x86,
	.decode_one = decode_one,
	.decode_run = decode_run,
	.free_run = free_run,
	.step = step,
	.plt_stub = plt_stub,
	.reloc_kind = reloc_kind,
	.gate_bytes = gate_bytes,
	.trampoline = trampoline,
	.arg_param = arg_param,
	.snap_call = snap_call,
	.site = site,
	.failure_handled = failure_handled,
};
