/* SPDX-License-Identifier: MIT */
/* The abstract values and the abstract machine state of the syscall
 * engine's data-flow pass (sys_disasm.c and the arch transfer functions
 * under arch/): a value is unknown, a set of constants, a function entry
 * parameter or a stack address (struct sys_val, syscalls.h); a state holds
 * one value per register and a few stack slots. Nothing here knows an
 * instruction set: registers are the arch's numbering (arch/x86/regs.h),
 * the stack pointer's index is given where it matters. */
#ifndef SECCOMPAT_SYS_VAL_H
#define SECCOMPAT_SYS_VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscalls.h"

/* Stack slots a state tracks; the oldest is dropped when a store needs
 * one more (the stack arguments are then no longer known). */
#define SYS_STATE_SLOTS 32
/* Stack arguments a function's entry state knows (SYS_P_STACK + k). */
#define SYS_STACK_ARGS 8

/* A set of guard ids (sys_state.maybe[], sys_ctx.fn_tag): bit id - 1 for
 * the ids up to 31, UINT32_MAX for a set that may hold any. The sets of
 * two ids join by or. */
static inline uint32_t sys_guard_set(uint32_t id)
{
	return id == 0 ? 0 : id <= 31 ? 1u << (id - 1) : UINT32_MAX;
}

static inline struct sys_val sv_top(void)
{
	return (struct sys_val){.kind = SV_TOP};
}

/* The id bit of sv_sysret() values (below). */
#define SV_RET_ID 0x8000u

/* Unknown, but not the object's GOT pointer (i386; sys_state.ngot_mask):
 * a slot spilled from a register of ngot_mask. Joins with any other value
 * to sv_top(). */
static inline struct sys_val sv_nogot(void)
{
	return (struct sys_val){.kind = SV_TOP, .id = 1};
}

/* Also true of a syscall's result (sv_sysret()): never a GOT pointer. */
static inline bool sv_is_nogot(const struct sys_val *v)
{
	return v->kind == SV_TOP && (v->id == 1 || (v->id & SV_RET_ID));
}

/* Unknown, but the result of syscall nr, which the assumed kernel has
 * (struct sys_nosys): as the gate returned it (SVR_RAW), once tested not to
 * be an error (SVR_OK), or negated on the error path (SVR_ERRNO). */
enum sys_ret_form {
	SVR_RAW = 1,
	SVR_OK,
	SVR_ERRNO,
};

static inline struct sys_val sv_sysret(enum sys_ret_form f, unsigned nr)
{
	return (struct sys_val){.kind = SV_TOP,
				.id = (uint16_t)(SV_RET_ID | f << 10 | (nr & 0x3ff))};
}

/* The form of a syscall result v holds, 0 for none; its number in *nr. */
static inline enum sys_ret_form sv_ret_form(const struct sys_val *v, unsigned *nr)
{
	if (v->kind != SV_TOP || !(v->id & SV_RET_ID))
		return 0;
	*nr = v->id & 0x3ffu;
	return (enum sys_ret_form)(v->id >> 10 & 3u);
}

static inline struct sys_val sv_const(int64_t c)
{
	return (struct sys_val){.kind = SV_CONST, .n = 1, .c = {c}};
}

static inline struct sys_val sv_param(unsigned p)
{
	return (struct sys_val){.kind = SV_PARAM, .id = p};
}

static inline struct sys_val sv_sp(unsigned base, int64_t off)
{
	return (struct sys_val){.kind = SV_SP, .id = base, .c = {off}};
}

static inline bool sv_single(const struct sys_val *v, int64_t *ret)
{
	if (v->kind != SV_CONST || v->n != 1)
		return false;
	*ret = v->c[0];
	return true;
}

/* The constant a decoder gives a register that holds the TLS offset of a
 * zero-guard (syscalls.h struct sys_gwrite): SV_TAG | guard id; of another
 * thread-local variable of the object, SV_TAG_OTHER | id. No address or
 * number of either ABI has these top bits. */
#define SV_TAG ((int64_t)0x5ecc000000000000)
#define SV_TAG_OTHER ((int64_t)0x5ecd000000000000)
#define SV_TAG_MASK ((int64_t)0x7fff000000000000)

/* The id of the tag (either kind) among v's constants, UINT32_MAX when
 * there are several, 0 for none. */
static inline uint32_t sv_tag(const struct sys_val *v)
{
	uint32_t g = 0;

	if (v->kind != SV_CONST)
		return 0;
	for (unsigned i = 0; i < v->n && i < SYS_VAL_MAXC; i++)
		if ((v->c[i] & SV_TAG_MASK) == SV_TAG || (v->c[i] & SV_TAG_MASK) == SV_TAG_OTHER) {
			uint32_t x = (uint32_t)(v->c[i] & ~SV_TAG_MASK);
			g = g && g != x ? UINT32_MAX : x;
		}
	return g;
}

