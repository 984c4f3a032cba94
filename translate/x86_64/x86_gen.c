/* SPDX-License-Identifier: MIT */
/* IR op -> x86-64 code for one block (semantics: translate/ir_ops.h): ALU ops with immediate
   folding, RISC-V division edge cases without host traps, compare+branch fusion, helper
   calls, and the block exits (patchable goto_tb jumps, inline jump-cache lookup for
   goto_ptr, exit stubs returning TB* | TB_EXIT_*). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate/ir_eval.h"
#include "translate/x86_64/x86_internal.h"

_Static_assert(offsetof(CPUCommon, nochain) == offsetof(CPUCommon, singlestep) + 1,
               "goto_ptr tests singlestep and nochain with one 16-bit compare");

static const X86Cond cc_of[IR_NUM_CONDS] = {
    [IR_EQ] = X86_CC_E, [IR_NE] = X86_CC_NE, [IR_LT] = X86_CC_L, [IR_GE] = X86_CC_GE,
    [IR_LTU] = X86_CC_B, [IR_GEU] = X86_CC_AE, [IR_LE] = X86_CC_LE, [IR_GT] = X86_CC_G,
    [IR_LEU] = X86_CC_BE, [IR_GTU] = X86_CC_A,
};
static const uint8_t cond_swap[IR_NUM_CONDS] = {
    [IR_EQ] = IR_EQ, [IR_NE] = IR_NE, [IR_LT] = IR_GT, [IR_GE] = IR_LE, [IR_LTU] = IR_GTU,
    [IR_GEU] = IR_LEU, [IR_LE] = IR_GE, [IR_GT] = IR_LT, [IR_LEU] = IR_GEU, [IR_GTU] = IR_LTU,
};

static X86Mem env_field(size_t off) { return x86_mem(X86_ENV, (int32_t)off); }

void x86_store_imm64(X86Gen *g, X86Mem m, uint64_t v)
{
    if (x86_fits_i32((int64_t)v)) {
        x86_mov_mi(&g->b, 8, m, (int32_t)v);
    } else {
        x86_mov_ri(&g->b, X86_TMP0, v);
        x86_mov_mr(&g->b, 8, m, X86_TMP0);
    }
}

void x86_call_helper(X86Buf *b, const void *fn)
{
    x86_mov_mr(b, 8, x86_mem(X86_ENV, offsetof(CPUCommon, insn_count)), X86_ICOUNT);
    x86_call_abs(b, fn);
}

static bool is_count_slot(int64_t off)
{
    return off == (int64_t)offsetof(CPUCommon, insn_count);
}

void x86_call_abs(X86Buf *b, const void *fn)
{
    if (!x86_call_to(b, fn)) {
        x86_mov_ri(b, X86_TMP0, (uint64_t)(uintptr_t)fn);
        x86_call_r(b, X86_TMP0);
    }
}

static bool has(const X86Gen *g, unsigned f) { return (g->xb->feat & f) != 0; }

/* ---- exits ---- */

static void add_stub(X86Gen *g, size_t at, int code, uint64_t pc)
{
    if (g->n_stub == g->cap_stub) {
        g->cap_stub = g->cap_stub ? 2 * g->cap_stub : 16;
        g->stub = realloc(g->stub, (size_t)g->cap_stub * sizeof *g->stub);
        if (!g->stub)
            abort();
    }
    g->stub[g->n_stub++] = (X86Stub){ at, code, false, pc };
}

/* Pad so that the rel32 field, opcode_len bytes ahead, is 4-byte aligned: chain() then
   retargets the jump with one atomic 32-bit store. */
static void align_rel32(X86Gen *g, int opcode_len)
{
    uintptr_t p = (uintptr_t)g->b.ptr + (uintptr_t)opcode_len;
    x86_nops(&g->b, (int)((4 - (p & 3)) & 3));
}

static void chain_jump(X86Gen *g, int slot, uint64_t target, bool is_jcc, X86Cond cc)
{
    slot &= 1;
    align_rel32(g, is_jcc ? 2 : 1);
    size_t at = is_jcc ? x86_jcc_rel32(&g->b, cc) : x86_jmp_rel32(&g->b);
    g->tb->jmp_off[slot] = (uint32_t)at;
    add_stub(g, at, slot, target);
    if (g->self_loop && target == g->tb->vpc)
        g->stub[g->n_stub - 1].wb_loop = true;
}

static void ret_to_loop(X86Gen *g, int code)
{
    x86_mov_ri(&g->b, X86_RAX, (uint64_t)(uintptr_t)g->tb | (unsigned)code);
    x86_jmp_to(&g->b, g->xb->epilogue);
}

static void emit_jmp_cache_jump(X86Gen *g, X86Reg P);

static void gen_stubs(X86Gen *g)
{
    for (int i = 0; i < g->n_stub; i++) {
        X86Stub *s = &g->stub[i];
        x86_patch_rel32(&g->b, s->at, g->b.ptr);
        if (s->code != TB_EXIT_NOCHAIN)
            g->tb->jmp_reset[s->code] = (uint32_t)(g->b.ptr - g->b.start);
        for (int k = 0; s->wb_loop && k < g->loop.n; k++) {
            if (g->loop.dirty[k]) {
                IrVal v = g->loop.val[k];
                x86_mov_mr(&g->b, 8, x86_mem(X86_ENV, (int32_t)g->ir->vals[v].env_off),
                           (X86Reg)g->loop.reg[k]);
            }
        }
        if (s->code != TB_EXIT_NOCHAIN &&
            ((s->pc ^ g->tb->vpc) & TARGET_PAGE_MASK) != 0) {
            /* Never chained (another page's mapping may change): find the next block through
               the jump cache instead of returning to the loop. */
            x86_mov_ri(&g->b, X86_TMP0, s->pc);
            emit_jmp_cache_jump(g, X86_TMP0);
            x86_mov_mr(&g->b, 8, env_field(offsetof(CPUCommon, pc)), X86_TMP0);
            ret_to_loop(g, TB_EXIT_NOCHAIN);
            continue;
        }
        x86_store_imm64(g, env_field(offsetof(CPUCommon, pc)), s->pc);
        ret_to_loop(g, s->code);
    }
}

/* ---- operand helpers ---- */

