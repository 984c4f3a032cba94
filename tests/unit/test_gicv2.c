/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/gicv2.c through the memory map with a fake "current CPU", 2 CPUs and 288
   interrupts as on virt: identification (TYPER, IIDR, PIDR2, banked ITARGETSR), Linux's
   gic_dist_init/gic_cpu_init, level and edge SPIs from device lines with acknowledge/EOI and
   active-and-pending, SPI targets, PPIs per CPU (the generic timer's), the priority mask,
   preemption and the binary point, running priority, SGIs through GICD_SGIR with each target
   list filter and the source CPU in GICC_IAR, SPENDSGIR/CPENDSGIR, groups (AckCtl and 1022,
   the group 1 aliases, FIQ with FIQEn), EOImode with GICC_DIR, a uniprocessor GIC (ITARGETSR
   RAZ/WI, SPIs to the one CPU), reset, and guest errors
   (nonexistent interrupts and CPUs, bad sizes, holes) ignored. */
#include <stdio.h>
#include <stdlib.h>

#include "hw/gicv2.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define DIST 0x8000000ull
#define CPUIF 0x8010000ull
#define NCPU 2
#define NIRQ 288

static MemMap mm;
static Gicv2 *gic;
static int cur;
static int irq_lv[NCPU], fiq_lv[NCPU];

static int current(void *opaque) { (void)opaque; return cur; }
static void set_irq(void *opaque, int n, int level) { (void)opaque; irq_lv[n] = level; }
static void set_fiq(void *opaque, int n, int level) { (void)opaque; fiq_lv[n] = level; }

static uint32_t rd(uint64_t a) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, a, 4, &v), "read 0x%llx", (unsigned long long)a);
    return (uint32_t)v;
}
static void wr(uint64_t a, uint32_t v) {
    CHECK(memmap_write(&mm, a, 4, v), "write 0x%llx", (unsigned long long)a);
}
static uint32_t drd(int cpu, uint64_t off) { cur = cpu; return rd(DIST + off); }
static void dwr(int cpu, uint64_t off, uint32_t v) { cur = cpu; wr(DIST + off, v); }
static uint32_t crd(int cpu, uint64_t off) { cur = cpu; return rd(CPUIF + off); }
static void cwr(int cpu, uint64_t off, uint32_t v) { cur = cpu; wr(CPUIF + off, v); }

static void test_ids(void) {
    CHECK(drd(0, GICD_TYPER) == ((NIRQ / 32 - 1) | (NCPU - 1) << 5), "TYPER 0x%x",
          drd(0, GICD_TYPER));
    CHECK(drd(0, GICD_IIDR) == 0x43b, "GICD_IIDR");
    CHECK(((drd(0, GICD_PIDR2) >> 4) & 0xf) == 2, "PIDR2 ArchRev");
    CHECK(crd(0, GICC_IIDR) == 0x0002043b, "GICC_IIDR");
    /* Banked ITARGETSR0-7: the reading CPU's own bit (Linux's gic_get_cpumask). */
    CHECK(drd(0, GICD_ITARGETSR) == 0x01010101 && drd(1, GICD_ITARGETSR + 28) == 0x02020202,
          "ITARGETSR of private interrupts");
    CHECK(crd(0, GICC_BPR) == 2 && crd(0, GICC_ABPR) == 3, "BPR reset");
    /* SGIs are always enabled (RAO/WI), as on GIC-400 and QEMU. */
    CHECK(drd(1, GICD_ISENABLER) == 0xffff, "SGI enables at reset 0x%x", drd(1, GICD_ISENABLER));
    dwr(1, GICD_ICENABLER, 0xffffffff);
    CHECK(drd(1, GICD_ICENABLER) == 0xffff, "SGIs cannot be disabled");
    CHECK(crd(0, GICC_IAR) == 1023 && crd(0, GICC_RPR) == 0xff, "idle CPU interface");
}

