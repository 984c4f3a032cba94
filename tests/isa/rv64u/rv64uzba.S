/* SPDX-License-Identifier: MIT */
/* Zba address generation (unprivileged ISA, "B" Standard Extension, Zba): add.uw (and its
   zext.w alias), sh1add/sh2add/sh3add, their .uw forms (zero-extended low word of rs1) and
   slli.uw. */
#include "test_macros.h"

RVTEST_BEGIN

        /* add.uw: rs2 + zext32(rs1) */
        TEST_RR_OP(1, add.uw, 0x80000001, 0xffffffff80000000, 1)
        TEST_RR_OP(2, add.uw, 0xffffffff, 0xffffffffffffffff, 0)
        TEST_RR_OP(3, add.uw, 0x11, 0x1234567800000001, 0x10)
        TEST_RR_OP(4, add.uw, 0xfffffffffffffffe, 0xffffffff, 0xfffffffeffffffff)
        TEST_R_OP(5, zext.w, 0x00000000fedcba98, 0x76543210fedcba98)
        TEST_RR_SRC12_EQ_DEST(6, add.uw, 0xfffffffe, 0xffffffffffffffff)

        /* shNadd: rs2 + (rs1 << N), wrapping */
        TEST_RR_OP(7, sh1add, 17, 5, 7)
        TEST_RR_OP(8, sh1add, 2, 0x8000000000000001, 0)
        TEST_RR_OP(9, sh1add, 0xfffffffffffffffd, -1, -1)
        TEST_RR_OP(10, sh2add, 27, 5, 7)
        TEST_RR_OP(11, sh2add, 0xfffffffffffffffc, -1, 0)
        TEST_RR_OP(12, sh2add, 0x100000003, 0x40000000, 3)
        TEST_RR_OP(13, sh3add, 47, 5, 7)
        TEST_RR_OP(14, sh3add, 1, 0x2000000000000000, 1)
        TEST_RR_OP(15, sh3add, 0xfffffffffffffff0, -1, -8)
        TEST_RR_SRC1_EQ_DEST(16, sh2add, 0x41, 0x10, 1)
        TEST_RR_SRC2_EQ_DEST(17, sh3add, 0x81, 0x10, 1)

        /* shNadd.uw: rs2 + (zext32(rs1) << N) */
        TEST_RR_OP(18, sh1add.uw, 0x1fffffffe, 0xffffffffffffffff, 0)
        TEST_RR_OP(19, sh1add.uw, 0x100000005, 0x1234567880000000, 5)
        TEST_RR_OP(20, sh2add.uw, 0x200000001, 0xffffffff80000000, 1)
        TEST_RR_OP(21, sh2add.uw, 0x3fffffffb, 0xffffffffffffffff, -1)
        TEST_RR_OP(22, sh3add.uw, 8, 0x100000001, 0)
        TEST_RR_OP(23, sh3add.uw, 0x7fffffff8, 0xffffffffffffffff, 0)
        TEST_RR_OP(24, sh3add.uw, 0xfffffffffffffff8, 0xffffffff00000000, -8)

        /* slli.uw: zext32(rs1) << shamt */
        TEST_IMM_OP(25, slli.uw, 0xffffffff, 0xffffffffffffffff, 0)
        TEST_IMM_OP(26, slli.uw, 0x8000000000000000, 0xffffffffffffffff, 63)
        TEST_IMM_OP(27, slli.uw, 0x800000000, 0x180000000, 4)
        TEST_IMM_OP(28, slli.uw, 0xffffffff00000000, 0x00000000ffffffff, 32)
        TEST_IMM_OP(29, slli.uw, 0x1fffffffe, 0xabcdef01ffffffff, 1)
        TEST_IMM_SRC1_EQ_DEST(30, slli.uw, 0x2468ace0, 0xffffffff12345670, 1)
        TEST_CASE(31, x0, 0, li a1, -1; sh3add.uw x0, a1, a1)

RVTEST_END