/* Compare a with b; returns the host condition for "a cond b". */
static X86Cond gen_cmp(X86Gen *g, unsigned cond, IrVal a, IrVal b)
{
    X86Buf *buf = &g->b;
    if (x86_is_const(g, a) && !x86_is_const(g, b)) {
        IrVal t = a;
        a = b;
        b = t;
        cond = cond_swap[cond];
    }
    int ra;
    if (x86_is_const(g, a)) {
        ra = X86_TMP1;
        x86_mov_ri(buf, X86_TMP1, (uint64_t)x86_cval(g, a));
    } else {
        ra = x86_ra_use(g, a);
    }
    if (x86_is_const(g, b) && x86_fits_i32(x86_cval(g, b))) {
        int32_t imm = (int32_t)x86_cval(g, b);
        if (imm == 0)   /* test sets CF = OF = 0, matching cmp with 0 for all conditions */
            x86_test_rr(buf, 8, (X86Reg)ra, (X86Reg)ra);
        else
            x86_alu_ri(buf, 8, X86_CMP, (X86Reg)ra, imm);
    } else if (x86_is_const(g, b)) {
        x86_mov_ri(buf, X86_TMP0, (uint64_t)x86_cval(g, b));
        x86_alu_rr(buf, 8, X86_CMP, (X86Reg)ra, X86_TMP0);
    } else {
        int rb = x86_ra_use(g, b);
        x86_alu_rr(buf, 8, X86_CMP, (X86Reg)ra, (X86Reg)rb);
    }
    return cc_of[cond];
}

static void finish(X86Gen *g, const IrOp *op, int rd)
{
    x86_ra_free_dead(g, op);
    x86_ra_bind(g, op->out, rd);
}

/* All inputs constant: fold at translation time. */
static bool try_fold(X86Gen *g, const IrOp *op)
{
    const IrOpDef *def = &ir_op_defs[op->opc];
    uint64_t in[4] = { 0, 0, 0, 0 };
    for (int k = 0; k < def->n_in; k++) {
        if (!x86_is_const(g, op->in[k]))
            return false;
        in[k] = (uint64_t)x86_cval(g, op->in[k]);
    }
    uint64_t v = ir_eval_alu((IrOpc)op->opc, (IrCond)op->cond, in[0], in[1], in[2], in[3]);
    int rd = x86_ra_out(g, op->out, IR_NONE, -1, 0);
    x86_mov_ri(&g->b, (X86Reg)rd, v);
    finish(g, op, rd);
    return true;
}

/* Variable shift/rotate through cl, for hosts without BMI2 and for rotates. */
static void shift_by_cl(X86Gen *g, X86Shift sh, int rd, int ra, int rb)
{
    X86Buf *b = &g->b;
    x86_mov_rr(b, 8, X86_TMP1, (X86Reg)ra);
    if (rb != X86_RCX) {
        x86_mov_rr(b, 8, X86_TMP0, X86_RCX);
        x86_mov_rr(b, 4, X86_RCX, (X86Reg)rb);
    }
    x86_shift_cl(b, 8, sh, X86_TMP1);
    if (rb != X86_RCX)
        x86_mov_rr(b, 8, X86_RCX, X86_TMP0);
    x86_mov_rr(b, 8, (X86Reg)rd, X86_TMP1);
}

static void gen_shift(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    IrVal a = op->in[0], c = op->in[1];
    int ra = x86_ra_use(g, a);
    static const X86Shift shk[] = { [IR_shl] = X86_SHL, [IR_shr] = X86_SHR, [IR_sar] = X86_SAR,
                                    [IR_rotl] = X86_ROL, [IR_rotr] = X86_ROR };
    X86Shift sh = shk[op->opc];
    if (x86_is_const(g, c)) {
        unsigned n = (unsigned)x86_cval(g, c) & 63;
        int rd = x86_ra_out(g, op->out, a, ra, 0);
        if ((sh == X86_ROL || sh == X86_ROR) && has(g, X86_FEAT_BMI2) && n) {
            x86_rorx(b, 8, (X86Reg)rd, (X86Reg)ra, (uint8_t)(sh == X86_ROR ? n : 64 - n));
        } else if (sh == X86_SHL && rd != ra && n == 1) {
            x86_lea(b, 8, (X86Reg)rd, x86_mem_idx((X86Reg)ra, (X86Reg)ra, 1, 0));
        } else if (sh == X86_SHL && rd != ra && (n == 2 || n == 3)) {
            x86_lea(b, 8, (X86Reg)rd, x86_mem_idx(X86_NOREG, (X86Reg)ra, 1u << n, 0));
        } else {
            if (rd != ra)
                x86_mov_rr(b, 8, (X86Reg)rd, (X86Reg)ra);
            if (n)
                x86_shift_ri(b, 8, sh, (X86Reg)rd, (uint8_t)n);
        }
        finish(g, op, rd);
        return;
    }
    int rc = x86_ra_use(g, c);
    int rd = x86_ra_out(g, op->out, a, ra, 0);
    if (has(g, X86_FEAT_BMI2) && sh == X86_SHL)
        x86_shlx(b, 8, (X86Reg)rd, (X86Reg)ra, (X86Reg)rc);
    else if (has(g, X86_FEAT_BMI2) && sh == X86_SHR)
        x86_shrx(b, 8, (X86Reg)rd, (X86Reg)ra, (X86Reg)rc);
    else if (has(g, X86_FEAT_BMI2) && sh == X86_SAR)
        x86_sarx(b, 8, (X86Reg)rd, (X86Reg)ra, (X86Reg)rc);
    else
        shift_by_cl(g, sh, rd, ra, rc);
    finish(g, op, rd);
}

