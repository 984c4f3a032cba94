/* SPDX-License-Identifier: MIT */
/* RV64I base integer instructions (ISA manual vol. I, "RV32I Base Integer Instruction Set"
   and "RV64I"): ALU ops as plain IR, loads/stores as ir_ld/ir_st in the data MMU index,
   control transfers ending the block. M and Zba/Zbb/Zbs encodings are handed on. */
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/trans.h"
#include "translate/exclusive.h"

bool rv_trans_lui(RVDisas *d)
{
    ir_op1(d->b, IR_mov, rvd_gpr_dst(d, rv_f_rd(d->insn)), rvd_const(d, rv_imm_u(d->insn)));
    return true;
}

bool rv_trans_auipc(RVDisas *d)
{
    ir_op1(d->b, IR_mov, rvd_gpr_dst(d, rv_f_rd(d->insn)),
           rvd_const(d, (int64_t)(d->pc + (uint64_t)rv_imm_u(d->insn))));
    return true;
}

/* Without C, IALIGN = 32: a taken jump or branch to a target that is not 4-byte aligned
   raises instruction-address-misaligned on the jump (mtval = target). */
static void raise_misaligned(RVDisas *d, IrVal target)
{
    IrVal z = rvd_const(d, 0);
    IR_CALL(d->b, helper_raise, IR_CALL_TRAPS | IR_CALL_ENDS_TB, IR_NONE,
            rvd_const(d, RV_EXC_INSN_MISALIGNED), target, z, z);
    ir_exit(d->b, rvd_const(d, (int64_t)d->pc));
    d->ended = true;
    d->no_retire = true;
}

static bool misaligned_target(RVDisas *d, uint64_t target)
{
    return !rvd_has(d, RV_EXT_C) && (target & 2);
}

bool rv_trans_jal(RVDisas *d)
{
    unsigned rd = rv_f_rd(d->insn);
    uint64_t target = d->pc + (uint64_t)rv_imm_j(d->insn);
    if (misaligned_target(d, target)) {
        raise_misaligned(d, rvd_const(d, (int64_t)target));
        return true;
    }
    if (rd)
        ir_op1(d->b, IR_mov, rv_gpr_val((int)rd), rvd_const(d, (int64_t)(d->pc + (uint64_t)d->len)));
    ir_goto_tb(d->b, d->pc + (uint64_t)rv_imm_j(d->insn), 0);
    d->ended = true;
    return true;
}

bool rv_trans_jalr(RVDisas *d)
{
    uint32_t i = d->insn;
    if (rv_f_funct3(i) != 0)
        return false;
    /* The target is computed before rd is written: rd may equal rs1. */
    IrVal sum = rvd_temp(d), tgt = rvd_temp(d);
    ir_op2(d->b, IR_add, sum, rvd_gpr(d, rv_f_rs1(i)), rvd_const(d, rv_imm_i(i)));
    ir_op2(d->b, IR_and, tgt, sum, rvd_const(d, -2));
    if (!rvd_has(d, RV_EXT_C)) {
        IrVal z = rvd_const(d, 0);
        IR_CALL(d->b, helper_check_ialign, IR_CALL_TRAPS, IR_NONE, tgt, z, z, z);
    }
    unsigned rd = rv_f_rd(i);
    if (rd)
        ir_op1(d->b, IR_mov, rv_gpr_val((int)rd), rvd_const(d, (int64_t)(d->pc + (uint64_t)d->len)));
    ir_goto_ptr(d->b, tgt);
    d->ended = true;
    return true;
}

bool rv_trans_branch(RVDisas *d)
{
    static const int8_t conds[8] = { IR_EQ, IR_NE, -1, -1, IR_LT, IR_GE, IR_LTU, IR_GEU };
    uint32_t i = d->insn;
    int c = conds[rv_f_funct3(i)];
    if (c < 0)
        return false;
    uint64_t target = d->pc + (uint64_t)rv_imm_b(i);
    if (misaligned_target(d, target)) {
        /* not taken: on to the next instruction; taken: the fault */
        static const uint8_t inverse[8] = { IR_NE, IR_EQ, 0, 0, IR_GE, IR_LT, IR_GEU, IR_LTU };
        ir_brcond(d->b, (IrCond)inverse[rv_f_funct3(i)], rvd_gpr(d, rv_f_rs1(i)),
                  rvd_gpr(d, rv_f_rs2(i)), d->pc + (uint64_t)d->len, 0);
        raise_misaligned(d, rvd_const(d, (int64_t)target));
        d->no_retire = false;          /* the not-taken path retires it */
        return true;
    }
    ir_brcond(d->b, (IrCond)c, rvd_gpr(d, rv_f_rs1(i)), rvd_gpr(d, rv_f_rs2(i)),
              d->pc + (uint64_t)rv_imm_b(i), 0);
    ir_goto_tb(d->b, d->pc + (uint64_t)d->len, 1);
    d->ended = true;
    return true;
}

