/* SPDX-License-Identifier: MIT */
/* RISC-V F/D arithmetic: FADD, FSUB, FMUL, FDIV, FSQRT and the four fused
 * multiply-adds (ISA manual, F chapter "Single-Precision Floating-Point
 * Computational Instructions"; D chapter likewise), correctly rounded per
 * IEEE 754-2008 sec. 5.4.1 using the core in fpu_core.h. */
#include "fpu_core.h"

FPU_INLINE uint64_t fpu_zero(int sign, int eb, int mb)
{
    return sign ? FPU_SIGN(eb, mb) : 0;
}

FPU_INLINE uint64_t fpu_inf(int sign, int eb, int mb)
{
    return fpu_zero(sign, eb, mb) | FPU_INF(eb, mb);
}

FPU_INLINE uint64_t fpu_add(uint64_t a, uint64_t b, int negb, int rm, uint32_t *fl, int eb, int mb)
{
    fpu_unp x = fpu_unpack(a, eb, mb);
    fpu_unp y = fpu_unpack(b, eb, mb);
    uint64_t xs, ys, s;
    int d, lz;

    y.sign ^= negb;
    if (x.cls >= FPC_QNAN || y.cls >= FPC_QNAN)
        return fpu_nan_result(&x, &y, fl, eb, mb);
    if (x.cls == FPC_INF) {
        if (y.cls == FPC_INF && x.sign != y.sign) {
            *fl |= RV_FFLAG_NV;
            return FPU_DNAN(eb, mb);
        }
        return fpu_inf(x.sign, eb, mb);
    }
    if (y.cls == FPC_INF)
        return fpu_inf(y.sign, eb, mb);
    if (y.cls == FPC_ZERO) {
        if (x.cls == FPC_ZERO)
            return fpu_zero(x.sign == y.sign ? x.sign : FPU_RM(rm) == RV_RM_RDN, eb, mb);
        return a;
    }
    if (x.cls == FPC_ZERO)
        return b ^ (negb ? FPU_SIGN(eb, mb) : 0);

    if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
        fpu_unp t = x;
        x = y;
        y = t;
    }
    /* One bit of headroom for the carry; the dropped low bit is always zero. */
    d = x.exp - y.exp;
    xs = x.sig >> 1;
    ys = fpu_jam64(y.sig >> 1, d);
    if (x.sign == y.sign) {
        s = xs + ys;
    } else {
        s = xs - ys;
        if (s == 0)
            return fpu_zero(FPU_RM(rm) == RV_RM_RDN, eb, mb);
    }
    lz = fpu_clz64(s);
    return fpu_round_pack(x.sign, x.exp + 1 - lz, s << lz, rm, fl, eb, mb);
}

FPU_INLINE uint64_t fpu_mul(uint64_t a, uint64_t b, int rm, uint32_t *fl, int eb, int mb)
{
    fpu_unp x = fpu_unpack(a, eb, mb);
    fpu_unp y = fpu_unpack(b, eb, mb);
    int sign = x.sign ^ y.sign;
    int32_t exp;
    uint64_t sig;

    if (x.cls >= FPC_QNAN || y.cls >= FPC_QNAN)
        return fpu_nan_result(&x, &y, fl, eb, mb);
    if (x.cls == FPC_INF || y.cls == FPC_INF) {
        if (x.cls == FPC_ZERO || y.cls == FPC_ZERO) {
            *fl |= RV_FFLAG_NV;
            return FPU_DNAN(eb, mb);
        }
        return fpu_inf(sign, eb, mb);
    }
    if (x.cls == FPC_ZERO || y.cls == FPC_ZERO)
        return fpu_zero(sign, eb, mb);

    exp = x.exp + y.exp;
    if (mb <= 31) {
        /* <= 32-bit significands: the product fits in 64 bits. */
        uint64_t p = (x.sig >> 32) * (y.sig >> 32);
        if (p >> 63)
            exp++;
        else
            p <<= 1;
        sig = p;
    } else {
        fpu_u128 p = (fpu_u128)x.sig * y.sig;
        uint64_t hi = (uint64_t)(p >> 64), lo = (uint64_t)p;
        if (hi >> 63) {
            exp++;
        } else {
            hi = (hi << 1) | (lo >> 63);
            lo <<= 1;
        }
        sig = hi | (lo != 0);
    }
    return fpu_round_pack(sign, exp, sig, rm, fl, eb, mb);
}

/* floor((hi:lo) / d) and the remainder; requires hi < d. */
FPU_INLINE uint64_t fpu_div128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    fpu_u128 n = ((fpu_u128)hi << 64) | lo;
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

