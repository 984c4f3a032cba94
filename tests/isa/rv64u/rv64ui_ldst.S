/* SPDX-License-Identifier: MIT */
/* RV64I loads and stores (unprivileged ISA, "Load and Store Instructions"): every width with
   sign/zero extension, positive/negative offsets, rd == rs1, little-endian byte order, stores
   writing only their own bytes; plus FENCE/FENCE.TSO and Zifencei FENCE.I with self-modifying
   code (an instruction rewritten after it has been executed once must run in its new form). */
#include "test_macros.h"

/* Load of the given width at tdat + off (through a base register) must give result. */
#define TEST_LD(n, inst, result, off)                                                   \
        TEST_CASE(n, a0, result, la a1, tdat; inst a0, off(a1))
/* Fill the 8-byte buffer with fill, store val with inst at buf + off, read back 8 bytes. */
#define TEST_ST(n, inst, result, fill, val, off)                                        \
        TEST_CASE(n, a0, result, la a1, sbuf; li a2, fill; sd a2, 0(a1); sd a2, 8(a1);  \
                  li a2, val; inst a2, off(a1); ld a0, 0(a1))

/* Instruction encodings used by the self-modifying code cases: addi a0, x0, imm. */
#define LI_A0(imm) (((imm) << 20) | 0x513)

