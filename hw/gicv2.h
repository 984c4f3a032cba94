/* SPDX-License-Identifier: MIT */
/* Arm Generic Interrupt Controller v2 (ARM IHI 0048B, GIC Architecture Specification v2.0)
   without the Security Extensions, as on QEMU's arm virt board (compatible
   "arm,cortex-a15-gic"): a distributor (0x10000 region) and a CPU interface (0x10000 region,
   GICC_DIR at 0x1000), up to 8 CPUs, SPIs from device IrqLines, PPIs per CPU, SGIs, an IRQ and
   a FIQ output line per CPU. */
#ifndef TERN_GICV2_H
#define TERN_GICV2_H

#include <stdint.h>

#include "hw/gic_core.h"
#include "hw/irq.h"
#include "system/memmap.h"

#define GICV2_MAX_CPUS 8
#define GICV2_DIST_SIZE 0x10000u
#define GICV2_CPU_SIZE 0x10000u

/* Distributor register offsets (IHI 0048B 4.1.2, table 4-1). */
enum {
    GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_IGROUPR = 0x080,
    GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200,
    GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xc00, GICD_SGIR = 0xf00,
    GICD_CPENDSGIR = 0xf10, GICD_SPENDSGIR = 0xf20, GICD_PIDR4 = 0xfd0, GICD_PIDR2 = 0xfe8,
};

/* CPU interface register offsets (IHI 0048B 4.1.3, table 4-2). */
enum {
    GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0c, GICC_EOIR = 0x10,
    GICC_RPR = 0x14, GICC_HPPIR = 0x18, GICC_ABPR = 0x1c, GICC_AIAR = 0x20, GICC_AEOIR = 0x24,
    GICC_AHPPIR = 0x28, GICC_APR0 = 0xd0, GICC_NSAPR0 = 0xe0, GICC_IIDR = 0xfc,
    GICC_DIR = 0x1000,
};

/* GICC_CTLR bits, the layout without Security Extensions (IHI 0048B 4.4.1). */
enum {
    GICC_CTLR_EnableGrp0 = 1 << 0, GICC_CTLR_EnableGrp1 = 1 << 1, GICC_CTLR_AckCtl = 1 << 2,
    GICC_CTLR_FIQEn = 1 << 3, GICC_CTLR_CBPR = 1 << 4, GICC_CTLR_EOImodeS = 1 << 9,
    GICC_CTLR_EOImodeNS = 1 << 10,
};

typedef struct Gicv2 Gicv2;

/* Which CPU is accessing the memory-mapped registers now (banked registers, the CPU
   interface): a board callback returning a CPU index. */
typedef int (*GicCurrentCpu)(void *opaque);

/* n_irq counts all INTIDs, SGIs and PPIs included (virt: 288 = 256 SPIs); a multiple of 32 in
   [64, 1024]. irq_out[i]/fiq_out[i]: CPU i's IRQ and FIQ inputs (fiq_out may be NULL). NULL
   if the arguments are out of range or a region cannot be mapped. */
Gicv2 *gicv2_create(MemMap *m, uint64_t dist_base, uint64_t cpu_base, int n_cpus, int n_irq,
                    const IrqLine *irq_out, const IrqLine *fiq_out, GicCurrentCpu current,
                    void *current_opaque);
/* The input line of SPI spi (INTID 32 + spi, the device tree's <0 spi flags>). */
IrqLine gicv2_spi(Gicv2 *g, int spi);
/* The input line of PPI ppi of cpu (INTID 16 + ppi, the device tree's <1 ppi flags>; the
   generic timer's are 13, 14, 11, 10). */
IrqLine gicv2_ppi(Gicv2 *g, int cpu, int ppi);
/* Register accesses as CPU cpu makes them (what the MMIO regions do for the current CPU). */
uint32_t gicv2_dist_read(Gicv2 *g, int cpu, uint64_t off, unsigned size);
void gicv2_dist_write(Gicv2 *g, int cpu, uint64_t off, uint32_t val, unsigned size);
uint32_t gicv2_cpu_read(Gicv2 *g, int cpu, uint64_t off, unsigned size);
void gicv2_cpu_write(Gicv2 *g, int cpu, uint64_t off, uint32_t val, unsigned size);
void gicv2_reset(Gicv2 *g);
void gicv2_free(Gicv2 *g);

#endif
