/* SPDX-License-Identifier: MIT */
/* Misaligned memory accesses (unprivileged spec 2.6 / A 8.1-8.4, privileged spec v1.12 3.1.16,
   3.6.3.1): ordinary integer and FP loads/stores at misaligned addresses give the little-endian
   value (this EEI, like QEMU 7.2, performs them rather than trapping), also across page
   boundaries and through a page table whose neighbouring pages are physically apart; the
   second page faulting reports an address in the faulting part; a misaligned LR raises an
   exception with mtval = the address (misaligned AMO/SC: spec_strict.S). */
#include "priv_macros.h"

#define VBASE 0x40000000          /* Sv39: root[1] -> l1 -> l0, see map_pages */

  .text
  .globl test_main
test_main:
  mv s1, ra
  la s0, pattern

  /* 1: misaligned loads, all widths, sign- and zero-extension */
  TEST 1
  lh t0, 1(s0)
  CHECK_IMM t0, 0x2211
  lh t0, 7(s0)
  CHECK_IMM t0, 0xffffffffffff8877
  lhu t0, 7(s0)
  CHECK_IMM t0, 0x8877
  TEST 2
  lw t0, 1(s0)
  CHECK_IMM t0, 0x44332211
  lw t0, 3(s0)
  CHECK_IMM t0, 0x66554433
  lw t0, 5(s0)
  CHECK_IMM t0, 0xffffffff88776655
  lwu t0, 6(s0)
  CHECK_IMM t0, 0x99887766
  TEST 3
  ld t0, 1(s0)
  CHECK_IMM t0, 0x8877665544332211
  ld t0, 7(s0)
  CHECK_IMM t0, 0xeeddccbbaa998877
  ld t0, 12(s0)
  CHECK_IMM t0, 0x67452301ffeeddcc
  TEST 4
  /* compressed forms (c.lw/c.ld need rs1 in x8..x15: s0) */
  addi s0, s0, 1
  c.lw a0, 4(s0)
  CHECK_IMM a0, 0xffffffff88776655
  c.ld a0, 8(s0)
  CHECK_IMM a0, 0x01ffeeddccbbaa99
  addi s0, s0, -1

  /* 5: misaligned stores of every width */
  TEST 5
  la a0, scratch
  sd zero, 0(a0)
  sd zero, 8(a0)
  sd zero, 16(a0)
  li t0, 0xa1b2
  sh t0, 1(a0)
  li t0, 0xc1c2c3c4
  sw t0, 5(a0)
  li t0, 0x0102030405060708
  sd t0, 11(a0)
  ld t0, 0(a0)
  CHECK_IMM t0, 0xc2c3c40000a1b200
  ld t0, 8(a0)
  CHECK_IMM t0, 0x04050607080000c1
  ld t0, 16(a0)
  CHECK_IMM t0, 0x0000000000010203
  TEST 6
  /* a misaligned store is seen by aligned loads and by a misaligned load of the same bytes */
  li t0, 0x1122334455667788
  sd t0, 3(a0)
  ld t1, 3(a0)
  CHECK_EQ t1, t0
  lbu t1, 3(a0)
  CHECK_IMM t1, 0x88
  lbu t1, 10(a0)
  CHECK_IMM t1, 0x11

  /* 7: misaligned FP loads and stores */
  TEST 7
  fld f1, 1(s0)
  fmv.x.d t0, f1
  CHECK_IMM t0, 0x8877665544332211
  flw f2, 3(s0)
  fmv.x.w t0, f2
  CHECK_IMM t0, 0x66554433
  fsd f1, 17(a0)
  ld t0, 17(a0)
  CHECK_IMM t0, 0x8877665544332211
  fsw f2, 26(a0)
  lwu t0, 26(a0)
  CHECK_IMM t0, 0x66554433

  /* 8: physical page crossing (no translation) */
  TEST 8
  la a1, page_b
  li t0, 0x8877665544332211
  sd t0, -8(a1)
  li t0, 0xffeeddccbbaa9900
  sd t0, 0(a1)
  ld t0, -3(a1)
  CHECK_IMM t0, 0xccbbaa9900887766
  lw t0, -2(a1)
  CHECK_IMM t0, 0xffffffff99008877
  li t0, 0x0123456789abcdef
  sd t0, -5(a1)
  ld t1, -8(a1)
  CHECK_IMM t1, 0x6789abcdef332211
  ld t1, 0(a1)
  CHECK_IMM t1, 0xffeeddccbb012345

  /* 9: misaligned accesses from U (PMP allows everything) */
  TEST 9
  GO_U
  ld a2, 7(s0)
  lw a3, 1(s0)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U
  CHECK_IMM a2, 0xeeddccbbaa998877
  CHECK_IMM a3, 0x44332211

  /* 10: through Sv39: virtual pages VBASE and VBASE + 4K are physically apart (and in
     reverse order), so the access must be split at the virtual page boundary */
  TEST 10
  call map_pages
  li t0, 0x8877665544332211
  la a1, phys_hi + 4096
  sd t0, -8(a1)             /* last 8 bytes of the first virtual page (= end of phys_hi) */
  li t0, 0xffeeddccbbaa9900
  la a1, phys_lo
  sd t0, 0(a1)              /* first 8 bytes of the second one */
  SET_SATP SATP_MODE_SV39, root
  GO_S
  li a1, VBASE + 4096
  ld a2, -3(a1)
  lhu a3, -1(a1)
  li t0, 0x0123456789abcdef
  sd t0, -5(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, 0xccbbaa9900887766
  CHECK_IMM a3, 0x0088
  la a1, phys_hi + 4096
  ld t0, -8(a1)
  CHECK_IMM t0, 0x6789abcdef332211
  la a1, phys_lo
  ld t0, 0(a1)
  CHECK_IMM t0, 0xffeeddccbb012345

  /* 11: crossing into an unmapped page: load page fault whose address lies in the part
     that faulted (3.1.16: "the portion of the access that caused the fault") */
  TEST 11
  GO_S
  li a1, VBASE + 2 * 4096
  la s11, 2f
1:
  ld t0, -4(a1)
  j fail
2:
  CHECK_MTRAP CAUSE_LOAD_PAGE, 1b
  bltu s10, a1, fail
  addi t0, a1, 4
  bgeu s10, t0, fail
  TEST 12
  GO_S
  la s11, 2f
1:
  sw t0, -2(a1)
  j fail
2:
  CHECK_MTRAP CAUSE_STORE_PAGE, 1b
  bltu s10, a1, fail
  addi t0, a1, 2
  bgeu s10, t0, fail
  csrw satp, zero
  sfence.vma

  /* 13: misaligned LR raises load address-misaligned (4; an access fault, 5, is also allowed),
     mtval = the address */
  TEST 13
  la a0, amo_word
  li t0, 0x1111111111111111
  sd t0, 0(a0)
  addi a1, a0, 2
  la s11, 2f
1:
  lr.w t2, (a1)
  j fail
2:
  CHECK_LABEL s9, 1b
  CHECK_ONE_OF s8, CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS
  CHECK_EQ s10, a1
  TEST 14
  addi a1, a0, 4
  la s11, 2f
1:
  lr.d t2, (a1)
  j fail
2:
  CHECK_LABEL s9, 1b
  CHECK_ONE_OF s8, CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS
  CHECK_EQ s10, a1
  TEST 15
  /* aligned AMOs still work after all that */
  li t1, 5
  amoadd.w t2, t1, (a0)
  CHECK_IMM t2, 0x11111111
  lwu t0, 0(a0)
  CHECK_IMM t0, 0x11111116

  mv ra, s1
  ret

/* Sv39 map: root[2] = identity 1 GiB (RWX, for code and data), root[1] -> l1, l1[0] -> l0,
   l0[0] = phys_hi, l0[1] = phys_lo, l0[2] invalid. */
map_pages:
  SET_PTE_PA root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
  SET_PTE root, 1, l1, PTE_V
  SET_PTE l1, 0, l0, PTE_V
  SET_PTE l0, 0, phys_hi, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  SET_PTE l0, 1, phys_lo, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
  la t5, l0
  sd zero, 16(t5)
  ret

  .data
  .align 3
pattern:
  .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77
  .byte 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
  .byte 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef
  .align 3
amo_word:
  .dword 0, 0
scratch:
  .skip 64

  .bss
  .align 12
root: .skip 4096
l1: .skip 4096
l0: .skip 4096
phys_lo: .skip 4096          /* mapped at VBASE + 4K */
phys_hi: .skip 4096          /* mapped at VBASE: virtual order is the reverse of physical */
page_a: .skip 4096
page_b: .skip 4096
