/* SPDX-License-Identifier: MIT */
/* Interrupts (privileged spec v1.12 3.1.6.1, 3.1.9, 3.3.3, 4.1.3): CLINT timer and software
   interrupts, global enables per privilege mode, priority order, delegation through mideleg
   to S, WFI wake-up with interrupts disabled, and vectored mtvec/stvec. */
#include "priv_macros.h"

#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define SENTINEL 0x5a5a

  .text
  .globl test_main
test_main:
  mv s1, ra
  TIMER_OFF
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MTIP
  WAIT_MIP_CLEAR MIP_MSIP

  /* 1: machine timer interrupt from mtimecmp */
  TEST 1
  li t0, MIP_MTIP
  csrw mie, t0
  csrr t0, mip
  CHECK_FIELD t0, MIP_MTIP, 0
  TIMER_IN 200
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  WAIT_FOR_TRAP
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MTI
  CHECK_IMM s10, 0
  CHECK_FIELD s7, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MPP_M
  csrr t0, mip
  CHECK_FIELD t0, MIP_MTIP, MIP_MTIP
  TEST 2
  /* mip.MTIP follows mtime >= mtimecmp: it clears when mtimecmp moves ahead */
  TIMER_OFF
  WAIT_MIP_CLEAR MIP_MTIP
  /* and the trap cleared MIE, so nothing more was taken */
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MIE, 0

  /* 3: machine software interrupt from the CLINT msip register */
  TEST 3
  li t0, MIP_MSIP
  csrw mie, t0
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  MSIP_WRITE 1
  WAIT_FOR_TRAP
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MSI
  csrr t0, mip
  CHECK_FIELD t0, MIP_MSIP, MIP_MSIP
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MSIP

  /* 4: with MIE = 0 a pending enabled interrupt is not taken in M ... */
  TEST 4
  MSIP_WRITE 1
  WAIT_MIP MIP_MSIP
  nop
  nop
  csrr t0, mip
  CHECK_FIELD t0, MIP_MSIP, MIP_MSIP
  /* 5: ... wfi still returns because an interrupt is pending ... */
  TEST 5
  wfi
  TEST 6
  /* ... and it is taken as soon as the hart runs in S (or U) whatever MIE is */
  la s11, 1f
  GO_S
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MSI
  CHECK_FIELD s7, MSTATUS_MPP | MSTATUS_MIE, MPP_S
  TEST 7
  la s11, 1f
  GO_U
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MSI
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MSIP

  /* 8: wfi with MIE = 0 wakes up when the timer becomes pending */
  TEST 8
  li t0, MIP_MTIP
  csrw mie, t0
  TIMER_IN 500
