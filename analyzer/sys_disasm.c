// SPDX-License-Identifier: MIT
/* Per-object half of the syscall engine: cuts the executable segments into
 * functions, disassembles each with the ABI's decoder (sys_arch.h,
 * arch/<isa>/) and runs a forward data-flow pass over it that tracks
 * constants, entry parameters and stack slots (sys_val.h). Records gates,
 * calls (with argument values) and code references to functions. Nothing
 * here knows an instruction set, and nothing here looks at other objects. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/x86.h"
#include "elf.h"
#include "sys_arch.h"
#include "sys_val.h"
#include "syscalls.h"
#include "util.h"

/* The decoder of each ABI the engine disassembles (sys_arch.h), by
 * enum arch_id; x32 is not decoded. */
static const struct sys_arch_ops *const arch_ops[ARCH_MAX] = {
	[ARCH_X86] = &x86_ops,
	[ARCH_X86_64] = &x86_ops,
};

bool sys_in_exec(const struct sys_ctx *c, uint64_t vaddr)
{
	for (size_t i = 0; i < c->n_exec; i++)
		if (vaddr >= c->exec_lo[i] && vaddr < c->exec_hi[i])
			return true;
	return false;
}

#define FUNC_BOUND(s, addr, above)                                                                 \
	sorted_bound((s)->funcs, (s)->n_sorted, sizeof(*(s)->funcs),                               \
		     offsetof(struct sys_func, start), (addr), (above))

long sys_func_at(const struct obj_syscalls *s, uint64_t addr)
{
	size_t lo = FUNC_BOUND(s, addr, false);

	return lo < s->n_sorted && s->funcs[lo].start == addr ? (long)lo : -1;
}

long sys_func_containing(const struct obj_syscalls *s, uint64_t addr)
{
	size_t lo = FUNC_BOUND(s, addr, true);

	if (lo == 0)
		return -1;
	lo--;
	return addr < s->funcs[lo].end ? (long)lo : -1;
}

const char *sys_func_label(const struct obj_syscalls *s, uint32_t fi, char buf[SYS_FUNC_LABEL_MAX])
{
	const struct sys_func *f;

	if (!s || fi >= s->n_funcs)
		return NULL;
	f = &s->funcs[fi];
	if (f->name)
		return f->name;
	if (f->plt_import)
		return f->plt_import;
	snprintf(buf, SYS_FUNC_LABEL_MAX, "sub_%" PRIx64, f->start);
	return buf;
}

uint16_t sys_arg_param(const struct arch_desc *arch, unsigned k)
{
	const struct sys_arch_ops *ops = arch_ops[arch->id];

	/* Only objects the engine decoded have call snapshots to look in. */
	return ops ? ops->arg_param(arch, k) : (uint16_t)(SYS_P_STACK + k);
}

/* Reads a pointer-sized word stored at vaddr, applying a relocation there
 * (RELA addend, REL in-place addend, or a defined symbol's value). */
