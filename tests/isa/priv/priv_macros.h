/* SPDX-License-Identifier: MIT */
/* Constants and assembler macros shared by tern's privileged-architecture test programs
   (RISC-V Privileged ISA v1.12). Register conventions used by priv_env.S and every test:
     gp      number of the running case (reported on failure)
     s11     resume address for the next expected trap (0 = a trap is a failure)
     s6      scratch of the trap handlers; t6 scratch of the macros below
     s7..s10 M-mode trap record: mstatus, mcause, mepc, mtval (at the time of the trap)
     s2..s5  S-mode trap record: sstatus, scause, sepc, stval
   A handler that finds s11 != 0 clears it and jumps there, staying in the mode that took the
   trap. */
#ifndef PRIV_MACROS_H
#define PRIV_MACROS_H

/* mstatus / sstatus fields (privileged spec 3.1.6) */
#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_UBE   (1 << 6)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_VS    (3 << 9)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_XS    (3 << 15)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)
#define MSTATUS_UXL   (3 << 32)
#define MSTATUS_SXL   (3 << 34)
#define MSTATUS_SD    (1 << 63)
#define MPP_U         (0 << 11)
#define MPP_S         (1 << 11)
#define MPP_M         (3 << 11)

/* interrupt numbers and mip/mie bits (3.1.9) */
#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_MSIP (1 << IRQ_MSI)
#define MIP_STIP (1 << IRQ_STI)
#define MIP_MTIP (1 << IRQ_MTI)
#define MIP_SEIP (1 << IRQ_SEI)
#define MIP_MEIP (1 << IRQ_MEI)
#define CAUSE_INTR (1 << 63)

/* exception codes (3.1.15) */
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL_INSN     2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15

/* CSR numbers the assembler may not know by name (or only with extra -march letters) */
#define CSR_MENVCFG   0x30a
#define CSR_SENVCFG   0x10a
#define CSR_STIMECMP  0x14d
#define CSR_MCONFIGPTR 0xf15
#define MENVCFG_STCE  (1 << 63)

/* satp (4.1.11) and page-table entries (4.3.1) */
#define SATP_MODE_SV39 (8 << 60)
#define SATP_MODE_SV48 (9 << 60)
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)

/* PMP configuration bits (3.7.1) */
#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_OFF   0x00
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L     0x80

/* -machine spike CLINT (SiFive layout) */
#define CLINT_BASE     0x2000000
#define CLINT_MSIP     (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME    (CLINT_BASE + 0xbff8)

#ifdef __ASSEMBLER__

/* Start case n. */
.macro TEST n
  li gp, \n
.endm

/* The next trap (in whatever mode takes it) resumes at label. */
.macro EXPECT_TRAP label
  la s11, \label
.endm

/* Fail the running case unless register r equals register / immediate. */
.macro CHECK_EQ r, r2
  bne \r, \r2, fail
.endm
.macro CHECK_IMM r, imm
  li t6, \imm
  bne \r, t6, fail
.endm
.macro CHECK_LABEL r, label
  la t6, \label
  bne \r, t6, fail
.endm
/* Fail unless (r & mask) == val (clobbers t6 and s6). */
.macro CHECK_FIELD r, mask, val
  li t6, \mask
  and t6, t6, \r
  li s6, \val
  bne t6, s6, fail
.endm

/* Fail unless register r equals immediate a or immediate b (clobbers t6). */
.macro CHECK_ONE_OF r, a, b
  li t6, \a
  beq \r, t6, .Lcoo\@
  li t6, \b
  bne \r, t6, fail
.Lcoo\@:
.endm

/* M-mode trap record checks. */
.macro CHECK_MTRAP cause, epc_label
  CHECK_IMM s8, \cause
  CHECK_LABEL s9, \epc_label
.endm
.macro CHECK_STRAP cause, epc_label
  CHECK_IMM s3, \cause
  CHECK_LABEL s4, \epc_label
.endm

/* Fail unless s10 (mtval) holds the 32-bit instruction at label (read as two halfwords so
   only 2-byte alignment is needed). Clobbers t6, s6. */
.macro CHECK_MTVAL_INSN label
  la t6, \label
  lhu s6, 2(t6)
  slli s6, s6, 16
  lhu t6, 0(t6)
  or t6, t6, s6
  bne s10, t6, fail
.endm

/* Execute one instruction that must trap to M with the given cause and mepc pointing at it;
   execution continues in M after the macro. */
.macro TRY_TRAP cause, insn:vararg
  la s11, .Ltt_r\@
.Ltt_i\@:
  \insn
  j fail
.Ltt_r\@:
  CHECK_MTRAP \cause, .Ltt_i\@
.endm
/* Same for an illegal instruction, also checking mtval = the instruction bits. */
.macro TRY_ILLEGAL insn:vararg
  la s11, .Lti_r\@
