/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/plic.c through the memory map, with no CPU running: register masking,
   level-triggered pending bits, per-context MEIP/SEIP outputs, thresholds, priority-ordered
   claims with lowest-id ties, the claim/complete gateway protocol, and guest errors. Harts are
   zeroed RVCPU structs whose mip_ext bits are checked, wired as the boards do (context 2h ->
   MEIP of hart h, 2h+1 -> SEIP) through IRQ lines. */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/riscv/cpu.h"
#include "hw/plic.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define BASE 0xc000000ull
#define NSRC 96
#define NHARTS 2
#define MEIP (1ull << 11)
#define SEIP (1ull << 9)

static MemMap mm;
static RVCPU *harts[NHARTS];
static Plic *plic;

static void ctx_line(void *opaque, int ctx, int level) {
    (void)opaque;
    rv_cpu_set_irq(harts[ctx / 2], (ctx & 1) ? RV_IRQ_SEI : RV_IRQ_MEI, level);
}

static uint32_t rd(uint64_t off) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE + off, 4, &v), "read at +0x%llx", (unsigned long long)off);
    return (uint32_t)v;
}
static void wr(uint64_t off, uint32_t v) {
    CHECK(memmap_write(&mm, BASE + off, 4, v), "write at +0x%llx", (unsigned long long)off);
}

static uint64_t prio_reg(int src) { return PLIC_PRIORITY + 4ull * (unsigned)src; }
static uint64_t pend_reg(int src) { return PLIC_PENDING + 4ull * (unsigned)(src / 32); }
static uint64_t en_reg(int ctx, int src) {
    return PLIC_ENABLE + PLIC_ENABLE_STRIDE * (unsigned)ctx + 4ull * (unsigned)(src / 32);
}
static uint64_t thr_reg(int ctx) { return PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * (unsigned)ctx; }
static uint64_t claim_reg(int ctx) { return thr_reg(ctx) + 4; }

static bool pending(int src) { return (rd(pend_reg(src)) >> (src % 32)) & 1; }
static void enable(int ctx, int src, bool on) {
    uint32_t w = rd(en_reg(ctx, src)), b = 1u << (src % 32);
    wr(en_reg(ctx, src), on ? (w | b) : (w & ~b));
}
static void line(int src, int level) { irq_set(plic_irq(plic, src), level); }
static bool ext(int hart, uint64_t bit) { return (harts[hart]->mip_ext & bit) != 0; }
static bool no_outputs(void) {
    for (int h = 0; h < NHARTS; h++)
        if (harts[h]->mip_ext & (MEIP | SEIP))
            return false;
    return true;
}

/* Everything back to zero, every line low, by registers and lines only. */
static void quiesce(void) {
    for (int s = 1; s < NSRC; s++) {
        line(s, 0);
        wr(prio_reg(s), 0);
    }
    for (int c = 0; c < 2 * NHARTS; c++) {
        wr(thr_reg(c), 0);
        for (int w = 0; w < 3; w++)
            wr(en_reg(c, 32 * w), 0xffffffff);
        for (int s = 1; s < NSRC; s++)   /* complete anything left in flight */
            wr(claim_reg(c), (uint32_t)s);
        for (int w = 0; w < 3; w++)
            wr(en_reg(c, 32 * w), 0);
    }
}

static void test_registers(void) {
    CHECK(rd(prio_reg(1)) == 0 && rd(PLIC_PENDING) == 0 && rd(en_reg(0, 0)) == 0 &&
              rd(thr_reg(3)) == 0 && rd(claim_reg(1)) == 0, "reset state");
    wr(prio_reg(5), 0xffffffff);
    CHECK(rd(prio_reg(5)) == PLIC_MAX_PRIORITY, "priority mask 0x%x", rd(prio_reg(5)));
    wr(prio_reg(5), 3);
    CHECK(rd(prio_reg(5)) == 3 && rd(prio_reg(4)) == 0 && rd(prio_reg(6)) == 0, "priority 5");
    wr(prio_reg(0), 5);
    CHECK(rd(prio_reg(0)) == 0, "source 0 has no priority");
    wr(prio_reg(NSRC - 1), 2);
    CHECK(rd(prio_reg(NSRC - 1)) == 2, "last source priority");
    wr(thr_reg(2), 0xffffffff);
    CHECK(rd(thr_reg(2)) == PLIC_MAX_PRIORITY, "threshold mask 0x%x", rd(thr_reg(2)));
    CHECK(rd(thr_reg(1)) == 0 && rd(thr_reg(3)) == 0, "threshold of other contexts");
    wr(en_reg(1, 0), 0xffffffff);
    CHECK(rd(en_reg(1, 0)) == 0xfffffffe, "source 0 enable bit 0x%x", rd(en_reg(1, 0)));
    wr(en_reg(1, 64), 0xffffffff);
    CHECK(rd(en_reg(1, 64)) == 0xffffffff, "sources 64..95 all exist");
    CHECK(rd(en_reg(0, 0)) == 0 && rd(en_reg(2, 0)) == 0, "enables of other contexts");
    quiesce();
}

