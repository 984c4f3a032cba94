/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/clint.c through the memory map: msip drives the MSIP line of the right
   hart, mtimecmp 64-bit and 32-bit-half writes read back and drive MTIP (at once when due, else
   through the timer service at the host time mtime reaches it), mtime counts at 10 MHz from
   the host clock and can be written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/clint.h"
#include "system/memmap.h"
#include "translate/guest.h"

#include "tests/unit/check.h"

#define BASE 0x2000000ull
#define NHARTS 2

static MemMap mm;
static int msip_level[NHARTS], mtip_level[NHARTS];
static TimerList timers;
static uint64_t wake_at = TIMER_NEVER;
static Clint *clint;

static void set_msip_line(void *opaque, int n, int level) { (void)opaque; msip_level[n] = level; }
static void set_mtip_line(void *opaque, int n, int level) { (void)opaque; mtip_level[n] = level; }
static void wake(void *opaque, uint64_t deadline) { (void)opaque; wake_at = deadline; }

static uint64_t rd(uint64_t off, unsigned size) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE + off, size, &v), "read at +0x%llx", (unsigned long long)off);
    return v;
}
static void wr(uint64_t off, unsigned size, uint64_t v) {
    CHECK(memmap_write(&mm, BASE + off, size, v), "write at +0x%llx", (unsigned long long)off);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_msip(void) {
    CHECK(!msip_level[0] && !msip_level[1], "MSIP at reset");
    wr(CLINT_MSIP + 4, 4, 1);
    CHECK(msip_level[1], "hart 1 MSIP not raised");
    CHECK(!msip_level[0], "hart 0 MSIP raised by hart 1's msip");
    CHECK(rd(CLINT_MSIP + 4, 4) == 1 && rd(CLINT_MSIP, 4) == 0, "msip read back");
    wr(CLINT_MSIP + 4, 4, 0);
    CHECK(!msip_level[1], "hart 1 MSIP not lowered");
    wr(CLINT_MSIP, 4, 0xfffffffe);              /* only bit 0 is implemented */
    CHECK(rd(CLINT_MSIP, 4) == 0 && !msip_level[0], "msip upper bits");
    wr(CLINT_MSIP, 4, 3);
    CHECK(rd(CLINT_MSIP, 4) == 1 && msip_level[0], "msip bit 0 with others");
    wr(CLINT_MSIP, 4, 0);
    /* A hart that does not exist reads as zero and ignores writes. */
    wr(CLINT_MSIP + 4 * 5, 4, 1);
    CHECK(rd(CLINT_MSIP + 4 * 5, 4) == 0, "msip of a missing hart");
}

static void test_mtimecmp(void) {
    CHECK(rd(CLINT_MTIMECMP, 8) == ~0ull && rd(CLINT_MTIMECMP + 8, 8) == ~0ull,
          "mtimecmp at reset");
    wr(CLINT_MTIMECMP, 8, 0x123456789abcdef0ull);
    CHECK(rd(CLINT_MTIMECMP, 8) == 0x123456789abcdef0ull, "mtimecmp read back");
    CHECK(rd(CLINT_MTIMECMP + 8, 8) != 0x123456789abcdef0ull, "hart 1 got hart 0's mtimecmp");
    wr(CLINT_MTIMECMP + 8, 4, 0x11111111);      /* hart 1, low then high half */
    wr(CLINT_MTIMECMP + 12, 4, 0x22222222);
    CHECK(rd(CLINT_MTIMECMP + 8, 8) == 0x2222222211111111ull, "hart 1 mtimecmp halves");
    CHECK(rd(CLINT_MTIMECMP + 12, 4) == 0x22222222 && rd(CLINT_MTIMECMP + 8, 4) == 0x11111111,
          "mtimecmp half reads");
    wr(CLINT_MTIMECMP + 4, 4, 0);               /* high half of hart 0 only */
    CHECK(rd(CLINT_MTIMECMP, 8) == 0x9abcdef0ull, "hart 0 high-half write");
}

/* MTIP is the level mtime >= mtimecmp on the hart's line: due compares raise it at once, a
   future one arms the timer service for the host time mtime reaches it. */
static void test_mtip(void) {
    wr(CLINT_MTIMECMP, 8, ~0ull);
    wr(CLINT_MTIMECMP + 8, 8, ~0ull);
    CHECK(!mtip_level[0] && !mtip_level[1], "MTIP with mtimecmp at all ones");
    wr(CLINT_MTIMECMP + 8, 8, 0);
    CHECK(mtip_level[1] && !mtip_level[0], "MTIP of hart 1 not raised at once for a due compare");
    wr(CLINT_MTIMECMP + 8, 8, ~0ull);
    CHECK(!mtip_level[1], "MTIP not lowered by a compare in the future");

    uint64_t now = rd(CLINT_MTIME, 8);
    uint64_t t0 = host_clock_ns();
    wr(CLINT_MTIMECMP, 8, now + 200000);        /* 20 ms ahead */
    CHECK(!mtip_level[0], "MTIP raised early");
    CHECK(wake_at != TIMER_NEVER && wake_at >= t0 + 15000000ull && wake_at <= t0 + 25000000ull,
          "wake-up armed %lld ns ahead, want ~20 ms",
          (long long)(wake_at - t0));
    timer_list_run(&timers, host_clock_ns());
    CHECK(!mtip_level[0], "timer fired before its deadline");
    sleep_ms(30);
    timer_list_run(&timers, host_clock_ns());
    CHECK(mtip_level[0], "MTIP not raised by the timer");
    CHECK(rd(CLINT_MTIME, 8) >= now + 200000, "mtime behind the compare when MTIP rose");
    wr(CLINT_MTIMECMP, 8, ~0ull);
    CHECK(!mtip_level[0], "MTIP not lowered");
    CHECK(wake_at == TIMER_NEVER || wake_at <= host_clock_ns(), "a wake-up left for nothing");

    /* A backwards mtime write moves the due compare into the future again. */
    wr(CLINT_MTIMECMP, 8, rd(CLINT_MTIME, 8));
    CHECK(mtip_level[0], "MTIP for mtimecmp = mtime");
    wr(CLINT_MTIME, 8, 0);
    CHECK(!mtip_level[0], "MTIP after mtime went back");
    clint_reset(clint);
    CHECK(!mtip_level[0] && !msip_level[0] && rd(CLINT_MTIMECMP, 8) == ~0ull, "reset");
}

static void test_mtime(void) {
    uint64_t t0 = rd(CLINT_MTIME, 8);
    sleep_ms(20);
    uint64_t t1 = rd(CLINT_MTIME, 8);
    /* 20 ms at 10 MHz is 200000 ticks; allow for a slow, loaded host */
    CHECK(t1 - t0 >= 190000 && t1 - t0 < 10000000, "mtime advanced %llu ticks in 20 ms",
          (unsigned long long)(t1 - t0));
    uint64_t via_fn = clint_mtime(clint);
    uint64_t t2 = rd(CLINT_MTIME, 8);
    CHECK(via_fn >= t1 && via_fn <= t2, "clint_mtime is not the register (%llu vs %llu)",
          (unsigned long long)via_fn, (unsigned long long)t2);
    uint64_t lo = rd(CLINT_MTIME, 4), hi = rd(CLINT_MTIME + 4, 4);
    CHECK(hi == (t2 >> 32) && lo >= (t2 & 0xffffffff), "mtime halves");

    wr(CLINT_MTIME, 8, 1000000000000ull);
    uint64_t t3 = rd(CLINT_MTIME, 8);
    CHECK(t3 >= 1000000000000ull && t3 < 1000000000000ull + 10000000, "mtime after write %llu",
          (unsigned long long)t3);
    CHECK(clint_mtime(clint) >= 1000000000000ull, "time source ignores the mtime write");
    wr(CLINT_MTIME + 4, 4, 5);                  /* high half only */
    uint64_t t4 = rd(CLINT_MTIME, 8);
    CHECK((t4 >> 32) == 5, "mtime high-half write: 0x%llx", (unsigned long long)t4);
    CHECK(rd(0x8000, 4) == 0, "unimplemented offset reads 0");
}

int main(void) {
    memmap_init(&mm);
    timer_list_init(&timers, wake, NULL);
    IrqLine msip[NHARTS], mtip[NHARTS];
    for (int i = 0; i < NHARTS; i++) {
        msip[i] = (IrqLine){.set = set_msip_line, .n = i};
        mtip[i] = (IrqLine){.set = set_mtip_line, .n = i};
    }
    CHECK(clint_create(msip, mtip, CLINT_MAX_HARTS + 1, &timers) == NULL, "too many harts");
    clint = clint_create(msip, mtip, NHARTS, &timers);
    if (!clint || !clint_map(clint, &mm, BASE)) {
        printf("clint setup failed\n");
        return 1;
    }
    test_msip();
    test_mtimecmp();
    test_mtip();
    test_mtime();
    clint_free(clint);
    CHECK(timers.n == 0, "timers left registered after clint_free");
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
