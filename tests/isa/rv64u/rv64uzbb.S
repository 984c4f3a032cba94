/* SPDX-License-Identifier: MIT */
/* Zbb basic bit manipulation (unprivileged ISA, "B" Standard Extension, Zbb): andn/orn/xnor,
   clz/ctz/cpop and their W forms (incl. zero inputs), min/max/minu/maxu, sext.b/sext.h/zext.h,
   rotates rol/ror/rori and rolw/rorw/roriw (amount masking, sign-extended W results), orc.b and
   rev8. */
#include "test_macros.h"

RVTEST_BEGIN

        /* andn / orn / xnor */
        TEST_RR_OP(1, andn, 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR_OP(2, andn, 0, -1, -1)
        TEST_RR_OP(3, orn, 0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR_OP(4, orn, 0xffffffffffffffff, 0, 0)
        TEST_RR_OP(5, xnor, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_RR_SRC12_EQ_DEST(6, xnor, 0xffffffffffffffff, 0x123456789)

        /* clz / clzw */
        TEST_R_OP(7, clz, 64, 0)
        TEST_R_OP(8, clz, 63, 1)
        TEST_R_OP(9, clz, 0, -1)
        TEST_R_OP(10, clz, 16, 0x0000800000000000)
        TEST_R_OP(11, clz, 31, 0x00000001ffffffff)
        TEST_R_OP(12, clzw, 32, 0)
        TEST_R_OP(13, clzw, 31, 0xffffffff00000001)
        TEST_R_OP(14, clzw, 0, 0x80000000)
        TEST_R_OP(15, clzw, 32, 0x100000000)
        TEST_R_OP(16, clzw, 15, 0x00010000)

        /* ctz / ctzw */
        TEST_R_OP(17, ctz, 64, 0)
        TEST_R_OP(18, ctz, 63, 0x8000000000000000)
        TEST_R_OP(19, ctz, 0, -1)
        TEST_R_OP(20, ctz, 8, 0x100)
        TEST_R_OP(21, ctz, 32, 0xffffffff00000000)
        TEST_R_OP(22, ctzw, 32, 0)
        TEST_R_OP(23, ctzw, 32, 0x100000000)
        TEST_R_OP(24, ctzw, 31, 0x80000000)
        TEST_R_OP(25, ctzw, 0, 0xffffffff)
        TEST_R_OP(26, ctzw, 4, 0x8000000000000010)

        /* cpop / cpopw */
        TEST_R_OP(27, cpop, 0, 0)
        TEST_R_OP(28, cpop, 64, -1)
        TEST_R_OP(29, cpop, 32, 0x5555555555555555)
        TEST_R_OP(30, cpop, 8, 0xf0f0)
        TEST_R_OP(31, cpop, 2, 0x8000000000000001)
        TEST_R_OP(32, cpopw, 0, 0)
        TEST_R_OP(33, cpopw, 32, -1)
        TEST_R_OP(34, cpopw, 2, 0xffffffff00000003)
        TEST_R_OP(35, cpopw, 0, 0xffffffff00000000)

        /* min / max (signed), minu / maxu (unsigned) */
        TEST_RR_OP(36, min, 0xffffffffffffffff, -1, 1)
        TEST_RR_OP(37, max, 1, -1, 1)
        TEST_RR_OP(38, minu, 1, -1, 1)
        TEST_RR_OP(39, maxu, 0xffffffffffffffff, -1, 1)
        TEST_RR_OP(40, min, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RR_OP(41, max, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR_OP(42, minu, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR_OP(43, maxu, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RR_OP(44, min, 5, 5, 5)
        TEST_RR_OP(45, maxu, 0x100000000, 0x100000000, 0xffffffff)
        TEST_RR_SRC2_EQ_DEST(46, min, 0xfffffffffffffffe, 3, -2)

        /* sext.b / sext.h / zext.h */
        TEST_R_OP(47, sext.b, 0xffffffffffffff80, 0x80)
        TEST_R_OP(48, sext.b, 0x7f, 0x123456789abcde7f)
        TEST_R_OP(49, sext.b, 0xffffffffffffffff, 0xff)
        TEST_R_OP(50, sext.h, 0xffffffffffff8000, 0x8000)
        TEST_R_OP(51, sext.h, 0x7fff, 0x12347fff)
        TEST_R_OP(52, sext.h, 0xffffffffffffabcd, 0x000000000000abcd)
        TEST_R_OP(53, zext.h, 0x8000, 0xffffffffffff8000)
        TEST_R_OP(54, zext.h, 0xabcd, 0x123456789abcabcd)

        /* rol / ror: rs2[5:0] */
        TEST_RR_OP(55, rol, 3, 0x8000000000000001, 1)
        TEST_RR_OP(56, rol, 0x123456789abcdef0, 0x0123456789abcdef, 4)
        TEST_RR_OP(57, rol, 0x123456789abcdef0, 0x0123456789abcdef, 68)
        TEST_RR_OP(58, rol, 0x0123456789abcdef, 0x0123456789abcdef, 64)
        TEST_RR_OP(59, ror, 0x8000000000000000, 1, 1)
        TEST_RR_OP(60, ror, 0xf0123456789abcde, 0x0123456789abcdef, 4)
        TEST_RR_OP(61, ror, 0x0123456789abcdef, 0x0123456789abcdef, 0)
        TEST_RR_OP(62, ror, 0xef0123456789abcd, 0x0123456789abcdef, 72)
        TEST_RR_OP(63, ror, 0x89abcdef01234567, 0x0123456789abcdef, 32)
        /* rori */
        TEST_IMM_OP(64, rori, 0x123456789abcdef0, 0x0123456789abcdef, 60)
        TEST_IMM_OP(65, rori, 2, 1, 63)
        TEST_IMM_OP(66, rori, 0x0123456789abcdef, 0x0123456789abcdef, 0)
        TEST_IMM_OP(67, rori, 0xc000000000000000, 3, 2)

        /* rolw / rorw / roriw: rotate the low word, amount rs2[4:0], sign-extend */
        TEST_RR_OP(68, rolw, 3, 0x80000001, 1)
        TEST_RR_OP(69, rolw, 0x23456781, 0x12345678, 4)
        TEST_RR_OP(70, rolw, 0xffffffff80000000, 0x140000000, 1)
        TEST_RR_OP(71, rolw, 2, 1, 33)
        TEST_RR_OP(72, rolw, 0x12345678, 0xffffffff12345678, 32)
        TEST_RR_OP(73, rorw, 0xffffffff80000000, 1, 1)
        TEST_RR_OP(74, rorw, 0xffffffff81234567, 0x12345678, 4)
        TEST_RR_OP(75, rorw, 1, 0xffffffff00000010, 36)
        TEST_RR_OP(76, rorw, 0x78123456, 0x12345678, 8)
        TEST_IMM_OP(77, roriw, 0x78123456, 0x12345678, 8)
        TEST_IMM_OP(78, roriw, 0xffffffff80000000, 0xfffffff000000001, 1)
        TEST_IMM_OP(79, roriw, 0xffffffff87654321, 0x1234567887654321, 0)
        TEST_IMM_OP(80, roriw, 0x2468acf0, 0x12345678, 31)

        /* orc.b: each byte becomes 0xff if non-zero */
        TEST_R_OP(81, orc.b, 0xff00ff00000000ff, 0x0100ff0000000080)
        TEST_R_OP(82, orc.b, 0, 0)
        TEST_R_OP(83, orc.b, 0xffffffffffffffff, 0x0102040810204080)
        /* rev8: byte reversal */
        TEST_R_OP(84, rev8, 0xefcdab8967452301, 0x0123456789abcdef)
        TEST_R_OP(85, rev8, 0x00000000000000ff, 0xff00000000000000)
        TEST_CASE(86, a0, 0x0123456789abcdef, li a0, 0x0123456789abcdef; rev8 a0, a0; rev8 a0, a0)
        TEST_CASE(87, x0, 0, li a1, -1; clz x0, a1)

RVTEST_END
