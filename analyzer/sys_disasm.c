// SPDX-License-Identifier: MIT
/* Per-object half of the syscall engine: cuts the executable segments into
 * functions, disassembles each with capstone and runs a forward data-flow
 * pass over it that tracks constants, entry parameters and stack slots.
 * Records gates, calls (with argument values) and code references to
 * functions. Nothing here looks at other objects. */
#include <capstone/capstone.h>
#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "sys_val.h"
#include "syscalls.h"
#include "util.h"

struct dref {
	uint32_t func;
	uint64_t addr;
};

struct fctx {
	csh cs;
	const struct elf_object *elf;
	struct obj_syscalls *out;
	uint64_t decoded; /* instructions decoded so far (see over_budget()) */
	bool is64;
	unsigned w; /* word size */
	uint64_t pltgot;
	uint64_t dl_sysinfo; /* 0: none */
	uint32_t func;
	uint64_t fstart, fend;
	unsigned next_base;
	struct u64map *relocs;		   /* r_offset -> index in elf->relocs */
	struct u64map *stubs;		   /* address -> stub result cache */
	struct u64map *thunks;		   /* address -> reg+1 or 0 */
	struct u64map gates;		   /* decoded gate addresses */
	struct u64map bad;		   /* addresses of skipped bytes */
	bool record;			   /* last data-flow pass: record sites and calls */
	struct sys_state *ijmp, *ijmp_new; /* join of states at indirect jmps (prev, this pass) */
	struct dref *drefs;		   /* code references into data */
	struct u64map dref_seen;
	size_t n_drefs, cap_drefs;
	bool final_pass;
	struct u64map *fstarts; /* start -> function index */
	uint64_t *exec_lo, *exec_hi;
	size_t n_exec;
};

/* ------------------------------------------------------------------ */
/* Registers. */

