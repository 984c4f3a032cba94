/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/goldfish_rtc.c through the memory map, with no CPU: the time read the way
   Linux's rtc-goldfish reads it matches the host wall clock; with a fake clock: the TIME_HIGH
   latch, setting the time, alarms firing on poll and on register access, IRQ_ENABLED gating,
   CLEAR_ALARM and CLEAR_INTERRUPT, the time until the alarm, and guest errors. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hw/goldfish_rtc.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define BASE 0x101000ull
#define BASE2 0x200000ull

static MemMap mm;
static GoldfishRtc *rtc;
static GoldfishRtc *host_rtc;
static uint64_t fake_now;
static uint64_t fake_clock(void) { return fake_now; }

static int irq_level, irq_rises;
static void irq_rec(void *opaque, int n, int level) {
    (void)opaque;
    CHECK(n == 11, "irq line number %d", n);
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

/* rtc-goldfish: goldfish_rtc_read_time() */
static uint64_t linux_read_time(uint64_t base) {
    uint64_t lo = rd_at(base, GOLDFISH_RTC_TIME_LOW);
    uint64_t hi = rd_at(base, GOLDFISH_RTC_TIME_HIGH);
    return hi << 32 | lo;
}
/* rtc-goldfish: goldfish_rtc_set_time() */
static void linux_set_time(uint64_t ns) {
    wr(GOLDFISH_RTC_TIME_HIGH, (uint32_t)(ns >> 32));
    wr(GOLDFISH_RTC_TIME_LOW, (uint32_t)ns);
}
/* rtc-goldfish: goldfish_rtc_set_alarm() with the alarm enabled */
static void linux_set_alarm(uint64_t ns) {
    wr(GOLDFISH_RTC_ALARM_HIGH, (uint32_t)(ns >> 32));
    wr(GOLDFISH_RTC_ALARM_LOW, (uint32_t)ns);
    wr(GOLDFISH_RTC_IRQ_ENABLED, 1);
}

static uint64_t host_realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void test_host_time(void) {
    GoldfishRtc *r = goldfish_rtc_create(&mm, BASE, (IrqLine){0}, NULL);
    CHECK(r != NULL, "create with the host clock");
    if (!r)
        return;
    uint64_t before = host_realtime_ns();
    uint64_t t = linux_read_time(BASE);
    uint64_t after = host_realtime_ns();
    CHECK(t >= before && t <= after, "rtc %llu not within host [%llu, %llu]",
          (unsigned long long)t, (unsigned long long)before, (unsigned long long)after);
    /* The date Linux derives (seconds since the epoch) is today's. */
    time_t secs = (time_t)(t / 1000000000ull), host = time(NULL);
    struct tm g, h;
    gmtime_r(&secs, &g);
    gmtime_r(&host, &h);
    CHECK(g.tm_year == h.tm_year && g.tm_yday == h.tm_yday && g.tm_year >= 124,
          "date %d-%d vs host %d-%d", g.tm_year + 1900, g.tm_yday, h.tm_year + 1900,
          h.tm_yday);
    /* It runs. */
    struct timespec ms = {0, 2000000};
    nanosleep(&ms, NULL);
    CHECK(linux_read_time(BASE) >= t + 2000000, "clock not running");
    /* A coherent 64-bit read as one 8-byte access. */
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE, 8, &v) && v >= t && v <= host_realtime_ns(), "8-byte read");
    host_rtc = r;
}

