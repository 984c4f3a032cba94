/* SPDX-License-Identifier: MIT */
/* The block optimizer: one forward pass (copy propagation of temps and of globals' known
   values, constant folding through ir_eval_alu, algebraic identities, static brcond folding)
   and one backward pass (dead pure ops into temps, global writes overwritten before anything
   can observe them). Globals are observable at exits, guest memory ops and calls with flags. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "ir_eval.h"

typedef struct OptCtx {
    IrBlock *b;
    int n_vals0;          /* values present before optimizing; all temps are below this */
    IrVal *rep;           /* temps: the value every use is replaced with (itself, another
                             temp, a constant, or a global while gver matches rver) */
    uint32_t *rver;       /* temps copied from a global: that global's gver at the copy */
    IrVal *gknown;        /* globals: a temp or constant equal to the global now, or IR_NONE */
    uint32_t *gver;       /* globals: bumped whenever the global may change */
    int64_t *hkey;        /* constant value -> IrVal, open addressing */
    IrVal *hval;
    uint32_t hmask;
} OptCtx;

static inline bool is_temp(const IrBlock *b, IrVal v) {
    return v != IR_NONE && b->vals[v].kind == IRV_TEMP;
}

static inline uint32_t hash64(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return (uint32_t)k;
}

static IrVal *const_slot(OptCtx *o, int64_t k) {
    for (uint32_t h = hash64((uint64_t)k) & o->hmask;; h = (h + 1) & o->hmask)
        if (o->hval[h] == IR_NONE || o->hkey[h] == k) {
            o->hkey[h] = k;
            return &o->hval[h];
        }
}

/* A constant value of k, or IR_NONE when the value table is full. */
static IrVal get_const(OptCtx *o, uint64_t k) {
    IrVal *slot = const_slot(o, (int64_t)k);
    if (*slot == IR_NONE) {
        if (o->b->n_vals >= (int)IR_NONE - 1)
            return IR_NONE;
        *slot = ir_const(o->b, (int64_t)k);
    }
    return *slot;
}

static IrVal subst(const OptCtx *o, IrVal v) {
    if (v == IR_NONE)
        return v;
    switch (o->b->vals[v].kind) {
    case IRV_TEMP: {
        if (v >= o->n_vals0)
            return v;
        IrVal r = o->rep[v];
        if (r != v && o->b->vals[r].kind == IRV_GLOBAL && o->gver[r] != o->rver[v])
            return v; /* the global changed since the copy: the temp keeps the old value */
        return r;
    }
    case IRV_GLOBAL: return o->gknown[v] != IR_NONE ? o->gknown[v] : v;
    default: return v;
    }
}

/* Outcome of simplifying a pure op. */
enum { S_KEEP, S_CONST, S_COPY };
typedef struct Simp {
    int kind;
    uint64_t k;           /* S_CONST */
    IrVal v;              /* S_COPY */
} Simp;

static Simp simp_const(uint64_t k) { return (Simp){S_CONST, k, IR_NONE}; }
static Simp simp_copy(IrVal v) { return (Simp){S_COPY, 0, v}; }

