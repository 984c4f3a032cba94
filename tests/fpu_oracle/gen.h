/* SPDX-License-Identifier: MIT */
/* Deterministic, edge-heavy operand generators for the FPU differential oracle.
 * Integer-only (no FP arithmetic) so the riscv64 and host programs produce the
 * same operand stream from the same seed. Biased towards exponent extremes,
 * subnormals, NaNs with and without the quiet bit, halfway and cancellation
 * cases, integer-conversion boundaries and unboxed singles. */
/* Never put two rnd() consumers in one expression or argument list: the
 * evaluation order differs between compilers/targets. */
#ifndef FPU_ORACLE_GEN_H
#define FPU_ORACLE_GEN_H

#include <stdint.h>

enum { G_ADD, G_MUL, G_DIV, G_SQRT, G_FMA, G_PAIR, G_ONE, G_F2I, G_I2F, G_D2S };

static uint64_t gen_state;

static uint64_t rnd(void)
{
    uint64_t z = (gen_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t rbits(int n)
{
    return n <= 0 ? 0 : rnd() >> (64 - n);
}

static int rrange(int lo, int hi)
{
    return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

typedef struct {
    int eb, mb;
} gfmt;

static gfmt gen_fmt(int fmt)
{
    gfmt f = { fmt ? 11 : 8, fmt ? 52 : 23 };
    return f;
}

#define GMASK(f) ((UINT64_C(1) << (f).mb) - 1)
#define GEMAX(f) ((1 << (f).eb) - 1)
#define GBIAS(f) ((1 << ((f).eb - 1)) - 1)

static uint64_t gpack(gfmt f, int sign, int be, uint64_t m)
{
    return ((uint64_t)sign << (f.eb + f.mb)) | ((uint64_t)be << f.mb) | (m & GMASK(f));
}

static int gexp(gfmt f, uint64_t v)
{
    return (int)((v >> f.mb) & (uint64_t)GEMAX(f));
}

static uint64_t gen_mant(gfmt f)
{
    int k;
    uint64_t m;

    switch (rnd() % 10) {
    case 0:
        return 0;
    case 1:
        return GMASK(f);
    case 2: /* a few scattered bits */
        m = 0;
        for (k = rrange(1, 3); k > 0; k--)
            m |= UINT64_C(1) << rrange(0, f.mb - 1);
        return m;
    case 3: /* short significand: exact products, halfway sums */
        k = rrange(1, f.mb);
        return rbits(k) << (f.mb - k);
    case 4: /* only low bits */
        return rbits(rrange(1, f.mb));
    case 5: /* ones with a few holes */
        m = GMASK(f);
        for (k = rrange(1, 3); k > 0; k--)
            m &= ~(UINT64_C(1) << rrange(0, f.mb - 1));
        return m;
    case 6: /* halfway pattern at a random position */
        k = rrange(1, f.mb - 1);
        return (rbits(f.mb - k) << k) | (UINT64_C(1) << (k - 1));
    default:
        return rbits(f.mb);
    }
}

static uint64_t gen_fp(gfmt f)
{
    int k = (int)(rnd() % 40), sign = (int)(rnd() & 1), be;
    uint64_t m, quiet = UINT64_C(1) << (f.mb - 1);

    switch (k) {
    case 0:
    case 1:
        return gpack(f, sign, 0, 0);
    case 2:
        return gpack(f, sign, GEMAX(f), 0);
    case 3: /* quiet NaN, payload random or empty */
        return gpack(f, sign, GEMAX(f), quiet | ((rnd() & 1) ? gen_mant(f) : 0));
    case 4: /* signaling NaN */
        m = gen_mant(f) & ~quiet;
        return gpack(f, sign, GEMAX(f), m ? m : 1);
    case 5:
    case 6:
    case 7:
    case 8:
        m = gen_mant(f);
        return gpack(f, sign, 0, m ? m : 1);
    case 9:
    case 10:
        be = rrange(1, 3);
        break;
    case 11:
    case 12:
        be = GEMAX(f) - rrange(1, 3);
        break;
    case 13:
    case 14:
    case 15:
    case 16:
    case 17:
        be = rrange(1, GEMAX(f) - 1);
        break;
    default:
        be = GBIAS(f) + rrange(-12, 12);
        break;
    }
    return gpack(f, sign, be, gen_mant(f));
}

static int gclamp(gfmt f, int be)
{
    return be < 0 ? 0 : be > GEMAX(f) - 1 ? GEMAX(f) - 1 : be;
}

/* Replace the exponent of a finite value (keeps it nonzero when subnormal). */
static uint64_t gset_exp(gfmt f, uint64_t v, int be)
{
    uint64_t m = v & GMASK(f);
    be = gclamp(f, be);
    if (be == 0 && m == 0)
        m = rbits(f.mb) | 1;
    return gpack(f, (int)((v >> (f.eb + f.mb)) & 1), be, m);
}

static int gfinite(gfmt f, uint64_t v)
{
    return gexp(f, v) != GEMAX(f);
}

/* Place the result of a two-operand op near the underflow or overflow threshold. */
static int gtarget(gfmt f)
{
    switch (rnd() % 3) {
    case 0:
        return rrange(-f.mb - 3, 3);
    case 1:
        return rrange(GEMAX(f) - 4, GEMAX(f) + 1);
    default:
        return rrange(1, GEMAX(f) - 1);
    }
}

static uint64_t gbox(int fmt, uint64_t v)
{
    if (fmt)
        return v;
    v &= 0xffffffffu;
    switch (rnd() % 64) {
    case 0:
        return v; /* upper half zero */
    case 1:
        return (rnd() << 32) | v;
    case 2:
        return UINT64_C(0xfffffffe00000000) | v;
    case 3:
        return UINT64_C(0x7fffffff00000000) | v;
    default:
        return UINT64_C(0xffffffff00000000) | v;
    }
}

static uint64_t gen_int(void)
{
    uint64_t v;
    int k;

    switch (rnd() % 10) {
    case 0:
        v = (uint64_t)(int64_t)rrange(-20, 20);
        break;
    case 1: /* around 2^k */
        k = rrange(0, 63);
        v = (UINT64_C(1) << k) + (uint64_t)(int64_t)rrange(-3, 3);
        break;
    case 2: /* around 32-bit boundaries, sign-extended or not */
        k = rrange(23, 31);
        v = (uint64_t)(int64_t)(int32_t)((UINT32_C(1) << k) + (uint32_t)rrange(-300, 300));
        if (rnd() & 1)
            v &= 0xffffffffu;
        break;
    case 3: /* halfway bit patterns */
        k = rrange(1, 62);
        v = (rbits(rrange(1, 64 - k)) << k) | (UINT64_C(1) << (k - 1));
        break;
    case 4:
        v = (uint64_t)INT64_MIN + (uint64_t)(int64_t)rrange(-2, 2);
        break;
    default:
        v = rbits(rrange(1, 64));
        break;
    }
    if (rnd() % 3 == 0)
        v = 0 - v;
    return v;
}

/* Value close to -(a*b) so an FMA cancels massively; 0 if out of range. */
static uint64_t gen_cancel(gfmt f, uint64_t a, uint64_t b)
{
    int ea = gexp(f, a), eb = gexp(f, b), len, ec;
    unsigned __int128 sa = a & GMASK(f), sb = b & GMASK(f), p, t;

    if (ea == GEMAX(f) || eb == GEMAX(f))
        return 0;
    if (ea)
        sa |= UINT64_C(1) << f.mb;
    else
        ea = 1;
    if (eb)
        sb |= UINT64_C(1) << f.mb;
    else
        eb = 1;
    p = sa * sb;
    if (p == 0)
        return 0;
    for (len = 0, t = p; t; t >>= 1)
        len++;
    t = len > f.mb + 1 ? p >> (len - f.mb - 1) : p << (f.mb + 1 - len);
    ec = ea + eb - GBIAS(f) - 2 * f.mb + len - 1;
    if (ec < 1 || ec > GEMAX(f) - 1)
        return 0;
    len = (int)(rnd() & 1); /* sequenced: argument evaluation order varies by target */
    return gpack(f, (int)(((a ^ b) >> (f.eb + f.mb)) & 1) ^ len, ec,
                 (uint64_t)t ^ rbits(rrange(0, 3)));
}

/* Fill ops[0..2] for one operand set of generator kind g in format fmt. */
static void gen_operands(int g, int fmt, uint64_t *o)
{
    gfmt f = gen_fmt(fmt);
    uint64_t a = gen_fp(f), b = gen_fp(f), c = gen_fp(f);
    int r = (int)(rnd() % 8);

    switch (g) {
    case G_ADD:
        if (r < 4 && gfinite(f, a) && gfinite(f, b)) {
            b = gset_exp(f, b, gexp(f, a) + rrange(-f.mb - 3, f.mb + 3));
            if (r == 0)
                b = (b & ~GMASK(f)) | ((a ^ rbits(rrange(0, 4))) & GMASK(f));
        }
        break;
    case G_MUL:
    case G_DIV:
        if (r == 7 && (rnd() & 1)) {
            /* (2 - small) op (1 + small) landing next to the smallest normal:
             * separates tininess after rounding from before rounding. */
            int ea = rrange(1, GEMAX(f) - 1), adj = rrange(-1, 1);
            int eb2 = g == G_MUL ? GBIAS(f) - ea + adj : ea + GBIAS(f) + adj;
            uint64_t ma = GMASK(f) - rbits(rrange(0, 2));
            if (eb2 >= 1 && eb2 < GEMAX(f)) {
                int sa = (int)(rnd() & 1), sb = (int)(rnd() & 1);
                a = gpack(f, sa, ea, ma);
                b = gpack(f, sb, eb2, rbits(rrange(0, 2)));
            }
        } else if (r < 4 && gfinite(f, a) && gfinite(f, b)) {
            int t = gtarget(f);
            b = gset_exp(f, b, g == G_MUL ? t - gexp(f, a) + GBIAS(f) : gexp(f, a) + GBIAS(f) - t);
            if (g == G_DIV && r == 0)
                b = (b & ~GMASK(f)) | (a & GMASK(f));
        }
        break;
    case G_SQRT:
        if (r < 3) {
            /* exact square of a short significand at a random exponent */
            int k = rrange(1, (f.mb + 1) / 2 - 1), len = 0;
            uint64_t s = (UINT64_C(1) << k) | rbits(k), sq = s * s, t;
            for (t = sq; t; t >>= 1)
                len++;
            a = gpack(f, 0, rrange(1, GEMAX(f) - 1), sq << (f.mb + 1 - len));
        } else if (r < 7) {
            a &= ~(UINT64_C(1) << (f.eb + f.mb));
        }
        break;
    case G_FMA:
        if (r < 3 && gfinite(f, a) && gfinite(f, b))
            b = gset_exp(f, b, gtarget(f) - gexp(f, a) + GBIAS(f));
        if ((rnd() & 1) && gfinite(f, a) && gfinite(f, b)) {
            if (rnd() & 1) {
                uint64_t k = gen_cancel(f, a, b);
                if (k)
                    c = k;
            } else if (gfinite(f, c)) {
                c = gset_exp(f, c, gexp(f, a) + gexp(f, b) - GBIAS(f) + rrange(-f.mb - 3, f.mb + 3));
            }
        }
        break;
    case G_PAIR:
        if (r == 0)
            b = a;
        else if (r == 1)
            b = a ^ (UINT64_C(1) << (f.eb + f.mb));
        else if (r == 2)
            b = a + (uint64_t)(int64_t)rrange(-2, 2);
        break;
    case G_F2I:
        if (r < 5) {
            int sign = (int)(rnd() & 1), be = GBIAS(f) + rrange(-2, 66);
            a = gpack(f, sign, be, gen_mant(f));
        }
        break;
    case G_I2F:
        a = gen_int();
        break;
    case G_D2S: {
        gfmt s = gen_fmt(0);
        if (r < 6) {
            uint64_t lo;
            switch (rnd() % 5) {
            case 0:
                lo = UINT64_C(1) << 28;
                break;
            case 1:
                lo = (UINT64_C(1) << 28) | rbits(rrange(1, 27));
                break;
            case 2:
                lo = (UINT64_C(1) << 28) - 1;
                break;
            case 3:
                lo = 0;
                break;
            default:
                lo = rbits(29);
                break;
            }
            {
                int sign = (int)(rnd() & 1), be = GBIAS(f) + rrange(-GBIAS(s) - 26, GBIAS(s) + 2);
                uint64_t hi = (rnd() & 3) ? rbits(s.mb) : GMASK(s) - rbits(rrange(0, 2));
                a = gpack(f, sign, be, (hi << 29) | lo);
            }
        }
        break;
    }
    default:
        break;
    }
    if (g != G_I2F) {
        a = gbox(fmt, a);
        b = gbox(fmt, b);
        c = gbox(fmt, c);
    }
    o[0] = a;
    o[1] = b;
    o[2] = c;
}

#endif
