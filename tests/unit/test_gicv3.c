/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/gicv3.c through the memory map and the System register functions, 3 CPUs
   (affinities 0.0.0.0, 0.0.0.1, 0.0.1.0) and 288 interrupts: identification (GICD_CTLR ARE/DS,
   TYPER, PIDR2 ArchRev 3, GICR_TYPER affinity/Processor_Number/Last), the GICR_WAKER
   handshake gating delivery, Linux's gic_dist_init/gic_cpu_init, SPIs routed by GICD_IROUTER
   (and 1 of N), level and edge lines, PPIs in the SGI_base frame, ICC_SGI1R_EL1 by affinity,
   target list and IRM, SGI groups, group 0 as FIQ with IAR0, priority mask, preemption,
   BPR1/CBPR, RPR/HPPIR1/AP1R0, EOImode with DIR, MRS/MSR encodings, reset, and
   bad accesses ignored. */
#include <stdio.h>
#include <stdlib.h>

#include "hw/gicv3.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define DIST 0x8000000ull
#define REDIST 0x80a0000ull
#define NCPU 3
#define NIRQ 288
#define RD(cpu) (REDIST + (uint64_t)(cpu) * GICV3_REDIST_STRIDE)

static MemMap mm;
static Gicv3 *gic;
static int irq_lv[NCPU], fiq_lv[NCPU];
static const uint64_t aff[NCPU] = {0x0, 0x1, 0x100};

static void set_irq(void *opaque, int n, int level) { (void)opaque; irq_lv[n] = level; }
static void set_fiq(void *opaque, int n, int level) { (void)opaque; fiq_lv[n] = level; }

static uint64_t rdw(uint64_t a, unsigned size) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, a, size, &v), "read 0x%llx", (unsigned long long)a);
    return v;
}
static uint32_t rd(uint64_t a) { return (uint32_t)rdw(a, 4); }
static void wrw(uint64_t a, unsigned size, uint64_t v) {
    CHECK(memmap_write(&mm, a, size, v), "write 0x%llx", (unsigned long long)a);
}
static void wr(uint64_t a, uint32_t v) { wrw(a, 4, v); }
static uint64_t icc_rd(int cpu, Gicv3CpuReg r) { return gicv3_cpuif_read(gic, cpu, r); }
static void icc_wr(int cpu, Gicv3CpuReg r, uint64_t v) { gicv3_cpuif_write(gic, cpu, r, v); }

static void test_ids(void) {
    CHECK(rd(DIST + GICD3_CTLR) == (GICD3_CTLR_ARE | GICD3_CTLR_DS), "GICD_CTLR 0x%x",
          rd(DIST + GICD3_CTLR));
    uint32_t typer = rd(DIST + GICD3_TYPER);
    CHECK((typer & 0x1f) == NIRQ / 32 - 1 && ((typer >> 19) & 0x1f) == 9 &&
              (typer & (1u << 24)) && !(typer & (1u << 17 | 1u << 16)),
          "GICD_TYPER 0x%x", typer);
    CHECK(((rd(DIST + GICD3_PIDR2) >> 4) & 0xf) == 3, "GICD PIDR2 ArchRev");
    CHECK(((rd(RD(2) + GICR_PIDR2) >> 4) & 0xf) == 3, "GICR PIDR2 ArchRev");
    uint64_t t1 = rdw(RD(1) + GICR_TYPER, 8), t2 = rdw(RD(2) + GICR_TYPER, 8);
    CHECK(t1 == (1ull << 32 | 1u << 8), "GICR_TYPER of CPU 1: 0x%llx", (unsigned long long)t1);
    CHECK(t2 == (0x100ull << 32 | 2u << 8 | GICR_TYPER_Last), "GICR_TYPER of CPU 2: 0x%llx",
          (unsigned long long)t2);
    CHECK(rd(RD(2) + GICR_TYPER) == (uint32_t)t2 && rd(RD(2) + GICR_TYPER + 4) == 0x100,
          "GICR_TYPER halves");
    CHECK(icc_rd(0, ICC_SRE_EL1) == 7, "ICC_SRE_EL1");
    CHECK(((icc_rd(0, ICC_CTLR_EL1) >> 8) & 7) == 4, "ICC_CTLR_EL1.PRIbits");
    CHECK(icc_rd(0, ICC_BPR0_EL1) == 2 && icc_rd(0, ICC_BPR1_EL1) == 3, "BPR reset");
    CHECK(icc_rd(0, ICC_RPR_EL1) == 0xff && icc_rd(0, ICC_IAR1_EL1) == 1023, "idle");
}

