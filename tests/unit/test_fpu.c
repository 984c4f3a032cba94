/* SPDX-License-Identifier: MIT */
/* Unit test of the RISC-V F/D soft-float helpers (cpu/riscv/fpu.h): hand-derived
 * cases from the ISA manual's F/D chapters and IEEE 754-2008 (signed zeros, infs,
 * NaN canonicalisation and boxing, subnormals, each rounding mode, every flag, the
 * FCVT saturation table), plus a cross-check against the host FPU (RNE/RTZ/RDN/RUP). */
/* Build: gcc -O2 -I cpu/riscv tests/unit/test_fpu.c cpu/riscv/fpu.c cpu/riscv/fpu_arith.c \
 *        cpu/riscv/fpu_cvt.c -lm */
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cpu/riscv/fpu.h"

static int passed, failed;

enum { NX = RV_FFLAG_NX, UF = RV_FFLAG_UF, OF = RV_FFLAG_OF, DZ = RV_FFLAG_DZ, NV = RV_FFLAG_NV };
enum { RNE = RV_RM_RNE, RTZ = RV_RM_RTZ, RDN = RV_RM_RDN, RUP = RV_RM_RUP, RMM = RV_RM_RMM };

static void check(const char *what, int line, uint64_t got, uint64_t exp, uint32_t gotf, uint32_t expf)
{
    if (got == exp && gotf == expf) {
        passed++;
        return;
    }
    failed++;
    printf("FAIL line %d %s: got %016" PRIx64 " flags %02x, expected %016" PRIx64 " flags %02x\n",
           line, what, got, gotf, exp, expf);
}