static void gen_alu2(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    unsigned opc = op->opc;
    IrVal a = op->in[0], c = op->in[1];
    if (opc == IR_sub && x86_is_const(g, a) && x86_cval(g, a) == 0 && !x86_is_const(g, c)) {
        int rc0 = x86_ra_use(g, c);   /* 0 - c: neg */
        int rd = x86_ra_out(g, op->out, c, rc0, 0);
        if (rd != rc0)
            x86_mov_rr(b, 8, (X86Reg)rd, (X86Reg)rc0);
        x86_unary(b, 8, X86_NEG, (X86Reg)rd);
        finish(g, op, rd);
        return;
    }
    bool comm = opc == IR_add || opc == IR_and || opc == IR_or || opc == IR_xor ||
                opc == IR_mul;
    if (comm && x86_is_const(g, a)) {
        IrVal t = a;
        a = c;
        c = t;
    }
    bool cimm = false;
    int64_t ci = 0;
    int rc = -1;
    if (opc == IR_and && x86_is_const(g, c) && !x86_is_const(g, a)) {
        int64_t m = x86_cval(g, c);
        if (m == 0xff || m == 0xffff || m == 0xffffffff) {   /* zero-extension */
            int ra = x86_ra_use(g, a);
            int rd = x86_ra_out(g, op->out, a, ra, 0);
            x86_movzx_rr(b, m == 0xff ? 1 : m == 0xffff ? 2 : 4, (X86Reg)rd, (X86Reg)ra);
            finish(g, op, rd);
            return;
        }
    }
    if (x86_is_const(g, c)) {
        ci = x86_cval(g, c);
        if (opc == IR_andn) {   /* a & ~c == a & (~c) */
            ci = ~ci;
            opc = IR_and;
        }
        if (opc == IR_sub && ci != INT64_MIN) {
            ci = -ci;
            opc = IR_add;
        }
        if (x86_fits_i32(ci)) {
            cimm = true;
        } else {
            rc = X86_TMP0;
            x86_mov_ri(b, X86_TMP0, (uint64_t)ci);
        }
    } else {
        rc = x86_ra_use(g, c);
    }
    int ra = -1;
    if (!x86_is_const(g, a))
        ra = x86_ra_use(g, a);
    /* Two-operand forms need rd != rc unless the op commutes (then rd == rc works too). */
    uint16_t avoid = (!comm && rc >= 0) ? X86_BIT(rc) : 0;
    if (opc == IR_andn && has(g, X86_FEAT_BMI1) && ra >= 0)
        avoid = 0;
    int rd = x86_ra_out(g, op->out, a, ra, avoid);

    if (opc == IR_add && ra >= 0 && rd != ra) {   /* three-operand add */
        if (cimm)
            x86_lea(b, 8, (X86Reg)rd, x86_mem((X86Reg)ra, (int32_t)ci));
        else
            x86_lea(b, 8, (X86Reg)rd, x86_mem_idx((X86Reg)ra, (X86Reg)rc, 1, 0));
        finish(g, op, rd);
        return;
    }
    if (opc == IR_mul && cimm && ra >= 0) {
        x86_imul_rri(b, 8, (X86Reg)rd, (X86Reg)ra, (int32_t)ci);
        finish(g, op, rd);
        return;
    }
    if (opc == IR_andn && !cimm && ra >= 0 && has(g, X86_FEAT_BMI1)) {
        x86_andn(b, 8, (X86Reg)rd, (X86Reg)rc, (X86Reg)ra);
        finish(g, op, rd);
        return;
    }
    int src = rc;
    if (comm && rc >= 0 && rd == rc && rd != ra) {
        src = ra;   /* rd already holds c: rd = c op a */
    } else if (ra < 0) {
        x86_mov_ri(b, (X86Reg)rd, (uint64_t)x86_cval(g, a));
    } else if (rd != ra) {
        x86_mov_rr(b, 8, (X86Reg)rd, (X86Reg)ra);
    }
    if (opc == IR_andn) {
        x86_mov_rr(b, 8, X86_TMP1, (X86Reg)src);
        x86_unary(b, 8, X86_NOT, X86_TMP1);
        x86_alu_rr(b, 8, X86_AND, (X86Reg)rd, X86_TMP1);
        finish(g, op, rd);
        return;
    }
    if (opc == IR_mul) {
        x86_imul_rr(b, 8, (X86Reg)rd, (X86Reg)src);
        finish(g, op, rd);
        return;
    }
    X86Alu alu = opc == IR_add ? X86_ADD : opc == IR_sub ? X86_SUB : opc == IR_and ? X86_AND :
                 opc == IR_or ? X86_OR : X86_XOR;
    if (cimm)
        x86_alu_ri(b, 8, alu, (X86Reg)rd, (int32_t)ci);
    else
        x86_alu_rr(b, 8, alu, (X86Reg)rd, (X86Reg)src);
    finish(g, op, rd);
}

/* Popcount without POPCNT (Hacker's Delight 5-2). */
static void popcount_swar(X86Gen *g, int rd, int ra)
{
    X86Buf *b = &g->b;
    X86Reg x = X86_TMP1, t = X86_TMP0;
    x86_mov_rr(b, 8, x, (X86Reg)ra);
    x86_mov_rr(b, 8, t, x);
    x86_shift_ri(b, 8, X86_SHR, t, 1);
    x86_mov_rr(b, 8, (X86Reg)rd, t);   /* rd is free scratch until the end */
    x86_mov_ri(b, t, 0x5555555555555555ull);
    x86_alu_rr(b, 8, X86_AND, (X86Reg)rd, t);
    x86_alu_rr(b, 8, X86_SUB, x, (X86Reg)rd);
    x86_mov_ri(b, t, 0x3333333333333333ull);
    x86_mov_rr(b, 8, (X86Reg)rd, x);
    x86_alu_rr(b, 8, X86_AND, (X86Reg)rd, t);
    x86_shift_ri(b, 8, X86_SHR, x, 2);
    x86_alu_rr(b, 8, X86_AND, x, t);
    x86_alu_rr(b, 8, X86_ADD, x, (X86Reg)rd);
    x86_mov_rr(b, 8, (X86Reg)rd, x);
    x86_shift_ri(b, 8, X86_SHR, (X86Reg)rd, 4);
    x86_alu_rr(b, 8, X86_ADD, x, (X86Reg)rd);
    x86_mov_ri(b, t, 0x0f0f0f0f0f0f0f0full);
    x86_alu_rr(b, 8, X86_AND, x, t);
    x86_mov_ri(b, t, 0x0101010101010101ull);
    x86_imul_rr(b, 8, x, t);
    x86_shift_ri(b, 8, X86_SHR, x, 56);
    x86_mov_rr(b, 8, (X86Reg)rd, x);
}

static void gen_alu1(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    IrVal a = op->in[0];
    int ra = x86_ra_use(g, a);
    /* popcount fallback uses rd as scratch while ra is still needed */
    uint16_t avoid = (op->opc == IR_cpop && !has(g, X86_FEAT_POPCNT)) ? X86_BIT(ra) : 0;
    int rd = x86_ra_out(g, op->out, a, ra, avoid);
    X86Reg d = (X86Reg)rd, s = (X86Reg)ra;
    switch (op->opc) {
    case IR_neg:
    case IR_not:
        if (rd != ra)
            x86_mov_rr(b, 8, d, s);
        x86_unary(b, 8, op->opc == IR_neg ? X86_NEG : X86_NOT, d);
        break;
    case IR_ext8s: x86_movsx_rr(b, 1, d, s); break;
    case IR_ext16s: x86_movsx_rr(b, 2, d, s); break;
    case IR_ext32s: x86_movsx_rr(b, 4, d, s); break;
    case IR_ext8u: x86_movzx_rr(b, 1, d, s); break;
    case IR_ext16u: x86_movzx_rr(b, 2, d, s); break;
    case IR_ext32u: x86_movzx_rr(b, 4, d, s); break;
    case IR_bswap:
        if (rd != ra)
            x86_mov_rr(b, 8, d, s);
        x86_bswap(b, 8, d);
        break;
    case IR_clz:
        if (has(g, X86_FEAT_LZCNT)) {
            x86_lzcnt(b, 8, d, s);
        } else {   /* 63 - bsr(a); a = 0: 127 ^ 63 = 64 */
            x86_bsr(b, 8, d, s);
            x86_mov_ri(b, X86_TMP0, 127);
            x86_cmov(b, 8, X86_CC_E, d, X86_TMP0);
            x86_alu_ri(b, 8, X86_XOR, d, 63);
        }
        break;
    case IR_ctz:
        if (has(g, X86_FEAT_BMI1)) {
            x86_tzcnt(b, 8, d, s);
        } else {
            x86_bsf(b, 8, d, s);
            x86_mov_ri(b, X86_TMP0, 64);
            x86_cmov(b, 8, X86_CC_E, d, X86_TMP0);
        }
        break;
    case IR_cpop:
        if (has(g, X86_FEAT_POPCNT))
            x86_popcnt(b, 8, d, s);
        else
            popcount_swar(g, rd, ra);
        break;
    default:
        break;
    }
    finish(g, op, rd);
}

