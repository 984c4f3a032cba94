/* SPDX-License-Identifier: MIT */
/* The device timer service (system/timer.c): callbacks run once their deadline has passed, in
   timer_list_run only; the wake hook is asked for the earliest deadline and not bothered for
   later ones; a callback may re-arm its timer; removed timers never fire. */
#include <stdio.h>

#include "system/timer.h"

#include "tests/unit/check.h"

static uint64_t woken = TIMER_NEVER;
static int wakes;
static int fired[3];
static DevTimer t[3];

static void wake(void *opaque, uint64_t deadline) {
    (void)opaque;
    woken = deadline;
    wakes++;
}

static void cb(void *opaque) {
    int i = (int)(long)opaque;
    fired[i]++;
    if (i == 2 && fired[2] == 1)
        timer_mod(&t[2], 5000);          /* periodic: re-armed from its own callback */
}

int main(void) {
    TimerList l;
    timer_list_init(&l, wake, NULL);
    for (long i = 0; i < 3; i++)
        CHECK(timer_init(&t[i], &l, cb, (void *)i), "init %ld", i);

    timer_mod(&t[0], 3000);
    CHECK(woken == 3000 && wakes == 1, "wake for the first deadline (%llu)",
          (unsigned long long)woken);
    timer_mod(&t[1], 4000);
    CHECK(wakes == 1, "a later deadline re-armed the wake-up");
    timer_mod(&t[2], 1000);
    CHECK(woken == 1000 && wakes == 2, "an earlier deadline did not move the wake-up");

    timer_list_run(&l, 999);
    CHECK(!fired[0] && !fired[1] && !fired[2], "fired before the deadline");
    timer_list_run(&l, 1000);
    CHECK(fired[2] == 1 && !fired[0] && !fired[1], "timer 2 at its deadline only");
    CHECK(woken == 3000, "wake-up after the run: %llu, want the earliest left (3000)",
          (unsigned long long)woken);
    timer_list_run(&l, 3500);
    CHECK(fired[0] == 1 && !fired[1] && fired[2] == 1, "timer 0 at 3500");
    timer_remove(&t[1]);
    timer_list_run(&l, 10000);
    CHECK(fired[0] == 1 && !fired[1] && fired[2] == 2, "removed timer fired or re-arm lost");
    timer_list_run(&l, 20000);
    CHECK(fired[0] == 1 && fired[2] == 2, "a timer fired twice for one deadline");
    CHECK(l.n == 2, "list holds %d timers", l.n);

    /* A full list refuses more timers. */
    TimerList full;
    timer_list_init(&full, NULL, NULL);
    static DevTimer many[TIMER_LIST_MAX + 1];
    int ok = 0;
    for (int i = 0; i <= TIMER_LIST_MAX; i++)
        ok += timer_init(&many[i], &full, cb, NULL);
    CHECK(ok == TIMER_LIST_MAX, "%d timers registered", ok);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