static const struct {
	uint16_t reg;
	uint8_t idx, width;
} reg_tab[] = {
	{X86_REG_RAX, SYS_R_AX, 64},   {X86_REG_EAX, SYS_R_AX, 32},   {X86_REG_AX, SYS_R_AX, 16},
	{X86_REG_AL, SYS_R_AX, 8},     {X86_REG_AH, SYS_R_AX, 8},     {X86_REG_RCX, SYS_R_CX, 64},
	{X86_REG_ECX, SYS_R_CX, 32},   {X86_REG_CX, SYS_R_CX, 16},    {X86_REG_CL, SYS_R_CX, 8},
	{X86_REG_CH, SYS_R_CX, 8},     {X86_REG_RDX, SYS_R_DX, 64},   {X86_REG_EDX, SYS_R_DX, 32},
	{X86_REG_DX, SYS_R_DX, 16},    {X86_REG_DL, SYS_R_DX, 8},     {X86_REG_DH, SYS_R_DX, 8},
	{X86_REG_RBX, SYS_R_BX, 64},   {X86_REG_EBX, SYS_R_BX, 32},   {X86_REG_BX, SYS_R_BX, 16},
	{X86_REG_BL, SYS_R_BX, 8},     {X86_REG_BH, SYS_R_BX, 8},     {X86_REG_RSP, SYS_R_SP, 64},
	{X86_REG_ESP, SYS_R_SP, 32},   {X86_REG_SP, SYS_R_SP, 16},    {X86_REG_SPL, SYS_R_SP, 8},
	{X86_REG_RBP, SYS_R_BP, 64},   {X86_REG_EBP, SYS_R_BP, 32},   {X86_REG_BP, SYS_R_BP, 16},
	{X86_REG_BPL, SYS_R_BP, 8},    {X86_REG_RSI, SYS_R_SI, 64},   {X86_REG_ESI, SYS_R_SI, 32},
	{X86_REG_SI, SYS_R_SI, 16},    {X86_REG_SIL, SYS_R_SI, 8},    {X86_REG_RDI, SYS_R_DI, 64},
	{X86_REG_EDI, SYS_R_DI, 32},   {X86_REG_DI, SYS_R_DI, 16},    {X86_REG_DIL, SYS_R_DI, 8},
	{X86_REG_R8, SYS_R_R8, 64},    {X86_REG_R8D, SYS_R_R8, 32},   {X86_REG_R8W, SYS_R_R8, 16},
	{X86_REG_R8B, SYS_R_R8, 8},    {X86_REG_R9, SYS_R_R9, 64},    {X86_REG_R9D, SYS_R_R9, 32},
	{X86_REG_R9W, SYS_R_R9, 16},   {X86_REG_R9B, SYS_R_R9, 8},    {X86_REG_R10, SYS_R_R10, 64},
	{X86_REG_R10D, SYS_R_R10, 32}, {X86_REG_R10W, SYS_R_R10, 16}, {X86_REG_R10B, SYS_R_R10, 8},
	{X86_REG_R11, SYS_R_R11, 64},  {X86_REG_R11D, SYS_R_R11, 32}, {X86_REG_R11W, SYS_R_R11, 16},
	{X86_REG_R11B, SYS_R_R11, 8},  {X86_REG_R12, SYS_R_R12, 64},  {X86_REG_R12D, SYS_R_R12, 32},
	{X86_REG_R12W, SYS_R_R12, 16}, {X86_REG_R12B, SYS_R_R12, 8},  {X86_REG_R13, SYS_R_R13, 64},
	{X86_REG_R13D, SYS_R_R13, 32}, {X86_REG_R13W, SYS_R_R13, 16}, {X86_REG_R13B, SYS_R_R13, 8},
	{X86_REG_R14, SYS_R_R14, 64},  {X86_REG_R14D, SYS_R_R14, 32}, {X86_REG_R14W, SYS_R_R14, 16},
	{X86_REG_R14B, SYS_R_R14, 8},  {X86_REG_R15, SYS_R_R15, 64},  {X86_REG_R15D, SYS_R_R15, 32},
	{X86_REG_R15W, SYS_R_R15, 16}, {X86_REG_R15B, SYS_R_R15, 8},
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

/* ------------------------------------------------------------------ */
/* Relocation kinds (the only place that knows R_386_* / R_X86_64_*). */

enum rkind {
	RK_OTHER,
	RK_RELATIVE,
	RK_IRELATIVE,
	RK_ABS,
	RK_PC,
	RK_GLOB_DAT,
	RK_JUMP_SLOT
};

static enum rkind reloc_kind(uint16_t machine, uint32_t type)
{
	if (machine == EM_386) {
		switch (type) {
		case R_386_RELATIVE:
			return RK_RELATIVE;
		case R_386_IRELATIVE:
			return RK_IRELATIVE;
		case R_386_32:
			return RK_ABS;
		case R_386_PC32:
		case R_386_PLT32:
			return RK_PC;
		case R_386_GLOB_DAT:
			return RK_GLOB_DAT;
		case R_386_JMP_SLOT:
			return RK_JUMP_SLOT;
		}
	} else if (machine == EM_X86_64) {
		switch (type) {
		case R_X86_64_RELATIVE:
			return RK_RELATIVE;
		case R_X86_64_IRELATIVE:
			return RK_IRELATIVE;
		case R_X86_64_64:
			return RK_ABS;
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
			return RK_PC;
		case R_X86_64_GLOB_DAT:
			return RK_GLOB_DAT;
		case R_X86_64_JUMP_SLOT:
			return RK_JUMP_SLOT;
		}
	}
	return RK_OTHER;
}

/* ------------------------------------------------------------------ */

static bool in_exec(const struct fctx *c, uint64_t a)
{
	for (size_t i = 0; i < c->n_exec; i++)
		if (a >= c->exec_lo[i] && a < c->exec_hi[i])
			return true;
	return false;
}

long sys_func_at(const struct obj_syscalls *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n_sorted;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->funcs[mid].start < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n_sorted && s->funcs[lo].start == addr ? (long)lo : -1;
}

long sys_func_containing(const struct obj_syscalls *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n_sorted;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->funcs[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	lo--;
	return addr < s->funcs[lo].end ? (long)lo : -1;
}

uint16_t sys_arg_param(const struct arch_desc *arch, unsigned k)
{
	static const uint8_t regs64[] = {SYS_R_DI, SYS_R_SI, SYS_R_DX,
					 SYS_R_CX, SYS_R_R8, SYS_R_R9};

	if (arch->args_on_stack)
		return SYS_P_STACK + k;
	return k < ARRAY_SIZE(regs64) ? regs64[k] : SYS_P_STACK + (k - ARRAY_SIZE(regs64));
}

/* Reads a pointer-sized word stored at vaddr, applying a relocation there
 * (RELA addend, REL in-place addend, or a defined symbol's value). */
static bool read_ptr(const struct fctx *c, uint64_t vaddr, uint64_t *ret)
{
	const unsigned char *p = elf_vaddr_ptr(c->elf, vaddr, c->w);
	uint64_t v = 0;
	uint32_t ri;

	if (!p)
		return false;
	if (c->w == 8) {
		memcpy(&v, p, 8);
	} else {
		uint32_t v32;
		memcpy(&v32, p, 4);
		v = v32;
	}
	ri = u64map_get(c->relocs, vaddr);
	if (ri != UINT32_MAX) {
		const struct elf_reloc *r = &c->elf->relocs[ri];
		enum rkind k = reloc_kind(c->elf->machine, r->type);
		if (k == RK_RELATIVE || k == RK_IRELATIVE) {
			if (r->has_addend)
				v = (uint64_t)r->addend;
		} else if (r->sym) {
			const struct elf_sym *s = elf_dynsym(c->elf, r->sym);
			if (s && s->defined)
				v = s->value + (r->has_addend ? (uint64_t)r->addend : 0);
			else
				return false;
		}
	}
	*ret = v;
	return true;
}

/* The __x86.get_pc_thunk.REG pattern `mov (%esp),%REG; ret` (8b /r 24 c3):
 * returns REG+1, or 0 when addr is not such a thunk. The thunk keeps every
 * other register, eax included. */
static unsigned thunk_reg(struct fctx *c, uint64_t addr)
{
	const unsigned char *p;
	uint32_t v = u64map_get(c->thunks, addr);
	unsigned r = 0;

	if (v != UINT32_MAX)
		return v;
	if (!c->is64) {
		p = elf_vaddr_ptr(c->elf, addr, 4);
		if (p && p[0] == 0x8b && (p[1] & 0xc7) == 0x04 && p[2] == 0x24 && p[3] == 0xc3)
			r = ((p[1] >> 3) & 7) + 1;
	}
	u64map_put(c->thunks, addr, r);
	return r;
}

/* What a PLT stub at addr jumps to: an import (returns 1 and its symbol),
 * a local IRELATIVE target (returns 2, *ret_local), or 0 (not a stub). */
static int plt_stub(struct fctx *c, uint64_t addr, const struct elf_sym **ret_sym,
		    uint64_t *ret_local)
{
	const unsigned char *code;
	uint64_t a = addr, slot, size;
	cs_insn *insn = NULL;
	size_t n_insn = 0;
	int result = 0;
	uint32_t ri;

	if (!in_exec(c, addr))
		return 0;
	for (int k = 0; k < 2; k++) {
		size = 16;
		code = elf_vaddr_ptr(c->elf, a, size);
		if (!code)
			break;
		n_insn = cs_disasm(c->cs, code, size, a, 1, &insn);
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
			if (ok && (ri = u64map_get(c->relocs, slot)) != UINT32_MAX) {
				const struct elf_reloc *r = &c->elf->relocs[ri];
				enum rkind kind = reloc_kind(c->elf->machine, r->type);
				if ((kind == RK_JUMP_SLOT || kind == RK_GLOB_DAT) && r->sym) {
					const struct elf_sym *s = elf_dynsym(c->elf, r->sym);
					if (s) {
						*ret_sym = s;
						result = 1;
					}
				} else if (kind == RK_IRELATIVE && r->has_addend) {
					*ret_local = (uint64_t)r->addend;
					result = 2;
				}
			}
		}
		break;
	}
	if (n_insn)
		cs_free(insn, n_insn);
	return result;
}

/* ------------------------------------------------------------------ */
/* Recording. */

static void add_ref(struct fctx *c, uint64_t target)
{
	uint32_t fi;

	if (!c->record)
		return;
	if (!in_exec(c, target)) {
		uint64_t key = ((uint64_t)c->func << 40) ^ target;
		if (elf_load_for_vaddr(c->elf, target) &&
		    u64map_get(&c->dref_seen, key) == UINT32_MAX) {
			u64map_put(&c->dref_seen, key, 1);
			GROW(c->drefs, c->cap_drefs, c->n_drefs);
			c->drefs[c->n_drefs++] = (struct dref){c->func, target};
		}
		return;
	}
	fi = u64map_get(c->fstarts, target);
	if (fi == UINT32_MAX || fi == c->func)
		return;
	GROW(c->out->refs, c->out->cap_refs, c->out->n_refs);
	c->out->refs[c->out->n_refs++] = (struct sys_ref){.from = c->func, .to = fi};
}

static void check_ref(struct fctx *c, const struct sys_val *v)
{
	int64_t x;

	if (sv_single(v, &x))
		add_ref(c, (uint64_t)x);
}

/* Records v as the value of callee parameter `param` (constants and
 * caller parameters only: anything else is unknown, the default). */
static void push_snap(struct obj_syscalls *o, uint16_t param, const struct sys_val *v)
{
	if (v->kind == SV_PARAM) {
		GROW(o->snaps, o->cap_snaps, o->n_snaps);
		o->snaps[o->n_snaps++] =
			(struct sys_snap){.param = param, .id = v->id, .kind = SV_PARAM};
		return;
	}
	if (v->kind != SV_CONST)
		return;
	for (unsigned i = 0; i < v->n; i++) {
		GROW(o->snaps, o->cap_snaps, o->n_snaps);
		o->snaps[o->n_snaps++] =
			(struct sys_snap){.c = v->c[i], .param = param, .kind = SV_CONST};
	}
}

bool sys_snap_value(const struct obj_syscalls *s, const struct sys_call *c, uint16_t param,
		    struct sys_val *ret)
{
	uint32_t i = 0;

	while (i < c->n_snap && s->snaps[c->snap + i].param != param)
		i++;
	if (i == c->n_snap)
		return false;
	if (s->snaps[c->snap + i].kind == SV_PARAM) {
		*ret = (struct sys_val){.kind = SV_PARAM, .id = s->snaps[c->snap + i].id};
		return true;
	}
	*ret = (struct sys_val){.kind = SV_CONST};
	for (; i < c->n_snap && s->snaps[c->snap + i].param == param && ret->n < SYS_VAL_MAXC; i++)
		ret->c[ret->n++] = s->snaps[c->snap + i].c;
	return true;
}

static void snap_params(struct fctx *c, const struct sys_state *st, bool tail,
			struct sys_call *call)
{
	static const uint8_t regs32[] = {SYS_R_AX, SYS_R_CX, SYS_R_DX, SYS_R_BX,
					 SYS_R_SI, SYS_R_DI, SYS_R_BP};
	static const uint8_t regs64[] = {SYS_R_AX, SYS_R_DI, SYS_R_SI, SYS_R_DX,
					 SYS_R_CX, SYS_R_R8, SYS_R_R9, SYS_R_R10};
	const uint8_t *regs = c->is64 ? regs64 : regs32;
	size_t n_regs = c->is64 ? ARRAY_SIZE(regs64) : ARRAY_SIZE(regs32);
	struct obj_syscalls *o = c->out;

	call->snap = (uint32_t)o->n_snaps;
	for (size_t i = 0; i < n_regs; i++) {
		push_snap(o, regs[i], &st->r[regs[i]]);
	}
	/* Stack arguments: every i386 cdecl argument, and on x86-64 the 7th
	 * and later ones (System V psABI 3.2.3). glibc 2.41 passes the syscall
	 * number of its cancellable calls as the 7th argument of
	 * __syscall_cancel (`push $0x2a; call __syscall_cancel`,
	 * sysdeps/unix/sysdep.h), so x86-64 needs them too. */
	if (st->r[SYS_R_SP].kind == SV_SP) {
		for (unsigned k = 0; k < SYS_STACK_ARGS; k++) {
			/* At a call the callee's first argument is at (%esp); at a
			 * tail jmp the return address is already there. */
			struct sys_val a =
				sv_sp(st->r[SYS_R_SP].id,
				      st->r[SYS_R_SP].c[0] + (tail ? c->w : 0) + k * c->w);
			struct sys_val v = sys_state_load(st, c->w, &a);
			push_snap(o, SYS_P_STACK + k, &v);
		}
	}
	/* A register pointing into this frame: the words there, for a callee
	 * that reads its arguments through it (SYS_P_DEREF). */
	for (unsigned r = 0; r < 8; r++) {
		const struct sys_val *p = &st->r[r];
		if (r == SYS_R_SP || p->kind != SV_SP)
			continue;
		for (unsigned k = 0; k < SYS_P_DEREF_WORDS; k++) {
			struct sys_val a = sv_sp(p->id, p->c[0] + k * c->w);
			struct sys_val v = sys_state_load(st, c->w, &a);
			push_snap(o, SYS_P_DEREF + r * SYS_P_DEREF_WORDS + k, &v);
		}
	}
	call->n_snap = (uint32_t)(o->n_snaps - call->snap);
}

static bool jump_target(const cs_insn *insn, uint64_t *ret);
static bool is_jump(csh cs, const cs_insn *insn);

/* One instruction at a inside the current function, or NULL. */
static cs_insn *decode_one(struct fctx *c, uint64_t a)
{
	const unsigned char *code;
	cs_insn *insn = NULL;

	if (a < c->fstart || a >= c->fend || !(code = elf_vaddr_ptr(c->elf, a, c->fend - a)))
		return NULL;
	if (cs_disasm(c->cs, code, c->fend - a, a, 1, &insn) != 1)
		return NULL;
	return insn;
}

/* Every path from a reaches a ret within budget instructions without a
 * call, an indirect jump or a trap: nothing else happens on it. */
static bool paths_return(struct fctx *c, uint64_t a, int *budget, unsigned depth)
{
	while ((*budget)-- > 0) {
		cs_insn *insn = decode_one(c, a);
		uint64_t t, next;
		bool ok = false, done = true;

		if (!insn)
			return false;
		next = insn->address + insn->size;
		if (insn->id == X86_INS_RET)
			ok = true;
		else if (insn->id == X86_INS_CALL || insn->id == X86_INS_HLT ||
			 insn->id == X86_INS_UD2 || insn->id == X86_INS_INT3 ||
			 insn->id == X86_INS_INT || insn->id == X86_INS_SYSCALL ||
			 insn->id == X86_INS_SYSENTER || insn->id == X86_INS_RETF)
			ok = false;
		else if (is_jump(c->cs, insn) && !jump_target(insn, &t))
			ok = false;
		else if (insn->id == X86_INS_JMP && jump_target(insn, &t))
			done = false, next = t;
		else if (is_jump(c->cs, insn) && jump_target(insn, &t))
			ok = depth < 4 && paths_return(c, t, budget, depth + 1) &&
			     paths_return(c, next, budget, depth + 1);
		else
			done = false;
		cs_free(insn, 1);
		if (done)
			return ok;
		a = next;
	}
	return false;
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
static bool failure_handled(struct fctx *c, uint64_t after)
{
	uint32_t holds = 1u << SYS_R_AX;
	uint64_t a = after;
	int64_t eax = -1;
	bool unmapped = false;

	for (int n = 0; n < 16; n++) {
		cs_insn *insn = decode_one(c, a);
		const cs_x86 *x;
		unsigned w;
		int ri;
		bool tested = false, stop = false;

		if (!insn)
			return false;
		x = &insn->detail->x86;
		if (insn->id == X86_INS_TEST || insn->id == X86_INS_CMP) {
			for (unsigned i = 0; i < x->op_count; i++)
				if (x->operands[i].type == X86_OP_REG &&
				    (ri = reg_index(x->operands[i].reg, &w)) >= 0 && w >= 32 &&
				    (holds & (1u << ri)))
					tested = true;
		}
		if (tested) {
			uint64_t next = insn->address + insn->size, t;
			cs_insn *j = decode_one(c, next);
			int budget = 64;
			bool ok = unmapped && j && is_jump(c->cs, j) && j->id != X86_INS_JMP &&
				  jump_target(j, &t) && paths_return(c, t, &budget, 0) &&
				  paths_return(c, j->address + j->size, &budget, 0);
			if (j)
				cs_free(j, 1);
			cs_free(insn, 1);
			return ok;
		}
		if (insn->id == X86_INS_MOV && x->op_count == 2 &&
		    x->operands[0].type == X86_OP_REG && x->operands[1].type == X86_OP_IMM &&
		    reg_index(x->operands[0].reg, &w) == SYS_R_AX && w >= 32) {
			eax = x->operands[1].imm;
			holds &= ~(1u << SYS_R_AX);
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
			holds &= ~((1u << SYS_R_AX) | (1u << SYS_R_CX) | (1u << SYS_R_R11));
			eax = -1;
		} else if (insn->id == X86_INS_CALL || insn->id == X86_INS_RET ||
			   is_jump(c->cs, insn)) {
			stop = true;
		} else {
			cs_regs rr, rw;
			uint8_t nr = 0, nw = 0;
			if (cs_regs_access(c->cs, insn, rr, &nr, rw, &nw) == CS_ERR_OK) {
				for (unsigned i = 0; i < nw; i++)
					if ((ri = reg_index(rw[i], &w)) >= 0)
						holds &= ~(1u << ri);
			} else {
				stop = true;
			}
		}
		a = insn->address + insn->size;
		cs_free(insn, 1);
		if (stop || !holds)
			return false;
	}
	return false;
}

static bool failure_handled_after(struct fctx *c, uint64_t vaddr)
{
	cs_insn *insn = decode_one(c, vaddr);
	bool r = insn && failure_handled(c, insn->address + insn->size);

	if (insn)
		cs_free(insn, 1);
	return r;
}

/* The third ABI argument (mmap/mprotect prot) may ask for PROT_EXEC. */
static bool may_exec(const struct sys_val *prot)
{
	for (unsigned i = 0; prot->kind == SV_CONST && i < prot->n; i++)
		if (prot->c[i] & 0x4) /* PROT_EXEC, <sys/mman.h> */
			return true;
	return false;
}

static void add_call(struct fctx *c, const struct sys_state *st, uint64_t vaddr, bool tail,
		     enum sys_call_kind kind, uint32_t target, const struct elf_sym *imp)
{
	struct obj_syscalls *o = c->out;
	struct sys_call *call;

	if (!c->record)
		return;
	GROW(o->calls, o->cap_calls, o->n_calls);
	call = &o->calls[o->n_calls++];
	memset(call, 0, sizeof(*call));
	call->vaddr = vaddr;
	call->func = c->func;
	call->kind = kind;
	call->tail = tail;
	call->target = target;
	if (imp) {
		call->import = imp->name;
		call->version = imp->version;
		call->weak = imp->bind == STB_WEAK;
	}
	snap_params(c, st, tail, call);
	if (!tail) {
		struct sys_val prot;
		if (sys_snap_value(o, call, sys_arg_param(o->arch, 2), &prot) && may_exec(&prot))
			call->handled = failure_handled_after(c, vaddr);
	}
}

/* The ABI arguments at a gate: int $0x80, sysenter and the i386 vsyscall
 * take them in ebx ecx edx esi edi ebp (arch/x86/entry/entry_32.S), the
 * syscall instruction in rdi rsi rdx r10 r8 r9 (entry_64.S). */
static void site_args(const struct fctx *c, const struct sys_state *st, enum sys_gate_kind g,
		      struct sys_site *s)
{
	static const uint8_t regs32[SYS_SITE_ARGS] = {SYS_R_BX, SYS_R_CX, SYS_R_DX, SYS_R_SI};
	static const uint8_t regs64[SYS_SITE_ARGS] = {SYS_R_DI, SYS_R_SI, SYS_R_DX, SYS_R_R10};
	const uint8_t *regs = g == SG_SYSCALL && c->is64 ? regs64 : regs32;
	const struct sys_val *p;

	for (unsigned k = 0; k < SYS_SITE_ARGS; k++)
		s->args[k] = st->r[regs[k]];
	/* The word args[1] points to: a slot of this frame, or a word the
	 * caller stored where an entry register points (SYS_P_DEREF). */
	p = &s->args[1];
	if (p->kind == SV_SP)
		s->arg1_word0 = sys_state_load(st, c->w, p);
	else if (p->kind == SV_PARAM && p->id < 8 && p->id != SYS_R_SP && st->deref_ok)
		s->arg1_word0 = sv_param(SYS_P_DEREF + p->id * SYS_P_DEREF_WORDS);
	else
		s->arg1_word0 = sv_top();
}

static void add_site(struct fctx *c, const struct sys_state *st, uint64_t vaddr,
		     enum sys_gate_kind g)
{
	struct obj_syscalls *o = c->out;
	struct sys_site *s;

	if (!c->record)
		return;
	GROW(o->sites, o->cap_sites, o->n_sites);
	s = &o->sites[o->n_sites++];
	memset(s, 0, sizeof(*s));
	s->vaddr = vaddr;
	s->func = c->func;
	s->gate = g;
	s->nr = st->r[SYS_R_AX];
	site_args(c, st, g, s);
	/* int $0x80 and sysenter enter the i386 syscall table even from
	 * 64-bit code (arch/x86/entry/entry_64_compat.S). */
	s->abi = (g == SG_SYSCALL) ? o->arch->id : ARCH_X86;
	if (s->nr.kind == SV_BOT)
		s->nr = sv_top();
	if (may_exec(&s->args[2]))
		s->handled = failure_handled_after(c, vaddr);
	u64map_put(&c->gates, vaddr, 1);
}

/* `call *foo@GOT(%ebx)` / `call *foo@GOTPCREL(%rip)` (-fno-plt): the slot's
 * GLOB_DAT/JUMP_SLOT relocation names the import. */
static const struct elf_sym *got_import(const struct fctx *c, const struct sys_val *slot)
{
	int64_t a;
	uint32_t ri;

	if (!sv_single(slot, &a) || (ri = u64map_get(c->relocs, (uint64_t)a)) == UINT32_MAX)
		return NULL;
	const struct elf_reloc *r = &c->elf->relocs[ri];
	enum rkind k = reloc_kind(c->elf->machine, r->type);
	if ((k != RK_GLOB_DAT && k != RK_JUMP_SLOT) || !r->sym)
		return NULL;
	return elf_dynsym(c->elf, r->sym);
}

/* Functions declared noreturn by glibc's headers (<stdlib.h>, <assert.h>,
 * <err.h>, <setjmp.h>, <pthread.h>, include/stdio.h's __libc_fatal,
 * debug/fortify_fail.c) and by the C++ ABI. What follows a call to one is
 * not reached from it: gcc drops the fall-through and puts padding or the
 * next block there (glibc 2.41's futex wait calls __libc_fatal with a
 * frame that differs from the block after it). */
static bool noreturn_name(const char *name)
{
	static const char *const tab[] = {
		"abort",
		"exit",
		"_exit",
		"_Exit",
		"quick_exit",
		"__libc_fatal",
		"__fortify_fail",
		"__chk_fail",
		"__stack_chk_fail",
		"__assert_fail",
		"__assert_perror_fail",
		"err",
		"errx",
		"verr",
		"verrx",
		"pthread_exit",
		"__pthread_exit",
		"longjmp",
		"siglongjmp",
		"_longjmp",
		"__longjmp_chk",
		"__cxa_throw",
		"__cxa_rethrow",
		"_Unwind_Resume",
	};

	if (!name)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(name, tab[i]) == 0)
			return true;
	return false;
}

/* Handles a call/jmp with an immediate target leaving the function.
 * Returns whether the callee is known never to return. */
static bool direct_transfer(struct fctx *c, struct sys_state *st, const cs_insn *insn, uint64_t t,
			    bool tail)
{
	const struct elf_sym *imp = NULL;
	uint64_t local = 0;
	uint32_t fi, ri;
	int stub;

	/* i386 text relocation at the rel32 of e8/e9: the call goes to the
	 * relocation's symbol, whatever the placeholder says. */
	if (insn->size == 5 && (insn->bytes[0] == 0xe8 || insn->bytes[0] == 0xe9) &&
	    (ri = u64map_get(c->relocs, insn->address + 1)) != UINT32_MAX) {
		const struct elf_reloc *r = &c->elf->relocs[ri];
		const struct elf_sym *s = r->sym ? elf_dynsym(c->elf, r->sym) : NULL;
		if (s && !s->defined) {
			add_call(c, st, insn->address, tail, SC_IMPORT, 0, s);
			return noreturn_name(s->name);
		}
		if (s)
			t = s->value;
	}
	fi = u64map_get(c->fstarts, t);
	if (fi == UINT32_MAX || (c->out->funcs[fi].flags & SF_PLT) ||
	    !(c->out->funcs[fi].flags & (SF_SYMBOL | SF_FDE))) {
		stub = plt_stub(c, t, &imp, &local);
		if (stub == 1) {
			add_call(c, st, insn->address, tail, SC_IMPORT, 0, imp);
			return noreturn_name(imp->name);
		}
		if (stub == 2)
			t = local;
		fi = u64map_get(c->fstarts, t);
	}
	if (fi == UINT32_MAX) {
		long k = sys_func_containing(c->out, t);
		fi = k >= 0 ? (uint32_t)k : UINT32_MAX;
	}
	if (fi == UINT32_MAX) {
		add_call(c, st, insn->address, tail, SC_INDIRECT, 0, NULL);
		return false;
	}
	add_call(c, st, insn->address, tail, SC_LOCAL, fi, NULL);
	return c->out->funcs[fi].start == t && noreturn_name(c->out->funcs[fi].name);
}

static struct sys_val mem_addr(const struct fctx *c, const struct sys_state *st,
			       const cs_insn *insn, const x86_op_mem *m)
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

static struct sys_val operand_value(const struct fctx *c, const struct sys_state *st,
				    const cs_insn *insn, const cs_x86_op *op)
{
	struct sys_val a;

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
			if (a.kind == SV_PARAM && a.id < 8 && a.id != SYS_R_SP)
				return sv_param(SYS_P_DEREF + a.id * SYS_P_DEREF_WORDS +
						(unsigned)(op->mem.disp / c->w));
		}
		a = mem_addr(c, st, insn, &op->mem);
		if (a.kind == SV_CONST && a.n == 1 && op->size == c->w &&
		    u64map_get(c->relocs, (uint64_t)a.c[0]) != UINT32_MAX) {
			/* A GOT slot or pointer the loader fills in: its
			 * relocation says what it holds (main@GOT in _start). */
			uint64_t p;
			if (read_ptr(c, (uint64_t)a.c[0], &p))
				return sv_const((int64_t)p);
			return sv_top();
		}
		return sys_state_load(st, c->w, &a);
	default:
		return sv_top();
	}
}

