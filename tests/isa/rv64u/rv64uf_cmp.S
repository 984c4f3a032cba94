/* SPDX-License-Identifier: MIT */
/* RV64F non-arithmetic ops (unprivileged ISA, "F" extension): fmin/fmax with signed zeros and
   q/sNaNs (NV only for sNaN), feq (signals on sNaN only) vs flt/fle (any NaN), all 10 fclass
   classes, fsgnj* on raw bits, fmv.x.w sign-extension, fmv.w.x NaN-boxing, and single ops on an
   improperly NaN-boxed register seeing the canonical NaN while fmv.x.w/fsw move its low bits. */
#include "test_macros.h"

#define ONE     0x3f800000
#define TWO     0x40000000
#define MONE    0xbf800000
#define MTWO    0xc0000000
#define PINF    0x7f800000
#define NINF    0xff800000
#define CNAN    0x7fc00000
#define QNAN_P  0x7fc12345
#define SNAN    0x7f800001
#define NSNAN   0xff800001
#define MAXF    0x7f7fffff
#define NMAXF   0xff7fffff
#define NZERO   0x80000000

/* fa0 = raw 64-bit value (not necessarily a NaN-boxed single) */
#define LOAD_RAW(freg, bits) li t5, bits; fmv.d.x freg, t5

