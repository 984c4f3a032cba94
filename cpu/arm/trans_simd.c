/* SPDX-License-Identifier: MIT */
/* A64 Advanced SIMD (Arm ARM DDI 0487, C4.1.96) in translated code: an implemented encoding
   (arm_simd_exec's decode, simd_exec.c) becomes one call of arm_helper_simd, which works on
   the V registers in the ARMCPU; others are UNDEFINED for now. Structure loads and stores
   (LD1-4/ST1-4) are not implemented yet. */
#include "cpu/arm/simd.h"
#include "cpu/arm/trans_fp.h"

bool a64_trans_simd(A64Disas *d)
{
    if (!arm_simd_exec(NULL, d->insn, true))
        return false;
    IrVal z = a64_const(d, 0);
    IR_CALL(d->b, arm_helper_simd, IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS, IR_NONE,
            a64_const(d, d->insn), z, z, z);
    return true;
}

bool a64_trans_simd_ldst(A64Disas *d)
{
    (void)d;
    return false;
}
