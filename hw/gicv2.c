/* SPDX-License-Identifier: MIT */
/* GICv2 registers (IHI 0048B chapter 4) on the shared state machine (gic_core.c). Without the
   Security Extensions GICC_CTLR has the layout with both group enables, AckCtl, FIQEn, CBPR
   and EOImodeS/NS (4.4.1); GICC_ABPR/AIAR/AEOIR/AHPPIR are the group 1 aliases (4.4.5,
   4.4.8-4.4.11). Byte accesses are allowed where the spec makes registers byte-accessible
   (IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR); other registers take 32-bit accesses, and
   anything else (a hole, a bad size, an interrupt or CPU that does not exist) reads as zero
   and ignores writes, logged as a guest error. */
#include "gicv2.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "system/log.h"

struct Gicv2 {
    GicCore core;
    GicCurrentCpu current;
    void *current_opaque;
    uint16_t ctlr_bypass[GICV2_MAX_CPUS];   /* GICC_CTLR bits 8:5, stored only */
};

/* PIDR4-7, PIDR0-3, CIDR0-3 from 0xfd0, as QEMU's GICv2 (PIDR2 ArchRev 2). */
static const uint8_t gicv2_id[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xb4,
                                     0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("gicv2: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static bool in(uint64_t off, uint64_t base, uint64_t len) {
    return off >= base && off < base + len;
}

static uint8_t all_cpus(const Gicv2 *g) { return (uint8_t)((1u << g->core.n_cpus) - 1); }

static uint32_t read_byte_reg(Gicv2 *g, int cpu, uint64_t off) {
    if (in(off, GICD_IPRIORITYR, 0x400)) {
        GicIrq *i = gic_irq(&g->core, cpu, (int)(off - GICD_IPRIORITYR));
        return i ? i->prio : 0;
    }
    if (in(off, GICD_ITARGETSR, 0x400)) {
        int irq = (int)(off - GICD_ITARGETSR);
        if (!gic_irq(&g->core, cpu, irq) || g->core.n_cpus == 1)
            return 0;                     /* RAZ/WI in a uniprocessor GIC (4.3.12) */
        /* Private interrupts target the reading CPU only (4.3.12). */
        return irq < GIC_INTERNAL ? 1u << cpu : g->core.spi[irq - GIC_INTERNAL].targets;
    }
    if (in(off, GICD_CPENDSGIR, 0x20))
        return g->core.cpu[cpu].sgi_src[(off - GICD_CPENDSGIR) & 0xf];
    return 0;
}

static void write_byte_reg(Gicv2 *g, int cpu, uint64_t off, uint8_t val) {
    if (in(off, GICD_IPRIORITYR, 0x400)) {
        gic_set_prio(&g->core, cpu, (int)(off - GICD_IPRIORITYR), val);
    } else if (in(off, GICD_ITARGETSR, 0x400)) {
        int irq = (int)(off - GICD_ITARGETSR);
        if (irq >= GIC_INTERNAL && gic_irq(&g->core, cpu, irq) && g->core.n_cpus > 1) {
            g->core.spi[irq - GIC_INTERNAL].targets = val & all_cpus(g);
            gic_update(&g->core);
        }
    } else if (in(off, GICD_CPENDSGIR, 0x10)) {
        g->core.cpu[cpu].sgi_src[off - GICD_CPENDSGIR] &= (uint8_t)~val;
        gic_refresh(&g->core, cpu, (int)(off - GICD_CPENDSGIR));
        gic_update(&g->core);
    } else if (in(off, GICD_SPENDSGIR, 0x10)) {
        g->core.cpu[cpu].sgi_src[off - GICD_SPENDSGIR] |= val & all_cpus(g);
        gic_refresh(&g->core, cpu, (int)(off - GICD_SPENDSGIR));
        gic_update(&g->core);
    }
}

static bool byte_accessible(uint64_t off) {
    return in(off, GICD_IPRIORITYR, 0x800) || in(off, GICD_CPENDSGIR, 0x20);
}

static const enum GicBitReg bitregs[7] = {GIC_IGROUPR, GIC_ISENABLER, GIC_ICENABLER,
                                          GIC_ISPENDR, GIC_ICPENDR, GIC_ISACTIVER,
                                          GIC_ICACTIVER};

uint32_t gicv2_dist_read(Gicv2 *g, int cpu, uint64_t off, unsigned size) {
    if (cpu < 0 || cpu >= g->core.n_cpus || (off & (size - 1)) || (size != 4 && size != 1) ||
        (size == 1 && !byte_accessible(off))) {
        guest_error("distributor read of a bad size or from no CPU", off, size);
        return 0;
    }
    if (byte_accessible(off)) {
        uint32_t v = 0;
        for (unsigned k = 0; k < size; k++)
            v |= read_byte_reg(g, cpu, off + k) << (8 * k);
        return v;
    }
    if (off == GICD_CTLR)
        return g->core.grp_en[0] | (uint32_t)g->core.grp_en[1] << 1;
    if (off == GICD_TYPER)
        return (uint32_t)(g->core.n_irq / 32 - 1) | (uint32_t)(g->core.n_cpus - 1) << 5;
    if (off == GICD_IIDR)
        return 0x43b;                      /* JEP106 Arm, revision 0 */
    if (in(off, GICD_IGROUPR, 0x380))
        return gic_read_bits(&g->core, cpu, bitregs[(off - GICD_IGROUPR) / 0x80],
                             (int)(off & 0x7f) / 4);
    if (in(off, GICD_ICFGR, 0x100))
        return gic_read_cfg(&g->core, cpu, (int)(off - GICD_ICFGR) / 4);
    if (in(off, GICD_PIDR4, 0x30))
        return gicv2_id[(off - GICD_PIDR4) / 4];
    if (off != GICD_SGIR)
        guest_error("distributor read of an unimplemented register", off, size);
    return 0;
}

static void write_sgir(Gicv2 *g, int cpu, uint32_t val) {
    uint8_t targets;
    switch ((val >> 24) & 3) {              /* TargetListFilter (4.3.15) */
    case 0: targets = (uint8_t)(val >> 16); break;
    case 1: targets = (uint8_t)~(1u << cpu); break;
    case 2: targets = (uint8_t)(1u << cpu); break;
    default: guest_error("GICD_SGIR with the reserved target list filter", GICD_SGIR, 4); return;
    }
    gic_send_sgi(&g->core, cpu, val & 0xf, targets & all_cpus(g));
}

void gicv2_dist_write(Gicv2 *g, int cpu, uint64_t off, uint32_t val, unsigned size) {
    if (cpu < 0 || cpu >= g->core.n_cpus || (off & (size - 1)) || (size != 4 && size != 1) ||
        (size == 1 && !byte_accessible(off))) {
        guest_error("distributor write of a bad size or from no CPU", off, size);
        return;
    }
    if (byte_accessible(off)) {
        for (unsigned k = 0; k < size; k++)
            write_byte_reg(g, cpu, off + k, (uint8_t)(val >> (8 * k)));
        return;
    }
    if (off == GICD_CTLR) {
        g->core.grp_en[0] = val & 1;
        g->core.grp_en[1] = (val >> 1) & 1;
        gic_update(&g->core);
    } else if (in(off, GICD_IGROUPR, 0x380)) {
        gic_write_bits(&g->core, cpu, bitregs[(off - GICD_IGROUPR) / 0x80],
                       (int)(off & 0x7f) / 4, val);
    } else if (in(off, GICD_ICFGR, 0x100)) {
        gic_write_cfg(&g->core, cpu, (int)(off - GICD_ICFGR) / 4, val);
    } else if (off == GICD_SGIR) {
        write_sgir(g, cpu, val);
    } else {
        guest_error("distributor write to an unimplemented or read-only register", off, size);
    }
}

static uint32_t read_ctlr(const Gicv2 *g, int cpu) {
    const GicCpu *c = &g->core.cpu[cpu];
    return (uint32_t)c->grp_en[0] | (uint32_t)c->grp_en[1] << 1 | (uint32_t)c->ack_ctl << 2 |
           (uint32_t)c->fiq_en << 3 | (uint32_t)c->cbpr << 4 | g->ctlr_bypass[cpu] |
           (uint32_t)c->eoimode[0] << 9 | (uint32_t)c->eoimode[1] << 10;
}

static void write_ctlr(Gicv2 *g, int cpu, uint32_t val) {
    GicCpu *c = &g->core.cpu[cpu];
    c->grp_en[0] = val & GICC_CTLR_EnableGrp0;
    c->grp_en[1] = val & GICC_CTLR_EnableGrp1;
    c->ack_ctl = val & GICC_CTLR_AckCtl;
    c->fiq_en = val & GICC_CTLR_FIQEn;
    c->cbpr = val & GICC_CTLR_CBPR;
    g->ctlr_bypass[cpu] = (uint16_t)(val & 0x1e0);
    c->eoimode[0] = val & GICC_CTLR_EOImodeS;
    c->eoimode[1] = val & GICC_CTLR_EOImodeNS;
    gic_update(&g->core);
}

/* GICC_HPPIR/AHPPIR: the highest-priority pending interrupt, 1022/1023 as IAR would say for
   the other group (4.4.6, 4.4.11). */
static uint32_t read_hppir(Gicv2 *g, int cpu, bool alias) {
    int src = 0, irq = gic_hppi(&g->core, cpu, &src);
    if (irq < 0)
        return GIC_SPURIOUS;
    bool grp1 = gic_irq(&g->core, cpu, irq)->group;
    if (alias && !grp1)
        return GIC_SPURIOUS;
    if (!alias && grp1 && !g->core.cpu[cpu].ack_ctl)
        return 1022;
    return (uint32_t)irq | (uint32_t)src << 10;
}

uint32_t gicv2_cpu_read(Gicv2 *g, int cpu, uint64_t off, unsigned size) {
    if (cpu < 0 || cpu >= g->core.n_cpus || size != 4 || (off & 3)) {
        guest_error("CPU interface read of a bad size or from no CPU", off, size);
        return 0;
    }
    GicCpu *c = &g->core.cpu[cpu];
    switch (off) {
    case GICC_CTLR: return read_ctlr(g, cpu);
    case GICC_PMR: return c->pmr;
    case GICC_BPR: return c->bpr0;
    case GICC_IAR: return gic_acknowledge(&g->core, cpu, c->ack_ctl ? 3 : 1, !c->ack_ctl);
    case GICC_RPR: return gic_running_prio(&g->core, cpu);
    case GICC_HPPIR: return read_hppir(g, cpu, false);
    case GICC_ABPR: return c->bpr1;
    case GICC_AIAR: return gic_acknowledge(&g->core, cpu, 2, false);
    case GICC_AHPPIR: return read_hppir(g, cpu, true);
    case GICC_APR0: return c->apr[0];
    case GICC_NSAPR0: return c->apr[1];
    case GICC_IIDR: return 0x0002043b;        /* architecture version 2, Arm */
    }
    if (in(off, GICC_APR0, 0x20))
        return 0;                             /* APR1-3, NSAPR1-3: 32 levels fit APR0 */
    guest_error("CPU interface read of an unimplemented or write-only register", off, size);
    return 0;
}

static uint8_t clamp_bpr(uint32_t val, int min) {
    val &= 7;
    return (uint8_t)(val < (uint32_t)min ? (uint32_t)min : val);
}

void gicv2_cpu_write(Gicv2 *g, int cpu, uint64_t off, uint32_t val, unsigned size) {
    if (cpu < 0 || cpu >= g->core.n_cpus || size != 4 || (off & 3)) {
        guest_error("CPU interface write of a bad size or from no CPU", off, size);
        return;
    }
    GicCpu *c = &g->core.cpu[cpu];
    switch (off) {
    case GICC_CTLR: write_ctlr(g, cpu, val); return;
    case GICC_PMR: c->pmr = (uint8_t)(val & GIC_PRIO_MASK); gic_update(&g->core); return;
    case GICC_BPR: c->bpr0 = clamp_bpr(val, GIC_MIN_BPR0); gic_update(&g->core); return;
    case GICC_EOIR: gic_eoi(&g->core, cpu, 3, val & 0x1fff); return;
    case GICC_ABPR: c->bpr1 = clamp_bpr(val, GIC_MIN_BPR1); gic_update(&g->core); return;
    case GICC_AEOIR: gic_eoi(&g->core, cpu, 2, val & 0x1fff); return;
    case GICC_APR0: c->apr[0] = val; gic_update(&g->core); return;
    case GICC_NSAPR0: c->apr[1] = val; gic_update(&g->core); return;
    case GICC_DIR: gic_deactivate(&g->core, cpu, val & 0x3ff); return;
    }
    if (in(off, GICC_APR0, 0x20))
        return;
    guest_error("CPU interface write to an unimplemented or read-only register", off, size);
}

static int current_cpu(Gicv2 *g) { return g->current ? g->current(g->current_opaque) : 0; }

static uint64_t dist_mmio_read(void *opaque, uint64_t off, unsigned size) {
    return gicv2_dist_read(opaque, current_cpu(opaque), off, size);
}
static void dist_mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    gicv2_dist_write(opaque, current_cpu(opaque), off, (uint32_t)val, size);
}
static uint64_t cpu_mmio_read(void *opaque, uint64_t off, unsigned size) {
    return gicv2_cpu_read(opaque, current_cpu(opaque), off, size);
}
static void cpu_mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    gicv2_cpu_write(opaque, current_cpu(opaque), off, (uint32_t)val, size);
}