static void gen_mov(X86Gen *g, const IrOp *op)
{
    IrVal a = op->in[0], d = op->out;
    if (x86_is_const(g, a)) {
        int rd = x86_ra_out(g, d, IR_NONE, -1, 0);
        x86_mov_ri(&g->b, (X86Reg)rd, (uint64_t)x86_cval(g, a));
        finish(g, op, rd);
        return;
    }
    if (a == d)
        return;
    int ra = x86_ra_use(g, a);
    if (x86_dies_here(g, a)) {   /* rename: d takes over a's register */
        finish(g, op, ra);
        return;
    }
    int rd = x86_ra_out(g, d, a, ra, 0);
    if (rd != ra)
        x86_mov_rr(&g->b, 8, (X86Reg)rd, (X86Reg)ra);
    finish(g, op, rd);
}

/* mul-high family: rdx:rax = rax * b */
static void gen_mulh(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    IrVal a = op->in[0], c = op->in[1];
    x86_ra_evict(g, X86_RAX, X86_BIT(X86_RDX));
    x86_ra_evict(g, X86_RDX, X86_BIT(X86_RAX));
    g->locked |= X86_BIT(X86_RAX) | X86_BIT(X86_RDX);
    int rc;
    if (x86_is_const(g, c)) {
        rc = X86_TMP0;
        x86_mov_ri(b, X86_TMP0, (uint64_t)x86_cval(g, c));
    } else {
        rc = x86_ra_use(g, c);
    }
    int ra = -1;
    if (x86_is_const(g, a))
        x86_mov_ri(b, X86_RAX, (uint64_t)x86_cval(g, a));
    else {
        ra = x86_ra_use(g, a);
        x86_mov_rr(b, 8, X86_RAX, (X86Reg)ra);
    }
    x86_unary(b, 8, op->opc == IR_mulh ? X86_IMUL1 : X86_MUL, (X86Reg)rc);
    if (op->opc == IR_mulhsu) {   /* signed a: subtract b when a < 0 */
        if (ra < 0) {
            if (x86_cval(g, a) < 0)
                x86_alu_rr(b, 8, X86_SUB, X86_RDX, (X86Reg)rc);
        } else {
            x86_mov_rr(b, 8, X86_TMP1, (X86Reg)ra);
            x86_shift_ri(b, 8, X86_SAR, X86_TMP1, 63);
            x86_alu_rr(b, 8, X86_AND, X86_TMP1, (X86Reg)rc);
            x86_alu_rr(b, 8, X86_SUB, X86_RDX, X86_TMP1);
        }
    }
    finish(g, op, X86_RDX);
}

static void gen_div(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    unsigned opc = op->opc;
    IrVal a = op->in[0], c = op->in[1];
    bool w = opc == IR_divw || opc == IR_divuw || opc == IR_remw || opc == IR_remuw;
    bool sgn = opc == IR_div || opc == IR_rem || opc == IR_divw || opc == IR_remw ||
               opc == IR_divz;
    bool zero0 = opc == IR_divz || opc == IR_divuz;   /* A64: x / 0 = 0 */
    bool rem = opc == IR_rem || opc == IR_remu || opc == IR_remw || opc == IR_remuw;
    int sz = w ? 4 : 8;
    x86_ra_evict(g, X86_RAX, X86_BIT(X86_RDX));
    x86_ra_evict(g, X86_RDX, X86_BIT(X86_RAX));
    g->locked |= X86_BIT(X86_RAX) | X86_BIT(X86_RDX);
    bool cconst = x86_is_const(g, c);
    int64_t cv = cconst ? x86_cval(g, c) : 0;
    if (w)
        cv = (int32_t)cv;
    int rc;
    if (cconst) {
        rc = X86_TMP0;
        x86_mov_ri(b, X86_TMP0, (uint64_t)cv);
    } else {
        rc = x86_ra_use(g, c);
    }
    if (x86_is_const(g, a))
        x86_mov_ri(b, X86_RAX, (uint64_t)x86_cval(g, a));
    else
        x86_mov_rr(b, 8, X86_RAX, (X86Reg)x86_ra_use(g, a));
    size_t j_zero = 0, j_m1 = 0, j_done = 0, j_done2 = 0;
    bool chk_zero = !cconst || cv == 0, chk_m1 = sgn && (!cconst || cv == -1);
    if (cconst && (cv == 0 || (sgn && cv == -1))) {
        /* fall into the special-case code below */
    } else {
        if (chk_zero) {
            x86_test_rr(b, sz, (X86Reg)rc, (X86Reg)rc);
            j_zero = x86_jcc_rel8(b, X86_CC_E);
        }
        if (chk_m1) {
            x86_alu_ri(b, sz, X86_CMP, (X86Reg)rc, -1);
            j_m1 = x86_jcc_rel8(b, X86_CC_E);
        }
        if (sgn) {
            if (w)
                x86_cdq(b);
            else
                x86_cqo(b);
        } else {
            x86_zero(b, X86_RDX);
        }
        x86_unary(b, sz, sgn ? X86_IDIV : X86_DIV, (X86Reg)rc);
        if (chk_zero || chk_m1)
            j_done = x86_jmp_rel8(b);
    }
    if (chk_zero) {
        if (j_zero)
            x86_patch_rel8(b, j_zero, b->ptr);
        if (rem)
            x86_mov_rr(b, 8, X86_RDX, X86_RAX);   /* x % 0 = x */
        else if (zero0)
            x86_zero(b, X86_RAX);
        else
            x86_mov_ri(b, X86_RAX, ~0ull);         /* x / 0 = all ones */
        if (chk_m1 || (cconst && cv == -1))
            j_done2 = x86_jmp_rel8(b);
    }
    if (chk_m1) {
        if (j_m1)
            x86_patch_rel8(b, j_m1, b->ptr);
        if (rem)
            x86_mov_ri(b, X86_RDX, 0);             /* x % -1 = 0 */
        else
            x86_unary(b, sz, X86_NEG, X86_RAX);    /* x / -1 = -x (MIN stays MIN) */
    }
    if (j_done)
        x86_patch_rel8(b, j_done, b->ptr);
    if (j_done2)
        x86_patch_rel8(b, j_done2, b->ptr);
    int res = rem ? X86_RDX : X86_RAX;
    if (w)
        x86_movsx_rr(b, 4, (X86Reg)res, (X86Reg)res);
    finish(g, op, res);
}

