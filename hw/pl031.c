/* SPDX-License-Identifier: MIT */
/* PL031 RTC model following ARM DDI 0224: RTCDR counts seconds, RTCLR loads it (3.3.3), the
   interrupt is raised when the counter equals RTCMR (3.3.2, "RTCINTR ... asserted when the
   counter matches the match register"), masked by RTCIMSC and cleared by RTCICR (3.3.5-3.3.8).
   RTCCR.RTCStart reads 1: the counter always runs, as in QEMU's pl031 (Linux's rtc-pl031 only
   sets it). The match is timed with a device timer for the host time the counter reaches
   RTCMR; its callback re-checks against the clock, so a clock that moves differently from the
   host's monotonic time (a test's, or the wall clock being stepped) is still exact. */
#include "pl031.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "system/log.h"

#define NS_PER_S 1000000000ull

/* PeriphID0-3 then PCellID0-3 (3.3.9-3.3.16), as QEMU's pl031. */
static const uint8_t pl031_id[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

struct Pl031 {
    IrqLine irq;
    uint64_t (*now_ns)(void);
    uint64_t offset;              /* guest ns = now_ns() + offset (mod 2^64) */
    uint64_t match_at;            /* guest ns at which the counter reaches RTCMR */
    bool match_armed;
    uint32_t mr, lr, imsc, ris;
    int irq_level;
    DevTimer timer;
    bool has_timer;
};

static uint64_t realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("pl031: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static uint64_t guest_ns(const Pl031 *r) { return r->now_ns() + r->offset; }
static uint32_t counter(const Pl031 *r) { return (uint32_t)(guest_ns(r) / NS_PER_S); }

static void update_irq(Pl031 *r) {
    int level = (r->ris & r->imsc) != 0;
    if (level != r->irq_level) {
        r->irq_level = level;
        irq_set(r->irq, level);
    }
}

static void arm_timer(Pl031 *r, uint64_t now_guest) {
    if (!r->has_timer)
        return;
    if (!r->match_armed) {
        timer_mod(&r->timer, TIMER_NEVER);
        return;
    }
    uint64_t wait = r->match_at > now_guest ? r->match_at - now_guest : 0;
    uint64_t host = host_clock_ns();
    timer_mod(&r->timer, wait > TIMER_NEVER - 1 - host ? TIMER_NEVER - 1 : host + wait);
}

/* A new match value or time: the counter equals RTCMR now (interrupt at once, as QEMU) or
   after (RTCMR - RTCDR) mod 2^32 more second boundaries. */
static void set_alarm(Pl031 *r) {
    uint64_t now = guest_ns(r);
    uint32_t ticks = r->mr - (uint32_t)(now / NS_PER_S);
    if (ticks == 0) {
        r->match_armed = false;
        r->ris |= 1;
    } else {
        r->match_armed = true;
        r->match_at = (now / NS_PER_S + ticks) * NS_PER_S;
    }
    arm_timer(r, now);
    update_irq(r);
}

static void match_timer(void *opaque) {
    Pl031 *r = opaque;
    if (!r->match_armed)
        return;
    uint64_t now = guest_ns(r);
    if (now >= r->match_at) {
        r->match_armed = false;
        r->ris |= 1;
        update_irq(r);
    } else {
        arm_timer(r, now);
    }
}

static uint64_t rtc_read(void *opaque, uint64_t off, unsigned size) {
    Pl031 *r = opaque;
    if (size != 4 || (off & 3)) {
        guest_error("read not 32-bit aligned", off, size);
        return 0;
    }
    if (off >= RTCPeriphID0 && off < RTCPeriphID0 + 0x20)
        return pl031_id[(off - RTCPeriphID0) / 4];
    switch (off) {
    case RTCDR:
        return counter(r);
    case RTCMR:
        return r->mr;
    case RTCLR:
        return r->lr;
    case RTCCR:
        return 1;
    case RTCIMSC:
        return r->imsc;
    case RTCRIS:
        return r->ris;
    case RTCMIS:
        return r->ris & r->imsc;
    }
    guest_error("read of an unimplemented or write-only register", off, size);
    return 0;
}

static void rtc_write(void *opaque, uint64_t off, uint64_t val64, unsigned size) {
    Pl031 *r = opaque;
    uint32_t val = (uint32_t)val64;
    if (size != 4 || (off & 3)) {
        guest_error("write not 32-bit aligned", off, size);
        return;
    }
    switch (off) {
    case RTCMR:
        r->mr = val;
        set_alarm(r);
        return;
    case RTCLR:
        /* The counter takes val at the start of a second; only the offset moves. */
        r->lr = val;
        r->offset = (uint64_t)val * NS_PER_S - r->now_ns();
        set_alarm(r);
        return;
    case RTCCR:
        return;                   /* RTCStart: the counter already runs and cannot stop */
    case RTCIMSC:
        r->imsc = val & 1;
        break;
    case RTCICR:
        r->ris &= ~(val & 1);
        break;
    default:
        guest_error("write to an unimplemented or read-only register", off, size);
        return;
    }
    update_irq(r);
}

void pl031_set_time(Pl031 *r, uint64_t ns) {
    r->offset = ns - r->now_ns();
    if (r->match_armed)
        set_alarm(r);
}

static const MmioOps rtc_ops = {
    .read = rtc_read, .write = rtc_write, .min_size = 1, .max_size = 4,
};

void pl031_reset(Pl031 *r) {
    r->mr = r->lr = r->imsc = r->ris = 0;
    r->match_armed = false;
    if (r->has_timer)
        timer_mod(&r->timer, TIMER_NEVER);
    update_irq(r);
}

Pl031 *pl031_create(MemMap *m, uint64_t base, IrqLine irq, TimerList *timers,
                    uint64_t (*now_ns)(void)) {
    Pl031 *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->irq = irq;
    r->now_ns = now_ns ? now_ns : realtime_ns;
    if (timers) {
        if (!timer_init(&r->timer, timers, match_timer, r)) {
            free(r);
            return NULL;
        }
        r->has_timer = true;
    }
    if (!memmap_add_mmio(m, "pl031", base, PL031_SIZE, &rtc_ops, r)) {
        if (r->has_timer)
            timer_remove(&r->timer);
        free(r);
        return NULL;
    }
    return r;
}

void pl031_free(Pl031 *r) {
    if (!r)
        return;
    if (r->has_timer)
        timer_remove(&r->timer);
    free(r);
}
