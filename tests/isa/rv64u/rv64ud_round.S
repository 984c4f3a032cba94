/* SPDX-License-Identifier: MIT */
/* RV64D rounding modes (unprivileged ISA, "D" extension with the F extension's rounding-mode
   rules): every double operation class, integer<->double and double->single conversions under
   RNE, RTZ, RDN, RUP and RMM, static rm (with a conflicting frm) and dynamic via frm; reserved
   rounding modes trap as illegal instructions. */
#include "test_macros.h"

#define SETUP2(a, b) LOAD_D(fa0, a); LOAD_D(fa1, b)
#define SETUP3(a, b, c) LOAD_D(fa0, a); LOAD_D(fa1, b); LOAD_D(fa2, c)
#define OP_FADD(rm) fadd.d fa3, fa0, fa1, rm
#define OP_FSUB(rm) fsub.d fa3, fa0, fa1, rm
#define OP_FMUL(rm) fmul.d fa3, fa0, fa1, rm
#define OP_FDIV(rm) fdiv.d fa3, fa0, fa1, rm
#define OP_FSQRT(rm) fsqrt.d fa3, fa0, rm
#define OP_FMADD(rm) fmadd.d fa3, fa0, fa1, fa2, rm
#define OP_FNMSUB(rm) fnmsub.d fa3, fa0, fa1, fa2, rm
#define OP_CVT_W_D(rm) fcvt.w.d a0, fa0, rm
#define OP_CVT_WU_D(rm) fcvt.wu.d a0, fa0, rm
#define OP_CVT_L_D(rm) fcvt.l.d a0, fa0, rm
#define OP_CVT_D_L(rm) fcvt.d.l fa3, a1, rm
#define OP_CVT_D_LU(rm) fcvt.d.lu fa3, a1, rm
#define OP_CVT_S_D(rm) fcvt.s.d fa3, fa0, rm

