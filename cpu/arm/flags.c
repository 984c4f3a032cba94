/* SPDX-License-Identifier: MIT */
/* NZCV in IR (Arm ARM J1, AddWithCarry and ConditionHolds). The flags live in four globals
   in the form that costs the fewest IR ops to produce (see ARMCPU): every flag-setting
   instruction computes them explicitly into temps and moves them into the globals, and the
   optimizer drops the moves (then the temps) that a later flag write in the same block makes
   dead, so a compare whose flags only feed the block's own B.cond costs its compare alone. */
#include "cpu/arm/trans.h"

static void set_flags(A64Disas *d, IrVal nz, IrVal c, IrVal v)
{
    ir_op1(d->b, IR_mov, ARM_G_NF, nz);
    ir_op1(d->b, IR_mov, ARM_G_ZF, nz);
    ir_op1(d->b, IR_mov, ARM_G_CF, c);
    ir_op1(d->b, IR_mov, ARM_G_VF, v);
}

IrVal a64_add_flags(A64Disas *d, IrVal a, IrVal c, bool sf, bool set)
{
    if (!set)
        return a64_op2(d, IR_add, a, c);
    if (sf) {
        IrVal r = a64_op2(d, IR_add, a, c);
        IrVal cf = a64_temp(d);
        ir_setcond(d->b, IR_LTU, cf, r, a);
        IrVal v = a64_op2(d, IR_andn, a64_op2(d, IR_xor, r, a), a64_op2(d, IR_xor, a, c));
        set_flags(d, r, cf, v);
        return r;
    }
    IrVal a32 = a64_op1(d, IR_ext32u, a), c32 = a64_op1(d, IR_ext32u, c);
    IrVal s = a64_op2(d, IR_add, a32, c32);
    IrVal v = a64_op2(d, IR_andn, a64_op2(d, IR_xor, s, a32), a64_op2(d, IR_xor, a32, c32));
    set_flags(d, a64_op1(d, IR_ext32s, s), a64_op2(d, IR_shr, s, a64_const(d, 32)),
              a64_op2(d, IR_shl, v, a64_const(d, 32)));
    return s;
}

IrVal a64_sub_flags(A64Disas *d, IrVal a, IrVal c, bool sf, bool set)
{
    if (!set)
        return a64_op2(d, IR_sub, a, c);
    if (!sf) {
        a = a64_op1(d, IR_ext32u, a);
        c = a64_op1(d, IR_ext32u, c);
    }
    IrVal r = a64_op2(d, IR_sub, a, c);
    IrVal cf = a64_temp(d);
    ir_setcond(d->b, IR_GEU, cf, a, c);
    IrVal v = a64_op2(d, IR_and, a64_op2(d, IR_xor, r, a), a64_op2(d, IR_xor, a, c));
    if (sf)
        set_flags(d, r, cf, v);
    else
        set_flags(d, a64_op1(d, IR_ext32s, r), cf, a64_op2(d, IR_shl, v, a64_const(d, 32)));
    return r;
}

IrVal a64_adc_flags(A64Disas *d, IrVal a, IrVal c, bool sf, bool set)
{
    if (!set)
        return a64_op2(d, IR_add, a64_op2(d, IR_add, a, c), ARM_G_CF);
    if (sf) {
        /* Carry out of a + C, then out of (a + C) + c: at most one of them happens. */
        IrVal t = a64_op2(d, IR_add, a, ARM_G_CF);
        IrVal c1 = a64_temp(d), c2 = a64_temp(d);
        ir_setcond(d->b, IR_LTU, c1, t, a);
        IrVal r = a64_op2(d, IR_add, t, c);
        ir_setcond(d->b, IR_LTU, c2, r, t);
        IrVal v = a64_op2(d, IR_andn, a64_op2(d, IR_xor, r, a), a64_op2(d, IR_xor, a, c));
        set_flags(d, r, a64_op2(d, IR_or, c1, c2), v);
        return r;
    }
    IrVal a32 = a64_op1(d, IR_ext32u, a), c32 = a64_op1(d, IR_ext32u, c);
    IrVal s = a64_op2(d, IR_add, a64_op2(d, IR_add, a32, c32), ARM_G_CF);
    IrVal v = a64_op2(d, IR_andn, a64_op2(d, IR_xor, s, a32), a64_op2(d, IR_xor, a32, c32));
    set_flags(d, a64_op1(d, IR_ext32s, s), a64_op2(d, IR_shr, s, a64_const(d, 32)),
              a64_op2(d, IR_shl, v, a64_const(d, 32)));
    return s;
}

void a64_logic_flags(A64Disas *d, IrVal res, bool sf)
{
    IrVal z = a64_const(d, 0);
    set_flags(d, sf ? res : a64_op1(d, IR_ext32s, res), z, z);
}

void a64_set_nzcv_imm(A64Disas *d, unsigned nzcv)
{
    ir_op1(d->b, IR_mov, ARM_G_NF, a64_const(d, (nzcv & 8) ? -1 : 0));
    ir_op1(d->b, IR_mov, ARM_G_ZF, a64_const(d, (nzcv & 4) ? 0 : 1));
    ir_op1(d->b, IR_mov, ARM_G_CF, a64_const(d, (nzcv & 2) ? 1 : 0));
    ir_op1(d->b, IR_mov, ARM_G_VF, a64_const(d, (nzcv & 1) ? -1 : 0));
}

A64Cond a64_cond(A64Disas *d, unsigned cond)
{
    IrVal z = a64_const(d, 0);
    A64Cond r = { IR_EQ, z, z };
    switch (cond >> 1) {
    case 0: r = (A64Cond){ IR_EQ, ARM_G_ZF, z }; break;                     /* EQ: Z */
    case 1: r = (A64Cond){ IR_NE, ARM_G_CF, z }; break;                     /* CS: C */
    case 2: r = (A64Cond){ IR_LT, ARM_G_NF, z }; break;                     /* MI: N */
    case 3: r = (A64Cond){ IR_LT, ARM_G_VF, z }; break;                     /* VS: V */
    case 4: {                                                               /* HI: C && !Z */
        IrVal nz = a64_temp(d);
        ir_setcond(d->b, IR_NE, nz, ARM_G_ZF, z);
        r = (A64Cond){ IR_NE, a64_op2(d, IR_and, ARM_G_CF, nz), z };
        break;
    }
    case 5:                                                                 /* GE: N == V */
        r = (A64Cond){ IR_GE, a64_op2(d, IR_xor, ARM_G_NF, ARM_G_VF), z };
        break;
    case 6: {                                                               /* GT: !Z && N == V */
        IrVal nz = a64_temp(d), ge = a64_temp(d);
        ir_setcond(d->b, IR_NE, nz, ARM_G_ZF, z);
        ir_setcond(d->b, IR_GE, ge, a64_op2(d, IR_xor, ARM_G_NF, ARM_G_VF), z);
        r = (A64Cond){ IR_NE, a64_op2(d, IR_and, nz, ge), z };
        break;
    }
    default:                                                                /* AL, NV */
        return r;
    }
    if (cond & 1)
        r.c = ir_cond_invert(r.c);
    return r;
}
