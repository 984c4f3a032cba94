/* SPDX-License-Identifier: MIT */
/* Internal soft-float core shared by fpu.c, fpu_arith.c, fpu_cvt.c: unpacking,
 * rounding and packing of binary32/binary64 (IEEE 754-2008 sec. 4.3, 7) with the
 * RISC-V choices (ISA manual F chapter): tininess after rounding, canonical NaN
 * results, RMM = round to nearest, ties to max magnitude. */

/* Design. Why a softfloat and not the host FPU: x86 has no RMM and propagates NaN
 * payloads, other hosts (Arm) detect tininess before rounding, and the host
 * rounding mode/flags would have to be switched and read around every
 * operation. Integer arithmetic makes results and flags deterministic and host
 * independent, at ~5-15 ns per operation. Formats are passed as the
 * constants (eb = exponent bits, mb = fraction bits) to always_inline functions,
 * so each public wrapper compiles to a specialised routine. A finite value is
 * kept unpacked as sign, exponent of its leading bit and a 64-bit significand
 * with the leading bit at bit 63 (value = sig * 2^(exp-63)); bits shifted out are
 * OR-ed ("jammed") into bit 0 so rounding sees them as sticky.
 * Needs unsigned __int128 (gcc/clang on 64-bit hosts) for products. */
#ifndef TERN_CPU_RISCV_FPU_CORE_H
#define TERN_CPU_RISCV_FPU_CORE_H

#include <stdint.h>
#include "fpu.h"

#define FPU_INLINE static inline __attribute__((always_inline))

/* Modifiers OR-ed into the rounding mode by other guests (A64, cpu/arm/fp_helpers.c); RISC-V
   passes none. TINY_BEFORE: detect underflow before rounding (Arm ARM FPRound: exponent below
   the minimum and inexact). FTZ: a result that is tiny before rounding becomes a zero of its
   sign with only the underflow flag (FPCR.FZ). */
#define FPU_RM_TINY_BEFORE 8
#define FPU_RM_FTZ 16
#define FPU_RM(rm) ((rm) & 7)

typedef unsigned __int128 fpu_u128;

enum { FPC_ZERO, FPC_FINITE, FPC_INF, FPC_QNAN, FPC_SNAN };

typedef struct {
    int cls;
    int sign;
    int32_t exp;
    uint64_t sig;
} fpu_unp;

#define FPU_SIGN(eb, mb) ((uint64_t)1 << ((eb) + (mb)))
#define FPU_INF(eb, mb) ((uint64_t)((1u << (eb)) - 1) << (mb))
#define FPU_BIAS(eb) ((1 << ((eb) - 1)) - 1)
#define FPU_DNAN(eb, mb) (FPU_INF(eb, mb) | ((uint64_t)1 << ((mb) - 1)))

FPU_INLINE int fpu_clz64(uint64_t x)
{
    return __builtin_clzll(x);
}

FPU_INLINE int fpu_clz128(fpu_u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Right shift keeping a sticky bit for everything shifted out. */
FPU_INLINE uint64_t fpu_jam64(uint64_t x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 64)
        return x != 0;
    return (x >> n) | ((x << (64 - n)) != 0);
}

FPU_INLINE fpu_u128 fpu_jam128(fpu_u128 x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x << (128 - n)) != 0);
}

FPU_INLINE fpu_unp fpu_unpack(uint64_t v, int eb, int mb)
{
    fpu_unp u;
    const uint64_t fmask = ((uint64_t)1 << mb) - 1;
    const int emaxb = (1 << eb) - 1;
    int be = (int)((v >> mb) & (uint64_t)emaxb);
    uint64_t f = v & fmask;

    u.sign = (int)((v >> (eb + mb)) & 1);
    u.exp = 0;
    u.sig = 0;
    if (be == emaxb) {
        if (f == 0)
            u.cls = FPC_INF;
        else
            u.cls = ((f >> (mb - 1)) & 1) ? FPC_QNAN : FPC_SNAN;
    } else if (be == 0) {
        if (f == 0) {
            u.cls = FPC_ZERO;
        } else {
            int lz = fpu_clz64(f);
            u.cls = FPC_FINITE;
            u.sig = f << lz;
            u.exp = (63 - lz) - mb + 1 - FPU_BIAS(eb);
        }
    } else {
        u.cls = FPC_FINITE;
        u.sig = (f | ((uint64_t)1 << mb)) << (63 - mb);
        u.exp = be - FPU_BIAS(eb);
    }
    return u;
}

FPU_INLINE int fpu_is_nan(uint64_t v, int eb, int mb)
{
    uint64_t mag = v & (FPU_SIGN(eb, mb) - 1);
    return mag > FPU_INF(eb, mb);
}

FPU_INLINE int fpu_is_snan(uint64_t v, int eb, int mb)
{
    return fpu_is_nan(v, eb, mb) && !((v >> (mb - 1)) & 1);
}

/* Whether to add one ulp, given the kept lsb and the discarded part rem
 * compared with half an ulp. */
FPU_INLINE int fpu_round_inc(int rm, int sign, uint64_t lsb, uint64_t rem, uint64_t half)
{
    switch (FPU_RM(rm)) {
    case RV_RM_RTZ:
        return 0;
    case RV_RM_RDN:
        return rem != 0 && sign;
    case RV_RM_RUP:
        return rem != 0 && !sign;
    case RV_RM_RMM:
        return rem >= half;
    default: /* RNE */
        return rem > half || (rem == half && (lsb & 1));
    }
}

FPU_INLINE uint64_t fpu_overflow(int sign, int rm, uint32_t *fl, int eb, int mb)
{
    int to_inf;
    *fl |= RV_FFLAG_OF | RV_FFLAG_NX;
    switch (FPU_RM(rm)) {
    case RV_RM_RTZ:
        to_inf = 0;
        break;
    case RV_RM_RDN:
        to_inf = sign;
        break;
    case RV_RM_RUP:
        to_inf = !sign;
        break;
    default:
        to_inf = 1;
        break;
    }
    return (sign ? FPU_SIGN(eb, mb) : 0) | (FPU_INF(eb, mb) - (to_inf ? 0 : 1));
}

/* Round sign * sig * 2^(exp-63) (sig bit 63 set, sticky in bit 0) to the format. */
FPU_INLINE uint64_t fpu_round_pack(int sign, int32_t exp, uint64_t sig, int rm, uint32_t *fl,
                                   int eb, int mb)
{
    const int shift = 63 - mb;
    const uint64_t rmask = ((uint64_t)1 << shift) - 1;
    const uint64_t half = (uint64_t)1 << (shift - 1);
    const uint64_t s = sign ? FPU_SIGN(eb, mb) : 0;
    int32_t be = exp + FPU_BIAS(eb);
    uint64_t q, rem;

    if (be >= 1) {
        q = sig >> shift;
        rem = sig & rmask;
        if (rem) {
            *fl |= RV_FFLAG_NX;
            q += (uint64_t)fpu_round_inc(rm, sign, q, rem, half);
            if (q >> (mb + 1)) {
                q >>= 1;
                be++;
            }
        }
        if (be >= (1 << eb) - 1)
            return fpu_overflow(sign, rm, fl, eb, mb);
        return s | ((uint64_t)be << mb) | (q & (((uint64_t)1 << mb) - 1));
    } else {
        /* Tininess after rounding: tiny unless rounding to the full precision
         * with an unbounded exponent already reaches the smallest normal. */
        int tiny = 1;
        int sh;
        if (rm & FPU_RM_FTZ) {
            *fl |= RV_FFLAG_UF;
            return s;
        }
        if (be == 0 && !(rm & FPU_RM_TINY_BEFORE)) {
            q = sig >> shift;
            rem = sig & rmask;
            if (((q + (uint64_t)fpu_round_inc(rm, sign, q, rem, half)) >> (mb + 1)) != 0)
                tiny = 0;
        }
        sh = shift + 1 - be;
        if (sh > 63) {
            sig = fpu_jam64(sig, sh - 63);
            sh = 63;
        }
        q = sig >> sh;
        rem = sig & (((uint64_t)1 << sh) - 1);
        if (rem) {
            *fl |= RV_FFLAG_NX | (tiny ? RV_FFLAG_UF : 0);
            q += (uint64_t)fpu_round_inc(rm, sign, q, rem, (uint64_t)1 << (sh - 1));
        }
        /* A carry into bit mb yields exponent field 1, i.e. the smallest normal. */
        return s | q;
    }
}

/* Result for operations with a NaN operand: canonical NaN, NV if any is signaling. */
FPU_INLINE uint64_t fpu_nan_result(const fpu_unp *x, const fpu_unp *y, uint32_t *fl, int eb,
                                   int mb)
{
    if (x->cls == FPC_SNAN || (y && y->cls == FPC_SNAN))
        *fl |= RV_FFLAG_NV;
    return FPU_DNAN(eb, mb);
}

#define FPU_EB_S 8
#define FPU_MB_S 23
#define FPU_EB_D 11
#define FPU_MB_D 52

#endif
