/* SPDX-License-Identifier: MIT */
/* RV64D conversions and transfers (unprivileged ISA, "D" extension: "Double-Precision
   Floating-Point Conversion and Move Instructions", FLD/FSD): fcvt.{w,wu,l,lu}.d rounding and
   saturation with NV, fcvt.d.{w,wu,l,lu}, fcvt.s.d (rounding, overflow, underflow with tininess
   after rounding, NaN canonicalisation) and fcvt.d.s (exact, sNaN -> NV), fld/fsd raw bits. */
#include "test_macros.h"

#define ONE     0x3ff0000000000000
#define MONE    0xbff0000000000000
#define PINF    0x7ff0000000000000
#define NINF    0xfff0000000000000
#define CNAN    0x7ff8000000000000
#define QNAN_P  0x7ff8000000012345
#define SNAN    0x7ff0000000000001
#define MAXD    0x7fefffffffffffff
#define NZERO   0x8000000000000000

RVTEST_BEGIN

        /* fcvt.w.d */
        TEST_FCVT_X_D(1, fcvt.w.d, rtz, 0, 1, ONE)
        TEST_FCVT_X_D(2, fcvt.w.d, rtz, 0, 0xffffffffffffffff, MONE)
        TEST_FCVT_X_D(3, fcvt.w.d, rtz, 0, 0x7fffffff, 0x41dfffffffc00000)              /* 2^31 - 1 */
        TEST_FCVT_X_D(4, fcvt.w.d, rtz, FF_NV, 0x7fffffff, 0x41e0000000000000)          /* 2^31 */
        TEST_FCVT_X_D(5, fcvt.w.d, rtz, 0, 0xffffffff80000000, 0xc1e0000000000000)      /* -2^31 */
        TEST_FCVT_X_D(6, fcvt.w.d, rtz, FF_NX, 0xffffffff80000000, 0xc1e0000000100000)  /* -2^31 - 0.5 */
        TEST_FCVT_X_D(7, fcvt.w.d, rdn, FF_NV, 0xffffffff80000000, 0xc1e0000000100000)
        TEST_FCVT_X_D(8, fcvt.w.d, rtz, FF_NX, 0x7fffffff, 0x41dfffffffe00000)          /* 2^31 - 0.5 */
        TEST_FCVT_X_D(9, fcvt.w.d, rup, FF_NV, 0x7fffffff, 0x41dfffffffe00000)
        TEST_FCVT_X_D(10, fcvt.w.d, rtz, FF_NV, 0x7fffffff, CNAN)
        TEST_FCVT_X_D(11, fcvt.w.d, rtz, FF_NV, 0xffffffff80000000, NINF)
        TEST_FCVT_X_D(12, fcvt.w.d, rtz, FF_NV, 0x7fffffff, PINF)
        TEST_FCVT_X_D(13, fcvt.w.d, rtz, FF_NV, 0x7fffffff, SNAN)
        TEST_FCVT_X_D(14, fcvt.w.d, rtz, FF_NX, 0, 0xbfe0000000000000)                  /* -0.5 */

        /* fcvt.wu.d */
        TEST_FCVT_X_D(15, fcvt.wu.d, rtz, 0, 0xffffffffffffffff, 0x41efffffffe00000)    /* 2^32 - 1 */
        TEST_FCVT_X_D(16, fcvt.wu.d, rtz, FF_NV, 0xffffffffffffffff, 0x41f0000000000000)
        TEST_FCVT_X_D(17, fcvt.wu.d, rtz, FF_NV, 0, MONE)
        TEST_FCVT_X_D(18, fcvt.wu.d, rtz, FF_NX, 0, 0xbfe0000000000000)
        TEST_FCVT_X_D(19, fcvt.wu.d, rdn, FF_NV, 0, 0xbfe0000000000000)
        TEST_FCVT_X_D(20, fcvt.wu.d, rtz, FF_NV, 0xffffffffffffffff, QNAN_P)
        TEST_FCVT_X_D(21, fcvt.wu.d, rtz, 0, 0xffffffffb2d05e00, 0x41e65a0bc0000000)    /* 3e9 */
        TEST_FCVT_X_D(22, fcvt.wu.d, rtz, FF_NV, 0, NINF)

        /* fcvt.l.d */
        TEST_FCVT_X_D(23, fcvt.l.d, rtz, 0, 0x2540be400, 0x4202a05f20000000)            /* 1e10 */
        TEST_FCVT_X_D(24, fcvt.l.d, rtz, FF_NV, 0x7fffffffffffffff, 0x43e0000000000000) /* 2^63 */
        TEST_FCVT_X_D(25, fcvt.l.d, rtz, 0, 0x8000000000000000, 0xc3e0000000000000)
        TEST_FCVT_X_D(26, fcvt.l.d, rtz, FF_NV, 0x7fffffffffffffff, CNAN)
        TEST_FCVT_X_D(27, fcvt.l.d, rtz, FF_NV, 0x8000000000000000, NINF)
        TEST_FCVT_X_D(28, fcvt.l.d, rtz, FF_NV, 0x8000000000000000, 0xc3e0000000000001)
        TEST_FCVT_X_D(29, fcvt.l.d, rtz, 0, 0x7ffffffffffffc00, 0x43dfffffffffffff)
        TEST_FCVT_X_D(30, fcvt.l.d, rmm, FF_NX, 0xfffffffffffffffd, 0xc004000000000000) /* -2.5 */

        /* fcvt.lu.d */
        TEST_FCVT_X_D(31, fcvt.lu.d, rtz, 0, 0x8000000000000000, 0x43e0000000000000)
        TEST_FCVT_X_D(32, fcvt.lu.d, rtz, FF_NV, 0xffffffffffffffff, 0x43f0000000000000) /* 2^64 */
        TEST_FCVT_X_D(33, fcvt.lu.d, rtz, 0, 0xfffffffffffff800, 0x43efffffffffffff)
        TEST_FCVT_X_D(34, fcvt.lu.d, rtz, FF_NV, 0, MONE)
        TEST_FCVT_X_D(35, fcvt.lu.d, rtz, FF_NV, 0xffffffffffffffff, SNAN)
        TEST_FCVT_X_D(36, fcvt.lu.d, rtz, 0, 0, NZERO)
        TEST_FCVT_X_D(37, fcvt.lu.d, rtz, FF_NV, 0, NINF)
        TEST_FCVT_X_D(38, fcvt.lu.d, rtz, FF_NX, 0, 0xbfe0000000000000)

        /* fcvt.d.w / fcvt.d.wu: exact, low word only */
        TEST_FP_D_RESULT(39, 0, ONE, li a0, 1; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(40, 0, MONE, li a0, -1; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(41, 0, 0x41dfffffffc00000, li a0, 0x7fffffff; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(42, 0, 0xc1e0000000000000, li a0, 0xffffffff80000000; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(43, 0, ONE, li a0, 0x1234567800000001; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(44, 0, 0xc1e0000000000000, li a0, 0x0000000080000000; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(45, 0, 0, li a0, 0; fcvt.d.w fa3, a0)
        TEST_FP_D_RESULT(46, 0, 0x41efffffffe00000, li a0, 0xffffffff; fcvt.d.wu fa3, a0)
        TEST_FP_D_RESULT(47, 0, 0x41e0000000000000, li a0, 0xffffffff80000000; fcvt.d.wu fa3, a0)
        TEST_FP_D_RESULT(48, 0, 0, li a0, 0xffffffff00000000; fcvt.d.wu fa3, a0)
        /* fcvt.d.l / fcvt.d.lu */
        TEST_FCVT_D_X(49, fcvt.d.l, rne, 0, MONE, -1)
        TEST_FCVT_D_X(50, fcvt.d.l, rne, 0, 0xc3e0000000000000, 0x8000000000000000)
        TEST_FCVT_D_X(51, fcvt.d.l, rne, FF_NX, 0x43e0000000000000, 0x7fffffffffffffff)
        TEST_FCVT_D_X(52, fcvt.d.l, rtz, FF_NX, 0x43dfffffffffffff, 0x7fffffffffffffff)
        TEST_FCVT_D_X(53, fcvt.d.l, rne, 0, 0x4202a05f20000000, 10000000000)
        TEST_FCVT_D_X(54, fcvt.d.lu, rne, FF_NX, 0x43f0000000000000, 0xffffffffffffffff)
        TEST_FCVT_D_X(55, fcvt.d.lu, rne, 0, 0x43e0000000000000, 0x8000000000000000)
        TEST_FCVT_D_X(56, fcvt.d.lu, rne, 0, 0, 0)
        TEST_FCVT_D_X(57, fcvt.d.lu, rne, FF_NX, 0x4340000000000000, 0x20000000000001)

        /* fcvt.s.d */
        TEST_FP_S_RESULT(58, FF_NX, 0x3eaaaaab, LOAD_D(fa0, 0x3fd5555555555555); fcvt.s.d fa3, fa0)
        TEST_FP_S_RESULT(59, 0, 0x3fc00000, LOAD_D(fa0, 0x3ff8000000000000); fcvt.s.d fa3, fa0)
        TEST_FP_S_RESULT(60, FF_OF | FF_NX, 0x7f800000, LOAD_D(fa0, MAXD); fcvt.s.d fa3, fa0, rne)
        TEST_FP_S_RESULT(61, FF_OF | FF_NX, 0x7f7fffff, LOAD_D(fa0, MAXD); fcvt.s.d fa3, fa0, rtz)
        TEST_FP_S_RESULT(62, FF_UF | FF_NX, 0, LOAD_D(fa0, 0x3690000000000000); fcvt.s.d fa3, fa0) /* 2^-150 */
        TEST_FP_S_RESULT(63, 0, 0x00000001, LOAD_D(fa0, 0x36a0000000000000); fcvt.s.d fa3, fa0)     /* 2^-149 */
        TEST_FP_S_RESULT(64, FF_NV, 0x7fc00000, LOAD_D(fa0, SNAN); fcvt.s.d fa3, fa0)
        TEST_FP_S_RESULT(65, 0, 0x7fc00000, LOAD_D(fa0, QNAN_P); fcvt.s.d fa3, fa0)
        TEST_FP_S_RESULT(66, 0, 0xff800000, LOAD_D(fa0, NINF); fcvt.s.d fa3, fa0)
        TEST_FP_S_RESULT(67, 0, 0x80000000, LOAD_D(fa0, NZERO); fcvt.s.d fa3, fa0)
        TEST_FP_S_RESULT(68, 0, 0x00800000, LOAD_D(fa0, 0x3810000000000000); fcvt.s.d fa3, fa0)
        /* 2^-126 (1 - 2^-30): rounds up to the minimum normal (no UF) or, towards zero, stays tiny */
        TEST_FP_S_RESULT(69, FF_NX, 0x00800000, LOAD_D(fa0, 0x380fffffff800000); fcvt.s.d fa3, fa0, rne)
        TEST_FP_S_RESULT(70, FF_UF | FF_NX, 0x007fffff, LOAD_D(fa0, 0x380fffffff800000); fcvt.s.d fa3, fa0, rtz)

        /* fcvt.d.s: exact; NaNs become the canonical NaN, sNaN raises NV */
        TEST_FP_D_RESULT(71, 0, 0x3ff8000000000000, LOAD_S(fa0, 0x3fc00000); fcvt.d.s fa3, fa0)
        TEST_FP_D_RESULT(72, FF_NV, CNAN, LOAD_S(fa0, 0x7f800001); fcvt.d.s fa3, fa0)
        TEST_FP_D_RESULT(73, 0, CNAN, LOAD_S(fa0, 0xffc00000); fcvt.d.s fa3, fa0)
        TEST_FP_D_RESULT(74, 0, NINF, LOAD_S(fa0, 0xff800000); fcvt.d.s fa3, fa0)
        TEST_FP_D_RESULT(75, 0, 0x36a0000000000000, LOAD_S(fa0, 0x00000001); fcvt.d.s fa3, fa0)
        TEST_FP_D_RESULT(76, 0, 0x47efffffe0000000, LOAD_S(fa0, 0x7f7fffff); fcvt.d.s fa3, fa0)
        TEST_FP_D_RESULT(77, 0, NZERO, LOAD_S(fa0, 0x80000000); fcvt.d.s fa3, fa0)

        /* fld / fsd: raw bits, no flags, negative offsets, only 8 bytes written */
        TEST_FP_D_RESULT(78, 0, 0x7ff0000000000001, la a1, ddat; fld fa3, 8(a1))
        TEST_FP_D_RESULT(79, 0, 0x400921fb54442d18, la a1, ddat + 16; fld fa3, -16(a1))
        TEST_START(80)
        la a1, dbuf
        li a2, -1
        sd a2, 0(a1)
        sd a2, 8(a1)
        sd a2, 16(a1)
        LOAD_D(fa0, 0x0123456789abcdef)
        fsd fa0, 8(a1)
        ld a0, 0(a1)
        CHECK_REG(a0, -1)
        ld a0, 8(a1)
        CHECK_REG(a0, 0x0123456789abcdef)
        ld a0, 16(a1)
        CHECK_REG(a0, -1)
        /* fsd of a NaN-boxed single stores the boxed pattern */
        TEST_START(81)
        la a1, dbuf + 24
        LOAD_S(fa0, 0x3f800000)
        fsd fa0, -24(a1)
        ld a0, -24(a1)
        CHECK_REG(a0, 0xffffffff3f800000)
        /* sNaN through fld/fsd keeps its bits and raises nothing */
        TEST_START(82)
        fsflags x0
        la a1, ddat
        fld fa0, 8(a1)
        la a2, dbuf
        fsd fa0, 0(a2)
        ld a0, 0(a2)
        CHECK_REG(a0, SNAN)
        CHECK_FFLAGS(0)

RVTEST_END

        .data
        .balign 8
ddat:   .dword 0x400921fb54442d18, 0x7ff0000000000001
dbuf:   .dword 0, 0, 0, 0