/* drivers/irqchip/irq-gic.c gic_dist_init and gic_cpu_init (Linux 6.1). */
static void linux_init(void) {
    dwr(0, GICD_CTLR, 0);
    for (int i = 32; i < NIRQ; i += 4)
        dwr(0, GICD_ITARGETSR + i, 0x01010101);
    for (int i = 32; i < NIRQ; i += 16)
        dwr(0, GICD_ICFGR + i / 4, 0);                       /* level */
    for (int i = 32; i < NIRQ; i += 4)
        dwr(0, GICD_IPRIORITYR + i, 0xa0a0a0a0);
    for (int i = 32; i < NIRQ; i += 32) {
        dwr(0, GICD_ICACTIVER + i / 8, 0xffffffff);
        dwr(0, GICD_ICENABLER + i / 8, 0xffffffff);
    }
    dwr(0, GICD_CTLR, 1);
    for (int c = 0; c < NCPU; c++) {
        dwr(c, GICD_ICACTIVER, 0xffffffff);
        dwr(c, GICD_ICENABLER, 0xffff0000);
        dwr(c, GICD_ISENABLER, 0x0000ffff);
        for (int i = 0; i < 32; i += 4)
            dwr(c, GICD_IPRIORITYR + i, 0xa0a0a0a0);
        cwr(c, GICC_PMR, 0xf0);
        cwr(c, GICC_CTLR, GICC_CTLR_EnableGrp0);
    }
}

static void test_level_spi(void) {
    linux_init();
    CHECK(drd(0, GICD_CTLR) == 1 && crd(0, GICC_PMR) == 0xf0, "enabled");
    CHECK(drd(0, GICD_IPRIORITYR + 32) == 0xa0a0a0a0, "priorities read back");
    IrqLine uart = gicv2_spi(gic, 1);                         /* <0 1 4>: INTID 33 */
    irq_set(uart, 1);
    CHECK(!irq_lv[0], "disabled SPI signalled");
    CHECK(drd(0, GICD_ISPENDR + 4) == 2, "pending while disabled: 0x%x",
          drd(0, GICD_ISPENDR + 4));
    dwr(0, GICD_ISENABLER + 4, 2);
    CHECK(drd(0, GICD_ISENABLER + 4) == 2 && drd(0, GICD_ICENABLER + 4) == 2, "enable bit");
    CHECK(irq_lv[0] && !irq_lv[1], "SPI to CPU 0 only");
    CHECK(crd(0, GICC_HPPIR) == 33, "HPPIR");
    CHECK(crd(1, GICC_IAR) == 1023, "CPU 1 acknowledges nothing");
    CHECK(crd(0, GICC_IAR) == 33, "IAR");
    CHECK(!irq_lv[0], "an active interrupt of the same priority is not signalled again");
    CHECK(crd(0, GICC_RPR) == 0xa0, "running priority 0x%x", crd(0, GICC_RPR));
    CHECK(drd(0, GICD_ISACTIVER + 4) == 2 && drd(0, GICD_ISPENDR + 4) == 2,
          "active and pending while the line is high");
    cwr(0, GICC_EOIR, 33);
    CHECK(irq_lv[0] && crd(0, GICC_RPR) == 0xff, "still high after EOI: signalled again");
    CHECK(crd(0, GICC_IAR) == 33, "taken again");
    irq_set(uart, 0);
    cwr(0, GICC_EOIR, 33);
    CHECK(!irq_lv[0] && drd(0, GICD_ISPENDR + 4) == 0 && drd(0, GICD_ISACTIVER + 4) == 0,
          "quiet after the device lowers the line");
    /* A software pending latch on a level interrupt stays until cleared or acknowledged. */
    dwr(0, GICD_ISPENDR + 4, 2);
    CHECK(irq_lv[0], "ISPENDR");
    dwr(0, GICD_ICPENDR + 4, 2);
    CHECK(!irq_lv[0], "ICPENDR");
    /* Retarget to CPU 1. */
    cur = 0;
    CHECK(memmap_write(&mm, DIST + GICD_ITARGETSR + 33, 1, 0x02), "ITARGETSR byte write");
    CHECK(drd(1, GICD_ITARGETSR + 32) == 0x01010201, "targets 0x%x",
          drd(1, GICD_ITARGETSR + 32));
    irq_set(uart, 1);
    CHECK(!irq_lv[0] && irq_lv[1], "SPI to CPU 1");
    CHECK(crd(1, GICC_IAR) == 33, "CPU 1 takes it");
    irq_set(uart, 0);
    cwr(1, GICC_EOIR, 33);
    dwr(0, GICD_ITARGETSR + 32, 0x01010101);
    dwr(0, GICD_ICENABLER + 4, 2);
    CHECK(drd(0, GICD_ISENABLER + 4) == 0, "ICENABLER");
}

