/* SPDX-License-Identifier: MIT */
/* The timer service devices take time from (QEMU's QEMUTimer in spirit): a device timer calls
   its callback on the CPU thread once host monotonic time reaches its deadline. A machine owns
   one TimerList; whenever a CPU handles a kick the machine runs the due timers
   (machine_poll), and the list's wake hook arranges a kick at the earliest deadline. Devices
   never call into translate/ or a CPU for time. Not thread-safe: CPU thread only. */
#ifndef TERN_TIMER_H
#define TERN_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_NEVER UINT64_MAX
#define TIMER_LIST_MAX 32

typedef struct DevTimer DevTimer;
typedef struct TimerList TimerList;

struct DevTimer {
    uint64_t deadline;               /* host monotonic ns; TIMER_NEVER = not armed */
    void (*cb)(void *opaque);
    void *opaque;
    TimerList *list;
};

struct TimerList {
    DevTimer *timers[TIMER_LIST_MAX];
    int n;
    /* Kick the CPU thread at deadline (TIMER_NEVER cancels); NULL: nobody to wake (tests
       call timer_list_run themselves). */
    void (*wake)(void *opaque, uint64_t deadline);
    void *wake_opaque;
    uint64_t woken_at;               /* the deadline last handed to wake */
};

void timer_list_init(TimerList *l, void (*wake)(void *, uint64_t), void *wake_opaque);
/* Register t on l, disarmed. False when l is full. */
bool timer_init(DevTimer *t, TimerList *l, void (*cb)(void *opaque), void *opaque);
/* Arm t for deadline (host monotonic ns), or disarm it with TIMER_NEVER. */
void timer_mod(DevTimer *t, uint64_t deadline);
/* Drop t from its list (before freeing its device). */
void timer_remove(DevTimer *t);
/* Fire every timer due at now (each disarmed before its callback, which may re-arm it) and
   re-arm the wake-up for the earliest deadline left. */
void timer_list_run(TimerList *l, uint64_t now);
/* Host monotonic clock in ns: the time base of deadlines. */
uint64_t host_clock_ns(void);

#endif
