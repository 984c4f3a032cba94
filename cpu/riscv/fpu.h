/* SPDX-License-Identifier: MIT */
/* Exact IEEE-754 binary32/binary64 arithmetic for the RISC-V F and D extensions
 * (ISA manual, unprivileged vol., chapters "F" and "D"), as pure C helpers that
 * the translator calls. Values are raw register bits; singles are NaN-boxed
 * ("NaN Boxing of Narrower Values"). Implemented as an integer soft-float, bit-exact
 * including fflags and independent of host FPU state; see fpu_core.h. */
#ifndef TERN_CPU_RISCV_FPU_H
#define TERN_CPU_RISCV_FPU_H

#include <stdint.h>

/* rm: resolved RISC-V rounding mode (never 7/dynamic). */
enum { RV_RM_RNE = 0, RV_RM_RTZ = 1, RV_RM_RDN = 2, RV_RM_RUP = 3, RV_RM_RMM = 4 };

/* fflags bits; the helpers OR them into *flags. */
enum { RV_FFLAG_NX = 1, RV_FFLAG_UF = 2, RV_FFLAG_OF = 4, RV_FFLAG_DZ = 8, RV_FFLAG_NV = 16 };

#define RV_FPU_DEFAULT_NAN_D UINT64_C(0x7ff8000000000000)
#define RV_FPU_DEFAULT_NAN_S UINT32_C(0x7fc00000)

/* NaN boxing: an unboxed single reads as the canonical NaN. */
uint64_t rv_fbox_s(uint32_t v);
uint32_t rv_funbox_s(uint64_t reg);

/* ---- double precision ---- */
uint64_t rv_fadd_d(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fsub_d(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fmul_d(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fdiv_d(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fsqrt_d(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fmadd_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);  /*  a*b+c */
uint64_t rv_fmsub_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);  /*  a*b-c */
uint64_t rv_fnmsub_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags); /* -a*b+c */
uint64_t rv_fnmadd_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags); /* -a*b-c */
uint64_t rv_fmin_d(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_fmax_d(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_feq_d(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_flt_d(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_fle_d(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_fclass_d(uint64_t a);
uint64_t rv_fsgnj_d(uint64_t a, uint64_t b);
uint64_t rv_fsgnjn_d(uint64_t a, uint64_t b);
uint64_t rv_fsgnjx_d(uint64_t a, uint64_t b);
/* FP -> integer: return the x-register value (W/WU results sign-extended). */
uint64_t rv_fcvt_w_d(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_wu_d(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_l_d(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_lu_d(uint64_t a, int rm, uint32_t *flags);
/* integer -> FP: take the full x-register value. */
uint64_t rv_fcvt_d_w(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_d_wu(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_d_l(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_d_lu(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_s_d(uint64_t a, int rm, uint32_t *flags);  /* result boxed */
uint64_t rv_fcvt_d_s(uint64_t a, int rm, uint32_t *flags);  /* a is a boxed single; exact */

/* ---- single precision (operands and FP results are NaN-boxed registers) ---- */
uint64_t rv_fadd_s(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fsub_s(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fmul_s(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fdiv_s(uint64_t a, uint64_t b, int rm, uint32_t *flags);
uint64_t rv_fsqrt_s(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fmadd_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_fmsub_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_fnmsub_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_fnmadd_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint64_t rv_fmin_s(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_fmax_s(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_feq_s(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_flt_s(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_fle_s(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t rv_fclass_s(uint64_t a);
uint64_t rv_fsgnj_s(uint64_t a, uint64_t b);
uint64_t rv_fsgnjn_s(uint64_t a, uint64_t b);
uint64_t rv_fsgnjx_s(uint64_t a, uint64_t b);
uint64_t rv_fcvt_w_s(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_wu_s(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_l_s(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_lu_s(uint64_t a, int rm, uint32_t *flags);
uint64_t rv_fcvt_s_w(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_s_wu(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_s_l(uint64_t x, int rm, uint32_t *flags);
uint64_t rv_fcvt_s_lu(uint64_t x, int rm, uint32_t *flags);

#endif
