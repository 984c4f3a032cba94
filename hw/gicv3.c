/* SPDX-License-Identifier: MIT */
/* GICv3 registers (IHI 0069 chapter 12) on the shared state machine (gic_core.c). With a
   single Security state and GICD_CTLR.ARE fixed at 1 (ARE RAO/WI, DS RAO/WI): the
   distributor's registers for INTIDs 0-31 are RAZ/WI (they live in each redistributor's
   SGI_base frame), GICD_ITARGETSR and GICD_SGIR are RAZ/WI, SPIs are routed by GICD_IROUTER
   (12.9.22); GICR_WAKER's ProcessorSleep/ChildrenAsleep handshake gates forwarding to the
   CPU interface (12.11.41); ICC_SGI1R_EL1 targets by affinity and target list, or all but
   self with IRM (12.2.22), and an SGI pends only at CPUs that configured it in the group the
   register generates (Group 1 for SGI1R/ASGI1R, Group 0 for SGI0R). 32-bit accesses, 8-bit
   for the IPRIORITYR bytes, 64-bit (or 32-bit halves) for IROUTER and GICR_TYPER; anything
   else reads as zero and ignores writes, logged as a guest error. */
#include "gicv3.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "system/log.h"

struct Gicv3 {
    GicCore core;
};

#define AFF_MASK 0xff00ffffffull
#define IROUTER_MASK (AFF_MASK | 1ull << 31)

