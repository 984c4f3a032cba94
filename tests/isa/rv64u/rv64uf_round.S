/* SPDX-License-Identifier: MIT */
/* RV64F rounding modes (unprivileged ISA, "F" extension, rounding-mode field and frm): every
   operation class under RNE/RTZ/RDN/RUP/RMM, with a static rm (frm holding a conflicting mode
   that must be ignored) and with DYN from frm; inputs make the modes disagree (ties to even vs
   away, both signs, overflow). Reserved modes (static 5/6, frm 5..7 with DYN) are illegal. */
#include "test_macros.h"

#define SETUP2(a, b) LOAD_S(fa0, a); LOAD_S(fa1, b)
#define SETUP3(a, b, c) LOAD_S(fa0, a); LOAD_S(fa1, b); LOAD_S(fa2, c)
#define OP_FADD(rm) fadd.s fa3, fa0, fa1, rm
#define OP_FSUB(rm) fsub.s fa3, fa0, fa1, rm
#define OP_FMUL(rm) fmul.s fa3, fa0, fa1, rm
#define OP_FDIV(rm) fdiv.s fa3, fa0, fa1, rm
#define OP_FSQRT(rm) fsqrt.s fa3, fa0, rm
#define OP_FMADD(rm) fmadd.s fa3, fa0, fa1, fa2, rm
#define OP_FNMSUB(rm) fnmsub.s fa3, fa0, fa1, fa2, rm
#define OP_CVT_W_S(rm) fcvt.w.s a0, fa0, rm
#define OP_CVT_L_S(rm) fcvt.l.s a0, fa0, rm
#define OP_CVT_S_W(rm) fcvt.s.w fa3, a1, rm
#define OP_CVT_S_LU(rm) fcvt.s.lu fa3, a1, rm

