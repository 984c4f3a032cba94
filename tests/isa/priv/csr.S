/* SPDX-License-Identifier: MIT */
/* Machine/supervisor CSR basics (privileged spec v1.12 ch. 2, 3.1, 4.1): misa, ID registers,
   mstatus WARL fields and its sstatus view, mie/mip vs sie/sip under mideleg, and the illegal-
   instruction rules for read-only, unknown and too-privileged CSR accesses. */
#include "priv_macros.h"

#define MISA_EXT(c) (1 << ((c) - 'A'))
#define MISA_REQUIRED (MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') | \
                       MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U'))
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)

  .text
  .globl test_main
test_main:
  mv s1, ra

  /* 1: misa.MXL = 2 (RV64) and the extensions of RV64GC with S and U modes */
  TEST 1
  csrr t0, misa
  srli t1, t0, 62
  CHECK_IMM t1, 2
  CHECK_FIELD t0, MISA_REQUIRED, MISA_REQUIRED

  /* 2: single-hart spike: mhartid = 0 */
  TEST 2
  csrr t0, mhartid
  CHECK_IMM t0, 0

  /* 3: the ID registers are readable in M (any value, including 0, is legal) */
  TEST 3
  csrr t0, mvendorid
  csrr t0, marchid
  csrr t0, mimpid

  /* 4: writing an ID register is illegal (read-only CSR, 2.1) */
  TEST 4
  TRY_ILLEGAL csrw mvendorid, zero
  TEST 5
  li t1, 1
  TRY_ILLEGAL csrrs t0, mhartid, t1
  TEST 6
  TRY_ILLEGAL csrrwi t0, marchid, 0
  TEST 7
  TRY_ILLEGAL csrw cycle, zero           /* user counters are read-only shadows */
  TEST 8
  /* csrrs/csrrc with rs1 = x0 do not write, so they are legal on read-only CSRs */
  csrrs t0, mhartid, zero
  csrrc t0, mimpid, zero
  csrrsi t0, mvendorid, 0

  /* 9: unknown CSR numbers are illegal; mtval = the instruction bits */
  TEST 9
  TRY_ILLEGAL csrr t0, 0x0ff
  TEST 10
  TRY_ILLEGAL csrw 0x1ff, t0

  /* 11: mstatus.MPP holds U, S and M */
  TEST 11
  SET_MPP MPP_U
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MPP, MPP_U
  SET_MPP MPP_S
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MPP, MPP_S
  SET_MPP MPP_M
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MPP, MPP_M

  /* 12: RV64-only hart: SXL = UXL = 2 and they stay so when written with 0 */
  TEST 12
  csrr t0, mstatus
  li t1, MSTATUS_SXL | MSTATUS_UXL
  CHECK_FIELD t0, MSTATUS_SXL | MSTATUS_UXL, (2 << 34) | (2 << 32)
  csrc mstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_SXL | MSTATUS_UXL, (2 << 34) | (2 << 32)

  /* 13: FS = Off makes FP instructions and fcsr illegal */
  TEST 13
  li t1, MSTATUS_FS
  csrc mstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_FS | MSTATUS_SD, 0
  TRY_ILLEGAL fmv.d.x f1, zero
  TEST 14
  TRY_ILLEGAL csrr t0, fcsr
  TEST 15
  TRY_ILLEGAL fadd.d f1, f2, f3

  /* 16: FS holds Initial and Clean; an FP register write makes it Dirty and sets SD */
  TEST 16
  li t1, MSTATUS_FS
  csrc mstatus, t1
  li t1, 2 << 13
  csrs mstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_FS | MSTATUS_SD, 2 << 13
  li t1, MSTATUS_FS
  csrc mstatus, t1
  li t1, 1 << 13
  csrs mstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_FS | MSTATUS_SD, 1 << 13
  TEST 17
  fmv.d.x f1, zero
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_FS | MSTATUS_SD, MSTATUS_FS | MSTATUS_SD
  TEST 18
  /* SD is read-only: it follows FS/XS/VS */
  li t1, MSTATUS_FS
  csrc mstatus, t1
  li t1, 1 << 13
  csrs mstatus, t1
  li t1, MSTATUS_SD
  csrs mstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_FS | MSTATUS_SD, 1 << 13
  csrr t0, sstatus
  CHECK_FIELD t0, MSTATUS_FS | MSTATUS_SD, 1 << 13

  /* 19: sstatus is a view of mstatus: S fields written through either are seen by both */
  TEST 19
  li t1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  csrc mstatus, t1
  csrs sstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, \
              MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  csrc mstatus, t1
  csrr t0, sstatus
  CHECK_FIELD t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, 0
  TEST 20
  /* M-only fields are invisible in sstatus ... */
  li t1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | \
         MSTATUS_MPRV
  csrs mstatus, t1
  csrr t0, sstatus
  CHECK_FIELD t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | \
              MSTATUS_TSR | MSTATUS_MPRV | MSTATUS_SXL, 0
  CHECK_FIELD t0, MSTATUS_UXL, 2 << 32
  TEST 21
  /* ... and writing sstatus cannot change them */
  csrw sstatus, zero
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | \
              MSTATUS_TSR | MSTATUS_MPRV, \
              MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | \
              MSTATUS_TSR | MSTATUS_MPRV
  csrc mstatus, t1
  li t1, -1
  csrs sstatus, t1
  csrr t0, mstatus
  CHECK_FIELD t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | \
              MSTATUS_TSR | MSTATUS_MPRV, 0
  CHECK_FIELD t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, \
              MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  li t1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
  csrc sstatus, t1

  /* 22: mideleg: the S interrupt bits are writable, M interrupts cannot be delegated */
  TEST 22
  li t1, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP
  csrw mideleg, t1
  csrr t0, mideleg
  CHECK_FIELD t0, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP, S_INTS
  csrw mideleg, zero
  csrr t0, mideleg
  CHECK_FIELD t0, S_INTS, 0

  /* 23: mie holds all six standard enables */
  TEST 23
  li t1, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP
  csrw mie, t1
  csrr t0, mie
  CHECK_FIELD t0, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP
  /* 24: with nothing delegated sie reads zero and ignores writes */
  TEST 24
  csrr t0, sie
  CHECK_FIELD t0, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP, 0
  csrw sie, zero
  csrr t0, mie
  CHECK_FIELD t0, S_INTS, S_INTS
  /* 25: once delegated, sie is the S part of mie (never the M bits) */
  TEST 25
  li t1, S_INTS
  csrw mideleg, t1
  csrr t0, sie
  CHECK_FIELD t0, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP, S_INTS
  li t1, MIP_STIP
  csrc sie, t1
  csrr t0, mie
  CHECK_FIELD t0, S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP, \
              MIP_SSIP | MIP_SEIP | MIP_MSIP | MIP_MTIP | MIP_MEIP
  li t1, MIP_MTIP
  csrc sie, t1              /* MTIE is not part of sie: mie keeps it */
  csrr t0, mie
  CHECK_FIELD t0, MIP_MTIP, MIP_MTIP
  csrw mie, zero
  csrw mideleg, zero

  /* 26: mip: SSIP, STIP, SEIP are writable by M; sip shows only delegated ones */
  TEST 26
  li t1, S_INTS
  csrs mip, t1
  csrr t0, mip
  CHECK_FIELD t0, S_INTS, S_INTS
  csrr t0, sip
  CHECK_FIELD t0, S_INTS, 0
  li t1, MIP_SSIP
  csrw mideleg, t1
  csrr t0, sip
  CHECK_FIELD t0, S_INTS, MIP_SSIP
  TEST 27
  /* sip.SSIP is writable when delegated and clears mip.SSIP */
  csrc sip, t1
  csrr t0, mip
  CHECK_FIELD t0, S_INTS, MIP_STIP | MIP_SEIP
  li t1, MIP_SEIP
  csrc sip, t1              /* not delegated: no effect */
  csrr t0, mip
  CHECK_FIELD t0, S_INTS, MIP_STIP | MIP_SEIP
  li t1, S_INTS
  csrc mip, t1
  csrw mideleg, zero
  csrr t0, mip
  CHECK_FIELD t0, S_INTS, 0

  /* 28: mip.MSIP/MTIP/MEIP are read-only to csr instructions (MSIP/MEIP are clear at reset) */
  TEST 28
  li t0, CLINT_MTIMECMP      /* park the timer so MTIP is known to be clear */
  li t1, -1
  sd t1, 0(t0)
  WAIT_MIP_CLEAR MIP_MTIP
  li t1, MIP_MSIP | MIP_MTIP | MIP_MEIP
  csrs mip, t1
  csrr t0, mip
  CHECK_FIELD t0, MIP_MSIP | MIP_MTIP | MIP_MEIP, 0

  /* 29: scratch registers hold 64 bits */
  TEST 29
  li t1, 0x0123456789abcdef
  csrw mscratch, t1
  csrw sscratch, t1
  csrr t0, mscratch
  CHECK_EQ t0, t1
  csrr t0, sscratch
  CHECK_EQ t0, t1

  /* 30: mtvec MODE: direct and vectored are legal, reserved modes are never read back */
  TEST 30
  csrr s0, mtvec
  la t1, m_trap
  ori t1, t1, 1
  csrw mtvec, t1
  csrr t0, mtvec
  csrw mtvec, s0
  CHECK_EQ t0, t1
  la t1, m_trap
  ori t1, t1, 2
  csrw mtvec, t1
  csrr t0, mtvec
  csrw mtvec, s0
  andi t0, t0, 3
  CHECK_FIELD t0, 2, 0

  /* 31: medeleg holds the delegatable synchronous exception bits */
  TEST 31
  li t1, (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_ECALL_U) | \
         (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE) | (1 << CAUSE_FETCH_PAGE)
  csrw medeleg, t1
  csrr t0, medeleg
  csrw medeleg, zero
  CHECK_EQ t0, t1

  /* 32..: CSRs above the current privilege are illegal (2.1: bits 9:8 give the lowest
     privilege that may access a CSR) */
  TEST 32
  GO_S
  TRY_ILLEGAL csrr t0, mstatus
  CHECK_FIELD s7, MSTATUS_MPP, MPP_S
  TEST 33
  GO_S
  TRY_ILLEGAL csrw mscratch, zero
  TEST 34
  GO_S
  TRY_ILLEGAL csrr t0, mhartid
  TEST 35
  GO_S
  TRY_ILLEGAL csrr t0, medeleg
  TEST 36
  /* S-level CSRs are fine from S */
  GO_S
  csrr t0, sstatus
  csrw sscratch, t0
  csrr t0, satp
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_S
  TEST 37
  GO_U
  TRY_ILLEGAL csrr t0, sstatus
  CHECK_FIELD s7, MSTATUS_MPP, MPP_U
  TEST 38
  GO_U
  TRY_ILLEGAL csrw sscratch, zero
  TEST 39
  GO_U
  TRY_ILLEGAL csrr t0, mstatus
  TEST 40
  GO_U
  TRY_ILLEGAL csrr t0, satp
  TEST 41
  /* FP CSRs are user-level */
  GO_U
  csrr t0, fcsr
  csrw fflags, zero
  GO_M
  CHECK_IMM s8, CAUSE_ECALL_U

  mv ra, s1
  ret
