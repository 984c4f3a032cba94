/* SPDX-License-Identifier: MIT */
/* M extension (ISA manual vol. I, "M Extension for Integer Multiplication and Division"): every
   instruction maps to one IR op, whose division semantics already follow RISC-V (no traps). */
#include "cpu/riscv/trans.h"

bool rv_trans_muldiv(RVDisas *d)
{
    static const uint8_t ops[8] = { IR_mul, IR_mulh, IR_mulhsu, IR_mulhu,
                                    IR_div, IR_divu, IR_rem, IR_remu };
    uint32_t i = d->insn;
    ir_op2(d->b, (IrOpc)ops[rv_f_funct3(i)], rvd_gpr_dst(d, rv_f_rd(i)),
           rvd_gpr(d, rv_f_rs1(i)), rvd_gpr(d, rv_f_rs2(i)));
    return true;
}

bool rv_trans_muldiv32(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i);
    IrVal rd, s1, s2;
    if (f3 >= 1 && f3 <= 3)
        return false;
    rd = rvd_gpr_dst(d, rv_f_rd(i));
    s1 = rvd_gpr(d, rv_f_rs1(i));
    s2 = rvd_gpr(d, rv_f_rs2(i));
    switch (f3) {
    case 0: {
        IrVal t = rvd_temp(d);
        ir_op2(d->b, IR_mul, t, s1, s2);
        ir_op1(d->b, IR_ext32s, rd, t);
        return true;
    }
    case 4: ir_op2(d->b, IR_divw, rd, s1, s2); return true;
    case 5: ir_op2(d->b, IR_divuw, rd, s1, s2); return true;
    case 6: ir_op2(d->b, IR_remw, rd, s1, s2); return true;
    default: ir_op2(d->b, IR_remuw, rd, s1, s2); return true;
    }
}