/* min_size 1: no read-modify-write widening (a widened read of GICC_IAR would acknowledge). */
static const MmioOps dist_ops = {
    .read = dist_mmio_read, .write = dist_mmio_write, .min_size = 1, .max_size = 4,
};
static const MmioOps cpu_ops = {
    .read = cpu_mmio_read, .write = cpu_mmio_write, .min_size = 1, .max_size = 4,
};

static void line_spi(void *opaque, int n, int level) { gic_set_spi_level(opaque, n, level); }
static void line_ppi(void *opaque, int n, int level) {
    gic_set_private_level(opaque, n >> 8, n & 0xff, level);
}

IrqLine gicv2_spi(Gicv2 *g, int spi) {
    if (spi < 0 || spi >= g->core.n_irq - GIC_INTERNAL) {
        fprintf(stderr, "gicv2: no SPI %d\n", spi);   /* a board bug */
        return (IrqLine){0};
    }
    return (IrqLine){.set = line_spi, .opaque = &g->core, .n = GIC_INTERNAL + spi};
}

IrqLine gicv2_ppi(Gicv2 *g, int cpu, int ppi) {
    if (cpu < 0 || cpu >= g->core.n_cpus || ppi < 0 || ppi >= 16) {
        fprintf(stderr, "gicv2: no PPI %d of CPU %d\n", ppi, cpu);
        return (IrqLine){0};
    }
    return (IrqLine){.set = line_ppi, .opaque = &g->core, .n = cpu << 8 | (GIC_NR_SGIS + ppi)};
}