/* PIDR4-7, PIDR0-3, CIDR0-3 from 0xffd0, as QEMU's GICv3 (PIDR2 ArchRev 3). */
static const uint8_t gicd_id[12] = {0x44, 0x00, 0x00, 0x00, 0x92, 0xb4,
                                    0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
static const uint8_t gicr_id[12] = {0x44, 0x00, 0x00, 0x00, 0x93, 0xb4,
                                    0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static void guest_error(const char *who, const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("gicv3 %s: %s at offset 0x%" PRIx64 " size %u\n", who, what, off, size);
}

static bool in(uint64_t off, uint64_t base, uint64_t len) {
    return off >= base && off < base + len;
}

static const enum GicBitReg bitregs[7] = {GIC_IGROUPR, GIC_ISENABLER, GIC_ICENABLER,
                                          GIC_ISPENDR, GIC_ICPENDR, GIC_ISACTIVER,
                                          GIC_ICACTIVER};

/* ---- distributor ---- */

static uint64_t dist_read(void *opaque, uint64_t off, unsigned size) {
    Gicv3 *g = opaque;
    GicCore *c = &g->core;
    if (in(off, GICD3_IROUTER + 8 * GIC_INTERNAL, 8 * (GIC_MAX_IRQ - GIC_INTERNAL)) &&
        (size == 8 || size == 4) && !(off & (size - 1))) {
        int irq = (int)((off - GICD3_IROUTER) / 8);
        if (irq >= c->n_irq)
            return 0;
        uint64_t v = c->spi[irq - GIC_INTERNAL].router;
        return size == 8 ? v : (uint32_t)(v >> (8 * (off & 4)));
    }
    if (in(off, GICD3_IPRIORITYR, 0x400) && (size == 1 || size == 4) && !(off & (size - 1))) {
        uint32_t v = 0;
        for (unsigned k = 0; k < size; k++) {
            int irq = (int)(off - GICD3_IPRIORITYR + k);
            GicIrq *i = irq >= GIC_INTERNAL ? gic_irq(c, 0, irq) : NULL;
            v |= (uint32_t)(i ? i->prio : 0) << (8 * k);
        }
        return v;
    }
    if (size != 4 || (off & 3)) {
        guest_error("distributor", "read of a bad size", off, size);
        return 0;
    }
    if (off == GICD3_CTLR)
        return c->grp_en[0] | (uint32_t)c->grp_en[1] << 1 | GICD3_CTLR_ARE | GICD3_CTLR_DS;
    if (off == GICD3_TYPER) {
        /* CPUNumber 0: it counts the PEs usable without affinity routing, which is always
           on (QEMU agrees). IDbits 9 (INTIDs < 1024), A3V (Aff3 in SGIs, as
           ICC_CTLR_EL1.A3V); no LPIs, no MBIS: GICD_SETSPI/CLRSPI are reserved. */
        return (uint32_t)(c->n_irq / 32 - 1) | 9u << 19 | 1u << 24;
    }
    if (off == GICD3_IIDR)
        return 0x43b;
    if (off == 0x000c || off == 0x0010)
        return 0;                             /* GICD_TYPER2 (Linux reads it), GICD_STATUSR */
    if (in(off, GICD3_IGROUPR, 0x380)) {
        int w = (int)(off & 0x7f) / 4;        /* word 0 (INTIDs 0-31) is RAZ with ARE */
        return w ? gic_read_bits(c, 0, bitregs[(off - GICD3_IGROUPR) / 0x80], w) : 0;
    }
    if (in(off, GICD3_ICFGR, 0x100)) {
        int w = (int)(off - GICD3_ICFGR) / 4;
        return w >= 2 ? gic_read_cfg(c, 0, w) : 0;
    }
    if (in(off, 0xffd0, 0x30))
        return gicd_id[(off - 0xffd0) / 4];
    /* ITARGETSR, IGRPMODR, NSACR, SGIR, [CS]PENDSGIR and the rest: RAZ. */
    if (!in(off, 0x800, 0x400) && !in(off, 0xd00, 0x300))
        guest_error("distributor", "read of an unimplemented register", off, size);
    return 0;
}

static void dist_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    Gicv3 *g = opaque;
    GicCore *c = &g->core;
    if (in(off, GICD3_IROUTER + 8 * GIC_INTERNAL, 8 * (GIC_MAX_IRQ - GIC_INTERNAL)) &&
        (size == 8 || size == 4) && !(off & (size - 1))) {
        int irq = (int)((off - GICD3_IROUTER) / 8);
        if (irq >= c->n_irq)
            return;
        uint64_t *r = &c->spi[irq - GIC_INTERNAL].router;
        if (size == 8)
            *r = val & IROUTER_MASK;
        else if (off & 4)
            *r = ((*r & 0xffffffffull) | (val & 0xffffffffull) << 32) & IROUTER_MASK;
        else
            *r = ((*r & ~0xffffffffull) | (val & 0xffffffffull)) & IROUTER_MASK;
        gic_update(c);
        return;
    }
    if (in(off, GICD3_IPRIORITYR, 0x400) && (size == 1 || size == 4) && !(off & (size - 1))) {
        for (unsigned k = 0; k < size; k++) {
            int irq = (int)(off - GICD3_IPRIORITYR + k);
            if (irq >= GIC_INTERNAL)
                gic_set_prio(c, 0, irq, (uint8_t)(val >> (8 * k)));
        }
        return;
    }
    if (size != 4 || (off & 3)) {
        guest_error("distributor", "write of a bad size", off, size);
        return;
    }
    uint32_t v = (uint32_t)val;
    if (off == GICD3_CTLR) {
        c->grp_en[0] = v & GICD3_CTLR_EnableGrp0;
        c->grp_en[1] = v & GICD3_CTLR_EnableGrp1;
        gic_update(c);
    } else if (in(off, GICD3_IGROUPR, 0x380)) {
        int w = (int)(off & 0x7f) / 4;
        if (w)
            gic_write_bits(c, 0, bitregs[(off - GICD3_IGROUPR) / 0x80], w, v);
    } else if (in(off, GICD3_ICFGR, 0x100)) {
        int w = (int)(off - GICD3_ICFGR) / 4;
        if (w >= 2)
            gic_write_cfg(c, 0, w, v);
    } else if (!in(off, 0x800, 0x400) && !in(off, 0xd00, 0x300)) {
        guest_error("distributor", "write to an unimplemented or read-only register", off,
                    size);
    }
}

/* ---- redistributors ---- */

static uint64_t gicr_typer(const GicCore *c, int cpu) {
    uint64_t a = c->cpu[cpu].affinity;
    uint64_t aff32 = (a >> 32 & 0xff) << 24 | (a & 0xffffff);
    return aff32 << 32 | (uint64_t)cpu << 8 | (cpu == c->n_cpus - 1 ? GICR_TYPER_Last : 0);
}

static uint64_t redist_read(void *opaque, uint64_t off, unsigned size) {
    Gicv3 *g = opaque;
    GicCore *c = &g->core;
    int cpu = (int)(off / GICV3_REDIST_STRIDE);
    uint64_t r = off % GICV3_REDIST_STRIDE;
    if (cpu >= c->n_cpus)
        return 0;
    if (r == GICR_TYPER && size == 8)
        return gicr_typer(c, cpu);
    if ((r == 0x70 || r == 0x78) && size == 8)
        return 0;                             /* PROPBASER, PENDBASER: no LPIs */
    if (in(r, GICR_IPRIORITYR, 0x20) && (size == 1 || size == 4) && !(r & (size - 1))) {
        uint32_t v = 0;
        for (unsigned k = 0; k < size; k++)
            v |= (uint32_t)c->cpu[cpu].priv[r - GICR_IPRIORITYR + k].prio << (8 * k);
        return v;
    }
    if (size != 4 || (r & 3)) {
        guest_error("redistributor", "read of a bad size", off, size);
        return 0;
    }
    switch (r) {
    case GICR_CTLR: return 0;                       /* no LPIs; RWP never set */
    case GICR_IIDR: return 0x43b;
    case GICR_TYPER: return (uint32_t)gicr_typer(c, cpu);
    case GICR_TYPER + 4: return (uint32_t)(gicr_typer(c, cpu) >> 32);
    case GICR_WAKER:
        return c->cpu[cpu].asleep ? GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep : 0;
    case 0x0010: case 0x0070: case 0x0074: case 0x0078: case 0x007c:
        return 0;                             /* STATUSR; PROPBASER, PENDBASER: no LPIs */
    case GICR_ICFGR0: return gic_read_cfg(c, cpu, 0);
    case GICR_ICFGR1: return gic_read_cfg(c, cpu, 1);
    }
    if (r >= GICR_IGROUPR0 && r <= GICR_ICACTIVER0 && (r & 0x7f) == 0)
        return gic_read_bits(c, cpu, bitregs[(r - GICR_IGROUPR0) / 0x80], 0);
    if (in(r, 0xffd0, 0x30))
        return gicr_id[(r - 0xffd0) / 4];
    guest_error("redistributor", "read of an unimplemented register", off, size);
    return 0;
}

static void redist_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    Gicv3 *g = opaque;
    GicCore *c = &g->core;
    int cpu = (int)(off / GICV3_REDIST_STRIDE);
    uint64_t r = off % GICV3_REDIST_STRIDE;
    if (cpu >= c->n_cpus)
        return;
    if (in(r, GICR_IPRIORITYR, 0x20) && (size == 1 || size == 4) && !(r & (size - 1))) {
        for (unsigned k = 0; k < size; k++)
            gic_set_prio(c, cpu, (int)(r - GICR_IPRIORITYR + k), (uint8_t)(val >> (8 * k)));
        return;
    }
    if ((r == 0x70 || r == 0x78) && size == 8)
        return;
    if (size != 4 || (r & 3)) {
        guest_error("redistributor", "write of a bad size", off, size);
        return;
    }
    uint32_t v = (uint32_t)val;
    if (r == GICR_WAKER) {
        c->cpu[cpu].asleep = v & GICR_WAKER_ProcessorSleep;
        gic_update(c);
    } else if (r == GICR_ICFGR0 || r == GICR_ICFGR1) {
        gic_write_cfg(c, cpu, r == GICR_ICFGR1, v);
    } else if (r >= GICR_IGROUPR0 && r <= GICR_ICACTIVER0 && (r & 0x7f) == 0) {
        gic_write_bits(c, cpu, bitregs[(r - GICR_IGROUPR0) / 0x80], 0, v);
    } else if (r != GICR_CTLR && r != 0x0010 && !in(r, 0x0070, 0x10)) {
        guest_error("redistributor", "write to an unimplemented or read-only register", off,
                    size);
    }
}

