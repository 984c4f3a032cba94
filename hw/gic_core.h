/* SPDX-License-Identifier: MIT */
/* The interrupt state machine shared by the GICv2 (ARM IHI 0048B) and GICv3 (ARM IHI 0069)
   models: per-interrupt group, enable, pending, active, priority and trigger (IHI 0048B 1.4,
   3.2; IHI 0069 4.1), SGIs/PPIs banked per CPU, the CPU interface's priority mask, binary
   points, active priorities, acknowledge, priority drop and deactivation (IHI 0048B 3.3, 3.7;
   IHI 0069 4.8), for a GIC with a single Security state. Not a device by itself: gicv2.c and
   gicv3.c give it its registers. 5 priority bits (32 levels, as GIC-400 and QEMU's GICv3 CPU
   interface), so group priorities take at most 32 active-priority bits per group. */
#ifndef TERN_GIC_CORE_H
#define TERN_GIC_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"

#define GIC_MAX_CPUS 32
#define GIC_INTERNAL 32           /* SGIs 0-15 and PPIs 16-31, banked per CPU */
#define GIC_NR_SGIS 16
#define GIC_MAX_IRQ 1020          /* INTIDs 1020-1023 are special */
#define GIC_SPURIOUS 1023
#define GIC_PRIO_MASK 0xf8u       /* 5 implemented priority bits */
#define GIC_MIN_BPR0 2            /* BPR for group 0: group priority bits [7:3] */
#define GIC_MIN_BPR1 3            /* BPR for group 1 (GICv2 ABPR, GICv3 BPR1) */

typedef struct GicIrq {
    uint8_t prio;
    bool group;                   /* IGROUPR: 0 group 0, 1 group 1 */
    bool enabled, active;
    bool latch;                   /* pending state: an edge, a write to ISPENDR, an SGI */
    bool level;                   /* the input line */
    bool edge;                    /* ICFGR: edge-triggered */
} GicIrq;

typedef struct GicCpu {
    GicIrq priv[GIC_INTERNAL];
    uint8_t sgi_src[GIC_NR_SGIS]; /* GICv2: source CPUs of each pending SGI (bit per CPU) */
    uint32_t priv_live;           /* private interrupts pending, enabled and not active */
    bool grp_en[2];               /* CPU interface: GICC_CTLR.EnableGrp0/1, ICC_IGRPEN0/1 */
    bool eoimode[2];              /* EOImode for groups 0 and 1: EOI only drops priority */
    bool cbpr, fiq_en, ack_ctl;
    uint8_t pmr, bpr0, bpr1;      /* GICv2 BPR/ABPR, GICv3 BPR0/BPR1 */
    uint32_t apr[2];              /* active priorities per group: bit = group priority >> 3 */
    bool asleep;                  /* GICv3 GICR_WAKER.ProcessorSleep: nothing is forwarded */
    uint64_t affinity;            /* GICv3: Aff3.Aff2.Aff1.Aff0 as in GICR_TYPER[63:32] */
    IrqLine irq_out, fiq_out;
    int irq_level, fiq_level;
} GicCpu;

typedef struct GicSpi {
    GicIrq s;
    uint8_t targets;              /* GICv2 ITARGETSR */
    uint64_t router;              /* GICv3 IROUTER: Aff3 [39:32], IRM [31], Aff2.Aff1.Aff0 */
} GicSpi;

typedef struct GicCore {
    int n_cpus, n_irq;            /* n_irq: a multiple of 32 in [64, 1024], at most 1020 used */
    bool v3;                      /* SPI targets from IROUTER, SGIs without a source CPU */
    bool grp_en[2];               /* GICD_CTLR.EnableGrp0/1 */
    GicSpi *spi;                  /* n_irq - 32 */
    uint32_t *spi_live;           /* n_irq / 32 words: SPIs pending, enabled, not active */
    GicCpu cpu[GIC_MAX_CPUS];
} GicCore;

/* Zeroed core with reset state; false if the sizes are out of range. */
bool gic_core_init(GicCore *g, int n_cpus, int n_irq, bool v3, const IrqLine *irq_out,
                   const IrqLine *fiq_out);
void gic_core_reset(GicCore *g);
void gic_core_free(GicCore *g);

/* The interrupt irq as seen by cpu (banked for irq < 32); NULL when irq does not exist. */
GicIrq *gic_irq(GicCore *g, int cpu, int irq);
/* Pending as the spec defines it: latched, or a level-sensitive line that is high. */
bool gic_pending(GicCore *g, int cpu, int irq);

/* After changing an interrupt's enable, active or pending state directly: recompute whether
   it is a candidate for delivery (the "live" bitmaps gic_hppi scans). cpu: the bank for
   private interrupts, any valid CPU for SPIs. Then gic_update. */
void gic_refresh(GicCore *g, int cpu, int irq);

/* Input lines: the level of SPI intid (32..n_irq-1), or of private intid (0..31) of cpu. */
void gic_set_spi_level(GicCore *g, int intid, int level);
void gic_set_private_level(GicCore *g, int cpu, int intid, int level);

/* 32-bit views of the one-bit-per-interrupt registers: word w covers INTIDs 32w..32w+31 as
   cpu sees them; nonexistent interrupts read as zero and ignore writes. */
enum GicBitReg { GIC_IGROUPR, GIC_ISENABLER, GIC_ICENABLER, GIC_ISPENDR, GIC_ICPENDR,
                 GIC_ISACTIVER, GIC_ICACTIVER };
uint32_t gic_read_bits(GicCore *g, int cpu, enum GicBitReg r, int w);
void gic_write_bits(GicCore *g, int cpu, enum GicBitReg r, int w, uint32_t val);
/* ICFGR word w (16 interrupts, 2 bits each; bit 2k+1 = edge). SGIs are always edge. */
uint32_t gic_read_cfg(GicCore *g, int cpu, int w);
void gic_write_cfg(GicCore *g, int cpu, int w, uint32_t val);
void gic_set_prio(GicCore *g, int cpu, int irq, uint8_t prio);

/* CPU interface. grp_mask: bit 0 group 0, bit 1 group 1, the groups an access deals with. */
/* The highest-priority pending interrupt cpu could take (ignoring PMR and running
   priority), or -1; *src the GICv2 SGI source CPU. */
int gic_hppi(GicCore *g, int cpu, int *src);
/* Running priority: the highest active group priority, 0xff when idle. */
uint8_t gic_running_prio(const GicCore *g, int cpu);
/* Group priority of irq for cpu (priority masked by the binary point of its group). */
uint8_t gic_group_prio(const GicCore *g, int cpu, int irq);
/* Acknowledge: the INTID (GICv2 SGIs: CPUID in bits 12:10) of the highest-priority pending
   interrupt of a group in grp_mask if it has sufficient priority, else 1023 (1022 from
   GICC_IAR for a group 1 interrupt without AckCtl: ackctl_1022). */
uint32_t gic_acknowledge(GicCore *g, int cpu, unsigned grp_mask, bool ackctl_1022);
/* End of interrupt: drop the highest active priority of grp_mask's groups, and deactivate
   intid unless EOImode says only DIR does. */
void gic_eoi(GicCore *g, int cpu, unsigned grp_mask, uint32_t intid);
void gic_deactivate(GicCore *g, int cpu, uint32_t intid);
/* A GICv2 SGI from src to the CPUs in targets, or a GICv3 SGI (src ignored). */
void gic_send_sgi(GicCore *g, int src, unsigned sgi, uint64_t targets_mask);

/* Recompute every CPU's IRQ and FIQ outputs. */
void gic_update(GicCore *g);

#endif
