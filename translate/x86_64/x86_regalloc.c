/* SPDX-License-Identifier: MIT */
/* Local (per block) register allocator of the x86-64 JIT. Guest globals are loaded on first
   use and stay in a register, dirty until written back at exits/calls/slow paths; temps live
   from definition to last use and spill to the frame when registers run out. Every allocator
   action emits only mov instructions, so it never disturbs the host flags between a cmp and
   its jcc/setcc/cmov. */
#include <stdio.h>
#include <stdlib.h>

#include "translate/x86_64/x86_internal.h"

/* Temps prefer caller-saved registers (short lives, rarely across calls); globals prefer the
   callee-saved ones, which survive helper calls. rax/rdx/rcx come late for temps since
   division, multiply-high and variable rotates need them. */
#define N_ALLOC 11   /* X86_ALLOCATABLE */
static const int8_t temp_order[N_ALLOC] = { X86_RSI, X86_RDI, X86_R8, X86_R9, X86_RCX,
                                            X86_RAX, X86_RDX, X86_RBX, X86_R12, X86_R13,
                                            X86_R14 };
static const int8_t glob_order[N_ALLOC] = { X86_RBX, X86_R12, X86_R13, X86_R14, X86_R9,
                                            X86_R8, X86_RDI, X86_RSI, X86_RCX, X86_RDX,
                                            X86_RAX };

static X86Mem env_mem(const X86Gen *g, IrVal v)
{
    return x86_mem(X86_ENV, (int32_t)g->ir->vals[v].env_off);
}

static X86Mem spill_mem(int slot)
{
    return x86_mem(X86_RSP, X86_FRAME_SPILL + 8 * slot);
}

static int spill_alloc(X86Gen *g)
{
    for (int w = 0; w < (X86_SPILL_SLOTS + 63) / 64; w++) {
        if (~g->spill_used[w]) {
            int bit = __builtin_ctzll(~g->spill_used[w]);
            int slot = w * 64 + bit;
            if (slot >= X86_SPILL_SLOTS)
                break;
            g->spill_used[w] |= 1ull << bit;
            return slot;
        }
    }
    fprintf(stderr, "tern: x86 backend: out of spill slots\n");
    abort();
}

static void spill_free(X86Gen *g, int slot)
{
    g->spill_used[slot / 64] &= ~(1ull << (slot % 64));
}

void x86_ra_begin(X86Gen *g)
{
    IrBlock *ir = g->ir;
    if (g->cap_loc < ir->n_vals) {
        g->cap_loc = ir->n_vals + 64;
        g->loc = realloc(g->loc, (size_t)g->cap_loc * sizeof *g->loc);
        if (!g->loc)
            abort();
    }
    for (int v = 0; v < ir->n_vals; v++) {
        g->loc[v].reg = -1;
        g->loc[v].dirty = 0;
        g->loc[v].spill = -1;
        g->loc[v].last_use = -1;
    }
    for (int i = 0; i < ir->n_ops; i++) {
        const IrOp *op = &ir->ops[i];
        for (int k = 0; k < 4; k++)
            if (op->in[k] != IR_NONE && ir->vals[op->in[k]].kind == IRV_TEMP)
                g->loc[op->in[k]].last_use = i;
    }
    for (int r = 0; r < 16; r++)
        g->owner[r] = -1;
    g->locked = 0;
    for (size_t w = 0; w < sizeof g->spill_used / sizeof g->spill_used[0]; w++)
        g->spill_used[w] = 0;
}

static int find_free(X86Gen *g, const int8_t *order, uint16_t avoid)
{
    for (int i = 0; i < N_ALLOC; i++) {
        int r = order[i];
        if (g->owner[r] < 0 && !((avoid | g->locked) & X86_BIT(r)))
            return r;
    }
    return -1;
}

void x86_ra_evict(X86Gen *g, int r, uint16_t avoid)
{
    int v = g->owner[r];
    if (v < 0)
        return;
    X86VLoc *l = &g->loc[v];
    bool glob = x86_is_global(g, (IrVal)v);
    int nr = find_free(g, glob ? glob_order : temp_order, avoid | X86_BIT(r));
    if (nr >= 0) {
        x86_mov_rr(&g->b, 8, (X86Reg)nr, (X86Reg)r);
        g->owner[nr] = v;
        l->reg = (int8_t)nr;
    } else if (glob) {
        if (l->dirty)
            x86_mov_mr(&g->b, 8, env_mem(g, (IrVal)v), (X86Reg)r);
        l->dirty = 0;
        l->reg = -1;
    } else {
        int slot = spill_alloc(g);
        x86_mov_mr(&g->b, 8, spill_mem(slot), (X86Reg)r);
        l->spill = (int16_t)slot;
        l->reg = -1;
    }
    g->owner[r] = -1;
}