static void gen_setcond(X86Gen *g, const IrOp *op)
{
    X86Cond cc = gen_cmp(g, op->cond, op->in[0], op->in[1]);
    int rd = x86_ra_out(g, op->out, IR_NONE, -1, 0);
    x86_setcc(&g->b, cc, (X86Reg)rd);
    x86_movzx_rr(&g->b, 1, (X86Reg)rd, (X86Reg)rd);
    finish(g, op, rd);
}

static void gen_movcond(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    IrVal t = op->in[2], f = op->in[3];
    int rt, rf = -1;
    if (x86_is_const(g, t)) {
        rt = X86_TMP1;   /* not used by gen_cmp unless both compare inputs are constant */
        if (x86_is_const(g, op->in[0]) && x86_is_const(g, op->in[1]))
            rt = x86_ra_use(g, t);
        else
            x86_mov_ri(b, X86_TMP1, (uint64_t)x86_cval(g, t));
    } else {
        rt = x86_ra_use(g, t);
    }
    if (!x86_is_const(g, f))
        rf = x86_ra_use(g, f);
    X86Cond cc = gen_cmp(g, op->cond, op->in[0], op->in[1]);
    int rd = x86_ra_out(g, op->out, x86_dies_here(g, f) ? f : t, x86_dies_here(g, f) ? rf : rt,
                        0);
    if (rd == rt) {
        if (rf < 0) {
            x86_mov_ri(b, X86_TMP0, (uint64_t)x86_cval(g, f));
            rf = X86_TMP0;
        }
        x86_cmov(b, 8, x86_cc_invert(cc), (X86Reg)rd, (X86Reg)rf);
    } else {
        if (rf < 0)
            x86_mov_ri(b, (X86Reg)rd, (uint64_t)x86_cval(g, f));
        else if (rd != rf)
            x86_mov_rr(b, 8, (X86Reg)rd, (X86Reg)rf);
        x86_cmov(b, 8, cc, (X86Reg)rd, (X86Reg)rt);
    }
    finish(g, op, rd);
}

/* ld_env/st_env may name a global's slot: keep the register copy coherent. */
static IrVal global_at(X86Gen *g, int64_t off, bool *overlap)
{
    *overlap = false;
    for (int v = 0; v < g->ir->n_globals; v++) {
        int64_t go = g->ir->vals[v].env_off;
        if (go == off)
            return (IrVal)v;
        if (off < go + 8 && go < off + 8)
            *overlap = true;
    }
    return IR_NONE;
}

static void flush_overlapping(X86Gen *g, int64_t off, bool drop)
{
    for (int v = 0; v < g->ir->n_globals; v++) {
        int64_t go = g->ir->vals[v].env_off;
        X86VLoc *l = &g->loc[v];
        if (!(off < go + 8 && go < off + 8) || l->reg < 0)
            continue;
        if (l->dirty)
            x86_mov_mr(&g->b, 8, x86_mem(X86_ENV, (int32_t)go), (X86Reg)l->reg);
        l->dirty = 0;
        if (drop)
            x86_ra_unbind(g, (IrVal)v);
    }
}

/* ld_env t; add t2, t, $c; st_env t2 to the same slot (e.g. an instruction counter):
   one add to memory. Returns the number of ops consumed. */
static int try_env_add(X86Gen *g, const IrOp *op)
{
    IrBlock *ir = g->ir;
    int i = g->op_i;
    if (i + 2 >= ir->n_ops)
        return 0;
    const IrOp *add = &ir->ops[i + 1], *st = &ir->ops[i + 2];
    IrVal t = op->out;
    if (!x86_is_temp(g, t) || add->opc != IR_add || st->opc != IR_st_env || st->imm != op->imm)
        return 0;
    IrVal k = add->in[0] == t ? add->in[1] : add->in[0];
    if ((add->in[0] != t && add->in[1] != t) || !x86_is_const(g, k) ||
        !x86_fits_i32(x86_cval(g, k)) || !x86_is_temp(g, add->out) || st->in[0] != add->out ||
        g->loc[t].last_use != i + 1 || g->loc[add->out].last_use != i + 2)
        return 0;
    bool ov;
    if (global_at(g, op->imm, &ov) != IR_NONE || ov)
        return 0;
    if (is_count_slot(op->imm))
        x86_alu_ri(&g->b, 8, X86_ADD, X86_ICOUNT, (int32_t)x86_cval(g, k));
    else
        x86_alu_mi(&g->b, 8, X86_ADD, x86_mem(X86_ENV, (int32_t)op->imm), (int32_t)x86_cval(g, k));
    return 3;
}

static void gen_ld_env(X86Gen *g, const IrOp *op)
{
    bool ov;
    IrVal gv = global_at(g, op->imm, &ov);
    if (gv != IR_NONE) {
        IrOp m = *op;
        m.opc = IR_mov;
        m.in[0] = gv;
        gen_mov(g, &m);
        return;
    }
    if (ov)
        flush_overlapping(g, op->imm, false);
    int rd = x86_ra_out(g, op->out, IR_NONE, -1, 0);
    if (is_count_slot(op->imm))
        x86_mov_rr(&g->b, 8, (X86Reg)rd, X86_ICOUNT);
    else
        x86_mov_rm(&g->b, 8, (X86Reg)rd, x86_mem(X86_ENV, (int32_t)op->imm));
    finish(g, op, rd);
}

static void gen_st_env(X86Gen *g, const IrOp *op)
{
    bool ov;
    IrVal gv = global_at(g, op->imm, &ov);
    if (gv != IR_NONE) {
        IrOp m = *op;
        m.opc = IR_mov;
        m.out = gv;
        gen_mov(g, &m);
        return;
    }
    if (ov)
        flush_overlapping(g, op->imm, true);
    IrVal a = op->in[0];
    X86Mem m = x86_mem(X86_ENV, (int32_t)op->imm);
    if (is_count_slot(op->imm)) {
        if (x86_is_const(g, a))
            x86_mov_ri(&g->b, X86_ICOUNT, (uint64_t)x86_cval(g, a));
        else
            x86_mov_rr(&g->b, 8, X86_ICOUNT, (X86Reg)x86_ra_use(g, a));
    } else if (x86_is_const(g, a)) {
        x86_store_imm64(g, m, (uint64_t)x86_cval(g, a));
    } else {
        x86_mov_mr(&g->b, 8, m, (X86Reg)x86_ra_use(g, a));
    }
    x86_ra_free_dead(g, op);
}

/* ---- helper calls ---- */

typedef struct ArgSrc { int kind; int reg; int64_t imm; X86Mem mem; } ArgSrc;
enum { ARG_REG, ARG_IMM, ARG_MEM };