.Lti_i\@:
  \insn
  j fail
.Lti_r\@:
  CHECK_MTRAP CAUSE_ILLEGAL_INSN, .Lti_i\@
  CHECK_MTVAL_INSN .Lti_i\@
.endm

/* EBREAK may leave mtval as 0 or its own address (3.1.16): accept exactly those two. */
.macro CHECK_EBREAK_TVAL tval, epc
  beqz \tval, .Lcet\@
  bne \tval, \epc, fail
.Lcet\@:
.endm

/* Set mstatus.MPP to one of MPP_U / MPP_S / MPP_M. */
.macro SET_MPP mode
  li t6, MSTATUS_MPP
  csrc mstatus, t6
  li t6, \mode
  csrs mstatus, t6
.endm

/* From M-mode: continue at the next instruction in S (or U) mode via mret. Clobbers t6 and
   the mstatus.MIE/MPIE/MPP bits the way mret defines. */
.macro GO_S
  SET_MPP MPP_S
  la t6, .Lgo_s\@
  csrw mepc, t6
  mret
.Lgo_s\@:
.endm
.macro GO_U
  SET_MPP MPP_U
  la t6, .Lgo_u\@
  csrw mepc, t6
  mret
.Lgo_u\@:
.endm
/* From S-mode: continue at the next instruction in U mode via sret. */
.macro S_GO_U
  li t6, MSTATUS_SPP
  csrc sstatus, t6
  la t6, .Lsgo_u\@
  csrw sepc, t6
  sret
.Lsgo_u\@:
.endm
/* From any mode: ecall into M and continue in M at the next instruction. The ecall is
   recorded in s7..s10 like any other trap (mcause = 8, 9 or 11). */
.macro GO_M
  la s11, .Lgo_m\@
  ecall
.Lgo_m\@:
.endm

/* Page tables. out = leaf or pointer PTE for the physical address in register pa. */
.macro MAKE_PTE out, pa, flags
  srli \out, \pa, 12
  slli \out, \out, 10
  ori \out, \out, \flags
.endm
/* sd t6 to entry index of the table at t5 (offsets past 2047 need two steps). */
.macro STORE_PTE_AT index
  .if (\index * 8) < 2048
  sd t6, (\index * 8)(t5)
  .else
  addi t5, t5, 2040
  sd t6, ((\index * 8) - 2040)(t5)
  .endif
.endm
/* table[index] = PTE(physical address of label target, flags). Clobbers t5, t6. */
.macro SET_PTE table, index, target, flags
  la t6, \target
  MAKE_PTE t6, t6, \flags
  la t5, \table
  STORE_PTE_AT \index
.endm
/* Same with an absolute physical address. */
.macro SET_PTE_PA table, index, pa, flags
  li t6, \pa
  MAKE_PTE t6, t6, \flags
  la t5, \table
  STORE_PTE_AT \index
.endm
/* satp = mode | PPN(root), then flush. Clobbers t5, t6. */
.macro SET_SATP mode, root
  la t6, \root
  srli t6, t6, 12
  li t5, \mode
  or t6, t6, t5
  csrw satp, t6
  sfence.vma
.endm

/* CLINT helpers (clobber t0, t1) */
.macro MSIP_WRITE v
  li t0, CLINT_MSIP
  li t1, \v
  sw t1, 0(t0)
.endm
.macro TIMER_IN ticks
  li t0, CLINT_MTIME
  ld t1, 0(t0)
  li t0, \ticks
  add t1, t1, t0
  li t0, CLINT_MTIMECMP
  sd t1, 0(t0)
.endm
.macro TIMER_OFF
  li t0, CLINT_MTIMECMP
  li t1, -1
  sd t1, 0(t0)
.endm
/* Spin until a device-driven mip (or sip) bit is set / clear: a device may take a bounded
   time to update mip. Clobber t0. */
.macro WAIT_MIP bit, csr=mip
.Lwm\@:
  csrr t0, \csr
  andi t0, t0, \bit
  beqz t0, .Lwm\@
.endm
.macro WAIT_MIP_CLEAR bit, csr=mip
.Lwmc\@:
  csrr t0, \csr
  andi t0, t0, \bit
  bnez t0, .Lwmc\@
.endm
/* Wait for an interrupt; the trap leaves through s11. wfi is for M and S only: in U it may
   raise illegal instruction (3.3.3), so U waits with SPIN_FOR_TRAP. */
.macro WAIT_FOR_TRAP
.Lwait\@:
  wfi
  j .Lwait\@
.endm
.macro SPIN_FOR_TRAP
.Lspin\@:
  j .Lspin\@
.endm

#endif /* __ASSEMBLER__ */
#endif /* PRIV_MACROS_H */
