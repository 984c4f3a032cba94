/* SPDX-License-Identifier: MIT */
/* Synchronous traps and trap return (privileged spec v1.12 3.1.6-3.1.8, 3.3, 4.1): ecall/
   ebreak/illegal-instruction causes and mepc/mtval, mret/sret state restore, medeleg,
   nested traps, and the TW/TVM/TSR and mcounteren/scounteren virtualization controls. */
#include "priv_macros.h"

#define MCAUSE_SENTINEL 0x5a5a

  .text
  .globl test_main
test_main:
  mv s1, ra

  /* 1: ecall from M: cause 11, mepc = the ecall, mtval = 0, MPP = M, MPIE = old MIE */
  TEST 1
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  csrw mtval, t0
  TRY_TRAP CAUSE_ECALL_M, ecall
  CHECK_IMM s10, 0
  CHECK_FIELD s7, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MPP_M | MSTATUS_MPIE
  TEST 2
  TRY_TRAP CAUSE_ECALL_M, ecall
  CHECK_FIELD s7, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MPP_M

  /* 3: ecall from S and U: causes 9 and 8, MPP records the mode */
  TEST 3
  GO_S
  TRY_TRAP CAUSE_ECALL_S, ecall
  CHECK_IMM s10, 0
  CHECK_FIELD s7, MSTATUS_MPP, MPP_S
  TEST 4
  GO_U
  TRY_TRAP CAUSE_ECALL_U, ecall
  CHECK_IMM s10, 0
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U

  /* 5: ebreak: cause 3, mepc = its address, mtval = 0 or its address (both are legal) */
  TEST 5
  TRY_TRAP CAUSE_BREAKPOINT, ebreak
  CHECK_EBREAK_TVAL s10, s9
  TEST 6
  TRY_TRAP CAUSE_BREAKPOINT, c.ebreak
  CHECK_EBREAK_TVAL s10, s9
  TEST 7
  GO_U
  TRY_TRAP CAUSE_BREAKPOINT, ebreak
  CHECK_EBREAK_TVAL s10, s9
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U

  /* 8: illegal instructions: cause 2, mtval = the instruction bits */
  TEST 8
  TRY_ILLEGAL .word 0x0000000b           /* custom-0 major opcode */
  TEST 9
  GO_S
  TRY_ILLEGAL .word 0x0000000b
  CHECK_FIELD s7, MSTATUS_MPP, MPP_S
  TEST 10
  /* the all-zero 16-bit parcel is defined illegal: mtval = its bits = 0 */
  li s10, -1
  TRY_TRAP CAUSE_ILLEGAL_INSN, .hword 0x0000
  CHECK_IMM s10, 0
  TEST 11
  /* c.lui with a zero immediate is reserved: mtval = the 16 instruction bits */
  TRY_TRAP CAUSE_ILLEGAL_INSN, .hword 0x6081
  CHECK_IMM s10, 0x6081

  /* 12: mret to M: MIE = MPIE, MPIE = 1, MPP = U (least-privileged mode) */
  TEST 12
  li t0, MSTATUS_MIE
  csrc mstatus, t0
  li t0, MSTATUS_MPIE
  csrs mstatus, t0
  SET_MPP MPP_M
  la t0, 1f
  csrw mepc, t0
  mret
  j fail
1:
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MPP_U | MSTATUS_MPIE | MSTATUS_MIE
  TEST 13
  li t0, MSTATUS_MPIE
  csrc mstatus, t0            /* MIE = 1, MPIE = 0 */
  SET_MPP MPP_M
  la t0, 1f
  csrw mepc, t0
  mret
  j fail
1:
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MPP_U | MSTATUS_MPIE

  /* 14: mret to S with MPIE = 1: S runs with MIE = 1 (seen as MPIE at the next trap) */
  TEST 14
  li t0, MSTATUS_MPIE
  csrs mstatus, t0
  GO_S
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_FIELD s7, MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPIE
  li t0, MSTATUS_MPIE
  csrc mstatus, t0

  /* 15: mret to M keeps MPRV (to S/U it clears it: spec_strict.S) */
  TEST 15
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_M
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MPRV, MSTATUS_MPRV
  li t0, MSTATUS_MPRV
  csrc mstatus, t0

  /* 16: sret in S to S: SIE = SPIE, SPIE = 1, SPP = U */
  TEST 16
  GO_S
  li t0, MSTATUS_SIE
  csrc sstatus, t0
  li t0, MSTATUS_SPIE | MSTATUS_SPP
  csrs sstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
  j fail
