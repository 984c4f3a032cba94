/* SPDX-License-Identifier: MIT */
/* RV64C (unprivileged ISA, "C" Extension for Compressed Instructions): every RV64 compressed
   form written explicitly as c.* so the 16-bit encodings are exercised: stack-pointer based and
   register based loads/stores (incl. c.fld/c.fsd), constant generation, register/immediate ALU
   ops, W forms, jumps, branches, c.jalr's link of pc + 2, c.ebreak, the all-zero illegal
   halfword, 32-bit instructions at 2-byte aligned addresses and across a page boundary. */
#include "test_macros.h"

RVTEST_BEGIN
        .option rvc
        la sp, cbuf

        /* c.addi4spn: rd' = sp + nzuimm (scaled by 4, up to 1020) */
        TEST_CASE(1, a0, 1020, c.addi4spn a0, sp, 1020; sub a0, a0, sp)
        TEST_CASE(2, s0, 4, c.addi4spn s0, sp, 4; sub s0, s0, sp)

        /* c.lw / c.ld: sign extension and the largest offsets */
        TEST_CASE(3, a0, 0xffffffff80000001, mv a1, sp; c.lw a0, 0(a1))
        TEST_CASE(4, a0, 0x7ffffffe, mv a1, sp; c.lw a0, 4(a1))
        TEST_CASE(5, a0, 0x12345678, mv a1, sp; c.lw a0, 124(a1))
        TEST_CASE(6, s1, 0xfedcba9876543210, mv s0, sp; c.ld s1, 8(s0))
        TEST_CASE(7, a5, 0x0f0e0d0c0b0a0908, mv a4, sp; c.ld a5, 248(a4))
        /* c.sw / c.sd */
        TEST_CASE(8, a0, 0x8765432100000000, mv a1, sp; sd zero, 64(a1); li a2, 0xffffffff87654321;
                  c.sw a2, 68(a1); ld a0, 64(a1))
        TEST_CASE(9, a0, 0x1122334455667788, mv a1, sp; li a2, 0x1122334455667788; c.sd a2, 72(a1);
                  ld a0, 72(a1))
        TEST_CASE(10, a0, 0xabcdef01, mv a1, sp; li a2, 0xabcdef01; c.sw a2, 124(a1); lwu a0, 124(a1))
        /* c.fld / c.fsd move raw bits */
        TEST_CASE(11, a0, 0xfedcba9876543210, mv a1, sp; c.fld fa0, 8(a1); fmv.x.d a0, fa0)
        TEST_CASE(12, a0, 0x7ff0000000000001, mv a1, sp; li a2, 0x7ff0000000000001; fmv.d.x fa1, a2;
                  c.fsd fa1, 80(a1); ld a0, 80(a1))
        TEST_CASE(13, a0, 0x0f0e0d0c0b0a0908, mv a1, sp; c.fld fa5, 248(a1); c.fsd fa5, 88(a1); ld a0, 88(a1))

        /* c.addi / c.addiw / c.li / c.lui */
        TEST_CASE(14, a0, 0xffffffffffffffe0, li a0, 0; c.addi a0, -32)
        TEST_CASE(15, t0, 41, li t0, 10; c.addi t0, 31)
        TEST_CASE(16, a0, 0x8000000000000000, li a0, 0x7fffffffffffffff; c.addi a0, 1)
        TEST_CASE(17, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
        TEST_CASE(18, a0, 0xffffffffffffffff, li a0, 0x1ffffffff; c.addiw a0, 0)
        TEST_CASE(19, s11, 0xffffffffffffffe0, li s11, 0x100000000; c.addiw s11, -32)
        TEST_CASE(20, a0, 0xffffffffffffffe0, c.li a0, -32)
        TEST_CASE(21, s11, 31, c.li s11, 31)
        TEST_CASE(22, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)
        TEST_CASE(23, a0, 0x1000, c.lui a0, 1)
        TEST_CASE(24, a0, 0x1f000, c.lui a0, 0x1f)
        TEST_CASE(25, s11, 0xfffffffffffff000, c.lui s11, 0xfffff)

        /* c.addi16sp: sp += nzimm (multiple of 16, -512..496) */
        TEST_CASE(26, a0, 496, mv s0, sp; c.addi16sp sp, 496; sub a0, sp, s0; mv sp, s0)
        TEST_CASE(27, a0, 0xfffffffffffffe00, mv s0, sp; c.addi16sp sp, -512; sub a0, sp, s0; mv sp, s0)
        TEST_CASE(28, a0, 0, mv s0, sp; c.addi16sp sp, -16; c.addi16sp sp, 16; sub a0, sp, s0)

        /* c.srli / c.srai / c.andi (rd' only) */
        TEST_CASE(29, a0, 1, li a0, 0x8000000000000000; c.srli a0, 63)
        TEST_CASE(30, a0, 0x7fffffffffffffff, li a0, -1; c.srli a0, 1)
        TEST_CASE(31, a0, 0xffffffff, li a0, -1; c.srli a0, 32)
        TEST_CASE(32, a0, 0xc000000000000000, li a0, 0x8000000000000000; c.srai a0, 1)
        TEST_CASE(33, a0, 0xffffffffffffffff, li a0, 0x8000000000000000; c.srai a0, 63)
        TEST_CASE(34, s1, 0xffffffff80000000, li s1, 0x8000000000000000; c.srai s1, 32)
        TEST_CASE(35, a0, 0xffffffffffffffe0, li a0, -1; c.andi a0, -32)
        TEST_CASE(36, a0, 0x1f, li a0, 0xff; c.andi a0, 31)
        TEST_CASE(37, a0, 0, li a0, 0xff; c.andi a0, 0)

        /* c.sub / c.xor / c.or / c.and / c.subw / c.addw */
        TEST_CASE(38, a0, 0xfffffffffffffffc, li a0, 3; li a1, 7; c.sub a0, a1)
        TEST_CASE(39, a0, 0xf00ff00ff00ff00f, li a0, 0xff00ff00ff00ff00; li a1, 0x0f0f0f0f0f0f0f0f; c.xor a0, a1)
        TEST_CASE(40, a0, 0xff0fff0fff0fff0f, li a0, 0xff00ff00ff00ff00; li a1, 0x0f0f0f0f0f0f0f0f; c.or a0, a1)
        TEST_CASE(41, a0, 0x0f000f000f000f00, li a0, 0xff00ff00ff00ff00; li a1, 0x0f0f0f0f0f0f0f0f; c.and a0, a1)
        TEST_CASE(42, a0, 0xffffffffffffffff, li a0, 0; li a1, 1; c.subw a0, a1)
        TEST_CASE(43, a0, 0x7fffffff, li a0, 0x80000000; li a1, 1; c.subw a0, a1)
        TEST_CASE(44, s0, 2, li s0, 0x100000005; li a5, 0x200000003; c.subw s0, a5)
        TEST_CASE(45, a0, 0xffffffff80000000, li a0, 0x7fffffff; li a1, 1; c.addw a0, a1)
        TEST_CASE(46, a0, 0, li a0, 0x1ffffffff; li a1, 1; c.addw a0, a1)

        /* c.slli (any rd) */
        TEST_CASE(47, a0, 0x8000000000000000, li a0, 1; c.slli a0, 63)
        TEST_CASE(48, s11, 0x2121212100000000, li s11, 0x21212121; c.slli s11, 32)
        TEST_CASE(49, t0, 0xfffffffffffffffe, li t0, -1; c.slli t0, 1)

        /* c.j forwards and backwards */
        TEST_CASE(50, a0, 3, li a0, 0; c.j 2f; 1: c.addi a0, 1; c.j 3f; 2: c.addi a0, 2; c.j 1b; 3:)
        /* c.beqz / c.bnez: taken and not taken, upper bits count */
        TEST_CASE(51, a0, 1, li a0, 0; c.beqz a0, 1f; j fail; 1: c.li a0, 1)
        TEST_CASE(52, a0, 2, li a0, 0x100000000; c.beqz a0, 2f; c.li a0, 2; c.j 3f; 2: j fail; 3:)
        TEST_CASE(53, a0, 4, li a0, 0x100000000; c.bnez a0, 1f; j fail; 1: c.li a0, 4)
        TEST_CASE(54, a0, 5, li a0, 0; c.bnez a0, 2f; c.li a0, 5; c.j 3f; 2: j fail; 3:)
        TEST_CASE(55, s0, 0, li s0, 3; 1: c.addi s0, -1; c.bnez s0, 1b)

        /* sp-based loads and stores (lwsp/ldsp/fldsp up to their largest offsets) */
        TEST_CASE(56, a0, 0x7ffffffe, c.lwsp a0, 4(sp))
        TEST_CASE(57, s11, 0xffffffff80000001, c.lwsp s11, 0(sp))
        TEST_CASE(58, a0, 0xfedcba9876543210, c.ldsp a0, 8(sp))
        TEST_CASE(59, t0, 0x5555aaaa5555aaaa, c.ldsp t0, 504(sp))
        TEST_CASE(60, a0, 0x0f0e0d0c, c.lwsp a0, 252(sp))
        TEST_CASE(61, a0, 0xfedcba9876543210, c.fldsp fa0, 8(sp); fmv.x.d a0, fa0)
        TEST_CASE(62, a0, 0x5555aaaa5555aaaa, c.fldsp ft1, 504(sp); fmv.x.d a0, ft1)
        TEST_CASE(63, a0, 0x0000000013572468, sd zero, 96(sp); li a2, 0x13572468; c.swsp a2, 96(sp); ld a0, 96(sp))
        TEST_CASE(64, a0, 0x00000000abcdef12, li s11, 0xabcdef12; c.swsp s11, 248(sp); lwu a0, 248(sp))
        TEST_CASE(65, a0, 0x0123456789abcdef, li t0, 0x0123456789abcdef; c.sdsp t0, 104(sp); ld a0, 104(sp))
        TEST_CASE(66, a0, 0xfedcba9876543210, c.fldsp fa0, 8(sp); c.fsdsp fa0, 496(sp); ld a0, 496(sp))
        TEST_CASE(67, a0, 0x3ff0000000000000, li a2, 0x3ff0000000000000; fmv.d.x fs0, a2; c.fsdsp fs0, 112(sp); ld a0, 112(sp))

        /* c.jr / c.jalr: c.jalr links pc + 2 */
        TEST_CASE(68, a0, 6, la a1, 1f; c.jr a1; j fail; 1: c.li a0, 6)
        TEST_CASE(69, ra, 0, la a1, c_func; la a2, 1f; c.jalr a1; 1: sub ra, ra, a2)
        TEST_CASE(70, a0, 7, li a0, 6; la s11, c_func; c.jalr s11)
        /* c.jalr with rs1 == ra: target is the old ra */
        TEST_CASE(71, a0, 8, li a0, 7; la ra, c_func; c.jalr ra)
        /* c.mv / c.add (any registers) */
        TEST_CASE(72, a0, 0x123456789, li a1, 0x123456789; c.mv a0, a1)
        TEST_CASE(73, s11, 0x8000000000000000, li t0, 0x8000000000000000; c.mv s11, t0)
        TEST_CASE(74, a0, 0x8000000000000000, li a0, 0x7fffffffffffffff; li a1, 1; c.add a0, a1)
        TEST_CASE(75, s11, 0x2468, li s11, 0x1234; c.add s11, s11)
        TEST_CASE(76, a0, 9, li a0, 9; c.nop)

        /* c.ebreak traps with a breakpoint at its own address */
        TEST_TRAP(77, CAUSE_BREAKPOINT, test77_ebreak: c.ebreak)
        TEST_START(78)
        la t5, tern_trap_epc
        ld t5, 0(t5)
        la t6, test77_ebreak
        bne t5, t6, fail
        /* the all-zero halfword is a reserved (illegal) encoding */
        TEST_TRAP(79, CAUSE_ILLEGAL_INSN, .hword 0)

        /* 32-bit instructions at 2-byte aligned addresses, jumped to by a 32-bit jalr */
        TEST_CASE(80, a0, 12, li a0, 0; la a3, c_odd; jalr ra, 0(a3))
        /* a 32-bit instruction that straddles a 4 KiB page boundary */
        TEST_CASE(81, a0, 78, li a0, 1; jal ra, straddle)

RVTEST_END

        .text
        .option rvc
        .balign 4
c_func:
        c.addi a0, 1
        c.jr ra

        .balign 4
        c.nop
c_odd:  /* 4n + 2 */
        .option push
        .option norvc
        addi a0, a0, 5
        addi a0, a0, 7
        .option pop
        c.jr ra

        .balign 4096
        .skip 4092
straddle:
        c.addi a0, 1            /* page end - 4 */
        .option push
        .option norvc
        addi a0, a0, 76         /* page end - 2 .. page + 2 */
        .option pop
        c.jr ra

        .data
        .balign 16
cbuf:
        .word 0x80000001, 0x7ffffffe
        .dword 0xfedcba9876543210
        .org cbuf + 124
        .word 0x12345678
        .org cbuf + 248
        .dword 0x0f0e0d0c0b0a0908
        .org cbuf + 504
        .dword 0x5555aaaa5555aaaa
        .skip 1024
