/* SPDX-License-Identifier: MIT */
/* Timer interrupt latency on the virt/spike CLINT (privileged spec 3.2.1, mtime/mtimecmp):
   50 times, arm mtimecmp 200 us ahead, wait in WFI, and record how late the machine timer
   interrupt arrived (mtime in the handler minus mtimecmp, 10 MHz ticks). Exits 0 when the
   median is under 1 ms (10000 ticks) and every interrupt came, 1 otherwise. */
#include "bm.h"

#define CLINT_MTIMECMP ((volatile uint64_t *)0x2004000)
#define N 50

static volatile uint64_t hit_time;
static volatile int hits;

__attribute__((interrupt("machine"), aligned(4))) static void handler(void) {
    hit_time = bm_mtime();
    *CLINT_MTIMECMP = ~0ull;     /* lower MTIP */
    hits++;
}

int main(void) {
    uint64_t lat[N];
    __asm__ volatile("csrw mtvec, %0" ::"r"(handler));
    __asm__ volatile("csrs mie, %0" ::"r"(1 << 7));
    for (int i = 0; i < N; i++) {
        int before = hits;
        uint64_t deadline = bm_mtime() + 2000;
        *CLINT_MTIMECMP = deadline;
        __asm__ volatile("csrs mstatus, 8");
        while (hits == before)
            __asm__ volatile("wfi");
        __asm__ volatile("csrc mstatus, 8");
        lat[i] = hit_time - deadline;
    }
    for (int i = 1; i < N; i++)          /* insertion sort for the median */
        for (int j = i; j > 0 && lat[j] < lat[j - 1]; j--) {
            uint64_t t = lat[j]; lat[j] = lat[j - 1]; lat[j - 1] = t;
        }
    bm_printf("timer latency (us): min %lu median %lu max %lu\n", lat[0] / 10, lat[N / 2] / 10,
              lat[N - 1] / 10);
    return lat[N / 2] < 10000 ? 0 : 1;
}