/* ---- CPU interface ---- */

static uint32_t hppir(Gicv3 *g, int cpu, int group) {
    int irq = gic_hppi(&g->core, cpu, NULL);
    if (irq < 0 || gic_irq(&g->core, cpu, irq)->group != group)
        return GIC_SPURIOUS;
    return (uint32_t)irq;
}

static uint8_t clamp_bpr(uint64_t val, int min) {
    val &= 7;
    return (uint8_t)(val < (uint64_t)min ? (uint64_t)min : val);
}

/* ICC_SGI0R/SGI1R/ASGI1R (12.2.21-12.2.23). */
static void send_sgi(GicCore *c, int self, uint64_t v, int group) {
    unsigned sgi = (v >> 24) & 0xf, rs = (v >> 44) & 0xf;
    uint64_t cluster =
        ((v >> 48) & 0xff) << 32 | ((v >> 32) & 0xff) << 16 | ((v >> 16) & 0xff) << 8;
    uint64_t targets = 0;
    for (int i = 0; i < c->n_cpus; i++) {
        uint64_t a = c->cpu[i].affinity;
        bool hit;
        if ((v >> 40) & 1) {
            hit = i != self;
        } else {
            unsigned aff0 = a & 0xff;
            hit = (a & ~0xffull) == cluster && aff0 / 16 == rs && ((v >> (aff0 % 16)) & 1);
        }
        if (hit && c->cpu[i].priv[sgi].group == group)
            targets |= 1ull << i;
    }
    gic_send_sgi(c, self, sgi, targets);
}

