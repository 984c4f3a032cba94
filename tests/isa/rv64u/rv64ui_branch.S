/* SPDX-License-Identifier: MIT */
/* RV64I control transfer (unprivileged ISA, "Control Transfer Instructions"): every conditional
   branch taken and not taken, forwards and backwards, signed vs unsigned compares; jal/jalr
   link values, jalr with rd == rs1, the offset add and the clearing of target bit 0; ecall and
   ebreak raising their exceptions at their own pc. */
#include "test_macros.h"

/* Branch must be taken, forwards then backwards. */
#define TEST_BR_TAKEN(n, inst, v1, v2)                                                  \
        TEST_START(n);                                                                  \
        li a1, v1;                                                                      \
        li a2, v2;                                                                      \
        inst a1, a2, test_##n##_fwd;                                                    \
        j fail;                                                                         \
test_##n##_back:                                                                        \
        j test_##n##_done;                                                              \
test_##n##_fwd:                                                                         \
        inst a1, a2, test_##n##_back;                                                   \
        j fail;                                                                         \
test_##n##_done:

/* Branch must fall through, whether the target is ahead or behind. */
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2)                                              \
        TEST_START(n);                                                                  \
        li a1, v1;                                                                      \
        li a2, v2;                                                                      \
        j test_##n##_go;                                                                \
test_##n##_bad:                                                                         \
        j fail;                                                                         \
test_##n##_go:                                                                          \
        inst a1, a2, test_##n##_bad;                                                    \
        inst a1, a2, test_##n##_bad2;                                                   \
        j test_##n##_done;                                                              \
test_##n##_bad2:                                                                        \
        j fail;                                                                         \
test_##n##_done:

RVTEST_BEGIN

        TEST_BR_TAKEN(1, beq, 0, 0)
        TEST_BR_TAKEN(2, beq, -1, -1)
        TEST_BR_NOT_TAKEN(3, beq, 0, 1)
        TEST_BR_NOT_TAKEN(4, beq, 0x100000000, 0)
        TEST_BR_TAKEN(5, bne, 0, 1)
        TEST_BR_TAKEN(6, bne, 0x100000000, 0)
        TEST_BR_NOT_TAKEN(7, bne, -1, -1)
        TEST_BR_NOT_TAKEN(8, bne, 0, 0)
        TEST_BR_TAKEN(9, blt, -1, 1)
        TEST_BR_TAKEN(10, blt, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_BR_TAKEN(11, blt, -2, -1)
        TEST_BR_NOT_TAKEN(12, blt, 1, -1)
        TEST_BR_NOT_TAKEN(13, blt, 5, 5)
        TEST_BR_NOT_TAKEN(14, blt, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_BR_TAKEN(15, bge, 1, -1)
        TEST_BR_TAKEN(16, bge, 5, 5)
        TEST_BR_TAKEN(17, bge, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_BR_NOT_TAKEN(18, bge, -1, 1)
        TEST_BR_NOT_TAKEN(19, bge, -2, -1)
        TEST_BR_TAKEN(20, bltu, 1, -1)
        TEST_BR_TAKEN(21, bltu, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_BR_TAKEN(22, bltu, 0, 1)
        TEST_BR_NOT_TAKEN(23, bltu, -1, 1)
        TEST_BR_NOT_TAKEN(24, bltu, 7, 7)
        TEST_BR_TAKEN(25, bgeu, -1, 1)
        TEST_BR_TAKEN(26, bgeu, 7, 7)
        TEST_BR_TAKEN(27, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_BR_NOT_TAKEN(28, bgeu, 1, -1)
        TEST_BR_NOT_TAKEN(29, bgeu, 0, 1)
        /* x0 operands and the same register twice */
        TEST_BR_TAKEN(30, bltu, 0, 0xffffffff00000000)
        TEST_CASE(31, a0, 1, li a0, 0; beq x0, x0, 1f; j fail; 1: addi a0, a0, 1)
        TEST_CASE(32, a0, 1, li a0, 0; li a1, -3; bge a1, a1, 1f; j fail; 1: addi a0, a0, 1)
        TEST_CASE(33, a0, 1, li a0, 0; li a1, -3; blt a1, a1, fail; bltu a1, a1, fail; addi a0, a0, 1)
        /* a taken branch skips the following instruction (no delay slot) */
        TEST_CASE(34, a0, 2, li a0, 0; beq x0, x0, 1f; addi a0, a0, 1; 1: addi a0, a0, 2)

        /* jal: rd = pc + 4, forwards and backwards; j (rd = x0) */
        TEST_CASE(35, a1, 0, la a2, 2f; li a1, 0; jal a1, 1f; 2: j fail; 1: sub a1, a1, a2)
        TEST_CASE(36, a0, 3, li a0, 0; j 2f; 1: addi a0, a0, 1; j 3f; 2: addi a0, a0, 2; jal ra, 1b; 3:)
        TEST_CASE(37, a1, 0, j 2f; 1: la a2, 3f; sub a1, a1, a2; j 4f; 2: jal a1, 1b; 3: j fail; 4:)
        TEST_CASE(38, x0, 0, jal x0, 1f; j fail; 1:)
        /* a long jal (beyond the 4 KiB branch range) */
        TEST_CASE(39, a0, 5, li a0, 0; jal ra, far_target; addi a0, a0, 4)

        /* jalr: target = (rs1 + imm) & ~1, rd = pc + 4 */
        TEST_CASE(40, a1, 0, la a2, 1f; li a1, 0; jalr a1, 0(a2); 1: la a3, 1b; sub a1, a1, a3)
        TEST_CASE(41, a0, 0, la a2, 2f; la a3, 1f; addi a3, a3, -8; jalr a0, 8(a3); 2: j fail; 1: sub a0, a0, a2)
        TEST_CASE(42, a0, 0, la a2, 2f; la a3, 1f; addi a3, a3, 16; jalr a0, -16(a3); 2: j fail; 1: sub a0, a0, a2)
        /* rd == rs1: the target uses the old value of rs1 */
        TEST_CASE(43, a1, 0, la a2, 2f; la a1, 1f; jalr a1, 0(a1); 2: j fail; 1: sub a1, a1, a2)
        TEST_CASE(44, a1, 0, la a2, 2f; la a1, 1f; addi a1, a1, -4; jalr a1, 4(a1); 2: j fail; 1: sub a1, a1, a2)
        /* bit 0 of the target is cleared: through rs1 and through the immediate */
        TEST_CASE(45, a0, 0, la a2, 2f; la a3, 1f; addi a3, a3, 1; jalr a0, 0(a3); 2: j fail; 1: sub a0, a0, a2)
        TEST_CASE(46, a0, 0, la a2, 2f; la a3, 1f; jalr a0, 1(a3); 2: j fail; 1: sub a0, a0, a2)
        TEST_CASE(47, a0, 0, la a2, 2f; la a3, 1f; addi a3, a3, 2; jalr a0, -1(a3); 2: j fail; 1: sub a0, a0, a2)
        /* jalr x0 (jr / ret) */
        TEST_CASE(48, a0, 9, li a0, 9; la a3, 1f; jr a3; j fail; 1:)
        TEST_CASE(49, a0, 1, li a0, 0; jal ra, ret_target; addi a0, a0, 1)
        /* call through a computed pointer after a loop (backward branches, loop counter) */
        TEST_CASE(50, a0, 55, li a0, 0; li a1, 10; 1: add a0, a0, a1; addi a1, a1, -1; bnez a1, 1b)

        /* ecall / ebreak transfer to the trap handler with mepc at the instruction itself */
        TEST_TRAP(51, CAUSE_ECALL_M, test51_insn: ecall)
        TEST_CASE(52, a0, 0, la t5, tern_trap_epc; ld t5, 0(t5); la t6, test51_insn; sub a0, t5, t6)
        TEST_TRAP(53, CAUSE_BREAKPOINT, test53_insn: ebreak)
        TEST_CASE(54, a0, 0, la t5, tern_trap_epc; ld t5, 0(t5); la t6, test53_insn; sub a0, t5, t6)
        /* an all-ones word is not a valid instruction */
        TEST_TRAP(55, CAUSE_ILLEGAL_INSN, .word 0xffffffff)

RVTEST_END

        .text
        .balign 4
ret_target:
        ret
        /* 8 KiB of padding so the jal to far_target needs more than a branch's range */
        .skip 8192
far_target:
        addi a0, a0, 1
        ret
