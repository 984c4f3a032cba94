/* SPDX-License-Identifier: MIT */
/* Inline fast paths of helper calls that carry an IR_FAST_* kind (translate/ir.h): binary64
   compares, conversions and arithmetic on the host's SSE2 unit (Intel SDM vol. 2, COMISD/
   UCOMISD, CVTSI2SD, CVTTSD2SI, ADDSD...) when the operands are in the kind's domain, where the
   host result (round to nearest-even, MXCSR as the C runtime leaves it) is the guest's. Every
   other case jumps to an out-of-line call of the helper, emitted after the block body. */
#include <stdlib.h>

#include "translate/x86_64/x86_internal.h"

/* Which input holds the "g1" guard (-1: none) and how many FP operands the kind takes. */
static int guard_input(int kind)
{
    switch (kind) {
    case IR_FAST_CVT_L_D: case IR_FAST_CVT_W_D: case IR_FAST_SQRT_D:
        return 2;
    case IR_FAST_ADD_D: case IR_FAST_SUB_D: case IR_FAST_MUL_D: case IR_FAST_DIV_D:
        return 3;
    default:
        return -1;
    }
}

static bool binary_kind(int kind)
{
    return kind <= IR_FAST_EQ_D || kind >= IR_FAST_ADD_D;
}

static X86FpSlow *new_fp_slow(X86Gen *g)
{
    if (g->n_fp_slow == g->cap_fp_slow) {
        g->cap_fp_slow = g->cap_fp_slow ? 2 * g->cap_fp_slow : 32;
        g->fp_slow = realloc(g->fp_slow, (size_t)g->cap_fp_slow * sizeof *g->fp_slow);
        if (!g->fp_slow)
            abort();
    }
    X86FpSlow *s = &g->fp_slow[g->n_fp_slow++];
    *s = (X86FpSlow){ 0 };
    return s;
}

static void to_slow(X86Gen *g, X86FpSlow *s, X86Cond cc)
{
    s->jcc[s->n_jcc++] = x86_jcc_rel32(&g->b, cc);
}

/* Jumps to the slow path unless x (in TMP0, clobbered) is a normal number, or zero when
   zero_ok; sign ignored. */
static void check_normal(X86Gen *g, X86FpSlow *s, bool zero_ok)
{
    X86Buf *b = &g->b;
    size_t zero = 0;
    x86_alu_rr(b, 8, X86_ADD, X86_TMP0, X86_TMP0);          /* drop the sign */
    if (zero_ok)
        zero = x86_jcc_rel8(b, X86_CC_E);
    x86_shift_ri(b, 8, X86_SHR, X86_TMP0, 53);              /* biased exponent */
    x86_alu_ri(b, 4, X86_SUB, X86_TMP0, 1);
    x86_alu_ri(b, 4, X86_CMP, X86_TMP0, 0x7fd);
    to_slow(g, s, X86_CC_A);
    if (zero_ok)
        x86_patch_rel8(b, zero, b->ptr);
}