RVTEST_BEGIN

        /* 1 + 2^-53: tie, even neighbour below */
        RM10(RM_CASE_D, 1, FF_NX, OP_FADD,
             0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000001,
             0x3ff0000000000001,
             SETUP2(0x3ff0000000000000, 0x3ca0000000000000))
        /* -1 - 2^-53 */
        RM10(RM_CASE_D, 11, FF_NX, OP_FADD,
             0xbff0000000000000, 0xbff0000000000000, 0xbff0000000000001, 0xbff0000000000000,
             0xbff0000000000001,
             SETUP2(0xbff0000000000000, 0xbca0000000000000))
        /* (1 + 2^-52) + 2^-53: tie, even neighbour above */
        RM10(RM_CASE_D, 21, FF_NX, OP_FADD,
             0x3ff0000000000002, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002,
             0x3ff0000000000002,
             SETUP2(0x3ff0000000000001, 0x3ca0000000000000))
        /* 1 + 0.25 ulp */
        RM10(RM_CASE_D, 31, FF_NX, OP_FADD,
             0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000001,
             0x3ff0000000000000,
             SETUP2(0x3ff0000000000000, 0x3c90000000000000))
        /* -1 - 0.75 ulp, as a subtraction */
        RM10(RM_CASE_D, 41, FF_NX, OP_FSUB,
             0xbff0000000000001, 0xbff0000000000000, 0xbff0000000000001, 0xbff0000000000000,
             0xbff0000000000001,
             SETUP2(0xbff0000000000000, 0x3ca8000000000000))
        /* (1 + 2^-52)^2 */
        RM10(RM_CASE_D, 51, FF_NX, OP_FMUL,
             0x3ff0000000000002, 0x3ff0000000000002, 0x3ff0000000000002, 0x3ff0000000000003,
             0x3ff0000000000002,
             SETUP2(0x3ff0000000000001, 0x3ff0000000000001))
        /* -1 / 3 (the magnitude's remainder is below half an ulp) */
        RM10(RM_CASE_D, 61, FF_NX, OP_FDIV,
             0xbfd5555555555555, 0xbfd5555555555555, 0xbfd5555555555556, 0xbfd5555555555555,
             0xbfd5555555555555,
             SETUP2(0xbff0000000000000, 0x4008000000000000))
        /* sqrt(2) */
        RM10(RM_CASE_D, 71, FF_NX, OP_FSQRT,
             0x3ff6a09e667f3bcd, 0x3ff6a09e667f3bcc, 0x3ff6a09e667f3bcc, 0x3ff6a09e667f3bcd,
             0x3ff6a09e667f3bcd,
             LOAD_D(fa0, 0x4000000000000000))
        /* (1 + 2^-52)(1 - 2^-52) + 1 = 2 - 2^-104 */
        RM10(RM_CASE_D, 81, FF_NX, OP_FMADD,
             0x4000000000000000, 0x3fffffffffffffff, 0x3fffffffffffffff, 0x4000000000000000,
             0x4000000000000000,
             SETUP3(0x3ff0000000000001, 0x3feffffffffffffe, 0x3ff0000000000000))
        /* positive overflow */
        RM10(RM_CASE_D, 91, FF_OF | FF_NX, OP_FADD,
             0x7ff0000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7ff0000000000000,
             0x7ff0000000000000,
             SETUP2(0x7fefffffffffffff, 0x7fefffffffffffff))
        /* negative overflow: -(max * 2) + (-max) */
        RM10(RM_CASE_D, 101, FF_OF | FF_NX, OP_FNMSUB,
             0xfff0000000000000, 0xffefffffffffffff, 0xfff0000000000000, 0xffefffffffffffff,
             0xfff0000000000000,
             SETUP3(0x7fefffffffffffff, 0x4000000000000000, 0xffefffffffffffff))
        /* underflow: 2^-1075, tie between 0 and the smallest subnormal */
        RM10(RM_CASE_D, 111, FF_UF | FF_NX, OP_FMUL,
             0, 0, 0, 1, 1,
             SETUP2(0x0000000000000001, 0x3fe0000000000000))
        /* fcvt.w.d 2.5 / -2.5, fcvt.wu.d 2.5, fcvt.l.d -1.5 */
        RM10(RM_CASE_X, 121, FF_NX, OP_CVT_W_D, 2, 2, 2, 3, 3, LOAD_D(fa0, 0x4004000000000000))
        RM10(RM_CASE_X, 131, FF_NX, OP_CVT_W_D,
             0xfffffffffffffffe, 0xfffffffffffffffe, 0xfffffffffffffffd, 0xfffffffffffffffe,
             0xfffffffffffffffd,
             LOAD_D(fa0, 0xc004000000000000))
        RM10(RM_CASE_X, 141, FF_NX, OP_CVT_WU_D, 2, 2, 2, 3, 3, LOAD_D(fa0, 0x4004000000000000))
        RM10(RM_CASE_X, 151, FF_NX, OP_CVT_L_D,
             0xfffffffffffffffe, 0xffffffffffffffff, 0xfffffffffffffffe, 0xffffffffffffffff,
             0xfffffffffffffffe,
             LOAD_D(fa0, 0xbff8000000000000))
        /* fcvt.d.l 2^53 + 1 and -(2^53 + 3); fcvt.d.lu 2^64 - 1 */
        RM10(RM_CASE_D, 161, FF_NX, OP_CVT_D_L,
             0x4340000000000000, 0x4340000000000000, 0x4340000000000000, 0x4340000000000001,
             0x4340000000000001,
             li a1, 0x20000000000001)
        RM10(RM_CASE_D, 171, FF_NX, OP_CVT_D_L,
             0xc340000000000002, 0xc340000000000001, 0xc340000000000002, 0xc340000000000001,
             0xc340000000000002,
             li a1, -0x20000000000003)
        RM10(RM_CASE_D, 181, FF_NX, OP_CVT_D_LU,
             0x43f0000000000000, 0x43efffffffffffff, 0x43efffffffffffff, 0x43f0000000000000,
             0x43f0000000000000,
             li a1, -1)
        /* fcvt.s.d: 1 + 2^-24 (tie) and -(1 + 2^-23 + 2^-24) (tie, even neighbour away) */
        RM10(RM_CASE_S, 191, FF_NX, OP_CVT_S_D,
             0x3f800000, 0x3f800000, 0x3f800000, 0x3f800001, 0x3f800001,
             LOAD_D(fa0, 0x3ff0000010000000))
        RM10(RM_CASE_S, 201, FF_NX, OP_CVT_S_D,
             0xbf800002, 0xbf800001, 0xbf800002, 0xbf800001, 0xbf800002,
             LOAD_D(fa0, 0xbff0000030000000))
        /* fcvt.s.d overflow to single */
        RM10(RM_CASE_S, 211, FF_OF | FF_NX, OP_CVT_S_D,
             0x7f800000, 0x7f7fffff, 0x7f7fffff, 0x7f800000, 0x7f800000,
             LOAD_D(fa0, 0x47f0000000000000))

        /* reserved rounding modes (fadd.d fa3, fa0, fa1 with rm = 5 / 6; frm = 5..7) */
        TEST_TRAP(221, CAUSE_ILLEGAL_INSN, .insn r OP_FP, 5, 0x01, fa3, fa0, fa1)
        TEST_TRAP(222, CAUSE_ILLEGAL_INSN, .insn r OP_FP, 6, 0x01, fa3, fa0, fa1)
        TEST_TRAP(223, CAUSE_ILLEGAL_INSN, fsrmi 5; fdiv.d fa3, fa0, fa1, dyn)
        TEST_TRAP(224, CAUSE_ILLEGAL_INSN, fsrmi 6; fsqrt.d fa3, fa0, dyn)
        TEST_TRAP(225, CAUSE_ILLEGAL_INSN, fsrmi 7; fcvt.l.d a0, fa0, dyn)
        TEST_TRAP(226, CAUSE_ILLEGAL_INSN, fsrmi 7; fmadd.d fa3, fa0, fa1, fa2, dyn)
        TEST_CASE(227, a0, 7, frrm a0; fsrmi RM_RNE)

RVTEST_END