1:
  csrr t0, sstatus
  CHECK_FIELD t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE | MSTATUS_SIE
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S       /* still in S */
  TEST 17
  GO_S
  li t0, MSTATUS_SPIE
  csrc sstatus, t0          /* SIE = 1 from case 17, SPIE = 0 */
  li t0, MSTATUS_SPP
  csrs sstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
  j fail
1:
  csrr t0, sstatus
  CHECK_FIELD t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE
  GO_M

  /* 18: sret with SPP = U drops to U */
  TEST 18
  GO_S
  S_GO_U
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U

  /* 19: xRET from a less privileged mode is illegal */
  TEST 19
  GO_U
  TRY_ILLEGAL sret
  TEST 20
  GO_S
  TRY_ILLEGAL mret
  TEST 21
  GO_U
  TRY_ILLEGAL mret

  /* 22: medeleg sends S/U exceptions to S: scause/sepc/stval/SPP/SPIE, and M sees nothing */
  TEST 22
  li t0, (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_ECALL_U) | (1 << CAUSE_BREAKPOINT)
  csrw medeleg, t0
  li t0, MCAUSE_SENTINEL
  csrw mcause, t0
  li s8, MCAUSE_SENTINEL
  GO_S
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  la s11, 2f
1:
  .word 0x0000000b
  j fail
2:
  /* still in S */
  CHECK_IMM s8, MCAUSE_SENTINEL
  CHECK_STRAP CAUSE_ILLEGAL_INSN, 1b
  CHECK_IMM s5, 0x0000000b
  CHECK_FIELD s2, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SPIE
  csrr t0, scause
  CHECK_IMM t0, CAUSE_ILLEGAL_INSN
  csrr t0, sepc
  CHECK_LABEL t0, 1b
  csrr t0, stval
  CHECK_IMM t0, 0x0000000b
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 23
  /* from U: SPP = U */
  GO_S
  S_GO_U
  la s11, 2f
1:
  ecall
  j fail
2:
  CHECK_STRAP CAUSE_ECALL_U, 1b
  CHECK_IMM s5, 0
  CHECK_FIELD s2, MSTATUS_SPP, 0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 24
  GO_U
  la s11, 2f
1:
  ebreak
  j fail
2:
  CHECK_STRAP CAUSE_BREAKPOINT, 1b
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 25
  /* delegation never lowers privilege: the same exception in M stays in M */
  TRY_ILLEGAL .word 0x0000000b
  TEST 26
  /* ecall from S is not delegated here */
  GO_S
  TRY_TRAP CAUSE_ECALL_S, ecall

  /* 27: nested trap: an ecall inside the S handler goes to M and returns to the S handler,
     whose sepc/scause survive; its sret then resumes the interrupted S code */
  TEST 27
  GO_S
  la s11, 2f
1:
  .word 0x0000000b          /* delegated to S */
  j fail
2:
  la s11, 4f
3:
  ecall                     /* in the S "handler": goes to M */
  j 5f
4:
  CHECK_MTRAP CAUSE_ECALL_S, 3b
  CHECK_FIELD s7, MSTATUS_SPP | MSTATUS_MPP, MSTATUS_SPP | MPP_S
  csrr t0, scause
  CHECK_IMM t0, CAUSE_ILLEGAL_INSN
  csrr t0, sepc
  CHECK_LABEL t0, 1b
  addi t0, s9, 4
  csrw mepc, t0
  SET_MPP MPP_S
  mret                      /* back into the S handler */
  j fail
5:
  csrr t0, scause
  CHECK_IMM t0, CAUSE_ILLEGAL_INSN
  csrr t0, sepc
  CHECK_LABEL t0, 1b
  la t0, 6f                 /* the handler returns past the illegal instruction */
  csrw sepc, t0
  sret
  j fail