FPU_INLINE uint64_t fpu_div(uint64_t a, uint64_t b, int rm, uint32_t *fl, int eb, int mb)
{
    fpu_unp x = fpu_unpack(a, eb, mb);
    fpu_unp y = fpu_unpack(b, eb, mb);
    int sign = x.sign ^ y.sign;
    uint64_t q, r, mx, my;
    int lz;

    if (x.cls >= FPC_QNAN || y.cls >= FPC_QNAN)
        return fpu_nan_result(&x, &y, fl, eb, mb);
    if (x.cls == FPC_INF) {
        if (y.cls == FPC_INF) {
            *fl |= RV_FFLAG_NV;
            return FPU_DNAN(eb, mb);
        }
        return fpu_inf(sign, eb, mb);
    }
    if (y.cls == FPC_INF)
        return fpu_zero(sign, eb, mb);
    if (y.cls == FPC_ZERO) {
        if (x.cls == FPC_ZERO) {
            *fl |= RV_FFLAG_NV;
            return FPU_DNAN(eb, mb);
        }
        *fl |= RV_FFLAG_DZ;
        return fpu_inf(sign, eb, mb);
    }
    if (x.cls == FPC_ZERO)
        return fpu_zero(sign, eb, mb);

    /* Integer significands (mb+1 bits); quotient mx*2^63/my lies in
     * (2^62, 2^64), far more than the mb+3 bits rounding needs. */
    mx = x.sig >> (63 - mb);
    my = y.sig >> (63 - mb);
    if (mb <= 31) {
        uint64_t n = mx << 39; /* 24-bit significand: keep n < 2^63 */
        q = n / my;
        r = n % my;
        lz = fpu_clz64(q);
        return fpu_round_pack(sign, x.exp - y.exp + (63 - lz) - 39, (q << lz) | (r != 0), rm,
                              fl, eb, mb);
    }
    q = fpu_div128(mx >> 1, mx << 63, my, &r);
    lz = fpu_clz64(q);
    return fpu_round_pack(sign, x.exp - y.exp - lz, (q << lz) | (r != 0), rm, fl, eb, mb);
}

/* floor(sqrt(m)) for 2^124 <= m < 2^126: a floating-point estimate refined by
 * one Newton step, then made exact with integer checks. */
static uint64_t fpu_isqrt128(fpu_u128 m)
{
    uint64_t r = (uint64_t)__builtin_sqrt((double)m);
    uint64_t rem;

    if (r >> 63)
        r = UINT64_MAX >> 1;
    r = (uint64_t)(((fpu_u128)r + fpu_div128((uint64_t)(m >> 64), (uint64_t)m, r, &rem)) >> 1);
    while ((fpu_u128)r * r > m)
        r--;
    while ((fpu_u128)(r + 1) * (r + 1) <= m)
        r++;
    return r;
}

FPU_INLINE uint64_t fpu_sqrt(uint64_t a, int rm, uint32_t *fl, int eb, int mb)
{
    fpu_unp x = fpu_unpack(a, eb, mb);
    uint64_t m;

    if (x.cls >= FPC_QNAN)
        return fpu_nan_result(&x, 0, fl, eb, mb);
    if (x.cls == FPC_ZERO)
        return a;
    if (x.sign) {
        *fl |= RV_FFLAG_NV;
        return FPU_DNAN(eb, mb);
    }
    if (x.cls == FPC_INF)
        return a;

    /* value = m * 2^(exp-mb); m is shifted left by an amount making the
     * remaining power of two even so it halves exactly. */
    m = x.sig >> (63 - mb);
    if (mb <= 31) {
        /* Radicand in [2^60, 2^62) is exact as a double, root has 31 bits. */
        int odd = (x.exp - mb - 37) & 1;
        uint64_t n = m << (37 + odd), r = (uint64_t)__builtin_sqrt((double)n);
        int h = (x.exp - mb - 37 - odd) / 2;
        while (r * r > n)
            r--;
        while ((r + 1) * (r + 1) <= n)
            r++;
        return fpu_round_pack(0, 30 + h, (r << 33) | (r * r != n), rm, fl, eb, mb);
    } else {
        int odd = (x.exp - mb) & 1;
        fpu_u128 n = (fpu_u128)m << (72 + odd);
        uint64_t r = fpu_isqrt128(n);
        int h = (x.exp - mb - 72 - odd) / 2;
        return fpu_round_pack(0, 62 + h, (r << 1) | ((fpu_u128)r * r != n), rm, fl, eb, mb);
    }
}

