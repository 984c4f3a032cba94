/* SPDX-License-Identifier: MIT */
/* Runtime shared by the privileged test programs: reset entry, M- and S-mode trap handlers
   that record the trap and resume at s11, pass/fail reporting through HTIF tohost
   (1 = pass, (n << 1) | 1 = case n failed). Register conventions: see priv_macros.h. */
#include "priv_macros.h"

#define SETUP_CASE 250   /* reported if the environment setup itself traps */

  .section .text.init, "ax"
  .globl _start
_start:
  li gp, SETUP_CASE
  li s11, 0
  la t0, m_trap
  csrw mtvec, t0
  /* One NAPOT entry covering all of memory with RWX, so S and U may access everything
     (an S/U access matching no entry fails once any PMP entry is implemented, 3.7.1). */
  /* Without PMP (-cpu ...,pmp=off) the CSRs are illegal: the trap skips this. */
  la s11, 1f
  li t0, -1
  csrw pmpaddr0, t0
  li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
  csrw pmpcfg0, t0
1:
  li s11, 0
  csrw satp, zero
  csrw medeleg, zero
  csrw mideleg, zero
  csrw mie, zero
  csrw mip, zero
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_MPRV | \
         MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_FS & (1 << 13)   /* FS = Initial so F/D instructions are legal */
  csrs mstatus, t0
  la t0, s_trap
  csrw stvec, t0
  csrw mscratch, zero
  csrw sscratch, zero
  la sp, env_stack_top
  li gp, 0
  call test_main
  j pass

  .globl pass
pass:
  li a0, 1
  j report

  /* Reached in any mode: escalate to M through ecall so the store to tohost is done by M
     (lower modes may have no mapping or permission for it). m_trap sees s11 == 0. */
  .globl fail
fail:
  li s11, 0
  mv a4, s7                 /* keep the last trap record for PRIV_DEBUG dumps */
  mv a5, s8
  mv a6, s9
  mv a7, s10
  ecall
  j report_fail

report_fail:
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
#ifdef PRIV_DEBUG
  /* -DPRIV_DEBUG: dump on the HTIF console gp, the trap that ended the test (s7..s10), the
     record held when `fail` was called (a4..a7) and the S record (s3..s5) */
  mv a0, gp
  jal debug_hex
  mv a0, s7
  jal debug_hex
  mv a0, s8
  jal debug_hex
  mv a0, s9
  jal debug_hex
  mv a0, s10
  jal debug_hex
  mv a0, a4
  jal debug_hex
  mv a0, a5
  jal debug_hex
  mv a0, a6
  jal debug_hex
  mv a0, a7
  jal debug_hex
  mv a0, s3
  jal debug_hex
  mv a0, s4
  jal debug_hex
  mv a0, s5
  jal debug_hex
#endif
  mv a0, gp
  bnez a0, 1f
  li a0, 254
1:
  slli a0, a0, 1
  ori a0, a0, 1
report:
#ifdef PRIV_EXIT_SIFIVE_TEST
  /* -DPRIV_EXIT_SIFIVE_TEST: for cross-checking on QEMU's virt machine (no HTIF), exit
     through its SiFive test device: 0x5555 = pass, (code << 16) | 0x3333 = exit(code) */
  li t0, 0x100000
  li t1, 0x5555
  li t2, 1
  beq a0, t2, 3f
  srli a0, a0, 1
  slli t1, a0, 16
  li t2, 0x3333
  or t1, t1, t2
3:
  sw t1, 0(t0)
#endif
  la t0, tohost
  sd a0, 0(t0)
2:
  j 2b

#ifdef PRIV_DEBUG
/* print a0 as 16 hex digits and a newline (HTIF console: device 1, command 1) */
debug_hex:
  li t1, 60
  la t0, tohost
1:
  srl t2, a0, t1
  andi t2, t2, 15
  li t3, 10
  blt t2, t3, 2f
  addi t2, t2, 'a' - 10 - '0'
2:
  addi t2, t2, '0'
  li t3, 0x0101000000000000
  or t2, t2, t3
  sd t2, 0(t0)
  addi t1, t1, -4
  bgez t1, 1b
  li t2, 0x010100000000000a
  sd t2, 0(t0)
  ret
#endif

  .align 2
  .globl m_trap
m_trap:
  csrr s7, mstatus
  csrr s8, mcause
  csrr s9, mepc
  csrr s10, mtval
  beqz s11, report_fail
  mv s6, s11
  li s11, 0
  jr s6

  .align 2
  .globl s_trap
s_trap:
  csrr s2, sstatus
  csrr s3, scause
  csrr s4, sepc
  csrr s5, stval
  beqz s11, 1f
  mv s6, s11
  li s11, 0
  jr s6
1:
  /* unexpected trap in S: report through M (ecall from S is never delegated here) */
  ecall
  j 1b

  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
  .type tohost, @object
tohost: .dword 0
  .size tohost, 8
  .align 6
  .globl fromhost
  .type fromhost, @object
fromhost: .dword 0
  .size fromhost, 8

  .bss
  .align 4
env_stack:
  .skip 1024
env_stack_top:
