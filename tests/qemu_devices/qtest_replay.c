/* SPDX-License-Identifier: MIT */
/* Register-level differential test of the arm virt device models against QEMU 7.2: the same
   sequence of 32-bit MMIO reads and writes (reset values of every distributor, CPU interface,
   redistributor, PL011 and PL031 register; Linux's GIC and PL011 initialisation; interrupts
   pended, acknowledged and completed; SGIs; routing) goes to qemu-system-aarch64 -M virt
   through its qtest protocol and to hw/gicv2.c|gicv3.c, hw/pl011.c and hw/pl031.c mapped at
   virt's addresses; every read must agree, under masks for the documented differences
   (docs/arm-virt-devices.md: 5 priority bits where QEMU's GICv2 has 8, GICC_AHPPIR 1023 when
   idle as the spec says, QEMU's GICv3 LPI/ITS bits).
     qtest_replay ops v2|v3          print the qtest commands
     qtest_replay check v2|v3 FILE   replay them on tern's models, compare with QEMU's replies */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/gicv2.h"
#include "hw/gicv3.h"
#include "hw/pl011.h"
#include "hw/pl031.h"
#include "system/chardev.h"
#include "system/memmap.h"

void chardev_write(CharDev *c, const uint8_t *b, size_t n) { (void)c; (void)b; (void)n; }
void chardev_set_receiver(CharDev *c, size_t (*a)(void *),
                          void (*b)(void *, const uint8_t *, size_t), void *o) {
    (void)c; (void)a; (void)b; (void)o;
}
void chardev_accept_input(CharDev *c) { (void)c; }

#define D 0x08000000ull
#define C 0x08010000ull
#define RDB 0x080a0000ull
#define U 0x09000000ull
#define T 0x09010000ull

typedef struct { bool write; uint64_t addr; uint32_t val; } Op;
static Op ops[8192];
static int n_ops;
static void R(uint64_t a) { ops[n_ops++] = (Op){false, a, 0}; }
static void W(uint64_t a, uint32_t v) { ops[n_ops++] = (Op){true, a, v}; }

static void dump_v2(void) {
    for (uint64_t o = 0; o < 0x1000; o += 4)
        if (o != 0xf00)
            R(D + o);
    for (uint64_t o = 0; o < 0x100; o += 4)
        if (o != 0x0c && o != 0x20 && (o < 0x2c || o >= 0xd0))      /* not IAR/AIAR */
            R(C + o);
}

static void dump_v3(void) {
    for (uint64_t o = 0; o < 0x1000; o += 4)
        if (o != 0xf00 && (o < 0x40 || o >= 0x60))
            R(D + o);
    for (uint64_t o = 0x6100; o < 0x6100 + 8 * 224; o += 4)
        R(D + o);
    for (uint64_t o = 0xffd0; o < 0x10000; o += 4)
        R(D + o);
    for (int cpu = 0; cpu < 2; cpu++) {
        uint64_t b = RDB + (uint64_t)cpu * 0x20000;
        for (uint64_t o = 0; o < 0x80; o += 4)
            R(b + o);
        for (uint64_t o = 0xffd0; o < 0x10000; o += 4)
            R(b + o);
        for (uint64_t o = 0x80; o < 0x400; o += 0x80)
            R(b + 0x10000 + o);
        for (uint64_t o = 0x400; o < 0x420; o += 4)
            R(b + 0x10000 + o);
        R(b + 0x10c00);
        R(b + 0x10c04);
        R(b + 0x10d00);
        R(b + 0x10e00);
    }
}

