/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/pl031.c through the memory map, with no CPU: the AMBA PeriphID/PCellID
   probe, RTCDR against the host wall clock, RTCLR loading the counter (the way Linux's
   rtc-pl031 sets the time), the match interrupt through the device timer (deadline at the
   host time the counter reaches RTCMR, re-checked against the clock), a match at once, masking
   (RTCIMSC/RIS/MIS), RTCICR, RTCCR, pl031_set_time (-rtc base=), reset, guest errors. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hw/pl031.h"
#include "system/log.h"
#include "system/memmap.h"
#include "system/timer.h"

#include "tests/unit/check.h"

#define BASE 0x9010000ull
#define BASE2 0x9020000ull
#define NS 1000000000ull

static MemMap mm;
static TimerList timers;
static uint64_t wake_at = TIMER_NEVER;
static uint64_t fake_now;
static uint64_t fake_clock(void) { return fake_now; }
static void wake(void *opaque, uint64_t deadline) { (void)opaque; wake_at = deadline; }

static int irq_level, irq_rises;
static void irq_rec(void *opaque, int n, int level) {
    (void)opaque;
    CHECK(n == 34, "irq line number %d", n);
    if (level && !irq_level)
        irq_rises++;
    irq_level = level;
}

static uint32_t rd_at(uint64_t base, uint64_t off) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, base + off, 4, &v), "read at +0x%llx", (unsigned long long)off);
    return (uint32_t)v;
}
static uint32_t rd(uint64_t off) { return rd_at(BASE2, off); }
static void wr(uint64_t off, uint32_t v) {
    CHECK(memmap_write(&mm, BASE2 + off, 4, v), "write at +0x%llx", (unsigned long long)off);
}

static void test_host_clock(void) {
    Pl031 *r = pl031_create(&mm, BASE, (IrqLine){0}, NULL, NULL);
    CHECK(r != NULL, "create on the host clock");
    uint32_t pid = 0, cid = 0;
    for (int i = 0; i < 4; i++) {
        pid |= (rd_at(BASE, RTCPeriphID0 + 4 * i) & 0xff) << (8 * i);
        cid |= (rd_at(BASE, RTCPCellID0 + 4 * i) & 0xff) << (8 * i);
    }
    CHECK(cid == 0xb105f00d && (pid & 0x000fffff) == 0x00041031, "ids 0x%08x 0x%08x", pid, cid);
    time_t before = time(NULL);
    uint32_t t = rd_at(BASE, RTCDR);
    time_t after = time(NULL);
    CHECK(t >= (uint32_t)before && t <= (uint32_t)after, "RTCDR %u vs host %ld", t, (long)before);
    CHECK(rd_at(BASE, RTCCR) == 1, "RTCCR.RTCStart");
    pl031_free(r);
}

static Pl031 *rtc;

static void test_load(void) {
    fake_now = 1000 * NS + 300000000ull;
    CHECK(rd(RTCDR) == 1000, "counter from the clock: %u", rd(RTCDR));
    /* rtc-pl031 pl031_set_time: write the seconds to RTCLR. */
    wr(RTCLR, 1700000000u);
    CHECK(rd(RTCDR) == 1700000000u && rd(RTCLR) == 1700000000u, "RTCLR load");
    fake_now += NS - 1;
    CHECK(rd(RTCDR) == 1700000000u, "a second not yet elapsed after the load");
    fake_now += 1;
    CHECK(rd(RTCDR) == 1700000001u, "counts from the load");
    wr(RTCCR, 0);
    fake_now += NS;
    CHECK(rd(RTCDR) == 1700000002u && rd(RTCCR) == 1, "RTCCR cannot stop the counter");
}

static DevTimer *the_timer(void) { return timers.n ? timers.timers[0] : NULL; }