static void write_operand(struct fctx *c, struct sys_state *st, const cs_insn *insn,
			  const cs_x86_op *op, struct sys_val v)
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
static void clobber_written(struct fctx *c, struct sys_state *st, const cs_insn *insn)
{
	cs_regs rr, rw;
	uint8_t nr = 0, nw = 0;
	const cs_x86 *x = &insn->detail->x86;

	if (cs_regs_access(c->cs, insn, rr, &nr, rw, &nw) == CS_ERR_OK) {
		for (unsigned i = 0; i < nw; i++) {
			unsigned w;
			int ri = reg_index(rw[i], &w);
			if (ri >= 0)
				st->r[ri] = sv_top();
		}
	} else {
		for (unsigned i = 0; i < SYS_R_MAX; i++)
			if (i != SYS_R_SP)
				st->r[i] = sv_top();
	}
	for (unsigned i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM && (x->operands[i].access & CS_AC_WRITE))
			write_operand(c, st, insn, &x->operands[i], sv_top());
}

static void push_val(struct fctx *c, struct sys_state *st, struct sys_val v)
{
	struct sys_val *sp = &st->r[SYS_R_SP];

	if (sp->kind != SV_SP)
		return;
	sp->c[0] -= c->w;
	sys_state_store(st, sp, v);
}