static void test_latch_and_set(void) {
    fake_now = 0x1fffffff0ull;
    CHECK(rd(GOLDFISH_RTC_TIME_LOW) == 0xfffffff0u, "TIME_LOW");
    fake_now = 0x200000010ull;          /* the low word wrapped between the two reads */
    CHECK(rd(GOLDFISH_RTC_TIME_HIGH) == 1, "TIME_HIGH must be latched by the TIME_LOW read");
    CHECK(linux_read_time(BASE2) == 0x200000010ull, "fresh read");

    linux_set_time(0x123456789abcdef0ull);
    CHECK(linux_read_time(BASE2) == 0x123456789abcdef0ull, "set time read back 0x%llx",
          (unsigned long long)linux_read_time(BASE2));
    fake_now += 12345;
    CHECK(linux_read_time(BASE2) == 0x123456789abcdef0ull + 12345, "runs from the set time");
    wr(GOLDFISH_RTC_TIME_LOW, 5);
    CHECK(linux_read_time(BASE2) == 0x1234567800000005ull, "TIME_LOW alone");
    wr(GOLDFISH_RTC_TIME_HIGH, 7);
    CHECK(linux_read_time(BASE2) == 0x0000000700000005ull, "TIME_HIGH alone");
}

static void test_alarm(void) {
    fake_now = 1000000;
    linux_set_time(1700000000ull * 1000000000ull);
    uint64_t t0 = linux_read_time(BASE2);
    CHECK(goldfish_rtc_ns_until_alarm(rtc) == UINT64_MAX, "no alarm armed");
    CHECK(rd(GOLDFISH_RTC_ALARM_STATUS) == 0, "status with no alarm");
    linux_set_alarm(t0 + 500);
    CHECK(rd(GOLDFISH_RTC_ALARM_STATUS) == 1 && rd(GOLDFISH_RTC_IRQ_ENABLED) == 1, "armed");
    CHECK(((uint64_t)rd(GOLDFISH_RTC_ALARM_HIGH) << 32 | rd(GOLDFISH_RTC_ALARM_LOW)) == t0 + 500,
          "alarm read back");
    CHECK(goldfish_rtc_ns_until_alarm(rtc) == 500, "until alarm %llu",
          (unsigned long long)goldfish_rtc_ns_until_alarm(rtc));
    fake_now += 499;
    goldfish_rtc_poll(rtc);
    CHECK(irq_level == 0 && rd(GOLDFISH_RTC_ALARM_STATUS) == 1, "alarm fired early");
    fake_now += 1;
    CHECK(goldfish_rtc_ns_until_alarm(rtc) == 0, "due");
    goldfish_rtc_poll(rtc);
    CHECK(irq_level == 1, "alarm did not fire");
    CHECK(rd(GOLDFISH_RTC_ALARM_STATUS) == 0, "status after firing");
    CHECK(goldfish_rtc_ns_until_alarm(rtc) == UINT64_MAX, "fired alarm still armed");
    goldfish_rtc_poll(rtc);
    CHECK(irq_level == 1, "irq must stay until CLEAR_INTERRUPT");
    wr(GOLDFISH_RTC_CLEAR_INTERRUPT, 1);
    CHECK(irq_level == 0, "CLEAR_INTERRUPT");

    /* Found due on a register access, with no poll. */
    int rises = irq_rises;
    linux_set_alarm(linux_read_time(BASE2) + 10);
    fake_now += 20;
    rd(GOLDFISH_RTC_TIME_LOW);
    CHECK(irq_level == 1 && irq_rises == rises + 1, "alarm not seen on a register access");
    wr(GOLDFISH_RTC_CLEAR_INTERRUPT, 1);

    /* An alarm in the past fires as it is set. */
    linux_set_alarm(linux_read_time(BASE2) - 1000);
    CHECK(irq_level == 1 && rd(GOLDFISH_RTC_ALARM_STATUS) == 0, "past alarm");
    wr(GOLDFISH_RTC_CLEAR_INTERRUPT, 1);

    /* IRQ_ENABLED gates the line, not the alarm. */
    wr(GOLDFISH_RTC_IRQ_ENABLED, 0);
    wr(GOLDFISH_RTC_ALARM_HIGH, (uint32_t)((linux_read_time(BASE2) + 5) >> 32));
    wr(GOLDFISH_RTC_ALARM_LOW, (uint32_t)(linux_read_time(BASE2) + 5));
    fake_now += 5;
    goldfish_rtc_poll(rtc);
    CHECK(irq_level == 0 && rd(GOLDFISH_RTC_ALARM_STATUS) == 0, "disabled irq raised");
    wr(GOLDFISH_RTC_IRQ_ENABLED, 1);
    CHECK(irq_level == 1, "enabling after the alarm fired must raise the line");
    wr(GOLDFISH_RTC_IRQ_ENABLED, 0);
    CHECK(irq_level == 0, "disabling lowers it");
    wr(GOLDFISH_RTC_CLEAR_INTERRUPT, 1);
    wr(GOLDFISH_RTC_IRQ_ENABLED, 1);
    CHECK(irq_level == 0, "CLEAR_INTERRUPT while disabled");

    /* CLEAR_ALARM disarms. */
    linux_set_alarm(linux_read_time(BASE2) + 100);
    wr(GOLDFISH_RTC_CLEAR_ALARM, 1);
    CHECK(rd(GOLDFISH_RTC_ALARM_STATUS) == 0, "CLEAR_ALARM");
    fake_now += 1000;
    goldfish_rtc_poll(rtc);
    CHECK(irq_level == 0, "cleared alarm fired");

    /* The alarm is in guest time: moving the time moves it closer. (A low word of 0 keeps
       the HIGH-then-LOW time update free of carries.) */
    linux_set_time(0x180000000000ull);
    uint64_t now = linux_read_time(BASE2);
    linux_set_alarm(now + 1000000000ull);
    linux_set_time(now + 1000000000ull - 10);
    CHECK(goldfish_rtc_ns_until_alarm(rtc) == 10, "until alarm after a time change %llu",
          (unsigned long long)goldfish_rtc_ns_until_alarm(rtc));
    fake_now += 10;
    goldfish_rtc_poll(rtc);
    CHECK(irq_level == 1, "alarm in guest time");
    wr(GOLDFISH_RTC_CLEAR_INTERRUPT, 1);
    wr(GOLDFISH_RTC_IRQ_ENABLED, 0);
}