static void test_edge_and_priority(void) {
    IrqLine a = gicv2_spi(gic, 16), b = gicv2_spi(gic, 17);   /* INTIDs 48, 49 */
    dwr(0, GICD_ICFGR + 48 / 4, 0x0000000a);                  /* 48, 49 edge */
    CHECK(drd(0, GICD_ICFGR + 12) == 0xa, "ICFGR read back");
    CHECK(drd(0, GICD_ICFGR) == 0xaaaaaaaa, "SGIs are edge");
    dwr(0, GICD_ISENABLER + 4, 3u << 16);
    irq_set(a, 1);
    irq_set(a, 0);                                            /* a pulse */
    CHECK(irq_lv[0] && crd(0, GICC_HPPIR) == 48, "edge latched");
    CHECK(crd(0, GICC_IAR) == 48 && drd(0, GICD_ISPENDR + 4) == 0, "edge consumed by IAR");
    /* Higher priority preempts the running one. */
    dwr(0, GICD_IPRIORITYR + 48, 0xa0a080a0);                 /* 49: 0x80 */
    irq_set(b, 1);
    CHECK(irq_lv[0], "0x80 preempts 0xa0");
    CHECK(crd(0, GICC_IAR) == 49 && crd(0, GICC_RPR) == 0x80, "nested");
    CHECK(drd(0, GICD_ISACTIVER + 4) == 3u << 16, "both active");
    cwr(0, GICC_EOIR, 49);
    CHECK(crd(0, GICC_RPR) == 0xa0, "drop back to 0xa0: 0x%x", crd(0, GICC_RPR));
    cwr(0, GICC_EOIR, 48);
    CHECK(crd(0, GICC_RPR) == 0xff && drd(0, GICD_ISACTIVER + 4) == 0, "all done");
    irq_set(b, 0);
    /* With BPR 6 the group priority is bit 7 only: 0x80 no longer preempts 0xa0. */
    cwr(0, GICC_BPR, 6);
    irq_set(a, 1);
    irq_set(a, 0);
    CHECK(crd(0, GICC_IAR) == 48, "48");
    irq_set(b, 1);
    irq_set(b, 0);
    CHECK(!irq_lv[0] && crd(0, GICC_HPPIR) == 49, "same group priority: no preemption");
    CHECK(crd(0, GICC_IAR) == 1023, "insufficient priority reads spurious");
    cwr(0, GICC_EOIR, 48);
    CHECK(irq_lv[0] && crd(0, GICC_IAR) == 49, "taken after the EOI");
    cwr(0, GICC_EOIR, 49);
    cwr(0, GICC_BPR, 0);
    CHECK(crd(0, GICC_BPR) == 2, "BPR clamps to the minimum");
    /* Priority mask: 0xa0 is not below PMR 0xa0. */
    cwr(0, GICC_PMR, 0xa0);
    dwr(0, GICD_ISPENDR + 4, 1u << 16);
    CHECK(!irq_lv[0] && crd(0, GICC_IAR) == 1023, "masked by PMR");
    cwr(0, GICC_PMR, 0xff);
    CHECK(crd(0, GICC_PMR) == 0xf8, "PMR keeps 5 bits: 0x%x", crd(0, GICC_PMR));
    CHECK(irq_lv[0] && crd(0, GICC_IAR) == 48, "unmasked");
    cwr(0, GICC_EOIR, 48);
    cwr(0, GICC_PMR, 0xf0);
    dwr(0, GICD_ICENABLER + 4, 3u << 16);
}

static void test_ppi(void) {
    IrqLine vtimer1 = gicv2_ppi(gic, 1, 11), ptimer0 = gicv2_ppi(gic, 0, 14);
    dwr(1, GICD_ISENABLER, 1u << 27);
    dwr(0, GICD_ISENABLER, 1u << 30);
    CHECK(drd(1, GICD_ISENABLER) == (0xffffu | 1u << 27) &&
              drd(0, GICD_ISENABLER) == (0xffffu | 1u << 30),
          "banked enables");
    irq_set(vtimer1, 1);
    CHECK(irq_lv[1] && !irq_lv[0], "CPU 1's virtual timer PPI");
    CHECK(crd(1, GICC_IAR) == 27, "INTID 27");
    irq_set(vtimer1, 0);
    cwr(1, GICC_EOIR, 27);
    irq_set(ptimer0, 1);
    CHECK(irq_lv[0] && !irq_lv[1] && crd(0, GICC_IAR) == 30, "CPU 0's physical timer PPI");
    irq_set(ptimer0, 0);
    cwr(0, GICC_EOIR, 30);
    CHECK(!irq_lv[0] && !irq_lv[1], "quiet");
}

