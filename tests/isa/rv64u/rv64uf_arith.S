/* SPDX-License-Identifier: MIT */
/* RV64F arithmetic (unprivileged ISA, "F" Standard Extension, single-precision computational
   instructions): fadd/fsub/fmul/fdiv/fsqrt and the four fused multiply-adds with exact fflags
   (NV, DZ, OF, UF with tininess detected after rounding, NX), signed zeros, infinities,
   canonical NaN results (0x7fc00000) for NaN inputs and invalid operations, and NaN-boxed
   results. Operands/results are IEEE binary32 bit patterns. */
#include "test_macros.h"

#define ONE     0x3f800000
#define TWO     0x40000000
#define THREE   0x40400000
#define MONE    0xbf800000
#define PINF    0x7f800000
#define NINF    0xff800000
#define CNAN    0x7fc00000      /* canonical NaN */
#define QNAN_P  0x7fc12345      /* quiet NaN with a payload */
#define SNAN    0x7f800001
#define MAXF    0x7f7fffff
#define NMAXF   0xff7fffff
#define MINNORM 0x00800000
#define MINSUB  0x00000001
#define MAXSUB  0x007fffff
#define NZERO   0x80000000

RVTEST_BEGIN

        /* fadd.s */
        TEST_FP_OP2_S(1, fadd.s, rne, 0, 0x40400000, ONE, TWO)
        TEST_FP_OP2_S(2, fadd.s, rne, 0, 0x3fc00000, 0x40200000, MONE)       /* 2.5 + -1 */
        TEST_FP_OP2_S(3, fadd.s, rne, 0, NZERO, NZERO, NZERO)
        TEST_FP_OP2_S(4, fadd.s, rne, 0, 0, 0, NZERO)
        TEST_FP_OP2_S(5, fadd.s, rdn, 0, NZERO, 0, NZERO)
        TEST_FP_OP2_S(6, fadd.s, rne, 0, 0, ONE, MONE)
        TEST_FP_OP2_S(7, fadd.s, rdn, 0, NZERO, ONE, MONE)
        TEST_FP_OP2_S(8, fadd.s, rne, FF_NV, CNAN, PINF, NINF)
        TEST_FP_OP2_S(9, fadd.s, rne, 0, PINF, PINF, ONE)
        TEST_FP_OP2_S(10, fadd.s, rne, 0, CNAN, QNAN_P, ONE)
        TEST_FP_OP2_S(11, fadd.s, rne, FF_NV, CNAN, SNAN, ONE)
        TEST_FP_OP2_S(12, fadd.s, rne, FF_NV, CNAN, ONE, SNAN)
        TEST_FP_OP2_S(13, fadd.s, rne, FF_OF | FF_NX, PINF, MAXF, MAXF)
        TEST_FP_OP2_S(14, fadd.s, rtz, FF_OF | FF_NX, MAXF, MAXF, MAXF)
        TEST_FP_OP2_S(15, fadd.s, rdn, FF_OF | FF_NX, NINF, NMAXF, NMAXF)
        TEST_FP_OP2_S(16, fadd.s, rup, FF_OF | FF_NX, NMAXF, NMAXF, NMAXF)
        TEST_FP_OP2_S(17, fadd.s, rne, 0, 0x00000002, MINSUB, MINSUB)        /* exact tiny: no UF */
        TEST_FP_OP2_S(18, fadd.s, rne, FF_NX, ONE, ONE, 0x33800000)          /* 1 + 2^-24: tie to even */
        TEST_FP_OP2_S(19, fadd.s, rne, 0, NINF, NINF, NINF)
        TEST_FP_OP2_S(20, fadd.s, rne, FF_NV, CNAN, CNAN, SNAN)
        TEST_FP_OP2_S(21, fadd.s, rup, 0, 0, THREE, 0xc0400000)              /* x + -x = +0 */
        TEST_FP_OP2_S(22, fadd.s, rne, 0, CNAN, 0xffc00000, ONE)             /* sign of a NaN dropped */
        TEST_FP_OP2_S(23, fadd.s, rne, 0, MINNORM, MAXSUB, MINSUB)           /* subnormal + subnormal = normal */

        /* fsub.s */
        TEST_FP_OP2_S(24, fsub.s, rne, 0, TWO, THREE, ONE)
        TEST_FP_OP2_S(25, fsub.s, rne, 0, 0, ONE, ONE)
        TEST_FP_OP2_S(26, fsub.s, rdn, 0, NZERO, ONE, ONE)
        TEST_FP_OP2_S(27, fsub.s, rne, FF_NV, CNAN, PINF, PINF)
        TEST_FP_OP2_S(28, fsub.s, rne, 0, NZERO, NZERO, 0)
        TEST_FP_OP2_S(29, fsub.s, rne, FF_NX, ONE, ONE, 0x33000000)          /* 1 - 2^-25: tie to even */
        TEST_FP_OP2_S(30, fsub.s, rne, 0, 0x3f7fffff, ONE, 0x33800000)       /* 1 - 2^-24 exact */
        TEST_FP_OP2_S(31, fsub.s, rne, FF_OF | FF_NX, PINF, MAXF, NMAXF)
        TEST_FP_OP2_S(32, fsub.s, rne, 0, CNAN, ONE, QNAN_P)
        TEST_FP_OP2_S(33, fsub.s, rne, 0, NINF, NINF, PINF)

        /* fmul.s */
        TEST_FP_OP2_S(34, fmul.s, rne, 0, 0x40a00000, 0x40200000, TWO)       /* 2.5 * 2 */
        TEST_FP_OP2_S(35, fmul.s, rne, 0, 0xc0c00000, 0xc0000000, THREE)     /* -2 * 3 */
        TEST_FP_OP2_S(36, fmul.s, rne, FF_NV, CNAN, 0, PINF)
        TEST_FP_OP2_S(37, fmul.s, rne, 0, NZERO, NZERO, 0x40a00000)
        TEST_FP_OP2_S(38, fmul.s, rne, 0, 0, NZERO, 0xc0a00000)
        TEST_FP_OP2_S(39, fmul.s, rne, FF_OF | FF_NX, PINF, MAXF, TWO)
        TEST_FP_OP2_S(40, fmul.s, rdn, FF_OF | FF_NX, MAXF, MAXF, TWO)
        TEST_FP_OP2_S(41, fmul.s, rne, 0, 0x00400000, MINNORM, 0x3f000000)   /* exact subnormal */
        TEST_FP_OP2_S(42, fmul.s, rne, FF_UF | FF_NX, 0, MINSUB, 0x3f000000) /* 2^-150: tie to 0 */
        TEST_FP_OP2_S(43, fmul.s, rup, FF_UF | FF_NX, MINSUB, MINSUB, 0x3f000000)
        TEST_FP_OP2_S(44, fmul.s, rmm, FF_UF | FF_NX, MINSUB, MINSUB, 0x3f000000)
        /* 2^-126 * (1 - 2^-46): rounds to the minimum normal, not tiny after rounding: no UF */
        TEST_FP_OP2_S(45, fmul.s, rne, FF_NX, MINNORM, MAXSUB, 0x3f800001)
        TEST_FP_OP2_S(46, fmul.s, rtz, FF_UF | FF_NX, MAXSUB, MAXSUB, 0x3f800001)
        TEST_FP_OP2_S(47, fmul.s, rne, 0, NINF, PINF, 0xc0000000)
        TEST_FP_OP2_S(48, fmul.s, rne, 0, CNAN, CNAN, 0)                     /* qNaN * 0: no NV */
        TEST_FP_OP2_S(49, fmul.s, rne, FF_NX, 0x3f800002, 0x3f800001, 0x3f800001)
        TEST_FP_OP2_S(50, fmul.s, rne, FF_NV, CNAN, SNAN, 0)

        /* fdiv.s */
        TEST_FP_OP2_S(51, fdiv.s, rne, 0, 0x40600000, 0x40e00000, TWO)       /* 7 / 2 */
        TEST_FP_OP2_S(52, fdiv.s, rne, FF_NX, 0x3eaaaaab, ONE, THREE)
        TEST_FP_OP2_S(53, fdiv.s, rtz, FF_NX, 0x3eaaaaaa, ONE, THREE)
        TEST_FP_OP2_S(54, fdiv.s, rne, FF_DZ, PINF, ONE, 0)
        TEST_FP_OP2_S(55, fdiv.s, rne, FF_DZ, NINF, MONE, 0)
        TEST_FP_OP2_S(56, fdiv.s, rne, FF_DZ, NINF, ONE, NZERO)
        TEST_FP_OP2_S(57, fdiv.s, rne, FF_NV, CNAN, 0, 0)
        TEST_FP_OP2_S(58, fdiv.s, rne, FF_NV, CNAN, PINF, NINF)
        TEST_FP_OP2_S(59, fdiv.s, rne, 0, 0, ONE, PINF)
        TEST_FP_OP2_S(60, fdiv.s, rne, 0, PINF, PINF, 0)                     /* no DZ for inf / 0 */
        TEST_FP_OP2_S(61, fdiv.s, rne, 0, NINF, NINF, TWO)
        TEST_FP_OP2_S(62, fdiv.s, rne, 0, CNAN, QNAN_P, 0)
        TEST_FP_OP2_S(63, fdiv.s, rne, FF_NV, CNAN, SNAN, ONE)
        TEST_FP_OP2_S(64, fdiv.s, rne, FF_OF | FF_NX, PINF, MAXF, 0x3f000000)
        TEST_FP_OP2_S(65, fdiv.s, rne, 0, 0x00200000, MINNORM, 0x40800000)   /* 2^-126 / 4 */
        TEST_FP_OP2_S(66, fdiv.s, rne, 0, NZERO, 0, MONE)
        TEST_FP_OP2_S(67, fdiv.s, rne, FF_UF | FF_NX, 0, MINSUB, 0x40400000) /* 2^-149 / 3 */

        /* fsqrt.s */
        TEST_FP_OP1_S(68, fsqrt.s, rne, 0, TWO, 0x40800000)
        TEST_FP_OP1_S(69, fsqrt.s, rne, FF_NX, 0x3fb504f3, TWO)
        TEST_FP_OP1_S(70, fsqrt.s, rup, FF_NX, 0x3fb504f4, TWO)
        TEST_FP_OP1_S(71, fsqrt.s, rne, FF_NV, CNAN, MONE)
        TEST_FP_OP1_S(72, fsqrt.s, rne, 0, NZERO, NZERO)
        TEST_FP_OP1_S(73, fsqrt.s, rne, 0, 0, 0)
        TEST_FP_OP1_S(74, fsqrt.s, rne, 0, PINF, PINF)
        TEST_FP_OP1_S(75, fsqrt.s, rne, FF_NV, CNAN, NINF)
        TEST_FP_OP1_S(76, fsqrt.s, rne, 0, CNAN, QNAN_P)
        TEST_FP_OP1_S(77, fsqrt.s, rne, FF_NV, CNAN, SNAN)
        TEST_FP_OP1_S(78, fsqrt.s, rne, 0, 0x1a800000, 0x00000002)           /* sqrt(2^-148) = 2^-74 */
        TEST_FP_OP1_S(79, fsqrt.s, rne, FF_NV, CNAN, 0x80000001)             /* negative subnormal */

        /* fmadd.s / fmsub.s / fnmsub.s / fnmadd.s */
        TEST_FP_OP3_S(80, fmadd.s, rne, 0, 0x40a00000, ONE, TWO, THREE)      /* 1*2+3 */
        TEST_FP_OP3_S(81, fmsub.s, rne, 0, MONE, ONE, TWO, THREE)            /* 1*2-3 */
        TEST_FP_OP3_S(82, fnmsub.s, rne, 0, ONE, ONE, TWO, THREE)            /* -(1*2)+3 */
        TEST_FP_OP3_S(83, fnmadd.s, rne, 0, 0xc0a00000, ONE, TWO, THREE)     /* -(1*2)-3 */
        /* single rounding: (1+2^-23)(1-2^-23) - 1 = -2^-46 exactly */
        TEST_FP_OP3_S(84, fmadd.s, rne, 0, 0xa8800000, 0x3f800001, 0x3f7ffffe, MONE)
        /* inf * 0 is invalid even with a quiet NaN addend */
        TEST_FP_OP3_S(85, fmadd.s, rne, FF_NV, CNAN, PINF, 0, CNAN)
        TEST_FP_OP3_S(86, fmadd.s, rne, FF_NV, CNAN, PINF, 0, ONE)
        TEST_FP_OP3_S(87, fmadd.s, rne, FF_NV, CNAN, PINF, ONE, NINF)
        TEST_FP_OP3_S(88, fmadd.s, rne, 0, CNAN, ONE, ONE, QNAN_P)
        TEST_FP_OP3_S(89, fnmadd.s, rne, 0, NZERO, ONE, 0, 0)                /* -(0) - 0 */
        TEST_FP_OP3_S(90, fnmsub.s, rne, 0, 0, ONE, 0, 0)                    /* -(0) + 0 */
        TEST_FP_OP3_S(91, fmsub.s, rne, 0, 0, ONE, 0, 0)
        TEST_FP_OP3_S(92, fmsub.s, rdn, 0, NZERO, ONE, 0, 0)
        TEST_FP_OP3_S(93, fmadd.s, rne, FF_NX, 0x3f800002, 0x3f800001, 0x3f800001, 0)
        TEST_FP_OP3_S(94, fmadd.s, rup, FF_NX, 0x3f800003, 0x3f800001, 0x3f800001, 0)
        /* max*2 - max = max: no intermediate overflow */
        TEST_FP_OP3_S(95, fmadd.s, rne, 0, MAXF, MAXF, TWO, NMAXF)
        TEST_FP_OP3_S(96, fnmsub.s, rne, 0, 0x40e00000, 0xc0000000, THREE, ONE)  /* -(-2*3)+1 */
        TEST_FP_OP3_S(97, fnmadd.s, rne, 0, MONE, MONE, TWO, THREE)          /* -(-1*2)-3 */
        TEST_FP_OP3_S(98, fmsub.s, rne, FF_NV, CNAN, ONE, ONE, SNAN)
        TEST_FP_OP3_S(99, fmadd.s, rne, 0, 0, MONE, 0, 0)                    /* -0 + +0 */
        TEST_FP_OP3_S(100, fmadd.s, rne, 0, NZERO, MONE, 0, NZERO)           /* -0 + -0 */
        TEST_FP_OP3_S(101, fmadd.s, rne, FF_OF | FF_NX, PINF, MAXF, MAXF, MONE)
        TEST_FP_OP3_S(102, fnmadd.s, rne, FF_OF | FF_NX, NINF, MAXF, MAXF, ONE)
        TEST_FP_OP3_S(103, fnmsub.s, rne, FF_NV, CNAN, SNAN, ONE, ONE)
        TEST_FP_OP3_S(104, fmadd.s, rne, 0, NINF, NINF, ONE, ONE)

        /* results reach the register file NaN-boxed even when the destination held a double */
        TEST_FP_S_RESULT(105, 0, 0x40400000, li t5, 0x400921fb54442d18; fmv.d.x fa3, t5;
                         LOAD_S(fa0, ONE); LOAD_S(fa1, TWO); fadd.s fa3, fa0, fa1)
        /* rd == rs1 == rs2 */
        TEST_FP_S_RESULT(106, 0, 0x40800000, LOAD_S(fa3, TWO); fadd.s fa3, fa3, fa3)

RVTEST_END