/* irq-gic-v3.c gic_dist_init, gic_enable_redist, gic_cpu_init, gic_cpu_sys_reg_init. */
static void linux_init(void) {
    wr(DIST + GICD3_CTLR, 0);
    for (int i = 32; i < NIRQ; i += 32)
        wr(DIST + GICD3_IGROUPR + i / 8, 0xffffffff);
    for (int i = 32; i < NIRQ; i += 16)
        wr(DIST + GICD3_ICFGR + i / 4, 0);
    for (int i = 32; i < NIRQ; i += 4)
        wr(DIST + GICD3_IPRIORITYR + i, 0xa0a0a0a0);
    for (int i = 32; i < NIRQ; i += 32) {
        wr(DIST + GICD3_ICACTIVER + i / 8, 0xffffffff);
        wr(DIST + GICD3_ICENABLER + i / 8, 0xffffffff);
    }
    wr(DIST + GICD3_CTLR, GICD3_CTLR_ARE | GICD3_CTLR_EnableGrp1 | GICD3_CTLR_EnableGrp0);
    for (int i = 32; i < NIRQ; i++)
        wrw(DIST + GICD3_IROUTER + 8 * i, 8, aff[0]);
    for (int c = 0; c < NCPU; c++) {
        uint32_t w = rd(RD(c) + GICR_WAKER);
        CHECK(w == (GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep), "WAKER at reset");
        wr(RD(c) + GICR_WAKER, w & ~(uint32_t)GICR_WAKER_ProcessorSleep);
        CHECK(!(rd(RD(c) + GICR_WAKER) & GICR_WAKER_ChildrenAsleep), "children awake");
        wr(RD(c) + GICR_IGROUPR0, 0xffffffff);
        wr(RD(c) + GICR_ICACTIVER0, 0xffffffff);
        wr(RD(c) + GICR_ICENABLER0, 0xffff0000);
        wr(RD(c) + GICR_ISENABLER0, 0x0000ffff);
        for (int i = 0; i < 32; i += 4)
            wr(RD(c) + GICR_IPRIORITYR + i, 0xa0a0a0a0);
        icc_wr(c, ICC_PMR_EL1, 0xf0);
        icc_wr(c, ICC_BPR1_EL1, 0);
        icc_wr(c, ICC_CTLR_EL1, 0);
        icc_wr(c, ICC_IGRPEN1_EL1, 1);
    }
}