static void test_sgi(void) {
    /* Linux's gic_ipi_send_mask: target list filter 0. */
    dwr(0, GICD_SGIR, 0x02 << 16 | 3);
    CHECK(irq_lv[1] && !irq_lv[0], "SGI 3 to CPU 1");
    CHECK(drd(1, GICD_SPENDSGIR) == 0x01 << 24, "SPENDSGIR shows source CPU 0");
    CHECK(drd(1, GICD_ISPENDR) == 1u << 3, "ISPENDR shows the SGI");
    CHECK(crd(1, GICC_IAR) == 3, "IAR: SGI 3 from CPU 0");
    cwr(1, GICC_EOIR, 3);
    /* Filter 1: all but the requester; from CPU 1 with source CPUID 1. */
    dwr(1, GICD_SGIR, 1u << 24 | 5);
    CHECK(irq_lv[0] && !irq_lv[1], "all but self");
    CHECK(crd(0, GICC_IAR) == (1u << 10 | 5), "CPUID in IAR");
    cwr(0, GICC_EOIR, 1u << 10 | 5);
    /* Filter 2: self. Both sources pending: two acknowledges. */
    dwr(0, GICD_SGIR, 2u << 24 | 7);
    dwr(1, GICD_SGIR, 1u << 16 | 7);
    CHECK(drd(0, GICD_SPENDSGIR + 4) == 0x03 << 24, "two sources pending");
    CHECK(crd(0, GICC_IAR) == 7, "source 0 first");
    cwr(0, GICC_EOIR, 7);
    CHECK(crd(0, GICC_IAR) == (1u << 10 | 7), "then source 1");
    cwr(0, GICC_EOIR, 1u << 10 | 7);
    /* SPENDSGIR/CPENDSGIR bytes; ISPENDR/ICPENDR do not touch SGIs. */
    cur = 0;
    CHECK(memmap_write(&mm, DIST + GICD_SPENDSGIR + 2, 1, 0xff), "byte write");
    CHECK(drd(0, GICD_SPENDSGIR) == 0x030000, "only existing CPUs: 0x%x",
          drd(0, GICD_SPENDSGIR));
    dwr(0, GICD_ICPENDR, 1u << 2);
    CHECK(drd(0, GICD_ISPENDR) & (1u << 2), "ICPENDR must not clear an SGI");
    dwr(0, GICD_CPENDSGIR, 0x030000);
    CHECK(!(drd(0, GICD_ISPENDR) & (1u << 2)) && !irq_lv[0], "CPENDSGIR");
    dwr(0, GICD_ISPENDR, 1u << 9);
    CHECK(!irq_lv[0], "ISPENDR must not set an SGI");
    /* Filter 3 is reserved; a target list naming absent CPUs reaches only those present. */
    dwr(0, GICD_SGIR, 3u << 24 | 0xff << 16 | 1);
    CHECK(!irq_lv[0] && !irq_lv[1], "reserved filter");
    dwr(0, GICD_SGIR, 0xfc << 16 | 1);
    CHECK(!irq_lv[0] && !irq_lv[1], "absent CPUs");
}