bool rv_trans_load(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i);
    if (f3 == 7)
        return false;
    unsigned lg = f3 & 3;
    ir_ld(d->b, rvd_gpr_dst(d, rv_f_rd(i)), rvd_gpr(d, rv_f_rs1(i)), rv_imm_i(i),
          IR_MEMOP(lg, !(f3 & 4) && lg != 3, d->mmu_idx));
    return true;
}

bool rv_trans_store(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i);
    if (f3 > 3)
        return false;
    ir_st(d->b, rvd_gpr(d, rv_f_rs1(i)), rv_imm_s(i), rvd_gpr(d, rv_f_rs2(i)),
          IR_MEMOP(f3, 0, d->mmu_idx));
    return true;
}

bool rv_trans_misc_mem(RVDisas *d)
{
    switch (rv_f_funct3(d->insn)) {
    case 0: {
        /* fence (docs/smp.md): translated code keeps guest accesses in program order
           and x86-TSO orders everything but an earlier store before a later load. So only a
           fence whose predecessor set has W and successor set has R needs a host barrier
           (fence rw,rw, fence w,r...; not fence.tso, not pause), and only when other harts
           run in parallel threads. */
        uint32_t i = d->insn;
        bool pred_w = (i >> 24) & 1, succ_r = (i >> 21) & 1, tso = (i >> 28) == 8;
        if (pred_w && succ_r && !tso && exclusive_enabled())
            IR_CALL(d->b, helper_fence, 0, IR_NONE, rvd_const(d, 0), rvd_const(d, 0),
                    rvd_const(d, 0), rvd_const(d, 0));
        return true;
    }
    case 1:
        if (!rvd_has(d, RV_EXT_ZIFENCEI))
            return false;
        /* fence.i: stores already invalidated overlapping TBs; end the block so that the
           following instruction is looked up afresh (a dropped TB is no jump-cache hit). */
        rvd_goto_next(d);
        return true;
    default:
        return false;
    }
}

bool rv_trans_op_imm(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    IrVal rd = rvd_gpr_dst(d, rv_f_rd(i)), s1 = rvd_gpr(d, rv_f_rs1(i));
    int64_t imm = rv_imm_i(i);
    unsigned funct6 = i >> 26, shamt = (i >> 20) & 63;

    switch (rv_f_funct3(i)) {
    case 0: ir_op2(b, IR_add, rd, s1, rvd_const(d, imm)); return true;
    case 2: ir_setcond(b, IR_LT, rd, s1, rvd_const(d, imm)); return true;
    case 3: ir_setcond(b, IR_LTU, rd, s1, rvd_const(d, imm)); return true;
    case 4: ir_op2(b, IR_xor, rd, s1, rvd_const(d, imm)); return true;
    case 6: ir_op2(b, IR_or, rd, s1, rvd_const(d, imm)); return true;
    case 7: ir_op2(b, IR_and, rd, s1, rvd_const(d, imm)); return true;
    case 1:
        if (funct6 != 0)
            return rv_trans_bitmanip_imm(d);
        ir_op2(b, IR_shl, rd, s1, rvd_const(d, shamt));
        return true;
    default: /* 5 */
        if (funct6 == 0x00)
            ir_op2(b, IR_shr, rd, s1, rvd_const(d, shamt));
        else if (funct6 == 0x10)
            ir_op2(b, IR_sar, rd, s1, rvd_const(d, shamt));
        else
            return rv_trans_bitmanip_imm(d);
        return true;
    }
}

