/* SPDX-License-Identifier: MIT */
/* SiFive PLIC 1.0.0 (RISC-V PLIC spec 1.0.0) laid out as on QEMU's riscv virt board: contexts
   with one output line each (the board wires context 2h to hart h's MEIP and 2h+1 to its
   SEIP), 3-bit priorities, level-triggered sources. compatible "sifive,plic-1.0.0",
   "riscv,plic0". */
#ifndef TERN_PLIC_H
#define TERN_PLIC_H

#include <stdint.h>

#include "hw/irq.h"
#include "system/memmap.h"

#define PLIC_SIZE 0x600000u
#define PLIC_PRIORITY 0x0u          /* + 4 * source */
#define PLIC_PENDING 0x1000u        /* bit per source, 32-bit words */
#define PLIC_ENABLE 0x2000u         /* + 0x80 * context */
#define PLIC_ENABLE_STRIDE 0x80u
#define PLIC_CONTEXT 0x200000u      /* + 0x1000 * context: threshold at +0, claim/complete +4 */
#define PLIC_CONTEXT_STRIDE 0x1000u
#define PLIC_MAX_PRIORITY 7u        /* riscv,ndev-style 3-bit priorities as in QEMU's virt */
#define PLIC_MAX_SOURCES 1024       /* including source 0, which does not exist */

typedef struct Plic Plic;

/* n_sources counts source 0 (virt: 96, i.e. riscv,ndev = 95). ctx_out[i] is the output line of
   context i (copied). NULL if the arguments are out of range or the region cannot be mapped. */
Plic *plic_create(MemMap *m, uint64_t base, int n_sources, const IrqLine *ctx_out, int n_ctx);
/* The level-triggered input line of source (1..n_sources-1) for a device. */
IrqLine plic_irq(Plic *p, int source);
/* Priorities, enables, thresholds and claims to zero (board reset); input levels are kept. */
void plic_reset(Plic *p);
void plic_free(Plic *p);

#endif
