/* SPDX-License-Identifier: MIT */
/* Arm PrimeCell Real Time Clock (PL031), ARM DDI 0224 (PrimeCell Real Time Clock (PL031)
   Technical Reference Manual), as on QEMU's arm virt board at 0x09010000: a 32-bit seconds
   counter, a match register raising the alarm interrupt, 32-bit registers in a 0x1000 region,
   compatible "arm,pl031", "arm,primecell" (AMBA PeriphID 0x00141031, PCellID 0xb105f00d). */
#ifndef TERN_PL031_H
#define TERN_PL031_H

#include <stdint.h>

#include "hw/irq.h"
#include "system/memmap.h"
#include "system/timer.h"

#define PL031_SIZE 0x1000u

/* Register offsets (DDI 0224 section 3.2, table 3-1). */
enum {
    RTCDR = 0x000, RTCMR = 0x004, RTCLR = 0x008, RTCCR = 0x00c, RTCIMSC = 0x010,
    RTCRIS = 0x014, RTCMIS = 0x018, RTCICR = 0x01c,
    RTCPeriphID0 = 0xfe0, RTCPCellID0 = 0xff0,
};

typedef struct Pl031 Pl031;

/* The counter is the guest's clock in seconds: now_ns() plus an offset that starts at 0 and
   moves when the guest writes RTCLR or the board calls pl031_set_time; now_ns NULL means the
   host wall clock (CLOCK_REALTIME) in ns since the epoch, as for the goldfish RTC (-rtc
   clock=host; host_clock_ns for clock=rt|vm). The match interrupt is timed by a device timer on timers (NULL: only a write that
   matches at once raises it). NULL if the region cannot be mapped or timers is full. */
Pl031 *pl031_create(MemMap *m, uint64_t base, IrqLine irq, TimerList *timers,
                    uint64_t (*now_ns)(void));
/* The clock reads ns (since the epoch) now and runs on from there (-rtc base=); an armed
   match is re-timed. */
void pl031_set_time(Pl031 *r, uint64_t ns);
/* Match, mask and interrupt state to their reset values (board reset); the time runs on. */
void pl031_reset(Pl031 *r);
void pl031_free(Pl031 *r);

#endif
