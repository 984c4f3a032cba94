/* SPDX-License-Identifier: MIT */
/* Goldfish RTC (Android emulator "goldfish" platform, as QEMU's goldfish_rtc on riscv virt,
   compatible "google,goldfish-rtc"): a 64-bit nanosecond clock since the Unix epoch and one
   alarm with an interrupt, 32-bit registers in a 0x1000 region. */
#ifndef TERN_GOLDFISH_RTC_H
#define TERN_GOLDFISH_RTC_H

#include <stdint.h>

#include "hw/irq.h"
#include "system/memmap.h"

#define GOLDFISH_RTC_SIZE 0x1000u

enum {
    GOLDFISH_RTC_TIME_LOW = 0x00,        /* reading it latches TIME_HIGH */
    GOLDFISH_RTC_TIME_HIGH = 0x04,
    GOLDFISH_RTC_ALARM_LOW = 0x08,       /* writing it arms the alarm */
    GOLDFISH_RTC_ALARM_HIGH = 0x0c,
    GOLDFISH_RTC_IRQ_ENABLED = 0x10,
    GOLDFISH_RTC_CLEAR_ALARM = 0x14,
    GOLDFISH_RTC_ALARM_STATUS = 0x18,    /* 1 while an alarm is armed */
    GOLDFISH_RTC_CLEAR_INTERRUPT = 0x1c,
};

typedef struct GoldfishRtc GoldfishRtc;

/* The guest's clock is now_ns() plus an offset that starts at 0 and moves when the guest sets
   the time; now_ns NULL means the host wall clock (CLOCK_REALTIME) in ns since the epoch.
   The device has no timer of its own: an armed alarm fires when it is found due, on any
   register access and in goldfish_rtc_poll. The board calls goldfish_rtc_poll periodically
   (e.g. from Machine.poll) or arms a host timer for goldfish_rtc_ns_until_alarm and polls when
   it expires. NULL if the region cannot be mapped. */
GoldfishRtc *goldfish_rtc_create(MemMap *m, uint64_t base, IrqLine irq, uint64_t (*now_ns)(void));
/* The clock reads ns (since the epoch) now and runs on from there (-rtc base=). */
void goldfish_rtc_set_time(GoldfishRtc *r, uint64_t ns);
/* Fire the alarm if it is due. */
void goldfish_rtc_poll(GoldfishRtc *r);
/* ns of now_ns time until the armed alarm is due: 0 if due, UINT64_MAX if none is armed. */
uint64_t goldfish_rtc_ns_until_alarm(GoldfishRtc *r);
void goldfish_rtc_free(GoldfishRtc *r);

#endif
