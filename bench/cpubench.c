/* SPDX-License-Identifier: MIT */
/* CPU-bound bare-metal benchmark guest: integer hashing, memory (sorting), branches,
   calls/recursion and double-precision FP. Deterministic: it prints a checksum per kernel so
   that a wrong translation shows up as a changed number, and exits 0. */
#include "bm.h"

#define N_SORT 20000
static uint32_t arr[N_SORT];
static double ma[48][48], mb[48][48], mc[48][48];

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static uint64_t k_hash(void) {              /* integer ALU: FNV-1a and CRC-like mixing */
    uint64_t h = 1469598103934665603ull, c = 0;
    for (uint32_t i = 0; i < 3000000; i++) {
        h = (h ^ (i & 0xff)) * 1099511628211ull;
        c = (c >> 1) ^ (-(c & 1) & 0xC96C5795D7870F42ull) ^ h;
    }
    return h ^ c;
}

static void quicksort(uint32_t *a, int lo, int hi) {  /* memory + branches + recursion */
    while (lo < hi) {
        uint32_t p = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
        else { quicksort(a, i, hi); hi = j; }
    }
}

static uint64_t k_sort(void) {
    uint64_t sum = 0;
    for (int r = 0; r < 12; r++) {
        for (int i = 0; i < N_SORT; i++)
            arr[i] = rng();
        quicksort(arr, 0, N_SORT - 1);
        for (int i = 1; i < N_SORT; i++)
            if (arr[i - 1] > arr[i])
                return 0;
        sum += arr[N_SORT / 2];
    }
    return sum;
}

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint64_t k_calls(void) { return fib(27); }

static uint64_t k_fp(void) {               /* FP: matrix multiply and a polynomial */
    for (int i = 0; i < 48; i++)
        for (int j = 0; j < 48; j++) {
            ma[i][j] = (double)(i + 1) / (j + 2);
            mb[i][j] = (double)(j + 1) / (i + 3);
        }
    double acc = 0;
    for (int r = 0; r < 12; r++) {
        for (int i = 0; i < 48; i++)
            for (int j = 0; j < 48; j++) {
                double s = 0;
                for (int k = 0; k < 48; k++)
                    s += ma[i][k] * mb[k][j];
                mc[i][j] = s;
            }
        for (int i = 0; i < 48; i++)
            acc += mc[i][i] / (1.0 + r);
    }
    double x = 0.5, y = 0;
    for (int i = 0; i < 200000; i++) {
        y += ((x * 0.3 - 1.2) * x + 2.5) * x - 0.7;
        x = x * 0.999 + 0.0001;
    }
    return (uint64_t)(acc * 1000.0) ^ (uint64_t)(y * 1000.0);
}

#define REPS 60

int main(void) {
    uint64_t t0 = bm_mtime();
    uint64_t h = 0, s = 0, c = 0, f = 0;
    for (int r = 0; r < REPS; r++) {
        h += k_hash();
        s += k_sort();
        c += k_calls();
        f += k_fp();
    }
    uint64_t t1 = bm_mtime();
    bm_printf("hash=%lx sort=%lx calls=%lu fp=%lx\n", h, s, c, f);
    bm_printf("guest time %lu ms, instret %lu\n", (t1 - t0) / 10000, bm_rdinstret());
    return s == 0;
}