RVTEST_BEGIN

        /* 1 + 2^-24: exact tie, even neighbour below */
        RM10(RM_CASE_S, 1, FF_NX, OP_FADD,
             0x3f800000, 0x3f800000, 0x3f800000, 0x3f800001, 0x3f800001,
             SETUP2(0x3f800000, 0x33800000))
        /* -1 - 2^-24: negative tie */
        RM10(RM_CASE_S, 11, FF_NX, OP_FADD,
             0xbf800000, 0xbf800000, 0xbf800001, 0xbf800000, 0xbf800001,
             SETUP2(0xbf800000, 0xb3800000))
        /* (1 + 2^-23) + 2^-24: tie, even neighbour above */
        RM10(RM_CASE_S, 21, FF_NX, OP_FADD,
             0x3f800002, 0x3f800001, 0x3f800001, 0x3f800002, 0x3f800002,
             SETUP2(0x3f800001, 0x33800000))
        /* 1 + 0.25 ulp (below half) */
        RM10(RM_CASE_S, 31, FF_NX, OP_FADD,
             0x3f800000, 0x3f800000, 0x3f800000, 0x3f800001, 0x3f800000,
             SETUP2(0x3f800000, 0x33000000))
        /* -1 - 0.75 ulp (above half), as a subtraction */
        RM10(RM_CASE_S, 41, FF_NX, OP_FSUB,
             0xbf800001, 0xbf800000, 0xbf800001, 0xbf800000, 0xbf800001,
             SETUP2(0xbf800000, 0x33c00000))
        /* (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46 */
        RM10(RM_CASE_S, 51, FF_NX, OP_FMUL,
             0x3f800002, 0x3f800002, 0x3f800002, 0x3f800003, 0x3f800002,
             SETUP2(0x3f800001, 0x3f800001))
        /* -1 / 3 */
        RM10(RM_CASE_S, 61, FF_NX, OP_FDIV,
             0xbeaaaaab, 0xbeaaaaaa, 0xbeaaaaab, 0xbeaaaaaa, 0xbeaaaaab,
             SETUP2(0xbf800000, 0x40400000))
        /* sqrt(2) */
        RM10(RM_CASE_S, 71, FF_NX, OP_FSQRT,
             0x3fb504f3, 0x3fb504f3, 0x3fb504f3, 0x3fb504f4, 0x3fb504f3,
             LOAD_S(fa0, 0x40000000))
        /* (1 + 2^-23)(1 - 2^-23) + 1 = 2 - 2^-46, rounded once */
        RM10(RM_CASE_S, 81, FF_NX, OP_FMADD,
             0x40000000, 0x3fffffff, 0x3fffffff, 0x40000000, 0x40000000,
             SETUP3(0x3f800001, 0x3f7ffffe, 0x3f800000))
        /* overflow, positive: max + max */
        RM10(RM_CASE_S, 91, FF_OF | FF_NX, OP_FADD,
             0x7f800000, 0x7f7fffff, 0x7f7fffff, 0x7f800000, 0x7f800000,
             SETUP2(0x7f7fffff, 0x7f7fffff))
        /* overflow, negative: -(max * 2) + (-max) via fnmsub = -(a*b) + c */
        RM10(RM_CASE_S, 101, FF_OF | FF_NX, OP_FNMSUB,
             0xff800000, 0xff7fffff, 0xff800000, 0xff7fffff, 0xff800000,
             SETUP3(0x7f7fffff, 0x40000000, 0xff7fffff))
        /* underflow: 2^-149 * 0.5 = 2^-150, tie between 0 and the smallest subnormal */
        RM10(RM_CASE_S, 111, FF_UF | FF_NX, OP_FMUL,
             0x00000000, 0x00000000, 0x00000000, 0x00000001, 0x00000001,
             SETUP2(0x00000001, 0x3f000000))
        /* fcvt.w.s 2.5 and -2.5 */
        RM10(RM_CASE_X, 121, FF_NX, OP_CVT_W_S,
             2, 2, 2, 3, 3,
             LOAD_S(fa0, 0x40200000))
        RM10(RM_CASE_X, 131, FF_NX, OP_CVT_W_S,
             0xfffffffffffffffe, 0xfffffffffffffffe, 0xfffffffffffffffd, 0xfffffffffffffffe, 0xfffffffffffffffd,
             LOAD_S(fa0, 0xc0200000))
        /* fcvt.l.s -1.5 (0.5 fraction of an odd integer) */
        RM10(RM_CASE_X, 141, FF_NX, OP_CVT_L_S,
             0xfffffffffffffffe, 0xffffffffffffffff, 0xfffffffffffffffe, 0xffffffffffffffff, 0xfffffffffffffffe,
             LOAD_S(fa0, 0xbfc00000))
        /* fcvt.s.w 2^24 + 1 (tie) and -(2^24 + 3) (tie, even neighbour away from zero) */
        RM10(RM_CASE_S, 151, FF_NX, OP_CVT_S_W,
             0x4b800000, 0x4b800000, 0x4b800000, 0x4b800001, 0x4b800001,
             li a1, 16777217)
        RM10(RM_CASE_S, 161, FF_NX, OP_CVT_S_W,
             0xcb800002, 0xcb800001, 0xcb800002, 0xcb800001, 0xcb800002,
             li a1, -16777219)
        /* fcvt.s.lu 2^64 - 1 */
        RM10(RM_CASE_S, 171, FF_NX, OP_CVT_S_LU,
             0x5f800000, 0x5f7fffff, 0x5f7fffff, 0x5f800000, 0x5f800000,
             li a1, -1)

        /* reserved rounding modes are illegal: static rm = 5 and 6 (fadd.s fa3, fa0, fa1) */
        TEST_TRAP(181, CAUSE_ILLEGAL_INSN, .insn r OP_FP, 5, 0x00, fa3, fa0, fa1)
        TEST_TRAP(182, CAUSE_ILLEGAL_INSN, .insn r OP_FP, 6, 0x00, fa3, fa0, fa1)
        /* dynamic rounding with frm = 5, 6, 7 */
        TEST_TRAP(183, CAUSE_ILLEGAL_INSN, fsrmi 5; fadd.s fa3, fa0, fa1, dyn)
        TEST_TRAP(184, CAUSE_ILLEGAL_INSN, fsrmi 6; fmul.s fa3, fa0, fa1, dyn)
        TEST_TRAP(185, CAUSE_ILLEGAL_INSN, fsrmi 7; fcvt.w.s a0, fa0, dyn)
        /* a static mode still works while frm is invalid */
        TEST_FP_S_RESULT(186, 0, 0x40400000, fsrmi 7; LOAD_S(fa0, 0x3f800000); LOAD_S(fa1, 0x40000000);
                         fadd.s fa3, fa0, fa1, rne; fsrmi RM_RNE)
        TEST_CASE(187, a0, RM_RNE, frrm a0)

RVTEST_END
