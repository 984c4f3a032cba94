/* SPDX-License-Identifier: MIT */
/* Sv48 virtual memory (privileged spec v1.12 4.5): four-level walk with 4 KiB pages, 2 MiB,
   1 GiB and 512 GiB superpages, a misaligned terapage, canonical addresses that Sv39 would
   reject, non-canonical Sv48 addresses, A/D updates and page-fault reporting. */
#include "priv_macros.h"

#define RAM        0x80000000
#define VA_4K      0x40000000            /* root[0] -> l2[1] -> l1[0] -> l0 */
#define VA_MEGA    0x40200000            /* l1[1]: 2 MiB -> RAM */
#define VA_GIGA    0x4000000000          /* l2[256]: 1 GiB -> RAM (bit 38 set: Sv48 only) */
#define VA_TERA    0x8000000000          /* root[1]: 512 GiB -> physical 0 */
#define VA_TERA_BAD 0x10000000000        /* root[2]: 512 GiB at a misaligned PA */
#define VA_NEG     0xffff800000000000    /* root[256] -> l2 again */

#define LEAF_RW  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define D0_VAL 0x0123456701234567
#define D1_VAL 0x7654321076543210

.macro FAULT cause, va, insn:vararg
  li a1, \va
  la s11, .Lf_r\@
.Lf_i\@:
  \insn
  j fail
.Lf_r\@:
  CHECK_MTRAP \cause, .Lf_i\@
  CHECK_EQ s10, a1
.endm

  .text
  .globl test_main
test_main:
  mv s1, ra
  call build_tables
  /* 1: Sv48 is a supported mode: satp keeps it */
  TEST 1
  SET_SATP SATP_MODE_SV48, root
  csrr t0, satp
  srli t0, t0, 60
  CHECK_IMM t0, 9
  la t1, d0
  li t0, RAM
  sub s0, t1, t0            /* offset of d0 in RAM */

  /* 2: 4 KiB page through four levels; the load sets A, the store D */
  TEST 2
  la t0, l0
  ld t0, 0(t0)
  CHECK_FIELD t0, PTE_A | PTE_D, 0
  GO_S
  li a1, VA_4K
  ld a2, 0(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, D0_VAL
  la t0, l0
  ld t0, 0(t0)
  CHECK_FIELD t0, PTE_A | PTE_D, PTE_A
  TEST 3
  GO_S
  li a1, VA_4K
  li t0, 0x99
  sd t0, 8(a1)
  GO_M
  la t0, l0
  ld t0, 0(t0)
  CHECK_FIELD t0, PTE_A | PTE_D, PTE_A | PTE_D
  la t0, d0
  ld t0, 8(t0)
  CHECK_IMM t0, 0x99

  /* 4: megapage, gigapage (an address Sv39 calls non-canonical), terapage, negative half */
  TEST 4
  GO_S
  li a1, VA_MEGA
  add a1, a1, s0
  ld a2, 0(a1)
  li a1, VA_GIGA
  add a1, a1, s0
  ld a3, 0(a1)
  li a1, VA_TERA + RAM
  add a1, a1, s0
  ld a4, 0(a1)
  li a1, VA_NEG + RAM
  add a1, a1, s0
  ld a5, 0(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, D0_VAL
  CHECK_IMM a3, D0_VAL
  CHECK_IMM a4, D0_VAL
  CHECK_IMM a5, D0_VAL
  TEST 5
  /* code runs from the negative-half alias too */
  li t0, VA_NEG
  la a1, xfunc
  add a1, a1, t0
  GO_S
  li a0, 0
  jalr ra, 0(a1)
  mv a2, a0
  GO_M
  CHECK_IMM a2, 0x48

  /* 6: misaligned terapage */
  TEST 6
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA_TERA_BAD + RAM, ld t0, 0(a1)
  /* 7: non-canonical Sv48 addresses (bits 63:48 != bit 47) */
  TEST 7
  GO_S
  FAULT CAUSE_LOAD_PAGE, 0x0000800000000000, ld t0, 0(a1)
  TEST 8
  GO_S
  FAULT CAUSE_STORE_PAGE, 0xffff000080000000, sd t0, 0(a1)
  TEST 9
  GO_S
  li a1, 0x00f0000000001000
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1

  /* 10: invalid leaf and read-only leaf at level 0 */
  TEST 10
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA_4K + 0x1008, ld t0, 0(a1)
  TEST 11
  GO_S
  FAULT CAUSE_STORE_PAGE, VA_4K + 0x2010, sd t0, 0(a1)
  TEST 12
  GO_S
  li a1, VA_4K + 0x2000
  ld a2, 0(a1)
  GO_M
  CHECK_IMM a2, D1_VAL
  /* 13: invalid entry at the top level */
  TEST 13
  GO_S
  FAULT CAUSE_LOAD_PAGE, 0x0000018000000000, ld t0, 0(a1)

  /* 14: delegated to S: scause/stval */
  TEST 14
  li t0, 1 << CAUSE_LOAD_PAGE
  csrw medeleg, t0
  GO_S
  li a1, VA_TERA_BAD + 0x100
  la s11, 2f
1:
  ld t0, 0(a1)
  j fail
2:
  CHECK_STRAP CAUSE_LOAD_PAGE, 1b
  CHECK_EQ s5, a1
  GO_M
  csrw medeleg, zero

  /* 15: U permissions at the same depth, checked through MPRV with MPP = U */
  TEST 15
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_U
  li a1, VA_4K + 0x3000
  ld a2, 0(a1)
  FAULT CAUSE_LOAD_PAGE, VA_4K + 0x2000, ld t0, 0(a1)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  CHECK_IMM a2, D1_VAL

  csrw satp, zero
  sfence.vma
  mv ra, s1
  ret

/* root: [0] -> l2, [1] tera -> PA 0, [2] tera -> RAM (misaligned), [256] -> l2.
   l2: [1] -> l1, [2] identity RAM (RWX), [256] RAM. l1: [0] -> l0, [1] RAM (2 MiB).
   l0: [0] d0 (A = D = 0), [1] invalid, [2] d1 read-only, [3] d1 with U. */
build_tables:
  SET_PTE root, 0, l2, PTE_V
  SET_PTE_PA root, 1, 0, LEAF_RW
  SET_PTE_PA root, 2, RAM, LEAF_RW
  SET_PTE root, 256, l2, PTE_V
  SET_PTE l2, 1, l1, PTE_V
  SET_PTE_PA l2, 2, RAM, LEAF_RWX
  SET_PTE_PA l2, 256, RAM, LEAF_RW
  SET_PTE l1, 0, l0, PTE_V
  SET_PTE_PA l1, 1, RAM, LEAF_RW
  SET_PTE l0, 0, d0, PTE_V | PTE_R | PTE_W
  SET_PTE l0, 2, d1, PTE_V | PTE_R | PTE_A
  SET_PTE l0, 3, d1, PTE_V | PTE_R | PTE_A | PTE_U
  sfence.vma
  ret

xfunc:
  li a0, 0x48
  ret

  .data
  .align 12
d0: .dword D0_VAL, 0
  .align 12
d1: .dword D1_VAL

  .bss
  .align 12
root: .skip 4096
l2: .skip 4096
l1: .skip 4096
l0: .skip 4096