uint64_t gicv3_cpuif_read(Gicv3 *g, int cpu, Gicv3CpuReg reg) {
    GicCore *c = &g->core;
    if (cpu < 0 || cpu >= c->n_cpus)
        return 0;
    GicCpu *ci = &c->cpu[cpu];
    switch (reg) {
    case ICC_PMR_EL1: return ci->pmr;
    case ICC_IAR0_EL1: return gic_acknowledge(c, cpu, 1, false);
    case ICC_IAR1_EL1: return gic_acknowledge(c, cpu, 2, false);
    case ICC_HPPIR0_EL1: return hppir(g, cpu, 0);
    case ICC_HPPIR1_EL1: return hppir(g, cpu, 1);
    case ICC_BPR0_EL1: return ci->bpr0;
    case ICC_BPR1_EL1: return ci->cbpr ? (ci->bpr0 < 7 ? ci->bpr0 + 1u : 7u) : ci->bpr1;
    case ICC_AP0R0_EL1: return ci->apr[0];
    case ICC_AP1R0_EL1: return ci->apr[1];
    case ICC_RPR_EL1: return gic_running_prio(c, cpu);
    /* PRIbits 4 (5 bits), IDbits 0 (16), A3V (Aff3 in SGIs) (12.2.6). */
    case ICC_CTLR_EL1:
        return (uint64_t)ci->cbpr | (uint64_t)ci->eoimode[1] << 1 | 4u << 8 | 1u << 15;
    case ICC_SRE_EL1: return 7;                     /* SRE, DFB, DIB: RAO/WI */
    case ICC_IGRPEN0_EL1: return ci->grp_en[0];
    case ICC_IGRPEN1_EL1: return ci->grp_en[1];
    default: return 0;                              /* write-only or nonexistent */
    }
}

void gicv3_cpuif_write(Gicv3 *g, int cpu, Gicv3CpuReg reg, uint64_t val) {
    GicCore *c = &g->core;
    if (cpu < 0 || cpu >= c->n_cpus)
        return;
    GicCpu *ci = &c->cpu[cpu];
    switch (reg) {
    case ICC_PMR_EL1: ci->pmr = (uint8_t)(val & GIC_PRIO_MASK); break;
    case ICC_EOIR0_EL1: case ICC_EOIR1_EL1:
        if ((val & 0xffffff) < GIC_MAX_IRQ)
            gic_eoi(c, cpu, reg == ICC_EOIR0_EL1 ? 1 : 2, (uint32_t)(val & 0x3ff));
        return;
    case ICC_DIR_EL1:
        if ((val & 0xffffff) < GIC_MAX_IRQ)
            gic_deactivate(c, cpu, (uint32_t)(val & 0x3ff));
        return;
    case ICC_BPR0_EL1: ci->bpr0 = clamp_bpr(val, GIC_MIN_BPR0); break;
    case ICC_BPR1_EL1:
        if (!ci->cbpr)
            ci->bpr1 = clamp_bpr(val, GIC_MIN_BPR1);
        break;
    case ICC_AP0R0_EL1: ci->apr[0] = (uint32_t)val; break;
    case ICC_AP1R0_EL1: ci->apr[1] = (uint32_t)val; break;
    case ICC_SGI0R_EL1: send_sgi(c, cpu, val, 0); return;
    case ICC_SGI1R_EL1: case ICC_ASGI1R_EL1: send_sgi(c, cpu, val, 1); return;
    case ICC_CTLR_EL1:
        ci->cbpr = val & ICC_CTLR_CBPR;
        ci->eoimode[0] = ci->eoimode[1] = val & ICC_CTLR_EOImode;
        break;
    case ICC_IGRPEN0_EL1: ci->grp_en[0] = val & 1; break;
    case ICC_IGRPEN1_EL1: ci->grp_en[1] = val & 1; break;
    default: return;                                /* read-only or nonexistent */
    }
    gic_update(c);
}