static void test_pending_follows_line(void) {
    line(5, 1);
    CHECK(pending(5), "pending not set by the line");
    CHECK(!pending(4) && !pending(6), "neighbours pending");
    CHECK(no_outputs(), "disabled source interrupted");
    line(5, 0);
    CHECK(!pending(5), "pending not cleared with the line");
    line(70, 1);
    CHECK(rd(PLIC_PENDING + 8) == 1u << (70 - 64), "pending word 2: 0x%x", rd(PLIC_PENDING + 8));
    wr(PLIC_PENDING + 8, 0);
    CHECK(pending(70), "pending bits are read-only");
    quiesce();
}

static void test_outputs_and_threshold(void) {
    wr(prio_reg(10), 2);
    enable(1, 10, true);                /* hart 0, S-mode */
    line(10, 1);
    CHECK(ext(0, SEIP) && !ext(0, MEIP) && !ext(1, SEIP) && !ext(1, MEIP),
          "only hart 0 SEIP: %llx %llx", (unsigned long long)harts[0]->mip_ext,
          (unsigned long long)harts[1]->mip_ext);
    wr(thr_reg(1), 1);
    CHECK(ext(0, SEIP), "priority 2 > threshold 1");
    wr(thr_reg(1), 2);
    CHECK(!ext(0, SEIP), "priority must exceed the threshold");
    wr(thr_reg(1), 7);
    CHECK(!ext(0, SEIP) && rd(claim_reg(1)) == 0, "threshold 7 masks all");
    wr(thr_reg(1), 0);
    CHECK(ext(0, SEIP), "threshold lowered");
    wr(prio_reg(10), 0);
    CHECK(!ext(0, SEIP), "priority 0 must never interrupt");
    CHECK(rd(claim_reg(1)) == 0, "priority 0 claimed");
    wr(prio_reg(10), 1);
    CHECK(ext(0, SEIP), "priority raised");
    enable(1, 10, false);
    CHECK(!ext(0, SEIP), "disabled");
    enable(2, 10, true);                /* hart 1, M-mode */
    CHECK(ext(1, MEIP) && !ext(1, SEIP) && !ext(0, SEIP), "hart 1 MEIP");
    enable(3, 10, true);
    CHECK(ext(1, MEIP) && ext(1, SEIP), "hart 1 MEIP and SEIP");
    line(10, 0);
    CHECK(no_outputs(), "line dropped, outputs stay");
    quiesce();
}

static void test_claim_order(void) {
    static const struct { int src, prio; } srcs[] = {{3, 2}, {9, 5}, {7, 5}, {40, 1}, {90, 6}};
    for (unsigned i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        wr(prio_reg(srcs[i].src), (uint32_t)srcs[i].prio);
        enable(0, srcs[i].src, true);
        line(srcs[i].src, 1);
    }
    CHECK(ext(0, MEIP), "hart 0 MEIP");
    static const int want[] = {90, 7, 9, 3, 40};
    for (unsigned i = 0; i < 5; i++) {
        uint32_t got = rd(claim_reg(0));
        CHECK(got == (uint32_t)want[i], "claim %u: got %u want %d", i, got, want[i]);
        CHECK(!pending(want[i]), "claimed source %d still pending", want[i]);
        CHECK(ext(0, MEIP) == (i < 4), "MEIP after claim %u", i);
    }
    CHECK(rd(claim_reg(0)) == 0, "nothing left to claim");
    /* In flight, the line cannot make it pending again. */
    line(7, 0);
    line(7, 1);
    CHECK(!pending(7), "claimed source pending again before completion");
    /* Completion with the line still high: a new request. */
    wr(claim_reg(0), 7);
    CHECK(pending(7) && ext(0, MEIP), "completion with the line high");
    CHECK(rd(claim_reg(0)) == 7, "reclaim 7");
    /* Completion with the line low: nothing. */
    line(3, 0);
    wr(claim_reg(0), 3);
    CHECK(!pending(3), "completion with the line low");
    wr(claim_reg(0), 3);                /* twice: harmless */
    CHECK(!pending(3), "double completion");
    /* The claim respects the threshold (as QEMU's and as the output does). */
    wr(claim_reg(0), 90);
    wr(claim_reg(0), 9);
    wr(claim_reg(0), 7);
    CHECK(pending(90) && pending(9) && pending(7), "completions");
    wr(thr_reg(0), 5);
    CHECK(rd(claim_reg(0)) == 90, "only 90 above threshold 5");
    CHECK(!ext(0, MEIP) && rd(claim_reg(0)) == 0, "threshold 5 leaves 7 and 9");
    wr(thr_reg(0), 0);
    CHECK(rd(claim_reg(0)) == 7, "ties go to the lowest id");
    quiesce();
}