static void test_groups_and_eoimode(void) {
    IrqLine l = gicv2_spi(gic, 40);                           /* INTID 72 */
    dwr(0, GICD_IGROUPR + 8, 1u << 8);
    CHECK(drd(0, GICD_IGROUPR + 8) == 1u << 8, "IGROUPR");
    dwr(0, GICD_ISENABLER + 8, 1u << 8);
    irq_set(l, 1);
    CHECK(!irq_lv[0], "group 1 disabled in the distributor");
    dwr(0, GICD_CTLR, 3);
    CHECK(!irq_lv[0], "group 1 disabled in the CPU interface");
    cwr(0, GICC_CTLR, GICC_CTLR_EnableGrp0 | GICC_CTLR_EnableGrp1);
    CHECK(irq_lv[0] && !fiq_lv[0], "group 1 is IRQ");
    CHECK(crd(0, GICC_HPPIR) == 1022 && crd(0, GICC_AHPPIR) == 72, "HPPIR/AHPPIR");
    CHECK(crd(0, GICC_IAR) == 1022, "GICC_IAR without AckCtl: 1022");
    CHECK(drd(0, GICD_ISACTIVER + 8) == 0, "1022 acknowledges nothing");
    CHECK(crd(0, GICC_AIAR) == 72, "GICC_AIAR");
    CHECK(crd(0, GICC_NSAPR0) != 0 && crd(0, GICC_APR0) == 0, "group 1 active priority");
    irq_set(l, 0);
    cwr(0, GICC_AEOIR, 72);
    CHECK(drd(0, GICD_ISACTIVER + 8) == 0 && crd(0, GICC_NSAPR0) == 0, "AEOIR");
    /* AckCtl lets GICC_IAR take group 1. */
    cwr(0, GICC_CTLR, GICC_CTLR_EnableGrp0 | GICC_CTLR_EnableGrp1 | GICC_CTLR_AckCtl);
    irq_set(l, 1);
    CHECK(crd(0, GICC_IAR) == 72, "IAR with AckCtl");
    irq_set(l, 0);
    cwr(0, GICC_EOIR, 72);
    dwr(0, GICD_IGROUPR + 8, 0);
    /* Group 0 with FIQEn is FIQ. */
    cwr(0, GICC_CTLR, GICC_CTLR_EnableGrp0 | GICC_CTLR_FIQEn);
    irq_set(l, 1);
    CHECK(fiq_lv[0] && !irq_lv[0], "group 0 as FIQ");
    /* EOImodeS: EOIR drops the priority, GICC_DIR deactivates. */
    cwr(0, GICC_CTLR, GICC_CTLR_EnableGrp0 | GICC_CTLR_EOImodeS);
    CHECK(crd(0, GICC_CTLR) == (GICC_CTLR_EnableGrp0 | GICC_CTLR_EOImodeS), "CTLR read back");
    CHECK(!fiq_lv[0] && irq_lv[0], "back to IRQ");
    CHECK(crd(0, GICC_IAR) == 72, "IAR");
    irq_set(l, 0);
    cwr(0, GICC_EOIR, 72);
    CHECK(crd(0, GICC_RPR) == 0xff && drd(0, GICD_ISACTIVER + 8) == 1u << 8,
          "priority dropped, still active");
    cwr(0, GICC_DIR, 72);
    CHECK(drd(0, GICD_ISACTIVER + 8) == 0, "GICC_DIR deactivates");
    cwr(0, GICC_CTLR, GICC_CTLR_EnableGrp0);
    dwr(0, GICD_CTLR, 1);
    dwr(0, GICD_ICENABLER + 8, 1u << 8);
}

static void test_bad_accesses(void) {
    FILE *log = tmpfile();
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    /* INTIDs past 287 do not exist: RAZ/WI. */
    dwr(0, GICD_ISENABLER + 4 * 9, 0xffffffff);
    CHECK(drd(0, GICD_ISENABLER + 4 * 9) == 0, "enable of a missing SPI");
    dwr(0, GICD_ISENABLER + 4 * 31, 0xffffffff);
    dwr(0, GICD_IPRIORITYR + 1019, 0xffffffff);
    CHECK(drd(0, GICD_IPRIORITYR + 1016) == 0, "priority of a missing SPI");
    dwr(0, GICD_ITARGETSR + 1000, 0xffffffff);
    dwr(0, GICD_ICFGR + 0xfc, 0xffffffff);
    CHECK(drd(0, GICD_ICFGR + 0xfc) == 0, "ICFGR past the SPIs");
    /* A CPU that does not exist (the board's callback gone wrong): ignored. */
    dwr(5, GICD_ISENABLER, 0xffffffff);
    CHECK(crd(5, GICC_IAR) == 0 && drd(-1, GICD_CTLR) == 0, "absent CPU");
    /* Bad sizes and holes. */
    uint64_t v = 1;
    cur = 0;
    CHECK(memmap_read(&mm, DIST + GICD_ISENABLER, 1, &v) && v == 0, "byte read of ISENABLER");
    CHECK(memmap_write(&mm, DIST + GICD_CTLR, 2, 0), "halfword write");
    CHECK(memmap_read(&mm, CPUIF + GICC_IAR, 1, &v) && v == 0, "byte read of IAR");
    CHECK(memmap_read(&mm, CPUIF + 0x8000, 4, &v) && v == 0, "hole");
    CHECK(memmap_read(&mm, DIST + 0xe00, 4, &v) && v == 0, "distributor hole");
    cwr(0, GICC_EOIR, 1023);
    cwr(0, GICC_EOIR, 999);
    cwr(0, GICC_DIR, 0x3ff);
    CHECK(drd(0, GICD_CTLR) == 1, "state intact after bad writes");
    CHECK(ftell(log) > 0, "nothing logged");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(gicv2_spi(gic, 256).set == NULL && gicv2_ppi(gic, 2, 0).set == NULL &&
              gicv2_ppi(gic, 0, 16).set == NULL,
          "board asks for a line that does not exist");
    CHECK(gicv2_create(&mm, 0x1000000, 0x1010000, 9, NIRQ, NULL, NULL, NULL, NULL) == NULL,
          "9 CPUs");
    CHECK(gicv2_create(&mm, 0x1000000, 0x1010000, 1, 100, NULL, NULL, NULL, NULL) == NULL,
          "irq count not a multiple of 32");
}