/* Evaluate an expression that takes `&fl`, compare value and flags. */
#define T(expr, exp, expf)                                   \
    do {                                                     \
        uint32_t fl = 0;                                     \
        uint64_t got = (expr);                               \
        check(#expr, __LINE__, got, (exp), fl, (expf));      \
    } while (0)

/* Doubles */
#define P0 UINT64_C(0x0000000000000000)
#define N0 UINT64_C(0x8000000000000000)
#define ONE UINT64_C(0x3ff0000000000000)
#define MONE UINT64_C(0xbff0000000000000)
#define TWO UINT64_C(0x4000000000000000)
#define THREE UINT64_C(0x4008000000000000)
#define HALF UINT64_C(0x3fe0000000000000)
#define PINF UINT64_C(0x7ff0000000000000)
#define NINF UINT64_C(0xfff0000000000000)
#define DMAX UINT64_C(0x7fefffffffffffff)
#define DMINN UINT64_C(0x0010000000000000)
#define DMAXSUB UINT64_C(0x000fffffffffffff)
#define DMINSUB UINT64_C(0x0000000000000001)
#define QNAN UINT64_C(0x7ff8000000000000)
#define QNANP UINT64_C(0xfff8000000000123) /* negative quiet NaN with payload */
#define SNAN UINT64_C(0x7ff0000000000001)
#define ULP53 UINT64_C(0x3ca0000000000000) /* 2^-53 */

/* Singles, boxed */
#define B(x) (UINT64_C(0xffffffff00000000) | (x))
#define SONE B(0x3f800000)
#define STWO B(0x40000000)
#define SQNAN B(0x7fc00000)
#define SSNAN B(0x7f800001)
#define SINF B(0x7f800000)
#define SMAX B(0x7f7fffff)
#define UNBOXED UINT64_C(0x000000003f800000) /* 1.0f without the box */

static void test_add(void)
{
    /* Signed zeros: x + (-x) is +0 except under RDN (IEEE 754 sec. 6.3). */
    T(rv_fadd_d(P0, N0, RNE, &fl), P0, 0);
    T(rv_fadd_d(P0, N0, RDN, &fl), N0, 0);
    T(rv_fadd_d(N0, N0, RNE, &fl), N0, 0);
    T(rv_fsub_d(P0, P0, RDN, &fl), N0, 0);
    T(rv_fsub_d(ONE, ONE, RNE, &fl), P0, 0);
    T(rv_fsub_d(ONE, ONE, RUP, &fl), P0, 0);
    T(rv_fsub_d(ONE, ONE, RDN, &fl), N0, 0);
    T(rv_fadd_d(N0, ONE, RNE, &fl), ONE, 0);
    T(rv_fsub_d(P0, ONE, RNE, &fl), MONE, 0);
    /* Infinities */
    T(rv_fadd_d(PINF, NINF, RNE, &fl), QNAN, NV);
    T(rv_fsub_d(PINF, PINF, RNE, &fl), QNAN, NV);
    T(rv_fadd_d(PINF, DMAX, RNE, &fl), PINF, 0);
    T(rv_fsub_d(ONE, PINF, RNE, &fl), NINF, 0);
    /* NaNs: canonical result, NV only for signaling inputs */
    T(rv_fadd_d(QNANP, ONE, RNE, &fl), QNAN, 0);
    T(rv_fadd_d(ONE, SNAN, RNE, &fl), QNAN, NV);
    T(rv_fadd_d(SNAN, PINF, RNE, &fl), QNAN, NV);
    /* 1 + 2^-53 is exactly halfway between 1 and 1+2^-52 */
    T(rv_fadd_d(ONE, ULP53, RNE, &fl), ONE, NX);
    T(rv_fadd_d(ONE, ULP53, RTZ, &fl), ONE, NX);
    T(rv_fadd_d(ONE, ULP53, RDN, &fl), ONE, NX);
    T(rv_fadd_d(ONE, ULP53, RUP, &fl), ONE + 1, NX);
    T(rv_fadd_d(ONE, ULP53, RMM, &fl), ONE + 1, NX);
    /* (1+2^-52) + 2^-53: halfway with odd lsb, RNE goes up to even */
    T(rv_fadd_d(ONE + 1, ULP53, RNE, &fl), ONE + 2, NX);
    T(rv_fadd_d(ONE + 1, ULP53, RTZ, &fl), ONE + 1, NX);
    /* Negative halfway: -1 - 2^-53 */
    T(rv_fsub_d(MONE, ULP53, RNE, &fl), MONE, NX);
    T(rv_fsub_d(MONE, ULP53, RTZ, &fl), MONE, NX);
    T(rv_fsub_d(MONE, ULP53, RDN, &fl), MONE + 1, NX);
    T(rv_fsub_d(MONE, ULP53, RUP, &fl), MONE, NX);
    T(rv_fsub_d(MONE, ULP53, RMM, &fl), MONE + 1, NX);
    /* Just above / below half an ulp */
    T(rv_fadd_d(ONE, ULP53 + 1, RNE, &fl), ONE + 1, NX);
    T(rv_fadd_d(ONE, ULP53 - 1, RMM, &fl), ONE, NX);
    /* Overflow: result depends on direction */
    T(rv_fadd_d(DMAX, DMAX, RNE, &fl), PINF, OF | NX);
    T(rv_fadd_d(DMAX, DMAX, RMM, &fl), PINF, OF | NX);
    T(rv_fadd_d(DMAX, DMAX, RTZ, &fl), DMAX, OF | NX);
    T(rv_fadd_d(DMAX, DMAX, RDN, &fl), DMAX, OF | NX);
    T(rv_fadd_d(DMAX, DMAX, RUP, &fl), PINF, OF | NX);
    T(rv_fadd_d(DMAX | N0, DMAX | N0, RDN, &fl), NINF, OF | NX);
    T(rv_fadd_d(DMAX | N0, DMAX | N0, RUP, &fl), DMAX | N0, OF | NX);
    /* Subnormal sums are exact: no UF even though tiny */
    T(rv_fadd_d(DMINSUB, DMINSUB, RNE, &fl), 2, 0);
    T(rv_fadd_d(DMAXSUB, DMINSUB, RNE, &fl), DMINN, 0);
    T(rv_fsub_d(DMINN, DMINSUB, RNE, &fl), DMAXSUB, 0);
    /* Massive cancellation is exact */
    T(rv_fsub_d(ONE + 1, ONE, RNE, &fl), UINT64_C(0x3cb0000000000000), 0);
    /* Single precision */
    T(rv_fadd_s(SONE, SONE, RNE, &fl), STWO, 0);
    T(rv_fadd_s(SONE, B(0x33800000), RNE, &fl), SONE, NX);          /* + 2^-24 */
    T(rv_fadd_s(SONE, B(0x33800000), RUP, &fl), B(0x3f800001), NX);
    T(rv_fadd_s(SONE, B(0x33800000), RMM, &fl), B(0x3f800001), NX);
    T(rv_fadd_s(SMAX, SMAX, RTZ, &fl), SMAX, OF | NX);
    T(rv_fadd_s(SMAX, SMAX, RNE, &fl), SINF, OF | NX);
    T(rv_fadd_s(SSNAN, SONE, RNE, &fl), SQNAN, NV);
    T(rv_fsub_s(SONE, SONE, RDN, &fl), B(0x80000000), 0);
}

static void test_boxing(void)
{
    T(rv_fbox_s(0x3f800000), SONE, 0);
    T(rv_funbox_s(SONE), 0x3f800000, 0);
    T(rv_funbox_s(UNBOXED), 0x7fc00000, 0);
    T(rv_funbox_s(UINT64_C(0xfffffffe3f800000)), 0x7fc00000, 0);
    /* An unboxed operand reads as the canonical (quiet) NaN: no NV. */
    T(rv_fadd_s(UNBOXED, SONE, RNE, &fl), SQNAN, 0);
    T(rv_fmul_s(SONE, UNBOXED, RNE, &fl), SQNAN, 0);
    T(rv_fclass_s(UNBOXED), 1u << 9, 0);
    T(rv_fclass_s(SONE), 1u << 6, 0);
    T(rv_fsgnj_s(UNBOXED, SONE), SQNAN, 0);
    T(rv_fsgnjn_s(UNBOXED, SONE), B(0xffc00000), 0);
    T(rv_fsgnjx_s(SONE, B(0x80000000)), B(0xbf800000), 0);
    T(rv_fsgnj_s(SONE, UNBOXED), SONE, 0); /* sign of canonical NaN is + */
    T(rv_fmin_s(UNBOXED, STWO, &fl), STWO, 0);
    T(rv_feq_s(UNBOXED, UNBOXED, &fl), 0, 0);
    T(rv_flt_s(UNBOXED, SONE, &fl), 0, NV);
    T(rv_fcvt_d_s(UNBOXED, RNE, &fl), QNAN, 0);
    T(rv_fcvt_w_s(UNBOXED, RNE, &fl), 0x7fffffff, NV);
    T(rv_fsqrt_s(UNBOXED, RNE, &fl), SQNAN, 0);
    T(rv_fmadd_s(SONE, SONE, UNBOXED, RNE, &fl), SQNAN, 0);
}

static void test_mul(void)
{
    T(rv_fmul_d(N0, ONE, RNE, &fl), N0, 0);
    T(rv_fmul_d(N0, MONE, RNE, &fl), P0, 0);
    T(rv_fmul_d(PINF, P0, RNE, &fl), QNAN, NV);
    T(rv_fmul_d(N0, NINF, RNE, &fl), QNAN, NV);
    T(rv_fmul_d(NINF, MONE, RNE, &fl), PINF, 0);
    T(rv_fmul_d(QNAN, P0, RNE, &fl), QNAN, 0);
    T(rv_fmul_d(THREE, HALF, RNE, &fl), UINT64_C(0x3ff8000000000000), 0);
    T(rv_fmul_d(DMAX, TWO, RNE, &fl), PINF, OF | NX);
    T(rv_fmul_d(DMAX, TWO, RTZ, &fl), DMAX, OF | NX);
    T(rv_fmul_d(DMAX, TWO | N0, RUP, &fl), DMAX | N0, OF | NX);
    /* 2^-1022 * 0.5 = 2^-1023: tiny but exact -> no UF */
    T(rv_fmul_d(DMINN, HALF, RNE, &fl), UINT64_C(0x0008000000000000), 0);
    /* 2^-1074 * 0.5 = 2^-1075, halfway between 0 and the smallest subnormal */
    T(rv_fmul_d(DMINSUB, HALF, RNE, &fl), P0, UF | NX);
    T(rv_fmul_d(DMINSUB, HALF, RTZ, &fl), P0, UF | NX);
    T(rv_fmul_d(DMINSUB, HALF, RDN, &fl), P0, UF | NX);
    T(rv_fmul_d(DMINSUB, HALF, RUP, &fl), DMINSUB, UF | NX);
    T(rv_fmul_d(DMINSUB, HALF, RMM, &fl), DMINSUB, UF | NX);
    T(rv_fmul_d(DMINSUB, HALF | N0, RDN, &fl), DMINSUB | N0, UF | NX);
    T(rv_fmul_d(DMINSUB, HALF | N0, RNE, &fl), N0, UF | NX);
    /* (1-2^-53) * 2^-1022 = 2^-1022 - 2^-1075: representable with 53 bits at an
     * unbounded exponent, so tiny after rounding; halfway between the largest
     * subnormal (odd) and 2^-1022 (even). */
    T(rv_fmul_d(UINT64_C(0x3fefffffffffffff), DMINN, RNE, &fl), DMINN, UF | NX);
    T(rv_fmul_d(UINT64_C(0x3fefffffffffffff), DMINN, RTZ, &fl), DMAXSUB, UF | NX);
    /* (1-2^-52) * (1+2^-52) * 2^-1022 = 2^-1022 * (1 - 2^-104): rounds to 2^-1022
     * at 53 bits, so NOT tiny after rounding (RISC-V): NX only. With RTZ the
     * unbounded rounding stays below 2^-1022: tiny. */
    T(rv_fmul_d(UINT64_C(0x3feffffffffffffe), DMINN + 1, RNE, &fl), DMINN, NX);
    T(rv_fmul_d(UINT64_C(0x3feffffffffffffe), DMINN + 1, RUP, &fl), DMINN, NX);
    T(rv_fmul_d(UINT64_C(0x3feffffffffffffe), DMINN + 1, RMM, &fl), DMINN, NX);
    T(rv_fmul_d(UINT64_C(0x3feffffffffffffe), DMINN + 1, RTZ, &fl), DMAXSUB, UF | NX);
    T(rv_fmul_d(UINT64_C(0x3feffffffffffffe), DMINN + 1, RDN, &fl), DMAXSUB, UF | NX);
    /* Same in single: (1-2^-23) * (1+2^-23) * 2^-126 */
    T(rv_fmul_s(B(0x3f7ffffe), B(0x00800001), RNE, &fl), B(0x00800000), NX);
    T(rv_fmul_s(B(0x3f7ffffe), B(0x00800001), RTZ, &fl), B(0x007fffff), UF | NX);
    /* Subnormal operand: 2^-1074 * 2^1074 = 1 (2^1074 is not representable;
     * use 2^-1074 * 2^1023 = 2^-51) */
    T(rv_fmul_d(DMINSUB, UINT64_C(0x7fe0000000000000), RNE, &fl), UINT64_C(0x3cc0000000000000), 0);
    T(rv_fmul_s(B(0x00000001), B(0x7f000000), RNE, &fl), B(0x34800000), 0); /* 2^-149*2^127 = 2^-22 */
    T(rv_fmul_s(SMAX, STWO, RDN, &fl), SMAX, OF | NX);
}

static void test_div_sqrt(void)
{
    T(rv_fdiv_d(ONE, P0, RNE, &fl), PINF, DZ);
    T(rv_fdiv_d(MONE, P0, RNE, &fl), NINF, DZ);
    T(rv_fdiv_d(ONE, N0, RNE, &fl), NINF, DZ);
    T(rv_fdiv_d(P0, P0, RNE, &fl), QNAN, NV);
    T(rv_fdiv_d(PINF, NINF, RNE, &fl), QNAN, NV);
    T(rv_fdiv_d(PINF, P0, RNE, &fl), PINF, 0); /* inf / 0 is exact, no DZ */
    T(rv_fdiv_d(ONE, NINF, RNE, &fl), N0, 0);
    T(rv_fdiv_d(SNAN, P0, RNE, &fl), QNAN, NV);
    T(rv_fdiv_d(THREE, TWO, RNE, &fl), UINT64_C(0x3ff8000000000000), 0);
    /* 1/3 = 0x3fd5555555555555 + 1/3 ulp */
    T(rv_fdiv_d(ONE, THREE, RNE, &fl), UINT64_C(0x3fd5555555555555), NX);
    T(rv_fdiv_d(ONE, THREE, RMM, &fl), UINT64_C(0x3fd5555555555555), NX);
    T(rv_fdiv_d(ONE, THREE, RUP, &fl), UINT64_C(0x3fd5555555555556), NX);
    T(rv_fdiv_d(ONE, THREE, RDN, &fl), UINT64_C(0x3fd5555555555555), NX);
    /* 2/3 has the same significand as 1/3: 0x3fe5555555555555 + 1/3 ulp */
    T(rv_fdiv_d(TWO, THREE, RNE, &fl), UINT64_C(0x3fe5555555555555), NX);
    T(rv_fdiv_d(TWO, THREE, RUP, &fl), UINT64_C(0x3fe5555555555556), NX);
    T(rv_fdiv_d(TWO, THREE, RTZ, &fl), UINT64_C(0x3fe5555555555555), NX);
    T(rv_fdiv_d(TWO | N0, THREE, RDN, &fl), UINT64_C(0xbfe5555555555556), NX);
    T(rv_fdiv_d(DMAX, HALF, RNE, &fl), PINF, OF | NX);
    T(rv_fdiv_d(DMINN, TWO, RNE, &fl), UINT64_C(0x0008000000000000), 0);
    T(rv_fdiv_d(DMINSUB, UINT64_C(0x4010000000000000), RNE, &fl), P0, UF | NX); /* /4 */
    T(rv_fdiv_d(DMINSUB, UINT64_C(0x4010000000000000), RUP, &fl), DMINSUB, UF | NX);
    T(rv_fdiv_s(SONE, B(0x40400000), RNE, &fl), B(0x3eaaaaab), NX);
    T(rv_fdiv_s(SONE, B(0x40400000), RTZ, &fl), B(0x3eaaaaaa), NX);
    T(rv_fdiv_s(SONE, B(0x00000000), RNE, &fl), SINF, DZ);

    T(rv_fsqrt_d(N0, RNE, &fl), N0, 0);
    T(rv_fsqrt_d(P0, RNE, &fl), P0, 0);
    T(rv_fsqrt_d(PINF, RNE, &fl), PINF, 0);
    T(rv_fsqrt_d(NINF, RNE, &fl), QNAN, NV);
    T(rv_fsqrt_d(MONE, RNE, &fl), QNAN, NV);
    T(rv_fsqrt_d(DMINSUB | N0, RNE, &fl), QNAN, NV);
    T(rv_fsqrt_d(QNANP, RNE, &fl), QNAN, 0);
    T(rv_fsqrt_d(SNAN, RNE, &fl), QNAN, NV);
    T(rv_fsqrt_d(UINT64_C(0x4010000000000000), RNE, &fl), TWO, 0);
    T(rv_fsqrt_d(UINT64_C(0x4022000000000000), RNE, &fl), THREE, 0); /* sqrt 9 */
    /* sqrt(2) = 1.41421356237309504880..., 0x3ff6a09e667f3bcd is above it */
    T(rv_fsqrt_d(TWO, RNE, &fl), UINT64_C(0x3ff6a09e667f3bcd), NX);
    T(rv_fsqrt_d(TWO, RUP, &fl), UINT64_C(0x3ff6a09e667f3bcd), NX);
    T(rv_fsqrt_d(TWO, RTZ, &fl), UINT64_C(0x3ff6a09e667f3bcc), NX);
    T(rv_fsqrt_d(TWO, RDN, &fl), UINT64_C(0x3ff6a09e667f3bcc), NX);
    /* sqrt(2^-1074) = 2^-537 exactly; sqrt(2^-1073) = 2^-537 * sqrt 2 */
    T(rv_fsqrt_d(DMINSUB, RNE, &fl), UINT64_C(0x1e60000000000000), 0);
    T(rv_fsqrt_d(2, RNE, &fl), UINT64_C(0x1e66a09e667f3bcd), NX);
    T(rv_fsqrt_d(DMAX, RNE, &fl), UINT64_C(0x5fefffffffffffff), NX);
    T(rv_fsqrt_s(B(0x40800000), RNE, &fl), STWO, 0);
    T(rv_fsqrt_s(STWO, RNE, &fl), B(0x3fb504f3), NX); /* 1.41421353816986083984375 < sqrt 2 */
    T(rv_fsqrt_s(STWO, RUP, &fl), B(0x3fb504f4), NX);
    T(rv_fsqrt_s(B(0x80000000), RNE, &fl), B(0x80000000), 0);
    T(rv_fsqrt_s(B(0xbf800000), RNE, &fl), SQNAN, NV);
}

static void test_fma(void)
{
    /* (1+2^-52)(1-2^-52) - 1 = -2^-104 exactly: only a fused op gets this */
    T(rv_fmadd_d(ONE + 1, UINT64_C(0x3feffffffffffffe), MONE, RNE, &fl), UINT64_C(0xb970000000000000), 0);
    /* (1+2^-52)(1-2^-53) - 1 = 2^-53 - 2^-105, exact */
    T(rv_fmadd_d(ONE + 1, UINT64_C(0x3fefffffffffffff), MONE, RNE, &fl), UINT64_C(0x3c9ffffffffffffe), 0);
    T(rv_fmsub_d(TWO, THREE, ONE, RNE, &fl), UINT64_C(0x4014000000000000), 0);   /* 5 */
    T(rv_fnmsub_d(TWO, THREE, ONE, RNE, &fl), UINT64_C(0xc014000000000000), 0);  /* -5 */
    T(rv_fnmadd_d(TWO, THREE, ONE, RNE, &fl), UINT64_C(0xc01c000000000000), 0);  /* -7 */
    T(rv_fmadd_d(TWO, THREE, ONE, RNE, &fl), UINT64_C(0x401c000000000000), 0);   /* 7 */
    /* inf * 0 is invalid even with a quiet NaN addend */
    T(rv_fmadd_d(PINF, P0, QNAN, RNE, &fl), QNAN, NV);
    T(rv_fmadd_d(P0, NINF, ONE, RNE, &fl), QNAN, NV);
    T(rv_fmadd_d(ONE, QNAN, PINF, RNE, &fl), QNAN, 0);
    T(rv_fmadd_d(ONE, ONE, SNAN, RNE, &fl), QNAN, NV);
    T(rv_fmadd_d(PINF, ONE, NINF, RNE, &fl), QNAN, NV);
    T(rv_fmsub_d(PINF, ONE, PINF, RNE, &fl), QNAN, NV);
    T(rv_fnmadd_d(PINF, ONE, PINF, RNE, &fl), NINF, 0);
    T(rv_fnmadd_d(PINF, ONE, NINF, RNE, &fl), QNAN, NV);
    T(rv_fmadd_d(ONE, DMAX, PINF, RNE, &fl), PINF, 0);
    /* Exact zero sums */
    T(rv_fmadd_d(ONE, ONE, MONE, RNE, &fl), P0, 0);
    T(rv_fmadd_d(ONE, ONE, MONE, RDN, &fl), N0, 0);
    T(rv_fnmadd_d(ONE, ONE, MONE, RNE, &fl), P0, 0);
    T(rv_fmadd_d(P0, THREE, N0, RNE, &fl), P0, 0);
    T(rv_fmadd_d(N0, THREE, N0, RNE, &fl), N0, 0);
    T(rv_fmadd_d(P0, THREE, N0, RDN, &fl), N0, 0);
    T(rv_fnmsub_d(P0, THREE, N0, RNE, &fl), N0, 0); /* -(+0) + -0 */
    T(rv_fmadd_d(N0, THREE, ONE, RNE, &fl), ONE, 0);
    /* Product overflow rescued by the addend is impossible; but a huge
     * product minus itself cancels exactly. */
    T(rv_fmsub_d(DMAX, ONE, DMAX, RNE, &fl), P0, 0);
    T(rv_fmadd_d(DMAX, TWO, DMAX | N0, RNE, &fl), DMAX, 0);
    /* Tiny product plus larger value: sticky decides directed rounding */
    T(rv_fmadd_d(DMINSUB, DMINSUB, ONE, RNE, &fl), ONE, NX);
    T(rv_fmadd_d(DMINSUB, DMINSUB, ONE, RUP, &fl), ONE + 1, NX);
    T(rv_fmadd_d(DMINSUB | N0, DMINSUB, ONE, RTZ, &fl), ONE - 1, NX);
    T(rv_fmadd_d(DMINSUB, DMINSUB, P0, RNE, &fl), P0, UF | NX);
    T(rv_fmadd_d(DMINSUB, DMINSUB, P0, RUP, &fl), DMINSUB, UF | NX);
    T(rv_fmadd_s(B(0x3f800001), B(0x3f7ffffe), B(0xbf800000), RNE, &fl), B(0xa8800000), 0); /* -2^-46 */
    T(rv_fmadd_s(SONE, SONE, SONE, RNE, &fl), STWO, 0);
    T(rv_fmadd_s(SINF, B(0), SQNAN, RNE, &fl), SQNAN, NV);
}

static void test_minmax_cmp(void)
{
    T(rv_fmin_d(N0, P0, &fl), N0, 0);
    T(rv_fmin_d(P0, N0, &fl), N0, 0);
    T(rv_fmax_d(N0, P0, &fl), P0, 0);
    T(rv_fmax_d(P0, N0, &fl), P0, 0);
    T(rv_fmin_d(QNAN, ONE, &fl), ONE, 0);
    T(rv_fmax_d(ONE, QNANP, &fl), ONE, 0);
    T(rv_fmin_d(SNAN, ONE, &fl), ONE, NV);
    T(rv_fmax_d(ONE, SNAN, &fl), ONE, NV);
    T(rv_fmin_d(QNANP, QNANP, &fl), QNAN, 0);
    T(rv_fmax_d(SNAN, QNAN, &fl), QNAN, NV);
    T(rv_fmin_d(NINF, DMAX, &fl), NINF, 0);
    T(rv_fmax_d(MONE, TWO | N0, &fl), MONE, 0);
    T(rv_fmin_d(MONE, TWO | N0, &fl), TWO | N0, 0);
    T(rv_fmin_d(DMINSUB, P0, &fl), P0, 0);
    T(rv_fmin_s(B(0x80000000), B(0), &fl), B(0x80000000), 0);
    T(rv_fmax_s(SSNAN, SSNAN, &fl), SQNAN, NV);

    T(rv_feq_d(N0, P0, &fl), 1, 0);
    T(rv_fle_d(N0, P0, &fl), 1, 0);
    T(rv_flt_d(N0, P0, &fl), 0, 0);
    T(rv_feq_d(QNAN, QNAN, &fl), 0, 0);
    T(rv_feq_d(SNAN, ONE, &fl), 0, NV);
    T(rv_flt_d(QNAN, ONE, &fl), 0, NV);
    T(rv_fle_d(ONE, QNAN, &fl), 0, NV);
    T(rv_flt_d(TWO | N0, MONE, &fl), 1, 0);
    T(rv_flt_d(MONE, TWO | N0, &fl), 0, 0);
    T(rv_flt_d(ONE, TWO, &fl), 1, 0);
    T(rv_fle_d(TWO, ONE, &fl), 0, 0);
    T(rv_fle_d(ONE, ONE, &fl), 1, 0);
    T(rv_flt_d(NINF, DMAX | N0, &fl), 1, 0);
    T(rv_feq_d(PINF, PINF, &fl), 1, 0);
    T(rv_flt_d(MONE, P0, &fl), 1, 0);
    T(rv_feq_s(B(0x80000000), B(0), &fl), 1, 0);
    T(rv_flt_s(B(0xbf800000), SONE, &fl), 1, 0);
    T(rv_feq_s(SSNAN, SONE, &fl), 0, NV);
}

static void test_class(void)
{
    T(rv_fclass_d(NINF), 1u << 0, 0);
    T(rv_fclass_d(MONE), 1u << 1, 0);
    T(rv_fclass_d(DMAXSUB | N0), 1u << 2, 0);
    T(rv_fclass_d(N0), 1u << 3, 0);
    T(rv_fclass_d(P0), 1u << 4, 0);
    T(rv_fclass_d(DMINSUB), 1u << 5, 0);
    T(rv_fclass_d(DMINN), 1u << 6, 0);
    T(rv_fclass_d(PINF), 1u << 7, 0);
    T(rv_fclass_d(SNAN), 1u << 8, 0);
    T(rv_fclass_d(SNAN | N0), 1u << 8, 0);
    T(rv_fclass_d(QNANP), 1u << 9, 0);
    T(rv_fclass_s(B(0xff800000)), 1u << 0, 0);
    T(rv_fclass_s(B(0x807fffff)), 1u << 2, 0);
    T(rv_fclass_s(B(0x00000001)), 1u << 5, 0);
    T(rv_fclass_s(SSNAN), 1u << 8, 0);
    T(rv_fclass_s(SQNAN), 1u << 9, 0);
    T(rv_fsgnj_d(ONE, N0), MONE, 0);
    T(rv_fsgnjn_d(ONE, N0), ONE, 0);
    T(rv_fsgnjx_d(MONE, N0), ONE, 0);
    T(rv_fsgnjx_d(SNAN, P0), SNAN, 0); /* sign injection keeps NaN payloads */
}

#define TWO31 UINT64_C(0x41e0000000000000)
#define TWO32 UINT64_C(0x41f0000000000000)
#define TWO63 UINT64_C(0x43e0000000000000)
#define TWO64 UINT64_C(0x43f0000000000000)
#define SEXT32(x) ((uint64_t)(int64_t)(int32_t)(x))

static void test_cvt(void)
{
    uint64_t p25 = UINT64_C(0x4004000000000000), m25 = p25 | N0; /* +-2.5 */

    T(rv_fcvt_w_d(p25, RNE, &fl), 2, NX);
    T(rv_fcvt_w_d(p25, RTZ, &fl), 2, NX);
    T(rv_fcvt_w_d(p25, RDN, &fl), 2, NX);
    T(rv_fcvt_w_d(p25, RUP, &fl), 3, NX);
    T(rv_fcvt_w_d(p25, RMM, &fl), 3, NX);
    T(rv_fcvt_w_d(m25, RNE, &fl), SEXT32(-2), NX);
    T(rv_fcvt_w_d(m25, RTZ, &fl), SEXT32(-2), NX);
    T(rv_fcvt_w_d(m25, RDN, &fl), SEXT32(-3), NX);
    T(rv_fcvt_w_d(m25, RUP, &fl), SEXT32(-2), NX);
    T(rv_fcvt_w_d(m25, RMM, &fl), SEXT32(-3), NX);
    T(rv_fcvt_w_d(THREE, RNE, &fl), 3, 0);
    T(rv_fcvt_w_d(N0, RNE, &fl), 0, 0);
    T(rv_fcvt_w_d(DMINSUB, RUP, &fl), 1, NX);
    T(rv_fcvt_w_d(DMINSUB | N0, RDN, &fl), SEXT32(-1), NX);
    /* Saturation table (F chapter, "Conversion and Move"): */
    T(rv_fcvt_w_d(QNAN, RNE, &fl), 0x7fffffff, NV);
    T(rv_fcvt_w_d(QNANP, RNE, &fl), 0x7fffffff, NV); /* NaN sign is ignored */
    T(rv_fcvt_w_d(PINF, RNE, &fl), 0x7fffffff, NV);
    T(rv_fcvt_w_d(NINF, RNE, &fl), SEXT32(0x80000000), NV);
    T(rv_fcvt_w_d(TWO31, RNE, &fl), 0x7fffffff, NV);
    T(rv_fcvt_w_d(TWO31 | N0, RNE, &fl), SEXT32(0x80000000), 0);
    /* 2^31 - 0.5 ties to even 2^31 -> out of range; RTZ stays in range */
    T(rv_fcvt_w_d(UINT64_C(0x41dfffffffe00000), RNE, &fl), 0x7fffffff, NV);
    T(rv_fcvt_w_d(UINT64_C(0x41dfffffffe00000), RTZ, &fl), 0x7fffffff, NX);
    /* -2^31 - 0.5 ties to even -2^31 -> in range; RMM goes out */
    T(rv_fcvt_w_d(UINT64_C(0xc1e0000000100000), RNE, &fl), SEXT32(0x80000000), NX);
    T(rv_fcvt_w_d(UINT64_C(0xc1e0000000100000), RMM, &fl), SEXT32(0x80000000), NV);
    T(rv_fcvt_w_d(UINT64_C(0xc1e0000000200000), RTZ, &fl), SEXT32(0x80000000), NV);

    T(rv_fcvt_wu_d(QNAN, RNE, &fl), UINT64_MAX, NV); /* 2^32-1 sign-extended */
    T(rv_fcvt_wu_d(PINF, RNE, &fl), UINT64_MAX, NV);
    T(rv_fcvt_wu_d(NINF, RNE, &fl), 0, NV);
    T(rv_fcvt_wu_d(MONE, RNE, &fl), 0, NV);
    T(rv_fcvt_wu_d(TWO32, RNE, &fl), UINT64_MAX, NV);
    T(rv_fcvt_wu_d(UINT64_C(0x41efffffffe00000), RNE, &fl), UINT64_MAX, 0); /* 2^32-1 */
    T(rv_fcvt_wu_d(UINT64_C(0x41e65a0bc0000000), RNE, &fl), SEXT32(3000000000u), 0);
    T(rv_fcvt_wu_d(HALF | N0, RNE, &fl), 0, NX); /* -0.5 rounds to -0: in range */
    T(rv_fcvt_wu_d(HALF | N0, RMM, &fl), 0, NV); /* rounds to -1 */
    T(rv_fcvt_wu_d(HALF | N0, RTZ, &fl), 0, NX);
    T(rv_fcvt_wu_d(HALF | N0, RUP, &fl), 0, NX);
    T(rv_fcvt_wu_d(HALF | N0, RDN, &fl), 0, NV);
    T(rv_fcvt_wu_d(N0, RNE, &fl), 0, 0);

    T(rv_fcvt_l_d(QNAN, RNE, &fl), INT64_MAX, NV);
    T(rv_fcvt_l_d(PINF, RNE, &fl), INT64_MAX, NV);
    T(rv_fcvt_l_d(NINF, RNE, &fl), (uint64_t)INT64_MIN, NV);
    T(rv_fcvt_l_d(TWO63, RNE, &fl), INT64_MAX, NV);
    T(rv_fcvt_l_d(TWO63 | N0, RNE, &fl), (uint64_t)INT64_MIN, 0);
    T(rv_fcvt_l_d(UINT64_C(0x43dfffffffffffff), RNE, &fl), UINT64_C(0x7ffffffffffffc00), 0);
    T(rv_fcvt_l_d(m25, RMM, &fl), (uint64_t)-3, NX);
    T(rv_fcvt_l_d(DMAX | N0, RNE, &fl), (uint64_t)INT64_MIN, NV);

    T(rv_fcvt_lu_d(QNAN, RNE, &fl), UINT64_MAX, NV);
    T(rv_fcvt_lu_d(PINF, RNE, &fl), UINT64_MAX, NV);
    T(rv_fcvt_lu_d(NINF, RNE, &fl), 0, NV);
    T(rv_fcvt_lu_d(TWO64, RNE, &fl), UINT64_MAX, NV);
    T(rv_fcvt_lu_d(TWO63, RNE, &fl), UINT64_C(0x8000000000000000), 0);
    T(rv_fcvt_lu_d(UINT64_C(0x43efffffffffffff), RNE, &fl), UINT64_C(0xfffffffffffff800), 0);
    T(rv_fcvt_lu_d(MONE, RNE, &fl), 0, NV);
    T(rv_fcvt_lu_d(p25, RNE, &fl), 2, NX);

    T(rv_fcvt_w_s(B(0x4f000000), RNE, &fl), 0x7fffffff, NV); /* 2^31 */
    T(rv_fcvt_w_s(B(0xcf000000), RNE, &fl), SEXT32(0x80000000), 0);
    T(rv_fcvt_wu_s(B(0x4f7fffff), RNE, &fl), SEXT32(0xffffff00), 0);
    T(rv_fcvt_l_s(B(0x5f000000), RNE, &fl), INT64_MAX, NV); /* 2^63 */
    T(rv_fcvt_lu_s(B(0x5f000000), RNE, &fl), UINT64_C(0x8000000000000000), 0);
    T(rv_fcvt_lu_s(SSNAN, RNE, &fl), UINT64_MAX, NV);
    T(rv_fcvt_w_s(B(0x3fc00000), RNE, &fl), 2, NX); /* 1.5 */

    /* integer -> double */
    T(rv_fcvt_d_w(UINT64_C(0xffffffff80000000), RNE, &fl), TWO31 | N0, 0);
    T(rv_fcvt_d_w(UINT64_C(0x12345678ffffffff), RNE, &fl), MONE, 0); /* upper bits ignored */
    T(rv_fcvt_d_wu(UINT64_C(0xffffffffffffffff), RNE, &fl), UINT64_C(0x41efffffffe00000), 0);
    T(rv_fcvt_d_wu(0, RNE, &fl), P0, 0);
    T(rv_fcvt_d_l(0, RDN, &fl), P0, 0);
    T(rv_fcvt_d_l((UINT64_C(1) << 53) + 1, RNE, &fl), UINT64_C(0x4340000000000000), NX);
    T(rv_fcvt_d_l((UINT64_C(1) << 53) + 1, RUP, &fl), UINT64_C(0x4340000000000001), NX);
    T(rv_fcvt_d_l((UINT64_C(1) << 53) + 1, RMM, &fl), UINT64_C(0x4340000000000001), NX);
    T(rv_fcvt_d_l((UINT64_C(1) << 53) + 3, RNE, &fl), UINT64_C(0x4340000000000002), NX);
    T(rv_fcvt_d_l(0 - (UINT64_C(1) << 53) - 1, RDN, &fl), UINT64_C(0xc340000000000001), NX);
    T(rv_fcvt_d_l(0 - (UINT64_C(1) << 53) - 1, RUP, &fl), UINT64_C(0xc340000000000000), NX);
    T(rv_fcvt_d_l(UINT64_C(0x8000000000000000), RNE, &fl), TWO63 | N0, 0);
    T(rv_fcvt_d_lu(UINT64_MAX, RNE, &fl), TWO64, NX);
    T(rv_fcvt_d_lu(UINT64_MAX, RTZ, &fl), UINT64_C(0x43efffffffffffff), NX);
    T(rv_fcvt_s_w(16777217, RNE, &fl), B(0x4b800000), NX); /* 2^24 + 1 */
    T(rv_fcvt_s_w(16777217, RUP, &fl), B(0x4b800001), NX);
    T(rv_fcvt_s_wu(UINT64_C(0xffffffff), RNE, &fl), B(0x4f800000), NX);
    T(rv_fcvt_s_wu(UINT64_C(0xffffffff), RTZ, &fl), B(0x4f7fffff), NX);
    T(rv_fcvt_s_l(UINT64_C(0xffffffffffffffff), RNE, &fl), B(0xbf800000), 0);
    T(rv_fcvt_s_lu(UINT64_C(0xffffffffffffffff), RNE, &fl), B(0x5f800000), NX);

    /* double <-> single */
    T(rv_fcvt_s_d(UINT64_C(0x3fd5555555555555), RNE, &fl), B(0x3eaaaaab), NX);
    T(rv_fcvt_s_d(UINT64_C(0x3fd5555555555555), RTZ, &fl), B(0x3eaaaaaa), NX);
    T(rv_fcvt_s_d(DMAX, RNE, &fl), SINF, OF | NX);
    T(rv_fcvt_s_d(DMAX, RTZ, &fl), SMAX, OF | NX);
    T(rv_fcvt_s_d(UINT64_C(0x47efffffe0000000), RNE, &fl), SMAX, 0); /* FLT_MAX exactly */
    /* Halfway between FLT_MAX and 2^128: ties to even overflows; RTZ does not
     * overflow at all (unbounded-exponent result is FLT_MAX), so only NX. */
    T(rv_fcvt_s_d(UINT64_C(0x47effffff0000000), RNE, &fl), SINF, OF | NX);
    T(rv_fcvt_s_d(UINT64_C(0x47effffff0000000), RMM, &fl), SINF, OF | NX);
    T(rv_fcvt_s_d(UINT64_C(0x47effffff0000000), RTZ, &fl), SMAX, NX);
    T(rv_fcvt_s_d(UINT64_C(0x47effffff0000000), RDN, &fl), SMAX, NX);
    T(rv_fcvt_s_d(UINT64_C(0x3690000000000000), RNE, &fl), B(0), UF | NX); /* 2^-150 */
    T(rv_fcvt_s_d(UINT64_C(0x3690000000000000), RMM, &fl), B(1), UF | NX);
    T(rv_fcvt_s_d(UINT64_C(0x36a0000000000000), RNE, &fl), B(1), 0);        /* 2^-149 */
    T(rv_fcvt_s_d(DMINSUB, RUP, &fl), B(1), UF | NX);
    T(rv_fcvt_s_d(N0, RNE, &fl), B(0x80000000), 0);
    T(rv_fcvt_s_d(NINF, RNE, &fl), B(0xff800000), 0);
    T(rv_fcvt_s_d(SNAN, RNE, &fl), SQNAN, NV);
    T(rv_fcvt_s_d(QNANP, RNE, &fl), SQNAN, 0);
    T(rv_fcvt_d_s(SONE, RNE, &fl), ONE, 0);
    T(rv_fcvt_d_s(B(0x00000001), RNE, &fl), UINT64_C(0x36a0000000000000), 0);
    T(rv_fcvt_d_s(B(0x807fffff), RNE, &fl), UINT64_C(0xb80fffffc0000000), 0);
    T(rv_fcvt_d_s(SSNAN, RNE, &fl), QNAN, NV);
    T(rv_fcvt_d_s(B(0xffc00001), RNE, &fl), QNAN, 0);
    T(rv_fcvt_d_s(SINF, RNE, &fl), PINF, 0);
}

static void test_flag_accumulation(void)
{
    uint32_t fl = DZ;
    uint64_t r = rv_fdiv_d(ONE, THREE, RNE, &fl);
    check("flags are OR-ed", __LINE__, r, UINT64_C(0x3fd5555555555555), fl, DZ | NX);
    fl = NV;
    r = rv_fadd_d(ONE, ONE, RNE, &fl);
    check("exact op keeps flags", __LINE__, r, TWO, fl, NV);
}

/* ---- cross-check against the host FPU (RNE/RTZ/RDN/RUP only) ---- */

static uint64_t xs = 0x243f6a8885a308d3u;

static uint64_t xrand(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return xs;
}

static uint64_t rand_double(void)
{
    uint64_t v = xrand();
    switch (xrand() % 8) {
    case 0: /* subnormal */
        return v & UINT64_C(0x800fffffffffffff);
    case 1: /* near the bottom of the normal range */
        return (v & UINT64_C(0x800fffffffffffff)) | ((xrand() % 60) << 52);
    case 2: /* near the top */
        return (v & UINT64_C(0x800fffffffffffff)) | ((UINT64_C(0x7fe) - xrand() % 60) << 52);
    case 3: /* short significands make exact and halfway results likely */
        return v & UINT64_C(0xfffff00000000000);
    default:
        return (v & UINT64_C(0x800fffffffffffff)) | ((UINT64_C(0x3ff) - 40 + xrand() % 80) << 52);
    }
}

static uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static uint32_t host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return (e & FE_INEXACT ? NX : 0) | (e & FE_UNDERFLOW ? UF : 0) | (e & FE_OVERFLOW ? OF : 0) |
           (e & FE_DIVBYZERO ? DZ : 0) | (e & FE_INVALID ? NV : 0);
}

