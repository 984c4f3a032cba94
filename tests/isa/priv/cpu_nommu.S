/* SPDX-License-Identifier: MIT */
/* -cpu rv64,mmu=off: no paging mode but Bare, and satp is read-only 0. */
#include "priv_macros.h"

  .text
  .globl test_main
test_main:
  mv s1, ra

  TEST 1
  li t0, SATP_MODE_SV39 | 0x80000
  csrw satp, t0
  csrr t1, satp
  CHECK_IMM t1, 0

  TEST 2
  li t0, 0x80000
  csrw satp, t0
  csrr t1, satp
  CHECK_IMM t1, 0

  mv ra, s1
  ret