static Simp simplify(const OptCtx *o, const IrOp *op) {
    const IrBlock *b = o->b;
    int n_in = ir_op_defs[op->opc].n_in;
    uint64_t k[4] = {0, 0, 0, 0};
    bool all_const = true;
    for (int i = 0; i < n_in; i++) {
        if (ir_is_const(b, op->in[i]))
            k[i] = (uint64_t)b->vals[op->in[i]].cval;
        else
            all_const = false;
    }
    if (all_const)
        return simp_const(ir_eval_alu(op->opc, op->cond, k[0], k[1], k[2], k[3]));

    IrVal a = op->in[0], c = op->in[1];
    bool ka = ir_is_const(b, a), kc = n_in >= 2 && ir_is_const(b, c);
    uint64_t va = k[0], vc = k[1];
    bool a0 = ka && va == 0, c0 = kc && vc == 0;
    bool a1 = ka && va == 1, c1 = kc && vc == 1;
    bool am = ka && va == ~0ull, cm = kc && vc == ~0ull;
    bool same = n_in >= 2 && a == c;
    switch (op->opc) {
    case IR_mov: return simp_copy(a);
    case IR_add:
        if (c0) return simp_copy(a);
        if (a0) return simp_copy(c);
        break;
    case IR_sub:
        if (c0) return simp_copy(a);
        if (same) return simp_const(0);
        break;
    case IR_mul:
        if (a0 || c0) return simp_const(0);
        if (c1) return simp_copy(a);
        if (a1) return simp_copy(c);
        break;
    case IR_and:
        if (a0 || c0) return simp_const(0);
        if (cm || same) return simp_copy(a);
        if (am) return simp_copy(c);
        break;
    case IR_or:
        if (am || cm) return simp_const(~0ull);
        if (c0 || same) return simp_copy(a);
        if (a0) return simp_copy(c);
        break;
    case IR_xor:
        if (same) return simp_const(0);
        if (c0) return simp_copy(a);
        if (a0) return simp_copy(c);
        break;
    case IR_andn:
        if (a0 || cm || same) return simp_const(0);
        if (c0) return simp_copy(a);
        break;
    case IR_sar: case IR_rotl: case IR_rotr:
        if (am) return simp_const(~0ull);
        __attribute__((fallthrough));
    case IR_shl: case IR_shr:
        if (kc && (vc & 63) == 0) return simp_copy(a);
        if (a0) return simp_const(0);
        break;
    case IR_mulh: case IR_mulhu: case IR_mulhsu:
        if (a0 || c0) return simp_const(0);
        break;
    case IR_div: case IR_divu: case IR_divz: case IR_divuz:
        if (c1) return simp_copy(a);
        break;
    case IR_rem: case IR_remu: case IR_remw: case IR_remuw:
        if (c1) return simp_const(0);
        break;
    case IR_setcond:
        if (same) return simp_const(ir_eval_cond(op->cond, 0, 0));
        break;
    case IR_movcond:
        if (op->in[2] == op->in[3]) return simp_copy(op->in[2]);
        if (same || (ka && kc))
            return simp_copy(ir_eval_cond(op->cond, va, vc) ? op->in[2] : op->in[3]);
        break;
    default:
        break;
    }
    return (Simp){S_KEEP, 0, IR_NONE};
}

static void make_nop(IrOp *op) {
    *op = (IrOp){.opc = IR_nop, .out = IR_NONE, .in = {IR_NONE, IR_NONE, IR_NONE, IR_NONE}};
}

static void make_mov(IrOp *op, IrVal src) {
    IrVal out = op->out;
    *op = (IrOp){.opc = IR_mov, .out = out, .in = {src, IR_NONE, IR_NONE, IR_NONE}};
}

/* g may hold a new value: forget what it equals and retire temps copied from it. */
static void global_changed(OptCtx *o, IrVal g) {
    o->gknown[g] = IR_NONE;
    o->gver[g]++;
}

/* A write to env at [off, off+8) may hit a global's slot. */
static void forget_globals_at(OptCtx *o, int64_t off) {
    for (int g = 0; g < o->b->n_globals; g++) {
        int64_t goff = o->b->vals[g].env_off;
        if (off < goff + 8 && goff < off + 8)
            global_changed(o, (IrVal)g);
    }
}

static void forget_all_globals(OptCtx *o) {
    for (int g = 0; g < o->b->n_globals; g++)
        global_changed(o, (IrVal)g);
}

/* Record what the op's output now equals (a mov into a temp disappears into rep). */
static void note_output(OptCtx *o, IrOp *op) {
    IrBlock *b = o->b;
    IrVal d = op->out;
    if (d == IR_NONE)
        return;
    if (is_temp(b, d)) {
        if (op->opc != IR_mov || d >= o->n_vals0)
            return;
        IrVal src = op->in[0];
        o->rep[d] = src;
        if (ir_is_global(b, src))
            o->rver[d] = o->gver[src]; /* valid until src changes; the mov stays for then */
        else
            make_nop(op);              /* temp := temp/const: uses read the source */
        return;
    }
    /* d is a global */
    if (op->opc == IR_mov) {
        IrVal src = op->in[0];
        if (src == d || (o->gknown[d] != IR_NONE && o->gknown[d] == src)) {
            make_nop(op); /* it already holds that value */
            return;
        }
        global_changed(o, d);
        o->gknown[d] = ir_is_global(b, src) ? IR_NONE : src;
        return;
    }
    global_changed(o, d);
}

