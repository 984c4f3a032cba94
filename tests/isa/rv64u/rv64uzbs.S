/* SPDX-License-Identifier: MIT */
/* Zbs single-bit instructions (unprivileged ISA, "B" Standard Extension, Zbs): bclr/bext/binv/
   bset with the bit index taken from rs2[5:0], and their immediate forms for indices 0..63. */
#include "test_macros.h"

RVTEST_BEGIN

        /* bclr / bclri */
        TEST_RR_OP(1, bclr, 0xfffffffffffffffe, -1, 0)
        TEST_RR_OP(2, bclr, 0x7fffffffffffffff, -1, 63)
        TEST_RR_OP(3, bclr, 0xfffffffffffffffe, -1, 64)
        TEST_RR_OP(4, bclr, 0, 0, 5)
        TEST_RR_OP(5, bclr, 0xfffffffeffffffff, -1, 0xffffffffffffffe0)
        TEST_IMM_OP(6, bclri, 0xfffffffeffffffff, -1, 32)
        TEST_IMM_OP(7, bclri, 0x0000000080000000, 0x0000000080000800, 11)
        TEST_IMM_OP(8, bclri, 0, 0x8000000000000000, 63)

        /* bext / bexti */
        TEST_RR_OP(9, bext, 1, 0x8000000000000000, 63)
        TEST_RR_OP(10, bext, 1, 0x10, 4)
        TEST_RR_OP(11, bext, 0, 0x10, 3)
        TEST_RR_OP(12, bext, 1, 0x10, 68)
        TEST_RR_OP(13, bext, 0, 0x7fffffffffffffff, -1)
        TEST_IMM_OP(14, bexti, 1, 0x100000000, 32)
        TEST_IMM_OP(15, bexti, 0, 0xfffffffeffffffff, 32)
        TEST_IMM_OP(16, bexti, 1, 1, 0)

        /* binv / binvi */
        TEST_RR_OP(17, binv, 0x8000000000000000, 0, 63)
        TEST_RR_OP(18, binv, 0, 0x8000000000000000, 63)
        TEST_RR_OP(19, binv, 2, 0, 65)
        TEST_RR_OP(20, binv, 0x0123456789abcdee, 0x0123456789abcdef, 0)
        TEST_IMM_OP(21, binvi, 0xfffffffffffffffe, -1, 0)
        TEST_IMM_OP(22, binvi, 0x0000000100000000, 0, 32)
        TEST_IMM_OP(23, binvi, 0x7fffffffffffffff, -1, 63)

        /* bset / bseti */
        TEST_RR_OP(24, bset, 1, 0, 0)
        TEST_RR_OP(25, bset, 0x8000000000000000, 0, 127)
        TEST_RR_OP(26, bset, 0xffffffffffffffff, -1, 17)
        TEST_IMM_OP(27, bseti, 0x0000000080000000, 0, 31)
        TEST_IMM_OP(28, bseti, 0x8000000000000000, 0, 63)
        TEST_IMM_OP(29, bseti, 0x0000000100000001, 1, 32)
        TEST_RR_SRC1_EQ_DEST(30, bset, 0x11, 0x01, 4)
        TEST_RR_SRC2_EQ_DEST(31, bext, 1, 0x10, 4)
        TEST_RR_SRC12_EQ_DEST(32, binv, 0x3, 0x1)

RVTEST_END
