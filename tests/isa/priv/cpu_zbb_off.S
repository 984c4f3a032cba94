/* SPDX-License-Identifier: MIT */
/* -cpu rv64,zbb=off: Zbb's instructions are illegal (mtval = the instruction) while Zba and
   Zbs, still on, execute. */
#include "priv_macros.h"

  .text
  .globl test_main
test_main:
  mv s1, ra

  TEST 1
  TRY_ILLEGAL clz a0, a1
  TEST 2
  TRY_ILLEGAL andn a0, a1, a2
  TEST 3
  TRY_ILLEGAL rev8 a0, a1
  TEST 4
  TRY_ILLEGAL clzw a0, a1
  TEST 5
  TRY_ILLEGAL zext.h a0, a1

  /* 6: Zba and Zbs still work */
  TEST 6
  li a1, 5
  li a2, 1
  sh1add a0, a1, a2
  CHECK_IMM a0, 11
  bseti a0, zero, 40
  CHECK_IMM a0, (1 << 40)

  mv ra, s1
  ret