static void test_shared_source(void) {
    wr(prio_reg(33), 1);
    enable(1, 33, true);
    enable(3, 33, true);
    line(33, 1);
    CHECK(ext(0, SEIP) && ext(1, SEIP), "both harts notified");
    CHECK(rd(claim_reg(3)) == 33, "hart 1 claims");
    CHECK(!ext(0, SEIP) && !ext(1, SEIP), "claimed source still notifies");
    CHECK(rd(claim_reg(1)) == 0, "hart 0 claimed what hart 1 has");
    /* Completing from a context where the source is not enabled is ignored. */
    enable(3, 33, false);
    wr(claim_reg(3), 33);
    CHECK(!pending(33), "completion of a disabled source not ignored");
    enable(3, 33, true);
    wr(claim_reg(3), 33);
    CHECK(pending(33) && ext(0, SEIP) && ext(1, SEIP), "completion after re-enable");
    quiesce();
}

static void test_guest_errors(void) {
    FILE *log = tmpfile();
    CHECK(log != NULL, "tmpfile");
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    wr(prio_reg(12), 4);
    enable(1, 12, true);
    line(12, 1);
    uint64_t v = 1;
    /* Narrow and misaligned accesses: refused, and never a claim. */
    CHECK(memmap_read(&mm, BASE + claim_reg(1), 1, &v) && v == 0, "byte claim read");
    CHECK(memmap_read(&mm, BASE + claim_reg(1), 2, &v) && v == 0, "half claim read");
    CHECK(memmap_write(&mm, BASE + prio_reg(12), 1, 0), "byte priority write");
    CHECK(memmap_read(&mm, BASE + prio_reg(12) + 1, 4, &v) && v == 0, "misaligned read");
    CHECK(pending(12) && ext(0, SEIP) && rd(prio_reg(12)) == 4, "narrow accesses had effect");
    /* 8-byte accesses act as two 32-bit ones. */
    wr(prio_reg(13), 6);
    CHECK(memmap_read(&mm, BASE + prio_reg(12), 8, &v) && v == (4ull | 6ull << 32),
          "8-byte priority read 0x%llx", (unsigned long long)v);
    /* Registers that do not exist. */
    CHECK(rd(prio_reg(NSRC)) == 0 && rd(PLIC_PENDING + 12) == 0 && rd(en_reg(1, 96)) == 0,
          "past the last source");
    wr(prio_reg(NSRC), 5);
    CHECK(rd(prio_reg(NSRC)) == 0, "priority past the last source");
    CHECK(rd(en_reg(2 * NHARTS, 0)) == 0 && rd(thr_reg(2 * NHARTS)) == 0 &&
              rd(claim_reg(2 * NHARTS)) == 0, "context past the last hart");
    wr(thr_reg(2 * NHARTS), 3);
    wr(claim_reg(2 * NHARTS), 12);
    wr(en_reg(2 * NHARTS, 0), ~0u);
    CHECK(rd(thr_reg(1) + 8) == 0 && rd(0x1f0000) == 0 && rd(PLIC_SIZE - 4) == 0, "holes");
    CHECK(memmap_write(&mm, BASE + PLIC_SIZE - 8, 8, ~0ull), "8-byte write at the end");
    CHECK(ftell(log) > 0, "nothing logged for bad accesses");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(rd(claim_reg(1)) == 12, "state survived the bad accesses");
    CHECK(plic_irq(plic, 0).set == NULL && plic_irq(plic, NSRC).set == NULL &&
              plic_irq(plic, -1).set == NULL, "lines that do not exist");
    quiesce();
}

static void test_reset(void) {
    wr(prio_reg(20), 3);
    enable(0, 20, true);
    line(20, 1);
    line(21, 1);
    CHECK(ext(0, MEIP), "before reset");
    CHECK(rd(claim_reg(0)) == 20, "claim before reset");
    plic_reset(plic);
    CHECK(no_outputs() && rd(prio_reg(20)) == 0 && rd(en_reg(0, 20)) == 0, "after reset");
    CHECK(pending(20) && pending(21), "reset must re-sample the high lines");
    quiesce();
}

int main(void) {
    memmap_init(&mm);
    for (int i = 0; i < NHARTS; i++)
        harts[i] = calloc(1, sizeof *harts[i]);
    IrqLine ctx[2 * NHARTS];
    for (int i = 0; i < 2 * NHARTS; i++)
        ctx[i] = (IrqLine){.set = ctx_line, .n = i};
    CHECK(plic_create(&mm, BASE, 0, ctx, 2 * NHARTS) == NULL, "0 sources accepted");
    CHECK(plic_create(&mm, BASE, NSRC, ctx, 0) == NULL, "0 contexts accepted");
    plic = plic_create(&mm, BASE, NSRC, ctx, 2 * NHARTS);
    CHECK(plic != NULL, "create");
    if (!plic) {
        printf("%d passed, %d failed\n", n_pass, n_fail);
        return 1;
    }
    test_registers();
    test_pending_follows_line();
    test_outputs_and_threshold();
    test_claim_order();
    test_shared_source();
    test_guest_errors();
    test_reset();
    CHECK(no_outputs(), "outputs left raised");
    memmap_free(&mm);
    plic_free(plic);
    for (int i = 0; i < NHARTS; i++) {
        cpu_forget(&harts[i]->c);   /* the timer thread may still know it */
        free(harts[i]);
    }
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
