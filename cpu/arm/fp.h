/* SPDX-License-Identifier: MIT */
/* A64 floating point: the FPCR/FPSR bits (Arm ARM DDI 0487, C5.2.8 FPCR, C5.2.10 FPSR) and the
   helpers translated FP code calls (fp_helpers.c). Values are raw register bits; sz is 0 for
   single precision, 1 for double. The helpers read FPCR from the ARMCPU and OR the exceptions
   they raise into its FPSR, as the pseudocode's FPProcessException does with traps disabled. */
#ifndef TERN_ARM_FP_H
#define TERN_ARM_FP_H

#include <stdint.h>

enum {
    ARM_FPSR_IOC = 1u << 0, ARM_FPSR_DZC = 1u << 1, ARM_FPSR_OFC = 1u << 2,
    ARM_FPSR_UFC = 1u << 3, ARM_FPSR_IXC = 1u << 4, ARM_FPSR_IDC = 1u << 7,
    ARM_FPSR_QC = 1u << 27,
};
#define ARM_FPSR_MASK 0xf800009fu          /* NZCV (AArch32 view), QC, the cumulative flags */
#define ARM_FPCR_MASK 0x07c80000u          /* AHP, DN, FZ, RMode, FZ16 (no trap enables) */
#define ARM_FPCR_DN (1u << 25)
#define ARM_FPCR_FZ (1u << 24)
#define ARM_FPCR_RMODE(f) (((f) >> 22) & 3)

/* Operation codes of arm_helper_fp2 (two operands). */
enum { AFP_ADD, AFP_SUB, AFP_MUL, AFP_DIV, AFP_NMUL, AFP_MAX, AFP_MIN, AFP_MAXNM, AFP_MINNM,
       AFP_RECPS, AFP_RSQRTS };
/* ... of arm_helper_fp1 (one operand); arg = rounding for FRINT (0..4: N, P, M, Z, A; 5 =
   FPCR with inexact (X), 6 = FPCR (I)). */
enum { AFP_SQRT, AFP_FRINT, AFP_CVT_SD, AFP_CVT_DS, AFP_RECPX };

uint64_t arm_helper_fp2(void *env, uint64_t a, uint64_t b, uint64_t op, uint64_t sz);
/* FMADD family: a + n*m with n and a negated first as the k bits say (1: n, 2: a). */
uint64_t arm_helper_fmadd(void *env, uint64_t n, uint64_t m, uint64_t a, uint64_t sz_k);
uint64_t arm_helper_fp1(void *env, uint64_t a, uint64_t op, uint64_t sz, uint64_t arg);
/* FCMP/FCMPE/FCCMP/FCCMPE: returns NZCV in bits 31:28. k = sz | e << 1 (signal on quiet NaNs
   too) | conditional << 2 | nzcv << 4: a conditional compare whose condition failed (holds = 0)
   returns nzcv and raises nothing. */
uint64_t arm_helper_fcmp(void *env, uint64_t a, uint64_t b, uint64_t k, uint64_t holds);
/* FP -> integer: k = sz | unsigned << 1 | to64 << 2 | rounding (0..4 as FRINT, 5 = FPCR) << 3,
   fbits = fixed-point fraction bits. */
uint64_t arm_helper_fcvt_to_int(void *env, uint64_t a, uint64_t k, uint64_t fbits, uint64_t unused);
/* integer -> FP: k = sz | unsigned << 1 | from64 << 2. */
uint64_t arm_helper_cvt_from_int(void *env, uint64_t x, uint64_t k, uint64_t fbits, uint64_t unused);

#endif
