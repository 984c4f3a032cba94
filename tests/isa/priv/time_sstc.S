/* SPDX-License-Identifier: MIT */
/* The time CSR and the Sstc extension (privileged spec v1.12 3.1.11-3.1.12, Zicntr; Sstc
   1.0: menvcfg.STCE, stimecmp, mip.STIP driven by time >= stimecmp). time must mirror the
   CLINT mtime. QEMU 7.2's spike machine implements neither time nor stimecmp (both raise
   illegal instruction even in M), so this program was checked on QEMU's virt machine with
   the SiFive test device exit (priv_env.S built with -DPRIV_EXIT_SIFIVE_TEST). */
#include "priv_macros.h"

#define COUNTEREN_TM 2

/* clobbers t0, t1: stimecmp = time + ticks */
.macro STIMECMP_IN ticks
  rdtime t1
  li t0, \ticks
  add t1, t1, t0
  csrw CSR_STIMECMP, t1
.endm

  .text
  .globl test_main
test_main:
  mv s1, ra
  TIMER_OFF
  csrw mcounteren, zero
  csrw scounteren, zero

  /* 1: time mirrors mtime: mtime, time, mtime read in this order are ordered */
  TEST 1
  li t2, CLINT_MTIME
  ld a0, 0(t2)
  rdtime a1
  ld a2, 0(t2)
  bltu a1, a0, fail
  bltu a2, a1, fail
  sub t0, a2, a0
  li t1, 1000000            /* 100 ms at 10 MHz: generous bound for three accesses */
  bgeu t0, t1, fail
  TEST 2
  /* time advances */
  rdtime a0
1:
  rdtime a1
  beq a1, a0, 1b

  /* 3: mcounteren.TM / scounteren.TM gate rdtime in S and U */
  TEST 3
  GO_S
  TRY_ILLEGAL rdtime t0
  TEST 4
  GO_U
  TRY_ILLEGAL rdtime t0
  TEST 5
  li t0, COUNTEREN_TM
  csrw mcounteren, t0
  GO_S
  rdtime t0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 6
  GO_U
  TRY_ILLEGAL rdtime t0
  TEST 7
  li t0, COUNTEREN_TM
  csrw scounteren, t0
  GO_U
  rdtime t0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U

  /* 8: Sstc: menvcfg.STCE is writable */
  TEST 8
  li t0, MENVCFG_STCE
  csrs CSR_MENVCFG, t0
  csrr t1, CSR_MENVCFG
  CHECK_FIELD t1, MENVCFG_STCE, MENVCFG_STCE
  TEST 9
  /* stimecmp holds 64 bits; mip.STIP = (time >= stimecmp) and ignores csr writes */
  li t1, -1
  csrw CSR_STIMECMP, t1
  csrr t0, CSR_STIMECMP
  CHECK_IMM t0, -1
  WAIT_MIP_CLEAR MIP_STIP
  li t0, MIP_STIP
  csrs mip, t0
  csrr t0, mip
  CHECK_FIELD t0, MIP_STIP, 0
  TEST 10
  csrw CSR_STIMECMP, zero
  WAIT_MIP MIP_STIP
  li t0, MIP_STIP
  csrc mip, t0
  csrr t0, mip
  CHECK_FIELD t0, MIP_STIP, MIP_STIP
  li t1, -1
  csrw CSR_STIMECMP, t1
  WAIT_MIP_CLEAR MIP_STIP

  /* 11: S programs its own timer: delegated STI taken in S */
  TEST 11
  li t0, MIP_STIP
  csrw mideleg, t0
  csrw mie, t0
  GO_S
  STIMECMP_IN 200
  la s11, 1f
  li t0, MSTATUS_SIE
  csrs sstatus, t0
  WAIT_FOR_TRAP
1:
  CHECK_IMM s3, CAUSE_INTR | IRQ_STI
  csrr t0, sip
  CHECK_FIELD t0, MIP_STIP, MIP_STIP
  TEST 12
  /* moving stimecmp ahead clears the pending bit */
  li t1, -1
  csrw CSR_STIMECMP, t1
  WAIT_MIP_CLEAR MIP_STIP, sip
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S

  /* 13: not delegated, the same timer interrupts M while running in U */
  TEST 13
  csrw mideleg, zero
  STIMECMP_IN 200
  la s11, 1f
  GO_U
  SPIN_FOR_TRAP
1:
  CHECK_IMM s8, CAUSE_INTR | IRQ_STI
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U
  li t1, -1
  csrw CSR_STIMECMP, t1
  WAIT_MIP_CLEAR MIP_STIP
  csrw mie, zero

  /* 14: stimecmp is illegal in S with mcounteren.TM = 0, and with STCE = 0 */
  TEST 14
  csrw mcounteren, zero
  GO_S
  TRY_ILLEGAL csrr t0, CSR_STIMECMP
  TEST 15
  li t0, COUNTEREN_TM
  csrw mcounteren, t0
  li t0, MENVCFG_STCE
  csrc CSR_MENVCFG, t0
  GO_S
  TRY_ILLEGAL csrw CSR_STIMECMP, zero
  TEST 16
  /* U never reaches stimecmp */
  li t0, MENVCFG_STCE
  csrs CSR_MENVCFG, t0
  GO_U
  TRY_ILLEGAL csrr t0, CSR_STIMECMP
  li t0, MENVCFG_STCE
  csrc CSR_MENVCFG, t0
  TEST 17
  /* with STCE = 0 mip.STIP is writable by M again */
  li t0, MIP_STIP
  csrs mip, t0
  csrr t1, mip
  csrc mip, t0
  CHECK_FIELD t1, MIP_STIP, MIP_STIP

  csrw mcounteren, zero
  csrw scounteren, zero
  mv ra, s1
  ret
