/* SPDX-License-Identifier: MIT */
/* Internal interface of the A64 front end: the per-instruction decoding state shared by
   translate.c (block loop, operands) and the trans_*.c decoders of the encoding groups of the
   Arm ARM (DDI 0487, C4.1 "A64 instruction set encoding"), plus the NZCV and condition code
   emitters (flags.c) and DecodeBitMasks (bitmask.c). */
#ifndef TERN_ARM_TRANS_H
#define TERN_ARM_TRANS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/arm/cpu.h"
#include "translate/ir.h"
#include "translate/tb.h"

typedef struct A64Disas {
    IrBlock *b;
    uint64_t pc;        /* of the current instruction */
    uint32_t insn;
    unsigned mmu_idx;   /* data accesses */
    bool ended;         /* the current instruction closed the block */
    bool no_retire;     /* ... and always traps (does not count as retired) */
} A64Disas;

/* Bits [hi:lo] of the instruction, and the same sign-extended. */
static inline uint32_t a64_bits(uint32_t i, unsigned hi, unsigned lo) {
    return (i >> lo) & (uint32_t)((2ull << (hi - lo)) - 1);
}
static inline int64_t a64_sbits(uint32_t i, unsigned hi, unsigned lo) {
    unsigned w = hi - lo + 1;
    return (int64_t)((uint64_t)a64_bits(i, hi, lo) << (64 - w)) >> (64 - w);
}

/* translate.c: operands. Register 31 is XZR or SP depending on the encoding. */
IrVal a64_x(A64Disas *d, unsigned r);           /* source, 31 = XZR (constant 0) */
IrVal a64_x_sp(A64Disas *d, unsigned r);        /* source, 31 = SP */
/* Write v to Xr (31 = XZR: discarded); !sf writes the low 32 bits zero-extended. */
void a64_set_x(A64Disas *d, unsigned r, IrVal v, bool sf);
void a64_set_x_sp(A64Disas *d, unsigned r, IrVal v, bool sf);   /* 31 = SP */
IrVal a64_const(A64Disas *d, int64_t v);
IrVal a64_temp(A64Disas *d);
IrVal a64_op1(A64Disas *d, IrOpc op, IrVal a);                 /* a fresh temp = op a */
IrVal a64_op2(A64Disas *d, IrOpc op, IrVal a, IrVal c);        /* a fresh temp = a op c */
void a64_undef(A64Disas *d);                    /* UNDEFINED: stop here, the block ends */

/* flags.c: NZCV. Operands are 64-bit values; for !sf only their low 32 bits count. */
IrVal a64_add_flags(A64Disas *d, IrVal a, IrVal c, bool sf, bool set);   /* a + c */
IrVal a64_sub_flags(A64Disas *d, IrVal a, IrVal c, bool sf, bool set);   /* a - c */
IrVal a64_adc_flags(A64Disas *d, IrVal a, IrVal c, bool sf, bool set);   /* a + c + C */
void a64_logic_flags(A64Disas *d, IrVal res, bool sf);  /* N, Z of res; C = V = 0 */
/* Condition cond (ConditionHolds, Arm ARM J1) as "x c y". */
typedef struct A64Cond { IrCond c; IrVal x, y; } A64Cond;
A64Cond a64_cond(A64Disas *d, unsigned cond);
/* NZCV = imm4 (bits N Z C V, as in CCMP's #nzcv). */
void a64_set_nzcv_imm(A64Disas *d, unsigned nzcv);

/* bitmask.c: DecodeBitMasks (Arm ARM J1, shared/functions/bitmasks). False if reserved. */
bool a64_decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate,
                          unsigned datasize, uint64_t *wmask, uint64_t *tmask);

/* Decoders of the top-level groups: false = unallocated or not implemented (nothing has been
   emitted then). */
bool a64_trans_dp_imm(A64Disas *d);     /* trans_dp_imm.c */
bool a64_trans_dp_reg(A64Disas *d);     /* trans_dp_reg.c */
bool a64_trans_branch_sys(A64Disas *d); /* trans_branch.c */
bool a64_trans_ldst(A64Disas *d);       /* trans_ldst.c */
bool a64_trans_sys_el(A64Disas *d);     /* trans_sys.c: exceptions, ERET, WFI, MRS/MSR, SYS */

#endif
