/* SPDX-License-Identifier: MIT */
/* -cpu rv64,pmp=off: pmpcfg and pmpaddr CSRs are illegal, and S-mode reaches memory with no
   PMP entry at all (with PMP, an S access matching no entry fails: 3.7.1). */
#include "priv_macros.h"

  .text
  .globl test_main
test_main:
  mv s1, ra

  TEST 1
  TRY_ILLEGAL csrr a0, pmpcfg0
  TEST 2
  TRY_ILLEGAL csrw pmpaddr0, zero
  TEST 3
  TRY_ILLEGAL csrr a0, pmpcfg2

  /* 4: S loads and fetches with no PMP entry */
  TEST 4
  GO_S
  la t0, word
  ld t1, 0(t0)
  GO_M
  CHECK_IMM t1, 0x1234

  mv ra, s1
  ret

  .data
  .align 3
word: .dword 0x1234