RVTEST_BEGIN

        /* fmin.s / fmax.s */
        TEST_FP_OP2N_S(1, fmin.s, 0, ONE, ONE, TWO)
        TEST_FP_OP2N_S(2, fmax.s, 0, TWO, ONE, TWO)
        TEST_FP_OP2N_S(3, fmin.s, 0, MTWO, MONE, MTWO)
        TEST_FP_OP2N_S(4, fmax.s, 0, MONE, MONE, MTWO)
        TEST_FP_OP2N_S(5, fmin.s, 0, NZERO, NZERO, 0)           /* -0 < +0 */
        TEST_FP_OP2N_S(6, fmin.s, 0, NZERO, 0, NZERO)
        TEST_FP_OP2N_S(7, fmax.s, 0, 0, NZERO, 0)
        TEST_FP_OP2N_S(8, fmax.s, 0, 0, 0, NZERO)
        TEST_FP_OP2N_S(9, fmin.s, 0, ONE, CNAN, ONE)            /* one quiet NaN: other operand */
        TEST_FP_OP2N_S(10, fmin.s, 0, ONE, ONE, QNAN_P)
        TEST_FP_OP2N_S(11, fmax.s, 0, MONE, QNAN_P, MONE)
        TEST_FP_OP2N_S(12, fmin.s, FF_NV, ONE, SNAN, ONE)       /* signaling NaN: NV */
        TEST_FP_OP2N_S(13, fmax.s, FF_NV, ONE, ONE, SNAN)
        TEST_FP_OP2N_S(14, fmin.s, 0, CNAN, QNAN_P, CNAN)       /* both NaN: canonical NaN */
        TEST_FP_OP2N_S(15, fmax.s, FF_NV, CNAN, SNAN, QNAN_P)
        TEST_FP_OP2N_S(16, fmin.s, FF_NV, CNAN, NSNAN, SNAN)
        TEST_FP_OP2N_S(17, fmax.s, 0, NMAXF, NINF, NMAXF)
        TEST_FP_OP2N_S(18, fmin.s, 0, NINF, NINF, NMAXF)
        TEST_FP_OP2N_S(19, fmax.s, 0, PINF, PINF, MAXF)
        TEST_FP_OP2N_S(20, fmin.s, 0, 0x00000001, 0x00000001, 0x00000002)

        /* feq.s / flt.s / fle.s */
        TEST_FP_CMP_S(21, feq.s, 0, 1, ONE, ONE)
        TEST_FP_CMP_S(22, feq.s, 0, 0, ONE, TWO)
        TEST_FP_CMP_S(23, flt.s, 0, 1, ONE, TWO)
        TEST_FP_CMP_S(24, flt.s, 0, 0, TWO, ONE)
        TEST_FP_CMP_S(25, flt.s, 0, 0, ONE, ONE)
        TEST_FP_CMP_S(26, fle.s, 0, 1, ONE, ONE)
        TEST_FP_CMP_S(27, fle.s, 0, 0, TWO, ONE)
        TEST_FP_CMP_S(28, fle.s, 0, 1, MTWO, MONE)
        TEST_FP_CMP_S(29, feq.s, 0, 1, NZERO, 0)                /* -0 == +0 */
        TEST_FP_CMP_S(30, flt.s, 0, 0, NZERO, 0)
        TEST_FP_CMP_S(31, fle.s, 0, 1, 0, NZERO)
        TEST_FP_CMP_S(32, flt.s, 0, 1, NINF, PINF)
        TEST_FP_CMP_S(33, flt.s, 0, 1, NMAXF, MAXF)
        /* quiet NaN: feq is quiet, flt/fle signal */
        TEST_FP_CMP_S(34, feq.s, 0, 0, CNAN, ONE)
        TEST_FP_CMP_S(35, feq.s, 0, 0, QNAN_P, QNAN_P)
        TEST_FP_CMP_S(36, flt.s, FF_NV, 0, CNAN, ONE)
        TEST_FP_CMP_S(37, flt.s, FF_NV, 0, ONE, CNAN)
        TEST_FP_CMP_S(38, fle.s, FF_NV, 0, CNAN, ONE)
        TEST_FP_CMP_S(39, fle.s, FF_NV, 0, ONE, QNAN_P)
        /* signaling NaN: all three signal */
        TEST_FP_CMP_S(40, feq.s, FF_NV, 0, SNAN, ONE)
        TEST_FP_CMP_S(41, feq.s, FF_NV, 0, ONE, SNAN)
        TEST_FP_CMP_S(42, flt.s, FF_NV, 0, SNAN, ONE)
        TEST_FP_CMP_S(43, fle.s, FF_NV, 0, ONE, NSNAN)
        TEST_FP_CMP_S(44, feq.s, 0, 1, 0x00000001, 0x00000001)

        /* fclass.s: one bit per class */
        TEST_FCLASS_S(45, 1 << 0, NINF)
        TEST_FCLASS_S(46, 1 << 1, MONE)
        TEST_FCLASS_S(47, 1 << 1, NMAXF)
        TEST_FCLASS_S(48, 1 << 2, 0x80000001)
        TEST_FCLASS_S(49, 1 << 2, 0x807fffff)
        TEST_FCLASS_S(50, 1 << 3, NZERO)
        TEST_FCLASS_S(51, 1 << 4, 0)
        TEST_FCLASS_S(52, 1 << 5, 0x00000001)
        TEST_FCLASS_S(53, 1 << 5, 0x007fffff)
        TEST_FCLASS_S(54, 1 << 6, ONE)
        TEST_FCLASS_S(55, 1 << 6, 0x00800000)
        TEST_FCLASS_S(56, 1 << 7, PINF)
        TEST_FCLASS_S(57, 1 << 8, SNAN)
        TEST_FCLASS_S(58, 1 << 8, NSNAN)
        TEST_FCLASS_S(59, 1 << 8, 0x7fbfffff)
        TEST_FCLASS_S(60, 1 << 9, CNAN)
        TEST_FCLASS_S(61, 1 << 9, 0xffc00000)
        TEST_FCLASS_S(62, 1 << 9, QNAN_P)

        /* sign injection works on raw bits: no canonicalisation, no flags */
        TEST_FP_OP2N_S(63, fsgnj.s, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_S(64, fsgnj.s, 0, ONE, MONE, TWO)
        TEST_FP_OP2N_S(65, fsgnjn.s, 0, ONE, ONE, MTWO)
        TEST_FP_OP2N_S(66, fsgnjn.s, 0, MONE, ONE, TWO)
        TEST_FP_OP2N_S(67, fsgnjx.s, 0, ONE, MONE, MTWO)
        TEST_FP_OP2N_S(68, fsgnjx.s, 0, MONE, MONE, TWO)
        TEST_FP_OP2N_S(69, fsgnjx.s, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_S(70, fsgnj.s, 0, 0xffc00000, CNAN, MONE)
        TEST_FP_OP2N_S(71, fsgnj.s, 0, SNAN, SNAN, ONE)
        TEST_FP_OP2N_S(72, fsgnjn.s, 0, NSNAN, SNAN, ONE)
        TEST_FP_OP2N_S(73, fsgnjx.s, 0, 0x7fc12345, 0xffc12345, NZERO)
        /* pseudo-instructions fmv.s / fneg.s / fabs.s */
        TEST_FP_S_RESULT(74, 0, 0xc0490fdb, LOAD_S(fa0, 0x40490fdb); fneg.s fa3, fa0)
        TEST_FP_S_RESULT(75, 0, 0x40490fdb, LOAD_S(fa0, 0xc0490fdb); fabs.s fa3, fa0)
        TEST_FP_S_RESULT(76, 0, NSNAN, LOAD_S(fa0, NSNAN); fmv.s fa3, fa0)

        /* fmv.x.w sign-extends bit 31; fmv.w.x NaN-boxes */
        TEST_FP_X_RESULT(77, 0, 0xffffffff80000000, LOAD_S(fa0, NZERO); fmv.x.w a0, fa0)
        TEST_FP_X_RESULT(78, 0, 0x7f800000, LOAD_S(fa0, PINF); fmv.x.w a0, fa0)
        TEST_FP_X_RESULT(79, 0, 0xffffffffbf800000, LOAD_S(fa0, MONE); fmv.x.w a0, fa0)
        TEST_FP_X_RESULT(80, 0, 0xffffffff7f800001, li a1, 0x123456787f800001; fmv.w.x fa0, a1; fmv.x.d a0, fa0)
        TEST_FP_X_RESULT(81, 0, 0xffffffff00000000, fmv.w.x fa0, x0; fmv.x.d a0, fa0)
        /* fmv.x.w ignores the upper bits even when the value is not NaN-boxed */
        TEST_FP_X_RESULT(82, 0, 0xffffffffc0000000, LOAD_RAW(fa0, 0x00000000c0000000); fmv.x.w a0, fa0)
        TEST_FP_X_RESULT(83, 0, 0x3f800000, LOAD_RAW(fa0, 0x123456783f800000); fmv.x.w a0, fa0)

        /* improperly NaN-boxed inputs read as the canonical NaN */
        TEST_FP_S_RESULT(84, 0, CNAN, LOAD_RAW(fa0, 0x000000003f800000); LOAD_S(fa1, ONE);
                         fadd.s fa3, fa0, fa1)
        TEST_FP_S_RESULT(85, 0, CNAN, LOAD_RAW(fa0, 0xfffffffe3f800000); LOAD_S(fa1, ONE);
                         fmul.s fa3, fa1, fa0)
        TEST_FP_X_RESULT(86, 0, 1 << 9, LOAD_RAW(fa0, 0x7fffffff3f800000); fclass.s a0, fa0)
        TEST_FP_X_RESULT(87, 0, 1 << 9, LOAD_RAW(fa0, 0x400921fb54442d18); fclass.s a0, fa0)
        TEST_FP_S_RESULT(88, 0, CNAN, LOAD_RAW(fa0, 0x00000000bf800000); fsgnj.s fa3, fa0, fa0)
        TEST_FP_S_RESULT(89, 0, 0xffc00000, LOAD_RAW(fa0, 0x00000000bf800000); LOAD_S(fa1, MONE);
                         fsgnj.s fa3, fa0, fa1)
        /* the sign source is also read as canonical NaN (positive) */
        TEST_FP_S_RESULT(90, 0, ONE, LOAD_S(fa0, MONE); LOAD_RAW(fa1, 0x00000000bf800000);
                         fsgnj.s fa3, fa0, fa1)
        TEST_FP_S_RESULT(91, 0, TWO, LOAD_RAW(fa0, 0x0000000000000000); LOAD_S(fa1, TWO);
                         fmin.s fa3, fa0, fa1)
        TEST_FP_X_RESULT(92, 0, 0, LOAD_RAW(fa0, 0x000000003f800000); feq.s a0, fa0, fa0)
        TEST_FP_X_RESULT(93, FF_NV, 0, LOAD_RAW(fa0, 0x000000003f800000); LOAD_S(fa1, ONE);
                         flt.s a0, fa1, fa0)
        TEST_FP_D_RESULT(94, 0, 0x7ff8000000000000, LOAD_RAW(fa0, 0x000000003f800000);
                         fcvt.d.s fa3, fa0)
        TEST_FP_X_RESULT(95, FF_NV, 0x7fffffff, LOAD_RAW(fa0, 0x0000000040000000);
                         fcvt.w.s a0, fa0, rtz)
        TEST_FP_S_RESULT(96, 0, CNAN, LOAD_RAW(fa0, 0x0000000040800000); fsqrt.s fa3, fa0)
        TEST_FP_S_RESULT(97, 0, CNAN, LOAD_RAW(fa2, 0x0000000040800000); LOAD_S(fa0, ONE);
                         LOAD_S(fa1, ONE); fmadd.s fa3, fa0, fa1, fa2)
        /* a properly boxed value with any NaN-boxed payload works */
        TEST_FP_S_RESULT(98, 0, 0x40400000, LOAD_RAW(fa0, 0xffffffff3f800000); LOAD_S(fa1, TWO);
                         fadd.s fa3, fa0, fa1)
        /* fsw stores the low 32 bits whatever the upper bits are */
        TEST_START(99)
        LOAD_RAW(fa0, 0x12345678cafef00d)
        la a1, fbuf
        sd zero, 0(a1)
        fsw fa0, 0(a1)
        ld a0, 0(a1)
        CHECK_REG(a0, 0xcafef00d)

RVTEST_END

        .data
        .balign 8
fbuf:   .dword 0
