/* SPDX-License-Identifier: MIT */
/* Arm Generic Interrupt Controller v3 (ARM IHI 0069, GIC Architecture Specification v3/v4)
   with a single Security state (GICD_CTLR.DS = 1) and affinity routing always enabled, as on
   QEMU's arm virt board with gic-version=3 (compatible "arm,gic-v3"): a distributor (0x10000
   region), one redistributor per CPU (RD_base + SGI_base frames, 0x20000 each, contiguous),
   and the CPU interface as System registers, which the CPU front end reaches through
   gicv3_cpuif_read/write from MRS/MSR. No LPIs and no ITS. */
#ifndef TERN_GICV3_H
#define TERN_GICV3_H

#include <stdint.h>

#include "hw/gic_core.h"
#include "hw/irq.h"
#include "system/memmap.h"

#define GICV3_MAX_CPUS GIC_MAX_CPUS
#define GICV3_DIST_SIZE 0x10000u
#define GICV3_REDIST_STRIDE 0x20000u

/* Distributor registers (IHI 0069 12.9) beyond the GICv2 ones the offsets share. */
enum {
    GICD3_CTLR = 0x0000, GICD3_TYPER = 0x0004, GICD3_IIDR = 0x0008, GICD3_IGROUPR = 0x0080,
    GICD3_ISENABLER = 0x0100,
    GICD3_ICENABLER = 0x0180, GICD3_ISPENDR = 0x0200, GICD3_ICPENDR = 0x0280,
    GICD3_ISACTIVER = 0x0300, GICD3_ICACTIVER = 0x0380, GICD3_IPRIORITYR = 0x0400,
    GICD3_ICFGR = 0x0c00, GICD3_IROUTER = 0x6000, GICD3_PIDR2 = 0xffe8,
};
enum { GICD3_CTLR_EnableGrp0 = 1 << 0, GICD3_CTLR_EnableGrp1 = 1 << 1, GICD3_CTLR_ARE = 1 << 4,
       GICD3_CTLR_DS = 1 << 6 };

/* Redistributor registers (IHI 0069 12.10, 12.11): RD_base frame, then SGI_base at 0x10000. */
enum {
    GICR_CTLR = 0x0000, GICR_IIDR = 0x0004, GICR_TYPER = 0x0008, GICR_WAKER = 0x0014,
    GICR_PIDR2 = 0xffe8, GICR_SGI_BASE = 0x10000,
    GICR_IGROUPR0 = 0x10080, GICR_ISENABLER0 = 0x10100, GICR_ICENABLER0 = 0x10180,
    GICR_ISPENDR0 = 0x10200, GICR_ICPENDR0 = 0x10280, GICR_ISACTIVER0 = 0x10300,
    GICR_ICACTIVER0 = 0x10380, GICR_IPRIORITYR = 0x10400, GICR_ICFGR0 = 0x10c00,
    GICR_ICFGR1 = 0x10c04,
};
enum { GICR_WAKER_ProcessorSleep = 1 << 1, GICR_WAKER_ChildrenAsleep = 1 << 2,
       GICR_TYPER_Last = 1 << 4 };

/* The CPU interface System registers (IHI 0069 12.2). */
typedef enum Gicv3CpuReg {
    ICC_PMR_EL1, ICC_IAR0_EL1, ICC_EOIR0_EL1, ICC_HPPIR0_EL1, ICC_BPR0_EL1, ICC_AP0R0_EL1,
    ICC_AP1R0_EL1, ICC_DIR_EL1, ICC_RPR_EL1, ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1,
    ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_HPPIR1_EL1, ICC_BPR1_EL1, ICC_CTLR_EL1, ICC_SRE_EL1,
    ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1, GICV3_N_CPUREGS
} Gicv3CpuReg;

enum { ICC_CTLR_CBPR = 1 << 0, ICC_CTLR_EOImode = 1 << 1 };

typedef struct Gicv3 Gicv3;

/* affinity[i]: CPU i's MPIDR_EL1 affinity (Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0
   [7:0]); NULL: Aff0 = i. n_irq as for GICv2 (virt: 288). irq_out/fiq_out: each CPU's IRQ and
   FIQ inputs (group 1 is IRQ, group 0 FIQ). NULL if out of range or a region cannot be mapped. */
Gicv3 *gicv3_create(MemMap *m, uint64_t dist_base, uint64_t redist_base, int n_cpus, int n_irq,
                    const uint64_t *affinity, const IrqLine *irq_out, const IrqLine *fiq_out);
IrqLine gicv3_spi(Gicv3 *g, int spi);               /* INTID 32 + spi */
IrqLine gicv3_ppi(Gicv3 *g, int cpu, int ppi);      /* INTID 16 + ppi of cpu */
/* MRS/MSR of a CPU interface register by CPU cpu. A nonexistent CPU or register reads 0 and
   ignores writes. */
uint64_t gicv3_cpuif_read(Gicv3 *g, int cpu, Gicv3CpuReg reg);
void gicv3_cpuif_write(Gicv3 *g, int cpu, Gicv3CpuReg reg, uint64_t val);
/* The register an MRS/MSR encoding (op0, op1, CRn, CRm, op2) names, or -1 if it is not one
   of the CPU interface registers above. */
int gicv3_cpureg_from_encoding(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                               unsigned op2);
void gicv3_reset(Gicv3 *g);
void gicv3_free(Gicv3 *g);

#endif
