/* SPDX-License-Identifier: MIT */
/* The FP/SIMD part of the A64 front end (trans_fp.c, trans_simd*.c): V register access and the
   decoders the top-level dispatch (translate.c) calls for the SIMD&FP encoding groups. */
#ifndef TERN_ARM_TRANS_FP_H
#define TERN_ARM_TRANS_FP_H

#include "cpu/arm/trans.h"

int64_t a64_voff(unsigned r, unsigned half);           /* env offset of Vr's half (0 low) */
IrVal a64_vld(A64Disas *d, unsigned r, unsigned half);
void a64_vst(A64Disas *d, unsigned r, unsigned half, IrVal v);
void a64_vset_scalar(A64Disas *d, unsigned r, IrVal v); /* low = v, high = 0 */
void a64_set_nzcv_val(A64Disas *d, IrVal nzcv);         /* NZCV from bits 31:28 */

bool a64_trans_fp_sysreg(A64Disas *d);  /* MRS/MSR FPCR, FPSR (false: another register) */
bool a64_trans_fp_ldst(A64Disas *d);    /* loads/stores with V = 1 */
bool a64_trans_fp(A64Disas *d);         /* op0 = x111: scalar FP and Advanced SIMD */
bool a64_trans_simd(A64Disas *d);       /* trans_simd.c: Advanced SIMD data processing */
bool a64_trans_simd_ldst(A64Disas *d);  /* trans_simd.c: structure loads and stores */

#endif
