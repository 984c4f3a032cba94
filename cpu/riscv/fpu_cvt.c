/* SPDX-License-Identifier: MIT */
/* RISC-V F/D conversions: FCVT between FP and W/WU/L/LU integers (ISA manual, F
 * chapter "Floating-Point Conversion and Move Instructions", including the
 * invalid-input saturation table), and FCVT.S.D / FCVT.D.S. Integer results are
 * x-register values: 32-bit results are sign-extended, even for WU. */
#include "fpu_core.h"

/* FP -> integer of `bits` (32/64) width, signed or not, saturating with NV. */
FPU_INLINE uint64_t fpu_to_int(uint64_t a, int rm, uint32_t *fl, int eb, int mb, int is_signed,
                               int bits)
{
    fpu_unp u = fpu_unpack(a, eb, mb);
    const uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    const uint64_t pmax = is_signed ? umax >> 1 : umax;     /* largest positive */
    const uint64_t nmax = is_signed ? (umax >> 1) + 1 : 0;  /* largest negative magnitude */
    uint64_t q = 0, rem = 0, res;
    int sat_neg = 0;

    switch (u.cls) {
    case FPC_ZERO:
        return 0;
    case FPC_QNAN:
    case FPC_SNAN:
        goto invalid;
    case FPC_INF:
        sat_neg = u.sign;
        goto invalid;
    default:
        break;
    }
    if (u.exp >= 64) {
        sat_neg = u.sign;
        goto invalid;
    }
    if (u.exp == 63) {
        q = u.sig;
    } else {
        uint64_t sig = u.sig;
        int sh = 63 - u.exp;
        if (sh > 63) {
            sig = fpu_jam64(sig, sh - 63);
            sh = 63;
        }
        q = sig >> sh;
        rem = sig & (((uint64_t)1 << sh) - 1);
        q += (uint64_t)fpu_round_inc(rm, u.sign, q, rem, (uint64_t)1 << (sh - 1));
    }
    if (u.sign ? q > nmax : q > pmax) {
        sat_neg = u.sign;
        goto invalid;
    }
    if (rem)
        *fl |= RV_FFLAG_NX;
    res = u.sign ? 0 - q : q;
    return bits == 32 ? (uint64_t)(int64_t)(int32_t)(uint32_t)res : res;

invalid:
    *fl |= RV_FFLAG_NV;
    res = sat_neg ? 0 - nmax : pmax;
    return bits == 32 ? (uint64_t)(int64_t)(int32_t)(uint32_t)res : res;
}

FPU_INLINE uint64_t fpu_from_int(uint64_t mag, int sign, int rm, uint32_t *fl, int eb, int mb)
{
    int lz;
    if (mag == 0)
        return 0;
    lz = fpu_clz64(mag);
    return fpu_round_pack(sign, 63 - lz, mag << lz, rm, fl, eb, mb);
}

FPU_INLINE uint64_t fpu_from_s64(int64_t v, int rm, uint32_t *fl, int eb, int mb)
{
    return fpu_from_int(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, rm, fl, eb, mb);
}

/* Re-round a value from format (eb1, mb1) to (eb2, mb2). */
FPU_INLINE uint64_t fpu_convert(uint64_t a, int rm, uint32_t *fl, int eb1, int mb1, int eb2,
                                int mb2)
{
    fpu_unp u = fpu_unpack(a, eb1, mb1);
    uint64_t s = u.sign ? FPU_SIGN(eb2, mb2) : 0;

    switch (u.cls) {
    case FPC_QNAN:
    case FPC_SNAN:
        return fpu_nan_result(&u, 0, fl, eb2, mb2);
    case FPC_INF:
        return s | FPU_INF(eb2, mb2);
    case FPC_ZERO:
        return s;
    default:
        return fpu_round_pack(u.sign, u.exp, u.sig, rm, fl, eb2, mb2);
    }
}

#define D FPU_EB_D, FPU_MB_D
#define S FPU_EB_S, FPU_MB_S
#define UB(v) ((uint64_t)rv_funbox_s(v))
#define BOX(v) rv_fbox_s((uint32_t)(v))

uint64_t rv_fcvt_w_d(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(a, rm, flags, D, 1, 32);
}

uint64_t rv_fcvt_wu_d(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(a, rm, flags, D, 0, 32);
}

uint64_t rv_fcvt_l_d(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(a, rm, flags, D, 1, 64);
}

uint64_t rv_fcvt_lu_d(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(a, rm, flags, D, 0, 64);
}

uint64_t rv_fcvt_w_s(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(UB(a), rm, flags, S, 1, 32);
}

uint64_t rv_fcvt_wu_s(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(UB(a), rm, flags, S, 0, 32);
}

uint64_t rv_fcvt_l_s(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(UB(a), rm, flags, S, 1, 64);
}

uint64_t rv_fcvt_lu_s(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_to_int(UB(a), rm, flags, S, 0, 64);
}

uint64_t rv_fcvt_d_w(uint64_t x, int rm, uint32_t *flags)
{
    return fpu_from_s64((int32_t)(uint32_t)x, rm, flags, D);
}

uint64_t rv_fcvt_d_wu(uint64_t x, int rm, uint32_t *flags)
{
    return fpu_from_int((uint32_t)x, 0, rm, flags, D);
}

uint64_t rv_fcvt_d_l(uint64_t x, int rm, uint32_t *flags)
{
    return fpu_from_s64((int64_t)x, rm, flags, D);
}

uint64_t rv_fcvt_d_lu(uint64_t x, int rm, uint32_t *flags)
{
    return fpu_from_int(x, 0, rm, flags, D);
}

uint64_t rv_fcvt_s_w(uint64_t x, int rm, uint32_t *flags)
{
    return BOX(fpu_from_s64((int32_t)(uint32_t)x, rm, flags, S));
}

uint64_t rv_fcvt_s_wu(uint64_t x, int rm, uint32_t *flags)
{
    return BOX(fpu_from_int((uint32_t)x, 0, rm, flags, S));
}

uint64_t rv_fcvt_s_l(uint64_t x, int rm, uint32_t *flags)
{
    return BOX(fpu_from_s64((int64_t)x, rm, flags, S));
}

uint64_t rv_fcvt_s_lu(uint64_t x, int rm, uint32_t *flags)
{
    return BOX(fpu_from_int(x, 0, rm, flags, S));
}

uint64_t rv_fcvt_s_d(uint64_t a, int rm, uint32_t *flags)
{
    return BOX(fpu_convert(a, rm, flags, D, S));
}

uint64_t rv_fcvt_d_s(uint64_t a, int rm, uint32_t *flags)
{
    return fpu_convert(UB(a), rm, flags, S, D);
}