void gicv2_reset(Gicv2 *g) {
    for (int i = 0; i < GICV2_MAX_CPUS; i++)
        g->ctlr_bypass[i] = 0;
    gic_core_reset(&g->core);
}

void gicv2_free(Gicv2 *g) {
    if (!g)
        return;
    gic_core_free(&g->core);
    free(g);
}

Gicv2 *gicv2_create(MemMap *m, uint64_t dist_base, uint64_t cpu_base, int n_cpus, int n_irq,
                    const IrqLine *irq_out, const IrqLine *fiq_out, GicCurrentCpu current,
                    void *current_opaque) {
    if (n_cpus < 1 || n_cpus > GICV2_MAX_CPUS)
        return NULL;
    Gicv2 *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (!gic_core_init(&g->core, n_cpus, n_irq, false, irq_out, fiq_out)) {
        free(g);
        return NULL;
    }
    g->current = current;
    g->current_opaque = current_opaque;
    if (!memmap_add_mmio(m, "gicv2.dist", dist_base, GICV2_DIST_SIZE, &dist_ops, g)) {
        gicv2_free(g);
        return NULL;
    }
    /* The distributor region is mapped and cannot be taken back: g stays allocated. */
    if (!memmap_add_mmio(m, "gicv2.cpu", cpu_base, GICV2_CPU_SIZE, &cpu_ops, g))
        return NULL;
    return g;
}