/* Cheapest register to take away: a clean global (reload later), else the temp needed last,
   else a dirty global. */
static int pick_victim(X86Gen *g, uint16_t avoid)
{
    int best = -1, best_score = -1;
    for (int r = 0; r < 16; r++) {
        if (!(X86_ALLOCATABLE & X86_BIT(r)) || ((avoid | g->locked) & X86_BIT(r)))
            continue;
        int v = g->owner[r];
        int score;
        if (v < 0)
            score = 1 << 30;
        else if (x86_is_global(g, (IrVal)v))
            score = g->loc[v].dirty ? 1 : (1 << 29);
        else
            score = 2 + g->loc[v].last_use;
        if (score > best_score) {
            best_score = score;
            best = r;
        }
    }
    if (best < 0) {
        fprintf(stderr, "tern: x86 backend: no register available\n");
        abort();
    }
    return best;
}

int x86_ra_alloc(X86Gen *g, bool for_global, uint16_t avoid)
{
    int r = find_free(g, for_global ? glob_order : temp_order, avoid);
    if (r < 0) {
        r = pick_victim(g, avoid);
        x86_ra_evict(g, r, avoid);
    }
    g->locked |= X86_BIT(r);
    return r;
}

int x86_ra_use(X86Gen *g, IrVal v)
{
    if (x86_is_const(g, v)) {
        int r = x86_ra_alloc(g, false, 0);
        x86_mov_ri(&g->b, (X86Reg)r, (uint64_t)x86_cval(g, v));
        return r;
    }
    X86VLoc *l = &g->loc[v];
    if (l->reg >= 0) {
        g->locked |= X86_BIT(l->reg);
        return l->reg;
    }
    bool glob = x86_is_global(g, v);
    int r = x86_ra_alloc(g, glob, 0);
    if (glob) {
        x86_mov_rm(&g->b, 8, (X86Reg)r, env_mem(g, v));
        l->dirty = 0;
    } else {
        if (l->spill < 0) {
            fprintf(stderr, "tern: x86 backend: temp %u used before definition\n", v);
            abort();
        }
        x86_mov_rm(&g->b, 8, (X86Reg)r, spill_mem(l->spill));
        spill_free(g, l->spill);
        l->spill = -1;
    }
    l->reg = (int8_t)r;
    g->owner[r] = v;
    return r;
}

void x86_ra_unbind(X86Gen *g, IrVal v)
{
    X86VLoc *l = &g->loc[v];
    if (l->reg >= 0 && g->owner[l->reg] == v)
        g->owner[l->reg] = -1;
    l->reg = -1;
    if (l->spill >= 0) {
        spill_free(g, l->spill);
        l->spill = -1;
    }
}

void x86_ra_bind(X86Gen *g, IrVal v, int r)
{
    if (v == IR_NONE)
        return;
    int w = g->owner[r];
    if (w >= 0 && w != v)
        g->loc[w].reg = -1;   /* only a temp that died in this op can be here */
    X86VLoc *l = &g->loc[v];
    if (l->reg >= 0 && l->reg != r && g->owner[l->reg] == v)
        g->owner[l->reg] = -1;
    if (l->spill >= 0) {
        spill_free(g, l->spill);
        l->spill = -1;
    }
    g->owner[r] = v;
    l->reg = (int8_t)r;
    if (x86_is_global(g, v)) {
        l->dirty = 1;
    } else if (l->last_use < 0) {   /* never read: drop at once */
        g->owner[r] = -1;
        l->reg = -1;
    }
}

void x86_ra_free_dead(X86Gen *g, const IrOp *op)
{
    for (int k = 0; k < 4; k++) {
        IrVal v = op->in[k];
        if (v != IR_NONE && x86_is_temp(g, v) && g->loc[v].last_use == g->op_i)
            x86_ra_unbind(g, v);
    }
}

int x86_ra_out(X86Gen *g, IrVal d, IrVal a, int ra, uint16_t avoid)
{
    /* A dying a's register first: the result is computed in place, with no copy (d's old
       register, if any, is released when d is bound). */
    if (ra >= 0 && a != IR_NONE && x86_dies_here(g, a) && g->owner[ra] == a &&
        !(avoid & X86_BIT(ra)))
        return ra;
    if (d != IR_NONE && x86_is_global(g, d)) {
        int r = g->loc[d].reg;
        if (r >= 0 && !(avoid & X86_BIT(r))) {
            g->locked |= X86_BIT(r);
            return r;
        }
    }
    return x86_ra_alloc(g, d != IR_NONE && x86_is_global(g, d), avoid);
}