static void gen_v2(void) {
    dump_v2();
    for (uint64_t o = 0; o < 0x4c; o += 4)
        if (o != 0 && o != 0x44)
            R(U + o);
    for (uint64_t o = 0xfe0; o < 0x1000; o += 4) {
        R(U + o);
        R(T + o);
    }
    for (uint64_t o = 4; o < 0x1c; o += 4)
        R(T + o);
    /* irq-gic.c gic_dist_init, gic_cpu_init (uniprocessor: ITARGETSR RAZ/WI) */
    W(D, 0);
    for (int i = 32; i < 288; i += 4)
        W(D + 0x800 + (uint64_t)i, 0);
    for (int i = 32; i < 288; i += 16)
        W(D + 0xc00 + (uint64_t)i / 4, 0);
    for (int i = 32; i < 288; i += 4)
        W(D + 0x400 + (uint64_t)i, 0xa0a0a0a0);
    for (int i = 32; i < 288; i += 32) {
        W(D + 0x380 + (uint64_t)i / 8, 0xffffffff);
        W(D + 0x180 + (uint64_t)i / 8, 0xffffffff);
    }
    W(D, 1);
    W(D + 0x380, 0xffffffff);
    W(D + 0x180, 0xffff0000);
    W(D + 0x100, 0x0000ffff);
    for (int i = 0; i < 32; i += 4)
        W(D + 0x400 + (uint64_t)i, 0xa0a0a0a0);
    W(C + 4, 0xf0);
    W(C, 1);
    dump_v2();
    /* SPI 33 level and 48 edge pending; 48 at 0x80 preempts 33. */
    W(D + 0x104, 0x00010002);
    W(D + 0xc0c, 0x2);
    W(D + 0x204, 0x00000002);
    R(C + 0x18); R(C + 0x0c); R(C + 0x14); R(D + 0x304); R(D + 0x204);
    W(D + 0x430, 0xa0a0a080);
    W(D + 0x204, 0x00010000);
    R(C + 0x18); R(C + 0x0c); R(C + 0x14); R(D + 0x304);
    W(C + 0x10, 48); R(C + 0x14); W(C + 0x10, 33); R(C + 0x14); R(D + 0x304); R(D + 0x204);
    /* SGIs: to self by filter 2, by list, then SPENDSGIR/CPENDSGIR. */
    W(D + 0xf00, 0x02000005); R(D + 0xf24); R(D + 0x200); R(C + 0x18); R(C + 0x0c);
    W(C + 0x10, 5); R(C + 0x14);
    W(D + 0xf00, 0x00010003); R(C + 0x0c); W(C + 0x10, 3);
    /* All four bytes: QEMU 7.2 marks an SGI pending even for a byte of 0 written to
       SPENDSGIR, the spec does not. */
    W(D + 0xf20, 0x01010101); R(D + 0xf20); R(D + 0x200); W(D + 0xf10, 0x01010101); R(D + 0x200);
    /* PMR and binary point. */
    W(C + 4, 0xa0); W(D + 0x204, 2); R(C + 0x0c); W(C + 4, 0xf0); R(C + 0x0c);
    W(C + 0x10, 33); R(D + 0x304);
    /* amba-pl011 startup, one character, TX interrupt. */
    W(U + 0x38, 0); W(U + 0x44, 0x7ff); W(U + 0x34, 0x12); W(U + 0x24, 13); W(U + 0x28, 1);
    W(U + 0x2c, 0x70); W(U + 0x30, 0xf01);
    for (uint64_t o = 0x18; o <= 0x48; o += 4)
        if (o != 0x1c && o != 0x20 && o != 0x44)
            R(U + o);
    W(U, 0x41); R(U + 0x3c); R(U + 0x18); W(U + 0x38, 0x70); R(U + 0x40); W(U + 0x44, 0x20);
    R(U + 0x3c);
    /* rtc-pl031: mask, clear. */
    W(T + 0x10, 1); R(T + 0x10); W(T + 0x1c, 1); R(T + 0x14); R(T + 0x18);
}

static void gen_v3(void) {
    dump_v3();
    /* irq-gic-v3.c gic_dist_init, gic_enable_redist, gic_cpu_init */
    W(D, 0);
    for (int i = 32; i < 256; i += 32)
        W(D + 0x80 + (uint64_t)i / 8, 0xffffffff);
    for (int i = 32; i < 256; i += 16)
        W(D + 0xc00 + (uint64_t)i / 4, 0);
    for (int i = 32; i < 256; i += 4)
        W(D + 0x400 + (uint64_t)i, 0xa0a0a0a0);
    for (int i = 32; i < 256; i += 32) {
        W(D + 0x380 + (uint64_t)i / 8, 0xffffffff);
        W(D + 0x180 + (uint64_t)i / 8, 0xffffffff);
    }
    W(D, 0x13);
    for (int i = 32; i < 256; i++) {
        W(D + 0x6000 + 8 * (uint64_t)i, 0);
        W(D + 0x6004 + 8 * (uint64_t)i, 0);
    }
    W(D + 0x6000 + 8 * 40, 0x80000000);
    W(D + 0x6000 + 8 * 41, 1);
    for (int cpu = 0; cpu < 2; cpu++) {
        uint64_t b = RDB + (uint64_t)cpu * 0x20000;
        W(b + 0x14, 0);
        W(b + 0x10080, 0xffffffff);
        W(b + 0x10380, 0xffffffff);
        W(b + 0x10180, 0xffff0000);
        W(b + 0x10100, 0xffff);
        for (int i = 0; i < 32; i += 4)
            W(b + 0x10400 + (uint64_t)i, 0xa0a0a0a0);
    }
    W(D + 0x104, 0x2);
    W(D + 0x204, 0x2);
    W(D + 0xc08, 0x20);
    W(RDB + 0x10200, 0x8);
    W(RDB + 0x20000 + 0x10c04, 0xaaaa0000);
    dump_v3();
}

