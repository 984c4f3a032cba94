/* SPDX-License-Identifier: MIT */
/* A64 front end: the block loop of CpuClass.translate (4-byte instructions fetched through
   tr_fetch16), the top-level decode of the Arm ARM (DDI 0487, C4.1 "A64 instruction set
   encoding", op0 = bits 28:25), operand access and the IR globals of the registers. */
#include <stddef.h>

#include "cpu/arm/cpu.h"
#include "cpu/arm/trans.h"
#include "cpu/arm/trans_fp.h"

#define XG(i) { "x" #i, (uint32_t)offsetof(ARMCPU, x[i]) }
const IrGlobalDesc arm_ir_globals[ARM_N_GLOBALS] = {
    XG(0), XG(1), XG(2), XG(3), XG(4), XG(5), XG(6), XG(7), XG(8), XG(9), XG(10), XG(11),
    XG(12), XG(13), XG(14), XG(15), XG(16), XG(17), XG(18), XG(19), XG(20), XG(21), XG(22),
    XG(23), XG(24), XG(25), XG(26), XG(27), XG(28), XG(29), XG(30),
    { "sp", (uint32_t)offsetof(ARMCPU, sp) },
    { "nf", (uint32_t)offsetof(ARMCPU, nf) },
    { "zf", (uint32_t)offsetof(ARMCPU, zf) },
    { "cf", (uint32_t)offsetof(ARMCPU, cf) },
    { "vf", (uint32_t)offsetof(ARMCPU, vf) },
};

IrVal a64_const(A64Disas *d, int64_t v) { return ir_const(d->b, v); }
IrVal a64_temp(A64Disas *d) { return ir_temp(d->b); }

IrVal a64_op1(A64Disas *d, IrOpc op, IrVal a)
{
    IrVal t = ir_temp(d->b);
    ir_op1(d->b, op, t, a);
    return t;
}

IrVal a64_op2(A64Disas *d, IrOpc op, IrVal a, IrVal c)
{
    IrVal t = ir_temp(d->b);
    ir_op2(d->b, op, t, a, c);
    return t;
}

IrVal a64_x(A64Disas *d, unsigned r)
{
    return r == 31 ? ir_const(d->b, 0) : (IrVal)r;
}

IrVal a64_x_sp(A64Disas *d, unsigned r)
{
    (void)d;
    return r == 31 ? (IrVal)ARM_G_SP : (IrVal)r;
}

static void set_reg(A64Disas *d, IrVal g, IrVal v, bool sf)
{
    ir_op1(d->b, sf ? IR_mov : IR_ext32u, g, v);
}

void a64_set_x(A64Disas *d, unsigned r, IrVal v, bool sf)
{
    if (r != 31)
        set_reg(d, (IrVal)r, v, sf);
}

void a64_set_x_sp(A64Disas *d, unsigned r, IrVal v, bool sf)
{
    set_reg(d, r == 31 ? (IrVal)ARM_G_SP : (IrVal)r, v, sf);
}

void a64_undef(A64Disas *d)
{
    IrVal z = ir_const(d->b, 0);
    IR_CALL(d->b, arm_helper_exception, IR_CALL_TRAPS | IR_CALL_ENDS_TB, IR_NONE,
            ir_const(d->b, ARM_EXCP_UDEF), ir_const(d->b, d->insn), z, z);
    ir_exit(d->b, ir_const(d->b, (int64_t)d->pc));
    d->ended = true;
    d->no_retire = true;
}

static bool a64_dispatch(A64Disas *d)
{
    uint32_t op0 = a64_bits(d->insn, 28, 25);
    if ((op0 & 0xe) == 0x8)
        return a64_trans_dp_imm(d);
    if ((op0 & 0xe) == 0xa)
        return a64_trans_fp_sysreg(d) || a64_trans_branch_sys(d);
    if ((op0 & 0x5) == 0x4)   /* V (bit 26) = 1: SIMD&FP registers (trans_fp.c) */
        return (op0 & 0x2) ? a64_trans_fp_ldst(d) : a64_trans_ldst(d);
    if ((op0 & 0x7) == 0x5)
        return a64_trans_dp_reg(d);
    if ((op0 & 0x7) == 0x7)
        return a64_trans_fp(d);
    return false;   /* reserved, SME, SVE: not implemented */
}

void arm_translate(CPUCommon *env, TranslateCtx *ctx, IrBlock *b)
{
    (void)env;
    ir_block_reset(b, arm_ir_globals, ARM_N_GLOBALS, ctx->vpc);

    A64Disas d = { .b = b, .mmu_idx = arm_tbf_data_mmu(ctx->flags) };
    const uint64_t page_end = (ctx->vpc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
    const int max_insns = ctx->max_insns > 0 ? ctx->max_insns : 1;

    /* insn_count += <instructions of this block>, patched in once the block is known. */
    const int64_t cnt_off = (int64_t)offsetof(CPUCommon, insn_count);
    IrVal cnt_old = ir_temp(b), cnt_new = ir_temp(b);
    ir_emit(b, IR_ld_env, cnt_old, IR_NONE, IR_NONE, cnt_off);
    int cnt_op = (int)(ir_op2(b, IR_add, cnt_new, cnt_old, ir_const(b, 0)) - b->ops);
    ir_emit(b, IR_st_env, IR_NONE, cnt_new, IR_NONE, cnt_off);

    /* A branch to a misaligned address faults where the next instruction would be fetched
       (PC alignment fault, Arm ARM D1.3.5.5): nothing is fetched there. */
    if (ctx->vpc & 3) {
        IrVal z = ir_const(b, 0);
        ir_insn_start(b, ctx->vpc);
        IR_CALL(b, arm_helper_exception, IR_CALL_TRAPS | IR_CALL_ENDS_TB, IR_NONE,
                ir_const(b, ARM_EXCP_PC_ALIGN), ir_const(b, (int64_t)ctx->vpc), z, z);
        ir_exit(b, ir_const(b, (int64_t)ctx->vpc));
        b->n_insns = 1;
        return;   /* the count stays + 0: nothing retires */
    }

    /* A64 code is 4-byte aligned, so a block never straddles a page: it ends at page_end. */
    uint64_t pc = ctx->vpc;
    for (;;) {
        uint16_t lo, hi;
        if (b->n_insns >= max_insns || pc >= page_end || !tr_fetch16(ctx, b, pc, &lo) ||
            !tr_fetch16(ctx, b, pc + 2, &hi)) {
            ir_goto_tb(b, pc, 0);
            break;
        }
        ir_insn_start(b, pc);
        d.pc = pc;
        d.insn = (uint32_t)lo | ((uint32_t)hi << 16);
        d.ended = d.no_retire = false;
        if (!a64_dispatch(&d))
            a64_undef(&d);
        b->n_insns++;
        pc += 4;
        if (d.ended)
            break;
    }

    int retired = b->n_insns - (d.no_retire ? 1 : 0);
    b->ops[cnt_op].in[1] = ir_const(b, retired);
}
