/* SPDX-License-Identifier: MIT */
/* Privileged spec v1.12 rules that QEMU 7.2 (the oracle used for the other programs) does
   not follow: mepc/sepc bit 0, MPRV cleared by xRET to a lower mode, misaligned AMO/SC
   causes, reserved pmpcfg/pmpaddr bits, the PMP "no entry" rule with all entries OFF,
   MPP and medeleg[11] WARL legality, and an exact instret. Built with -DPRIV_QEMU72 each case
   checks QEMU 7.2's observed behaviour instead, which shows the test mechanics work. */
#include "priv_macros.h"

#ifdef PRIV_QEMU72
#define SPEC_OR_QEMU(spec, qemu) qemu
#else
#define SPEC_OR_QEMU(spec, qemu) spec
#endif

  .text
  .globl test_main
test_main:
  mv s1, ra

  /* 1: mepc[0] and sepc[0] are always zero (3.1.14, 4.1.7) */
  TEST 1
  li t1, 0x80001237
  csrw mepc, t1
  csrr t0, mepc
  CHECK_IMM t0, SPEC_OR_QEMU(0x80001236, 0x80001237)
  TEST 2
  csrw sepc, t1
  csrr t0, sepc
  CHECK_IMM t0, SPEC_OR_QEMU(0x80001236, 0x80001237)

  /* 3: "An MRET or SRET instruction that changes the privilege mode to a mode less
     privileged than M also sets MPRV=0" (3.1.6.3) */
  TEST 3
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  GO_S
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_FIELD s7, MSTATUS_MPRV, SPEC_OR_QEMU(0, MSTATUS_MPRV)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  TEST 4
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  GO_U
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U
  CHECK_FIELD s7, MSTATUS_MPRV, SPEC_OR_QEMU(0, MSTATUS_MPRV)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  TEST 5
  /* sret executed in M (with SPP = S) */
  li t0, MSTATUS_MPRV | MSTATUS_SPP
  csrs mstatus, t0
  SET_MPP MPP_M
  la t0, 1f
  csrw sepc, t0
  sret
  j fail
1:
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_FIELD s7, MSTATUS_MPRV, SPEC_OR_QEMU(0, MSTATUS_MPRV)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0

  /* 6: a misaligned AMO raises a store/AMO exception: address-misaligned (6) or access
     fault (7), mtval = the address; memory is untouched. QEMU 7.2 reports cause 4. */
  TEST 6
  la a0, amo_word
  li t0, 0x1111111111111111
  sd t0, 0(a0)
  sd t0, 8(a0)
  addi a1, a0, 2
  li t1, 5
  la s11, 2f
1:
  amoadd.w t2, t1, (a1)
  j fail
2:
  CHECK_LABEL s9, 1b
#ifdef PRIV_QEMU72
  CHECK_IMM s8, CAUSE_MISALIGNED_LOAD
#else
  CHECK_ONE_OF s8, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS
#endif
  CHECK_EQ s10, a1
  TEST 7
  addi a1, a0, 4
  la s11, 2f
1:
  amoswap.d t2, t1, (a1)
  j fail
2:
  CHECK_LABEL s9, 1b
#ifdef PRIV_QEMU72
  CHECK_IMM s8, CAUSE_MISALIGNED_LOAD
#else
  CHECK_ONE_OF s8, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS
#endif
  CHECK_EQ s10, a1
  ld t0, 0(a0)
  CHECK_IMM t0, 0x1111111111111111
  ld t0, 8(a0)
  CHECK_IMM t0, 0x1111111111111111

  /* 8: a misaligned SC raises the same (A: "if the address is not naturally aligned, an
     address-misaligned exception or an access-fault exception will be generated").
     QEMU 7.2 checks the reservation first and just fails the SC (rd = 1). */
  TEST 8
  addi a1, a0, 6
  li t2, 0x77
  lr.d t0, (a0)
  la s11, 2f
1:
  sc.w t2, t1, (a1)
#ifdef PRIV_QEMU72
  li s11, 0
  CHECK_IMM t2, 1
  j 3f
#else
  j fail
#endif
2:
  CHECK_LABEL s9, 1b
  CHECK_ONE_OF s8, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS
  CHECK_EQ s10, a1
3:
  ld t0, 0(a0)
  CHECK_IMM t0, 0x1111111111111111

  /* 9: pmpcfg bits 6:5 are reserved, read as zero (3.7.1 figure: "0 (WARL)") */
  TEST 9
  li t1, 0x7f7f7f7f7f7f7f7f
  csrw pmpcfg2, t1
  csrr t0, pmpcfg2
  csrw pmpcfg2, zero
  CHECK_IMM t0, SPEC_OR_QEMU(0x1f1f1f1f1f1f1f1f, 0x7f7f7f7f7f7f7f7f)
  /* 10: RV64 pmpaddr holds address bits 55:2 only: bits 63:54 read as zero */
  TEST 10
  li t1, -1
  csrw pmpaddr9, t1
  csrr t0, pmpaddr9
  csrw pmpaddr9, zero
  srli t0, t0, 54
  CHECK_IMM t0, SPEC_OR_QEMU(0, 0x3ff)

  /* 11: with every PMP entry OFF, an S-mode fetch matches nothing and fails with an
     instruction access fault at the target (QEMU 7.2 instead makes the mret illegal) */
  TEST 11
  csrr s0, pmpcfg0
  csrw pmpcfg0, zero
  csrw pmpcfg2, zero
  sfence.vma
  la s11, 2f
  SET_MPP MPP_S
  la a1, 1f
  csrw mepc, a1
3:
  mret
1:
  j fail
2:
  csrw pmpcfg0, s0
  sfence.vma
#ifdef PRIV_QEMU72
  CHECK_MTRAP CAUSE_ILLEGAL_INSN, 3b
#else
  CHECK_IMM s8, CAUSE_FETCH_ACCESS
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1
#endif

  /* 12: MPP is WARL and 2 is not a legal mode: it never reads back as 2 */
  TEST 12
  SET_MPP (2 << 11)
  csrr t0, mstatus
  li t1, MSTATUS_MPP
  and t0, t0, t1
  SET_MPP MPP_M
  li t1, 2 << 11
#ifdef PRIV_QEMU72
  bne t0, t1, fail
#else
  beq t0, t1, fail
#endif

  /* 13: medeleg[11] (ecall from M) is read-only zero (3.1.8) */
  TEST 13
  li t0, 1 << CAUSE_ECALL_M
  csrw medeleg, t0
  csrr t0, medeleg
  csrw medeleg, zero
  CHECK_IMM t0, SPEC_OR_QEMU(0, 1 << CAUSE_ECALL_M)

  /* 14: instret counts retired instructions exactly: from one rdinstret to the next, three
     (the first rdinstret and two nops). QEMU 7.2 without icount returns host ticks. */
  TEST 14
  rdinstret a0
  nop
  nop
  rdinstret a1
  sub a1, a1, a0
#ifndef PRIV_QEMU72
  CHECK_IMM a1, 3
#endif

  mv ra, s1
  ret

  .data
  .align 4
amo_word:
  .dword 0, 0