bool sv_eq(const struct sys_val *a, const struct sys_val *b);
/* Sorts a constant set and drops duplicates. */
void sv_norm(struct sys_val *v);
/* Least upper bound: sets of constants merge up to SYS_VAL_MAXC values. */
struct sys_val sv_join(struct sys_val a, const struct sys_val *b);

/* A stack slot: base is the frame (0: the one at function entry, others
 * after a realignment), off the byte offset from the entry stack pointer. */
struct sys_slot {
	uint16_t base;
	int32_t off;
	struct sys_val v;
};

struct sys_state {
	bool live;
	bool after_ret; /* dead because of a ret: what follows is a new function */
	bool params_clobbered;
	bool deref_ok; /* no call and no store outside the frame since entry */
	uint8_t n_slots;
	/* Zero-guards (struct sys_gwrite): the guard this path has tested
	 * non-zero (0: none); the guard whose test against 0 the flags hold;
	 * the guard whose value register ld_reg holds. */
	uint8_t ld_reg;
	/* Registers that may hold a tag the data flow dropped (a join, a
	 * widening): bit r set, maybe[r] the set of guards it may be of
	 * (sys_guard_set()). */
	uint16_t maybe_mask;
	/* i386: registers known to hold no GOT pointer though their value
	 * is not known (arch/x86/x86.c, GOT-pointer provenance). */
	uint16_t ngot_mask;
	/* What the flags hold of a syscall's result (arch/x86/x86.c,
	 * ENOSYS fallbacks): 0, or a test's form, register and syscall. */
	uint16_t flag_nosys;
	uint32_t guard, flag_guard, ld_guard;
	uint32_t maybe[SYS_NREGS];
	struct sys_val r[SYS_NREGS];
	struct sys_slot s[SYS_STATE_SLOTS];
};

/* The value a slot holds before any store: at base 0 and w-aligned
 * offsets above the return address, a stack argument while the entry
 * frame is intact; else unknown. w is the word size. */
struct sys_val sys_state_default(const struct sys_state *st, unsigned w, unsigned base,
				 int64_t off);
/* Index of the slot (base, off), -1 when absent. */
int sys_state_find(const struct sys_state *st, unsigned base, int64_t off);
/* The value at a stack address (SV_SP), unknown for any other address. */
struct sys_val sys_state_load(const struct sys_state *st, unsigned w, const struct sys_val *addr);
/* Stores v at a stack address; any other address is not tracked. */
void sys_state_store(struct sys_state *st, const struct sys_val *addr, struct sys_val v);
/* Forgets slots in [lo, hi) of base (bytes a callee may have written). */
void sys_state_clobber_range(struct sys_state *st, unsigned base, int64_t lo, int64_t hi);
/* The state at a function's entry: with a known entry every register holds
 * its parameter, else nothing is known; register sp points at the entry
 * frame either way. */
void sys_state_entry(struct sys_state *st, bool known_entry, unsigned sp);
/* Register r's value is about to be forgotten: when it holds a guard's
 * tag, r may still hold it (maybe_mask). */
void sys_state_lose_tag(struct sys_state *st, unsigned r);
/* Joins src into dst (a path meeting another). */
void sys_state_join(struct sys_state *dst, const struct sys_state *src, unsigned w);
bool sys_state_eq(const struct sys_state *a, const struct sys_state *b);
/* Widening at a loop header: what changed since the previous pass becomes
 * unknown, so the iteration stops; what stayed (the frame, the GOT pointer,
 * a constant set before the loop) is kept. */
void sys_state_widen(struct sys_state *st, const struct sys_state *prev);

/* A state kept at a branch target while a function is analysed, packed:
 * each value holds only what its kind reads (a constant set its n
 * constants, a stack address its offset), so a state of unknowns is ~0.5
 * KiB instead of the 2.9 KiB of struct sys_state. A function of libc has
 * a thousand such states, one of Valve's engine thousands (issue 11).
 * Packing costs time, so a function with few targets keeps its states
 * whole (and joins into them in place). */
struct sys_packed;
/* st packed (whole: copied as it is) into old's memory (grown as needed)
 * or new memory; the caller frees the result. */
struct sys_packed *sys_state_pack(const struct sys_state *st, struct sys_packed *old, bool whole);
/* The state p holds; what no value reads is zero. */
void sys_state_unpack(const struct sys_packed *p, struct sys_state *st);
/* The state inside p when it is kept whole, else NULL. */
struct sys_state *sys_packed_whole(struct sys_packed *p);
/* The state p holds: inside p when whole, else unpacked into tmp. */
const struct sys_state *sys_packed_view(const struct sys_packed *p, struct sys_state *tmp);
/* The bytes p's state takes. */
size_t sys_packed_bytes(const struct sys_packed *p);
/* Whether p (NULL: none) holds a live state. */
bool sys_packed_live(const struct sys_packed *p);
/* Whether a and b hold the same bytes: then their states are equal (the
 * converse needs sys_state_eq(), which ignores the order of slots). */
bool sys_packed_same(const struct sys_packed *a, const struct sys_packed *b);

#endif
