/* SPDX-License-Identifier: MIT */
/* Physical memory protection (privileged spec v1.12 3.7): pmpcfg0/2 and pmpaddr0..15 as
   read/write CSRs, pmpcfg1/3 absent on RV64, enforcement on S and U (no matching entry, TOR
   and NAPOT regions, lowest-numbered match wins, partial matches fail, access-fault causes
   with mtval), M exempt unless locked or under MPRV, and locking. */
#include "priv_macros.h"

#define NAPOT_4K 0x1ff                       /* pmpaddr low bits for a 4 KiB NAPOT region */
#define CFG(e, v) ((v) << (8 * (e)))         /* byte e of pmpcfg0 (entries 0..7) */

/* reg = NAPOT pmpaddr for the 4 KiB page at label */
.macro NAPOT_PAGE reg, label
  la \reg, \label
  srli \reg, \reg, 2
  ori \reg, \reg, NAPOT_4K
.endm
.macro PMP_SYNC
  sfence.vma
.endm
/* a trapping access, reported to M with the given cause and mtval = a1 */
.macro FAULT cause, insn:vararg
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

  /* 1: pmpaddr0..15 read back what was written (values with the low 12 bits clear, so
     any grain up to 4 KiB reads them back unchanged while the entries are OFF) */
  TEST 1
  csrw pmpcfg0, zero
  csrw pmpcfg2, zero
  li t1, 0x0000000456789000   /* stays below bit 54: pmpaddr holds 54 bits */
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  addi t2, t1, \n
  slli t2, t2, 12
  csrw pmpaddr\n, t2
  .endr
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  addi t2, t1, \n
  slli t2, t2, 12
  csrr t0, pmpaddr\n
  bne t0, t2, fail
  .endr

  /* 2: pmpcfg0/pmpcfg2 hold legal configurations */
  TEST 2
  li t1, 0x190b1f0d09081b1d
  csrw pmpcfg0, t1
  csrr t0, pmpcfg0
  csrw pmpcfg0, zero
  CHECK_EQ t0, t1
  li t1, 0x0f090d0b1b1f1908
  csrw pmpcfg2, t1
  csrr t0, pmpcfg2
  csrw pmpcfg2, zero
  CHECK_EQ t0, t1

  /* 3: pmpcfg1 and pmpcfg3 do not exist on RV64 */
  TEST 3
  TRY_ILLEGAL csrr t0, pmpcfg1
  TEST 4
  TRY_ILLEGAL csrw pmpcfg3, zero

  /* 5: S and U accesses that match no entry fail (3.7.1): here the very first fetch after
     mret, with one active entry (a no-permission page elsewhere) and all others OFF.
     (With every entry OFF, QEMU 7.2 makes mret itself illegal: see spec_strict.S.) */
  TEST 5
  NAPOT_PAGE t0, pdata_none
  csrw pmpaddr3, t0
  li t0, CFG(3, PMP_NAPOT)
  csrw pmpcfg0, t0
  csrw pmpcfg2, zero
  PMP_SYNC
  la s11, 2f
  SET_MPP MPP_S
  la a1, 1f
  csrw mepc, a1
  mret
1:
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_ACCESS
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1
  TEST 6
  la s11, 2f
  SET_MPP MPP_U
  la a1, 1f
  csrw mepc, a1
  mret
