/* SPDX-License-Identifier: MIT */
/* Goldfish RTC registers (android goldfish "GOLDFISH-RTC" device spec; behaviour as QEMU's
   hw/rtc/goldfish_rtc.c, which Linux's rtc-goldfish driver is written against): time in ns,
   TIME_LOW read latches TIME_HIGH so the pair reads coherently, alarm armed by ALARM_LOW,
   interrupt = alarm fired AND IRQ_ENABLED until CLEAR_INTERRUPT. */
#include "goldfish_rtc.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "system/log.h"

struct GoldfishRtc {
    IrqLine irq;
    uint64_t (*now_ns)(void);
    uint64_t offset;              /* guest time = now_ns() + offset (mod 2^64) */
    uint64_t alarm;               /* guest time of the alarm */
    uint32_t time_high;           /* latched by reading TIME_LOW */
    bool alarm_running;           /* armed and not yet fired */
    bool irq_pending;             /* alarm fired, not yet cleared */
    bool irq_enabled;
    int irq_level;
};

static uint64_t realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("goldfish_rtc: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static uint64_t guest_now(const GoldfishRtc *r) { return r->now_ns() + r->offset; }

static void update_irq(GoldfishRtc *r) {
    int level = r->irq_pending && r->irq_enabled;
    if (level != r->irq_level) {
        r->irq_level = level;
        irq_set(r->irq, level);
    }
}

static void check_alarm(GoldfishRtc *r) {
    if (r->alarm_running && guest_now(r) >= r->alarm) {
        r->alarm_running = false;
        r->irq_pending = true;
    }
    update_irq(r);
}

void goldfish_rtc_poll(GoldfishRtc *r) { check_alarm(r); }

uint64_t goldfish_rtc_ns_until_alarm(GoldfishRtc *r) {
    if (!r->alarm_running)
        return UINT64_MAX;
    uint64_t now = guest_now(r);
    return now >= r->alarm ? 0 : r->alarm - now;
}

/* Setting the time keeps the clock running from the new value: only the offset moves. */
static void set_time_half(GoldfishRtc *r, unsigned shift, uint32_t val) {
    uint64_t cur = guest_now(r);
    uint64_t want = (cur & ~(0xffffffffull << shift)) | ((uint64_t)val << shift);
    r->offset += want - cur;
}

void goldfish_rtc_set_time(GoldfishRtc *r, uint64_t ns) { r->offset = ns - r->now_ns(); }

static uint64_t rtc_read(void *opaque, uint64_t off, unsigned size) {
    GoldfishRtc *r = opaque;
    if (size != 4 || (off & 3)) {
        guest_error("read not 32-bit aligned", off, size);
        return 0;
    }
    check_alarm(r);
    switch (off) {
    case GOLDFISH_RTC_TIME_LOW: {
        uint64_t now = guest_now(r);
        r->time_high = (uint32_t)(now >> 32);
        return (uint32_t)now;
    }
    case GOLDFISH_RTC_TIME_HIGH:
        return r->time_high;
    case GOLDFISH_RTC_ALARM_LOW:
        return (uint32_t)r->alarm;
    case GOLDFISH_RTC_ALARM_HIGH:
        return (uint32_t)(r->alarm >> 32);
    case GOLDFISH_RTC_IRQ_ENABLED:
        return r->irq_enabled;
    case GOLDFISH_RTC_ALARM_STATUS:
        return r->alarm_running;
    case GOLDFISH_RTC_CLEAR_ALARM:
    case GOLDFISH_RTC_CLEAR_INTERRUPT:
        return 0;
    }
    guest_error("read of an unimplemented register", off, size);
    return 0;
}

static void rtc_write(void *opaque, uint64_t off, uint64_t val64, unsigned size) {
    GoldfishRtc *r = opaque;
    uint32_t val = (uint32_t)val64;
    if (size != 4 || (off & 3)) {
        guest_error("write not 32-bit aligned", off, size);
        return;
    }
    switch (off) {
    case GOLDFISH_RTC_TIME_LOW:
        set_time_half(r, 0, val);
        break;
    case GOLDFISH_RTC_TIME_HIGH:
        set_time_half(r, 32, val);
        break;
    case GOLDFISH_RTC_ALARM_LOW:
        /* Linux writes ALARM_HIGH first; this write arms (an alarm in the past fires now). */
        r->alarm = (r->alarm & ~0xffffffffull) | val;
        r->alarm_running = true;
        break;
    case GOLDFISH_RTC_ALARM_HIGH:
        r->alarm = (r->alarm & 0xffffffffull) | (uint64_t)val << 32;
        break;
    case GOLDFISH_RTC_IRQ_ENABLED:
        r->irq_enabled = val & 1;
        break;
    case GOLDFISH_RTC_CLEAR_ALARM:
        r->alarm_running = false;
        break;
    case GOLDFISH_RTC_CLEAR_INTERRUPT:
        r->irq_pending = false;
        break;
    default:
        guest_error("write to an unimplemented or read-only register", off, size);
        break;
    }
    check_alarm(r);
}

/* min_size 1: narrow accesses are refused here rather than widened by the bus. 8-byte reads
   split into TIME_LOW then TIME_HIGH, which read coherently. */
static const MmioOps rtc_ops = {
    .read = rtc_read, .write = rtc_write, .min_size = 1, .max_size = 4,
};

GoldfishRtc *goldfish_rtc_create(MemMap *m, uint64_t base, IrqLine irq,
                                 uint64_t (*now_ns)(void)) {
    GoldfishRtc *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->irq = irq;
    r->now_ns = now_ns ? now_ns : realtime_ns;
    if (!memmap_add_mmio(m, "goldfish_rtc", base, GOLDFISH_RTC_SIZE, &rtc_ops, r)) {
        free(r);
        return NULL;
    }
    return r;
}

void goldfish_rtc_free(GoldfishRtc *r) { free(r); }