static void test_spi_routing(void) {
    IrqLine l = gicv3_spi(gic, 1);                              /* INTID 33 */
    irq_set(l, 1);
    wr(DIST + GICD3_ISENABLER + 4, 2);
    CHECK(irq_lv[0] && !irq_lv[1] && !irq_lv[2] && !fiq_lv[0], "SPI to CPU 0 as IRQ");
    CHECK(icc_rd(0, ICC_HPPIR1_EL1) == 33 && icc_rd(0, ICC_HPPIR0_EL1) == 1023, "HPPIR");
    CHECK(icc_rd(0, ICC_IAR0_EL1) == 1023, "IAR0 does not take group 1");
    CHECK(icc_rd(0, ICC_IAR1_EL1) == 33 && !irq_lv[0], "IAR1");
    CHECK(icc_rd(0, ICC_RPR_EL1) == 0xa0 && icc_rd(0, ICC_AP1R0_EL1) == 1u << (0xa0 >> 3),
          "RPR and AP1R0");
    irq_set(l, 0);
    icc_wr(0, ICC_EOIR1_EL1, 33);
    CHECK(icc_rd(0, ICC_RPR_EL1) == 0xff && rd(DIST + GICD3_ISACTIVER + 4) == 0, "EOIR1");
    /* Route to CPU 2 (Aff1 = 1). */
    wrw(DIST + GICD3_IROUTER + 8 * 33, 8, 0x100);
    CHECK(rdw(DIST + GICD3_IROUTER + 8 * 33, 8) == 0x100, "IROUTER read back");
    irq_set(l, 1);
    CHECK(!irq_lv[0] && !irq_lv[1] && irq_lv[2], "SPI to CPU 2");
    CHECK(icc_rd(2, ICC_IAR1_EL1) == 33, "CPU 2 takes it");
    irq_set(l, 0);
    icc_wr(2, ICC_EOIR1_EL1, 33);
    /* 1 of N: every CPU may take it; the first to acknowledge does. */
    wr(DIST + GICD3_IROUTER + 8 * 33 + 4, 0);
    wr(DIST + GICD3_IROUTER + 8 * 33, 1u << 31);
    CHECK(rdw(DIST + GICD3_IROUTER + 8 * 33, 8) == 1ull << 31, "IRM by 32-bit halves");
    irq_set(l, 1);
    irq_set(l, 0);
    wr(DIST + GICD3_ISPENDR + 4, 2);
    CHECK(irq_lv[0] && irq_lv[1] && irq_lv[2], "1 of N offered to all");
    CHECK(icc_rd(1, ICC_IAR1_EL1) == 33, "CPU 1 wins");
    CHECK(!irq_lv[0] && icc_rd(0, ICC_IAR1_EL1) == 1023, "the others see nothing");
    icc_wr(1, ICC_EOIR1_EL1, 33);
    wrw(DIST + GICD3_IROUTER + 8 * 33, 8, 0);
    /* Edge SPI, and ISPENDR/ICPENDR of an SPI. */
    wr(DIST + GICD3_ICFGR + 8, 2u << 4);                         /* INTID 34 edge */
    wr(DIST + GICD3_ISENABLER + 4, 4);
    IrqLine e = gicv3_spi(gic, 2);
    irq_set(e, 1);
    irq_set(e, 0);
    CHECK(icc_rd(0, ICC_IAR1_EL1) == 34, "edge SPI");
    icc_wr(0, ICC_EOIR1_EL1, 34);
    wr(DIST + GICD3_ISPENDR + 4, 4);
    CHECK(irq_lv[0], "ISPENDR");
    wr(DIST + GICD3_ICPENDR + 4, 4);
    CHECK(!irq_lv[0], "ICPENDR");
}

static void test_waker(void) {
    wr(RD(0) + GICR_WAKER, GICR_WAKER_ProcessorSleep);
    wr(DIST + GICD3_ISPENDR + 4, 4);
    CHECK(!irq_lv[0] && icc_rd(0, ICC_IAR1_EL1) == 1023, "nothing forwarded while asleep");
    wr(RD(0) + GICR_WAKER, 0);
    CHECK(irq_lv[0] && icc_rd(0, ICC_IAR1_EL1) == 34, "delivered once awake");
    icc_wr(0, ICC_EOIR1_EL1, 34);
}

