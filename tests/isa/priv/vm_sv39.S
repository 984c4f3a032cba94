/* SPDX-License-Identifier: MIT */
/* Sv39 virtual memory (privileged spec v1.12 4.3, 4.4, 3.1.6.3): 4 KiB pages, 2 MiB and 1 GiB
   superpages, misaligned superpages, non-canonical addresses, page-fault causes and
   stval/mtval, permission rules (R/W/X, reserved W-only, U with SUM, MXR), hardware A/D
   updates, sfence.vma, satp WARL, delegated page faults and MPRV. */
#include "priv_macros.h"

#define RAM        0x80000000
#define VA_L0      0x40000000          /* root[1] -> l1[0] -> l0: 4 KiB pages */
#define VA(n)      (VA_L0 + (n) * 4096)
#define VA_MEGA    0x40200000          /* l1[1]: 2 MiB page -> RAM */
#define VA_MEGA_BAD 0x40400000         /* l1[2]: 2 MiB page at a misaligned PA */
#define VA_GIGA    0xc0000000          /* root[3]: 1 GiB page -> RAM */
#define VA_GIGA_BAD 0x100000000        /* root[4]: 1 GiB page at a misaligned PA */
#define VA_HIGH    0xffffffc000000000  /* root[256]: 1 GiB page -> RAM (negative half) */

/* l0 slots */
#define P_RW     0    /* d0, RW, A D */
#define P_RO     1    /* d1, R, A */
#define P_AD     2    /* d2, RW, A = D = 0 */
#define P_XO     3    /* xpage, X only, A = 0 */
#define P_NX     4    /* xpage, RW (not X) */
#define P_USER   5    /* upage, U RWX */
#define P_INV    6    /* invalid */
#define P_WO     7    /* W without R: reserved */
#define P_SF     8    /* d0, later d3: sfence.vma */
#define P_D      9    /* d2 + 0, RW, A = 1, D = 0 */
#define P_PTR    10   /* V only at the last level: not a leaf */

#define LEAF_RW  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

#define D0_VAL 0x1111222233334444
#define D1_VAL 0x5555666677778888
#define D3_VAL 0x0d3d3d3d3d3d3d30
#define X_VAL  0x5a5                  /* returned by the code in xpage */
#define U_VAL  0x0badcafe             /* at upage + 0x400 */

/* a trapping access in the current mode, reported to M; checks cause, mepc and mtval = va */
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
/* load the l0 PTE of slot n into reg (M mode, physical) */
.macro READ_PTE reg, n
  la \reg, l0
  ld \reg, (\n * 8)(\reg)
.endm

  .text
  .globl test_main
