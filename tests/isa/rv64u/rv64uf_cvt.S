/* SPDX-License-Identifier: MIT */
/* RV64F conversions and transfers (unprivileged ISA, "F" extension: "Single-Precision
   Floating-Point Conversion and Move Instructions", loads/stores): fcvt.{w,wu,l,lu}.s with
   rounding and saturation (NaN -> largest value, out of range -> nearest limit, NV not NX),
   32-bit results sign-extended even for wu, fcvt.s.{w,wu,l,lu} (only the low word for w/wu),
   and flw/fsw moving raw bits (loads NaN-box, sNaNs are not quieted). */
#include "test_macros.h"

#define ONE     0x3f800000
#define MONE    0xbf800000
#define PINF    0x7f800000
#define NINF    0xff800000
#define CNAN    0x7fc00000
#define SNAN    0x7f800001
#define NZERO   0x80000000

RVTEST_BEGIN

        /* fcvt.w.s */
        TEST_FCVT_X_S(1, fcvt.w.s, rtz, 0, 1, ONE)
        TEST_FCVT_X_S(2, fcvt.w.s, rtz, 0, 0xffffffffffffffff, MONE)
        TEST_FCVT_X_S(3, fcvt.w.s, rne, FF_NX, 2, 0x3fc00000)                  /* 1.5 */
        TEST_FCVT_X_S(4, fcvt.w.s, rtz, FF_NX, 1, 0x3fc00000)
        TEST_FCVT_X_S(5, fcvt.w.s, rtz, FF_NX, 0xffffffffffffffff, 0xbfc00000) /* -1.5 */
        TEST_FCVT_X_S(6, fcvt.w.s, rdn, FF_NX, 0xfffffffffffffffe, 0xbfc00000)
        TEST_FCVT_X_S(7, fcvt.w.s, rtz, 0, 0x7fffff80, 0x4effffff)
        TEST_FCVT_X_S(8, fcvt.w.s, rtz, FF_NV, 0x7fffffff, 0x4f000000)         /* 2^31 */
        TEST_FCVT_X_S(9, fcvt.w.s, rtz, 0, 0xffffffff80000000, 0xcf000000)     /* -2^31 */
        TEST_FCVT_X_S(10, fcvt.w.s, rtz, FF_NV, 0xffffffff80000000, 0xcf000001)
        TEST_FCVT_X_S(11, fcvt.w.s, rtz, FF_NV, 0x7fffffff, CNAN)
        TEST_FCVT_X_S(12, fcvt.w.s, rtz, FF_NV, 0x7fffffff, SNAN)
        TEST_FCVT_X_S(13, fcvt.w.s, rtz, FF_NV, 0x7fffffff, 0xffc00000)        /* -NaN too */
        TEST_FCVT_X_S(14, fcvt.w.s, rtz, FF_NV, 0x7fffffff, PINF)
        TEST_FCVT_X_S(15, fcvt.w.s, rtz, FF_NV, 0xffffffff80000000, NINF)
        TEST_FCVT_X_S(16, fcvt.w.s, rtz, FF_NX, 0, 0xbf000000)                 /* -0.5 */
        TEST_FCVT_X_S(17, fcvt.w.s, rtz, 0, 0, NZERO)
        TEST_FCVT_X_S(18, fcvt.w.s, rne, FF_NX, 0, 0x00000001)
        TEST_FCVT_X_S(19, fcvt.w.s, rtz, FF_NV, 0x7fffffff, 0x501502f9)        /* 1e10 */

        /* fcvt.wu.s */
        TEST_FCVT_X_S(20, fcvt.wu.s, rtz, 0, 1, ONE)
        TEST_FCVT_X_S(21, fcvt.wu.s, rtz, 0, 0xffffffffb2d05e00, 0x4f32d05e)   /* 3e9, sign-extended */
        TEST_FCVT_X_S(22, fcvt.wu.s, rtz, FF_NV, 0xffffffffffffffff, 0x4f800000) /* 2^32 */
        TEST_FCVT_X_S(23, fcvt.wu.s, rtz, FF_NV, 0, MONE)
        TEST_FCVT_X_S(24, fcvt.wu.s, rtz, FF_NX, 0, 0xbf000000)                /* -0.5 -> -0: fits */
        TEST_FCVT_X_S(25, fcvt.wu.s, rdn, FF_NV, 0, 0xbf000000)                /* -0.5 -> -1 */
        TEST_FCVT_X_S(26, fcvt.wu.s, rtz, FF_NV, 0xffffffffffffffff, CNAN)
        TEST_FCVT_X_S(27, fcvt.wu.s, rtz, FF_NV, 0xffffffffffffffff, PINF)
        TEST_FCVT_X_S(28, fcvt.wu.s, rtz, FF_NV, 0, NINF)
        TEST_FCVT_X_S(29, fcvt.wu.s, rtz, 0, 0, NZERO)
        TEST_FCVT_X_S(30, fcvt.wu.s, rtz, 0, 0xffffffff80000000, 0x4f000000)   /* 2^31 */

        /* fcvt.l.s */
        TEST_FCVT_X_S(31, fcvt.l.s, rtz, 0, 0x2540be400, 0x501502f9)
        TEST_FCVT_X_S(32, fcvt.l.s, rtz, FF_NV, 0x7fffffffffffffff, 0x5f000000) /* 2^63 */
        TEST_FCVT_X_S(33, fcvt.l.s, rtz, 0, 0x8000000000000000, 0xdf000000)     /* -2^63 */
        TEST_FCVT_X_S(34, fcvt.l.s, rtz, FF_NV, 0x7fffffffffffffff, CNAN)
        TEST_FCVT_X_S(35, fcvt.l.s, rtz, FF_NV, 0x8000000000000000, NINF)
        TEST_FCVT_X_S(36, fcvt.l.s, rtz, FF_NV, 0x7fffffffffffffff, PINF)
        TEST_FCVT_X_S(37, fcvt.l.s, rmm, FF_NX, 0xfffffffffffffffd, 0xc0200000) /* -2.5 */
        TEST_FCVT_X_S(38, fcvt.l.s, rtz, FF_NV, 0x8000000000000000, 0xdf000001)
        TEST_FCVT_X_S(39, fcvt.l.s, rtz, FF_NV, 0x7fffffffffffffff, SNAN)

        /* fcvt.lu.s */
        TEST_FCVT_X_S(40, fcvt.lu.s, rtz, 0, 0x8000000000000000, 0x5f000000)
        TEST_FCVT_X_S(41, fcvt.lu.s, rtz, FF_NV, 0xffffffffffffffff, 0x5f800000) /* 2^64 */
        TEST_FCVT_X_S(42, fcvt.lu.s, rtz, FF_NV, 0, MONE)
        TEST_FCVT_X_S(43, fcvt.lu.s, rtz, FF_NV, 0xffffffffffffffff, CNAN)
        TEST_FCVT_X_S(44, fcvt.lu.s, rtz, 0, 0, NZERO)
        TEST_FCVT_X_S(45, fcvt.lu.s, rtz, FF_NV, 0, NINF)
        TEST_FCVT_X_S(46, fcvt.lu.s, rup, FF_NX, 1, 0x3f000000)                 /* 0.5 */
        TEST_FCVT_X_S(47, fcvt.lu.s, rtz, 0, 0x2540be400, 0x501502f9)
        TEST_FCVT_X_S(48, fcvt.lu.s, rtz, FF_NV, 0xffffffffffffffff, PINF)

        /* fcvt.s.w: low word only */
        TEST_FCVT_S_X(49, fcvt.s.w, rne, 0, ONE, 1)
        TEST_FCVT_S_X(50, fcvt.s.w, rne, 0, MONE, -1)
        TEST_FCVT_S_X(51, fcvt.s.w, rne, 0, 0, 0)
        TEST_FCVT_S_X(52, fcvt.s.w, rne, FF_NX, 0x4f000000, 0x7fffffff)
        TEST_FCVT_S_X(53, fcvt.s.w, rtz, FF_NX, 0x4effffff, 0x7fffffff)
        TEST_FCVT_S_X(54, fcvt.s.w, rne, 0, 0xcf000000, 0xffffffff80000000)
        TEST_FCVT_S_X(55, fcvt.s.w, rne, 0, ONE, 0x1234567800000001)
        TEST_FCVT_S_X(56, fcvt.s.w, rne, 0, 0xcf000000, 0x0000000080000000)
        /* fcvt.s.wu: low word, zero-extended */
        TEST_FCVT_S_X(57, fcvt.s.wu, rne, FF_NX, 0x4f800000, 0xffffffff)
        TEST_FCVT_S_X(58, fcvt.s.wu, rtz, FF_NX, 0x4f7fffff, 0xffffffff)
        TEST_FCVT_S_X(59, fcvt.s.wu, rne, 0, 0x4f000000, 0xffffffff80000000)
        TEST_FCVT_S_X(60, fcvt.s.wu, rne, 0, 0, 0xffffffff00000000)
        /* fcvt.s.l / fcvt.s.lu */
        TEST_FCVT_S_X(61, fcvt.s.l, rne, 0, MONE, -1)
        TEST_FCVT_S_X(62, fcvt.s.l, rne, 0, 0xdf000000, 0x8000000000000000)
        TEST_FCVT_S_X(63, fcvt.s.l, rne, FF_NX, 0x5f000000, 0x7fffffffffffffff)
        TEST_FCVT_S_X(64, fcvt.s.l, rne, 0, 0x501502f9, 10000000000)
        TEST_FCVT_S_X(65, fcvt.s.l, rdn, FF_NX, 0xda800001, 0xffbfffffffffffff) /* -(2^54 + 1) */
        TEST_FCVT_S_X(66, fcvt.s.lu, rne, FF_NX, 0x5f800000, 0xffffffffffffffff)
        TEST_FCVT_S_X(67, fcvt.s.lu, rtz, FF_NX, 0x5f7fffff, 0xffffffffffffffff)
        TEST_FCVT_S_X(68, fcvt.s.lu, rne, 0, 0x5f000000, 0x8000000000000000)
        TEST_FCVT_S_X(69, fcvt.s.lu, rne, 0, ONE, 1)
        TEST_FCVT_S_X(70, fcvt.s.lu, rne, 0, 0, 0)

        /* flw NaN-boxes and does not quiet sNaNs; negative offsets */
        TEST_FP_S_RESULT(71, 0, 0x40490fdb, la a1, fdat; flw fa3, 0(a1))
        TEST_FP_S_RESULT(72, 0, SNAN, la a1, fdat + 8; flw fa3, -4(a1))
        TEST_FP_S_RESULT(73, 0, 0xffc12345, la a1, fdat; flw fa3, 8(a1))
        /* fsw writes only its 4 bytes */
        TEST_START(74)
        la a1, fbuf
        li a2, -1
        sd a2, 0(a1)
        LOAD_S(fa0, 0x12345678)
        fsw fa0, 4(a1)
        ld a0, 0(a1)
        CHECK_REG(a0, 0x12345678ffffffff)
        /* flw/fsw round trip of a signaling NaN, no flags */
        TEST_START(75)
        fsflags x0
        la a1, fdat
        flw fa0, 4(a1)
        la a2, fbuf
        fsw fa0, 0(a2)
        lwu a0, 0(a2)
        CHECK_REG(a0, SNAN)
        CHECK_FFLAGS(0)

RVTEST_END

        .data
        .balign 8
fdat:   .word 0x40490fdb, 0x7f800001, 0xffc12345, 0
fbuf:   .dword 0, 0