static void test_ppi_and_priority(void) {
    IrqLine vt = gicv3_ppi(gic, 1, 11), pt = gicv3_ppi(gic, 1, 14);
    wr(RD(1) + GICR_ISENABLER0, 1u << 27 | 1u << 30);
    CHECK(rd(RD(1) + GICR_ISENABLER0) == (0xffffu | 1u << 27 | 1u << 30) &&
              rd(RD(0) + GICR_ISENABLER0) == 0xffff,
          "banked enables");
    CHECK(rd(DIST + GICD3_ISENABLER) == 0, "GICD word 0 is RAZ with ARE");
    wr(RD(1) + GICR_ICFGR1, 0);
    CHECK(rd(RD(1) + GICR_ICFGR0) == 0xaaaaaaaa && rd(RD(1) + GICR_ICFGR1) == 0, "ICFGR0/1");
    /* INTID 30 at 0x80 preempts INTID 27 at 0xa0. */
    memmap_write(&mm, RD(1) + GICR_IPRIORITYR + 30, 1, 0x80);
    CHECK((rd(RD(1) + GICR_IPRIORITYR + 28) >> 16 & 0xff) == 0x80, "PPI priority byte");
    irq_set(vt, 1);
    CHECK(irq_lv[1] && !irq_lv[0], "virtual timer PPI of CPU 1");
    CHECK(icc_rd(1, ICC_IAR1_EL1) == 27, "27");
    irq_set(pt, 1);
    CHECK(irq_lv[1] && icc_rd(1, ICC_IAR1_EL1) == 30 && icc_rd(1, ICC_RPR_EL1) == 0x80,
          "preempted by 30");
    irq_set(pt, 0);
    icc_wr(1, ICC_EOIR1_EL1, 30);
    CHECK(icc_rd(1, ICC_RPR_EL1) == 0xa0, "back to 0xa0");
    irq_set(vt, 0);
    icc_wr(1, ICC_EOIR1_EL1, 27);
    /* BPR1 = 7 (group priority: none): no preemption at all. */
    icc_wr(1, ICC_BPR1_EL1, 7);
    irq_set(vt, 1);
    CHECK(icc_rd(1, ICC_IAR1_EL1) == 27, "27 again");
    irq_set(pt, 1);
    CHECK(!irq_lv[1] && icc_rd(1, ICC_IAR1_EL1) == 1023, "no preemption with BPR1 7");
    irq_set(vt, 0);
    icc_wr(1, ICC_EOIR1_EL1, 27);
    CHECK(irq_lv[1] && icc_rd(1, ICC_IAR1_EL1) == 30, "30 after the EOI");
    irq_set(pt, 0);
    icc_wr(1, ICC_EOIR1_EL1, 30);
    /* CBPR: BPR1 reads BPR0 + 1 and ignores writes. */
    icc_wr(1, ICC_BPR0_EL1, 4);
    icc_wr(1, ICC_CTLR_EL1, ICC_CTLR_CBPR);
    CHECK(icc_rd(1, ICC_BPR1_EL1) == 5, "CBPR view %llu",
          (unsigned long long)icc_rd(1, ICC_BPR1_EL1));
    icc_wr(1, ICC_CTLR_EL1, 0);
    icc_wr(1, ICC_BPR1_EL1, 0);
    CHECK(icc_rd(1, ICC_BPR1_EL1) == 3, "BPR1 clamps to 3");
    /* PMR masks 0xa0 and lower. */
    icc_wr(1, ICC_PMR_EL1, 0xa0);
    irq_set(vt, 1);
    CHECK(!irq_lv[1] && icc_rd(1, ICC_IAR1_EL1) == 1023, "PMR");
    icc_wr(1, ICC_PMR_EL1, 0xf0);
    CHECK(irq_lv[1] && icc_rd(1, ICC_IAR1_EL1) == 27, "unmasked");
    /* EOImode: EOIR drops the priority only, DIR deactivates. */
    icc_wr(1, ICC_CTLR_EL1, ICC_CTLR_EOImode);
    irq_set(vt, 0);
    icc_wr(1, ICC_EOIR1_EL1, 27);
    CHECK(icc_rd(1, ICC_RPR_EL1) == 0xff && rd(RD(1) + GICR_ISACTIVER0) == 1u << 27,
          "priority dropped, still active");
    icc_wr(1, ICC_DIR_EL1, 27);
    CHECK(rd(RD(1) + GICR_ISACTIVER0) == 0, "DIR");
    icc_wr(1, ICC_CTLR_EL1, 0);
}

static uint64_t sgi1r(unsigned intid, unsigned aff1, unsigned list) {
    return (uint64_t)intid << 24 | (uint64_t)aff1 << 16 | list;
}