test_main:
  mv s1, ra
  call build_tables
  SET_SATP SATP_MODE_SV39, root_s

  /* 1: S load and store through a 4 KiB page */
  TEST 1
  GO_S
  li a1, VA(P_RW)
  ld a2, 0(a1)
  li t0, 0x0123456789abcdef
  sd t0, 8(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, D0_VAL
  la t0, d0
  ld t0, 8(t0)
  CHECK_IMM t0, 0x0123456789abcdef

  /* 2: 2 MiB megapage, 1 GiB gigapage, gigapage in the negative half */
  TEST 2
  la t1, d0
  li t0, RAM
  sub s0, t1, t0            /* offset of d0 in RAM */
  GO_S
  li a1, VA_MEGA
  add a1, a1, s0
  ld a2, 0(a1)
  li a1, VA_GIGA
  add a1, a1, s0
  ld a3, 0(a1)
  li a1, VA_HIGH
  add a1, a1, s0
  ld a4, 0(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, D0_VAL
  CHECK_IMM a3, D0_VAL
  CHECK_IMM a4, D0_VAL
  TEST 3
  /* a store through the gigapage lands in RAM */
  li t0, 0x77
  GO_S
  li a1, VA_GIGA
  add a1, a1, s0
  sd t0, 16(a1)
  GO_M
  la t0, d0
  ld t0, 16(t0)
  CHECK_IMM t0, 0x77

  /* 4: misaligned superpages fault (4.3.2 step 6) */
  TEST 4
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA_MEGA_BAD, ld t0, 0(a1)
  TEST 5
  GO_S
  FAULT CAUSE_STORE_PAGE, VA_GIGA_BAD + 8, sd t0, 0(a1)

  /* 6: non-canonical addresses (bits 63:39 != bit 38) fault with the full address */
  TEST 6
  GO_S
  FAULT CAUSE_LOAD_PAGE, 0x0000004000000000, ld t0, 0(a1)
  TEST 7
  GO_S
  FAULT CAUSE_STORE_PAGE, 0xffffff8000000010, sd t0, 0(a1)
  TEST 8
  GO_S
  FAULT CAUSE_LOAD_PAGE, 0x8000000080000000, ld t0, 0(a1)
  TEST 9
  GO_S
  li a1, 0x0000004000001000
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1

  /* 10: invalid PTE: load, store and fetch faults with the faulting address */
  TEST 10
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA(P_INV) + 0x18, ld t0, 0(a1)
  TEST 11
  GO_S
  FAULT CAUSE_STORE_PAGE, VA(P_INV) + 0x20, sw t0, 0(a1)
  TEST 12
  GO_S
  li a1, VA(P_INV) + 0x40
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1
  CHECK_FIELD s7, MSTATUS_MPP, MPP_S

  /* 13: read-only page: loads work, stores and AMOs fault with cause 15 */
  TEST 13
  GO_S
  li a1, VA(P_RO)
  ld a2, 0(a1)
  GO_M
  CHECK_IMM a2, D1_VAL
  TEST 14
  GO_S
  FAULT CAUSE_STORE_PAGE, VA(P_RO) + 8, sd t0, 0(a1)
  TEST 15
  GO_S
  FAULT CAUSE_STORE_PAGE, VA(P_RO), amoadd.d t0, t0, (a1)

  /* 16: W without R is reserved: any access faults */
  TEST 16
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA(P_WO), ld t0, 0(a1)
  TEST 17
  GO_S
  FAULT CAUSE_STORE_PAGE, VA(P_WO) + 8, sd t0, 0(a1)
  /* 18: a pointer PTE at the last level faults */
  TEST 18
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA(P_PTR), ld t0, 0(a1)

  /* 19: execute-only page: runs (and its A bit gets set), but loads need MXR */
  TEST 19
  READ_PTE t0, P_XO
  CHECK_FIELD t0, PTE_A, 0
  GO_S
  li a1, VA(P_XO)
  li a0, 0
  jalr ra, 0(a1)
  mv a2, a0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, X_VAL
  READ_PTE t0, P_XO
  CHECK_FIELD t0, PTE_A | PTE_D, PTE_A
  TEST 20
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA(P_XO), lw t0, 0(a1)
  TEST 21
  li t0, MSTATUS_MXR
  csrs mstatus, t0
  GO_S
  li a1, VA(P_XO)
  lwu a2, 0(a1)
  GO_M
  la t0, xpage
  lwu t0, 0(t0)
  CHECK_EQ a2, t0
  TEST 22
  /* MXR does not make it writable */
  GO_S
  FAULT CAUSE_STORE_PAGE, VA(P_XO), sw t0, 0(a1)
  li t0, MSTATUS_MXR
  csrc mstatus, t0

  /* 23: fetch from a non-executable page: cause 12, mepc = mtval = target */
  TEST 23
  GO_S
  li a1, VA(P_NX)
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1

  /* 24: S and U pages: S loads from a U page fault unless SUM = 1 */
  TEST 24
  GO_S
  FAULT CAUSE_LOAD_PAGE, VA(P_USER) + 0x400, lw t0, 0(a1)
  TEST 25
  GO_S
  FAULT CAUSE_STORE_PAGE, VA(P_USER) + 0x408, sw t0, 0(a1)
  TEST 26
  li t0, MSTATUS_SUM
  csrs mstatus, t0
  GO_S
  li a1, VA(P_USER)
  lwu a2, 0x400(a1)
  li t0, 0x4321
  sw t0, 0x408(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, U_VAL
  la t0, upage
  lwu t0, 0x408(t0)
  CHECK_IMM t0, 0x4321
  TEST 27
  /* S can never execute from a U page, SUM or not */
  GO_S
  li a1, VA(P_USER)
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1
  li t0, MSTATUS_SUM
  csrc mstatus, t0

  /* 28: hardware A/D update: a load sets A, a store sets A and D */
  TEST 28
  READ_PTE t0, P_AD
  CHECK_FIELD t0, PTE_A | PTE_D, 0
  GO_S
  li a1, VA(P_AD)
  ld t0, 0(a1)
  GO_M
  READ_PTE t0, P_AD
  CHECK_FIELD t0, PTE_A | PTE_D, PTE_A
  TEST 29
  GO_S
  li a1, VA(P_AD)           /* no sfence: a cached A=1/D=0 translation must not hide D */
  sd zero, 8(a1)
  GO_M
  READ_PTE t0, P_AD
  CHECK_FIELD t0, PTE_A | PTE_D | LEAF_RW, LEAF_RW
  TEST 30
  /* a store to a page whose A is set but D clear sets D */
  READ_PTE t0, P_D
  CHECK_FIELD t0, PTE_A | PTE_D, PTE_A
  GO_S
  li a1, VA(P_D)
  sd zero, 16(a1)
  GO_M
  READ_PTE t0, P_D
  CHECK_FIELD t0, PTE_A | PTE_D, PTE_A | PTE_D
  TEST 31
  /* a faulting store does not set D */
  READ_PTE t0, P_RO
  CHECK_FIELD t0, PTE_D, 0

  /* 32: sfence.vma makes a changed PTE visible */
  TEST 32
  GO_S
  li a1, VA(P_SF)
  ld a2, 0(a1)
  GO_M
  CHECK_IMM a2, D0_VAL
  SET_PTE l0, P_SF, d3, LEAF_RW
  GO_S
  li a1, VA(P_SF)
  sfence.vma a1, zero
  ld a2, 0(a1)
  GO_M
  CHECK_IMM a2, D3_VAL
  TEST 33
  /* invalidate it: after sfence.vma the access faults */
  la t0, l0
  sd zero, (P_SF * 8)(t0)
  GO_S
  sfence.vma
  FAULT CAUSE_LOAD_PAGE, VA(P_SF), ld t0, 0(a1)

  /* 34: satp is WARL on MODE: unsupported modes leave it unchanged */
  TEST 34
  csrr s0, satp
  li t0, (15 << 60) | 0x1234
  csrw satp, t0
  csrr t0, satp
  CHECK_EQ t0, s0
  li t0, (14 << 60) | 0x1
  csrw satp, t0
  csrr t0, satp
  CHECK_EQ t0, s0
  TEST 35
  /* the same write from S */
  GO_S
  csrr a2, satp
  li t0, (15 << 60) | 0x1234
  csrw satp, t0
  csrr a3, satp
  GO_M
  CHECK_EQ a2, s0
  CHECK_EQ a3, s0

  /* 36: page faults delegated to S: scause/sepc/stval, M untouched */
  TEST 36
  li t0, (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE) | (1 << CAUSE_FETCH_PAGE)
  csrw medeleg, t0
  li s8, 0x5a5a
  GO_S
  li a1, VA(P_INV) + 0x28
  la s11, 2f
1:
  ld t0, 0(a1)
  j fail
2:
  CHECK_STRAP CAUSE_LOAD_PAGE, 1b
  CHECK_EQ s5, a1
  CHECK_IMM s8, 0x5a5a
  TEST 37
  li a1, VA(P_RO) + 0x30
  la s11, 2f
1:
  sd t0, 0(a1)
  j fail
2:
  CHECK_STRAP CAUSE_STORE_PAGE, 1b
  CHECK_EQ s5, a1
  TEST 38
  li a1, VA(P_NX) + 0x10
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s3, CAUSE_FETCH_PAGE
  CHECK_EQ s4, a1
  CHECK_EQ s5, a1
  CHECK_FIELD s2, MSTATUS_SPP, MSTATUS_SPP
  csrr t0, stval
  CHECK_EQ t0, a1
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  csrw medeleg, zero

  /* 39: U mode under its own root (identity RAM mapped with U): U pages are accessible,
     S pages are not, for loads, stores and fetches */
  TEST 39
  SET_SATP SATP_MODE_SV39, root_u
  GO_U
  li a1, VA(P_USER)
  lwu a2, 0x400(a1)
  jalr ra, 0(a1)            /* U may execute its own page */
  mv a3, a0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U
  CHECK_IMM a2, U_VAL
  CHECK_IMM a3, 0x77
  TEST 40
  GO_U
  FAULT CAUSE_LOAD_PAGE, VA(P_RW), ld t0, 0(a1)
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U
  TEST 41
  GO_U
  FAULT CAUSE_STORE_PAGE, VA(P_RW), sd t0, 0(a1)
  TEST 42
  GO_U
  li a1, VA(P_XO)
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_PAGE
  CHECK_EQ s10, a1
  TEST 43
  /* SUM does not open S pages to U */
  li t0, MSTATUS_SUM
  csrs mstatus, t0
  GO_U
  FAULT CAUSE_LOAD_PAGE, VA(P_RW), ld t0, 0(a1)
  li t0, MSTATUS_SUM
  csrc mstatus, t0
  SET_SATP SATP_MODE_SV39, root_s

  /* 44: MPRV = 1 with MPP = S: M-mode loads and stores are translated as S */
  TEST 44
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_S
  li a1, VA(P_RW)
  ld a2, 0(a1)
  li t0, 0x3c3c
  sd t0, 24(a1)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  CHECK_IMM a2, D0_VAL
  la t0, d0
  ld t0, 24(t0)
  CHECK_IMM t0, 0x3c3c
  TEST 45
  /* the S permission rules apply: U page without SUM faults; mcause/mtval as usual */
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_S
  FAULT CAUSE_LOAD_PAGE, VA(P_USER) + 0x400, lw t0, 0(a1)
  CHECK_FIELD s7, MSTATUS_MPP | MSTATUS_MPRV, MPP_M | MSTATUS_MPRV
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  TEST 46
  /* MPP = U: U rules */
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_U
  li a1, VA(P_USER)
  lwu a2, 0x400(a1)
  FAULT CAUSE_LOAD_PAGE, VA(P_RW), ld t0, 0(a1)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  CHECK_IMM a2, U_VAL
  TEST 47
  /* with MPP = M, MPRV changes nothing: physical addresses */
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_M
  la a1, d0
  ld a2, 0(a1)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  CHECK_IMM a2, D0_VAL

  /* 48: M mode ignores satp */
  TEST 48
  la a1, d1
  ld a2, 0(a1)
  CHECK_IMM a2, D1_VAL

  csrw satp, zero
  sfence.vma
  mv ra, s1
  ret

/* root_s: [1] -> l1, [2] identity RAM (RWX), [3] RAM, [4] misaligned, [256] RAM.
   root_u: [1] -> l1, [2] identity RAM with U. l1: [0] -> l0, [1] RAM (2 MiB), [2] misaligned. */
build_tables:
  SET_PTE root_s, 1, l1, PTE_V
  SET_PTE_PA root_s, 2, RAM, LEAF_RWX
  SET_PTE_PA root_s, 3, RAM, LEAF_RW
  SET_PTE_PA root_s, 4, RAM + 0x200000, LEAF_RW
  SET_PTE_PA root_s, 256, RAM, LEAF_RW
  SET_PTE root_u, 1, l1, PTE_V
  SET_PTE_PA root_u, 2, RAM, LEAF_RWX | PTE_U
  SET_PTE l1, 0, l0, PTE_V
  SET_PTE_PA l1, 1, RAM, LEAF_RW
  SET_PTE_PA l1, 2, RAM + 0x1000, LEAF_RW
  SET_PTE l0, P_RW, d0, LEAF_RW
  SET_PTE l0, P_RO, d1, PTE_V | PTE_R | PTE_A
  SET_PTE l0, P_AD, d2, PTE_V | PTE_R | PTE_W
  SET_PTE l0, P_XO, xpage, PTE_V | PTE_X
  SET_PTE l0, P_NX, xpage, LEAF_RW
  SET_PTE l0, P_USER, upage, LEAF_RWX | PTE_U
  SET_PTE l0, P_WO, d0, PTE_V | PTE_W | PTE_A | PTE_D
  SET_PTE l0, P_SF, d0, LEAF_RW
  SET_PTE l0, P_D, d2, PTE_V | PTE_R | PTE_W | PTE_A
  SET_PTE l0, P_PTR, d0, PTE_V
  sfence.vma
  ret

/* Code pages reached through the page tables. */
  .align 12
xpage:
  li a0, X_VAL
  ret
  .align 12
upage:
  li a0, 0x77
  ret
  .org upage + 0x400
  .word U_VAL
  .word 0
  .word 0
  .align 12

  .data
  .align 12
d0: .dword D0_VAL, 0, 0, 0
  .align 12
d1: .dword D1_VAL
  .align 12
d2: .dword 0, 0, 0
  .align 12
d3: .dword D3_VAL

  .bss
  .align 12
root_s: .skip 4096
root_u: .skip 4096
l1: .skip 4096
l0: .skip 4096
