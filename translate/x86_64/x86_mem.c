/* SPDX-License-Identifier: MIT */
/* Guest loads and stores in the x86-64 JIT: the inline softmmu TLB fast path (translate/
   guest.h: tag compare with the alignment bits, host = vaddr + addend) and the out-of-line slow
   path calling softmmu_load/softmmu_store (translate/softmmu.h) with precise guest state. */
#include <stddef.h>
#include <stdlib.h>

#include "translate/softmmu.h"
#include "translate/x86_64/x86_internal.h"

_Static_assert(sizeof(TlbEntry) == 32, "TLB index scaling assumes 32-byte entries");

static int32_t tlb_off(unsigned memop, size_t field)
{
    return (int32_t)(offsetof(CPUCommon, tlb) +
                     IR_MEM_MMU(memop) * (size_t)TLB_SIZE * sizeof(TlbEntry) + field);
}

/* TMP0 = addr + imm (addr in register ra, or the constant aval when ra < 0). */
static void gen_vaddr(X86Buf *b, X86Reg dst, int ra, uint64_t aval, int64_t imm)
{
    if (ra < 0) {
        x86_mov_ri(b, dst, aval);
    } else if (imm == 0) {
        x86_mov_rr(b, 8, dst, (X86Reg)ra);
    } else if (x86_fits_i32(imm)) {
        x86_lea(b, 8, dst, x86_mem((X86Reg)ra, (int32_t)imm));
    } else {
        x86_mov_ri(b, dst, (uint64_t)imm);
        x86_alu_rr(b, 8, X86_ADD, dst, (X86Reg)ra);
    }
}

/* Emits the TLB lookup and returns the rel32 field of the miss branch; *host is the host
   operand of the access: [ra + TMP0 + imm] with TMP0 = the addend (an address register), or
   [TMP0] (a constant address, or an offset beyond disp32). */
static size_t gen_tlb_lookup(X86Gen *g, int ra, uint64_t aval, int64_t imm, unsigned memop,
                             bool store, X86Mem *host)
{
    X86Buf *b = &g->b;
    unsigned size = IR_MEM_SIZE(memop);
    bool bmi2 = (g->xb->feat & X86_FEAT_BMI2) != 0;
    bool reg_form = ra >= 0 && x86_fits_i32(imm);
    /* TMP0 = the address (the register itself serves when imm is 0); TMP1 = its TLB index
       scaled to the 32-byte entries: (addr >> (12 - 5)) & mask, the rotate's wrapped-around
       low bits fall outside the mask. */
    X86Reg A = X86_TMP0;
    if (reg_form && imm == 0)
        A = (X86Reg)ra;
    else
        gen_vaddr(b, X86_TMP0, ra, aval, imm);
    if (bmi2) {
        x86_rorx(b, 8, X86_TMP1, A, TARGET_PAGE_BITS - 5);
    } else {
        x86_mov_rr(b, 8, X86_TMP1, A);
        x86_shift_ri(b, 8, X86_SHR, X86_TMP1, TARGET_PAGE_BITS - 5);
    }
    x86_alu_ri(b, 4, X86_AND, X86_TMP1, (TLB_SIZE - 1) << 5);
    if (A != X86_TMP0)
        x86_mov_rr(b, 8, X86_TMP0, A);
    /* The size-1 bits make misaligned accesses miss, so the slow path handles them. */
    x86_alu_ri(b, 8, X86_AND, X86_TMP0, (int32_t)(TARGET_PAGE_MASK | (size - 1)));
    size_t tag = store ? offsetof(TlbEntry, tag_w) : offsetof(TlbEntry, tag_r);
    x86_alu_rm(b, 8, X86_CMP, X86_TMP0, x86_mem_idx(X86_ENV, X86_TMP1, 1, tlb_off(memop, tag)));
    size_t miss = x86_jcc_rel32(b, X86_CC_NE);
    X86Mem addend = x86_mem_idx(X86_ENV, X86_TMP1, 1, tlb_off(memop, offsetof(TlbEntry, addend)));
    if (reg_form) {
        x86_mov_rm(b, 8, X86_TMP0, addend);
        *host = x86_mem_idx((X86Reg)ra, X86_TMP0, 1, (int32_t)imm);
    } else {
        gen_vaddr(b, X86_TMP0, ra, aval, imm);
        x86_alu_rm(b, 8, X86_ADD, X86_TMP0, addend);
        *host = x86_mem(X86_TMP0, 0);
    }
    return miss;
}