1:
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_ACCESS
  CHECK_EQ s9, a1
  TEST 7
  /* M is unaffected */
  la a1, pdata_none
  ld t0, 0(a1)
  sd t0, 0(a1)

  /* Regions for the rest:
     0: OFF, address = bottom of the TOR region
     1: TOR [tor_lo, tor_hi) RW
     2: NAPOT pdata_ro R
     3: NAPOT pdata_none (no permission)
     4: NAPOT pcode_x X
     (later 5: locked NAPOT plock R; 6/7: TOR [ppartial, ppartial + 4) RW)
     15: NAPOT everything RWX (so S/U code and other data work) */
  TEST 8
  la t0, tor_lo
  srli t0, t0, 2
  csrw pmpaddr0, t0
  la t0, tor_hi
  srli t0, t0, 2
  csrw pmpaddr1, t0
  NAPOT_PAGE t0, pdata_ro
  csrw pmpaddr2, t0
  NAPOT_PAGE t0, pdata_none
  csrw pmpaddr3, t0
  NAPOT_PAGE t0, pcode_x
  csrw pmpaddr4, t0
  li t0, -1
  csrw pmpaddr15, t0
  li t2, CFG(1, PMP_TOR | PMP_R | PMP_W) | CFG(2, PMP_NAPOT | PMP_R) | \
         CFG(3, PMP_NAPOT) | CFG(4, PMP_NAPOT | PMP_X)
  csrw pmpcfg0, t2
  li t0, CFG(7, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, t0
  PMP_SYNC
  csrr t1, pmpcfg0
  CHECK_EQ t1, t2

  /* 9: read-only region: S loads work, stores fault with cause 7 (entry 2 beats 15) */
  TEST 9
  GO_S
  la a1, pdata_ro
  ld a2, 0(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, 0x2222
  TEST 10
  GO_S
  la a1, pdata_ro + 16
  FAULT CAUSE_STORE_ACCESS, sd zero, 0(a1)
  CHECK_FIELD s7, MSTATUS_MPP, MPP_S
  TEST 11
  GO_S
  la a1, pdata_ro + 8
  FAULT CAUSE_STORE_ACCESS, amoadd.d t0, t0, (a1)

  /* 12: no-permission region: loads fault with cause 5, stores with 7 */
  TEST 12
  GO_S
  la a1, pdata_none + 8
  FAULT CAUSE_LOAD_ACCESS, ld t0, 0(a1)
  TEST 13
  GO_U
  la a1, pdata_none + 4
  FAULT CAUSE_STORE_ACCESS, sw zero, 0(a1)
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U
  TEST 14
  GO_U
  la a1, pdata_none
  FAULT CAUSE_LOAD_ACCESS, lbu t0, 0(a1)

  /* 15: TOR region RW: loads and stores work, fetches fault with cause 1 */
  TEST 15
  GO_S
  la a1, tor_lo
  li t0, 0x1234
  sd t0, 8(a1)
  ld a2, 8(a1)
  la a1, tor_hi - 8
  ld a3, 0(a1)
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, 0x1234
  TEST 16
  GO_S
  la a1, tor_code
  la s11, 2f
  jalr ra, 0(a1)
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_ACCESS
  CHECK_EQ s9, a1
  CHECK_EQ s10, a1

  /* 17: execute-only region: S calls into it, but cannot read it */
  TEST 17
  GO_S
  la a1, pcode_x
  li a0, 0
  jalr ra, 0(a1)
  mv a2, a0
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, 0x3c
  TEST 18
  GO_U
  la a1, pcode_x
  FAULT CAUSE_LOAD_ACCESS, lw t0, 0(a1)

  /* 19: an access matching only part of an entry fails even where the rest is allowed: an
     aligned 8-byte load over the 4-byte TOR region [ppartial, ppartial + 4) of entry 7
     (RW, entry 6 gives its bottom) while entry 15 allows all. Needs PMP grain 4 bytes. */
  TEST 19
  la t0, ppartial
  srli t0, t0, 2
  csrw pmpaddr6, t0
  addi t0, t0, 1
  csrw pmpaddr7, t0
  li t0, CFG(7, PMP_TOR | PMP_R | PMP_W)
  csrs pmpcfg0, t0
  PMP_SYNC
  GO_S
  la a1, ppartial
  lw a2, 0(a1)              /* fully inside: fine */
  lw a3, 4(a1)              /* fully outside: entry 15 */
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  CHECK_IMM a2, 0x11
  CHECK_IMM a3, 0x22
  TEST 20
  GO_S
  la a1, ppartial
  FAULT CAUSE_LOAD_ACCESS, ld t0, 0(a1)
  TEST 21
  GO_U
  la a1, ppartial
  FAULT CAUSE_STORE_ACCESS, sd zero, 0(a1)

  /* 22: M ignores unlocked entries ... */
  TEST 22
  la a1, pdata_none
  li t0, 0x77
  sd t0, 0(a1)
  ld t1, 0(a1)
  CHECK_IMM t1, 0x77
  /* 23: ... except through MPRV with MPP = S, which checks with S privilege */
  TEST 23
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_S
  la a1, pdata_none
  FAULT CAUSE_LOAD_ACCESS, ld t0, 0(a1)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  TEST 24
  /* fetches in M are never subject to MPRV */
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  SET_MPP MPP_S
  la a1, tor_code
  li a0, 0
  jalr ra, 0(a1)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  CHECK_IMM a0, 0x5d

  /* 25: without the catch-all entry S cannot even fetch its code */
  TEST 25
  csrw pmpcfg2, zero
  PMP_SYNC
  la s11, 2f
  SET_MPP MPP_S
  la a1, 1f
  csrw mepc, a1
  mret
1:
  j fail
2:
  CHECK_IMM s8, CAUSE_FETCH_ACCESS
  CHECK_EQ s10, a1
  li t0, CFG(7, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, t0
  PMP_SYNC

  /* 26: a locked entry binds M too, and ignores later writes to it */
  TEST 26
  NAPOT_PAGE t0, plock
  csrw pmpaddr5, t0
  li t0, CFG(5, PMP_L | PMP_NAPOT | PMP_R)
  csrs pmpcfg0, t0
  PMP_SYNC
  la a1, plock
  ld t0, 0(a1)
  CHECK_IMM t0, 0x4444
  TEST 27
  la a1, plock + 8
  FAULT CAUSE_STORE_ACCESS, sd zero, 0(a1)
  CHECK_FIELD s7, MSTATUS_MPP, MPP_M
  TEST 28
  csrr s0, pmpaddr5
  li t0, 0
  csrw pmpaddr5, t0
  csrr t0, pmpaddr5
  CHECK_EQ t0, s0
  TEST 29
  li t0, CFG(5, 0xff)
  csrc pmpcfg0, t0          /* try to unlock / reconfigure entry 5 */
  csrr t0, pmpcfg0
  srli t0, t0, 40
  andi t0, t0, 0xff
  CHECK_IMM t0, PMP_L | PMP_NAPOT | PMP_R
  la a1, plock + 16
  FAULT CAUSE_STORE_ACCESS, sd zero, 0(a1)
  TEST 30
  /* the other entries of the same pmpcfg register stay writable */
  li t0, CFG(4, PMP_R)
  csrs pmpcfg0, t0
  csrr t0, pmpcfg0
  srli t0, t0, 32
  andi t0, t0, 0xff
  CHECK_IMM t0, PMP_NAPOT | PMP_X | PMP_R

  mv ra, s1
  ret

/* Code executed from PMP regions. */
  .align 12
pcode_x:
  li a0, 0x3c
  ret
  .align 12

  .data
  .align 12
pdata_ro: .dword 0x2222, 0, 0, 0
  .align 12
pdata_none: .dword 0x3333, 0
  .align 12
plock: .dword 0x4444, 0, 0
  .align 12
ppartial: .word 0x11, 0x22
  .align 12
tor_lo:
  .dword 0, 0, 0, 0
tor_code:
  li a0, 0x5d
  ret
  .align 12
tor_hi:
  .dword 0x6666
  .align 12