/* (-1)^negp * a * b + (-1)^negc * c with a single rounding. */
FPU_INLINE uint64_t fpu_fma(uint64_t a, uint64_t b, uint64_t c, int negp, int negc, int rm,
                            uint32_t *fl, int eb, int mb)
{
    fpu_unp x = fpu_unpack(a, eb, mb);
    fpu_unp y = fpu_unpack(b, eb, mb);
    fpu_unp z = fpu_unpack(c, eb, mb);
    int ps = x.sign ^ y.sign ^ negp;
    int32_t pe, ze, e;
    fpu_u128 p, zz, big, small, s;
    int sign, lz;

    z.sign ^= negc;
    /* inf * 0 is invalid even when c is a quiet NaN (F chapter, FMA note). */
    if ((x.cls == FPC_INF && y.cls == FPC_ZERO) || (x.cls == FPC_ZERO && y.cls == FPC_INF)) {
        *fl |= RV_FFLAG_NV;
        return FPU_DNAN(eb, mb);
    }
    if (x.cls >= FPC_QNAN || y.cls >= FPC_QNAN || z.cls >= FPC_QNAN) {
        if (x.cls == FPC_SNAN || y.cls == FPC_SNAN || z.cls == FPC_SNAN)
            *fl |= RV_FFLAG_NV;
        return FPU_DNAN(eb, mb);
    }
    if (x.cls == FPC_INF || y.cls == FPC_INF) {
        if (z.cls == FPC_INF && z.sign != ps) {
            *fl |= RV_FFLAG_NV;
            return FPU_DNAN(eb, mb);
        }
        return fpu_inf(ps, eb, mb);
    }
    if (z.cls == FPC_INF)
        return fpu_inf(z.sign, eb, mb);
    if (x.cls == FPC_ZERO || y.cls == FPC_ZERO) {
        if (z.cls == FPC_ZERO)
            return fpu_zero(ps == z.sign ? ps : FPU_RM(rm) == RV_RM_RDN, eb, mb);
        return c ^ (negc ? FPU_SIGN(eb, mb) : 0);
    }

    /* Exact product with its leading bit moved to bit 125 (value = p * 2^(pe-125));
     * the low bits shifted out are zero since both significands have >= 11 zero
     * low bits. */
    p = (fpu_u128)x.sig * y.sig;
    pe = x.exp + y.exp;
    if ((uint64_t)(p >> 64) >> 63) {
        p >>= 2;
        pe++;
    } else {
        p >>= 1;
    }
    if (z.cls == FPC_ZERO) {
        p <<= 2;
        return fpu_round_pack(ps, pe, (uint64_t)(p >> 64) | ((uint64_t)p != 0), rm, fl, eb, mb);
    }
    zz = (fpu_u128)z.sig << 62;
    ze = z.exp;
    if (pe > ze || (pe == ze && p >= zz)) {
        big = p;
        small = fpu_jam128(zz, pe - ze);
        e = pe;
        sign = ps;
    } else {
        big = zz;
        small = fpu_jam128(p, ze - pe);
        e = ze;
        sign = z.sign;
    }
    if (ps == z.sign) {
        s = big + small;
    } else {
        s = big - small;
        if (s == 0)
            return fpu_zero(FPU_RM(rm) == RV_RM_RDN, eb, mb);
    }
    lz = fpu_clz128(s);
    s <<= lz;
    return fpu_round_pack(sign, e + 2 - lz, (uint64_t)(s >> 64) | ((uint64_t)s != 0), rm, fl, eb,
                          mb);
}

/* ---- public wrappers ---- */

#define D FPU_EB_D, FPU_MB_D
#define S FPU_EB_S, FPU_MB_S
#define UB(v) ((uint64_t)rv_funbox_s(v))
#define BOX(v) rv_fbox_s((uint32_t)(v))

uint64_t rv_fadd_d(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return fpu_add(a, b, 0, rm, flags, D);
}

uint64_t rv_fsub_d(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return fpu_add(a, b, 1, rm, flags, D);
}

uint64_t rv_fmul_d(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return fpu_mul(a, b, rm, flags, D);
}

uint64_t rv_fdiv_d(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return fpu_div(a, b, rm, flags, D);
}

uint64_t rv_fsqrt_d(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_sqrt(a, rm, flags, D);
}

uint64_t rv_fmadd_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return fpu_fma(a, b, c, 0, 0, rm, flags, D);
}

uint64_t rv_fmsub_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return fpu_fma(a, b, c, 0, 1, rm, flags, D);
}

uint64_t rv_fnmsub_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return fpu_fma(a, b, c, 1, 0, rm, flags, D);
}

uint64_t rv_fnmadd_d(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return fpu_fma(a, b, c, 1, 1, rm, flags, D);
}

uint64_t rv_fadd_s(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return BOX(fpu_add(UB(a), UB(b), 0, rm, flags, S));
}

uint64_t rv_fsub_s(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return BOX(fpu_add(UB(a), UB(b), 1, rm, flags, S));
}

uint64_t rv_fmul_s(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return BOX(fpu_mul(UB(a), UB(b), rm, flags, S));
}

uint64_t rv_fdiv_s(uint64_t a, uint64_t b, int rm, uint32_t *flags)
{
    return BOX(fpu_div(UB(a), UB(b), rm, flags, S));
}

uint64_t rv_fsqrt_s(uint64_t a, int rm, uint32_t *flags)
{
    return BOX(fpu_sqrt(UB(a), rm, flags, S));
}

uint64_t rv_fmadd_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return BOX(fpu_fma(UB(a), UB(b), UB(c), 0, 0, rm, flags, S));
}

uint64_t rv_fmsub_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return BOX(fpu_fma(UB(a), UB(b), UB(c), 0, 1, rm, flags, S));
}

uint64_t rv_fnmsub_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return BOX(fpu_fma(UB(a), UB(b), UB(c), 1, 0, rm, flags, S));
}

uint64_t rv_fnmadd_s(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags)
{
    return BOX(fpu_fma(UB(a), UB(b), UB(c), 1, 1, rm, flags, S));
}