/* Snapshot of the dirty globals for a slow path; the output global (being overwritten) is
   included with its old register when it was dirty, so a fault leaves it intact in env. */
static void push_wb(X86Gen *g, int reg, uint32_t off)
{
    if (g->n_wb == g->cap_wb) {
        g->cap_wb = g->cap_wb ? 2 * g->cap_wb : 256;
        g->wb = realloc(g->wb, (size_t)g->cap_wb * sizeof *g->wb);
        if (!g->wb)
            abort();
    }
    g->wb[g->n_wb].reg = (int8_t)reg;
    g->wb[g->n_wb].off = off;
    g->n_wb++;
}

/* Snapshot of the dirty globals for a slow path; the output global (being overwritten) is
   included with its old register when it was dirty, so a fault leaves it intact in env. */
static void snapshot_dirty(X86Gen *g, X86Slow *s, IrVal skip, int old_reg, bool old_dirty)
{
    s->wb0 = g->n_wb;
    for (int r = 0; r < 16; r++) {
        int v = g->owner[r];
        if (v < 0 || v == skip || !x86_is_global(g, (IrVal)v) || !g->loc[v].dirty)
            continue;
        push_wb(g, r, g->ir->vals[v].env_off);
    }
    if (old_dirty && old_reg >= 0)
        push_wb(g, old_reg, g->ir->vals[skip].env_off);
    s->nwb = g->n_wb - s->wb0;
}

static X86Slow *new_slow(X86Gen *g)
{
    if (g->n_slow == g->cap_slow) {
        g->cap_slow = g->cap_slow ? 2 * g->cap_slow : 64;
        g->slow = realloc(g->slow, (size_t)g->cap_slow * sizeof *g->slow);
        if (!g->slow)
            abort();
    }
    X86Slow *s = &g->slow[g->n_slow++];
    *s = (X86Slow){ 0 };
    return s;
}

static uint16_t live_caller_saved(const X86Gen *g, int except)
{
    uint16_t m = 0;
    for (int r = 0; r < 16; r++)
        if ((X86_CALLER_SAVED & X86_BIT(r)) && g->owner[r] >= 0 && r != except)
            m |= X86_BIT(r);
    return m;
}

void x86_gen_ld(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    unsigned memop = op->aux, size = IR_MEM_SIZE(memop);
    IrVal a = op->in[0], d = op->out;
    X86Slow *s = new_slow(g);
    s->memop = memop;
    s->imm = op->imm;
    s->pc = g->pc;
    int ra = -1;
    if (x86_is_const(g, a)) {
        s->addr_const = true;
        s->aval = (uint64_t)x86_cval(g, a) + (uint64_t)op->imm;
    } else {
        ra = x86_ra_use(g, a);
    }
    s->areg = (int8_t)ra;
    int old_reg = -1;
    bool old_dirty = false;
    if (d != IR_NONE && x86_is_global(g, d)) {
        old_reg = g->loc[d].reg;
        old_dirty = old_reg >= 0 && g->loc[d].dirty;
    }
    int rd = x86_ra_out(g, d, a, ra, 0);
    X86Mem host;
    s->jcc_at = gen_tlb_lookup(g, ra, s->aval, op->imm, memop, false, &host);
    if (memop & IR_MEM_SIGN)
        x86_movsx_rm(b, (int)size, (X86Reg)rd, host);
    else
        x86_movzx_rm(b, (int)size, (X86Reg)rd, host);
    s->ret_at = (size_t)(b->ptr - b->start);
    x86_ra_free_dead(g, op);
    x86_ra_bind(g, d, rd);
    s->out = (int8_t)rd;
    /* rd's old owner (if the output global was elsewhere) is released; snapshot the rest. */
    snapshot_dirty(g, s, d, old_reg, old_dirty);
    s->save = live_caller_saved(g, rd);
}