static void test_guest_errors(void) {
    FILE *log = tmpfile();
    CHECK(log != NULL, "tmpfile");
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    uint64_t v = 1;
    CHECK(memmap_read(&mm, BASE2 + 0x20, 4, &v) && v == 0, "read past the registers");
    CHECK(memmap_read(&mm, BASE2 + 0xffc, 4, &v) && v == 0, "read at the end");
    CHECK(memmap_read(&mm, BASE2 + 1, 1, &v) && v == 0, "byte read");
    CHECK(memmap_read(&mm, BASE2 + 2, 4, &v) && v == 0, "misaligned read");
    uint64_t t = linux_read_time(BASE2);
    CHECK(memmap_write(&mm, BASE2, 1, 0), "byte write");
    CHECK(memmap_write(&mm, BASE2 + 0x18, 4, 1), "ALARM_STATUS write");
    CHECK(memmap_write(&mm, BASE2 + 0xff8, 8, ~0ull), "8-byte write at the end");
    CHECK(ftell(log) > 0, "nothing logged for bad accesses");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(linux_read_time(BASE2) == t && rd(GOLDFISH_RTC_ALARM_STATUS) == 0,
          "bad accesses changed state");
    CHECK(!memmap_read(&mm, BASE2 + 0x1000, 4, &v), "region larger than 0x1000");
}

int main(void) {
    memmap_init(&mm);
    test_host_time();
    rtc = goldfish_rtc_create(&mm, BASE2, (IrqLine){.set = irq_rec, .n = 11}, fake_clock);
    CHECK(rtc != NULL, "create");
    if (!rtc) {
        printf("%d passed, %d failed\n", n_pass, n_fail);
        return 1;
    }
    test_latch_and_set();
    test_alarm();
    test_guest_errors();
    memmap_free(&mm);
    goldfish_rtc_free(rtc);
    goldfish_rtc_free(host_rtc);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
