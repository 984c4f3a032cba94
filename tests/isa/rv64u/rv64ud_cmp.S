/* SPDX-License-Identifier: MIT */
/* RV64D non-arithmetic ops (unprivileged ISA, "D" extension: min/max, compare, classify, sign
   injection, fmv.x.d/fmv.d.x): fmin/fmax with signed zeros and quiet/signaling NaNs, feq vs
   flt/fle NaN signalling, all 10 fclass classes, fsgnj/fsgnjn/fsgnjx on raw bits, and 64-bit
   moves that never alter the bits. */
#include "test_macros.h"

#define ONE     0x3ff0000000000000
#define TWO     0x4000000000000000
#define MONE    0xbff0000000000000
#define MTWO    0xc000000000000000
#define PINF    0x7ff0000000000000
#define NINF    0xfff0000000000000
#define CNAN    0x7ff8000000000000
#define QNAN_P  0x7ff8000000012345
#define SNAN    0x7ff0000000000001
#define NSNAN   0xfff0000000000001
#define MAXD    0x7fefffffffffffff
#define NMAXD   0xffefffffffffffff
#define NZERO   0x8000000000000000

RVTEST_BEGIN

        /* fmin.d / fmax.d */
        TEST_FP_OP2N_D(1, fmin.d, 0, ONE, ONE, TWO)
        TEST_FP_OP2N_D(2, fmax.d, 0, TWO, ONE, TWO)
        TEST_FP_OP2N_D(3, fmin.d, 0, MTWO, MONE, MTWO)
        TEST_FP_OP2N_D(4, fmax.d, 0, MONE, MONE, MTWO)
        TEST_FP_OP2N_D(5, fmin.d, 0, NZERO, NZERO, 0)
        TEST_FP_OP2N_D(6, fmin.d, 0, NZERO, 0, NZERO)
        TEST_FP_OP2N_D(7, fmax.d, 0, 0, NZERO, 0)
        TEST_FP_OP2N_D(8, fmax.d, 0, 0, 0, NZERO)
        TEST_FP_OP2N_D(9, fmin.d, 0, ONE, CNAN, ONE)
        TEST_FP_OP2N_D(10, fmin.d, 0, ONE, ONE, QNAN_P)
        TEST_FP_OP2N_D(11, fmax.d, 0, MONE, QNAN_P, MONE)
        TEST_FP_OP2N_D(12, fmin.d, FF_NV, ONE, SNAN, ONE)
        TEST_FP_OP2N_D(13, fmax.d, FF_NV, ONE, ONE, SNAN)
        TEST_FP_OP2N_D(14, fmin.d, 0, CNAN, QNAN_P, CNAN)
        TEST_FP_OP2N_D(15, fmax.d, FF_NV, CNAN, SNAN, QNAN_P)
        TEST_FP_OP2N_D(16, fmin.d, FF_NV, CNAN, NSNAN, SNAN)
        TEST_FP_OP2N_D(17, fmax.d, 0, NMAXD, NINF, NMAXD)
        TEST_FP_OP2N_D(18, fmin.d, 0, NINF, NINF, NMAXD)
        TEST_FP_OP2N_D(19, fmax.d, 0, PINF, PINF, MAXD)
        TEST_FP_OP2N_D(20, fmin.d, 0, 0x0000000000000001, 0x0000000000000001, 0x0000000000000002)

        /* feq.d / flt.d / fle.d */
        TEST_FP_CMP_D(21, feq.d, 0, 1, ONE, ONE)
        TEST_FP_CMP_D(22, feq.d, 0, 0, ONE, TWO)
        TEST_FP_CMP_D(23, flt.d, 0, 1, ONE, TWO)
        TEST_FP_CMP_D(24, flt.d, 0, 0, TWO, ONE)
        TEST_FP_CMP_D(25, flt.d, 0, 0, ONE, ONE)
        TEST_FP_CMP_D(26, fle.d, 0, 1, ONE, ONE)
        TEST_FP_CMP_D(27, fle.d, 0, 0, TWO, ONE)
        TEST_FP_CMP_D(28, fle.d, 0, 1, MTWO, MONE)
        TEST_FP_CMP_D(29, feq.d, 0, 1, NZERO, 0)
        TEST_FP_CMP_D(30, flt.d, 0, 0, NZERO, 0)
        TEST_FP_CMP_D(31, fle.d, 0, 1, 0, NZERO)
        TEST_FP_CMP_D(32, flt.d, 0, 1, NINF, PINF)
        TEST_FP_CMP_D(33, flt.d, 0, 1, 0x3ff0000000000000, 0x3ff0000000000001)
        TEST_FP_CMP_D(34, feq.d, 0, 0, CNAN, ONE)
        TEST_FP_CMP_D(35, feq.d, 0, 0, QNAN_P, QNAN_P)
        TEST_FP_CMP_D(36, flt.d, FF_NV, 0, CNAN, ONE)
        TEST_FP_CMP_D(37, flt.d, FF_NV, 0, ONE, CNAN)
        TEST_FP_CMP_D(38, fle.d, FF_NV, 0, CNAN, ONE)
        TEST_FP_CMP_D(39, fle.d, FF_NV, 0, ONE, QNAN_P)
        TEST_FP_CMP_D(40, feq.d, FF_NV, 0, SNAN, ONE)
        TEST_FP_CMP_D(41, feq.d, FF_NV, 0, ONE, SNAN)
        TEST_FP_CMP_D(42, flt.d, FF_NV, 0, SNAN, ONE)
        TEST_FP_CMP_D(43, fle.d, FF_NV, 0, ONE, NSNAN)
        TEST_FP_CMP_D(44, feq.d, 0, 0, 0x3ff0000000000000, 0x3ff0000000000001)

        /* fclass.d */
        TEST_FCLASS_D(45, 1 << 0, NINF)
        TEST_FCLASS_D(46, 1 << 1, MONE)
        TEST_FCLASS_D(47, 1 << 1, NMAXD)
        TEST_FCLASS_D(48, 1 << 2, 0x8000000000000001)
        TEST_FCLASS_D(49, 1 << 2, 0x800fffffffffffff)
        TEST_FCLASS_D(50, 1 << 3, NZERO)
        TEST_FCLASS_D(51, 1 << 4, 0)
        TEST_FCLASS_D(52, 1 << 5, 0x0000000000000001)
        TEST_FCLASS_D(53, 1 << 5, 0x000fffffffffffff)
        TEST_FCLASS_D(54, 1 << 6, ONE)
        TEST_FCLASS_D(55, 1 << 6, 0x0010000000000000)
        TEST_FCLASS_D(56, 1 << 7, PINF)
        TEST_FCLASS_D(57, 1 << 8, SNAN)
        TEST_FCLASS_D(58, 1 << 8, NSNAN)
        TEST_FCLASS_D(59, 1 << 8, 0x7ff7ffffffffffff)
        TEST_FCLASS_D(60, 1 << 9, CNAN)
        TEST_FCLASS_D(61, 1 << 9, 0xfff8000000000000)
        TEST_FCLASS_D(62, 1 << 9, QNAN_P)
        /* a NaN-boxed single is just a negative quiet NaN to the D extension */
        TEST_FCLASS_D(63, 1 << 9, 0xffffffff3f800000)

        /* sign injection */
        TEST_FP_OP2N_D(64, fsgnj.d, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_D(65, fsgnj.d, 0, ONE, MONE, TWO)
        TEST_FP_OP2N_D(66, fsgnjn.d, 0, ONE, ONE, MTWO)
        TEST_FP_OP2N_D(67, fsgnjn.d, 0, MONE, ONE, TWO)
        TEST_FP_OP2N_D(68, fsgnjx.d, 0, ONE, MONE, MTWO)
        TEST_FP_OP2N_D(69, fsgnjx.d, 0, MONE, MONE, TWO)
        TEST_FP_OP2N_D(70, fsgnjx.d, 0, MONE, ONE, MTWO)
        TEST_FP_OP2N_D(71, fsgnj.d, 0, 0xfff8000000000000, CNAN, MONE)
        TEST_FP_OP2N_D(72, fsgnj.d, 0, SNAN, SNAN, ONE)
        TEST_FP_OP2N_D(73, fsgnjn.d, 0, NSNAN, SNAN, ONE)
        TEST_FP_OP2N_D(74, fsgnjx.d, 0, 0x7ff8000000012345, 0xfff8000000012345, NZERO)
        TEST_FP_D_RESULT(75, 0, 0xc00921fb54442d18, LOAD_D(fa0, 0x400921fb54442d18); fneg.d fa3, fa0)
        TEST_FP_D_RESULT(76, 0, 0x400921fb54442d18, LOAD_D(fa0, 0xc00921fb54442d18); fabs.d fa3, fa0)
        TEST_FP_D_RESULT(77, 0, NSNAN, LOAD_D(fa0, NSNAN); fmv.d fa3, fa0)

        /* fmv.x.d / fmv.d.x move all 64 bits unchanged */
        TEST_FP_X_RESULT(78, 0, 0xfff0000000000001, li a1, 0xfff0000000000001; fmv.d.x fa0, a1; fmv.x.d a0, fa0)
        TEST_FP_X_RESULT(79, 0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; fmv.d.x fa0, a1; fmv.x.d a0, fa0)
        TEST_FP_X_RESULT(80, 0, 0x8000000000000000, li a1, 0x8000000000000000; fmv.d.x ft11, a1; fmv.x.d a0, ft11)

RVTEST_END