void x86_gen_st(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    unsigned memop = op->aux, size = IR_MEM_SIZE(memop);
    IrVal a = op->in[0], v = op->in[1];
    X86Slow *s = new_slow(g);
    s->is_store = true;
    s->memop = memop;
    s->imm = op->imm;
    s->pc = g->pc;
    s->out = -1;
    int ra = -1, rv = -1;
    if (x86_is_const(g, a)) {
        s->addr_const = true;
        s->aval = (uint64_t)x86_cval(g, a) + (uint64_t)op->imm;
    } else {
        ra = x86_ra_use(g, a);
    }
    if (x86_is_const(g, v)) {
        s->val_const = true;
        s->vval = (uint64_t)x86_cval(g, v);
    } else {
        rv = x86_ra_use(g, v);
    }
    s->areg = (int8_t)ra;
    s->vreg = (int8_t)rv;
    X86Mem host;
    s->jcc_at = gen_tlb_lookup(g, ra, s->aval, op->imm, memop, true, &host);
    if (rv >= 0) {
        x86_mov_mr(b, (int)size, host, (X86Reg)rv);
    } else if (size < 8 || x86_fits_i32((int64_t)s->vval)) {
        x86_mov_mi(b, (int)size, host, (int32_t)s->vval);
    } else {
        x86_mov_ri(b, X86_TMP1, s->vval);
        x86_mov_mr(b, 8, host, X86_TMP1);
    }
    s->ret_at = (size_t)(b->ptr - b->start);
    /* The slow path needs the address and value registers: snapshot before freeing them. */
    snapshot_dirty(g, s, IR_NONE, -1, false);
    s->save = live_caller_saved(g, -1);
    x86_ra_free_dead(g, op);
}

void x86_gen_slow_paths(X86Gen *g)
{
    X86Buf *b = &g->b;
    for (int i = 0; i < g->n_slow; i++) {
        X86Slow *s = &g->slow[i];
        x86_patch_rel32(b, s->jcc_at, b->ptr);
        x86_store_imm64(g, x86_mem(X86_ENV, offsetof(CPUCommon, pc)), s->pc);
        for (int k = 0; k < s->nwb; k++) {
            X86WbEnt *w = &g->wb[s->wb0 + k];
            x86_mov_mr(b, 8, x86_mem(X86_ENV, (int32_t)w->off), (X86Reg)w->reg);
        }
        for (int r = 0; r < 16; r++)
            if (s->save & X86_BIT(r))
                x86_mov_mr(b, 8, x86_mem(X86_RSP, X86_FRAME_SAVE + 8 * r), (X86Reg)r);
        /* Arguments, ordered so that no source is overwritten before it is read. */
        gen_vaddr(b, X86_TMP0, s->areg, s->aval, s->imm);
        if (s->is_store) {
            if (s->vreg >= 0)
                x86_mov_rr(b, 8, X86_RDX, (X86Reg)s->vreg);
            else
                x86_mov_ri(b, X86_RDX, s->vval);
            x86_mov_ri(b, X86_RCX, s->memop);
        } else {
            x86_mov_ri(b, X86_RDX, s->memop);
        }
        x86_mov_rr(b, 8, X86_RSI, X86_TMP0);
        x86_mov_rr(b, 8, X86_RDI, X86_ENV);
        x86_call_helper(b, s->is_store ? (const void *)softmmu_store : (const void *)softmmu_load);
        if (!s->is_store && s->out != X86_RAX)
            x86_mov_rr(b, 8, (X86Reg)s->out, X86_RAX);
        for (int r = 0; r < 16; r++)
            if (s->save & X86_BIT(r))
                x86_mov_rm(b, 8, (X86Reg)r, x86_mem(X86_RSP, X86_FRAME_SAVE + 8 * r));
        x86_jmp_to(b, b->start + s->ret_at);
    }
}
