/* SPDX-License-Identifier: MIT */
/* A extension (ISA manual vol. I, "A Extension for Atomic Instructions"): LR/SC and AMOs as
   calls to amo.c. aq/rl need nothing more: the helpers use sequentially consistent host
   atomics and translated code does not reorder guest memory accesses. */
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/trans.h"

bool rv_trans_amo(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i), funct5 = i >> 27, rd = rv_f_rd(i);
    if ((f3 != 2 && f3 != 3) || !rvd_has(d, RV_EXT_A))
        return false;
    switch (funct5) {
    case 0x02: case 0x03: case 0x00: case 0x01: case 0x04: case 0x08: case 0x0c:
    case 0x10: case 0x14: case 0x18: case 0x1c:
        break;
    default:
        return false;
    }
    if (funct5 == 0x02 && rv_f_rs2(i) != 0)
        return false;

    IrBlock *b = d->b;
    IrVal out = rd ? rv_gpr_val((int)rd) : IR_NONE;
    IrVal addr = rvd_gpr(d, rv_f_rs1(i)), src = rvd_gpr(d, rv_f_rs2(i));
    IrVal lg = rvd_const(d, f3), mmu = rvd_const(d, d->mmu_idx), z = rvd_const(d, 0);
    if (funct5 == 0x02)
        IR_CALL(b, helper_lr, IR_CALL_TRAPS, out, addr, lg, mmu, z);
    else if (funct5 == 0x03)
        IR_CALL(b, helper_sc, IR_CALL_TRAPS, out, addr, src, lg, mmu);
    else
        IR_CALL(b, helper_amo, IR_CALL_TRAPS, out, addr, src, rvd_const(d, funct5 << 8 | f3), mmu);
    return true;
}