static void gen_call(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    unsigned fl = op->aux;
    if (fl & (IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS | IR_CALL_TRAPS))
        x86_ra_writeback(g, true);
    if (fl & IR_CALL_TRAPS)
        x86_store_imm64(g, env_field(offsetof(CPUCommon, pc)), g->pc);
    /* Argument sources as they are now (registers keep their contents through eviction). */
    ArgSrc src[5];
    static const X86Reg dst[5] = { X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8 };
    src[0] = (ArgSrc){ ARG_REG, X86_ENV, 0, { 0, 0, 0, 0 } };
    for (int k = 0; k < 4; k++) {
        IrVal v = op->in[k];
        ArgSrc *s = &src[k + 1];
        *s = (ArgSrc){ ARG_IMM, -1, 0, { 0, 0, 0, 0 } };
        if (v == IR_NONE)
            continue;
        if (x86_is_const(g, v)) {
            s->imm = x86_cval(g, v);
        } else if (g->loc[v].reg >= 0) {
            s->kind = ARG_REG;
            s->reg = g->loc[v].reg;
        } else if (x86_is_global(g, v)) {
            s->kind = ARG_MEM;
            s->mem = x86_mem(X86_ENV, (int32_t)g->ir->vals[v].env_off);
        } else {
            s->kind = ARG_MEM;
            s->mem = x86_mem(X86_RSP, X86_FRAME_SPILL + 8 * g->loc[v].spill);
        }
    }
    x86_ra_evict_caller_saved(g);
    /* Parallel move of the register sources (cycles broken through TMP0), then the rest. */
    bool done[5] = { false, false, false, false, false };
    for (;;) {
        int pending = 0, progress = 0;
        for (int i = 0; i < 5; i++) {
            if (done[i] || src[i].kind != ARG_REG)
                continue;
            if (src[i].reg == dst[i]) {
                done[i] = true;
                continue;
            }
            pending++;
            bool blocked = false;
            for (int j = 0; j < 5; j++)
                if (j != i && !done[j] && src[j].kind == ARG_REG && src[j].reg == dst[i])
                    blocked = true;
            if (!blocked) {
                x86_mov_rr(b, 8, dst[i], (X86Reg)src[i].reg);
                done[i] = true;
                progress++;
            }
        }
        if (!pending)
            break;
        if (!progress) {
            for (int i = 0; i < 5; i++) {
                if (!done[i] && src[i].kind == ARG_REG) {
                    int r = src[i].reg;
                    x86_mov_rr(b, 8, X86_TMP0, (X86Reg)r);
                    for (int j = 0; j < 5; j++)
                        if (!done[j] && src[j].kind == ARG_REG && src[j].reg == r)
                            src[j].reg = X86_TMP0;
                    break;
                }
            }
        }
    }
    for (int i = 1; i < 5; i++) {
        if (src[i].kind == ARG_IMM)
            x86_mov_ri(b, dst[i], (uint64_t)src[i].imm);
        else if (src[i].kind == ARG_MEM)
            x86_mov_rm(b, 8, dst[i], src[i].mem);
    }
    x86_call_helper(b, (const void *)op->helper);
    if (fl & IR_CALL_WRITES_GLOBALS)
        x86_ra_drop_globals(g);
    x86_ra_free_dead(g, op);
    if (op->out != IR_NONE)
        x86_ra_bind(g, op->out, X86_RAX);
}

/* ---- exits ---- */

static bool only_end_follows(const X86Gen *g)
{
    for (int i = g->op_i + 1; i < g->ir->n_ops; i++) {
        unsigned opc = g->ir->ops[i].opc;
        if (opc == IR_nop || opc == IR_insn_start)
            continue;
        return opc == IR_goto_tb || opc == IR_exit;
    }
    return false;
}

/* Unconditional block exit through a chain slot (goto_tb, or a brcond always taken). */
static void gen_jump(X86Gen *g, const IrOp *op)
{
    if (g->self_loop && (uint64_t)op->imm == g->tb->vpc)
        x86_ra_reconcile(g, true);
    else
        x86_ra_writeback(g, false);
    chain_jump(g, op->aux, (uint64_t)op->imm, false, X86_CC_E);
}

static void gen_brcond(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    if (x86_is_const(g, op->in[0]) && x86_is_const(g, op->in[1])) {
        if (!ir_eval_cond(op->cond, (uint64_t)x86_cval(g, op->in[0]),
                          (uint64_t)x86_cval(g, op->in[1])))
            return;
        gen_jump(g, op);
        return;
    }
    if (g->self_loop && (uint64_t)op->imm == g->tb->vpc) {
        X86Cond cc = gen_cmp(g, op->cond, op->in[0], op->in[1]);
        x86_ra_free_dead(g, op);
        if (!x86_ra_reconcile(g, false)) {
            chain_jump(g, op->aux, (uint64_t)op->imm, true, cc);
            return;
        }
        size_t skip = x86_jcc_rel32(b, x86_cc_invert(cc));
        x86_ra_reconcile(g, true);
        chain_jump(g, op->aux, (uint64_t)op->imm, false, X86_CC_E);
        x86_patch_rel32(b, skip, b->ptr);
        return;
    }
    /* When only the block end follows, both paths write the same globals back: do it once
       before the compare, so the taken path is a single patchable jcc. */
    if (only_end_follows(g))
        x86_ra_writeback(g, true);
    X86Cond cc = gen_cmp(g, op->cond, op->in[0], op->in[1]);
    x86_ra_free_dead(g, op);
    if (x86_ra_n_dirty(g) == 0) {
        chain_jump(g, op->aux, (uint64_t)op->imm, true, cc);
        return;
    }
    size_t skip = x86_jcc_rel8(b, x86_cc_invert(cc));
    x86_ra_writeback(g, false);
    chain_jump(g, op->aux, (uint64_t)op->imm, false, X86_CC_E);
    x86_patch_rel8(b, skip, b->ptr);
}

/* Inline copy of tb_jmp_cache_find (tb.h) for the guest pc in P: jumps straight into the
   cached block on a hit, falls through on a miss. Like it, everything keys on the run-time
   env->cur_flags, not on this block's flags: a helper that ends the block (mret/sret, a status
   CSR write) sets the flags the target runs under, including a new fetch MMU index. Every
   register but P is dead here (globals were written back); TMP1 is clobbered. */
_Static_assert(sizeof(TlbEntry) == 32 && (1 << TLB_BITS) == TLB_SIZE,
               "emit_jmp_cache_jump indexes the TLB as (mmu << TLB_BITS | slot) * 32");
