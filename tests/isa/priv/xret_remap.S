/* SPDX-License-Identifier: MIT */
/* mret into a page whose mapping changed (privileged spec v1.12 3.3.2, 4.2.1, 4.3.2): after
   the page's PTE is cleared or pointed elsewhere and sfence.vma, an mret to S or U at a virtual
   address that code already ran from must fetch through the new mapping: an instruction page
   fault (cause 12, mepc = mtval = the address) or the new page's code, never the code that
   was translated under the old mapping. The M code that executes the mret lives in the same
   page, identity-mapped, so that M's own (untranslated) fetches also cover that address. */
#include "priv_macros.h"

#define LEAF_S (PTE_V | PTE_R | PTE_X | PTE_A | PTE_D)
#define LEAF_U (LEAF_S | PTE_U)
#define OLD_VAL 0x5a5
#define NEW_VAL 0x777

/* leaf PTE of xpage = pte_reg (any register but t0..t2); then sfence.vma */
.macro SET_LEAF pte_reg
  la t0, xpage
  srli t1, t0, 12
  andi t1, t1, 511
  slli t1, t1, 3
  la t2, l0
  add t2, t2, t1
  sd \pte_reg, 0(t2)
  sfence.vma
.endm
/* leaf for xpage -> physical page of label, with flags */
.macro MAP_TO label, flags
  la a1, \label
  MAKE_PTE a1, a1, \flags
  SET_LEAF a1
.endm
/* From M: mret (executed in xpage) to xpage in mode mpp; the next trap resumes at label. */
.macro RUN_XPAGE mpp, label
  SET_MPP \mpp
  la t0, xpage
  csrw mepc, t0
  li a0, 0
  la s11, \label
  j xpage_mret
.endm

  .text
  .globl test_main
test_main:
  /* root[2] -> l1, l1[VPN1(xpage)] -> l0: xpage is identity-mapped through l0 */
  la t0, l1
  MAKE_PTE t1, t0, PTE_V
  la t2, root
  sd t1, 16(t2)
  la t0, xpage
  srli t1, t0, 21
  andi t1, t1, 511
  slli t1, t1, 3
  la t2, l1
  add t2, t2, t1
  la t0, l0
  MAKE_PTE t1, t0, PTE_V
  sd t1, 0(t2)
  MAP_TO xpage, LEAF_S
  SET_SATP SATP_MODE_SV39, root

  /* 1: S runs the code of xpage (twice: the second entry can come from the jump cache) */
  TEST 1
  RUN_XPAGE MPP_S, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a0, OLD_VAL
  RUN_XPAGE MPP_S, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a0, OLD_VAL

  /* 2: unmapped and sfence.vma: the mret lands on an instruction page fault */
  TEST 2
  li a1, 0
  SET_LEAF a1
  RUN_XPAGE MPP_S, 1f
1:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_LABEL s9, xpage
  CHECK_LABEL s10, xpage
  CHECK_IMM a0, 0

  /* 3: mapped to another physical page: the mret runs that page's code */
  TEST 3
  MAP_TO xpage, LEAF_S
  RUN_XPAGE MPP_S, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a0, OLD_VAL
  MAP_TO xpage2, LEAF_S
  RUN_XPAGE MPP_S, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a0, NEW_VAL

  /* 4, 5: the same for U */
  TEST 4
  MAP_TO xpage, LEAF_U
  RUN_XPAGE MPP_U, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_U
  CHECK_IMM a0, OLD_VAL
  RUN_XPAGE MPP_U, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_U
  CHECK_IMM a0, OLD_VAL
  li a1, 0
  SET_LEAF a1
  RUN_XPAGE MPP_U, 1f
1:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_LABEL s9, xpage
  CHECK_LABEL s10, xpage
  CHECK_IMM a0, 0
  TEST 5
  MAP_TO xpage, LEAF_U
  RUN_XPAGE MPP_U, 1f
1:
  CHECK_IMM a0, OLD_VAL
  MAP_TO xpage2, LEAF_U
  RUN_XPAGE MPP_U, 1f
1:
  CHECK_IMM s8, CAUSE_ECALL_U
  CHECK_IMM a0, NEW_VAL

  csrw satp, zero
  sfence.vma
  ret

  /* The code S/U run (a0 = OLD_VAL, then back to M) and, in the same page, the mret. */
  .balign 4096
xpage:
  li a0, OLD_VAL
  ecall
  j fail
  .balign 64
xpage_mret:
  mret
  .balign 4096
  /* What xpage's address maps to in cases 3 and 5. */
xpage2:
  li a0, NEW_VAL
  ecall
  j fail
  .balign 4096

  .bss
  .balign 4096
root: .skip 4096
l1:   .skip 4096
l0:   .skip 4096
