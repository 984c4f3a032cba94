/* SPDX-License-Identifier: MIT */
/* RV64I integer computational instructions (unprivileged ISA, "RV32I/RV64I Base Integer
   Instruction Set", integer computational instructions): register and immediate ALU ops, shifts
   with shift-amount masking, set-less-than, lui/auipc, the *W forms and writes to x0. */
#include "test_macros.h"

RVTEST_BEGIN

        /* add / addi */
        TEST_RR_OP(1, add, 0, 0, 0)
        TEST_RR_OP(2, add, 10, 3, 7)
        TEST_RR_OP(3, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
        TEST_RR_OP(4, add, 0, -1, 1)
        TEST_RR_OP(5, add, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
        TEST_RR_OP(6, add, 0x100000000, 0xffffffff, 1)
        TEST_RR_SRC1_EQ_DEST(7, add, 24, 13, 11)
        TEST_RR_SRC2_EQ_DEST(8, add, 25, 14, 11)
        TEST_RR_SRC12_EQ_DEST(9, add, 26, 13)
        TEST_RR_ZERODEST(10, add, 1, 2)
        TEST_IMM_OP(11, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
        TEST_IMM_OP(12, addi, 0xffffffffffffffff, 0, -1)
        TEST_IMM_OP(13, addi, 2047, 0, 2047)
        TEST_IMM_OP(14, addi, 0xfffffffffffff800, 0, -2048)
        TEST_IMM_OP(15, addi, 0x100000000, 0xffffffff, 1)
        TEST_IMM_SRC1_EQ_DEST(16, addi, 24, 13, 11)
        TEST_CASE(17, x0, 0, addi x0, x0, 5)
        TEST_CASE(18, a0, 7, li a1, 7; add a0, x0, a1)

        /* sub */
        TEST_RR_OP(19, sub, 0xffffffffffffffff, 0, 1)
        TEST_RR_OP(20, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
        TEST_RR_OP(21, sub, 0xfffffffffffffffc, 3, 7)
        TEST_RR_SRC12_EQ_DEST(22, sub, 0, 0x123456789)
        TEST_RR_OP(23, sub, 0x8000000000000000, 0, 0x8000000000000000)
        TEST_RR_SRC2_EQ_DEST(24, sub, 2, 13, 11)

        /* and / andi / or / ori / xor / xori */
        TEST_RR_OP(25, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_IMM_OP(26, andi, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00, -16)
        TEST_IMM_OP(27, andi, 0xf, 0x00ff00ff00ff00ff, 0x70f)
        TEST_IMM_OP(28, andi, 0x123456789abcd800, 0x123456789abcdef0, -2048)
        TEST_RR_OP(29, or, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_IMM_OP(30, ori, 0xffffffffffffffff, 0x00ff00ff00ff00ff, -241)
        TEST_IMM_OP(31, ori, 0x7ff, 0, 0x7ff)
        TEST_RR_OP(32, xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
        TEST_IMM_OP(33, xori, 0xff00ff00ff00fff0, 0x00ff00ff00ff00ff, -241)
        TEST_IMM_OP(34, xori, 0xfedcba9876543210, 0x0123456789abcdef, -1)
        TEST_RR_SRC12_EQ_DEST(35, xor, 0, 0x5555)
        TEST_RR_SRC1_EQ_DEST(36, or, 0xf0f, 0xf00, 0x00f)

        /* sll / slli: only rs2[5:0] is used */
        TEST_RR_OP(37, sll, 0x8000000000000000, 1, 63)
        TEST_RR_OP(38, sll, 1, 1, 64)
        TEST_RR_OP(39, sll, 2, 1, 65)
        TEST_RR_OP(40, sll, 0x42424242, 0x21212121, 0xffffffffffffffc1)
        TEST_RR_OP(41, sll, 0x2121212100000000, 0x21212121, 32)
        TEST_IMM_OP(42, slli, 0x8000000000000000, 0xffffffffffffffff, 63)
        TEST_IMM_OP(43, slli, 0x2121212100000000, 0x21212121, 32)
        TEST_IMM_OP(44, slli, 0x21212121, 0x21212121, 0)

        /* srl / srli */
        TEST_RR_OP(45, srl, 1, 0x8000000000000000, 63)
        TEST_RR_OP(46, srl, 0x0800000000000000, 0x8000000000000000, 68)
        TEST_RR_OP(47, srl, 0x7fffffffffffffff, 0xffffffffffffffff, 1)
        TEST_RR_OP(48, srl, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffc0)
        TEST_IMM_OP(49, srli, 0x80000000, 0x8000000000000000, 32)
        TEST_IMM_OP(50, srli, 0xffffffff80000000, 0xffffffff80000000, 0)
        TEST_IMM_OP(51, srli, 1, 0xffffffffffffffff, 63)

        /* sra / srai */
        TEST_RR_OP(52, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
        TEST_RR_OP(53, sra, 0xc000000000000000, 0x8000000000000000, 0x101)
        TEST_RR_OP(54, sra, 1, 0x7fffffffffffffff, 62)
        TEST_IMM_OP(55, srai, 0xc000000000000000, 0x8000000000000000, 1)
        TEST_IMM_OP(56, srai, 0xffffffffffffffff, 0xffffffff00000000, 32)
        TEST_IMM_OP(57, srai, 0x00000000ffffffff, 0x7fffffff80000000, 31)
        TEST_IMM_SRC1_EQ_DEST(58, srai, 0xfffffffffffffff8, 0xffffffffffffff80, 4)

        /* slt / sltu / slti / sltiu */
        TEST_RR_OP(59, slt, 0, 0, 0)
        TEST_RR_OP(60, slt, 1, -1, 1)
        TEST_RR_OP(61, slt, 0, 1, -1)
        TEST_RR_OP(62, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR_OP(63, sltu, 0, -1, 1)
        TEST_RR_OP(64, sltu, 1, 1, -1)
        TEST_RR_OP(65, sltu, 0, 0, 0)
        TEST_RR_OP(66, sltu, 1, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_IMM_OP(67, slti, 1, -1, 0)
        TEST_IMM_OP(68, slti, 0, 0, -1)
        TEST_IMM_OP(69, slti, 1, 0x8000000000000000, -2048)
        TEST_IMM_OP(70, slti, 0, 2047, 2047)
        TEST_IMM_OP(71, sltiu, 1, 0, -1)
        TEST_IMM_OP(72, sltiu, 0, -1, -1)
        TEST_IMM_OP(73, sltiu, 1, 0xfffffffffffff7ff, -2048)
        TEST_IMM_OP(74, sltiu, 1, 0, 1)
        TEST_IMM_OP(75, sltiu, 0, 5, 1)
        TEST_RR_SRC12_EQ_DEST(76, slt, 0, -5)

        /* lui / auipc: 32-bit results are sign-extended, auipc adds to its own pc */
        TEST_CASE(77, a0, 0, lui a0, 0)
        TEST_CASE(78, a0, 0xfffffffffffff000, lui a0, 0xfffff)
        TEST_CASE(79, a0, 0x7ffff000, lui a0, 0x7ffff)
        TEST_CASE(80, a0, 0xffffffff80000000, lui a0, 0x80000)
        TEST_CASE(81, x0, 0, lui x0, 0x12345)
        TEST_CASE(82, a0, 0x1000, jal a1, 1f; 1: auipc a0, 1; sub a0, a0, a1)
        TEST_CASE(83, a0, 0xfffffffffffff000, jal a1, 1f; 1: auipc a0, 0xfffff; sub a0, a0, a1)
        TEST_CASE(84, a0, 0xffffffff80000000, jal a1, 1f; 1: auipc a0, 0x80000; sub a0, a0, a1)
        TEST_CASE(85, a0, 0, jal a1, 1f; 1: auipc a0, 0; sub a0, a0, a1)

        /* addw / addiw / subw: 32-bit arithmetic, result sign-extended */
        TEST_RR_OP(86, addw, 0xffffffff80000000, 0x7fffffff, 1)
        TEST_RR_OP(87, addw, 0, 0xffffffff, 1)
        TEST_RR_OP(88, addw, 0x10, 0x123456780000000f, 1)
        TEST_RR_OP(89, addw, 7, 0x100000003, 0x200000004)
        TEST_IMM_OP(90, addiw, 0xffffffff80000000, 0x7fffffff, 1)
        TEST_IMM_OP(91, addiw, 0xffffffffffffffff, 0xffffffff, 0)
        TEST_IMM_OP(92, addiw, 0x7fffffff, 0x80000000, -1)
        TEST_IMM_OP(93, addiw, 2047, 0x1234567800000000, 2047)
        TEST_RR_OP(94, subw, 0xffffffffffffffff, 0, 1)
        TEST_RR_OP(95, subw, 0x7fffffff, 0x80000000, 1)
        TEST_RR_OP(96, subw, 0xffffffff80000000, 0x7fffffff, -1)
        TEST_RR_OP(97, subw, 1, 0x500000003, 0x700000002)

        /* sllw / slliw / srlw / srliw / sraw / sraiw: rs2[4:0] only, low word of rs1 only */
        TEST_RR_OP(98, sllw, 0xffffffff80000000, 1, 31)
        TEST_RR_OP(99, sllw, 1, 1, 32)
        TEST_RR_OP(100, sllw, 2, 1, 33)
        TEST_RR_OP(101, sllw, 0x10, 0xffffffff00000001, 4)
        TEST_IMM_OP(102, slliw, 0xffffffff80000000, 1, 31)
        TEST_IMM_OP(103, slliw, 0xfffffffffffffff0, 0x12345678ffffffff, 4)
        TEST_IMM_OP(104, slliw, 0x7fffffff, 0xfffffffe7fffffff, 0)
        TEST_RR_OP(105, srlw, 1, 0xffffffff80000000, 31)
        TEST_RR_OP(106, srlw, 0xffffffff80000000, 0xffffffff80000000, 0)
        TEST_RR_OP(107, srlw, 0xffffffff80000000, 0x80000000, 32)
        TEST_RR_OP(108, srlw, 8, 0xffffffff00000010, 33)
        TEST_RR_OP(109, srlw, 0x7fffffff, 0xffffffffffffffff, 1)
        TEST_IMM_OP(110, srliw, 0x08000000, 0x80000000, 4)
        TEST_IMM_OP(111, srliw, 0xffffffffffffffff, 0xffffffffffffffff, 0)
        TEST_IMM_OP(112, srliw, 1, 0x1234567880000000, 31)
        TEST_RR_OP(113, sraw, 0xffffffffffffffff, 0x80000000, 31)
        TEST_RR_OP(114, sraw, 0, 0x17fffffff, 31)
        TEST_RR_OP(115, sraw, 0xffffffffc0000000, 0x80000000, 33)
        TEST_IMM_OP(116, sraiw, 0xfffffffff8000000, 0x80000000, 4)
        TEST_IMM_OP(117, sraiw, 0x7fffffff, 0x7fffffff, 0)
        TEST_IMM_OP(118, sraiw, 1, 0xffffffff7fffffff, 30)
        TEST_IMM_OP(119, sraiw, 0xffffffff80000000, 0x80000000, 0)
        TEST_RR_SRC1_EQ_DEST(120, sraw, 0xffffffffffffff00, 0x12345678ffff0000, 8)

        /* nop and writes to x0 through every format */
        TEST_CASE(121, a0, 3, li a0, 3; nop)
        TEST_RR_ZERODEST(122, sub, 1, 5)
        TEST_RR_ZERODEST(123, sllw, 1, 5)
        TEST_CASE(124, x0, 0, li a1, 9; addiw x0, a1, 1)

RVTEST_END