static void test_sgi_and_groups(void) {
    /* Linux gic_send_sgi: to CPU 1 (cluster 0, Aff0 1). */
    icc_wr(0, ICC_SGI1R_EL1, sgi1r(3, 0, 1u << 1));
    CHECK(irq_lv[1] && !irq_lv[0] && !irq_lv[2], "SGI to CPU 1");
    CHECK(icc_rd(1, ICC_IAR1_EL1) == 3, "SGI INTID without a CPU ID");
    icc_wr(1, ICC_EOIR1_EL1, 3);
    icc_wr(0, ICC_SGI1R_EL1, sgi1r(4, 1, 1u << 0));              /* Aff1 1: CPU 2 */
    CHECK(irq_lv[2] && !irq_lv[1] && icc_rd(2, ICC_IAR1_EL1) == 4, "SGI to cluster 1");
    icc_wr(2, ICC_EOIR1_EL1, 4);
    icc_wr(0, ICC_SGI1R_EL1, sgi1r(5, 0, 1u << 9) | 1ull << 44);  /* RS 1: Aff0 25 */
    CHECK(!irq_lv[0] && !irq_lv[1] && !irq_lv[2], "no CPU at Aff0 25");
    icc_wr(2, ICC_SGI1R_EL1, 1ull << 40 | 6u << 24);              /* IRM: all but self */
    CHECK(irq_lv[0] && irq_lv[1] && !irq_lv[2], "IRM");
    CHECK(icc_rd(0, ICC_IAR1_EL1) == 6 && icc_rd(1, ICC_IAR1_EL1) == 6, "both get 6");
    icc_wr(0, ICC_EOIR1_EL1, 6);
    icc_wr(1, ICC_EOIR1_EL1, 6);
    icc_wr(0, ICC_SGI0R_EL1, sgi1r(3, 0, 1u << 1));
    CHECK(!irq_lv[1] && !fiq_lv[1], "SGI0R does not pend a group 1 SGI");
    /* Group 0 is FIQ, acknowledged through IAR0. */
    wr(RD(1) + GICR_IGROUPR0, 0xffffffff & ~(1u << 3));
    icc_wr(1, ICC_IGRPEN0_EL1, 1);
    icc_wr(0, ICC_SGI0R_EL1, sgi1r(3, 0, 1u << 1));
    CHECK(fiq_lv[1] && !irq_lv[1], "group 0 SGI as FIQ");
    CHECK(icc_rd(1, ICC_HPPIR0_EL1) == 3 && icc_rd(1, ICC_IAR1_EL1) == 1023, "IAR1 refuses");
    CHECK(icc_rd(1, ICC_IAR0_EL1) == 3 && icc_rd(1, ICC_AP0R0_EL1) != 0, "IAR0");
    icc_wr(1, ICC_EOIR1_EL1, 3);
    CHECK(rd(RD(1) + GICR_ISACTIVER0) == 1u << 3, "EOIR1 ignores a group 0 interrupt");
    icc_wr(1, ICC_EOIR0_EL1, 3);
    CHECK(rd(RD(1) + GICR_ISACTIVER0) == 0 && icc_rd(1, ICC_AP0R0_EL1) == 0, "EOIR0");
    /* Redistributor ISPENDR0 sets SGIs in GICv3. */
    wr(RD(1) + GICR_ISPENDR0, 1u << 3);
    CHECK(fiq_lv[1], "ISPENDR0 on an SGI");
    wr(RD(1) + GICR_ICPENDR0, 1u << 3);
    CHECK(!fiq_lv[1], "ICPENDR0");
    wr(RD(1) + GICR_IGROUPR0, 0xffffffff);
}

static void test_encodings(void) {
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 12, 0) == ICC_IAR1_EL1, "IAR1");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 12, 1) == ICC_EOIR1_EL1, "EOIR1");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 4, 6, 0) == ICC_PMR_EL1, "PMR");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 11, 5) == ICC_SGI1R_EL1, "SGI1R");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 12, 5) == ICC_SRE_EL1, "SRE");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 12, 7) == ICC_IGRPEN1_EL1, "IGRPEN1");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 9, 0) == ICC_AP1R0_EL1, "AP1R0");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 11, 1) == ICC_DIR_EL1, "DIR");
    CHECK(gicv3_cpureg_from_encoding(3, 0, 12, 0, 0) == -1 &&
              gicv3_cpureg_from_encoding(3, 4, 12, 12, 0) == -1 &&
              gicv3_cpureg_from_encoding(3, 0, 12, 12, 9) == -1,
          "not ICC registers");
}