bool x86_gen_fast_call(X86Gen *g, const IrOp *op)
{
    int kind = (int)op->imm;
    IrVal d = op->out;
    if (kind <= IR_FAST_NONE || kind >= IR_FAST_NUM || d == IR_NONE || op->aux != 0)
        return false;
    int gi = guard_input(kind);
    bool two = binary_kind(kind);
    if (x86_is_const(g, op->in[0]) || (two && x86_is_const(g, op->in[1])) ||
        (gi >= 0 && x86_is_const(g, op->in[gi])))
        return false;

    X86Buf *b = &g->b;
    X86FpSlow *s = new_fp_slow(g);
    s->helper = op->helper;
    for (int k = 0; k < 4; k++) {
        IrVal v = op->in[k];
        s->reg[k] = -1;
        if (v == IR_NONE)
            s->imm[k] = 0;
        else if (x86_is_const(g, v))
            s->imm[k] = (uint64_t)x86_cval(g, v);
        else
            s->reg[k] = (int8_t)x86_ra_use(g, v);
    }
    X86Reg ra = (X86Reg)s->reg[0], rb = (X86Reg)s->reg[1];
    /* Allocated before any jump to the slow path, so that no spill code is skipped. */
    int rd = x86_ra_out(g, d, op->in[0], ra, 0);
    if (gi >= 0) {
        x86_test_ri(b, 4, (X86Reg)s->reg[gi], 1);
        to_slow(g, s, X86_CC_E);
    }
    /* The result goes to TMP0 (integer results) or xmm0; rd is written only after the last
       jump to the slow path, so it may be a register of a dying input. */
    bool in_xmm = false;
    switch (kind) {
    case IR_FAST_LE_D: case IR_FAST_LT_D: case IR_FAST_EQ_D:
        x86_movq_xr(b, 0, ra);
        x86_movq_xr(b, 1, rb);
        x86_ucomisd(b, 0, 1);
        to_slow(g, s, X86_CC_P);                            /* unordered: a NaN */
        x86_setcc(b, kind == IR_FAST_LE_D ? X86_CC_BE : kind == IR_FAST_LT_D ? X86_CC_B
                                                                             : X86_CC_E, X86_TMP0);
        x86_movzx_rr(b, 1, X86_TMP0, X86_TMP0);
        break;
    case IR_FAST_CVT_D_LU:
        x86_test_rr(b, 8, ra, ra);
        to_slow(g, s, X86_CC_S);
        __attribute__((fallthrough));
    case IR_FAST_CVT_D_L:
        /* Exact iff converting back gives a; 2^63 (from INT64_MAX) comes back as INT64_MIN. */
        x86_xorps(b, 0, 0);
        x86_cvtsi2sd(b, 0, ra);
        x86_cvttsd2si(b, X86_TMP0, 0);
        x86_alu_rr(b, 8, X86_CMP, X86_TMP0, ra);
        to_slow(g, s, X86_CC_NE);
        in_xmm = true;
        break;
    case IR_FAST_CVT_D_W: case IR_FAST_CVT_D_WU:
        if (kind == IR_FAST_CVT_D_W)
            x86_movsx_rr(b, 4, X86_TMP0, ra);
        else
            x86_movzx_rr(b, 4, X86_TMP0, ra);
        x86_xorps(b, 0, 0);
        x86_cvtsi2sd(b, 0, X86_TMP0);
        in_xmm = true;
        break;
    case IR_FAST_CVT_L_D: case IR_FAST_CVT_W_D: {
        x86_movq_xr(b, 0, ra);
        x86_cvttsd2si(b, X86_TMP0, 0);
        x86_alu_ri(b, 8, X86_CMP, X86_TMP0, 1);             /* overflows only for INT64_MIN: */
        to_slow(g, s, X86_CC_O);                            /* NaN, out of range (or -2^63) */
        if (kind == IR_FAST_CVT_W_D) {
            x86_movsx_rr(b, 4, X86_TMP1, X86_TMP0);
            x86_alu_rr(b, 8, X86_CMP, X86_TMP1, X86_TMP0);
            to_slow(g, s, X86_CC_NE);
        }
        break;
    }
    case IR_FAST_SQRT_D:
        x86_mov_rr(b, 8, X86_TMP0, ra);
        x86_shift_ri(b, 8, X86_SHR, X86_TMP0, 52);          /* sign and exponent */
        x86_alu_ri(b, 4, X86_SUB, X86_TMP0, 1);
        x86_alu_ri(b, 4, X86_CMP, X86_TMP0, 0x7fd);         /* positive and normal */
        to_slow(g, s, X86_CC_A);
        x86_movq_xr(b, 0, ra);
        x86_sse_sd(b, X86_SQRTSD, 0, 0);
        in_xmm = true;
        break;
    default: {   /* add, sub, mul, div */
        static const X86SseOp ops[4] = { X86_ADDSD, X86_SUBSD, X86_MULSD, X86_DIVSD };
        x86_mov_rr(b, 8, X86_TMP0, ra);
        check_normal(g, s, true);
        x86_mov_rr(b, 8, X86_TMP0, rb);
        check_normal(g, s, true);
        x86_movq_xr(b, 0, ra);
        x86_movq_xr(b, 1, rb);
        x86_sse_sd(b, ops[kind - IR_FAST_ADD_D], 0, 1);
        x86_movq_rx(b, X86_TMP0, 0);
        check_normal(g, s, false);
        in_xmm = true;
        break;
    }
    }
    if (kind == IR_FAST_CVT_W_D || kind == IR_FAST_CVT_L_D) {
        /* Inexact (trunc != a) needs g1: the slow path raises the flag. */
        x86_test_ri(b, 4, (X86Reg)s->reg[gi], 1);
        size_t ok = x86_jcc_rel8(b, X86_CC_NE);
        x86_xorps(b, 1, 1);
        x86_cvtsi2sd(b, 1, X86_TMP0);
        x86_ucomisd(b, 0, 1);
        to_slow(g, s, X86_CC_NE);
        x86_patch_rel8(b, ok, b->ptr);
        x86_mov_rr(b, 8, (X86Reg)rd, kind == IR_FAST_CVT_W_D ? X86_TMP1 : X86_TMP0);
    } else if (in_xmm) {
        x86_movq_rx(b, (X86Reg)rd, 0);
    } else {
        x86_mov_rr(b, 8, (X86Reg)rd, X86_TMP0);
    }
    s->ret_at = (size_t)(b->ptr - b->start);
    x86_ra_free_dead(g, op);
    x86_ra_bind(g, d, rd);
    s->out = (int8_t)rd;
    uint16_t save = 0;
    for (int r = 0; r < 16; r++)
        if ((X86_CALLER_SAVED & X86_BIT(r)) && g->owner[r] >= 0 && r != rd)
            save |= X86_BIT(r);
    s->save = save;
    return true;
}