/* A uniprocessor GIC: ITARGETSR RAZ/WI and every SPI goes to the one CPU (4.3.12). Linux's
   gic_dist_init then writes the zero mask it read back to every ITARGETSR. */
static int up_irq;
static void up_set(void *opaque, int n, int level) { (void)opaque; (void)n; up_irq = level; }

static void test_uniprocessor(void) {
    IrqLine o = {.set = up_set};
    Gicv2 *up = gicv2_create(&mm, 0x2000000, 0x2010000, 1, 64, &o, NULL, NULL, NULL);
    CHECK(up != NULL, "1-CPU GIC");
    if (!up)
        return;
    CHECK(gicv2_dist_read(up, 0, GICD_ITARGETSR, 4) == 0, "ITARGETSR0 RAZ on a uniprocessor");
    gicv2_dist_write(up, 0, GICD_ITARGETSR + 32, 0, 4);
    gicv2_dist_write(up, 0, GICD_ITARGETSR + 36, 0x01010101, 4);
    CHECK(gicv2_dist_read(up, 0, GICD_ITARGETSR + 36, 4) == 0, "ITARGETSR WI");
    gicv2_dist_write(up, 0, GICD_CTLR, 1, 4);
    gicv2_dist_write(up, 0, GICD_ISENABLER + 4, 1u << 1, 4);
    gicv2_cpu_write(up, 0, GICC_PMR, 0xf0, 4);
    gicv2_cpu_write(up, 0, GICC_CTLR, 1, 4);
    irq_set(gicv2_spi(up, 1), 1);
    CHECK(up_irq && gicv2_cpu_read(up, 0, GICC_IAR, 4) == 33, "SPI reaches the only CPU");
    irq_set(gicv2_spi(up, 1), 0);
    gicv2_cpu_write(up, 0, GICC_EOIR, 33, 4);
    CHECK(!up_irq, "done");
    gicv2_free(up);
}

static void test_reset(void) {
    IrqLine l = gicv2_spi(gic, 2);
    dwr(0, GICD_ISENABLER + 4, 1u << 2);
    irq_set(l, 1);
    CHECK(irq_lv[0], "before reset");
    gicv2_reset(gic);
    CHECK(!irq_lv[0] && drd(0, GICD_CTLR) == 0 && crd(0, GICC_CTLR) == 0 &&
              drd(0, GICD_ISENABLER + 4) == 0 && crd(0, GICC_PMR) == 0 &&
              drd(0, GICD_ISENABLER) == 0xffff,
          "reset state");
    CHECK(drd(0, GICD_ISPENDR + 4) == 1u << 2, "the input line level survives reset");
    irq_set(l, 0);
}

int main(void) {
    memmap_init(&mm);
    IrqLine irqs[NCPU], fiqs[NCPU];
    for (int i = 0; i < NCPU; i++) {
        irqs[i] = (IrqLine){.set = set_irq, .n = i};
        fiqs[i] = (IrqLine){.set = set_fiq, .n = i};
    }
    gic = gicv2_create(&mm, DIST, CPUIF, NCPU, NIRQ, irqs, fiqs, current, NULL);
    CHECK(gic != NULL, "create");
    if (!gic)
        return 1;
    test_ids();
    test_level_spi();
    test_edge_and_priority();
    test_ppi();
    test_sgi();
    test_groups_and_eoimode();
    test_bad_accesses();
    test_uniprocessor();
    test_reset();
    gicv2_free(gic);
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
