/* SPDX-License-Identifier: MIT */
/* The default bare-metal guest of ./run.sh: greets, computes a few things a CPU must get
   right (integer, floating point, memory), prints them and exits 0 through HTIF. */
#include "bm.h"

static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    bm_printf("Hello from a RISC-V guest running on tern!\n");
    bm_printf("fib(25) = %lu\n", fib(25));
    double x = 1.0;
    for (int i = 0; i < 20; i++)
        x = x / 2.0 + 1.0 / x;     /* Newton's iteration for sqrt(2) */
    bm_printf("sqrt(2) * 1e9 = %lu\n", (uint64_t)(x * 1e9));
    static uint32_t a[1024];
    uint32_t sum = 0;
    for (int i = 0; i < 1024; i++)
        a[i] = (uint32_t)i * 2654435761u;
    for (int i = 0; i < 1024; i++)
        sum ^= a[i] >> (i & 7);
    bm_printf("hash = 0x%x, %lu instructions retired\n", sum, bm_rdinstret());
    return 0;
}