bool sys_read_ptr(const struct sys_ctx *c, uint64_t vaddr, uint64_t *ret)
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
		enum sys_reloc_kind k = c->ops->reloc_kind(c->elf->machine, r->type);
		if (k == SYS_RELOC_RELATIVE || k == SYS_RELOC_IRELATIVE) {
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

bool sys_has_reloc(const struct sys_ctx *c, uint64_t vaddr)
{
	return u64map_get(c->relocs, vaddr) != UINT32_MAX;
}

int sys_slot_target(const struct sys_ctx *c, uint64_t slot, const struct elf_sym **ret_sym,
		    uint64_t *ret_local)
{
	uint32_t ri = u64map_get(c->relocs, slot);
	const struct elf_reloc *r;
	enum sys_reloc_kind kind;

	if (ri == UINT32_MAX)
		return 0;
	r = &c->elf->relocs[ri];
	kind = c->ops->reloc_kind(c->elf->machine, r->type);
	if ((kind == SYS_RELOC_JUMP_SLOT || kind == SYS_RELOC_GLOB_DAT) && r->sym) {
		const struct elf_sym *s = elf_dynsym(c->elf, r->sym);
		if (s) {
			*ret_sym = s;
			return 1;
		}
	} else if (kind == SYS_RELOC_IRELATIVE && r->has_addend) {
		*ret_local = (uint64_t)r->addend;
		return 2;
	}
	return 0;
}

/* What a PLT stub at addr jumps to (sys_arch_ops.plt_stub); 0 outside the
 * code. */
static int plt_stub(struct sys_ctx *c, uint64_t addr, const struct elf_sym **ret_sym,
		    uint64_t *ret_local)
{
	if (!sys_in_exec(c, addr))
		return 0;
	return c->ops->plt_stub(c, addr, ret_sym, ret_local);
}

/* ------------------------------------------------------------------ */
/* Recording. */

void sys_add_ref(struct sys_ctx *c, uint64_t target)
{
	uint32_t fi;

	if (!c->record)
		return;
	if (!sys_in_exec(c, target)) {
		uint64_t key = ((uint64_t)c->func << 40) ^ target;
		if (elf_load_for_vaddr(c->elf, target) &&
		    u64map_get(&c->dref_seen, key) == UINT32_MAX) {
			u64map_put(&c->dref_seen, key, 1);
			GROW(c->drefs, c->cap_drefs, c->n_drefs);
			c->drefs[c->n_drefs++] = (struct sys_dref){c->func, target};
		}
		return;
	}
	fi = u64map_get(c->fstarts, target);
	if (fi == UINT32_MAX || fi == c->func)
		return;
	GROW(c->out->refs, c->out->cap_refs, c->out->n_refs);
	c->out->refs[c->out->n_refs++] = (struct sys_ref){.from = c->func, .to = fi};
}

void sys_add_code_ref(struct sys_ctx *c, uint64_t target)
{
	if (sys_in_exec(c, target))
		sys_add_ref(c, target);
}

/* Records v as the value of callee parameter `param` (constants and
 * caller parameters only: anything else is unknown, the default). */
void sys_push_snap(struct sys_ctx *c, uint16_t param, const struct sys_val *v)
{
	struct obj_syscalls *o = c->out;

	if (v->kind == SV_PARAM) {
		GROW_RAW(o->snaps, o->cap_snaps, o->n_snaps);
		o->snaps[o->n_snaps++] =
			(struct sys_snap){.param = param, .id = v->id, .kind = SV_PARAM};
		return;
	}
	if (v->kind != SV_CONST)
		return;
	for (unsigned i = 0; i < v->n; i++) {
		GROW_RAW(o->snaps, o->cap_snaps, o->n_snaps);
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

/* One instruction at a inside the current function. */
static bool decode_one(struct sys_ctx *c, uint64_t a, struct sys_insn *ret)
{
	const unsigned char *code;

	if (a < c->fstart || a >= c->fend || !(code = elf_vaddr_ptr(c->elf, a, c->fend - a)))
		return false;
	return c->ops->decode_one(c, code, c->fend - a, a, ret);
}

/* Every path from a reaches a ret within budget instructions without a
 * call, an indirect jump or a trap: nothing else happens on it. */
bool sys_paths_return(struct sys_ctx *c, uint64_t a, int *budget, unsigned depth)
{
	while ((*budget)-- > 0) {
		struct sys_insn in;
		uint64_t next;

		if (!decode_one(c, a, &in))
			return false;
		next = in.addr + in.len;
		switch (in.type) {
		case SYS_INSN_RET:
			return true;
		case SYS_INSN_CALL:
		case SYS_INSN_HALT:
		case SYS_INSN_TRAP:
		case SYS_INSN_GATE:
		case SYS_INSN_XRET:
			return false;
		case SYS_INSN_JUMP:
			if (!in.has_target)
				return false;
			next = in.target;
			break;
		case SYS_INSN_JCC:
			return in.has_target && depth < 4 &&
			       sys_paths_return(c, in.target, budget, depth + 1) &&
			       sys_paths_return(c, next, budget, depth + 1);
		default:
			break;
		}
		a = next;
	}
	return false;
}

static bool failure_handled_after(struct sys_ctx *c, uint64_t vaddr)
{
	struct sys_insn in;

	return decode_one(c, vaddr, &in) && c->ops->failure_handled(c, in.addr + in.len);
}

/* The third ABI argument (mmap/mprotect prot) may ask for PROT_EXEC. */
static bool may_exec(const struct sys_val *prot)
{
	for (unsigned i = 0; prot->kind == SV_CONST && i < prot->n; i++)
		if (prot->c[i] & 0x4) /* PROT_EXEC, <sys/mman.h> */
			return true;
	return false;
}

/* A new record in the current function's calls, its snapshot (none yet)
 * starting at the end of the pool. */
static struct sys_call *new_call(struct sys_ctx *c, uint64_t vaddr, enum sys_call_kind kind,
				 const struct elf_sym *imp)
{
	struct obj_syscalls *o = c->out;
	struct sys_call *call;

	GROW_RAW(o->calls, o->cap_calls, o->n_calls);
	call = &o->calls[o->n_calls++];
	memset(call, 0, sizeof(*call));
	call->vaddr = vaddr;
	call->func = c->func;
	call->kind = kind;
	if (imp) {
		call->import = imp->name;
		call->version = imp->version;
		call->weak = imp->bind == STB_WEAK;
	}
	call->snap = (uint32_t)o->n_snaps;
	return call;
}

/* A call whose argument values are those of an earlier call shares that
 * call's snaps: most calls pass the same few shapes (the caller's own
 * parameters, small constants), and the pool was the largest part of a
 * summary (issue 11: 2.4 of 5.5 MB on the srcds sample tree). The values
 * are compared, not only hashed. */
static void share_snaps(struct sys_ctx *c, struct sys_call *call)
{
	struct obj_syscalls *o = c->out;
	const struct sys_snap *v;
	uint64_t h = 0xcbf29ce484222325u ^ call->n_snap;
	uint32_t at;

	if (!call->n_snap)
		return;
	v = &o->snaps[call->snap];
	for (uint32_t i = 0; i < call->n_snap; i++) {
		h = (h ^ (uint64_t)v[i].c) * 0x100000001b3u;
		h = (h ^ ((uint64_t)v[i].param << 16 | (uint64_t)v[i].id << 8 | v[i].kind)) *
		    0x100000001b3u;
	}
	at = u64map_get(&c->snap_seqs, h);
	if (at == UINT32_MAX) {
		u64map_put(&c->snap_seqs, h, call->snap);
		return;
	}
	if (at + (uint64_t)call->n_snap > call->snap)
		return;
	for (uint32_t i = 0; i < call->n_snap; i++) {
		const struct sys_snap *a = &o->snaps[at + i], *b = &v[i];
		if (a->c != b->c || a->param != b->param || a->id != b->id || a->kind != b->kind)
			return; /* a hash collision: keep its own */
	}
	o->n_snaps = call->snap;
	call->snap = at;
}

void sys_add_call(struct sys_ctx *c, const struct sys_state *st, uint64_t vaddr, bool tail,
		  enum sys_call_kind kind, uint32_t target, const struct elf_sym *imp)
{
	struct obj_syscalls *o = c->out;
	struct sys_call *call;

	if (!c->record)
		return;
	call = new_call(c, vaddr, kind, imp);
	call->tail = tail;
	call->target = target;
	call->guard = st->guard;
	c->ops->snap_call(c, st, tail);
	call->n_snap = (uint32_t)(o->n_snaps - call->snap);
	share_snaps(c, call);
	if (!tail) {
		struct sys_val prot;
		if (sys_snap_value(o, call, sys_arg_param(o->arch, 2), &prot) && may_exec(&prot))
			call->handled = failure_handled_after(c, vaddr);
	}
}

bool sys_guard_ok(const struct sys_ctx *c, uint32_t g)
{
	return u64map_get(&c->guard_ok, g) != UINT32_MAX;
}

uint32_t sys_tls_slot_guard(const struct sys_ctx *c, uint64_t slot)
{
	uint32_t g = u64map_get(&c->tls_slots, slot);

	return g == UINT32_MAX ? 0 : g;
}

void sys_guard_write(struct sys_ctx *c, uint32_t g)
{
	struct obj_syscalls *o = c->out;
	uint64_t key = (uint64_t)g << 32 | c->func;

	if (!c->record || u64map_get(&c->gw_seen, key) != UINT32_MAX)
		return;
	u64map_put(&c->gw_seen, key, 1);
	GROW_RAW(o->gwrites, o->cap_gwrites, o->n_gwrites);
	o->gwrites[o->n_gwrites++] = (struct sys_gwrite){.guard = g, .func = c->func};
}

void sys_nosys_cut(struct sys_ctx *c, uint64_t vaddr, int64_t nr, uint64_t dead)
{
	struct obj_syscalls *o = c->out;

	u64map_put(&c->cut_to, dead, 1);
	if (!c->record || (o->n_nosys && o->nosys[o->n_nosys - 1].vaddr == vaddr))
		return;
	GROW_RAW(o->nosys, o->cap_nosys, o->n_nosys);
	o->nosys[o->n_nosys++] =
		(struct sys_nosys){.vaddr = vaddr, .func = c->func, .nr = (uint32_t)nr};
}

/* The object's zero-guards: the GOT slots of initial-exec TLS offsets
 * without a symbol (the object's own variables, which no other object can
 * name) that fall in the zero-filled part of its PT_TLS image (.tbss).
 * Slots of one offset share its id. The other initial-exec slots (a
 * symbol's, errno's; initialised data) get ids too, so that stores through
 * them are placed, but never guard a path (c->guard_ok). An object whose
 * TLS is also reached through __tls_get_addr (a DTPMOD relocation) gets
 * none: its variables' addresses are in hands the engine does not
 * follow. */
static void find_guards(struct sys_ctx *c)
{
	const struct elf_object *elf = c->elf;
	const GElf_Phdr *tls = NULL;
	struct u64map ids = {0};

	for (size_t i = 0; i < elf->n_phdrs; i++)
		if (elf->phdrs[i].p_type == PT_TLS)
			tls = &elf->phdrs[i];
	if (!tls)
		return;
	for (size_t i = 0; i < elf->n_relocs; i++) {
		uint32_t t = elf->relocs[i].type;
		if ((elf->machine == EM_X86_64 && t == R_X86_64_DTPMOD64) ||
		    (elf->machine == EM_386 && t == R_386_TLS_DTPMOD32))
			return;
	}
	for (size_t i = 0; i < elf->n_relocs; i++) {
		const struct elf_reloc *r = &elf->relocs[i];
		const unsigned char *p;
		uint64_t off = 0;
		uint32_t id;
		bool ok;
		if (c->ops->reloc_kind(elf->machine, r->type) != SYS_RELOC_TPOFF)
			continue;
		if (r->sym) {
			off = 1ull << 63 | r->sym;
		} else if (r->has_addend) {
			off = (uint64_t)r->addend;
		} else if ((p = elf_vaddr_ptr(elf, r->offset, c->w))) {
			uint32_t v32;
			memcpy(&v32, p, 4);
			off = v32;
		} else {
			continue;
		}
		ok = !r->sym && off >= tls->p_filesz && off + c->w <= tls->p_memsz;
		id = u64map_get(&ids, off);
		if (id == UINT32_MAX) {
			id = ++c->out->n_guards;
			u64map_put(&ids, off, id);
			if (ok)
				u64map_put(&c->guard_ok, id, 1);
		}
		u64map_put(&c->tls_slots, r->offset, id);
		if (!c->slot_hi || r->offset < c->slot_lo)
			c->slot_lo = r->offset;
		c->slot_hi = MAX(c->slot_hi, r->offset);
	}
	u64map_free(&ids);
}

void sys_add_import_ref(struct sys_ctx *c, uint64_t vaddr, const struct elf_sym *imp)
{
	if (c->record)
		new_call(c, vaddr, SC_IMPORT_REF, imp);
}

void sys_add_site(struct sys_ctx *c, const struct sys_state *st, uint64_t vaddr,
		  enum sys_gate_kind g)
{
	struct obj_syscalls *o = c->out;
	struct sys_site *s;

	if (!c->record)
		return;
	GROW_RAW(o->sites, o->cap_sites, o->n_sites);
	s = &o->sites[o->n_sites++];
	memset(s, 0, sizeof(*s));
	s->vaddr = vaddr;
	s->func = c->func;
	s->gate = g;
	c->ops->site(c, st, g, s);
	if (s->nr.kind == SV_BOT)
		s->nr = sv_top();
	if (may_exec(&s->args[2]))
		s->handled = failure_handled_after(c, vaddr);
	u64map_put(&c->gates, vaddr, 1);
}

static const struct elf_sym *slot_import(const struct sys_ctx *c, uint64_t slot, bool glob_dat)
{
	uint32_t ri = u64map_get(c->relocs, slot);
	if (ri == UINT32_MAX)
		return NULL;
	const struct elf_reloc *r = &c->elf->relocs[ri];
	enum sys_reloc_kind k = c->ops->reloc_kind(c->elf->machine, r->type);
	if ((k != SYS_RELOC_GLOB_DAT && (glob_dat || k != SYS_RELOC_JUMP_SLOT)) || !r->sym)
		return NULL;
	return elf_dynsym(c->elf, r->sym);
}

/* `call *foo@GOT(%ebx)` / `call *foo@GOTPCREL(%rip)` (-fno-plt): the slot's
 * GLOB_DAT/JUMP_SLOT relocation names the import. */
const struct elf_sym *sys_got_import(const struct sys_ctx *c, const struct sys_val *slot)
{
	int64_t a;
	return sv_single(slot, &a) ? slot_import(c, (uint64_t)a, false) : NULL;
}

const struct elf_sym *sys_glob_dat_import(const struct sys_ctx *c, uint64_t slot)
{
	return slot_import(c, slot, true);
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

bool sys_direct_transfer(struct sys_ctx *c, struct sys_state *st, uint64_t vaddr, uint64_t t,
			 uint64_t reloc_field, bool tail)
{
	const struct elf_sym *imp = NULL;
	uint64_t local = 0;
	uint32_t fi, ri;
	int stub;

	/* A text relocation at the target field (i386 rel32 of e8/e9): the
	 * call goes to the relocation's symbol, whatever the placeholder says. */
	if (reloc_field && (ri = u64map_get(c->relocs, reloc_field)) != UINT32_MAX) {
		const struct elf_reloc *r = &c->elf->relocs[ri];
		const struct elf_sym *s = r->sym ? elf_dynsym(c->elf, r->sym) : NULL;
		if (s && !s->defined) {
			sys_add_call(c, st, vaddr, tail, SC_IMPORT, 0, s);
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
			sys_add_call(c, st, vaddr, tail, SC_IMPORT, 0, imp);
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
		sys_add_call(c, st, vaddr, tail, SC_INDIRECT, 0, NULL);
		return false;
	}
	sys_add_call(c, st, vaddr, tail, SC_LOCAL, fi, NULL);
	return c->out->funcs[fi].start == t && noreturn_name(c->out->funcs[fi].name);
}

/* ------------------------------------------------------------------ */
/* One function. */

struct sys_target {
	uint64_t addr;
	bool backward;
	/* Packed (sys_state_pack()); NULL is a state no path reached. */
	struct sys_packed *st;	     /* join of forward edges, this pass */
	struct sys_packed *back;     /* join of back edges, previous pass */
	struct sys_packed *back_new; /* join of back edges, this pass */
	struct sys_packed *hdr;	     /* state at this loop header, previous pass */
};

/* Functions with this many branch targets keep their states packed (see
 * sys_state_pack()): 64 whole states per target kind are under 0.8 MiB,
 * and the smaller functions, a third of the joins on libc, stay fast. */
#define PACK_TARGETS 64
#define MAX_PASSES 12
#define WIDEN_AFTER 3

static int cmp_target(const void *a, const void *b)
{
	const struct sys_target *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct chunk {
	struct sys_insn *insn;
	size_t n;
	bool after_bad; /* bytes before it were skipped as undecodable */
};

static struct sys_target *find_target(struct sys_target *t, size_t n, uint64_t addr)
{
	size_t lo = sorted_bound(t, n, sizeof(*t), offsetof(struct sys_target, addr), addr, false);

	return lo < n && t[lo].addr == addr ? &t[lo] : NULL;
}

/* A ret, a jmp or a halt: the code after it is not reached from it. */
static bool is_terminator(const struct sys_insn *in)
{
	return in->type == SYS_INSN_RET || in->type == SYS_INSN_XRET || in->type == SYS_INSN_JUMP ||
	       in->type == SYS_INSN_HALT;
}

static bool is_jump(const struct sys_insn *in)
{
	return in->type == SYS_INSN_JUMP || in->type == SYS_INSN_JCC;
}

/* Joins the state p holds into st. */
static void target_join_into(const struct sys_ctx *c, struct sys_state *st,
			     const struct sys_packed *p)
{
	struct sys_state tmp;

	if (!sys_packed_live(p))
		return;
	if (!st->live)
		sys_state_unpack(p, st); /* the join of a dead state */
	else
		sys_state_join(st, sys_packed_view(p, &tmp), c->w);
}

static void run_pass(struct sys_ctx *c, const struct chunk *chunks, size_t n_chunks,
		     bool known_entry, bool widen, unsigned pass)
{
	const unsigned sp_r = c->ops->sp, fp_r = c->ops->fp;
	struct sys_state st;
	bool cut = false; /* in dead code that only cut jumps lead to (sys_nosys_cut()) */

	sys_state_entry(&st, known_entry, sp_r);
	for (size_t k = 0; k < n_chunks; k++) {
		if (chunks[k].after_bad && st.live) {
			/* Running into skipped bytes: nothing is known after
			 * them. (Bytes after a jmp/ret are data; what follows
			 * them is reached by its own edges.) */
			struct sys_val sp = st.r[sp_r];
			sys_state_entry(&st, false, sp_r);
			st.r[sp_r] = sp;
		}
		for (size_t i = 0; i < chunks[k].n; i++) {
			const struct sys_insn *in = &chunks[k].insn[i];
			struct sys_target *t = find_target(c->tg, c->n_tg, in->addr);

			if (t) {
				/* Forward edges to t all come from code above
				 * it: their join is used up here, and only the
				 * targets still ahead hold a state (3 KiB each;
				 * one function of Valve's engine has thousands). */
				struct sys_state tmp;
				if (t->st) {
					target_join_into(c, &st, t->st);
					free(t->st);
					t->st = NULL;
				}
				if (t->backward && !widen && t->back)
					target_join_into(c, &st, t->back);
				if (t->backward && !widen && st.live) {
					if (pass >= WIDEN_AFTER && sys_packed_live(t->hdr))
						sys_state_widen(&st, sys_packed_view(t->hdr, &tmp));
					t->hdr = sys_state_pack(&st, t->hdr, !c->pack_states);
				}
				if (t->backward && widen && st.live) {
					/* Loop header: keep the frame, forget values. */
					struct sys_val sp = st.r[sp_r], bp = st.r[fp_r];
					for (unsigned r = 0; r < SYS_NREGS; r++) {
						sys_state_lose_tag(&st, r);
						st.r[r] = sv_top();
					}
					st.r[sp_r] = sp;
					if (bp.kind == SV_SP)
						st.r[fp_r] = bp;
					for (unsigned s = 0; s < st.n_slots; s++)
						st.s[s].v = sv_top();
					st.params_clobbered = true;
					st.ngot_mask = 0;
				}
			}
			if (!st.live && in->padding)
				continue;
			if (st.live)
				cut = false;
			else if (c->cut_to.n && u64map_get(&c->cut_to, in->addr) != UINT32_MAX)
				cut = true;
			if (!st.live && cut && !c->ijmp->live) {
				/* What only cut code jumps to is cut too; what
				 * follows its jmp or ret is not, unless a cut jump
				 * leads there (other functions may jump in). */
				if ((in->type == SYS_INSN_JUMP || in->type == SYS_INSN_JCC) &&
				    in->has_target)
					u64map_put(&c->cut_to, in->target, 1);
				if (is_terminator(in))
					cut = false;
				continue;
			}
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
				st.guard = st.flag_guard = st.ld_guard = 0;
				/* Nor does it know what was spilled where. */
				st.ngot_mask = 0;
				for (unsigned s = 0; s < st.n_slots; s++)
					if (st.s[s].v.kind == SV_TOP)
						st.s[s].v = sv_top();
				/* Whatever reaches here may hold a guard's tag. */
				st.maybe_mask = c->fn_tag ? 0xffff : 0;
				for (unsigned r = 0; r < SYS_NREGS; r++)
					st.maybe[r] = c->fn_tag;
				for (unsigned r = 0; r < SYS_NREGS; r++)
					if (r != sp_r && !(r == fp_r && st.r[r].kind == SV_SP))
						st.r[r] = sv_top();
				if (st.r[sp_r].kind == SV_BOT)
					st.r[sp_r] = sv_top();
			}
			c->ops->step(c, &st, in);
		}
	}
}

static void analyse_function(struct sys_ctx *c, uint32_t fi, bool known_entry)
{
	const struct sys_func *f = &c->out->funcs[fi];
	struct chunk *chunks = NULL;
	size_t n_chunks = 0, cap_chunks = 0;
	struct sys_target *tg = NULL;
	size_t n_tg = 0, cap_tg = 0;
	uint64_t a = f->start;

	c->func = fi;
	c->fn_tag = 0;
	u64map_free(&c->cut_to);
	c->fstart = f->start;
	c->fend = f->end;
	c->next_base = 1;

	/* Pass 1: decode; invalid bytes are skipped one at a time. */
	uint64_t end = f->end;
	bool skipped = false;
	for (uint32_t nx = fi + 1;; nx++) {
		const struct sys_insn *last;

		while (a < end) {
			const unsigned char *code = elf_vaddr_ptr(c->elf, a, end - a);
			struct sys_insn *insn = NULL;
			size_t n;

			if (!code)
				break;
			n = c->ops->decode_run(c, code, end - a, a, &insn);
			if (n) {
				GROW(chunks, cap_chunks, n_chunks);
				chunks[n_chunks++] = (struct chunk){insn, n, skipped};
				c->out->n_insns += n;
				c->decoded += n;
				a = insn[n - 1].addr + insn[n - 1].len;
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
		if (last->addr + last->len != end || is_terminator(last) ||
		    last->type == SYS_INSN_CALL || last->padding)
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
			const struct sys_insn *in = &chunks[k].insn[i];
			uint64_t t = in->target;
			if (!is_jump(in) || !in->has_target)
				continue;
			if (t < f->start || t >= end)
				continue;
			GROW(tg, cap_tg, n_tg);
			tg[n_tg++] = (struct sys_target){.addr = t, .backward = t <= in->addr};
		}
	if (n_tg)
		qsort(tg, n_tg, sizeof(*tg), cmp_target);
	bool has_back = false;
	for (size_t i = 0; i < n_tg; i++)
		has_back |= tg[i].backward;
	for (size_t k = 0; k < n_chunks && !has_back; k++)
		for (size_t i = 0; i < chunks[k].n; i++)
			if (chunks[k].insn[i].indirect)
				has_back = true; /* iterate: jump-table cases need it */
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
	c->tg = tg;
	c->n_tg = n_tg;
	c->pack_states = n_tg >= PACK_TARGETS;

	/* Pass 2: forward data flow, iterated until the states at loop
	 * headers are stable (at most MAX_PASSES; then loop headers forget
	 * everything but the frame). Only the last pass records. */
	for (unsigned pass = 0;; pass++) {
		bool widen = pass >= MAX_PASSES;
		c->record = c->final_pass;
		for (size_t i = 0; i < n_tg; i++) {
			free(tg[i].st);
			free(tg[i].back_new);
			tg[i].st = tg[i].back_new = NULL;
		}
		c->ijmp_new->live = false;
		run_pass(c, chunks, n_chunks, known_entry, widen, pass);
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
			bool a_live = sys_packed_live(tg[i].back);
			bool b_live = sys_packed_live(tg[i].back_new);
			if (a_live != b_live)
				stable = false;
			else if (a_live && !sys_packed_same(tg[i].back, tg[i].back_new)) {
				struct sys_state x, y;
				if (!sys_state_eq(sys_packed_view(tg[i].back, &x),
						  sys_packed_view(tg[i].back_new, &y)))
					stable = false;
			}
			struct sys_packed *tmp = tg[i].back;
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
	c->tg = NULL;
	c->n_tg = 0;
	for (size_t k = 0; k < n_chunks; k++)
		c->ops->free_run(chunks[k].insn, chunks[k].n);
	free(chunks);
}

void sys_branch(struct sys_ctx *c, const struct sys_state *st, uint64_t from, uint64_t t)
{
	struct sys_target *x = find_target(c->tg, c->n_tg, t);
	struct sys_packed **slot;
	struct sys_state tmp;

	if (!x || !st->live)
		return;
	slot = t <= from ? &x->back_new : &x->st;
	if (!*slot) {
		*slot = sys_state_pack(st, NULL, !c->pack_states);
	} else if (sys_packed_whole(*slot)) {
		sys_state_join(sys_packed_whole(*slot), st, c->w);
	} else {
		sys_state_unpack(*slot, &tmp);
		sys_state_join(&tmp, st, c->w);
		*slot = sys_state_pack(&tmp, *slot, false);
	}
}

void sys_indirect_jump(struct sys_ctx *c, const struct sys_state *st)
{
	sys_state_join(c->ijmp_new, st, c->w);
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

static void add_ptr_array(struct sys_ctx *c, struct cands *cs, uint64_t arr, uint64_t sz)
{
	for (uint64_t off = 0; arr && off + c->w <= sz && off < 65536 * c->w; off += c->w) {
		uint64_t v;
		if (sys_read_ptr(c, arr + off, &v) && v &&
		    v != (c->w == 8 ? UINT64_MAX : UINT32_MAX) && sys_in_exec(c, v))
			cand_add(cs, v, 0, NULL, SF_ROOT);
	}
}

/* Fuzz builds only (tests/fuzz: libFuzzer's convention
 * FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, never set in a product build):
 * an object gets a budget of decoded instructions, after which it is not
 * decoded further, so that a run costs milliseconds whatever the input's
 * size. */
static bool over_budget(const struct sys_ctx *c)
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
static void split_gap(struct sys_ctx *c, uint64_t lo, uint64_t hi)
{
	struct obj_syscalls *o = c->out;
	uint64_t a = lo, start = lo;
	bool after_term = false, in_pad = false;
	/* One instruction at a time (ops->decode_one): a gap can be a whole
	 * segment, and decoded instructions take 400 times their bytes. */
	struct sys_insn in;

	while (a < hi) {
		const unsigned char *code = elf_vaddr_ptr(c->elf, a, hi - a);
		size_t left = hi - a;
		uint64_t next = a;
		bool any = false;

		while (code && !over_budget(c) && c->ops->decode_one(c, code, left, next, &in)) {
			bool pad = in.padding;

			code += in.len;
			left -= in.len;
			next += in.len;
			any = true;
			c->decoded++;
			if (after_term && (pad || in_pad) && !pad && in.addr > start) {
				GROW_RAW(o->funcs, o->cap_funcs, o->n_funcs);
				o->funcs[o->n_funcs++] =
					(struct sys_func){.start = start,
							  .end = in.addr,
							  .flags = SF_ORPHAN | SF_GAP};
				start = in.addr;
				after_term = in_pad = false;
			}
			if (is_terminator(&in))
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
	GROW_RAW(o->funcs, o->cap_funcs, o->n_funcs);
	o->funcs[o->n_funcs++] =
		(struct sys_func){.start = start, .end = hi, .flags = SF_ORPHAN | SF_GAP};
}

/* Decoded instructions take about 400 times their bytes (capstone's
 * details), and a function is decoded whole. Real functions without a size
 * (entry points, DT_INIT, assembly labels) are small; the longest sized
 * function in Debian's libLLVM-15 is under 60 KiB. */
#define UNSIZED_MAX (64 * 1024)

static void build_functions(struct sys_ctx *c)
{
	const struct elf_object *elf = c->elf;
	const unsigned pe = c->ops->plt_entry;
	struct cands cs = {0};
	struct obj_syscalls *o = c->out;

	for (size_t i = 0; i < elf->n_syms; i++) {
		const struct elf_sym *s = &elf->syms[i];
		uint32_t fl = SF_SYMBOL;
		if (!s->defined || !elf_sym_may_be_code(s))
			continue;
		if (!sys_in_exec(c, s->value) || !s->name || !s->name[0] || s->name[0] == '$')
			continue;
		if (s->source == ELF_SYM_DYNSYM && s->bind != STB_LOCAL &&
		    (s->visibility == STV_DEFAULT || s->visibility == STV_PROTECTED))
			fl |= SF_EXPORT;
		cand_add(&cs, s->value, s->size, s->name, fl);
	}
	elf_eh_frame_funcs(elf, fde_cand, &cs);
	if (elf->entry && sys_in_exec(c, elf->entry))
		cand_add(&cs, elf->entry, 0, NULL, SF_ENTRY);
	if (elf->dyn.init && sys_in_exec(c, elf->dyn.init))
		cand_add(&cs, elf->dyn.init, 0, NULL, SF_ROOT);
	if (elf->dyn.fini && sys_in_exec(c, elf->dyn.fini))
		cand_add(&cs, elf->dyn.fini, 0, NULL, SF_ROOT);
	add_ptr_array(c, &cs, elf->dyn.init_array, elf->dyn.init_arraysz);
	add_ptr_array(c, &cs, elf->dyn.fini_array, elf->dyn.fini_arraysz);
	add_ptr_array(c, &cs, elf->dyn.preinit_array, elf->dyn.preinit_arraysz);
	/* PLT sections: one stub per entry, named by what they jump to. */
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
		for (uint64_t a = sec->addr; a + pe <= sec->addr + sec->size; a += pe)
			cand_add(&cs, a, pe, NULL, SF_PLT);
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
			GROW_RAW(o->funcs, o->cap_funcs, o->n_funcs);
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

static void prefilter(struct sys_ctx *c)
{
	for (size_t e = 0; e < c->n_exec; e++) {
		uint64_t lo = c->exec_lo[e], hi = c->exec_hi[e];
		const unsigned char *b = elf_vaddr_ptr(c->elf, lo, hi - lo);
		if (!b)
			continue;
		for (uint64_t i = 0; i + 1 < hi - lo; i++) {
			unsigned hit = c->ops->gate_bytes(c, b + i, hi - lo - i);
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
				struct sys_insn *insn = NULL;
				size_t n = c->ops->decode_run(c, code,
							      back + 8 > hi - lo - (i - back)
								      ? hi - lo - (i - back)
								      : back + 8,
							      s, &insn);
				for (size_t k = 0; k < n; k++)
					if (insn[k].addr == lo + i &&
					    (insn[k].type == SYS_INSN_GATE ||
					     insn[k].type == SYS_INSN_CALL)) {
						found = true;
						best = s;
					}
				if (n)
					c->ops->free_run(insn, n);
			}
			if (!found)
				continue;
			GROW_RAW(c->out->funcs, c->out->cap_funcs, c->out->n_funcs);
			c->out->funcs[c->out->n_funcs] = (struct sys_func){
				.start = best, .end = lo + i + hit, .flags = SF_ORPHAN};
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
	size_t lo = sorted_bound(d, n, sizeof(*d), offsetof(struct dsym, lo), addr, true);

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

/* The first address above addr in starts (sorted), UINT64_MAX when none. */
static uint64_t next_start(const uint64_t *starts, size_t n, uint64_t addr)
{
	size_t lo = u64_bound(starts, n, addr, true);

	return lo < n ? starts[lo] : UINT64_MAX;
}

/* What data_node() looks data objects up in, all sorted: the sized data
 * symbols, the relocated words, the addresses where a symbol starts, the
 * addresses code refers to, and the GOT sections. */
struct data_index {
	struct dsym *ds;
	size_t n_ds;
	uint64_t *roffs, *starts, *bounds;
	size_t n_roffs, n_starts, n_bounds;
	struct dsym got[2]; /* .got, .got.plt */
	size_t n_got;
};

/* The data object holding addr: its symbol; or a GOT slot, one word (the
 * GOT is a set of independent pointers, one per symbol: code loads the slot
 * it names, never the slots after it; read as a run, libbsd's DT_INIT, which
 * loads __gmon_start__'s slot, "reached" every function whose address the
 * library takes); or else (stripped static tables such as glibc's tryfunc[]
 * in tempname.c, sqlite's aVfs[]) the run of relocated words starting at
 * addr, gaps of up to DATA_GAP_WORDS words without a relocation allowed,
 * ending before the next symbol and before the next address code refers
 * to. */
static bool data_node(const struct sys_ctx *c, const struct data_index *ix, uint64_t addr,
		      struct dsym *ret)
{
	long k = dsym_find(ix->ds, ix->n_ds, addr);
	size_t lo;
	uint64_t a = addr, end = addr, limit = addr + 256 * c->w;
	uint64_t next = next_start(ix->starts, ix->n_starts, addr);
	size_t bi = u64_bound(ix->bounds, ix->n_bounds, addr, true);
	const uint64_t *roffs = ix->roffs, *bounds = ix->bounds;
	size_t n_roffs = ix->n_roffs, n_bounds = ix->n_bounds;
	const GElf_Phdr *ph;
	unsigned gap = 0;
	bool prev_code = false;

	if (k >= 0) {
		*ret = ix->ds[k];
		return true;
	}
	for (size_t g = 0; g < ix->n_got; g++)
		if (addr >= ix->got[g].lo && addr < ix->got[g].hi) {
			if (addr + c->w > ix->got[g].hi)
				return false;
			*ret = (struct dsym){addr, addr + c->w};
			return true;
		}
	if (!(ph = elf_load_for_vaddr(c->elf, addr)))
		return false;
	if (ph->p_vaddr + ph->p_memsz < limit)
		limit = ph->p_vaddr + ph->p_memsz;
	lo = u64_bound(roffs, n_roffs, addr, false);
	/* A run of relocated words without a sized symbol ends where the next
	 * symbol starts, sized objects and size-0 ones alike (starts holds
	 * both): __dso_handle (size 0, crtbegin.o) sits right before the
	 * module's own data, and running on into it made
	 * __do_global_dtors_aux "reach" every function pointer there. */
	if (next < limit)
		limit = next;
	while (a + c->w <= limit && gap <= DATA_GAP_WORDS) {
		bool have = lo < n_roffs && roffs[lo] == a;
		uint64_t v;
		bool code = have && sys_read_ptr(c, a, &v) && sys_in_exec(c, v);
		/* Where code refers into the run, another object starts
		 * (stripped glibc: _IO_file_finish's lock ran on into argp's
		 * tables, 0x98 bytes on, and "reached" their parsers), unless
		 * the run is an array of code pointers going on across that
		 * address: tbl[2] named directly does not end tbl[]. */
		while (bi < n_bounds && bounds[bi] < a)
			bi++;
		if (bi < n_bounds && bounds[bi] == a && !(prev_code && code))
			break;
		prev_code = code;
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

/* Builds what data_node() looks things up in (struct data_index). */
static void data_index_build(const struct sys_ctx *c, struct data_index *ix)
{
	const struct elf_object *elf = c->elf;
	size_t cap_ds = 0;

	for (size_t k = 0; k < elf->n_sections && ix->n_got < ARRAY_SIZE(ix->got); k++) {
		const struct elf_section *sec = &elf->sections[k];
		if (sec->name && (sec->flags & SHF_ALLOC) && sec->size &&
		    (strcmp(sec->name, ".got") == 0 || strcmp(sec->name, ".got.plt") == 0))
			ix->got[ix->n_got++] = (struct dsym){sec->addr, sec->addr + sec->size};
	}
	for (size_t i = 0; i < elf->n_syms; i++) {
		const struct elf_sym *sy = &elf->syms[i];
		const GElf_Phdr *ph;
		uint64_t hi;
		if (!sy->defined || sy->type != STT_OBJECT || !sy->size ||
		    sys_in_exec(c, sy->value) || !(ph = elf_load_for_vaddr(elf, sy->value)))
			continue;
		/* st_size is not trusted beyond the segment's file bytes. */
		hi = ph->p_vaddr + ph->p_filesz;
		if (sy->value >= hi)
			continue;
		GROW(ix->ds, cap_ds, ix->n_ds);
		ix->ds[ix->n_ds++] = (struct dsym){
			sy->value, sy->size < hi - sy->value ? sy->value + sy->size : hi};
	}
	if (ix->n_ds)
		qsort(ix->ds, ix->n_ds, sizeof(*ix->ds), cmp_dsym);
	ix->starts = xmalloc((elf->n_syms + 1) * sizeof(*ix->starts));
	for (size_t i = 0; i < elf->n_syms; i++) {
		const struct elf_sym *sy = &elf->syms[i];
		if (sy->defined && sy->type != STT_SECTION && sy->type != STT_FILE &&
		    !sys_in_exec(c, sy->value) && elf_load_for_vaddr(elf, sy->value))
			ix->starts[ix->n_starts++] = sy->value;
	}
	if (ix->n_starts)
		qsort(ix->starts, ix->n_starts, sizeof(*ix->starts), cmp_u64);
	ix->roffs = xmalloc((elf->n_relocs + 1) * sizeof(*ix->roffs));
	for (size_t i = 0; i < elf->n_relocs; i++)
		ix->roffs[ix->n_roffs++] = elf->relocs[i].offset;
	if (ix->n_roffs)
		qsort(ix->roffs, ix->n_roffs, sizeof(*ix->roffs), cmp_u64);
	/* Where code refers into data (the same run of one function's
	 * references may repeat an address; duplicates are harmless). */
	ix->bounds = xmalloc((c->n_drefs + 1) * sizeof(*ix->bounds));
	for (size_t i = 0; i < c->n_drefs; i++)
		ix->bounds[ix->n_bounds++] = c->drefs[i].addr;
	qsort(ix->bounds, ix->n_bounds, sizeof(*ix->bounds), cmp_u64);
}

static void data_index_free(struct data_index *ix)
{
	free(ix->ds);
	free(ix->roffs);
	free(ix->starts);
	free(ix->bounds);
}

static void data_refs(struct sys_ctx *c)
{
	const struct elf_object *elf = c->elf;
	struct data_index ix = {0};
	struct u64map seen = {0}, pairs = {0};
	struct dsym *stack;

	if (!c->n_drefs)
		return;
	data_index_build(c, &ix);
	stack = xmalloc(DATA_MAX_NODES * sizeof(*stack));

	for (size_t r = 0; r < c->n_drefs; r++) {
		size_t sp = 0, n_nodes = 0, n_funcs = 0;
		struct dsym root;
		/* A function's references were recorded together: the pairs
		 * already added are those of its run (a library such as
		 * libLLVM has millions of them in all). */
		if (r == 0 || c->drefs[r].func != c->drefs[r - 1].func)
			u64map_free(&pairs);
		if (!data_node(c, &ix, c->drefs[r].addr, &root))
			continue;
		u64map_free(&seen);
		u64map_put(&seen, root.lo, 1);
		stack[sp++] = root;
		while (sp && n_funcs < DATA_MAX_FUNCS) {
			struct dsym dd = stack[--sp];
			const struct dsym *d = &dd;
			size_t lo = u64_bound(ix.roffs, ix.n_roffs, d->lo, false);
			n_nodes++;
			for (uint64_t a = d->lo; a + c->w <= d->hi; a += c->w) {
				uint64_t v;
				bool have = lo < ix.n_roffs && ix.roffs[lo] == a;
				while (lo < ix.n_roffs && ix.roffs[lo] <= a)
					lo++;
				if (!have && elf->type != ET_EXEC)
					continue;
				if (!sys_read_ptr(c, a, &v) || !v)
					continue;
				if (sys_in_exec(c, v)) {
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
					    !data_node(c, &ix, v, &k) ||
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
	data_index_free(&ix);
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
	free(s->gwrites);
	free(s->nosys);
	free(s);
}

void obj_syscalls_drop_links(struct obj_syscalls *s)
{
	if (!s)
		return;
	free(s->calls);
	free(s->snaps);
	free(s->refs);
	s->calls = NULL;
	s->snaps = NULL;
	s->refs = NULL;
	s->n_calls = s->cap_calls = 0;
	s->n_snaps = s->cap_snaps = 0;
	s->n_refs = s->cap_refs = 0;
	free(s->gwrites);
	s->gwrites = NULL;
	s->n_gwrites = s->cap_gwrites = 0;
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
static void code_sections(struct sys_ctx *c)
{
	const struct elf_object *elf = c->elf;
	uint64_t *lo = NULL, *hi = NULL;
	size_t n = 0, cap_lo = 0, cap_hi = 0;

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
			GROW(lo, cap_lo, n);
			GROW(hi, cap_hi, n);
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
	return sys_disasm_object_progress(elf, 0, NULL, NULL, ret);
}

int sys_disasm_object_progress(struct elf_object *elf, unsigned kernel,
			       void (*tick)(void *arg, double done), void *arg,
			       struct obj_syscalls **ret)
{
	struct obj_syscalls *o;
	struct sys_ctx c = {0};
	uint64_t code_bytes = 0, bytes_done = 0, next_tick, next_drop;
	struct u64map relocs = {0}, fstarts = {0};
	size_t n_sorted;

	if (!elf->arch || !(c.ops = arch_ops[elf->arch->id]))
		return -ENOTSUP;
	c.elf = elf;
	c.is64 = elf->elf_class == ELFCLASS64;
	c.w = c.is64 ? 8 : 4;
	if (c.ops->open(&c) < 0)
		return -ENOTSUP;

	o = xcalloc(1, sizeof(*o));
	o->arch = elf->arch;
	o->kernel_version = kernel;
	sys_kernel_calls(elf->arch, kernel, &c.kernel);
	c.out = o;
	c.relocs = &relocs;
	c.fstarts = &fstarts;
	c.pltgot = elf->dyn.pltgot;
	c.ijmp = xcalloc(1, sizeof(*c.ijmp));
	c.ijmp_new = xcalloc(1, sizeof(*c.ijmp_new));

	if (elf_load_relocs(elf) >= 0)
		for (size_t i = 0; i < elf->n_relocs; i++)
			u64map_put(&relocs, elf->relocs[i].offset, (uint32_t)i);

	/* At most one range per program header. */
	c.exec_lo = xcalloc(elf->n_phdrs + 1, sizeof(uint64_t));
	c.exec_hi = xcalloc(elf->n_phdrs + 1, sizeof(uint64_t));
	for (size_t i = 0; i < elf->n_phdrs; i++) {
		const GElf_Phdr *ph = &elf->phdrs[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) || !ph->p_filesz)
			continue;
		if (!elf_vaddr_ptr(elf, ph->p_vaddr, ph->p_filesz))
			continue;
		c.exec_lo[c.n_exec] = ph->p_vaddr;
		c.exec_hi[c.n_exec++] = ph->p_vaddr + ph->p_filesz;
	}
	code_sections(&c);
	find_guards(&c);

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
		if (!sys_read_ptr(&c, elf->relocs[i].offset, &v))
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
	/* The file's pages read so far leave the RSS every 1/16 of the code:
	 * what is read again (symbols, jump tables) comes back from the page
	 * cache. A big object's image is otherwise all resident by the end. */
	next_drop = code_bytes / 16;
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
		if (bytes_done >= next_drop) {
			elf_object_drop_pages(elf);
			next_drop = bytes_done + code_bytes / 16;
		}
	}
	if (over_budget(&c)) {
		/* Code left unread may write any guard. */
		for (size_t k = 0; k < o->n_calls; k++)
			o->calls[k].guard = 0;
		o->n_guards = 0;
		u64map_free(&c.tls_slots);
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
		if (p && c.ops->trampoline(p, o->sites[i].vaddr - f->start))
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
	SHRINK(o->gwrites, o->cap_gwrites, o->n_gwrites);
	SHRINK(o->nosys, o->cap_nosys, o->n_nosys);

	u64map_free(&relocs);
	u64map_free(&c.tls_slots);
	u64map_free(&c.guard_ok);
	u64map_free(&c.cut_to);
	u64map_free(&c.gw_seen);
	u64map_free(&fstarts);
	u64map_free(&c.gates);
	u64map_free(&c.bad);
	u64map_free(&c.snap_seqs);
	free(c.drefs);
	u64map_free(&c.dref_seen);
	free(c.ijmp);
	free(c.ijmp_new);
	free(c.exec_lo);
	free(c.exec_hi);
	c.ops->close(&c);
	*ret = o;
	return 0;
}