1:
  wfi
  csrr t0, mip
  andi t0, t0, MIP_MTIP
  beqz t0, 1b
  TIMER_OFF
  WAIT_MIP_CLEAR MIP_MTIP

  /* 9: mideleg sends SSI to S: taken in S when SIE = 1, scause has the interrupt bit */
  TEST 9
  li t0, MIP_SSIP
  csrw mideleg, t0
  csrw mie, t0
  csrs mip, t0
  li s8, SENTINEL
  /* 10: a delegated interrupt is never taken in M, even with MIE = SIE = 1 */
  TEST 10
  li t0, MSTATUS_MIE | MSTATUS_SIE
  csrs mstatus, t0
  nop
  nop
  li t0, MSTATUS_MIE | MSTATUS_SIE
  csrc mstatus, t0
  /* 11: nor in S while SIE = 0 */
  TEST 11
  GO_S
  nop
  csrr t0, sip
  CHECK_FIELD t0, MIP_SSIP, MIP_SSIP
  TEST 12
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SSI
  CHECK_IMM s5, 0
  CHECK_FIELD s2, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SPIE
  CHECK_IMM s8, SENTINEL
  TEST 13
  /* S clears its own pending bit through sip */
  li t0, MIP_SSIP
  csrc sip, t0
  csrr t0, sip
  CHECK_FIELD t0, MIP_SSIP, 0
  TEST 14
  /* S raises its own software interrupt through sip: taken at once with SIE = 1 */
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  li t0, MIP_SSIP
  csrs sip, t0
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SSI
  li t0, MIP_SSIP
  csrc sip, t0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 15
  /* in U a delegated S interrupt is taken whatever SIE is */
  li t0, MSTATUS_SIE
  csrc mstatus, t0
  li t0, MIP_SSIP
  csrs mip, t0
  la s11, 1f
  GO_U
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SSI
  CHECK_FIELD s2, MSTATUS_SPP | MSTATUS_SPIE, 0
  li t0, MIP_SSIP
  csrc sip, t0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S

  /* 16: delegated STI and SEI (pending bits written by M) reach S with their causes */
  TEST 16
  li t0, MIP_STIP | MIP_SEIP
  csrw mideleg, t0
  csrw mie, t0
  li t0, MIP_STIP
  csrs mip, t0
  GO_S
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_STI
  GO_M
  li t0, MIP_STIP
  csrc mip, t0
  TEST 17
  li t0, MIP_SEIP
  csrs mip, t0
  GO_S
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SEI
  GO_M
  li t0, MIP_SEIP
  csrc mip, t0

  /* 18: an interrupt for M beats a delegated one pending at the same time (in S with
     SIE = 1, MSI and a delegated SSI both pending: M's is taken) */
  TEST 18
  li t0, MIP_SSIP
  csrw mideleg, t0
  li t0, MIP_SSIP | MIP_MSIP
  csrw mie, t0
  li t0, MIP_SSIP
  csrs mip, t0
  li t0, MSTATUS_SIE
  csrs mstatus, t0
  MSIP_WRITE 1
  WAIT_MIP MIP_MSIP
  la s11, 1f
  GO_S
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MSI
  CHECK_FIELD s7, MSTATUS_MPP, MPP_S
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MSIP
  TEST 19
  /* the SSI is still pending and is taken in S once M is out of the way */
  csrr t0, mip
  CHECK_FIELD t0, MIP_SSIP | MIP_MSIP, MIP_SSIP
  la s11, 1f
  GO_S
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SSI
  li t0, MIP_SSIP
  csrc sip, t0
  GO_M
  csrw mideleg, zero
  csrw mie, zero

  /* 20: vectored mtvec: interrupts go to BASE + 4 * cause, exceptions to BASE */
  TEST 20
  csrr s0, mtvec
  la t0, vec_table
  ori t0, t0, 1
  csrw mtvec, t0
  li a2, -1
  TRY_TRAP CAUSE_ECALL_M, ecall
  CHECK_IMM a2, 0
  TEST 21
  li t0, MIP_MSIP
  csrw mie, t0
  li a2, -1
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  MSIP_WRITE 1
  WAIT_FOR_TRAP
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MSI
  CHECK_IMM a2, IRQ_MSI
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MSIP
  TEST 22
  li t0, MIP_MTIP
  csrw mie, t0
  li a2, -1
  TIMER_IN 100
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  WAIT_FOR_TRAP
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MTI
  CHECK_IMM a2, IRQ_MTI
  TIMER_OFF
  WAIT_MIP_CLEAR MIP_MTIP
  csrw mie, zero
  csrw mtvec, s0

  /* 23: vectored stvec for a delegated SSI */
  TEST 23
  csrr s0, stvec
  la t0, svec_table
  ori t0, t0, 1
  csrw stvec, t0
  li t0, MIP_SSIP
  csrw mideleg, t0
  csrw mie, t0
  csrs mip, t0
  li a2, -1
  la s11, 1f
  GO_U
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SSI
  CHECK_IMM a2, IRQ_SSI
  li t0, MIP_SSIP
  csrc sip, t0
  GO_M
  csrw stvec, s0
  csrw mideleg, zero
  csrw mie, zero

  mv ra, s1
  ret

/* Vector tables: slot n records n in a2 and joins the common handler. */
  .option push
  .option norvc
  .align 8
vec_table:
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  j mvec_\n
  .endr
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
mvec_\n:
  li a2, \n
  j m_trap
  .endr

  .align 8
svec_table:
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  j svec_\n
  .endr
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
svec_\n:
  li a2, \n
  j s_trap
  .endr
  .option pop