bool rv_trans_op(RVDisas *d)
{
    static const uint8_t base_ops[8] = { IR_add, IR_shl, 0, 0, IR_xor, IR_shr, IR_or, IR_and };
    uint32_t i = d->insn;
    unsigned f7 = rv_f_funct7(i), f3 = rv_f_funct3(i);

    if (f7 == 0x01)
        return rvd_has(d, RV_EXT_M) && rv_trans_muldiv(d);
    if (!(f7 == 0x00 || (f7 == 0x20 && (f3 == 0 || f3 == 5))))
        return rv_trans_bitmanip_op(d);

    IrVal rd = rvd_gpr_dst(d, rv_f_rd(i));
    IrVal s1 = rvd_gpr(d, rv_f_rs1(i)), s2 = rvd_gpr(d, rv_f_rs2(i));
    if (f3 == 2 || f3 == 3) {
        ir_setcond(d->b, f3 == 2 ? IR_LT : IR_LTU, rd, s1, s2);
        return true;
    }
    IrOpc op = (IrOpc)base_ops[f3];
    if (f7 == 0x20)
        op = f3 == 0 ? IR_sub : IR_sar;
    ir_op2(d->b, op, rd, s1, s2);
    return true;
}

bool rv_trans_op_imm32(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    unsigned f3 = rv_f_funct3(i), f7 = rv_f_funct7(i), shamt = (i >> 20) & 31;
    IrVal s1 = rvd_gpr(d, rv_f_rs1(i));
    IrVal t = IR_NONE;

    if (f3 == 0) {
        t = rvd_temp(d);
        ir_op2(b, IR_add, t, s1, rvd_const(d, rv_imm_i(i)));
    } else if (f3 == 1 && f7 == 0x00) {
        t = rvd_temp(d);
        ir_op2(b, IR_shl, t, s1, rvd_const(d, shamt));
    } else if (f3 == 5 && f7 == 0x00) {
        IrVal z = rvd_temp(d);
        ir_op1(b, IR_ext32u, z, s1);
        if (shamt) {
            /* The result has bit 31 clear: no sign extension needed. */
            ir_op2(b, IR_shr, rvd_gpr_dst(d, rv_f_rd(i)), z, rvd_const(d, shamt));
            return true;
        }
        t = z;
    } else if (f3 == 5 && f7 == 0x20) {
        t = rvd_temp(d);
        ir_op1(b, IR_ext32s, t, s1);
        ir_op2(b, IR_sar, rvd_gpr_dst(d, rv_f_rd(i)), t, rvd_const(d, shamt));
        return true;
    } else {
        return rv_trans_bitmanip_imm32(d);
    }
    ir_op1(b, IR_ext32s, rvd_gpr_dst(d, rv_f_rd(i)), t);
    return true;
}

bool rv_trans_op32(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    unsigned f3 = rv_f_funct3(i), f7 = rv_f_funct7(i);

    if (f7 == 0x01)
        return rvd_has(d, RV_EXT_M) && rv_trans_muldiv32(d);
    bool base = (f7 == 0x00 && (f3 == 0 || f3 == 1 || f3 == 5)) ||
                (f7 == 0x20 && (f3 == 0 || f3 == 5));
    if (!base)
        return rv_trans_bitmanip_op32(d);

    IrVal s1 = rvd_gpr(d, rv_f_rs1(i)), s2 = rvd_gpr(d, rv_f_rs2(i));
    IrVal rd = rvd_gpr_dst(d, rv_f_rd(i));
    IrVal t = rvd_temp(d);
    if (f3 == 0) {
        ir_op2(b, f7 ? IR_sub : IR_add, t, s1, s2);
        ir_op1(b, IR_ext32s, rd, t);
        return true;
    }
    /* Shift counts are 5 bits here while IR shifts take them modulo 64. */
    IrVal cnt = rvd_temp(d);
    ir_op2(b, IR_and, cnt, s2, rvd_const(d, 31));
    if (f3 == 1) {
        ir_op2(b, IR_shl, t, s1, cnt);
        ir_op1(b, IR_ext32s, rd, t);
    } else if (f7 == 0x00) {
        IrVal u = rvd_temp(d);
        ir_op1(b, IR_ext32u, t, s1);
        ir_op2(b, IR_shr, u, t, cnt);
        ir_op1(b, IR_ext32s, rd, u);
    } else {
        ir_op1(b, IR_ext32s, t, s1);
        ir_op2(b, IR_sar, rd, t, cnt);
    }
    return true;
}