static void test_match(void) {
    wr(RTCIMSC, 1);
    CHECK(rd(RTCIMSC) == 1, "RTCIMSC");
    uint32_t now = rd(RTCDR);
    /* pl031_set_alarm: RTCMR, then unmask. */
    uint64_t h0 = host_clock_ns();
    wr(RTCMR, now + 5);
    uint64_t h1 = host_clock_ns();
    CHECK(rd(RTCMR) == now + 5, "RTCMR read back");
    CHECK(rd(RTCRIS) == 0 && irq_level == 0, "no interrupt before the match");
    DevTimer *t = the_timer();
    CHECK(t && t->deadline >= h0 + 5 * NS && t->deadline <= h1 + 5 * NS,
          "deadline %llu not 5 s ahead", t ? (unsigned long long)(t->deadline - h0) : 0ull);
    CHECK(wake_at != TIMER_NEVER && wake_at == t->deadline, "wake-up armed");
    /* The timer runs early relative to the clock: it re-arms rather than fires. */
    fake_now += 4 * NS;
    timer_list_run(&timers, t->deadline);
    CHECK(irq_level == 0 && rd(RTCRIS) == 0, "fired before the counter matched");
    CHECK(t->deadline != TIMER_NEVER, "re-armed");
    fake_now += NS;
    timer_list_run(&timers, t->deadline);
    CHECK(rd(RTCDR) == now + 5, "counter at the match");
    CHECK(irq_level == 1 && rd(RTCRIS) == 1 && rd(RTCMIS) == 1, "match interrupt");
    CHECK(t->deadline == TIMER_NEVER, "timer disarmed after the match");
    wr(RTCICR, 1);
    CHECK(irq_level == 0 && rd(RTCRIS) == 0, "RTCICR clears it");

    /* A match value equal to the counter raises it at once. */
    wr(RTCMR, rd(RTCDR));
    CHECK(irq_level == 1 && rd(RTCRIS) == 1, "match at once");
    wr(RTCIMSC, 0);
    CHECK(irq_level == 0 && rd(RTCRIS) == 1 && rd(RTCMIS) == 0, "masked: raw stays, line low");
    wr(RTCIMSC, 1);
    CHECK(irq_level == 1, "unmasking a raw interrupt raises the line");
    wr(RTCICR, 1);

    /* Masked alarms still set RIS. */
    wr(RTCIMSC, 0);
    wr(RTCMR, rd(RTCDR) + 1);
    fake_now += NS;
    timer_list_run(&timers, TIMER_NEVER - 1);
    CHECK(rd(RTCRIS) == 1 && irq_level == 0, "masked match");
    wr(RTCICR, 1);

    /* A match in the past is reached only after the counter wraps: far away, not at once. */
    wr(RTCMR, rd(RTCDR) - 10);
    CHECK(rd(RTCRIS) == 0 && the_timer()->deadline - host_clock_ns() > 1000000ull * NS,
          "a past match must wait for the wrap");
    /* Loading the counter moves the match. */
    wr(RTCLR, rd(RTCMR) - 2);
    fake_now += 2 * NS;
    timer_list_run(&timers, TIMER_NEVER - 1);
    CHECK(rd(RTCRIS) == 1, "match after a load");
    wr(RTCICR, 1);
}

/* -rtc base=DATE: the board sets the clock; it runs on from there and moves an armed match. */
static void test_set_time(void) {
    pl031_set_time(rtc, 1234567890ull * NS + NS / 2);
    CHECK(rd(RTCDR) == 1234567890u, "set_time: %u", rd(RTCDR));
    fake_now += NS / 2;
    CHECK(rd(RTCDR) == 1234567891u, "runs on from the set time");
    wr(RTCIMSC, 1);
    wr(RTCMR, 1234567900u);
    uint64_t h = host_clock_ns();
    pl031_set_time(rtc, 1234567899ull * NS);
    DevTimer *t = the_timer();
    CHECK(t->deadline >= h + NS && t->deadline <= host_clock_ns() + NS,
          "match re-timed to 1 s away: %lld ns", (long long)(t->deadline - h));
    fake_now += NS;
    timer_list_run(&timers, t->deadline);
    CHECK(irq_level == 1, "match after set_time");
    wr(RTCICR, 1);
    wr(RTCIMSC, 0);
}

static void test_reset_and_errors(void) {
    wr(RTCIMSC, 1);
    wr(RTCMR, rd(RTCDR) + 3);
    uint32_t before = rd(RTCDR);
    pl031_reset(rtc);
    CHECK(rd(RTCIMSC) == 0 && rd(RTCMR) == 0 && rd(RTCRIS) == 0, "reset");
    CHECK(the_timer()->deadline == TIMER_NEVER, "reset disarms the match");
    CHECK(rd(RTCDR) == before, "the time survives a reset");

    FILE *log = tmpfile();
    CHECK(log != NULL, "tmpfile");
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    uint64_t v = 1;
    CHECK(memmap_read(&mm, BASE2 + 0x20, 4, &v) && v == 0, "read past the registers");
    CHECK(memmap_read(&mm, BASE2 + RTCICR, 4, &v) && v == 0, "read of write-only RTCICR");
    CHECK(memmap_read(&mm, BASE2 + 1, 1, &v) && v == 0, "byte read");
    CHECK(memmap_write(&mm, BASE2 + RTCDR, 4, 5), "write to RTCDR");
    CHECK(memmap_write(&mm, BASE2 + RTCRIS, 4, 1), "write to RTCRIS");
    CHECK(memmap_write(&mm, BASE2 + RTCLR + 2, 2, 1), "misaligned write");
    CHECK(ftell(log) > 0, "nothing logged");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(rd(RTCDR) == before && rd(RTCRIS) == 0, "bad writes changed state");
}

int main(void) {
    memmap_init(&mm);
    timer_list_init(&timers, wake, NULL);
    test_host_clock();
    rtc = pl031_create(&mm, BASE2, (IrqLine){.set = irq_rec, .n = 34}, &timers, fake_clock);
    CHECK(rtc != NULL && timers.n == 1, "create");
    if (!rtc)
        return 1;
    test_load();
    test_match();
    test_set_time();
    test_reset_and_errors();
    pl031_free(rtc);
    CHECK(timers.n == 0, "free removes the timer");
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