void x86_ra_writeback(X86Gen *g, bool clean)
{
    for (int r = 0; r < 16; r++) {
        int v = g->owner[r];
        if (v >= 0 && x86_is_global(g, (IrVal)v) && g->loc[v].dirty) {
            x86_mov_mr(&g->b, 8, env_mem(g, (IrVal)v), (X86Reg)r);
            if (clean)
                g->loc[v].dirty = 0;
        }
    }
}

int x86_ra_n_dirty(const X86Gen *g)
{
    int n = 0;
    for (int r = 0; r < 16; r++) {
        int v = g->owner[r];
        if (v >= 0 && x86_is_global(g, (IrVal)v) && g->loc[v].dirty)
            n++;
    }
    return n;
}

void x86_ra_evict_caller_saved(X86Gen *g)
{
    for (int r = 0; r < 16; r++) {
        if (!(X86_CALLER_SAVED & X86_BIT(r)))
            continue;
        int v = g->owner[r];
        if (v < 0)
            continue;
        X86VLoc *l = &g->loc[v];
        if (x86_is_global(g, (IrVal)v)) {
            if (l->dirty)
                x86_mov_mr(&g->b, 8, env_mem(g, (IrVal)v), (X86Reg)r);
            l->dirty = 0;
            l->reg = -1;
            g->owner[r] = -1;
        } else if (l->last_use > g->op_i) {
            x86_ra_evict(g, r, X86_CALLER_SAVED);
        } else {
            l->reg = -1;
            g->owner[r] = -1;
        }
    }
}

void x86_ra_drop_globals(X86Gen *g)
{
    for (int r = 0; r < 16; r++) {
        int v = g->owner[r];
        if (v >= 0 && x86_is_global(g, (IrVal)v)) {
            g->loc[v].reg = -1;
            g->loc[v].dirty = 0;
            g->owner[r] = -1;
        }
    }
}

bool x86_ra_reconcile(X86Gen *g, bool emit)
{
    const X86Loop *L = &g->loop;
    X86Buf *b = &g->b;
    bool need = false;
    /* Dirty globals the head does not keep in a register go to env first. */
    for (int r = 0; r < 16; r++) {
        int v = g->owner[r];
        if (v < 0 || !x86_is_global(g, (IrVal)v) || !g->loc[v].dirty)
            continue;
        bool kept = false;
        for (int i = 0; i < L->n; i++)
            kept |= L->val[i] == (IrVal)v;
        if (kept)
            continue;
        need = true;
        if (emit)
            x86_mov_mr(b, 8, env_mem(g, (IrVal)v), (X86Reg)r);
    }
    /* Register-to-register moves as one parallel move (cycles broken through TMP0). */
    int8_t src[X86_LOOP_MAX_GLOBALS];
    bool pend[X86_LOOP_MAX_GLOBALS];
    int n_pend = 0;
    for (int i = 0; i < L->n; i++) {
        src[i] = g->loc[L->val[i]].reg;
        pend[i] = src[i] >= 0 && src[i] != L->reg[i];
        n_pend += pend[i];
    }
    if (n_pend)
        need = true;
    while (emit && n_pend) {
        bool progress = false;
        for (int i = 0; i < L->n; i++) {
            if (!pend[i])
                continue;
            bool blocked = false;
            for (int j = 0; j < L->n; j++)
                blocked |= j != i && pend[j] && src[j] == L->reg[i];
            if (blocked)
                continue;
            x86_mov_rr(b, 8, (X86Reg)L->reg[i], (X86Reg)src[i]);
            pend[i] = false;
            n_pend--;
            progress = true;
        }
        if (!progress) {
            for (int i = 0; i < L->n; i++) {
                if (pend[i]) {
                    x86_mov_rr(b, 8, X86_TMP0, (X86Reg)src[i]);
                    src[i] = X86_TMP0;
                    break;
                }
            }
        }
    }
    /* Globals not in any register are current in env. */
    for (int i = 0; i < L->n; i++) {
        if (g->loc[L->val[i]].reg >= 0)
            continue;
        need = true;
        if (emit)
            x86_mov_rm(b, 8, (X86Reg)L->reg[i], env_mem(g, L->val[i]));
    }
    return need;
}
