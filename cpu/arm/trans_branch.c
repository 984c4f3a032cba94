/* SPDX-License-Identifier: MIT */
/* A64 "Branches, Exception Generating and System instructions" (Arm ARM DDI 0487, C4.1.87):
   B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET, and of the system space the hints (NOP,
   YIELD, WFE, WFI, SEV and the PAC/BTI hint space run as NOPs at this stage), the barriers
   (DMB and DSB are no-ops on one CPU; ISB ends the block) and MRS/MSR NZCV. */
#include <stddef.h>

#include "cpu/arm/trans.h"

static bool trans_b(A64Disas *d)
{
    uint64_t target = d->pc + (uint64_t)(a64_sbits(d->insn, 25, 0) * 4);
    if (d->insn >> 31)   /* BL */
        ir_op1(d->b, IR_mov, 30, a64_const(d, (int64_t)(d->pc + 4)));
    ir_goto_tb(d->b, target, 0);
    d->ended = true;
    return true;
}

static void branch_cond(A64Disas *d, IrCond c, IrVal x, IrVal y, int64_t off)
{
    ir_brcond(d->b, c, x, y, d->pc + (uint64_t)off, 0);
    ir_goto_tb(d->b, d->pc + 4, 1);
    d->ended = true;
}

static bool trans_bcond(A64Disas *d)
{
    uint32_t i = d->insn;
    if ((i >> 4) & 1)    /* BC.cond (FEAT_HBC) */
        return false;
    unsigned cond = a64_bits(i, 3, 0);
    int64_t off = a64_sbits(i, 23, 5) * 4;
    if (cond >= 14) {    /* AL, NV: always */
        ir_goto_tb(d->b, d->pc + (uint64_t)off, 0);
        d->ended = true;
        return true;
    }
    A64Cond c = a64_cond(d, cond);
    branch_cond(d, c.c, c.x, c.y, off);
    return true;
}

static bool trans_cbz(A64Disas *d)
{
    uint32_t i = d->insn;
    IrVal t = a64_x(d, a64_bits(i, 4, 0));
    if (!(i >> 31))
        t = a64_op1(d, IR_ext32u, t);
    branch_cond(d, ((i >> 24) & 1) ? IR_NE : IR_EQ, t, a64_const(d, 0), a64_sbits(i, 23, 5) * 4);
    return true;
}

static bool trans_tbz(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned bit = ((i >> 31) << 5) | a64_bits(i, 23, 19);
    IrVal t = a64_op2(d, IR_and, a64_x(d, a64_bits(i, 4, 0)), a64_const(d, (int64_t)(1ull << bit)));
    branch_cond(d, ((i >> 24) & 1) ? IR_NE : IR_EQ, t, a64_const(d, 0), a64_sbits(i, 18, 5) * 4);
    return true;
}

static bool trans_br_reg(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 24, 21);
    if (a64_bits(i, 20, 16) != 31 || a64_bits(i, 15, 10) != 0 || a64_bits(i, 4, 0) != 0 || opc > 2)
        return false;    /* ERET, DRPS and the pointer-authenticating forms: not implemented */
    /* The target is read before BLR writes X30: Rn may be X30. */
    IrVal t = a64_op1(d, IR_mov, a64_x(d, a64_bits(i, 9, 5)));
    if (opc == 1)
        ir_op1(d->b, IR_mov, 30, a64_const(d, (int64_t)(d->pc + 4)));
    ir_goto_ptr(d->b, t);
    d->ended = true;
    return true;
}

/* MRS Xt, NZCV: the flags as bits 31:28. */
static void read_nzcv(A64Disas *d, unsigned rt)
{
    IrVal k63 = a64_const(d, 63), z = a64_temp(d);
    IrVal n = a64_op2(d, IR_shl, a64_op2(d, IR_shr, ARM_G_NF, k63), a64_const(d, 31));
    ir_setcond(d->b, IR_EQ, z, ARM_G_ZF, a64_const(d, 0));
    IrVal nz = a64_op2(d, IR_or, n, a64_op2(d, IR_shl, z, a64_const(d, 30)));
    IrVal c = a64_op2(d, IR_shl, ARM_G_CF, a64_const(d, 29));
    IrVal v = a64_op2(d, IR_shl, a64_op2(d, IR_shr, ARM_G_VF, k63), a64_const(d, 28));
    a64_set_x(d, rt, a64_op2(d, IR_or, nz, a64_op2(d, IR_or, c, v)), true);
}

/* MSR NZCV, Xt. */
static void write_nzcv(A64Disas *d, unsigned rt)
{
    IrVal x = a64_x(d, rt), one = a64_const(d, 1);
    IrVal n = a64_op2(d, IR_sar, a64_op2(d, IR_shl, x, a64_const(d, 32)), a64_const(d, 63));
    IrVal z =
        a64_op2(d, IR_xor, a64_op2(d, IR_and, a64_op2(d, IR_shr, x, a64_const(d, 30)), one), one);
    IrVal c = a64_op2(d, IR_and, a64_op2(d, IR_shr, x, a64_const(d, 29)), one);
    IrVal v = a64_op2(d, IR_sar, a64_op2(d, IR_shl, x, a64_const(d, 35)), a64_const(d, 63));
    ir_op1(d->b, IR_mov, ARM_G_NF, n);
    ir_op1(d->b, IR_mov, ARM_G_ZF, z);
    ir_op1(d->b, IR_mov, ARM_G_CF, c);
    ir_op1(d->b, IR_mov, ARM_G_VF, v);
}