void x86_gen_fp_slow_paths(X86Gen *g)
{
    static const X86Reg arg[4] = { X86_RSI, X86_RDX, X86_RCX, X86_R8 };
    X86Buf *b = &g->b;
    for (int i = 0; i < g->n_fp_slow; i++) {
        X86FpSlow *s = &g->fp_slow[i];
        for (int j = 0; j < s->n_jcc; j++)
            x86_patch_rel32(b, s->jcc[j], b->ptr);
        /* Every register source goes to its save slot first, so that loading the argument
           registers cannot overwrite a source not yet read. */
        uint16_t stored = s->save;
        for (int k = 0; k < 4; k++)
            if (s->reg[k] >= 0)
                stored |= X86_BIT(s->reg[k]);
        for (int r = 0; r < 16; r++)
            if (stored & X86_BIT(r))
                x86_mov_mr(b, 8, x86_mem(X86_RSP, X86_FRAME_SAVE + 8 * r), (X86Reg)r);
        for (int k = 0; k < 4; k++) {
            if (s->reg[k] >= 0)
                x86_mov_rm(b, 8, arg[k], x86_mem(X86_RSP, X86_FRAME_SAVE + 8 * s->reg[k]));
            else
                x86_mov_ri(b, arg[k], s->imm[k]);
        }
        x86_mov_rr(b, 8, X86_RDI, X86_ENV);
        x86_call_helper(b, (const void *)s->helper);
        if (s->out != X86_RAX)
            x86_mov_rr(b, 8, (X86Reg)s->out, X86_RAX);
        for (int r = 0; r < 16; r++)
            if (s->save & X86_BIT(r))
                x86_mov_rm(b, 8, (X86Reg)r, x86_mem(X86_RSP, X86_FRAME_SAVE + 8 * r));
        x86_jmp_to(b, b->start + s->ret_at);
    }
}
