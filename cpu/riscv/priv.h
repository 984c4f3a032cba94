/* SPDX-License-Identifier: MIT */
/* Private interface of the privileged-architecture files (cpu.c, csr.c, trap.c, mmu.c) and
   their unit tests: CSR field layouts (privileged spec v1.12 ch. 3-4), trap entry without the
   longjmp, interrupt selection, the page-table walker and PMP with fault codes. */
#ifndef TERN_RISCV_PRIV_H
#define TERN_RISCV_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/riscv/cpu.h"

/* mstatus (3.1.6) */
#define RV_MSTATUS_SIE   (1ull << 1)
#define RV_MSTATUS_MIE   (1ull << 3)
#define RV_MSTATUS_SPIE  (1ull << 5)
#define RV_MSTATUS_MPIE  (1ull << 7)
#define RV_MSTATUS_SPP   (1ull << 8)
#define RV_MSTATUS_MPP_SHIFT 11
#define RV_MSTATUS_MPP   (3ull << 11)
#define RV_MSTATUS_FS_SHIFT 13
#define RV_MSTATUS_FS    (3ull << 13)
#define RV_MSTATUS_MPRV  (1ull << 17)
#define RV_MSTATUS_SUM   (1ull << 18)
#define RV_MSTATUS_MXR   (1ull << 19)
#define RV_MSTATUS_TVM   (1ull << 20)
#define RV_MSTATUS_TW    (1ull << 21)
#define RV_MSTATUS_TSR   (1ull << 22)
#define RV_MSTATUS_UXL   (3ull << 32)
#define RV_MSTATUS_SXL   (3ull << 34)
#define RV_MSTATUS_SD    (1ull << 63)
/* RV64-only hart: SXL = UXL = 2 always. */
#define RV_MSTATUS_XL64  ((2ull << 32) | (2ull << 34))

#define RV_MIP(irq)      (1ull << (irq))
#define RV_S_INTS        (RV_MIP(RV_IRQ_SSI) | RV_MIP(RV_IRQ_STI) | RV_MIP(RV_IRQ_SEI))
#define RV_M_INTS        (RV_MIP(RV_IRQ_MSI) | RV_MIP(RV_IRQ_MTI) | RV_MIP(RV_IRQ_MEI))
#define RV_CAUSE_INTR    (1ull << 63)

#define RV_MENVCFG_FIOM  (1ull << 0)
#define RV_MENVCFG_STCE  (1ull << 63)

/* satp (4.1.11): MODE 63:60, ASID 59:44 (16 bits implemented), PPN 43:0 */
#define RV_SATP_MODE_SHIFT 60
#define RV_SATP_MODE_BARE  0
#define RV_SATP_MODE_SV39  8
#define RV_SATP_MODE_SV48  9
#define RV_SATP_PPN_MASK   ((1ull << 44) - 1)

/* Page-table entry bits (4.3.1, 4.4.1) */
#define RV_PTE_V (1ull << 0)
#define RV_PTE_R (1ull << 1)
#define RV_PTE_W (1ull << 2)
#define RV_PTE_X (1ull << 3)
#define RV_PTE_U (1ull << 4)
#define RV_PTE_G (1ull << 5)
#define RV_PTE_A (1ull << 6)
#define RV_PTE_D (1ull << 7)
#define RV_PTE_PPN_SHIFT 10
/* Bits 63:54: N, PBMT and reserved; none of those extensions is implemented. */
#define RV_PTE_HIGH_MASK (0x3ffull << 54)

/* PMP configuration byte (3.7.1) */
#define RV_PMP_R 0x01
#define RV_PMP_W 0x02
#define RV_PMP_X 0x04
#define RV_PMP_A_SHIFT 3
#define RV_PMP_A 0x18
#define RV_PMP_L 0x80
enum { RV_PMP_OFF = 0, RV_PMP_TOR = 1, RV_PMP_NA4 = 2, RV_PMP_NAPOT = 3 };
#define RV_PMP_ENTRIES 16
#define RV_PMPADDR_MASK ((1ull << 54) - 1)

/* Illegal-instruction tvals of the xRET instructions (they have no operands). */
#define RV_INSN_MRET 0x30200073u
#define RV_INSN_SRET 0x10200073u

/* trap.c: enter the trap handler (state, pc, privilege) without leaving the current C frame;
   cause without the interrupt bit. */
void rv_do_trap(RVCPU *cpu, uint64_t cause, bool interrupt, uint64_t tval);
const char *rv_cause_name(uint64_t cause, bool interrupt);

/* cpu.c */
/* mip as read by software: writable bits, device lines, and the live timer comparisons. */
uint64_t rv_cpu_mip(RVCPU *cpu);
/* The interrupt that would be taken now (RV_IRQ_*), or -1. */
int rv_cpu_pending_irq(RVCPU *cpu);
/* Kick the hart when an interrupt can be taken now (after a change that may enable one). */
void rv_cpu_kick_if_pending(RVCPU *cpu);
/* Recompute the stimecmp deadline and arm its host timer (RV_TIMER_STIMECMP). */
void rv_cpu_arm_timers(RVCPU *cpu);
/* Data MMU index for the current state: MPRV with MPP applied in M-mode. */
int rv_cpu_data_mmu_idx(const RVCPU *cpu);
uint64_t rv_cpu_tb_flags(CPUCommon *env);
/* CpuClass hooks (cpu_class.c puts them in the table). */
bool rv_handle_interrupt(CPUCommon *env);
bool rv_has_work(CPUCommon *env);
void rv_dump_state(CPUCommon *env, FILE *f);

/* csr.c: one CSR instruction's access. op: 1 = write (CSRRW), 2 = set, 3 = clear; write says
   whether the instruction writes (CSRRW always, CSRRS/C when rs1/uimm != 0). Returns false
   (nothing changed) when the access is illegal. */
bool rv_csr_access(RVCPU *cpu, int csrno, int op, uint64_t src, bool write, uint64_t *old);
/* Name of an implemented CSR (for dumps), or NULL. */
const char *rv_csr_name(int csrno);

/* mmu.c: fault codes of the translation. */
enum { RV_XLATE_OK = 0, RV_XLATE_PAGE_FAULT = 1, RV_XLATE_ACCESS_FAULT = 2 };
/* Translate vaddr for access (MMU_READ/WRITE/EXEC) in mmu_idx (RV_MMU_*), updating A/D bits.
   On success fills *paddr, *prot (PROT_*_BIT the TLB may cache for the page) and *large. */
int rv_mmu_translate(RVCPU *cpu, uint64_t vaddr, int access, int mmu_idx, uint64_t *paddr,
                     int *prot, bool *large);
/* Re-decode the PMP entries after pmpcfg/pmpaddr changed (also flushes the TLB). */
void rv_pmp_update(RVCPU *cpu);
/* PMP: may privilege priv do access on [paddr, paddr + size)? */
bool rv_pmp_check(RVCPU *cpu, uint64_t paddr, uint64_t size, int access, int priv);
/* Exception cause for a fault of kind FAULT_* on access. */
uint64_t rv_fault_cause(int access, int kind);
bool rv_tlb_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                 uint64_t *paddr, int *prot, bool *large);
_Noreturn void rv_raise_mem_fault(CPUCommon *env, uint64_t vaddr, int access, int kind);

#endif
