/* SPDX-License-Identifier: MIT */
/* RV64M (unprivileged ISA, "M" Extension for Integer Multiplication and Division): mul, the
   three high-half multiplies with every sign combination, div/divu/rem/remu including division
   by zero (quotient all ones, remainder = dividend) and signed overflow (-2^(XLEN-1) / -1), and
   the W forms (low 32 bits of the operands, sign-extended 32-bit results). */
#include "test_macros.h"

RVTEST_BEGIN

        /* mul: low 64 bits */
        TEST_RR_OP(1, mul, 0, 0, 0)
        TEST_RR_OP(2, mul, 21, 3, 7)
        TEST_RR_OP(3, mul, 1, -1, -1)
        TEST_RR_OP(4, mul, 0xfffffffffffffffe, 0x7fffffffffffffff, 2)
        TEST_RR_OP(5, mul, 0x8000000000000000, 0x8000000000000000, -1)
        TEST_RR_OP(6, mul, 0x0000000200000001, 0x0000000100000001, 0x0000000100000001)
        TEST_RR_OP(7, mul, 0xfffffffffffffff1, -3, 5)
        TEST_RR_SRC12_EQ_DEST(8, mul, 0x0000000100000000, 0x10000)

        /* mulh: signed x signed, high 64 bits */
        TEST_RR_OP(9, mulh, 0, 0, 0)
        TEST_RR_OP(10, mulh, 0, -1, -1)
        TEST_RR_OP(11, mulh, 0xffffffffffffffff, -1, 1)
        TEST_RR_OP(12, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_RR_OP(13, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff)
        TEST_RR_OP(14, mulh, 0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR_OP(15, mulh, 0xffffffffffffffff, -2, 3)
        TEST_RR_OP(16, mulh, 1, 0x100000000, 0x100000000)
        TEST_RR_OP(17, mulh, 0xffffffffffffffff, 0x100000000, 0xffffffff00000000)

        /* mulhsu: signed rs1 x unsigned rs2 */
        TEST_RR_OP(18, mulhsu, 0xffffffffffffffff, -1, 0xffffffffffffffff)
        TEST_RR_OP(19, mulhsu, 0, 1, -1)
        TEST_RR_OP(20, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        TEST_RR_OP(21, mulhsu, 0xffffffffffffffff, -2, 2)
        TEST_RR_OP(22, mulhsu, 1, 2, -2)
        TEST_RR_OP(23, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff)
        TEST_RR_OP(24, mulhsu, 0, 0, -1)

        /* mulhu: unsigned x unsigned */
        TEST_RR_OP(25, mulhu, 0xfffffffffffffffe, -1, -1)
        TEST_RR_OP(26, mulhu, 0, -1, 1)
        TEST_RR_OP(27, mulhu, 1, 0x8000000000000000, 2)
        TEST_RR_OP(28, mulhu, 0x7fffffffffffffff, 0x8000000000000000, -1)
        TEST_RR_OP(29, mulhu, 0x00000000ffffffff, 0x0000000100000000, 0xffffffff00000000)
        TEST_RR_SRC1_EQ_DEST(30, mulhu, 0x12, 0x1200000000000000, 0x100)

        /* mulw: low 32 bits of the product, sign-extended */
        TEST_RR_OP(31, mulw, 0xfffffffffffffffe, 0x7fffffff, 2)
        TEST_RR_OP(32, mulw, 15, 0x100000003, 0x200000005)
        TEST_RR_OP(33, mulw, 1, -1, -1)
        TEST_RR_OP(34, mulw, 0xffffffff80000000, 0x10000, 0x8000)
        TEST_RR_OP(35, mulw, 0, 0x10000, 0x10000)

        /* div / divu */
        TEST_RR_OP(36, div, 3, 20, 6)
        TEST_RR_OP(37, div, 0xfffffffffffffffd, -20, 6)
        TEST_RR_OP(38, div, 0xfffffffffffffffd, 20, -6)
        TEST_RR_OP(39, div, 3, -20, -6)
        TEST_RR_OP(40, div, 0x8000000000000000, 0x8000000000000000, -1)
        TEST_RR_OP(41, div, 0xffffffffffffffff, 5, 0)
        TEST_RR_OP(42, div, 0xffffffffffffffff, -5, 0)
        TEST_RR_OP(43, div, 0xffffffffffffffff, 0, 0)
        TEST_RR_OP(44, divu, 3, 20, 6)
        TEST_RR_OP(45, divu, 0x2aaaaaaaaaaaaaa7, -20, 6)
        TEST_RR_OP(46, divu, 0xffffffffffffffff, 5, 0)
        TEST_RR_OP(47, divu, 0, 0x8000000000000000, -1)
        TEST_RR_OP(48, divu, 1, -1, -1)

        /* rem / remu: sign of the dividend; remainder of x / 0 is x */
        TEST_RR_OP(49, rem, 2, 20, 6)
        TEST_RR_OP(50, rem, 0xfffffffffffffffe, -20, 6)
        TEST_RR_OP(51, rem, 2, 20, -6)
        TEST_RR_OP(52, rem, 0xfffffffffffffffe, -20, -6)
        TEST_RR_OP(53, rem, 0, 0x8000000000000000, -1)
        TEST_RR_OP(54, rem, 5, 5, 0)
        TEST_RR_OP(55, rem, 0xfffffffffffffffb, -5, 0)
        TEST_RR_OP(56, remu, 2, 20, 6)
        TEST_RR_OP(57, remu, 2, -20, 6)
        TEST_RR_OP(58, remu, 5, 5, 0)
        TEST_RR_OP(59, remu, 0xffffffffffffffff, -1, 0)
        TEST_RR_OP(60, remu, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000)

        /* divw / divuw */
        TEST_RR_OP(61, divw, 3, 20, 6)
        TEST_RR_OP(62, divw, 0xfffffffffffffffd, -20, 6)
        TEST_RR_OP(63, divw, 0xffffffff80000000, 0x80000000, -1)
        TEST_RR_OP(64, divw, 0xffffffffffffffff, 5, 0)
        TEST_RR_OP(65, divw, 3, 0xffffffff00000014, 0x100000006)
        TEST_RR_OP(66, divw, 0xffffffffffffffff, 0x100000000, 0x100000000)
        TEST_RR_OP(67, divuw, 0x2aaaaaa7, 0xffffffec, 6)
        TEST_RR_OP(68, divuw, 0xffffffffffffffff, 5, 0)
        TEST_RR_OP(69, divuw, 0xffffffff80000000, 0x80000000, 1)
        TEST_RR_OP(70, divuw, 0, 0x80000000, 0xffffffff)
        TEST_RR_OP(71, divuw, 1, 0x00000000ffffffff, 0xffffffffffffffff)

        /* remw / remuw: a remainder by zero returns the sign-extended low word of rs1 */
        TEST_RR_OP(72, remw, 0xfffffffffffffffe, -20, 6)
        TEST_RR_OP(73, remw, 0, 0x80000000, -1)
        TEST_RR_OP(74, remw, 5, 5, 0)
        TEST_RR_OP(75, remw, 0xffffffff80000000, 0x180000000, 0)
        TEST_RR_OP(76, remw, 2, 0x100000014, 0x200000006)
        TEST_RR_OP(77, remuw, 2, 0xffffffec, 6)
        TEST_RR_OP(78, remuw, 0xffffffff80000000, 0x80000000, 0)
        TEST_RR_OP(79, remuw, 5, 5, 0)
        TEST_RR_OP(80, remuw, 0x7fffffff, 0xffffffff, 0x80000000)
        TEST_RR_OP(81, remuw, 0xfffffffffffffffe, 0x12345678fffffffe, 0x1ffffffff)

        /* writes to x0 are discarded even for multi-cycle ops */
        TEST_RR_ZERODEST(82, div, 7, 2)
        TEST_RR_ZERODEST(83, mulhu, -1, -1)

RVTEST_END
