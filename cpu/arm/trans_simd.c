/* SPDX-License-Identifier: MIT */
/* A64 Advanced SIMD (Arm ARM DDI 0487, C4.1.96) in translated code: an implemented encoding
   (arm_simd_exec's decode, simd_exec.c) becomes one call of arm_helper_simd, which works on
   the V registers in the ARMCPU; others are UNDEFINED for now. LD1/ST1 (multiple structures,
   1-4 registers, C4.1.88 "Advanced SIMD load/store multiple structures (post-indexed)") are
   plain IR loads and stores; LD2-4/ST2-4, the single-lane and replicate forms are not yet. */
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
    uint32_t i = d->insn;
    if ((i >> 31) || a64_bits(i, 29, 24) != 0x0c || a64_bits(i, 21, 21))
        return false;
    bool post = a64_bits(i, 23, 23), load = a64_bits(i, 22, 22), q = a64_bits(i, 30, 30);
    unsigned opcode = a64_bits(i, 15, 12), rm = a64_bits(i, 20, 16);
    unsigned rn = a64_bits(i, 9, 5), rt = a64_bits(i, 4, 0);
    unsigned nregs = opcode == 7 ? 1 : opcode == 10 ? 2 : opcode == 6 ? 3 : opcode == 2 ? 4 : 0;
    if (!nregs || (!post && rm != 0))
        return false;
    unsigned bytes = q ? 16 : 8, mmu = d->mmu_idx;
    IrVal base = a64_x_sp(d, rn);
    /* LD1/ST1 of whole registers: the element size does not change the bytes (little-endian). */
    IrVal lo[4], hi[4];
    for (unsigned r = 0; r < nregs; r++) {
        unsigned v = (rt + r) & 31;
        int64_t off = (int64_t)(r * bytes);
        if (load) {
            lo[r] = a64_temp(d);
            ir_ld(d->b, lo[r], base, off, IR_MEMOP(3, 0, mmu));
            hi[r] = q ? a64_temp(d) : a64_const(d, 0);
            if (q)
                ir_ld(d->b, hi[r], base, off + 8, IR_MEMOP(3, 0, mmu));
        } else {
            ir_st(d->b, base, off, a64_vld(d, v, 0), IR_MEMOP(3, 0, mmu));
            if (q)
                ir_st(d->b, base, off + 8, a64_vld(d, v, 1), IR_MEMOP(3, 0, mmu));
        }
    }
    if (post) {
        IrVal step = rm == 31 ? a64_const(d, (int64_t)(nregs * bytes)) : a64_x(d, rm);
        a64_set_x_sp(d, rn, a64_op2(d, IR_add, base, step), true);
    }
    if (load)
        for (unsigned r = 0; r < nregs; r++) {
            a64_vst(d, (rt + r) & 31, 0, lo[r]);
            a64_vst(d, (rt + r) & 31, 1, hi[r]);
        }
    return true;
}
