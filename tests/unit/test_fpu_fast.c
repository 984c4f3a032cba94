/* SPDX-License-Identifier: MIT */
/* The host fast path of the FP helpers (fpu_helpers.c) must give bit-identical results and
   flags to the soft-float (fpu*.c) it short-cuts: random operands with exponents spread so
   that results are normal, subnormal, overflowing or exact, singles boxed and unboxed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu/riscv/cpu.h"
#include "cpu/riscv/fpu.h"
#include "cpu/riscv/fpu_helpers.h"

static uint64_t st = 88172645463325252ull;
static uint64_t rnd(void) {
    st ^= st << 13;
    st ^= st >> 7;
    st ^= st << 17;
    return st;
}

static uint64_t rand_d(void) {
    uint64_t sign = rnd() & (1ull << 63), mant = rnd() & ((1ull << 52) - 1);
    /* exponents clustered near the extremes and the middle */
    static const int centers[] = {1, 20, 1023, 2000, 2046};
    int e = centers[rnd() % 5] + (int)(rnd() % 41) - 20;
    if (rnd() % 16 == 0)
        return sign;                         /* zero */
    if (e < 0) e = 0;
    if (e > 2047) e = 2047;
    return sign | ((uint64_t)e << 52) | mant;
}

static uint64_t rand_s(void) {
    uint32_t sign = (uint32_t)rnd() & 0x80000000u, mant = (uint32_t)rnd() & 0x7fffff;
    static const int centers[] = {1, 10, 127, 240, 254};
    int e = centers[rnd() % 5] + (int)(rnd() % 21) - 10;
    if (e < 0) e = 0;
    if (e > 255) e = 255;
    uint64_t v = sign | ((uint32_t)e << 23) | mant;
    if (rnd() % 16 == 0)
        v = sign;
    return rnd() % 64 ? 0xffffffff00000000ull | v : v;   /* sometimes not NaN-boxed */
}

typedef uint64_t (*Soft2)(uint64_t, uint64_t, int, uint32_t *);
typedef uint64_t (*Soft3)(uint64_t, uint64_t, uint64_t, int, uint32_t *);

static int failed, passed;

static void check(const char *name, uint64_t got, uint64_t want, uint64_t gf, uint64_t wf,
                  uint64_t a, uint64_t b, uint64_t c) {
    if (got == want && gf == wf) {
        passed++;
        return;
    }
    if (failed++ < 10)
        printf("FAIL %s(%016" PRIx64 ", %016" PRIx64 ", %016" PRIx64 "): %016" PRIx64
               " flags %" PRIx64 ", want %016" PRIx64 " flags %" PRIx64 "\n",
               name, a, b, c, got, gf, want, wf);
}

int main(void) {
    RVCPU *cpu = calloc(1, sizeof *cpu);
    struct { const char *n; RV_HELPER((*h)); Soft2 s; bool dbl; } ops2[] = {
        {"fadd_d", rvfh_fadd_d, rv_fadd_d, true}, {"fsub_d", rvfh_fsub_d, rv_fsub_d, true},
        {"fmul_d", rvfh_fmul_d, rv_fmul_d, true}, {"fdiv_d", rvfh_fdiv_d, rv_fdiv_d, true},
        {"fadd_s", rvfh_fadd_s, rv_fadd_s, false}, {"fsub_s", rvfh_fsub_s, rv_fsub_s, false},
        {"fmul_s", rvfh_fmul_s, rv_fmul_s, false}, {"fdiv_s", rvfh_fdiv_s, rv_fdiv_s, false},
    };
    struct { const char *n; RV_HELPER((*h)); Soft3 s; bool dbl; } ops3[] = {
        {"fmadd_d", rvfh_fmadd_d, rv_fmadd_d, true}, {"fmsub_d", rvfh_fmsub_d, rv_fmsub_d, true},
        {"fnmadd_d", rvfh_fnmadd_d, rv_fnmadd_d, true},
        {"fnmsub_d", rvfh_fnmsub_d, rv_fnmsub_d, true},
        {"fmadd_s", rvfh_fmadd_s, rv_fmadd_s, false}, {"fmsub_s", rvfh_fmsub_s, rv_fmsub_s, false},
        {"fnmadd_s", rvfh_fnmadd_s, rv_fnmadd_s, false},
        {"fnmsub_s", rvfh_fnmsub_s, rv_fnmsub_s, false},
    };
    for (int i = 0; i < 200000; i++) {
        for (size_t k = 0; k < sizeof ops2 / sizeof ops2[0]; k++) {
            uint64_t a = ops2[k].dbl ? rand_d() : rand_s(), b = ops2[k].dbl ? rand_d() : rand_s();
            uint64_t f0 = rnd() % 4 ? RV_FFLAG_NX : 0;   /* the fast path needs NX accrued */
            cpu->fflags = f0;
            uint64_t got = ops2[k].h(cpu, a, b, 0, 0);
            uint32_t fl = 0;
            uint64_t want = ops2[k].s(a, b, 0, &fl);
            check(ops2[k].n, got, want, cpu->fflags, f0 | fl, a, b, 0);
        }
        for (size_t k = 0; k < sizeof ops3 / sizeof ops3[0]; k++) {
            uint64_t a = ops3[k].dbl ? rand_d() : rand_s(), b = ops3[k].dbl ? rand_d() : rand_s();
            uint64_t c = ops3[k].dbl ? rand_d() : rand_s();
            uint64_t f0 = rnd() % 4 ? RV_FFLAG_NX : 0;
            cpu->fflags = f0;
            uint64_t got = ops3[k].h(cpu, a, b, c, 0);
            uint32_t fl = 0;
            uint64_t want = ops3[k].s(a, b, c, 0, &fl);
            check(ops3[k].n, got, want, cpu->fflags, f0 | fl, a, b, c);
        }
    }
    free(cpu);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