int gicv3_cpureg_from_encoding(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                               unsigned op2) {
    if (op0 != 3 || op1 != 0)
        return -1;
    if (crn == 4 && crm == 6 && op2 == 0)
        return ICC_PMR_EL1;
    if (crn != 12)
        return -1;
    static const int c8[8] = {ICC_IAR0_EL1, ICC_EOIR0_EL1, ICC_HPPIR0_EL1, ICC_BPR0_EL1,
                              ICC_AP0R0_EL1, -1, -1, -1};
    static const int c11[8] = {-1, ICC_DIR_EL1, -1, ICC_RPR_EL1,
                               -1, ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1};
    static const int c12[8] = {ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_HPPIR1_EL1, ICC_BPR1_EL1,
                               ICC_CTLR_EL1, ICC_SRE_EL1, ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1};
    if (op2 > 7)
        return -1;
    switch (crm) {
    case 8: return c8[op2];
    case 9: return op2 == 0 ? ICC_AP1R0_EL1 : -1;
    case 11: return c11[op2];
    case 12: return c12[op2];
    }
    return -1;
}

/* ---- lines, life cycle ---- */

static void line_spi(void *opaque, int n, int level) { gic_set_spi_level(opaque, n, level); }
static void line_ppi(void *opaque, int n, int level) {
    gic_set_private_level(opaque, n >> 8, n & 0xff, level);
}

IrqLine gicv3_spi(Gicv3 *g, int spi) {
    if (spi < 0 || spi >= g->core.n_irq - GIC_INTERNAL) {
        fprintf(stderr, "gicv3: no SPI %d\n", spi);   /* a board bug */
        return (IrqLine){0};
    }
    return (IrqLine){.set = line_spi, .opaque = &g->core, .n = GIC_INTERNAL + spi};
}

IrqLine gicv3_ppi(Gicv3 *g, int cpu, int ppi) {
    if (cpu < 0 || cpu >= g->core.n_cpus || ppi < 0 || ppi >= 16) {
        fprintf(stderr, "gicv3: no PPI %d of CPU %d\n", ppi, cpu);
        return (IrqLine){0};
    }
    return (IrqLine){.set = line_ppi, .opaque = &g->core, .n = cpu << 8 | (GIC_NR_SGIS + ppi)};
}

void gicv3_reset(Gicv3 *g) { gic_core_reset(&g->core); }

void gicv3_free(Gicv3 *g) {
    if (!g)
        return;
    gic_core_free(&g->core);
    free(g);
}

static const MmioOps dist_ops = {
    .read = dist_read, .write = dist_write, .min_size = 1, .max_size = 8,
};
static const MmioOps redist_ops = {
    .read = redist_read, .write = redist_write, .min_size = 1, .max_size = 8,
};

Gicv3 *gicv3_create(MemMap *m, uint64_t dist_base, uint64_t redist_base, int n_cpus, int n_irq,
                    const uint64_t *affinity, const IrqLine *irq_out, const IrqLine *fiq_out) {
    if (n_cpus < 1 || n_cpus > GICV3_MAX_CPUS)
        return NULL;
    Gicv3 *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (!gic_core_init(&g->core, n_cpus, n_irq, true, irq_out, fiq_out)) {
        free(g);
        return NULL;
    }
    for (int i = 0; i < n_cpus; i++)
        g->core.cpu[i].affinity = affinity ? affinity[i] & AFF_MASK : (uint64_t)i;
    if (!memmap_add_mmio(m, "gicv3.dist", dist_base, GICV3_DIST_SIZE, &dist_ops, g)) {
        gicv3_free(g);
        return NULL;
    }
    /* The distributor region is mapped and cannot be taken back: g stays allocated. */
    if (!memmap_add_mmio(m, "gicv3.redist", redist_base,
                         (uint64_t)n_cpus * GICV3_REDIST_STRIDE, &redist_ops, g))
        return NULL;
    return g;
}
