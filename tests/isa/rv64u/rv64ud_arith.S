/* SPDX-License-Identifier: MIT */
/* RV64D arithmetic (unprivileged ISA, "D" Standard Extension, double-precision computational
   instructions): fadd/fsub/fmul/fdiv/fsqrt and the four fused multiply-adds with exact fflags
   (NV, DZ, OF, UF with tininess detected after rounding, NX), signed zeros, infinities and
   canonical NaN results (0x7ff8000000000000). Operands/results are IEEE binary64 bit patterns. */
#include "test_macros.h"

#define ONE     0x3ff0000000000000
#define TWO     0x4000000000000000
#define THREE   0x4008000000000000
#define FIVE    0x4014000000000000
#define HALF    0x3fe0000000000000
#define MONE    0xbff0000000000000
#define PINF    0x7ff0000000000000
#define NINF    0xfff0000000000000
#define CNAN    0x7ff8000000000000
#define QNAN_P  0x7ff8000000012345
#define SNAN    0x7ff0000000000001
#define MAXD    0x7fefffffffffffff
#define NMAXD   0xffefffffffffffff
#define MINNORM 0x0010000000000000
#define MINSUB  0x0000000000000001
#define MAXSUB  0x000fffffffffffff
#define NZERO   0x8000000000000000
#define ONEP    0x3ff0000000000001      /* 1 + 2^-52 */