static void host_crosscheck(int iters)
{
    static const int hm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
    int i, m, op, bad = 0;

    for (i = 0; i < iters; i++) {
        uint64_t a = rand_double(), b = rand_double(), c = rand_double();
        for (m = 0; m < 4; m++) {
            for (op = 0; op < 5; op++) {
                volatile double x = u2d(a), y = u2d(b), z = u2d(c);
                volatile double hr;
                uint64_t mine, host;
                uint32_t fl = 0, hf;

                fesetround(hm[m]);
                feclearexcept(FE_ALL_EXCEPT);
                switch (op) {
                case 0:
                    hr = x + y;
                    break;
                case 1:
                    hr = x * y;
                    break;
                case 2:
                    hr = x / y;
                    break;
                case 3:
                    hr = sqrt(fabs(x));
                    break;
                default:
                    hr = fma(x, y, z);
                    break;
                }
                hf = host_flags();
                fesetround(FE_TONEAREST);
                switch (op) {
                case 0:
                    mine = rv_fadd_d(a, b, m, &fl);
                    break;
                case 1:
                    mine = rv_fmul_d(a, b, m, &fl);
                    break;
                case 2:
                    mine = rv_fdiv_d(a, b, m, &fl);
                    break;
                case 3:
                    mine = rv_fsqrt_d(a & ~N0, m, &fl);
                    break;
                default:
                    mine = rv_fmadd_d(a, b, c, m, &fl);
                    break;
                }
                host = d2u(hr);
                if (isnan(hr))
                    host = QNAN; /* x86 propagates payloads; RISC-V canonicalises */
                if (host != mine || hf != fl) {
                    if (bad++ < 10)
                        printf("FAIL host cross-check op %d rm %d %016" PRIx64 " %016" PRIx64
                               " %016" PRIx64 ": mine %016" PRIx64 "/%02x host %016" PRIx64
                               "/%02x\n",
                               op, m, a, b, c, mine, fl, host, hf);
                }
            }
        }
    }
    if (bad)
        failed++;
    else
        passed++;
}

int main(void)
{
    test_add();
    test_boxing();
    test_mul();
    test_div_sqrt();
    test_fma();
    test_minmax_cmp();
    test_class();
    test_cvt();
    test_flag_accumulation();
    host_crosscheck(100000);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
