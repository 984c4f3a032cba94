/* SPDX-License-Identifier: MIT */
/* Device timers (timer.h): a short list scanned on each run, which happens only when a CPU
   handles a kick, and one wake-up deadline kept at the earliest timer. */
#include "system/timer.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

uint64_t host_clock_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void timer_list_init(TimerList *l, void (*wake)(void *, uint64_t), void *wake_opaque) {
    l->n = 0;
    l->wake = wake;
    l->wake_opaque = wake_opaque;
    l->woken_at = TIMER_NEVER;
}

static uint64_t earliest(const TimerList *l) {
    uint64_t d = TIMER_NEVER;
    for (int i = 0; i < l->n; i++)
        if (l->timers[i]->deadline < d)
            d = l->timers[i]->deadline;
    return d;
}

/* A wake-up already handed out stays valid until it passes (then the kick came) or an earlier
   one is wanted: no host-timer traffic for deadlines that only move later. */
static void rewake(TimerList *l, uint64_t now) {
    uint64_t d = earliest(l);
    bool valid = l->woken_at != TIMER_NEVER && l->woken_at > now;
    if (valid && l->woken_at <= d)
        return;
    if (!valid && d == TIMER_NEVER && l->woken_at == TIMER_NEVER)
        return;
    l->woken_at = d;
    if (l->wake)
        l->wake(l->wake_opaque, d);
}

bool timer_init(DevTimer *t, TimerList *l, void (*cb)(void *), void *opaque) {
    t->deadline = TIMER_NEVER;
    t->cb = cb;
    t->opaque = opaque;
    t->list = NULL;
    if (!l || l->n >= TIMER_LIST_MAX)
        return false;
    l->timers[l->n++] = t;
    t->list = l;
    return true;
}

void timer_mod(DevTimer *t, uint64_t deadline) {
    t->deadline = deadline;
    if (t->list && deadline != TIMER_NEVER &&
        (t->list->woken_at == TIMER_NEVER || deadline < t->list->woken_at)) {
        t->list->woken_at = deadline;
        if (t->list->wake)
            t->list->wake(t->list->wake_opaque, deadline);
    }
}

void timer_remove(DevTimer *t) {
    TimerList *l = t->list;
    if (!l)
        return;
    for (int i = 0; i < l->n; i++)
        if (l->timers[i] == t) {
            l->timers[i] = l->timers[--l->n];
            break;
        }
    t->list = NULL;
}

void timer_list_run(TimerList *l, uint64_t now) {
    for (int i = 0; i < l->n; i++) {
        DevTimer *t = l->timers[i];
        if (t->deadline <= now) {
            t->deadline = TIMER_NEVER;
            t->cb(t->opaque);
        }
    }
    rewake(l, now);
}