static void emit_jmp_cache_jump(X86Gen *g, X86Reg P)
{
    X86Buf *b = &g->b;
    X86Reg T = P == X86_TMP1 ? X86_TMP0 : X86_TMP1;
    size_t miss[8];
    int nm = 0;
    x86_alu_mi(b, 2, X86_CMP, env_field(offsetof(CPUCommon, singlestep)), 0);
    miss[nm++] = x86_jcc_rel8(b, X86_CC_NE);
    x86_mov_rr(b, 4, T, P);
    x86_shift_ri(b, 4, X86_SHR, T, JMP_CACHE_PC_SHIFT);     /* jmp_cache_index */
    x86_alu_ri(b, 4, X86_AND, T, JMP_CACHE_SIZE - 1);
    x86_mov_rm(b, 8, T, x86_mem_idx(X86_ENV, T, 8, (int32_t)offsetof(CPUCommon, jmp_cache)));
    x86_test_rr(b, 8, T, T);
    miss[nm++] = x86_jcc_rel8(b, X86_CC_E);
    x86_alu_rm(b, 8, X86_CMP, P, x86_mem(T, offsetof(TB, vpc)));
    miss[nm++] = x86_jcc_rel8(b, X86_CC_NE);
    X86Reg X = P == X86_RAX ? X86_RCX : X86_RAX;
    X86Reg Y = P == X86_RDX ? X86_RCX : X86_RDX;
    x86_mov_rm(b, 8, X, env_field(offsetof(CPUCommon, cur_flags)));
    x86_alu_rm(b, 8, X86_CMP, X, x86_mem(T, offsetof(TB, flags)));
    miss[nm++] = x86_jcc_rel8(b, X86_CC_NE);
    x86_alu_mi(b, 1, X86_CMP, x86_mem(T, offsetof(TB, valid)), 0);
    miss[nm++] = x86_jcc_rel8(b, X86_CC_E);
    /* jmp_cache_valid(env, hit->fetch_mmu, pc, ppc page): the hit's fetch_mmu is the fetch
       MMU index of cur_flags (its flags), not necessarily this block's.
       X = (mmu << TLB_BITS | tlb_index(pc)) * 4, scaled by 8 for tlb, by 2 for tlb_paddr. */
    x86_movzx_rm(b, 1, X, x86_mem(T, offsetof(TB, fetch_mmu)));
    x86_shift_ri(b, 4, X86_SHL, X, TLB_BITS);
    x86_mov_rr(b, 8, Y, P);
    x86_shift_ri(b, 8, X86_SHR, Y, TARGET_PAGE_BITS);
    x86_alu_ri(b, 4, X86_AND, Y, TLB_SIZE - 1);
    x86_alu_rr(b, 4, X86_OR, X, Y);
    x86_shift_ri(b, 4, X86_SHL, X, 2);
    x86_mov_rr(b, 8, Y, P);
    x86_alu_ri(b, 8, X86_AND, Y, (int32_t)TARGET_PAGE_MASK);
    x86_alu_rm(b, 8, X86_CMP, Y,
               x86_mem_idx(X86_ENV, X, 8, (int32_t)(offsetof(CPUCommon, tlb) +
                                                    offsetof(TlbEntry, tag_x))));
    miss[nm++] = x86_jcc_rel8(b, X86_CC_NE);
    x86_mov_rm(b, 8, Y, x86_mem(T, offsetof(TB, ppc)));
    x86_alu_ri(b, 8, X86_AND, Y, (int32_t)TARGET_PAGE_MASK);
    x86_alu_rm(b, 8, X86_CMP, Y,
               x86_mem_idx(X86_ENV, X, 2, (int32_t)offsetof(CPUCommon, tlb_paddr)));
    miss[nm++] = x86_jcc_rel8(b, X86_CC_NE);
    x86_jmp_m(b, x86_mem(T, offsetof(TB, code)));
    for (int i = 0; i < nm; i++)
        x86_patch_rel8(b, miss[i], b->ptr);
}

static void gen_goto_ptr(X86Gen *g, const IrOp *op)
{
    X86Buf *b = &g->b;
    x86_ra_writeback(g, false);
    IrVal a = op->in[0];
    int rp;
    if (x86_is_const(g, a)) {
        rp = X86_TMP0;
        x86_mov_ri(b, X86_TMP0, (uint64_t)x86_cval(g, a));
    } else {
        rp = x86_ra_use(g, a);
    }
    X86Reg P = (X86Reg)rp;
    emit_jmp_cache_jump(g, P);
    x86_mov_mr(b, 8, env_field(offsetof(CPUCommon, pc)), P);
    ret_to_loop(g, TB_EXIT_NOCHAIN);
}

static void gen_exit(X86Gen *g, const IrOp *op)
{
    x86_ra_writeback(g, false);
    IrVal a = op->in[0];
    X86Mem pcm = env_field(offsetof(CPUCommon, pc));
    if (x86_is_const(g, a))
        x86_store_imm64(g, pcm, (uint64_t)x86_cval(g, a));
    else
        x86_mov_mr(&g->b, 8, pcm, (X86Reg)x86_ra_use(g, a));
    ret_to_loop(g, TB_EXIT_NOCHAIN);
}

/* ---- block ---- */

static void gen_op(X86Gen *g, const IrOp *op)
{
    unsigned opc = op->opc;
    if (ir_op_is_pure_inline(opc)) {
        if (op->out == IR_NONE || (x86_is_temp(g, op->out) && g->loc[op->out].last_use < 0))
            return;   /* dead pure op */
        if (opc != IR_mov && try_fold(g, op))
            return;
    }
    switch (opc) {
    case IR_nop:
        break;
    case IR_insn_start:
        g->pc = (uint64_t)op->imm;
        break;
    case IR_mov: gen_mov(g, op); break;
    case IR_add: case IR_sub: case IR_and: case IR_or: case IR_xor: case IR_andn:
    case IR_mul:
        gen_alu2(g, op);
        break;
    case IR_shl: case IR_shr: case IR_sar: case IR_rotl: case IR_rotr:
        gen_shift(g, op);
        break;
    case IR_mulh: case IR_mulhu: case IR_mulhsu:
        gen_mulh(g, op);
        break;
    case IR_div: case IR_divu: case IR_rem: case IR_remu:
    case IR_divw: case IR_divuw: case IR_remw: case IR_remuw: case IR_divz: case IR_divuz:
        gen_div(g, op);
        break;
    case IR_neg: case IR_not: case IR_ext8s: case IR_ext16s: case IR_ext32s: case IR_ext8u:
    case IR_ext16u: case IR_ext32u: case IR_clz: case IR_ctz: case IR_cpop: case IR_bswap:
        gen_alu1(g, op);
        break;
    case IR_setcond: gen_setcond(g, op); break;
    case IR_movcond: gen_movcond(g, op); break;
    case IR_ld: x86_gen_ld(g, op); break;
    case IR_st: x86_gen_st(g, op); break;
    case IR_ld_env: gen_ld_env(g, op); break;
    case IR_st_env: gen_st_env(g, op); break;
    case IR_call:
        if (!x86_gen_fast_call(g, op))
            gen_call(g, op);
        break;
    case IR_brcond: gen_brcond(g, op); break;
    case IR_goto_tb: gen_jump(g, op); break;
    case IR_goto_ptr: gen_goto_ptr(g, op); break;
    case IR_exit: gen_exit(g, op); break;
    default:
        fprintf(stderr, "tern: x86 backend: unknown op %u\n", opc);
        abort();
    }
}

