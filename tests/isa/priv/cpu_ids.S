/* SPDX-License-Identifier: MIT */
/* -cpu rv64,m=off,f=off,d=off,mvendorid=0x489,marchid=0x8000000000000007,mimpid=0x20181004:
   misa holds exactly RV64 IACSU, M and F/D instructions are illegal, mstatus.FS is read-only
   Off and fcsr does not exist, and the ID CSRs read the given values. */
#include "priv_macros.h"

  .text
  .globl test_main
test_main:
  mv s1, ra

  TEST 1
  csrr t0, misa
  li t1, (2 << 62) | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 18) | (1 << 20)
  CHECK_EQ t0, t1

  TEST 2
  TRY_ILLEGAL mul a0, a1, a2
  TEST 3
  TRY_ILLEGAL divw a0, a1, a2

  /* 4: no FP state */
  TEST 4
  li t0, MSTATUS_FS
  csrs mstatus, t0
  csrr t1, mstatus
  CHECK_FIELD t1, MSTATUS_FS, 0
  TEST 5
  TRY_ILLEGAL csrr a0, fcsr
  TEST 6
  TRY_ILLEGAL fadd.s ft0, ft1, ft2
  TEST 7
  TRY_ILLEGAL fld ft0, 0(t0)         /* t0: no compressed form */

  TEST 8
  csrr t0, mvendorid
  CHECK_IMM t0, 0x489
  csrr t0, marchid
  CHECK_IMM t0, 0x8000000000000007
  csrr t0, mimpid
  CHECK_IMM t0, 0x20181004

  mv ra, s1
  ret
