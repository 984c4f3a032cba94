/* SPDX-License-Identifier: MIT */
/* RISC-V F/D non-arithmetic helpers: NaN boxing (ISA manual, D chapter "NaN
 * Boxing of Narrower Values"), FMIN/FMAX (2.2+ minimumNumber/maximumNumber with
 * -0 < +0), FEQ/FLT/FLE, FCLASS and the sign-injection instructions. */
#include "fpu_core.h"

uint64_t rv_fbox_s(uint32_t v)
{
    return UINT64_C(0xffffffff00000000) | v;
}

uint32_t rv_funbox_s(uint64_t reg)
{
    return (reg >> 32) == 0xffffffffu ? (uint32_t)reg : RV_FPU_DEFAULT_NAN_S;
}

/* a < b for non-NaN operands; with total_zero, -0 orders below +0. */
FPU_INLINE int fpu_lt(uint64_t a, uint64_t b, int total_zero, int eb, int mb)
{
    const uint64_t sbit = FPU_SIGN(eb, mb);
    int sa = (a & sbit) != 0, sb = (b & sbit) != 0;

    if (sa != sb) {
        if (!total_zero && ((a | b) & (sbit - 1)) == 0)
            return 0; /* -0 == +0 */
        return sa;
    }
    return sa ? (a > b) : (a < b);
}

FPU_INLINE int fpu_eq(uint64_t a, uint64_t b, int eb, int mb)
{
    return a == b || ((a | b) & (FPU_SIGN(eb, mb) - 1)) == 0;
}

FPU_INLINE uint64_t fpu_minmax(uint64_t a, uint64_t b, int is_max, uint32_t *fl, int eb, int mb)
{
    int na = fpu_is_nan(a, eb, mb), nb = fpu_is_nan(b, eb, mb);

    if (fpu_is_snan(a, eb, mb) || fpu_is_snan(b, eb, mb))
        *fl |= RV_FFLAG_NV;
    if (na && nb)
        return FPU_DNAN(eb, mb);
    if (na)
        return b;
    if (nb)
        return a;
    return fpu_lt(a, b, 1, eb, mb) != is_max ? a : b;
}

FPU_INLINE uint64_t fpu_cmp(uint64_t a, uint64_t b, int op, uint32_t *fl, int eb, int mb)
{
    if (fpu_is_nan(a, eb, mb) || fpu_is_nan(b, eb, mb)) {
        /* FEQ is a quiet comparison, FLT/FLE signaling (IEEE 754 sec. 5.11). */
        if (op != 0 || fpu_is_snan(a, eb, mb) || fpu_is_snan(b, eb, mb))
            *fl |= RV_FFLAG_NV;
        return 0;
    }
    switch (op) {
    case 0:
        return (uint64_t)fpu_eq(a, b, eb, mb);
    case 1:
        return (uint64_t)fpu_lt(a, b, 0, eb, mb);
    default:
        return (uint64_t)(fpu_lt(a, b, 0, eb, mb) || fpu_eq(a, b, eb, mb));
    }
}

FPU_INLINE uint64_t fpu_class(uint64_t a, int eb, int mb)
{
    fpu_unp u = fpu_unpack(a, eb, mb);
    int be = (int)((a >> mb) & ((1u << eb) - 1));

    switch (u.cls) {
    case FPC_INF:
        return u.sign ? 1u << 0 : 1u << 7;
    case FPC_ZERO:
        return u.sign ? 1u << 3 : 1u << 4;
    case FPC_SNAN:
        return 1u << 8;
    case FPC_QNAN:
        return 1u << 9;
    default:
        if (be == 0)
            return u.sign ? 1u << 2 : 1u << 5;
        return u.sign ? 1u << 1 : 1u << 6;
    }
}

#define D FPU_EB_D, FPU_MB_D
#define S FPU_EB_S, FPU_MB_S
#define UB(v) ((uint64_t)rv_funbox_s(v))
#define SGN_D (UINT64_C(1) << 63)
#define SGN_S (UINT64_C(1) << 31)

uint64_t rv_fmin_d(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_minmax(a, b, 0, flags, D);
}

uint64_t rv_fmax_d(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_minmax(a, b, 1, flags, D);
}

uint64_t rv_feq_d(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_cmp(a, b, 0, flags, D);
}

uint64_t rv_flt_d(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_cmp(a, b, 1, flags, D);
}

uint64_t rv_fle_d(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_cmp(a, b, 2, flags, D);
}

uint64_t rv_fclass_d(uint64_t a)
{
    return fpu_class(a, D);
}

uint64_t rv_fsgnj_d(uint64_t a, uint64_t b)
{
    return (a & ~SGN_D) | (b & SGN_D);
}

uint64_t rv_fsgnjn_d(uint64_t a, uint64_t b)
{
    return (a & ~SGN_D) | (~b & SGN_D);
}

uint64_t rv_fsgnjx_d(uint64_t a, uint64_t b)
{
    return a ^ (b & SGN_D);
}

uint64_t rv_fmin_s(uint64_t a, uint64_t b, uint32_t *flags)
{
    return rv_fbox_s((uint32_t)fpu_minmax(UB(a), UB(b), 0, flags, S));
}

uint64_t rv_fmax_s(uint64_t a, uint64_t b, uint32_t *flags)
{
    return rv_fbox_s((uint32_t)fpu_minmax(UB(a), UB(b), 1, flags, S));
}

uint64_t rv_feq_s(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_cmp(UB(a), UB(b), 0, flags, S);
}

uint64_t rv_flt_s(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_cmp(UB(a), UB(b), 1, flags, S);
}

uint64_t rv_fle_s(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fpu_cmp(UB(a), UB(b), 2, flags, S);
}

uint64_t rv_fclass_s(uint64_t a)
{
    return fpu_class(UB(a), S);
}

uint64_t rv_fsgnj_s(uint64_t a, uint64_t b)
{
    return rv_fbox_s((uint32_t)((UB(a) & ~SGN_S) | (UB(b) & SGN_S)));
}

uint64_t rv_fsgnjn_s(uint64_t a, uint64_t b)
{
    return rv_fbox_s((uint32_t)((UB(a) & ~SGN_S) | (~UB(b) & SGN_S)));
}

uint64_t rv_fsgnjx_s(uint64_t a, uint64_t b)
{
    return rv_fbox_s((uint32_t)(UB(a) ^ (UB(b) & SGN_S)));
}
