/* SPDX-License-Identifier: MIT */
/* RISC-V front end: the block loop of CpuClass.translate (fetch through tr_fetch16, RVC
   expansion, dispatch on the major opcode of ISA manual vol. I "RV32/64G Instruction Set
   Listings"), the instruction counter update and the IR globals of the hart registers. */
#include <stddef.h>

#include "cpu/riscv/cpu.h"
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/trans.h"

#define XG(i, n) { n, (uint32_t)offsetof(RVCPU, x[i]) }
#define FG(i, n) { n, (uint32_t)offsetof(RVCPU, f[i]) }
const IrGlobalDesc rv_ir_globals[RV_N_GLOBALS] = {
    XG(1, "ra"), XG(2, "sp"), XG(3, "gp"), XG(4, "tp"), XG(5, "t0"), XG(6, "t1"), XG(7, "t2"),
    XG(8, "s0"), XG(9, "s1"), XG(10, "a0"), XG(11, "a1"), XG(12, "a2"), XG(13, "a3"),
    XG(14, "a4"), XG(15, "a5"), XG(16, "a6"), XG(17, "a7"), XG(18, "s2"), XG(19, "s3"),
    XG(20, "s4"), XG(21, "s5"), XG(22, "s6"), XG(23, "s7"), XG(24, "s8"), XG(25, "s9"),
    XG(26, "s10"), XG(27, "s11"), XG(28, "t3"), XG(29, "t4"), XG(30, "t5"), XG(31, "t6"),
    FG(0, "ft0"), FG(1, "ft1"), FG(2, "ft2"), FG(3, "ft3"), FG(4, "ft4"), FG(5, "ft5"),
    FG(6, "ft6"), FG(7, "ft7"), FG(8, "fs0"), FG(9, "fs1"), FG(10, "fa0"), FG(11, "fa1"),
    FG(12, "fa2"), FG(13, "fa3"), FG(14, "fa4"), FG(15, "fa5"), FG(16, "fa6"), FG(17, "fa7"),
    FG(18, "fs2"), FG(19, "fs3"), FG(20, "fs4"), FG(21, "fs5"), FG(22, "fs6"), FG(23, "fs7"),
    FG(24, "fs8"), FG(25, "fs9"), FG(26, "fs10"), FG(27, "fs11"), FG(28, "ft8"),
    FG(29, "ft9"), FG(30, "ft10"), FG(31, "ft11"),
};

IrVal rvd_gpr(RVDisas *d, unsigned r)
{
    return r ? rv_gpr_val((int)r) : ir_const(d->b, 0);
}

IrVal rvd_gpr_dst(RVDisas *d, unsigned r)
{
    return r ? rv_gpr_val((int)r) : ir_temp(d->b);
}

IrVal rvd_const(RVDisas *d, int64_t v)
{
    return ir_const(d->b, v);
}

IrVal rvd_temp(RVDisas *d)
{
    return ir_temp(d->b);
}

void rvd_exit_next(RVDisas *d)
{
    ir_exit(d->b, ir_const(d->b, (int64_t)(d->pc + (uint64_t)d->len)));
    d->ended = true;
}

void rvd_goto_next(RVDisas *d)
{
    ir_goto_ptr(d->b, ir_const(d->b, (int64_t)(d->pc + (uint64_t)d->len)));
    d->ended = true;
}

void rvd_illegal(RVDisas *d)
{
    IrVal z = ir_const(d->b, 0);
    IR_CALL(d->b, helper_illegal, IR_CALL_TRAPS | IR_CALL_ENDS_TB, IR_NONE,
            ir_const(d->b, d->raw), z, z, z);
    ir_exit(d->b, ir_const(d->b, (int64_t)d->pc));
    d->ended = true;
    d->no_retire = true;
}