static struct sys_val pop_val(struct fctx *c, struct sys_state *st)
{
	struct sys_val *sp = &st->r[SYS_R_SP], v;

	if (sp->kind != SV_SP)
		return sv_top();
	v = sys_state_load(st, c->w, sp);
	sp->c[0] += c->w;
	return v;
}

static void after_call(struct fctx *c, struct sys_state *st)
{
	static const uint8_t clob32[] = {SYS_R_AX, SYS_R_CX, SYS_R_DX};
	static const uint8_t clob64[] = {SYS_R_AX, SYS_R_CX, SYS_R_DX,	SYS_R_SI, SYS_R_DI,
					 SYS_R_R8, SYS_R_R9, SYS_R_R10, SYS_R_R11};
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
	if (st->r[SYS_R_SP].kind == SV_SP)
		sys_state_clobber_range(st, st->r[SYS_R_SP].id, st->r[SYS_R_SP].c[0] - 4096,
					st->r[SYS_R_SP].c[0]);
}

static bool is_gs_vsyscall(const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;
	const x86_op_mem *m;

	if (x->op_count != 1 || x->operands[0].type != X86_OP_MEM)
		return false;
	m = &x->operands[0].mem;
	/* glibc i386: `call *%gs:SYSINFO_OFFSET` (tcbhead_t.sysinfo at 0x10,
	 * sysdeps/i386/nptl/tls.h) enters the vDSO's __kernel_vsyscall. */
	return m->segment == X86_REG_GS && m->base == X86_REG_INVALID &&
	       m->index == X86_REG_INVALID && m->disp == 0x10;
}

/* ------------------------------------------------------------------ */
/* One function. */

struct target {
	uint64_t addr;
	bool backward;
	struct sys_state *st;	    /* join of forward edges, this pass */
	struct sys_state *back;	    /* join of back edges, previous pass */
	struct sys_state *back_new; /* join of back edges, this pass */
	struct sys_state *hdr;	    /* state at this loop header, previous pass */
};

#define MAX_PASSES 12
#define WIDEN_AFTER 3

static int cmp_target(const void *a, const void *b)
{
	const struct target *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct chunk {
	cs_insn *insn;
	size_t n;
	bool after_bad; /* bytes before it were skipped as undecodable */
};

static struct target *find_target(struct target *t, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && t[lo].addr == addr ? &t[lo] : NULL;
}

static bool jump_target(const cs_insn *insn, uint64_t *ret)
{
	const cs_x86 *x = &insn->detail->x86;

	if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM) {
		*ret = (uint64_t)x->operands[0].imm;
		return true;
	}
	return false;
}

static bool is_jump(csh cs, const cs_insn *insn)
{
	return cs_insn_group(cs, insn, CS_GRP_JUMP);
}

static void step(struct fctx *c, struct sys_state *st, const cs_insn *insn, struct target *tg,
		 size_t n_tg);
static bool is_terminator(const cs_insn *insn);

/* Alignment padding after a jmp/ret (nop, xchg %ax,%ax, lea 0(%esi),%esi,
 * int3): it does not make the dead code after it live. */