RVTEST_BEGIN

        /* lb / lbu */
        TEST_LD(1, lb, 0xffffffffffffff90, 0)
        TEST_LD(2, lb, 0x50, 4)
        TEST_LD(3, lb, 0xffffffffffffff80, 7)
        TEST_LD(4, lb, 0x7f, 15)
        TEST_LD(5, lbu, 0x90, 0)
        TEST_LD(6, lbu, 0x80, 7)
        TEST_LD(7, lbu, 0x08, 8)
        /* lh / lhu */
        TEST_LD(8, lh, 0xffffffffffffa090, 0)
        TEST_LD(9, lh, 0xffffffffffffc0b0, 2)
        TEST_LD(10, lh, 0x0908, 8)
        TEST_LD(11, lh, 0x7f0e, 14)
        TEST_LD(12, lhu, 0x8070, 6)
        TEST_LD(13, lhu, 0xa090, 0)
        /* lw / lwu */
        TEST_LD(14, lw, 0xffffffffc0b0a090, 0)
        TEST_LD(15, lw, 0xffffffff80706050, 4)
        TEST_LD(16, lw, 0x0b0a0908, 8)
        TEST_LD(17, lw, 0x7f0e0d0c, 12)
        TEST_LD(18, lwu, 0xc0b0a090, 0)
        TEST_LD(19, lwu, 0x80706050, 4)
        /* ld */
        TEST_LD(20, ld, 0x80706050c0b0a090, 0)
        TEST_LD(21, ld, 0x7f0e0d0c0b0a0908, 8)
        /* negative and large offsets, rd == rs1, x0 as destination */
        TEST_CASE(22, a0, 0xffffffff80706050, la a1, tdat + 8; lw a0, -4(a1))
        TEST_CASE(23, a0, 0x80706050c0b0a090, la a1, tdat + 2047; ld a0, -2047(a1))
        TEST_CASE(24, a0, 0x7f0e0d0c0b0a0908, la a1, tdat + 8 - 2047; ld a0, 2047(a1))
        TEST_CASE(25, a1, 0xffffffffffffff90, la a1, tdat; lb a1, 0(a1))
        TEST_CASE(26, a1, 0x0b0a0908, la a1, tdat; lwu a1, 8(a1))
        TEST_CASE(27, x0, 0, la a1, tdat; ld x0, 0(a1))

        /* sb / sh / sw / sd write only their bytes, little-endian */
        TEST_ST(28, sb, 0xffffffffffff5aff, -1, 0x5a, 1)
        TEST_ST(29, sb, 0x3400000000000000, 0, 0x1234, 7)
        TEST_ST(30, sh, 0x00000000beef0000, 0, 0xabcd12345678beef, 2)
        TEST_ST(31, sh, 0x8001ffffffffffff, -1, 0x8001, 6)
        TEST_ST(32, sw, 0x89abcdefffffffff, -1, 0x0123456789abcdef, 4)
        TEST_ST(33, sw, 0x0000000080000000, 0, 0xffffffff80000000, 0)
        TEST_ST(34, sd, 0x0123456789abcdef, -1, 0x0123456789abcdef, 0)
        /* the word after the buffer's first dword is untouched by the stores above */
        TEST_CASE(35, a0, 0, la a1, sbuf; sd zero, 8(a1); li a2, -1; sd a2, 0(a1); ld a0, 8(a1))
        /* read back a stored dword at every width */
        TEST_CASE(36, a0, 0x01234567, la a1, sbuf; li a2, 0x0123456789abcdef; sd a2, 0(a1); lw a0, 4(a1))
        TEST_CASE(37, a0, 0x01, la a1, sbuf; lbu a0, 7(a1))
        TEST_CASE(38, a0, 0xffffffffffffcdef, la a1, sbuf; lh a0, 0(a1))
        TEST_CASE(39, a0, 0xffffffffffffffab, la a1, sbuf; lb a0, 2(a1))
        /* negative store offsets */
        TEST_CASE(40, a0, 0x1122334455667788, la a1, sbuf + 16; li a2, 0x1122334455667788; sd a2, -16(a1); ld a0, -16(a1))
        TEST_CASE(41, a0, 0x11223344ffff7788, la a1, sbuf + 2; li a2, -1; sh a2, 0(a1); lh a3, 0(a1); CHECK_REG(a3, -1); ld a0, -2(a1))
        /* store then load through a different base register that aliases */
        TEST_CASE(42, a0, 0x66, la a1, sbuf; addi a3, a1, 5; li a2, 0x66; sb a2, 0(a3); lbu a0, 5(a1))

        /* fence variants are executed (memory stays coherent for this hart) */
        TEST_CASE(43, a0, 0x99, la a1, sbuf; li a2, 0x99; sd a2, 0(a1); fence; ld a0, 0(a1))
        TEST_CASE(44, a0, 0x98, la a1, sbuf; li a2, 0x98; sd a2, 0(a1); fence rw, rw; fence w, r; fence.tso; ld a0, 0(a1))
        TEST_CASE(45, a0, 0x97, la a1, sbuf; li a2, 0x97; sw a2, 0(a1); fence i, o; fence r, w; lwu a0, 0(a1))

        /* fence.i: run smc_slot, rewrite its first instruction, fence.i, run it again */
        TEST_CASE(46, a0, 1, jal ra, smc_slot)
        TEST_CASE(47, a0, 2, la a1, smc_slot; li a2, LI_A0(2); sw a2, 0(a1); fence.i; jal ra, smc_slot)
        TEST_CASE(48, a0, 3, la a1, smc_slot; li a2, LI_A0(3); sw a2, 0(a1); fence.i; jal ra, smc_slot)
        /* rewrite an instruction later in the same straight-line block */
        TEST_CASE(49, a0, 42, li a0, 0; la a1, 1f; li a2, LI_A0(42); sw a2, 0(a1); fence.i; 1: addi a0, x0, 1)
        /* run it a second time (a loop), rewriting it again between the iterations */
        TEST_CASE(50, a0, 0x708, li a4, 0; li a5, 3; la a1, 1f; li a2, LI_A0(0x700); li a3, LI_A0(7);
                  2: fence.i; 1: addi a0, x0, 1; add a4, a4, a0; sw a2, 0(a1); mv a2, a3; addi a5, a5, -1;
                  bnez a5, 2b; mv a0, a4)
        /* copy a function into data memory, fence.i, call it; then patch it and call again */
        TEST_CASE(51, a0, 0x123, la a1, ram_code; li a2, LI_A0(0x123); sw a2, 0(a1); li a2, 0x00008067;
                  sw a2, 4(a1); fence.i; jalr ra, 0(a1))
        TEST_CASE(52, a0, 0x124, la a1, ram_code; li a2, LI_A0(0x124); sw a2, 0(a1); fence.i; jalr ra, 0(a1))
        /* the patch is a sub-word store of the immediate field's top byte */
        TEST_CASE(53, a0, 0x7fc, la a1, ram_code; li a2, 0x7f; sb a2, 3(a1); li a2, 0xc0; sb a2, 2(a1);
                  fence.i; jalr ra, 0(a1))

RVTEST_END

        .text
        .balign 4
smc_slot:
        addi a0, x0, 1
        ret

        .data
        .balign 16
tdat:   .dword 0x80706050c0b0a090
        .dword 0x7f0e0d0c0b0a0908
sbuf:   .dword 0, 0, 0
        .balign 4
ram_code:
        .word 0, 0, 0, 0