6:
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  csrw medeleg, zero

  /* 28: TW = 1: wfi in S and U is illegal (QEMU: no grace period, see README) */
  TEST 28
  li t0, MSTATUS_TW
  csrs mstatus, t0
  GO_S
  TRY_ILLEGAL wfi
  TEST 29
  GO_U
  TRY_ILLEGAL wfi
  li t0, MSTATUS_TW
  csrc mstatus, t0

  /* 30: TVM = 1: satp and sfence.vma are illegal in S, still legal in M */
  TEST 30
  li t0, MSTATUS_TVM
  csrs mstatus, t0
  csrr t0, satp
  csrw satp, zero
  sfence.vma
  GO_S
  TRY_ILLEGAL csrr t0, satp
  TEST 31
  GO_S
  TRY_ILLEGAL csrw satp, zero
  TEST 32
  GO_S
  TRY_ILLEGAL sfence.vma
  TEST 33
  GO_S
  TRY_ILLEGAL sfence.vma a0, a1
  li t0, MSTATUS_TVM
  csrc mstatus, t0
  TEST 34
  GO_S
  csrr t0, satp
  sfence.vma
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S

  /* 35: TSR = 1: sret is illegal in S (legal again with TSR = 0) */
  TEST 35
  li t0, MSTATUS_TSR
  csrs mstatus, t0
  GO_S
  TRY_ILLEGAL sret
  li t0, MSTATUS_TSR
  csrc mstatus, t0
  TEST 36
  GO_S
  li t0, MSTATUS_SPP
  csrs sstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
1:
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S

  /* 37: counter enables. M always reads its counters. */
  TEST 37
  csrw mcounteren, zero
  csrw scounteren, zero
  rdcycle t0
  rdinstret t0
  csrr t0, mcycle
  /* 38: mcounteren = 0: cycle/instret/hpmcounter3 are illegal in S and U */
  TEST 38
  GO_S
  TRY_ILLEGAL rdcycle t0
  TEST 39
  GO_S
  TRY_ILLEGAL rdinstret t0
  TEST 40
  GO_S
  TRY_ILLEGAL csrr t0, hpmcounter3
  TEST 41
  li t0, -1
  csrw scounteren, t0       /* scounteren cannot open what mcounteren closes */
  GO_U
  TRY_ILLEGAL rdcycle t0
  TEST 42
  /* mcounteren = CY|IR, scounteren = 0: S may read, U may not */
  li t0, 5
  csrw mcounteren, t0
  csrw scounteren, zero
  GO_S
  rdcycle t0
  rdinstret t0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 43
  GO_U
  TRY_ILLEGAL rdcycle t0
  TEST 44
  GO_U
  TRY_ILLEGAL rdinstret t0
  TEST 45
  /* scounteren = IR only: U reads instret, not cycle */
  li t0, 4
  csrw scounteren, t0
  GO_U
  rdinstret t0
  TRY_ILLEGAL rdcycle t0
  TEST 46
  li t0, 5
  csrw scounteren, t0
  GO_U
  rdcycle t0
  rdinstret t0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U
  TEST 47
  /* instret counts forward when read from U */
  GO_U
  rdinstret a0
  nop
  nop
  rdinstret a1
  GO_M
  bleu a1, a0, fail
  csrw mcounteren, zero
  csrw scounteren, zero

  /* 48: access faults: nothing is mapped at physical 0x10 on spike */
  TEST 48
  li a0, 0x10
  la s11, 2f
1:
  ld t0, 0(a0)
  j fail
2:
  CHECK_MTRAP CAUSE_LOAD_ACCESS, 1b
  CHECK_IMM s10, 0x10
  TEST 49
  la s11, 2f
1:
  sd t0, 0(a0)
  j fail
2:
  CHECK_MTRAP CAUSE_STORE_ACCESS, 1b
  CHECK_IMM s10, 0x10
  TEST 50
  la s11, 2f
1:
  jalr ra, 0(a0)
3:
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_ACCESS
  CHECK_IMM s9, 0x10
  CHECK_IMM s10, 0x10
  CHECK_LABEL ra, 3b        /* jalr retired before the target fetch faulted */

  mv ra, s1
  ret