static bool rv_dispatch(RVDisas *d)
{
    switch ((d->insn >> 2) & 0x1f) {
    case 0x00: return rv_trans_load(d);
    case 0x01: return rv_trans_fp_load(d);
    case 0x03: return rv_trans_misc_mem(d);
    case 0x04: return rv_trans_op_imm(d);
    case 0x05: return rv_trans_auipc(d);
    case 0x06: return rv_trans_op_imm32(d);
    case 0x08: return rv_trans_store(d);
    case 0x09: return rv_trans_fp_store(d);
    case 0x0b: return rv_trans_amo(d);
    case 0x0c: return rv_trans_op(d);
    case 0x0d: return rv_trans_lui(d);
    case 0x0e: return rv_trans_op32(d);
    case 0x10: case 0x11: case 0x12: case 0x13: return rv_trans_fp_fma(d);
    case 0x14: return rv_trans_fp_op(d);
    case 0x18: return rv_trans_branch(d);
    case 0x19: return rv_trans_jalr(d);
    case 0x1b: return rv_trans_jal(d);
    case 0x1c: return rv_trans_system(d);
    default: return false;
    }
}

static void rv_translate_insn(RVDisas *d, uint16_t lo, uint16_t hi)
{
    d->ended = false;
    d->no_retire = false;
    if ((lo & 3) != 3) {
        d->len = 2;
        d->raw = lo;
        d->insn = rvd_has(d, RV_EXT_C) ? rv_expand_rvc(lo) : 0;
        if (!d->insn) {
            rvd_illegal(d);
            return;
        }
    } else {
        d->len = 4;
        d->raw = d->insn = (uint32_t)lo | ((uint32_t)hi << 16);
    }
    if (!rv_dispatch(d))
        rvd_illegal(d);
}

void rv_translate(CPUCommon *env, TranslateCtx *ctx, IrBlock *b)
{
    const RVCpuConfig *cfg = &rv_cpu(env)->cfg;
    ir_block_reset(b, rv_ir_globals, RV_N_GLOBALS, ctx->vpc);

    RVDisas d = {
        .b = b,
        .mmu_idx = (unsigned)((ctx->flags & RV_TBF_MMU_MASK) >> RV_TBF_MMU_SHIFT),
        .fs = (unsigned)((ctx->flags & RV_TBF_FS_MASK) >> RV_TBF_FS_SHIFT),
        .frm = (unsigned)((ctx->flags & RV_TBF_FRM_MASK) >> RV_TBF_FRM_SHIFT),
        .ext = cfg->ext,
    };
    if (!rv_has(cfg, RV_EXT_F))
        d.fs = 0;                       /* no F: every FP instruction is illegal */
    const uint64_t page_end = (ctx->vpc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
    const int max_insns = ctx->max_insns > 0 ? ctx->max_insns : 1;

    /* insn_count += <instructions of this block>, patched in once the block is known. */
    const int64_t cnt_off = (int64_t)offsetof(CPUCommon, insn_count);
    IrVal cnt_old = ir_temp(b), cnt_new = ir_temp(b);
    ir_emit(b, IR_ld_env, cnt_old, IR_NONE, IR_NONE, cnt_off);
    int cnt_op = (int)(ir_op2(b, IR_add, cnt_new, cnt_old, ir_const(b, 0)) - b->ops);
    ir_emit(b, IR_st_env, IR_NONE, cnt_new, IR_NONE, cnt_off);

    uint64_t pc = ctx->vpc;
    for (;;) {
        uint16_t lo, hi = 0;
        if (b->n_insns >= max_insns || pc >= page_end || !tr_fetch16(ctx, b, pc, &lo) ||
            ((lo & 3) == 3 && !tr_fetch16(ctx, b, pc + 2, &hi))) {
            ir_goto_tb(b, pc, 0);
            break;
        }
        ir_insn_start(b, pc);
        d.pc = pc;
        rv_translate_insn(&d, lo, hi);
        b->n_insns++;
        pc += (uint64_t)d.len;
        if (d.ended)
            break;
    }

    int retired = b->n_insns - (d.no_retire ? 1 : 0);
    b->ops[cnt_op].in[1] = ir_const(b, retired);
}
