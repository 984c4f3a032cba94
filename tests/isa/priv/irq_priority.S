/* SPDX-License-Identifier: MIT */
/* Interrupt priority (privileged spec v1.12 3.1.9): among interrupts pending and enabled at
   once the order is MEI > MSI > MTI > SEI > SSI > STI, both for M-handled and for delegated
   (S-handled) ones. MEI cannot be raised on spike (no PLIC) and is not covered.
   QEMU 7.2 only follows this order with AIA enabled (-cpu rv64,x-smaia=true,x-ssaia=true);
   without AIA it takes the lowest-numbered pending interrupt first. */
#include "priv_macros.h"

#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)

  .text
  .globl test_main
test_main:
  mv s1, ra
  TIMER_OFF
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MSIP
  WAIT_MIP_CLEAR MIP_MTIP

  /* 1: M-handled interrupts pending at once are taken in the order
     MSI > MTI > SEI > SSI > STI (MEI cannot be raised on spike: no PLIC) */
  TEST 1
  li t0, MIP_MSIP | MIP_MTIP | S_INTS
  csrw mie, t0
  MSIP_WRITE 1
  li t0, CLINT_MTIMECMP
  sd zero, 0(t0)
  WAIT_MIP MIP_MSIP
  WAIT_MIP MIP_MTIP
  li t0, S_INTS
  csrs mip, t0
  csrr t0, mip
  CHECK_FIELD t0, MIP_MSIP | MIP_MTIP | S_INTS, MIP_MSIP | MIP_MTIP | S_INTS
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MSI
  MSIP_WRITE 0
  WAIT_MIP_CLEAR MIP_MSIP
  TEST 2
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_MTI
  TIMER_OFF
  WAIT_MIP_CLEAR MIP_MTIP
  TEST 3
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_SEI
  li t0, MIP_SEIP
  csrc mip, t0
  TEST 4
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_SSI
  li t0, MIP_SSIP
  csrc mip, t0
  TEST 5
  la s11, 1f
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  j fail
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_STI
  li t0, MIP_STIP
  csrc mip, t0
  TEST 6
  /* nothing left: enabling MIE takes nothing */
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  nop
  csrc mstatus, t0
  csrr t0, mip
  CHECK_FIELD t0, MIP_MSIP | MIP_MTIP | S_INTS, 0

  /* 7: S-level priority with everything delegated: SEI > SSI > STI */
  TEST 7
  li t0, S_INTS
  csrw mideleg, t0
  csrw mie, t0
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
  TEST 8
  GO_S
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_SSI
  li t0, MIP_SSIP
  csrc sip, t0
  TEST 9
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  j fail
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_STI
  GO_M
  li t0, MIP_STIP
  csrc mip, t0

  csrw mideleg, zero
  csrw mie, zero

  mv ra, s1
  ret