RVTEST_BEGIN

        /* fadd.d */
        TEST_FP_OP2_D(1, fadd.d, rne, 0, THREE, ONE, TWO)
        TEST_FP_OP2_D(2, fadd.d, rne, 0, 0x3ff8000000000000, 0x4004000000000000, MONE) /* 2.5 - 1 */
        TEST_FP_OP2_D(3, fadd.d, rne, 0, NZERO, NZERO, NZERO)
        TEST_FP_OP2_D(4, fadd.d, rne, 0, 0, 0, NZERO)
        TEST_FP_OP2_D(5, fadd.d, rdn, 0, NZERO, 0, NZERO)
        TEST_FP_OP2_D(6, fadd.d, rne, 0, 0, ONE, MONE)
        TEST_FP_OP2_D(7, fadd.d, rdn, 0, NZERO, ONE, MONE)
        TEST_FP_OP2_D(8, fadd.d, rne, FF_NV, CNAN, PINF, NINF)
        TEST_FP_OP2_D(9, fadd.d, rne, 0, PINF, PINF, ONE)
        TEST_FP_OP2_D(10, fadd.d, rne, 0, CNAN, QNAN_P, ONE)
        TEST_FP_OP2_D(11, fadd.d, rne, FF_NV, CNAN, SNAN, ONE)
        TEST_FP_OP2_D(12, fadd.d, rne, FF_NV, CNAN, ONE, SNAN)
        TEST_FP_OP2_D(13, fadd.d, rne, FF_OF | FF_NX, PINF, MAXD, MAXD)
        TEST_FP_OP2_D(14, fadd.d, rtz, FF_OF | FF_NX, MAXD, MAXD, MAXD)
        TEST_FP_OP2_D(15, fadd.d, rdn, FF_OF | FF_NX, NINF, NMAXD, NMAXD)
        TEST_FP_OP2_D(16, fadd.d, rup, FF_OF | FF_NX, NMAXD, NMAXD, NMAXD)
        TEST_FP_OP2_D(17, fadd.d, rne, 0, 0x0000000000000002, MINSUB, MINSUB)
        TEST_FP_OP2_D(18, fadd.d, rne, FF_NX, ONE, ONE, 0x3ca0000000000000)   /* 1 + 2^-53: tie */
        TEST_FP_OP2_D(19, fadd.d, rne, 0, NINF, NINF, NINF)
        TEST_FP_OP2_D(20, fadd.d, rne, FF_NV, CNAN, CNAN, SNAN)
        TEST_FP_OP2_D(21, fadd.d, rup, 0, 0, THREE, 0xc008000000000000)
        TEST_FP_OP2_D(22, fadd.d, rne, 0, CNAN, 0xfff8000000000000, ONE)
        TEST_FP_OP2_D(23, fadd.d, rne, 0, MINNORM, MAXSUB, MINSUB)

        /* fsub.d */
        TEST_FP_OP2_D(24, fsub.d, rne, 0, TWO, THREE, ONE)
        TEST_FP_OP2_D(25, fsub.d, rne, 0, 0, ONE, ONE)
        TEST_FP_OP2_D(26, fsub.d, rdn, 0, NZERO, ONE, ONE)
        TEST_FP_OP2_D(27, fsub.d, rne, FF_NV, CNAN, PINF, PINF)
        TEST_FP_OP2_D(28, fsub.d, rne, 0, NZERO, NZERO, 0)
        TEST_FP_OP2_D(29, fsub.d, rne, FF_NX, ONE, ONE, 0x3c90000000000000)   /* 1 - 2^-54: tie */
        TEST_FP_OP2_D(30, fsub.d, rne, 0, 0x3fefffffffffffff, ONE, 0x3ca0000000000000)
        TEST_FP_OP2_D(31, fsub.d, rne, FF_OF | FF_NX, PINF, MAXD, NMAXD)
        TEST_FP_OP2_D(32, fsub.d, rne, 0, CNAN, ONE, QNAN_P)
        TEST_FP_OP2_D(33, fsub.d, rne, 0, NINF, NINF, PINF)

        /* fmul.d */
        TEST_FP_OP2_D(34, fmul.d, rne, 0, FIVE, 0x4004000000000000, TWO)
        TEST_FP_OP2_D(35, fmul.d, rne, 0, 0xc018000000000000, 0xc000000000000000, THREE)
        TEST_FP_OP2_D(36, fmul.d, rne, FF_NV, CNAN, 0, PINF)
        TEST_FP_OP2_D(37, fmul.d, rne, 0, NZERO, NZERO, FIVE)
        TEST_FP_OP2_D(38, fmul.d, rne, 0, 0, NZERO, 0xc014000000000000)
        TEST_FP_OP2_D(39, fmul.d, rne, FF_OF | FF_NX, PINF, MAXD, TWO)
        TEST_FP_OP2_D(40, fmul.d, rdn, FF_OF | FF_NX, MAXD, MAXD, TWO)
        TEST_FP_OP2_D(41, fmul.d, rne, 0, 0x0008000000000000, MINNORM, HALF)
        TEST_FP_OP2_D(42, fmul.d, rne, FF_UF | FF_NX, 0, MINSUB, HALF)
        TEST_FP_OP2_D(43, fmul.d, rup, FF_UF | FF_NX, MINSUB, MINSUB, HALF)
        TEST_FP_OP2_D(44, fmul.d, rmm, FF_UF | FF_NX, MINSUB, MINSUB, HALF)
        /* 2^-1022 * (1 - 2^-104): not tiny after rounding, so no UF */
        TEST_FP_OP2_D(45, fmul.d, rne, FF_NX, MINNORM, MAXSUB, ONEP)
        TEST_FP_OP2_D(46, fmul.d, rtz, FF_UF | FF_NX, MAXSUB, MAXSUB, ONEP)
        TEST_FP_OP2_D(47, fmul.d, rne, 0, NINF, PINF, 0xc000000000000000)
        TEST_FP_OP2_D(48, fmul.d, rne, 0, CNAN, CNAN, 0)
        TEST_FP_OP2_D(49, fmul.d, rne, FF_NX, 0x3ff0000000000002, ONEP, ONEP)
        TEST_FP_OP2_D(50, fmul.d, rne, FF_NV, CNAN, SNAN, 0)

        /* fdiv.d */
        TEST_FP_OP2_D(51, fdiv.d, rne, 0, 0x400c000000000000, 0x401c000000000000, TWO) /* 7 / 2 */
        TEST_FP_OP2_D(52, fdiv.d, rne, FF_NX, 0x3fd5555555555555, ONE, THREE)
        TEST_FP_OP2_D(53, fdiv.d, rup, FF_NX, 0x3fd5555555555556, ONE, THREE)
        TEST_FP_OP2_D(54, fdiv.d, rne, FF_DZ, PINF, ONE, 0)
        TEST_FP_OP2_D(55, fdiv.d, rne, FF_DZ, NINF, MONE, 0)
        TEST_FP_OP2_D(56, fdiv.d, rne, FF_DZ, NINF, ONE, NZERO)
        TEST_FP_OP2_D(57, fdiv.d, rne, FF_NV, CNAN, 0, 0)
        TEST_FP_OP2_D(58, fdiv.d, rne, FF_NV, CNAN, PINF, NINF)
        TEST_FP_OP2_D(59, fdiv.d, rne, 0, 0, ONE, PINF)
        TEST_FP_OP2_D(60, fdiv.d, rne, 0, PINF, PINF, 0)
        TEST_FP_OP2_D(61, fdiv.d, rne, 0, NINF, NINF, TWO)
        TEST_FP_OP2_D(62, fdiv.d, rne, 0, CNAN, QNAN_P, 0)
        TEST_FP_OP2_D(63, fdiv.d, rne, FF_NV, CNAN, SNAN, ONE)
        TEST_FP_OP2_D(64, fdiv.d, rne, FF_OF | FF_NX, PINF, MAXD, HALF)
        TEST_FP_OP2_D(65, fdiv.d, rne, 0, 0x0004000000000000, MINNORM, 0x4010000000000000)
        TEST_FP_OP2_D(66, fdiv.d, rne, 0, NZERO, 0, MONE)
        TEST_FP_OP2_D(67, fdiv.d, rne, FF_UF | FF_NX, 0, MINSUB, THREE)

        /* fsqrt.d */
        TEST_FP_OP1_D(68, fsqrt.d, rne, 0, TWO, 0x4010000000000000)
        TEST_FP_OP1_D(69, fsqrt.d, rne, FF_NX, 0x3ff6a09e667f3bcd, TWO)
        TEST_FP_OP1_D(70, fsqrt.d, rtz, FF_NX, 0x3ff6a09e667f3bcc, TWO)
        TEST_FP_OP1_D(71, fsqrt.d, rne, FF_NV, CNAN, MONE)
        TEST_FP_OP1_D(72, fsqrt.d, rne, 0, NZERO, NZERO)
        TEST_FP_OP1_D(73, fsqrt.d, rne, 0, 0, 0)
        TEST_FP_OP1_D(74, fsqrt.d, rne, 0, PINF, PINF)
        TEST_FP_OP1_D(75, fsqrt.d, rne, FF_NV, CNAN, NINF)
        TEST_FP_OP1_D(76, fsqrt.d, rne, 0, CNAN, QNAN_P)
        TEST_FP_OP1_D(77, fsqrt.d, rne, FF_NV, CNAN, SNAN)
        TEST_FP_OP1_D(78, fsqrt.d, rne, 0, 0x1e70000000000000, 0x0000000000000004) /* 2^-1072 */
        TEST_FP_OP1_D(79, fsqrt.d, rne, FF_NV, CNAN, 0x8000000000000001)

        /* fmadd.d / fmsub.d / fnmsub.d / fnmadd.d */
        TEST_FP_OP3_D(80, fmadd.d, rne, 0, FIVE, ONE, TWO, THREE)
        TEST_FP_OP3_D(81, fmsub.d, rne, 0, MONE, ONE, TWO, THREE)
        TEST_FP_OP3_D(82, fnmsub.d, rne, 0, ONE, ONE, TWO, THREE)
        TEST_FP_OP3_D(83, fnmadd.d, rne, 0, 0xc014000000000000, ONE, TWO, THREE)
        /* (1+2^-52)(1-2^-52) - 1 = -2^-104 exactly */
        TEST_FP_OP3_D(84, fmadd.d, rne, 0, 0xb970000000000000, ONEP, 0x3feffffffffffffe, MONE)
        TEST_FP_OP3_D(85, fmadd.d, rne, FF_NV, CNAN, PINF, 0, CNAN)
        TEST_FP_OP3_D(86, fmadd.d, rne, FF_NV, CNAN, PINF, 0, ONE)
        TEST_FP_OP3_D(87, fmadd.d, rne, FF_NV, CNAN, PINF, ONE, NINF)
        TEST_FP_OP3_D(88, fmadd.d, rne, 0, CNAN, ONE, ONE, QNAN_P)
        TEST_FP_OP3_D(89, fnmadd.d, rne, 0, NZERO, ONE, 0, 0)
        TEST_FP_OP3_D(90, fnmsub.d, rne, 0, 0, ONE, 0, 0)
        TEST_FP_OP3_D(91, fmsub.d, rne, 0, 0, ONE, 0, 0)
        TEST_FP_OP3_D(92, fmsub.d, rdn, 0, NZERO, ONE, 0, 0)
        TEST_FP_OP3_D(93, fmadd.d, rne, FF_NX, 0x3ff0000000000002, ONEP, ONEP, 0)
        TEST_FP_OP3_D(94, fmadd.d, rup, FF_NX, 0x3ff0000000000003, ONEP, ONEP, 0)
        TEST_FP_OP3_D(95, fmadd.d, rne, 0, MAXD, MAXD, TWO, NMAXD)
        TEST_FP_OP3_D(96, fnmsub.d, rne, 0, 0x401c000000000000, 0xc000000000000000, THREE, ONE)
        TEST_FP_OP3_D(97, fnmadd.d, rne, 0, MONE, MONE, TWO, THREE)
        TEST_FP_OP3_D(98, fmsub.d, rne, FF_NV, CNAN, ONE, ONE, SNAN)
        TEST_FP_OP3_D(99, fmadd.d, rne, 0, 0, MONE, 0, 0)
        TEST_FP_OP3_D(100, fmadd.d, rne, 0, NZERO, MONE, 0, NZERO)
        TEST_FP_OP3_D(101, fmadd.d, rne, FF_OF | FF_NX, PINF, MAXD, MAXD, MONE)
        TEST_FP_OP3_D(102, fnmadd.d, rne, FF_OF | FF_NX, NINF, MAXD, MAXD, ONE)
        TEST_FP_OP3_D(103, fnmsub.d, rne, FF_NV, CNAN, SNAN, ONE, ONE)
        TEST_FP_OP3_D(104, fmadd.d, rne, 0, NINF, NINF, ONE, ONE)
        TEST_FP_D_RESULT(105, 0, 0x4010000000000000, LOAD_D(fa3, TWO); fadd.d fa3, fa3, fa3)

RVTEST_END