/* Bits compared at an address: the documented differences are masked out. */
static uint32_t mask_of(bool v3, uint64_t a) {
    if (!v3) {
        if (a == C + 0x08 || a == C + 0x1c)      /* GICC_BPR/ABPR: minimum with 5 bits */
            return 0;
        if (a == C + 0x28)                        /* GICC_AHPPIR idle: 1023 (QEMU 0) */
            return 0;
        return ~0u;
    }
    if (a == D + 0x4)                             /* GICD_TYPER: QEMU has LPIs, No1N */
        return 0x010000ff;
    if ((a - RDB) % 0x20000 == 0 && a >= RDB)     /* GICR_CTLR.CES (LPIs) */
        return ~2u;
    if ((a - RDB) % 0x20000 == 8 && a >= RDB)     /* GICR_TYPER.PLPIS, CommonLPIAff */
        return 0x00fffffe;
    return ~0u;
}

int main(int argc, char **argv) {
    if (argc < 3 || (strcmp(argv[2], "v2") && strcmp(argv[2], "v3"))) {
        fprintf(stderr, "usage: qtest_replay ops|check v2|v3 [QEMU_REPLIES]\n");
        return 2;
    }
    bool v3 = !strcmp(argv[2], "v3");
    if (v3)
        gen_v3();
    else
        gen_v2();
    if (!strcmp(argv[1], "ops")) {
        for (int i = 0; i < n_ops; i++) {
            if (ops[i].write)
                printf("writel 0x%" PRIx64 " 0x%x\n", ops[i].addr, ops[i].val);
            else
                printf("readl 0x%" PRIx64 "\n", ops[i].addr);
        }
        return 0;
    }
    FILE *q = argc > 3 ? fopen(argv[3], "r") : NULL;
    if (!q) {
        fprintf(stderr, "qtest_replay: cannot read QEMU's replies\n");
        return 2;
    }
    MemMap mm;
    memmap_init(&mm);
    IrqLine none[2] = {{0}, {0}};
    static int chr;
    Gicv3 *g3 = NULL;
    Gicv2 *g2 = NULL;
    Pl011 *uart = NULL;
    Pl031 *rtc = NULL;
    if (v3) {
        g3 = gicv3_create(&mm, D, RDB, 2, 256, NULL, none, NULL);
    } else {
        g2 = gicv2_create(&mm, D, C, 1, 288, none, NULL, NULL, NULL);
        uart = pl011_create(&mm, U, none[0], (CharDev *)&chr);
        rtc = pl031_create(&mm, T, none[0], NULL, NULL);
    }
    if (v3 ? !g3 : !g2 || !uart || !rtc)
        return 2;
    int reads = 0, bad = 0;
    char line[256];
    for (int i = 0; i < n_ops; i++) {
        /* qtest replies: one line per command, "OK" or "OK 0x..." (logging lines start '['). */
        do {
            if (!fgets(line, sizeof line, q)) {
                fprintf(stderr, "qtest_replay: QEMU's replies end at op %d\n", i);
                return 1;
            }
        } while (line[0] == '[');
        if (ops[i].write) {
            memmap_write(&mm, ops[i].addr, 4, ops[i].val);
            continue;
        }
        uint64_t mine = 0, theirs = 0;
        memmap_read(&mm, ops[i].addr, 4, &mine);
        if (sscanf(line, "OK 0x%" SCNx64, &theirs) != 1) {
            fprintf(stderr, "qtest_replay: bad reply '%s'\n", line);
            return 1;
        }
        uint32_t m = mask_of(v3, ops[i].addr);
        reads++;
        if (((uint32_t)mine & m) != ((uint32_t)theirs & m)) {
            bad++;
            printf("op %d: readl 0x%" PRIx64 ": QEMU 0x%08" PRIx64 ", tern 0x%08" PRIx64 "\n", i,
                   ops[i].addr, theirs, mine);
        }
    }
    printf("%s: %d reads, %d differ\n", argv[2], reads, bad);
    fclose(q);
    gicv3_free(g3);
    gicv2_free(g2);
    pl011_free(uart);
    pl031_free(rtc);
    memmap_free(&mm);
    return bad ? 1 : 0;
}