static void forward_pass(OptCtx *o) {
    IrBlock *b = o->b;
    for (int i = 0; i < b->n_ops; i++) {
        IrOp *op = &b->ops[i];
        if (op->opc == IR_nop || op->opc == IR_insn_start)
            continue;
        for (int k = 0; k < 4; k++)
            op->in[k] = subst(o, op->in[k]);
        if (ir_op_is_pure(op->opc)) {
            Simp s = simplify(o, op);
            if (s.kind == S_CONST) {
                s.v = get_const(o, s.k);
                s.kind = s.v == IR_NONE ? S_KEEP : S_COPY;
            }
            if (s.kind == S_COPY)
                make_mov(op, s.v);
            note_output(o, op);
            continue;
        }
        switch (op->opc) {
        case IR_brcond: {
            IrVal x = op->in[0], y = op->in[1];
            bool known = x == y || (ir_is_const(b, x) && ir_is_const(b, y));
            if (!known)
                break;
            uint64_t vx = x == y ? 0 : (uint64_t)b->vals[x].cval;
            uint64_t vy = x == y ? 0 : (uint64_t)b->vals[y].cval;
            if (!ir_eval_cond(op->cond, vx, vy)) {
                make_nop(op);
                break;
            }
            int64_t target = op->imm;
            uint16_t slot = op->aux;
            *op = (IrOp){.opc = IR_goto_tb, .aux = slot, .out = IR_NONE, .imm = target,
                         .in = {IR_NONE, IR_NONE, IR_NONE, IR_NONE}};
            b->n_ops = i + 1;
            return;
        }
        case IR_call:
            if (op->aux & IR_CALL_WRITES_GLOBALS)
                forget_all_globals(o);
            break;
        case IR_st_env:
            forget_globals_at(o, op->imm);
            break;
        default:
            break;
        }
        if (op->out != IR_NONE && ir_is_global(b, op->out))
            global_changed(o, op->out);
    }
}

/* Backward pass. gdead[g] == epoch: the current value of global g is overwritten before
   anything reads or observes it; bumping the epoch makes every global observed. */
static void backward_pass(IrBlock *b) {
    int nv = b->n_vals, ng = b->n_globals;
    size_t gdead_size = ((size_t)ng + 1) * sizeof(uint32_t);
    uint32_t *gdead = ir_scratch(b, gdead_size + (size_t)nv + 1);
    uint8_t *live = (uint8_t *)gdead + gdead_size;
    memset(gdead, 0, gdead_size + (size_t)nv + 1);
    uint32_t epoch = 1;
    for (int i = b->n_ops - 1; i >= 0; i--) {
        IrOp *op = &b->ops[i];
        if (op->opc == IR_nop || op->opc == IR_insn_start)
            continue;
        const IrOpDef *def = &ir_op_defs[op->opc];
        bool removable = ir_op_is_pure(op->opc) || op->opc == IR_ld_env;
        IrVal d = op->out;
        if (d != IR_NONE) {
            if (is_temp(b, d) && removable && !live[d]) {
                make_nop(op);
                continue;
            }
            if (ir_is_global(b, d)) {
                if (removable && gdead[d] == epoch) {
                    make_nop(op);
                    continue;
                }
                gdead[d] = epoch;
            }
        }
        bool observes = (def->flags & (IR_F_EXIT | IR_F_MEM)) ||
                        (op->opc == IR_call && op->aux != 0) ||
                        op->opc == IR_ld_env || op->opc == IR_st_env;
        if (observes)
            epoch++;
        for (int k = 0; k < 4; k++) {
            IrVal v = op->in[k];
            if (v == IR_NONE)
                continue;
            if (is_temp(b, v))
                live[v] = 1;
            else if (ir_is_global(b, v))
                gdead[v] = 0;
        }
    }
}

