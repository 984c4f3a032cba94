/* SPDX-License-Identifier: MIT */
/* The host fast path of the FP helpers (fpu_helpers.c) must give bit-identical results and
   flags to the soft-float (fpu*.c) it short-cuts: random operands with exponents spread so
   that results are normal, subnormal, overflowing or exact, singles boxed and unboxed; also
   comparisons, min/max, sqrt and conversions (their own fast paths) in every rounding mode. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        /* host FMA3 variants (skipped below when the host lacks FMA3) */
        {"fmadd_fma_d", rvfh_fmadd_fma_d, rv_fmadd_d, true},
        {"fmsub_fma_d", rvfh_fmsub_fma_d, rv_fmsub_d, true},
        {"fnmadd_fma_d", rvfh_fnmadd_fma_d, rv_fnmadd_d, true},
        {"fnmsub_fma_d", rvfh_fnmsub_fma_d, rv_fnmsub_d, true},
        {"fmadd_fma_s", rvfh_fmadd_fma_s, rv_fmadd_s, false},
        {"fmsub_fma_s", rvfh_fmsub_fma_s, rv_fmsub_s, false},
        {"fnmadd_fma_s", rvfh_fnmadd_fma_s, rv_fnmadd_s, false},
        {"fnmsub_fma_s", rvfh_fnmsub_fma_s, rv_fnmsub_s, false},
    };
    size_t n3 = sizeof ops3 / sizeof ops3[0] - (rvfh_host_fma() ? 0 : 8);
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
        for (size_t k = 0; k < n3; k++) {
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
    /* Operations with their own fast paths: comparisons, min/max, sqrt, conversions. */
    typedef uint64_t (*SoftNr)(uint64_t, uint64_t, uint32_t *);
    typedef uint64_t (*Soft1)(uint64_t, int, uint32_t *);
    struct { const char *n; RV_HELPER((*h)); SoftNr s; bool dbl; } opsn[] = {
        {"feq_d", rvfh_feq_d, rv_feq_d, true}, {"flt_d", rvfh_flt_d, rv_flt_d, true},
        {"fle_d", rvfh_fle_d, rv_fle_d, true}, {"fmin_d", rvfh_fmin_d, rv_fmin_d, true},
        {"fmax_d", rvfh_fmax_d, rv_fmax_d, true},
        {"feq_s", rvfh_feq_s, rv_feq_s, false}, {"flt_s", rvfh_flt_s, rv_flt_s, false},
        {"fle_s", rvfh_fle_s, rv_fle_s, false}, {"fmin_s", rvfh_fmin_s, rv_fmin_s, false},
        {"fmax_s", rvfh_fmax_s, rv_fmax_s, false},
    };
    /* kind: 0 double operand, 1 single operand, 2 integer operand */
    struct { const char *n; RV_HELPER((*h)); Soft1 s; int kind; } ops1[] = {
        {"fsqrt_d", rvfh_fsqrt_d, rv_fsqrt_d, 0}, {"fcvt_s_d", rvfh_fcvt_s_d, rv_fcvt_s_d, 0},
        {"fcvt_w_d", rvfh_fcvt_w_d, rv_fcvt_w_d, 0}, {"fcvt_l_d", rvfh_fcvt_l_d, rv_fcvt_l_d, 0},
        {"fcvt_d_s", rvfh_fcvt_d_s, rv_fcvt_d_s, 1}, {"fcvt_d_w", rvfh_fcvt_d_w, rv_fcvt_d_w, 2},
        {"fcvt_d_wu", rvfh_fcvt_d_wu, rv_fcvt_d_wu, 2},
        {"fcvt_d_l", rvfh_fcvt_d_l, rv_fcvt_d_l, 2},
    };
    for (int i = 0; i < 200000; i++) {
        for (size_t k = 0; k < sizeof opsn / sizeof opsn[0]; k++) {
            uint64_t a = opsn[k].dbl ? rand_d() : rand_s(), b = opsn[k].dbl ? rand_d() : rand_s();
            if (rnd() % 8 == 0)
                b = rnd() % 2 ? a : a ^ (opsn[k].dbl ? 1ull << 63 : 1ull << 31);  /* ties, +-0 */
            uint64_t f0 = rnd() % 2 ? RV_FFLAG_NX : 0;
            cpu->fflags = f0;
            uint64_t got = opsn[k].h(cpu, a, b, 0, 0);
            uint32_t fl = 0;
            uint64_t want = opsn[k].s(a, b, &fl);
            check(opsn[k].n, got, want, cpu->fflags, f0 | fl, a, b, 0);
        }
        for (size_t k = 0; k < sizeof ops1 / sizeof ops1[0]; k++) {
            uint64_t a;
            if (ops1[k].kind == 1) {
                a = rand_s();
            } else if (ops1[k].kind == 2) {
                a = rnd() >> (rnd() % 64);
                if (rnd() % 2)
                    a = -a;
            } else if (rnd() % 2) {
                a = rand_d();
            } else {   /* magnitudes around the integer range limits, fractions, halves */
                double x = (double)(rnd() >> (rnd() % 64)) / (double)(1u << (rnd() % 4));
                x = rnd() % 2 ? -x : x;
                memcpy(&a, &x, 8);
            }
            int rm = (int)(rnd() % 5);
            uint64_t f0 = rnd() % 4 ? RV_FFLAG_NX : 0;
            cpu->fflags = f0;
            uint64_t got = ops1[k].h(cpu, a, (uint64_t)rm, 0, 0);
            uint32_t fl = 0;
            uint64_t want = ops1[k].s(a, rm, &fl);
            check(ops1[k].n, got, want, cpu->fflags, f0 | fl, a, (uint64_t)rm, 0);
        }
    }
    free(cpu);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