static bool is_padding(const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;

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

static void run_pass(struct fctx *c, const struct chunk *chunks, size_t n_chunks, struct target *tg,
		     size_t n_tg, bool known_entry, bool widen, unsigned pass)
{
	struct sys_state st;

	sys_state_entry(&st, known_entry, SYS_R_SP);
	for (size_t k = 0; k < n_chunks; k++) {
		if (chunks[k].after_bad && st.live) {
			/* Running into skipped bytes: nothing is known after
			 * them. (Bytes after a jmp/ret are data; what follows
			 * them is reached by its own edges.) */
			struct sys_val sp = st.r[SYS_R_SP];
			sys_state_entry(&st, false, SYS_R_SP);
			st.r[SYS_R_SP] = sp;
		}
		for (size_t i = 0; i < chunks[k].n; i++) {
			const cs_insn *insn = &chunks[k].insn[i];
			struct target *t = find_target(tg, n_tg, insn->address);

			if (t) {
				if (t->st)
					sys_state_join(&st, t->st, c->w);
				if (t->backward && !widen && t->back)
					sys_state_join(&st, t->back, c->w);
				if (t->backward && !widen && st.live) {
					if (pass >= WIDEN_AFTER && t->hdr && t->hdr->live)
						sys_state_widen(&st, t->hdr);
					if (!t->hdr)
						t->hdr = xmalloc(sizeof(*t->hdr));
					*t->hdr = st;
				}
				if (t->backward && widen && st.live) {
					/* Loop header: keep the frame, forget values. */
					struct sys_val sp = st.r[SYS_R_SP], bp = st.r[SYS_R_BP];
					for (unsigned r = 0; r < SYS_R_MAX; r++)
						st.r[r] = sv_top();
					st.r[SYS_R_SP] = sp;
					if (bp.kind == SV_SP)
						st.r[SYS_R_BP] = bp;
					for (unsigned s = 0; s < st.n_slots; s++)
						st.s[s].v = sv_top();
					st.params_clobbered = true;
				}
			}
			if (!st.live && is_padding(insn))
				continue;
			/* Code nothing has reached yet in this pass (a loop
			 * entered from below): wait for its edges. Only the
			 * last pass assumes an indirect jump reaches it. */
			if (!st.live && c->ijmp->live) {
				/* After a jmp/ret and not a direct target: a
				 * case of this function's jump table. It starts
				 * from what the indirect jumps saw (previous pass). */
				st = *c->ijmp;
			}
			if (!st.live && !c->final_pass)
				continue;
			if (!st.live) {
				/* Reached only through an indirect jump (a switch
				 * table): same frame, unknown registers. */
				st.live = true;
				for (unsigned r = 0; r < SYS_R_MAX; r++)
					if (r != SYS_R_SP &&
					    !(r == SYS_R_BP && st.r[r].kind == SV_SP))
						st.r[r] = sv_top();
				if (st.r[SYS_R_SP].kind == SV_BOT)
					st.r[SYS_R_SP] = sv_top();
			}
			step(c, &st, insn, tg, n_tg);
		}
	}
}

static void analyse_function(struct fctx *c, uint32_t fi, bool known_entry)
{
	const struct sys_func *f = &c->out->funcs[fi];
	struct chunk *chunks = NULL;
	size_t n_chunks = 0, cap_chunks = 0;
	struct target *tg = NULL;
	size_t n_tg = 0, cap_tg = 0;
	uint64_t a = f->start;

	c->func = fi;
	c->fstart = f->start;
	c->fend = f->end;
	c->next_base = 1;

	/* Pass 1: decode; invalid bytes are skipped one at a time. */
	uint64_t end = f->end;
	bool skipped = false;
	for (uint32_t nx = fi + 1;; nx++) {
		const cs_insn *last;

		while (a < end) {
			const unsigned char *code = elf_vaddr_ptr(c->elf, a, end - a);
			cs_insn *insn = NULL;
			size_t n;

			if (!code)
				break;
			n = cs_disasm(c->cs, code, end - a, a, 0, &insn);
			if (n) {
				GROW(chunks, cap_chunks, n_chunks);
				chunks[n_chunks++] = (struct chunk){insn, n, skipped};
				c->out->n_insns += n;
				c->decoded += n;
				a = insn[n - 1].address + insn[n - 1].size;
				skipped = false;
			}
			if (a < end) {
				u64map_put(&c->bad, a, 1);
				a++;
				c->out->n_bad_bytes++;
				skipped = true;
			}
		}
		/* Code that runs off its end into an unnamed piece (glibc's
		 * clone3.S ends its FDE just before `syscall`; cold parts)
		 * continues there: the piece joins this function. */
		if (!n_chunks || known_entry == false)
			break;
		last = &chunks[n_chunks - 1].insn[chunks[n_chunks - 1].n - 1];
		if (last->address + last->size != end || is_terminator(last) ||
		    last->id == X86_INS_CALL || is_padding(last))
			break;
		if (nx >= c->out->n_sorted || c->out->funcs[nx].start != end ||
		    (c->out->funcs[nx].flags & (SF_SYMBOL | SF_ROOT | SF_ENTRY | SF_PLT)))
			break;
		c->out->funcs[nx].host = fi;
		end = c->out->funcs[nx].end;
	}
	c->fend = end;
	for (size_t k = 0; k < n_chunks; k++)
		for (size_t i = 0; i < chunks[k].n; i++) {
			const cs_insn *insn = &chunks[k].insn[i];
			uint64_t t;
			if (!is_jump(c->cs, insn) || !jump_target(insn, &t))
				continue;
			if (t < f->start || t >= end)
				continue;
			GROW(tg, cap_tg, n_tg);
			tg[n_tg++] = (struct target){.addr = t, .backward = t <= insn->address};
		}
	if (n_tg)
		qsort(tg, n_tg, sizeof(*tg), cmp_target);
	bool has_back = false;
	for (size_t i = 0; i < n_tg; i++)
		has_back |= tg[i].backward;
	for (size_t k = 0; k < n_chunks && !has_back; k++)
		for (size_t i = 0; i < chunks[k].n; i++) {
			const cs_x86 *x = &chunks[k].insn[i].detail->x86;
			if (chunks[k].insn[i].id == X86_INS_JMP && x->op_count == 1 &&
			    x->operands[0].type != X86_OP_IMM)
				has_back = true; /* iterate: jump-table cases need it */
		}
	c->final_pass = !has_back;
	c->ijmp->live = false;
	c->ijmp_new->live = false;
	{
		size_t m = 0;
		for (size_t i = 0; i < n_tg; i++) {
			if (m && tg[m - 1].addr == tg[i].addr) {
				tg[m - 1].backward |= tg[i].backward;
				continue;
			}
			tg[m++] = tg[i];
		}
		n_tg = m;
	}

	/* Pass 2: forward data flow, iterated until the states at loop
	 * headers are stable (at most MAX_PASSES; then loop headers forget
	 * everything but the frame). Only the last pass records. */
	for (unsigned pass = 0;; pass++) {
		bool widen = pass >= MAX_PASSES;
		c->record = c->final_pass;
		for (size_t i = 0; i < n_tg; i++) {
			if (tg[i].st)
				tg[i].st->live = false;
			if (tg[i].back_new)
				tg[i].back_new->live = false;
		}
		c->ijmp_new->live = false;
		run_pass(c, chunks, n_chunks, tg, n_tg, known_entry, widen, pass);
		if (c->final_pass)
			break;
		bool stable = c->ijmp->live == c->ijmp_new->live &&
			      (!c->ijmp->live || sys_state_eq(c->ijmp, c->ijmp_new));
		{
			struct sys_state *tmp = c->ijmp;
			c->ijmp = c->ijmp_new;
			c->ijmp_new = tmp;
		}
		for (size_t i = 0; i < n_tg; i++) {
			if (!tg[i].backward)
				continue;
			bool a_live = tg[i].back && tg[i].back->live;
			bool b_live = tg[i].back_new && tg[i].back_new->live;
			if (a_live != b_live ||
			    (a_live && !sys_state_eq(tg[i].back, tg[i].back_new)))
				stable = false;
			struct sys_state *tmp = tg[i].back;
			tg[i].back = tg[i].back_new;
			tg[i].back_new = tmp;
		}
		if (stable || widen || !has_back)
			c->final_pass = true;
	}
	c->final_pass = false;
	c->record = true;

	for (size_t i = 0; i < n_tg; i++) {
		free(tg[i].st);
		free(tg[i].back);
		free(tg[i].back_new);
		free(tg[i].hdr);
	}
	free(tg);
	for (size_t k = 0; k < n_chunks; k++)
		cs_free(chunks[k].insn, chunks[k].n);
	free(chunks);
}

static void branch_to(struct fctx *c, const struct sys_state *st, struct target *tg, size_t n_tg,
		      uint64_t from, uint64_t t)
{
	struct target *x = find_target(tg, n_tg, t);
	struct sys_state **slot;

	if (!x)
		return;
	slot = t <= from ? &x->back_new : &x->st;
	if (!*slot) {
		*slot = xmalloc(sizeof(**slot));
		(*slot)->live = false;
	}
	sys_state_join(*slot, st, c->w);
}

/* An indexed memory operand with a known base (`mov tbl@GOTOFF(%ebx,%eax,4)`,
 * `jmp *tbl(,%eax,4)`) reads a table: the table is referenced. */
static void note_tables(struct fctx *c, const struct sys_state *st, const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;

	for (unsigned i = 0; i < x->op_count; i++) {
		const x86_op_mem *m = &x->operands[i].mem;
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
		add_ref(c, c->is64 ? a : (a & UINT32_MAX));
	}
}

static void step(struct fctx *c, struct sys_state *st, const cs_insn *insn, struct target *tg,
		 size_t n_tg)
{
	const cs_x86 *x = &insn->detail->x86;
	const cs_x86_op *o0 = x->op_count > 0 ? &x->operands[0] : NULL;
	const cs_x86_op *o1 = x->op_count > 1 ? &x->operands[1] : NULL;
	uint64_t next = insn->address + insn->size, t;
	struct sys_val v, a;
	int64_t imm;

	if (c->record)
		note_tables(c, st, insn);
	if (insn->id == X86_INS_CALL || insn->id == X86_INS_SYSCALL ||
	    insn->id == X86_INS_SYSENTER || insn->id == X86_INS_INT)
		st->deref_ok = false; /* the kernel or a callee may write anywhere */

	switch (insn->id) {
	case X86_INS_SYSCALL:
		add_site(c, st, insn->address, SG_SYSCALL);
		st->r[SYS_R_AX] = sv_top();
		st->r[SYS_R_CX] = sv_top();
		st->r[SYS_R_R11] = sv_top();
		return;
	case X86_INS_SYSENTER:
		add_site(c, st, insn->address, SG_SYSENTER);
		st->r[SYS_R_AX] = sv_top();
		return;
	case X86_INS_INT:
		if (o0 && o0->type == X86_OP_IMM && o0->imm == 0x80) {
			add_site(c, st, insn->address, SG_INT80);
			st->r[SYS_R_AX] = sv_top();
			return;
		}
		break;
	case X86_INS_MOV:
	case X86_INS_MOVABS:
		if (o0 && o1) {
			v = operand_value(c, st, insn, o1);
			if (o1->type != X86_OP_REG)
				check_ref(c, &v);
			write_operand(c, st, insn, o0, v);
			return;
		}
		break;
	case X86_INS_LEA:
		if (o0 && o1 && o1->type == X86_OP_MEM) {
			v = mem_addr(c, st, insn, &o1->mem);
			check_ref(c, &v);
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
			if (reg_index(o0->reg, &w) == SYS_R_SP) {
				/* Stack realignment (`and $-16,%esp`): a new frame
				 * base; slots of the old one stay addressable
				 * through %ebp. */
				st->r[SYS_R_SP] = sv_sp(c->next_base++, 0);
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
			push_val(c, st, v);
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
	case X86_INS_LEAVE:
		st->r[SYS_R_SP] = st->r[SYS_R_BP];
		st->r[SYS_R_BP] = pop_val(c, st);
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
			add_site(c, st, insn->address, SG_GS_VSYSCALL);
			st->r[SYS_R_AX] = sv_top();
			return;
		}
		if (o0->type == X86_OP_MEM) {
			a = mem_addr(c, st, insn, &o0->mem);
			if (c->dl_sysinfo && sv_single(&a, &imm) &&
			    (uint64_t)imm == c->dl_sysinfo) {
				/* Static i386 glibc: `call *_dl_sysinfo`. */
				add_site(c, st, insn->address, SG_DL_SYSINFO);
				st->r[SYS_R_AX] = sv_top();
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
			if (direct_transfer(c, st, insn, t, false)) {
				st->live = false;
				st->after_ret = false;
				return;
			}
		} else {
			const struct elf_sym *imp = NULL;
			if (o0->type == X86_OP_MEM) {
				a = mem_addr(c, st, insn, &o0->mem);
				imp = got_import(c, &a);
			}
			if (imp && !imp->defined)
				add_call(c, st, insn->address, false, SC_IMPORT, 0, imp);
			else
				add_call(c, st, insn->address, false, SC_INDIRECT, 0, NULL);
		}
		after_call(c, st);
		return;
	default:
		break;
	}

	if (is_jump(c->cs, insn)) {
		bool uncond = insn->id == X86_INS_JMP || insn->id == X86_INS_LJMP;
		if (jump_target(insn, &t)) {
			if (t >= c->fstart && t < c->fend) {
				branch_to(c, st, tg, n_tg, insn->address, t);
			} else {
				direct_transfer(c, st, insn, t, true);
			}
		} else if (uncond) {
			const struct elf_sym *imp = NULL;
			if (o0 && o0->type == X86_OP_MEM) {
				a = mem_addr(c, st, insn, &o0->mem);
				imp = got_import(c, &a);
			}
			if (imp && !imp->defined) {
				add_call(c, st, insn->address, true, SC_IMPORT, 0, imp);
			} else {
				add_call(c, st, insn->address, true, SC_INDIRECT, 0, NULL);
				sys_state_join(c->ijmp_new, st, c->w);
			}
		}
		if (uncond) {
			st->live = false;
			st->after_ret = false;
		}
		/* loop/jecxz write ecx */
		if (insn->id == X86_INS_LOOP || insn->id == X86_INS_LOOPE ||
		    insn->id == X86_INS_LOOPNE)
			st->r[SYS_R_CX] = sv_top();
		return;
	}
	if (insn->id >= X86_INS_CMOVA && insn->id <= X86_INS_CMOVS && o0 && o1 &&
	    o0->type == X86_OP_REG) {
		a = operand_value(c, st, insn, o1);
		set_reg(st, o0->reg, sv_join(get_reg(st, o0->reg), &a));
		return;
	}
	clobber_written(c, st, insn);
	if (st->r[SYS_R_SP].kind != SV_SP)
		st->r[SYS_R_SP] = sv_top();
}

/* ------------------------------------------------------------------ */
/* Function boundaries. */

struct cand {
	uint64_t start, size;
	const char *name;
	uint32_t flags;
	const char *imp, *impver;
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static void cand_add(struct cands *cs, uint64_t start, uint64_t size, const char *name,
		     uint32_t flags)
{
	GROW(cs->v, cs->cap, cs->n);
	cs->v[cs->n++] = (struct cand){start, size, name, flags, NULL, NULL};
}

static void fde_cand(void *arg, uint64_t start, uint64_t size)
{
	cand_add(arg, start, size, NULL, SF_FDE);
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void add_ptr_array(struct fctx *c, struct cands *cs, uint64_t arr, uint64_t sz)
{
	for (uint64_t off = 0; arr && off + c->w <= sz && off < 65536 * c->w; off += c->w) {
		uint64_t v;
		if (read_ptr(c, arr + off, &v) && v && v != (c->w == 8 ? UINT64_MAX : UINT32_MAX) &&
		    in_exec(c, v))
			cand_add(cs, v, 0, NULL, SF_ROOT);
	}
}

static bool is_terminator(const cs_insn *insn)
{
	switch (insn->id) {
	case X86_INS_RET:
	case X86_INS_RETF:
	case X86_INS_JMP:
	case X86_INS_LJMP:
	case X86_INS_HLT:
	case X86_INS_UD2:
		return true;
	default:
		return false;
	}
}

/* Fuzz builds only (tests/fuzz: libFuzzer's convention
 * FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, never set in a product build):
 * an object gets a budget of decoded instructions, after which it is not
 * decoded further, so that a run costs milliseconds whatever the input's
 * size. */
static bool over_budget(const struct fctx *c)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	return c->decoded > FUZZ_MAX_INSNS;
#else
	return false;
#endif
}

/* Code no symbol or FDE covers (hand-written assembly without CFI): cut it
 * into functions where a ret/jmp followed by padding ends one. Pieces are
 * SF_ORPHAN but analysed with a known entry (their parameters). */
static void split_gap(struct fctx *c, uint64_t lo, uint64_t hi)
{
	struct obj_syscalls *o = c->out;
	uint64_t a = lo, start = lo;
	bool after_term = false, in_pad = false;
	/* One instruction at a time (cs_disasm_iter): a gap can be a whole
	 * segment, and decoded instructions take 400 times their bytes. */
	cs_insn *insn = cs_malloc(c->cs);

	while (a < hi) {
		const unsigned char *code = elf_vaddr_ptr(c->elf, a, hi - a);
		size_t left = hi - a;
		uint64_t next = a;
		bool any = false;

		while (code && !over_budget(c) &&
		       cs_disasm_iter(c->cs, &code, &left, &next, insn)) {
			bool pad = is_padding(insn);

			any = true;
			c->decoded++;
			if (after_term && (pad || in_pad) && !pad && insn->address > start) {
				GROW(o->funcs, o->cap_funcs, o->n_funcs);
				o->funcs[o->n_funcs++] =
					(struct sys_func){.start = start,
							  .end = insn->address,
							  .flags = SF_ORPHAN | SF_GAP};
				start = insn->address;
				after_term = in_pad = false;
			}
			if (is_terminator(insn))
				after_term = true, in_pad = false;
			else if (pad && after_term)
				in_pad = true;
			else
				after_term = in_pad = false;
		}
		if (over_budget(c))
			break;
		if (!any) {
			a++;
			after_term = in_pad = false;
			continue;
		}
		a = next;
	}
	cs_free(insn, 1);
	GROW(o->funcs, o->cap_funcs, o->n_funcs);
	o->funcs[o->n_funcs++] =
		(struct sys_func){.start = start, .end = hi, .flags = SF_ORPHAN | SF_GAP};
}

/* Decoded instructions take about 400 times their bytes (capstone's
 * details), and a function is decoded whole. Real functions without a size
 * (entry points, DT_INIT, assembly labels) are small; the longest sized
 * function in Debian's libLLVM-15 is under 60 KiB. */
#define UNSIZED_MAX (64 * 1024)

static void build_functions(struct fctx *c)
{
	const struct elf_object *elf = c->elf;
	struct cands cs = {0};
	struct obj_syscalls *o = c->out;

	for (size_t i = 0; i < elf->n_syms; i++) {
		const struct elf_sym *s = &elf->syms[i];
		uint32_t fl = SF_SYMBOL;
		/* NOTYPE: labels of hand-written assembly. */
		if (!s->defined ||
		    (s->type != STT_FUNC && s->type != STT_GNU_IFUNC && s->type != STT_NOTYPE))
			continue;
		if (!in_exec(c, s->value) || !s->name || !s->name[0] || s->name[0] == '$')
			continue;
		if (s->source == ELF_SYM_DYNSYM && s->bind != STB_LOCAL &&
		    (s->visibility == STV_DEFAULT || s->visibility == STV_PROTECTED))
			fl |= SF_EXPORT;
		cand_add(&cs, s->value, s->size, s->name, fl);
	}
	elf_eh_frame_funcs(elf, fde_cand, &cs);
	if (elf->entry && in_exec(c, elf->entry))
		cand_add(&cs, elf->entry, 0, NULL, SF_ENTRY);
	if (elf->dyn.init && in_exec(c, elf->dyn.init))
		cand_add(&cs, elf->dyn.init, 0, NULL, SF_ROOT);
	if (elf->dyn.fini && in_exec(c, elf->dyn.fini))
		cand_add(&cs, elf->dyn.fini, 0, NULL, SF_ROOT);
	add_ptr_array(c, &cs, elf->dyn.init_array, elf->dyn.init_arraysz);
	add_ptr_array(c, &cs, elf->dyn.fini_array, elf->dyn.fini_arraysz);
	add_ptr_array(c, &cs, elf->dyn.preinit_array, elf->dyn.preinit_arraysz);
	/* PLT sections: one stub per 16 bytes, named by what they jump to. */
	for (size_t i = 0; i < elf->n_sections; i++) {
		const struct elf_section *sec = &elf->sections[i];
		if (!sec->name || (strcmp(sec->name, ".plt") && strcmp(sec->name, ".plt.sec") &&
				   strcmp(sec->name, ".plt.got")))
			continue;
		/* Section headers are not trusted: the stubs must lie in one
		 * executable segment's file bytes. */
		bool inside = false;
		for (size_t e = 0; e < c->n_exec; e++)
			inside |= sec->addr >= c->exec_lo[e] &&
				  sec->size <= c->exec_hi[e] - sec->addr &&
				  sec->addr < c->exec_hi[e];
		if (!inside)
			continue;
		cand_add(&cs, sec->addr, sec->size, NULL, SF_PLT);
		for (uint64_t a = sec->addr; a + 16 <= sec->addr + sec->size; a += 16)
			cand_add(&cs, a, 16, NULL, SF_PLT);
	}

	if (cs.n)
		qsort(cs.v, cs.n, sizeof(*cs.v), cmp_cand);
	/* Merge duplicates: exports' names win, then any symbol name. */
	{
		size_t m = 0;
		for (size_t i = 0; i < cs.n; i++) {
			if (m && cs.v[m - 1].start == cs.v[i].start) {
				struct cand *d = &cs.v[m - 1];
				if (!d->name ||
				    ((cs.v[i].flags & SF_EXPORT) && !(d->flags & SF_EXPORT)))
					if (cs.v[i].name)
						d->name = cs.v[i].name;
				d->size = MAX(d->size, cs.v[i].size);
				d->flags |= cs.v[i].flags;
				continue;
			}
			cs.v[m++] = cs.v[i];
		}
		cs.n = m;
	}
	/* Functions end at their size or at the next start; gaps between
	 * them become functions of their own (entered from nowhere known). */
	for (size_t e = 0; e < c->n_exec; e++) {
		uint64_t pos = c->exec_lo[e], hi = c->exec_hi[e];
		for (size_t i = 0; i <= cs.n; i++) {
			uint64_t st, en;
			if (i < cs.n && (cs.v[i].start < pos || cs.v[i].start >= hi))
				continue;
			st = i < cs.n ? cs.v[i].start : hi;
			if (st > pos)
				split_gap(c, pos, st);
			if (i == cs.n)
				break;
			en = hi;
			for (size_t j = i + 1; j < cs.n; j++)
				if (cs.v[j].start > st) {
					en = MIN(en, cs.v[j].start);
					break;
				}
			if (cs.v[i].size && st + cs.v[i].size < en)
				en = st + cs.v[i].size;
			if (!cs.v[i].size && en - st > UNSIZED_MAX) {
				/* No size says where it ends, and the next known start
				 * is far: cut it like a gap, so that one decode window
				 * does not span the segment (an entry point in a file
				 * without symbols or FDEs). */
				size_t first = o->n_funcs;

				split_gap(c, st, en);
				o->funcs[first].name = cs.v[i].name;
				o->funcs[first].flags = cs.v[i].flags;
				pos = en;
				continue;
			}
			GROW(o->funcs, o->cap_funcs, o->n_funcs);
			o->funcs[o->n_funcs++] = (struct sys_func){.start = st,
								   .end = en,
								   .name = cs.v[i].name,
								   .flags = cs.v[i].flags};
			pos = en;
		}
	}
	free(cs.v);
}

/* ------------------------------------------------------------------ */
/* Prefilter: byte patterns of gates. A hit the linear sweep did not
 * decode as a gate (it lies in skipped bytes or a desynchronised run) gets
 * a small window of its own so that it is never lost. */

static void prefilter(struct fctx *c)
{
	for (size_t e = 0; e < c->n_exec; e++) {
		uint64_t lo = c->exec_lo[e], hi = c->exec_hi[e];
		const unsigned char *b = elf_vaddr_ptr(c->elf, lo, hi - lo);
		if (!b)
			continue;
		for (uint64_t i = 0; i + 1 < hi - lo; i++) {
			bool hit = false;
			if (c->is64)
				hit = b[i] == 0x0f && b[i + 1] == 0x05;
			else
				hit = (b[i] == 0xcd && b[i + 1] == 0x80) ||
				      (b[i] == 0x0f && b[i + 1] == 0x34) ||
				      (b[i] == 0x65 && b[i + 1] == 0xff && i + 7 <= hi - lo &&
				       memcmp(b + i + 2, "\x15\x10\x00\x00\x00", 5) == 0);
			if (!hit || u64map_get(&c->gates, lo + i) != UINT32_MAX)
				continue;
			/* Only hits at bytes the sweep could not decode: elsewhere
			 * the pattern is inside a decoded instruction. */
			bool near_bad = false;
			for (uint64_t k = 0; k <= 2 && k <= i && !near_bad; k++)
				near_bad = u64map_get(&c->bad, lo + i - k) != UINT32_MAX;
			if (!near_bad)
				continue;
			uint64_t best = 0;
			bool found = false;
			for (uint64_t back = 0; back <= 32 && back <= i && !found; back++) {
				uint64_t s = lo + i - back;
				const unsigned char *code = b + i - back;
				cs_insn *insn = NULL;
				size_t n = cs_disasm(c->cs, code,
						     back + 8 > hi - lo - (i - back)
							     ? hi - lo - (i - back)
							     : back + 8,
						     s, 0, &insn);
				for (size_t k = 0; k < n; k++)
					if (insn[k].address == lo + i &&
					    (insn[k].id == X86_INS_SYSCALL ||
					     insn[k].id == X86_INS_SYSENTER ||
					     insn[k].id == X86_INS_INT ||
					     insn[k].id == X86_INS_CALL)) {
						found = true;
						best = s;
					}
				cs_free(insn, n);
			}
			if (!found)
				continue;
			GROW(c->out->funcs, c->out->cap_funcs, c->out->n_funcs);
			c->out->funcs[c->out->n_funcs] =
				(struct sys_func){.start = best,
						  .end = lo + i + (b[i] == 0x65 ? 7 : 2),
						  .flags = SF_ORPHAN};
			/* Out of order on purpose: lookups use the sorted prefix. */
			uint32_t saved = (uint32_t)c->out->n_funcs++;
			c->out->funcs[saved].host = saved;
			analyse_function(c, saved, false);
		}
	}
}

/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Function pointers in data. Code that references a data object (a FILE,
 * a vtable, a table of handlers) is taken to call the functions that object
 * points to, directly or through other data objects it points to (stdout ->
 * _IO_2_1_stdout_ -> _IO_file_jumps -> _IO_file_doallocate). Objects are
 * symbol-sized; pointers are relocations (or, in ET_EXEC, plain words). */

struct dsym {
	uint64_t lo, hi;
};

static int cmp_dsym(const void *a, const void *b)
{
	const struct dsym *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static long dsym_find(const struct dsym *d, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || addr >= d[lo - 1].hi)
		return -1;
	return (long)lo - 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Words without a relocation that a stripped table may hold between its
 * pointers: sqlite's sqlite3_vfs starts with three ints and a NULL pNext
 * before its zName and method pointers. */
#define DATA_GAP_WORDS 4

/* The data object holding addr: its symbol, or else (stripped static
 * tables such as glibc's tryfunc[] in tempname.c, sqlite's aVfs[]) the run
 * of relocated words starting at addr, gaps of up to DATA_GAP_WORDS words
 * without a relocation allowed, ending before the next symbol. */
/* The first symbol start above addr (starts sorted), UINT64_MAX when none. */
static uint64_t next_start(const uint64_t *starts, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (starts[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? starts[lo] : UINT64_MAX;
}

static bool data_node(const struct fctx *c, const struct dsym *ds, size_t n_ds,
		      const uint64_t *roffs, size_t n_roffs, const uint64_t *starts,
		      size_t n_starts, uint64_t addr, struct dsym *ret)
{
	long k = dsym_find(ds, n_ds, addr);
	size_t lo = 0, hi = n_roffs;
	uint64_t a = addr, end = addr, limit = addr + 256 * c->w;
	uint64_t next = next_start(starts, n_starts, addr);
	const GElf_Phdr *ph;
	unsigned gap = 0;

	if (k >= 0) {
		*ret = ds[k];
		return true;
	}
	if (!(ph = elf_load_for_vaddr(c->elf, addr)))
		return false;
	if (ph->p_vaddr + ph->p_memsz < limit)
		limit = ph->p_vaddr + ph->p_memsz;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (roffs[mid] < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* A run of relocated words without a sized symbol ends where the next
	 * symbol starts, sized objects and size-0 ones alike (starts holds
	 * both): __dso_handle (size 0, crtbegin.o) sits right before the
	 * module's own data, and running on into it made
	 * __do_global_dtors_aux "reach" every function pointer there. */
	if (next < limit)
		limit = next;
	while (a + c->w <= limit && gap <= DATA_GAP_WORDS) {
		bool have = lo < n_roffs && roffs[lo] == a;
		if (have) {
			end = a + c->w;
			gap = 0;
		} else {
			gap++;
		}
		a += c->w;
		while (lo < n_roffs && roffs[lo] < a)
			lo++;
	}
	if (end == addr)
		return false;
	*ret = (struct dsym){addr, end};
	return true;
}

#define DATA_MAX_NODES 64
#define DATA_MAX_FUNCS 2048

static void data_refs(struct fctx *c)
{
	const struct elf_object *elf = c->elf;
	struct dsym *ds = NULL;
	size_t n_ds = 0, cap_ds = 0;
	uint64_t *roffs = NULL, *starts = NULL;
	size_t n_roffs = 0, n_starts = 0;
	struct u64map seen = {0}, pairs = {0};
	struct dsym *stack;

	if (!c->n_drefs)
		return;
	for (size_t i = 0; i < elf->n_syms; i++) {
		const struct elf_sym *sy = &elf->syms[i];
		const GElf_Phdr *ph;
		uint64_t hi;
		if (!sy->defined || sy->type != STT_OBJECT || !sy->size || in_exec(c, sy->value) ||
		    !(ph = elf_load_for_vaddr(elf, sy->value)))
			continue;
		/* st_size is not trusted beyond the segment's file bytes. */
		hi = ph->p_vaddr + ph->p_filesz;
		if (sy->value >= hi)
			continue;
		GROW(ds, cap_ds, n_ds);
		ds[n_ds++] = (struct dsym){sy->value,
					   sy->size < hi - sy->value ? sy->value + sy->size : hi};
	}
	if (n_ds)
		qsort(ds, n_ds, sizeof(*ds), cmp_dsym);
	starts = xmalloc((elf->n_syms + 1) * sizeof(*starts));
	for (size_t i = 0; i < elf->n_syms; i++) {
		const struct elf_sym *sy = &elf->syms[i];
		if (sy->defined && sy->type != STT_SECTION && sy->type != STT_FILE &&
		    !in_exec(c, sy->value) && elf_load_for_vaddr(elf, sy->value))
			starts[n_starts++] = sy->value;
	}
	if (n_starts)
		qsort(starts, n_starts, sizeof(*starts), cmp_u64);
	roffs = xmalloc((elf->n_relocs + 1) * sizeof(*roffs));
	for (size_t i = 0; i < elf->n_relocs; i++)
		roffs[n_roffs++] = elf->relocs[i].offset;
	if (n_roffs)
		qsort(roffs, n_roffs, sizeof(*roffs), cmp_u64);
	stack = xmalloc(DATA_MAX_NODES * sizeof(*stack));

	for (size_t r = 0; r < c->n_drefs; r++) {
		size_t sp = 0, n_nodes = 0, n_funcs = 0;
		struct dsym root;
		/* A function's references were recorded together: the pairs
		 * already added are those of its run (a library such as
		 * libLLVM has millions of them in all). */
		if (r == 0 || c->drefs[r].func != c->drefs[r - 1].func)
			u64map_free(&pairs);
		if (!data_node(c, ds, n_ds, roffs, n_roffs, starts, n_starts, c->drefs[r].addr,
			       &root))
			continue;
		u64map_free(&seen);
		u64map_put(&seen, root.lo, 1);
		stack[sp++] = root;
		while (sp && n_funcs < DATA_MAX_FUNCS) {
			struct dsym dd = stack[--sp];
			const struct dsym *d = &dd;
			size_t lo = 0, hi = n_roffs;
			n_nodes++;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (roffs[mid] < d->lo)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (uint64_t a = d->lo; a + c->w <= d->hi; a += c->w) {
				uint64_t v;
				bool have = lo < n_roffs && roffs[lo] == a;
				while (lo < n_roffs && roffs[lo] <= a)
					lo++;
				if (!have && elf->type != ET_EXEC)
					continue;
				if (!read_ptr(c, a, &v) || !v)
					continue;
				if (in_exec(c, v)) {
					uint32_t fi = u64map_get(c->fstarts, v);
					if (fi == UINT32_MAX || fi == c->drefs[r].func)
						continue;
					if (u64map_get(&pairs, fi) != UINT32_MAX)
						continue;
					u64map_put(&pairs, fi, 1);
					GROW(c->out->refs, c->out->cap_refs, c->out->n_refs);
					c->out->refs[c->out->n_refs++] =
						(struct sys_ref){.from = c->drefs[r].func,
								 .to = fi,
								 .via_data = true};
					n_funcs++;
				} else {
					struct dsym k;
					if (n_nodes + sp >= DATA_MAX_NODES ||
					    !data_node(c, ds, n_ds, roffs, n_roffs, starts,
						       n_starts, v, &k) ||
					    u64map_get(&seen, k.lo) != UINT32_MAX)
						continue;
					u64map_put(&seen, k.lo, 1);
					stack[sp++] = k;
				}
			}
		}
	}
	u64map_free(&seen);
	u64map_free(&pairs);
	free(stack);
	free(roffs);
	free(starts);
	free(ds);
}

void obj_syscalls_free(struct obj_syscalls *s)
{
	if (!s)
		return;
	free(s->funcs);
	free(s->sites);
	free(s->calls);
	free(s->snaps);
	free(s->refs);
	free(s);
}

/* Narrows the executable segments to the code sections inside them. One
 * R+X PT_LOAD often also maps the headers, .dynsym, .rela.dyn and .rodata
 * (linkers without -z separate-code, e.g. Debian 12's libclang-14: 27 MiB
 * of segment, 18 MiB of code); decoded as code, those bytes made pieces of
 * garbage that chained into one "function" of 900,000 instructions, 1.9
 * GiB of capstone detail at once. The toolchain marks code with
 * SHF_EXECINSTR (.init, .plt*, .text, .fini). ld.so and the kernel ignore
 * section headers, so without any such section inside an executable
 * segment (stripped headers, sstrip) the whole segments stay code. */
static void code_sections(struct fctx *c)
{
	const struct elf_object *elf = c->elf;
	uint64_t *lo = NULL, *hi = NULL;
	size_t n = 0;

	for (size_t i = 0; i < elf->n_sections; i++) {
		const struct elf_section *sec = &elf->sections[i];
		uint64_t a, b;

		if (sec->type != SHT_PROGBITS || !(sec->flags & SHF_ALLOC) ||
		    !(sec->flags & SHF_EXECINSTR) || !sec->size ||
		    sec->addr > UINT64_MAX - sec->size)
			continue;
		for (size_t e = 0; e < c->n_exec; e++) {
			a = MAX(sec->addr, c->exec_lo[e]);
			b = MIN(sec->addr + sec->size, c->exec_hi[e]);
			if (a >= b)
				continue;
			lo = xreallocarray(lo, n + 1, sizeof(*lo));
			hi = xreallocarray(hi, n + 1, sizeof(*hi));
			lo[n] = a;
			hi[n++] = b;
		}
	}
	if (!n)
		return;
	free(c->exec_lo);
	free(c->exec_hi);
	c->exec_lo = lo;
	c->exec_hi = hi;
	c->n_exec = n;
}

int sys_disasm_object(struct elf_object *elf, struct obj_syscalls **ret)
{
	return sys_disasm_object_progress(elf, NULL, NULL, ret);
}

int sys_disasm_object_progress(struct elf_object *elf, void (*tick)(void *arg, double done),
			       void *arg, struct obj_syscalls **ret)
{
	struct obj_syscalls *o;
	struct fctx c = {0};
	uint64_t code_bytes = 0, bytes_done = 0, next_tick;
	struct u64map relocs = {0}, stubs = {0}, thunks = {0}, fstarts = {0};
	size_t n_sorted;

	if (!elf->arch || elf->arch->cs_arch != CS_ARCH_X86 ||
	    (elf->arch->id != ARCH_X86 && elf->arch->id != ARCH_X86_64))
		return -ENOTSUP;
	if (cs_open(CS_ARCH_X86, (cs_mode)elf->arch->cs_mode, &c.cs) != CS_ERR_OK)
		return -ENOTSUP;
	cs_option(c.cs, CS_OPT_DETAIL, CS_OPT_ON);

	o = xcalloc(1, sizeof(*o));
	o->arch = elf->arch;
	c.elf = elf;
	c.out = o;
	c.is64 = elf->elf_class == ELFCLASS64;
	c.w = c.is64 ? 8 : 4;
	c.relocs = &relocs;
	c.stubs = &stubs;
	c.thunks = &thunks;
	c.fstarts = &fstarts;
	c.pltgot = elf->dyn.pltgot;
	c.ijmp = xcalloc(1, sizeof(*c.ijmp));
	c.ijmp_new = xcalloc(1, sizeof(*c.ijmp_new));

	if (elf_load_relocs(elf) >= 0)
		for (size_t i = 0; i < elf->n_relocs; i++)
			u64map_put(&relocs, elf->relocs[i].offset, (uint32_t)i);
	for (size_t i = 0; i < elf->n_syms; i++)
		if (elf->syms[i].defined && elf->syms[i].name &&
		    strcmp(elf->syms[i].name, "_dl_sysinfo") == 0)
			c.dl_sysinfo = elf->syms[i].value;

	for (size_t i = 0; i < elf->n_phdrs; i++) {
		const GElf_Phdr *ph = &elf->phdrs[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) || !ph->p_filesz)
			continue;
		if (!elf_vaddr_ptr(elf, ph->p_vaddr, ph->p_filesz))
			continue;
		c.exec_lo = xreallocarray(c.exec_lo, c.n_exec + 1, sizeof(uint64_t));
		c.exec_hi = xreallocarray(c.exec_hi, c.n_exec + 1, sizeof(uint64_t));
		c.exec_lo[c.n_exec] = ph->p_vaddr;
		c.exec_hi[c.n_exec++] = ph->p_vaddr + ph->p_filesz;
	}
	code_sections(&c);

	build_functions(&c);
	o->n_sorted = o->n_funcs;
	for (size_t i = 0; i < o->n_funcs; i++)
		u64map_put(&fstarts, o->funcs[i].start, (uint32_t)i);
	/* Name PLT stubs after their import. */
	for (size_t i = 0; i < o->n_funcs; i++) {
		const struct elf_sym *imp = NULL;
		uint64_t local;
		if ((o->funcs[i].flags & SF_PLT) &&
		    plt_stub(&c, o->funcs[i].start, &imp, &local) == 1) {
			o->funcs[i].plt_import = imp->name;
			o->funcs[i].plt_version = imp->version;
		}
	}
	/* Address-taken functions: targets of relocations. */
	for (size_t i = 0; i < elf->n_relocs; i++) {
		uint64_t v;
		uint32_t fi;
		if (!read_ptr(&c, elf->relocs[i].offset, &v))
			continue;
		fi = u64map_get(&fstarts, v);
		if (fi != UINT32_MAX)
			o->funcs[fi].flags |= SF_ADDR_TAKEN;
	}
	n_sorted = o->n_funcs;
	for (size_t i = 0; i < o->n_funcs; i++)
		o->funcs[i].host = (uint32_t)i;
	for (size_t e = 0; e < c.n_exec; e++)
		code_bytes += c.exec_hi[e] - c.exec_lo[e];
	/* The caller's progress line moves every 1/64 of the code. */
	next_tick = code_bytes / 64;
	for (size_t i = 0; i < n_sorted; i++) {
		if (over_budget(&c))
			break;
		if (o->funcs[i].host == i)
			analyse_function(&c, (uint32_t)i,
					 !(o->funcs[i].flags & SF_ORPHAN) ||
						 (o->funcs[i].flags & (SF_ROOT | SF_GAP)));
		bytes_done += o->funcs[i].end - o->funcs[i].start;
		if (tick && bytes_done >= next_tick && code_bytes) {
			tick(arg, MIN(1.0, (double)bytes_done / (double)code_bytes));
			next_tick = bytes_done + code_bytes / 64;
		}
	}
	prefilter(&c);
	c.record = true;
	data_refs(&c);
	/* Edges into pieces merged into a host go to the host. */
	for (size_t i = 0; i < o->n_calls; i++)
		if (o->calls[i].kind == SC_LOCAL)
			o->calls[i].target = o->funcs[o->calls[i].target].host;
	for (size_t i = 0; i < o->n_refs; i++) {
		o->refs[i].to = o->funcs[o->refs[i].to].host;
		o->funcs[o->refs[i].to].flags |= SF_ADDR_TAKEN;
	}
	/* A bare gate and ret: the vsyscall/int80 trampoline shape. */
	for (size_t i = 0; i < o->n_sites; i++) {
		struct sys_func *f = &o->funcs[o->sites[i].func];
		const unsigned char *p = elf_vaddr_ptr(elf, f->start, 8);
		uint64_t off = o->sites[i].vaddr - f->start;
		if (!p || off > 4)
			continue;
		if (off == 4 && p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e)
			p += 4; /* endbr */
		else if (off != 0)
			continue;
		if (((p[0] == 0xcd && p[1] == 0x80) ||
		     (p[0] == 0x0f && (p[1] == 0x05 || p[1] == 0x34))) &&
		    p[2] == 0xc3)
			f->flags |= SF_TRAMPOLINE;
	}
	o->analysed = true;
	/* The arrays grew by doubling; every object's stay until the report
	 * is built, so give the slack back (up to half of each). */
	SHRINK(o->funcs, o->cap_funcs, o->n_funcs);
	SHRINK(o->sites, o->cap_sites, o->n_sites);
	SHRINK(o->calls, o->cap_calls, o->n_calls);
	SHRINK(o->snaps, o->cap_snaps, o->n_snaps);
	SHRINK(o->refs, o->cap_refs, o->n_refs);

	u64map_free(&relocs);
	u64map_free(&stubs);
	u64map_free(&thunks);
	u64map_free(&fstarts);
	u64map_free(&c.gates);
	u64map_free(&c.bad);
	free(c.drefs);
	u64map_free(&c.dref_seen);
	free(c.ijmp);
	free(c.ijmp_new);
	free(c.exec_lo);
	free(c.exec_hi);
	cs_close(&c.cs);
	*ret = o;
	return 0;
}