static bool is_const_val(const IrBlock *b, IrVal v, int64_t k) {
    return ir_is_const(b, v) && b->vals[v].cval == k;
}

/* (x << 32) >> 32 is how RV64 code without Zba zero-extends a word (slli + srli; srai for
   sign extension): the shift right of the shifted value becomes ext32u/ext32s of x, which
   the backend does in one instruction; the shl is then usually dead. Looks a few ops ahead
   for the first reader of the shl's output, with neither x nor that output written between. */
static void fuse_ext32_idiom(IrBlock *b) {
    for (int i = 0; i < b->n_ops; i++) {
        IrOp *sh = &b->ops[i];
        if (sh->opc != IR_shl || !is_const_val(b, sh->in[1], 32) || ir_is_const(b, sh->in[0]) ||
            sh->in[0] == sh->out)
            continue;
        IrVal x = sh->in[0], t = sh->out;
        for (int k = i + 1, seen = 0; k < b->n_ops && seen < 6; k++) {
            IrOp *op = &b->ops[k];
            if (op->opc == IR_nop || op->opc == IR_insn_start)
                continue;
            seen++;
            bool reads_t = false;
            for (int j = 0; j < 4; j++)
                reads_t |= op->in[j] == t;
            if (reads_t) {
                if ((op->opc == IR_shr || op->opc == IR_sar) && op->in[0] == t &&
                    is_const_val(b, op->in[1], 32)) {
                    op->opc = op->opc == IR_shr ? IR_ext32u : IR_ext32s;
                    op->in[0] = x;
                    op->in[1] = IR_NONE;
                }
                break;
            }
            if (op->out == x || op->out == t || op->opc == IR_st_env ||
                (ir_op_defs[op->opc].flags & IR_F_CALL))
                break;
        }
    }
}

static void compact(IrBlock *b) {
    int n = 0;
    for (int i = 0; i < b->n_ops; i++)
        if (b->ops[i].opc != IR_nop)
            b->ops[n++] = b->ops[i];
    b->n_ops = n;
}

void ir_optimize(IrBlock *b) {
    int nv = b->n_vals;
    uint32_t hcap = 64;
    while (hcap < 2u * (uint32_t)(nv + b->n_ops))
        hcap *= 2;
    OptCtx o = {.b = b, .n_vals0 = nv, .hmask = hcap - 1};
    /* One piece of the block's work memory, carved into the tables (8-byte pieces first). */
    size_t nv1 = (size_t)nv + 1, ng1 = (size_t)b->n_globals + 1;
    size_t sz_hkey = hcap * sizeof *o.hkey, sz_rver = nv1 * sizeof *o.rver;
    size_t sz_gver = ng1 * sizeof *o.gver, sz_rep = nv1 * sizeof *o.rep;
    size_t sz_gknown = ng1 * sizeof *o.gknown, sz_hval = hcap * sizeof *o.hval;
    uint8_t *m = ir_scratch(b, sz_hkey + sz_rver + sz_gver + sz_rep + sz_gknown + sz_hval);
    o.hkey = (int64_t *)m;
    m += sz_hkey;
    o.rver = (uint32_t *)m;
    m += sz_rver;
    o.gver = (uint32_t *)m;
    m += sz_gver;
    o.rep = (IrVal *)m;
    m += sz_rep;
    o.gknown = (IrVal *)m;
    m += sz_gknown;
    o.hval = (IrVal *)m;
    memset(o.rver, 0, sz_rver + sz_gver);
    for (int v = 0; v < nv; v++)
        o.rep[v] = (IrVal)v;
    forget_all_globals(&o);
    for (uint32_t h = 0; h < hcap; h++)
        o.hval[h] = IR_NONE;
    for (int v = b->n_globals; v < nv; v++)
        if (b->vals[v].kind == IRV_CONST) {
            IrVal *slot = const_slot(&o, b->vals[v].cval);
            if (*slot == IR_NONE)
                *slot = (IrVal)v;
        }
    forward_pass(&o);
    fuse_ext32_idiom(b);
    backward_pass(b);
    compact(b);
}