static bool is_self_exit(const X86Gen *g, const IrOp *op)
{
    return (op->opc == IR_brcond || op->opc == IR_goto_tb) && (uint64_t)op->imm == g->tb->vpc;
}

/* A block that may jump back to its own start keeps the globals it uses in fixed registers
   from a loop head on: they are loaded once at entry, the head checks exit_request (the entry
   check of the chained path it replaces) and back edges jump to it with the globals moved
   back to those registers. Globals the block writes count as dirty at the head. */
static void loop_begin(X86Gen *g)
{
    IrBlock *ir = g->ir;
    X86Loop *L = &g->loop;
    g->self_loop = false;
    L->n = 0;
    for (int i = 0; i < ir->n_ops; i++)
        g->self_loop |= is_self_exit(g, &ir->ops[i]);
    if (!g->self_loop)
        return;
    for (int i = 0; i < ir->n_ops && L->n < X86_LOOP_MAX_GLOBALS; i++) {
        const IrOp *op = &ir->ops[i];
        IrVal vs[5] = { op->out, op->in[0], op->in[1], op->in[2], op->in[3] };
        for (int k = 0; k < 5 && L->n < X86_LOOP_MAX_GLOBALS; k++) {
            IrVal v = vs[k];
            if (v == IR_NONE || !x86_is_global(g, v) || g->loc[v].reg >= 0)
                continue;
            int r = x86_ra_use(g, v);
            L->val[L->n] = v;
            L->reg[L->n] = (int8_t)r;
            L->dirty[L->n] = 0;
            L->n++;
        }
    }
    for (int i = 0; i < ir->n_ops; i++) {
        const IrOp *op = &ir->ops[i];
        bool st_env = op->opc == IR_st_env;
        for (int k = 0; k < L->n; k++)
            if (op->out == L->val[k] ||
                (st_env && (uint64_t)op->imm == g->ir->vals[L->val[k]].env_off))
                L->dirty[k] = 1;
    }
    for (int k = 0; k < L->n; k++)
        g->loc[L->val[k]].dirty = L->dirty[k];
    g->locked = 0;
    L->head = (size_t)(g->b.ptr - g->b.start);
}

/* A block whose code runs into a second page is entered only while that page is still mapped
   (execute TLB) to the physical page it was translated from (tb_page2_valid): so chained jumps
   into it, which skip the lookup, stay exact. Otherwise it leaves to the loop at its start. */
static void check_page2(X86Gen *g)
{
    X86Buf *b = &g->b;
    TB *tb = g->tb;
    uint64_t v2 = (tb->vpc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
    size_t mmu = tb->fetch_mmu, i = tlb_index(v2);
    int32_t tag = (int32_t)(offsetof(CPUCommon, tlb) + (mmu * TLB_SIZE + i) * sizeof(TlbEntry) +
                            offsetof(TlbEntry, tag_x));
    int32_t pa = (int32_t)(offsetof(CPUCommon, tlb_paddr) + (mmu * TLB_SIZE + i) * 8);
    x86_mov_ri(b, X86_TMP0, v2);
    x86_alu_rm(b, 8, X86_CMP, X86_TMP0, x86_mem(X86_ENV, tag));
    add_stub(g, x86_jcc_rel32(b, X86_CC_NE), TB_EXIT_NOCHAIN, tb->vpc);
    x86_mov_ri(b, X86_TMP0, tb->ppage2);
    x86_alu_rm(b, 8, X86_CMP, X86_TMP0, x86_mem(X86_ENV, pa));
    add_stub(g, x86_jcc_rel32(b, X86_CC_NE), TB_EXIT_NOCHAIN, tb->vpc);
}

bool x86_gen_block(X86Backend *xb, TB *tb, IrBlock *ir)
{
    X86Gen *g = xb->gen;
    uint8_t *start = (uint8_t *)(((uintptr_t)xb->ptr + X86_LOOP_HDR + 15) & ~(uintptr_t)15);
    if (start >= xb->buf + xb->size)
        return false;
    x86_buf_init(&g->b, start, xb->buf + xb->size);
    g->xb = xb;
    g->tb = tb;
    g->ir = ir;
    g->n_slow = g->n_wb = g->n_stub = g->n_fp_slow = 0;
    g->pc = ir->pc;
    x86_ra_begin(g);
    tb->jmp_off[0] = tb->jmp_off[1] = TB_NO_JUMP;
    tb->jmp_reset[0] = tb->jmp_reset[1] = TB_NO_JUMP;

    tb->unchecked_off = 0;
    if (tb->ppage2 != UINT64_MAX) {
        check_page2(g);
        tb->unchecked_off = (uint32_t)(g->b.ptr - g->b.start);
    }
    loop_begin(g);
    x86_alu_mi(&g->b, 4, X86_CMP, env_field(offsetof(CPUCommon, exit_request)), 0);
    add_stub(g, x86_jcc_rel32(&g->b, X86_CC_NE), TB_EXIT_NOCHAIN, tb->vpc);
    g->stub[g->n_stub - 1].wb_loop = g->self_loop;
    if (xb->be.slice_checks) {
        x86_alu_rm(&g->b, 8, X86_CMP, X86_ICOUNT, env_field(offsetof(CPUCommon, slice_end)));
        add_stub(g, x86_jcc_rel32(&g->b, X86_CC_AE), TB_EXIT_NOCHAIN, tb->vpc);
        g->stub[g->n_stub - 1].wb_loop = g->self_loop;
    }
    bool ended = false;
    for (int i = 0; i < ir->n_ops && !g->b.overflow; i++) {
        const IrOp *op = &ir->ops[i];
        g->op_i = i;
        g->locked = 0;
        if (op->opc == IR_ld_env) {
            int n = try_env_add(g, op);
            if (n) {
                i += n - 1;
                continue;
            }
        }
        gen_op(g, op);
        if (ir_op_defs[op->opc].flags & IR_F_END) {
            ended = true;
            break;
        }
    }
    if (!ended) {   /* malformed block: leave to the loop at the last pc */
        x86_ra_writeback(g, false);
        x86_store_imm64(g, env_field(offsetof(CPUCommon, pc)), g->pc);
        ret_to_loop(g, TB_EXIT_NOCHAIN);
    }
    x86_gen_slow_paths(g);
    x86_gen_fp_slow_paths(g);
    gen_stubs(g);
    if (g->b.overflow)
        return false;
    uint32_t head = g->self_loop ? (uint32_t)g->loop.head : 0;
    memcpy(start - X86_LOOP_HDR, &head, sizeof head);
    tb->code = start;
    tb->code_size = (uint32_t)(g->b.ptr - start);
    xb->ptr = g->b.ptr;
    return true;
}