static void test_bad_accesses(void) {
    FILE *log = tmpfile();
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    wr(DIST + GICD3_ISENABLER, 0xffffffff);
    CHECK(rd(RD(0) + GICR_ISENABLER0) == 0xffff, "GICD word 0 writes ignored");
    wrw(DIST + GICD3_IROUTER + 8 * 5, 8, 0x1);
    CHECK(rdw(DIST + GICD3_IROUTER + 8 * 5, 8) == 0, "IROUTER of an SGI");
    wrw(DIST + GICD3_IROUTER + 8 * 500, 8, 0x1);
    CHECK(rdw(DIST + GICD3_IROUTER + 8 * 500, 8) == 0, "IROUTER past the SPIs");
    wr(DIST + GICD3_ISENABLER + 4 * 20, 0xffffffff);
    CHECK(rd(DIST + GICD3_ISENABLER + 4 * 20) == 0, "missing SPIs");
    wr(DIST + GICD3_IPRIORITYR + 8, 0xffffffff);
    CHECK(rd(DIST + GICD3_IPRIORITYR + 8) == 0, "GICD priority of an SGI");
    wr(DIST + 0x40, 40);                                        /* SETSPI: no MBIS */
    CHECK(rd(DIST + GICD3_ISPENDR + 4) == 0, "GICD_SETSPI_NSR is reserved");
    wr(DIST + 0x800 + 40, 0xffffffff);                           /* ITARGETSR: RAZ/WI */
    CHECK(rd(DIST + 0x800 + 40) == 0, "ITARGETSR");
    uint64_t v = 1;
    CHECK(memmap_read(&mm, DIST + GICD3_CTLR, 2, &v) && v == 0, "halfword read");
    CHECK(memmap_read(&mm, RD(0) + 0x5000, 4, &v) && v == 0, "redistributor hole");
    CHECK(!memmap_read(&mm, RD(NCPU), 4, &v), "no redistributor past the last CPU");
    icc_wr(0, ICC_EOIR1_EL1, 0x421);                             /* not INTID 33 */
    icc_wr(0, ICC_DIR_EL1, 0x1000021);
    icc_wr(7, ICC_IGRPEN1_EL1, 1);
    icc_wr(0, (Gicv3CpuReg)99, 1);
    CHECK(icc_rd(7, ICC_IGRPEN1_EL1) == 0 && icc_rd(0, (Gicv3CpuReg)-1) == 0, "no such CPU/reg");
    CHECK(!irq_lv[0] && !irq_lv[1] && !irq_lv[2] && !fiq_lv[0], "quiet after bad writes");
    /* All ones is IRM with SGI 15 (reserved fields ignored). */
    icc_wr(0, ICC_SGI1R_EL1, ~0ull);
    CHECK(!irq_lv[0] && irq_lv[1] && irq_lv[2], "SGI1R all ones");
    CHECK(icc_rd(1, ICC_IAR1_EL1) == 15, "SGI 15");
    icc_wr(1, ICC_EOIR1_EL1, 15);
    wr(RD(2) + GICR_ICPENDR0, 1u << 15);
    CHECK(!irq_lv[1] && !irq_lv[2], "quiet");
    CHECK(ftell(log) > 0, "nothing logged");
    /* Registers Linux touches are answered without a guest error. */
    long at = ftell(log);
    rd(DIST + 0x0c);
    rd(RD(1) + 0x10);
    rdw(RD(1) + 0x70, 8);
    CHECK(ftell(log) == at, "GICD_TYPER2/GICR_STATUSR/PROPBASER logged as errors");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(gicv3_spi(gic, 256).set == NULL && gicv3_ppi(gic, 3, 0).set == NULL,
          "board asks for a missing line");
    CHECK(gicv3_create(&mm, 0x1000000, 0x2000000, 33, NIRQ, NULL, NULL, NULL) == NULL,
          "33 CPUs");
}

static void test_reset(void) {
    gicv3_reset(gic);
    CHECK(rd(DIST + GICD3_CTLR) == (GICD3_CTLR_ARE | GICD3_CTLR_DS) &&
              icc_rd(1, ICC_IGRPEN1_EL1) == 0 && icc_rd(1, ICC_PMR_EL1) == 0 &&
              (rd(RD(1) + GICR_WAKER) & GICR_WAKER_ProcessorSleep),
          "reset");
    CHECK(rdw(RD(1) + GICR_TYPER, 8) >> 32 == 1, "affinity survives reset");
}

int main(void) {
    memmap_init(&mm);
    IrqLine irqs[NCPU], fiqs[NCPU];
    for (int i = 0; i < NCPU; i++) {
        irqs[i] = (IrqLine){.set = set_irq, .n = i};
        fiqs[i] = (IrqLine){.set = set_fiq, .n = i};
    }
    gic = gicv3_create(&mm, DIST, REDIST, NCPU, NIRQ, aff, irqs, fiqs);
    CHECK(gic != NULL, "create");
    if (!gic)
        return 1;
    test_ids();
    linux_init();
    test_spi_routing();
    test_waker();
    test_ppi_and_priority();
    test_sgi_and_groups();
    test_encodings();
    test_bad_accesses();
    test_reset();
    gicv3_free(gic);
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
