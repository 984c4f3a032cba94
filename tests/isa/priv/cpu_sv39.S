/* SPDX-License-Identifier: MIT */
/* -cpu rv64,sv48=off: Sv39 is the highest paging mode, so a satp write selecting Sv48 has no
   effect at all (privileged spec 4.1.11) while Sv39 and Bare are taken. */
#include "priv_macros.h"

  .text
  .globl test_main
test_main:
  mv s1, ra

  TEST 1
  li t0, SATP_MODE_SV39 | 0x80000
  csrw satp, t0
  csrr t1, satp
  CHECK_EQ t1, t0

  TEST 2
  li t2, SATP_MODE_SV48 | 0x80001
  csrw satp, t2
  csrr t1, satp
  CHECK_EQ t1, t0

  TEST 3
  csrw satp, zero
  csrr t1, satp
  CHECK_IMM t1, 0

  mv ra, s1
  ret