static bool trans_system(A64Disas *d)
{
    uint32_t i = d->insn;
    if (i == 0xd503207f || i == 0xd503205f)   /* WFI, WFE */
        return a64_trans_sys_el(d);
    if ((i & 0xfffff01f) == 0xd503201f)   /* HINT #imm */
        return true;
    if ((i & 0xfffff01f) == 0xd503301f) { /* barriers: CRm = option, op2 */
        switch (a64_bits(i, 7, 5)) {
        case 2:                           /* CLREX */
            ir_emit(d->b, IR_st_env, IR_NONE, a64_const(d, (int64_t)ARM_EXCL_NONE), IR_NONE,
                    (int64_t)offsetof(ARMCPU, excl_addr));
            return true;
        case 4: case 5: return true;      /* DSB, DMB */
        case 6:                           /* ISB: later code is fetched afresh */
            ir_goto_ptr(d->b, a64_const(d, (int64_t)(d->pc + 4)));
            d->ended = true;
            return true;
        default: return false;
        }
    }
    if (i == 0xd500401f) {                /* CFINV */
        ir_op2(d->b, IR_xor, ARM_G_CF, ARM_G_CF, a64_const(d, 1));
        return true;
    }
    if (i == 0xd500405f) {                /* AXFLAG: Z |= V, C &= !V, N = V = 0 */
        IrVal z = a64_const(d, 0), v = a64_op2(d, IR_shr, ARM_G_VF, a64_const(d, 63));
        ir_movcond(d->b, IR_NE, ARM_G_ZF, v, z, z, ARM_G_ZF);
        ir_op2(d->b, IR_andn, ARM_G_CF, ARM_G_CF, v);
        ir_op1(d->b, IR_mov, ARM_G_NF, z);
        ir_op1(d->b, IR_mov, ARM_G_VF, z);
        return true;
    }
    if (i == 0xd500403f) {                /* XAFLAG */
        IrVal one = a64_const(d, 1), zb = a64_temp(d);
        ir_setcond(d->b, IR_EQ, zb, ARM_G_ZF, a64_const(d, 0));
        IrVal c = a64_op1(d, IR_mov, ARM_G_CF), nc = a64_op2(d, IR_xor, c, one);
        IrVal nz = a64_op2(d, IR_xor, zb, one);
        ir_op1(d->b, IR_neg, ARM_G_NF, a64_op2(d, IR_and, nc, nz));   /* N = !C && !Z */
        ir_op2(d->b, IR_xor, ARM_G_ZF, a64_op2(d, IR_and, zb, c), one); /* Z = Z && C */
        ir_op2(d->b, IR_or, ARM_G_CF, c, zb);                          /* C = C || Z */
        ir_op1(d->b, IR_neg, ARM_G_VF, a64_op2(d, IR_and, nc, zb));   /* V = !C && Z */
        return true;
    }
    if ((i & 0xffffffc0) == 0xd53bd040) { /* MRS Xt, TPIDR_EL0 / TPIDRRO_EL0 */
        IrVal t = a64_temp(d);
        ir_emit(d->b, IR_ld_env, t, IR_NONE, IR_NONE, (int64_t)((i & 0x20)
                ? offsetof(ARMCPU, tpidrro_el0) : offsetof(ARMCPU, tpidr_el0)));
        a64_set_x(d, a64_bits(i, 4, 0), t, true);
        return true;
    }
    if ((i & 0xffffffe0) == 0xd51bd040) { /* MSR TPIDR_EL0, Xt */
        ir_emit(d->b, IR_st_env, IR_NONE, a64_x(d, a64_bits(i, 4, 0)), IR_NONE,
                (int64_t)offsetof(ARMCPU, tpidr_el0));
        return true;
    }
    if ((i & 0xffffffe0) == 0xd53b4200) { /* MRS Xt, NZCV */
        read_nzcv(d, a64_bits(i, 4, 0));
        return true;
    }
    if ((i & 0xffffffe0) == 0xd51b4200) { /* MSR NZCV, Xt */
        write_nzcv(d, a64_bits(i, 4, 0));
        return true;
    }
    return a64_trans_sys_el(d);   /* MSR (immediate), other system registers, SYS */
}

bool a64_trans_branch_sys(A64Disas *d)
{
    uint32_t i = d->insn;
    if ((i & 0x7c000000) == 0x14000000)
        return trans_b(d);
    if ((i & 0x7e000000) == 0x34000000)
        return trans_cbz(d);
    if ((i & 0x7e000000) == 0x36000000)
        return trans_tbz(d);
    if ((i & 0xff000000) == 0x54000000)
        return trans_bcond(d);
    if (i == 0xd69f03e0 || (i & 0xff000000) == 0xd4000000)
        return a64_trans_sys_el(d);      /* ERET; SVC, HVC, SMC, BRK, HLT */
    if ((i & 0xfe000000) == 0xd6000000)
        return trans_br_reg(d);
    if ((i & 0xffc00000) == 0xd5000000)
        return trans_system(d);
    return false;
}
