/* SPDX-License-Identifier: MIT */
/* Unit test of hw/gic_core.c's bookkeeping: after random sequences of line changes, register
   writes, acknowledges, EOIs, deactivations and SGIs (GICv2 and GICv3 flavours), the "live"
   bitmaps that gic_hppi scans must equal the spec's predicate (enabled, not active, pending)
   for every interrupt, and gic_hppi must equal a plain scan of all interrupts by the rules of
   IHI 0048B 3.3 (highest priority, then lowest INTID; enabled groups; targets). */
#include <stdio.h>
#include <stdlib.h>

#include "hw/gic_core.h"

#include "tests/unit/check.h"

#define NCPU 4
#define NIRQ 96

static int lv[2][NCPU];
static void out(void *opaque, int n, int level) { (void)opaque; lv[0][n] = level; }

static int naive_hppi(GicCore *g, int cpu) {
    GicCpu *c = &g->cpu[cpu];
    int best = -1;
    unsigned bp = 0x100;
    if (c->asleep)
        return -1;
    for (int irq = 0; irq < g->n_irq; irq++) {
        GicIrq *i = gic_irq(g, cpu, irq);
        if (!i->enabled || i->active || !gic_pending(g, cpu, irq))
            continue;
        if (!g->grp_en[i->group] || !c->grp_en[i->group])
            continue;
        if (irq >= 32) {
            GicSpi *s = &g->spi[irq - 32];
            bool t = g->v3 ? ((s->router >> 31) & 1) ||
                                 (s->router & 0xff00ffffffull) == c->affinity
                           : g->n_cpus == 1 || ((s->targets >> cpu) & 1);
            if (!t)
                continue;
        }
        if (i->prio < bp) {
            bp = i->prio;
            best = irq;
        }
    }
    return best;
}

static unsigned rnd(unsigned n) { return (unsigned)rand() % n; }

static void run(bool v3) {
    GicCore g;
    IrqLine o[NCPU];
    for (int i = 0; i < NCPU; i++)
        o[i] = (IrqLine){.set = out, .n = i};
    CHECK(gic_core_init(&g, NCPU, NIRQ, v3, o, o), "init");
    g.grp_en[0] = g.grp_en[1] = true;
    int bad_live = 0, bad_hppi = 0;
    for (int step = 0; step < 20000; step++) {
        int cpu = (int)rnd(NCPU), irq = (int)rnd(NIRQ);
        switch (rnd(12)) {
        case 0: gic_set_spi_level(&g, irq, (int)rnd(2)); break;
        case 1: gic_set_private_level(&g, cpu, (int)rnd(32), (int)rnd(2)); break;
        case 2:
            gic_write_bits(&g, cpu, (enum GicBitReg)rnd(7), (int)rnd(NIRQ / 32),
                           (uint32_t)rand());
            break;
        case 3: gic_write_cfg(&g, cpu, (int)rnd(NIRQ / 16), (uint32_t)rand()); break;
        case 4: gic_set_prio(&g, cpu, irq, (uint8_t)rand()); break;
        case 5: gic_acknowledge(&g, cpu, 1 + rnd(3), rnd(2)); break;
        case 6: gic_eoi(&g, cpu, 1 + rnd(3), (uint32_t)rnd(1100)); break;
        case 7: gic_deactivate(&g, cpu, (uint32_t)rnd(1024)); break;
        case 8: gic_send_sgi(&g, cpu, rnd(18), rnd(1u << NCPU)); break;
        case 9:
            g.cpu[cpu].grp_en[rnd(2)] = rnd(2);
            g.cpu[cpu].pmr = (uint8_t)(rand() & 0xf8);
            gic_update(&g);
            break;
        case 10:
            if (irq >= 32) {
                g.spi[irq - 32].targets = (uint8_t)rnd(1u << NCPU);
                g.spi[irq - 32].router = rnd(3) == 0 ? 1ull << 31 : rnd(NCPU);
                gic_update(&g);
            }
            break;
        case 11:
            if (rnd(50) == 0)
                gic_core_reset(&g);
            break;
        }
        for (int c = 0; c < NCPU; c++) {
            for (int i = 0; i < NIRQ; i++) {
                GicIrq *q = gic_irq(&g, c, i);
                bool want = q->enabled && !q->active && gic_pending(&g, c, i);
                uint32_t w = i < 32 ? g.cpu[c].priv_live : g.spi_live[i / 32];
                if (((w >> (i % 32)) & 1) != want)
                    bad_live++;
            }
            if (gic_hppi(&g, c, NULL) != naive_hppi(&g, c))
                bad_hppi++;
        }
    }
    CHECK(bad_live == 0, "%s: %d live-bitmap mismatches", v3 ? "v3" : "v2", bad_live);
    CHECK(bad_hppi == 0, "%s: %d hppi mismatches", v3 ? "v3" : "v2", bad_hppi);
    gic_core_free(&g);
}

int main(void) {
    srand(12345);
    run(false);
    run(true);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
