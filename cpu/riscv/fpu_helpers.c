/* SPDX-License-Identifier: MIT */
/* IrHelper wrappers of the F/D arithmetic in fpu.c: rounding-mode resolution (static or frm,
   reserved values trap as illegal instruction, ISA manual vol. I F chapter "rm field") and
   fflags accrual. See fpu_helpers.h for the argument layout. */
#include "cpu/riscv/cpu.h"
#include "cpu/riscv/fpu.h"
#include "cpu/riscv/fpu_helpers.h"

#include <math.h>
#include <string.h>

/* Host fast path ("hardfloat"): when the rounding mode is RNE (the host's), the inexact flag
   is already accrued, every input is normal or zero and the host result is normal, the only
   flag the operation can raise is NX, so the host SSE/FMA result is the exact RISC-V result.
   Anything else (NaN, infinity, subnormal, overflow, underflow, other modes) takes the
   soft-float path in fpu*.c. */
static inline bool fin_d(uint64_t x) {
    unsigned e = (unsigned)(x >> 52) & 0x7ff;
    return e != 0x7ff && (e != 0 || (x << 1) == 0);
}
static inline bool norm_d(uint64_t x) {
    unsigned e = (unsigned)(x >> 52) & 0x7ff;
    return e != 0 && e != 0x7ff;
}
static inline bool fin_s(uint64_t x) {
    unsigned e = (unsigned)(x >> 23) & 0xff;
    return (x >> 32) == 0xffffffffu && e != 0xff && (e != 0 || ((uint32_t)x << 1) == 0);
}
static inline bool norm_s(uint32_t x) {
    unsigned e = (x >> 23) & 0xff;
    return e != 0 && e != 0xff;
}
static inline double as_d(uint64_t x) { double d; memcpy(&d, &x, 8); return d; }
static inline uint64_t of_d(double d) { uint64_t x; memcpy(&x, &d, 8); return x; }
static inline float as_s(uint64_t x) { float f; uint32_t w = (uint32_t)x; memcpy(&f, &w, 4); return f; }
static inline uint32_t of_s(float f) { uint32_t w; memcpy(&w, &f, 4); return w; }
static inline bool fast_mode(RVCPU *cpu, int rm) {
    return rm == RV_RM_RNE && (cpu->fflags & RV_FFLAG_NX);
}

#define FAST2(name, op) RV_HELPER(rvfh_##name##_d) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)d; \
        int rm = rvfh_rm(cpu, c); \
        if (fast_mode(cpu, rm) && fin_d(a) && fin_d(b)) { \
            uint64_t r = of_d(as_d(a) op as_d(b)); \
            if (norm_d(r)) return r; } \
        RVFH_RET(cpu, rv_##name##_d(a, b, rm, &fl)); } \
    RV_HELPER(rvfh_##name##_s) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)d; \
        int rm = rvfh_rm(cpu, c); \
        if (fast_mode(cpu, rm) && fin_s(a) && fin_s(b)) { \
            uint32_t r = of_s(as_s(a) op as_s(b)); \
            if (norm_s(r)) return 0xffffffff00000000ull | r; } \
        RVFH_RET(cpu, rv_##name##_s(a, b, rm, &fl)); }

/* sa, sc: signs applied to the product and the addend. FMA is the fused op: libm's fma(), or
   for the *_fma variants (picked by the front end when the host has FMA3) the inline host
   instruction, which avoids the libm call and its register spills. */
#define FAST3_VARIANT(name, sfx, attr, FMA, FMAF, sa, sc) attr RV_HELPER(rvfh_##name##sfx##_d) { \
        RVCPU *cpu = env; uint32_t fl = 0; \
        int rm = rvfh_rm(cpu, d); \
        if (fast_mode(cpu, rm) && fin_d(a) && fin_d(b) && fin_d(c)) { \
            uint64_t r = of_d(FMA(sa as_d(a), as_d(b), sc as_d(c))); \
            if (norm_d(r)) return r; } \
        RVFH_RET(cpu, rv_##name##_d(a, b, c, rm, &fl)); } \
    attr RV_HELPER(rvfh_##name##sfx##_s) { \
        RVCPU *cpu = env; uint32_t fl = 0; \
        int rm = rvfh_rm(cpu, d); \
        if (fast_mode(cpu, rm) && fin_s(a) && fin_s(b) && fin_s(c)) { \
            uint32_t r = of_s(FMAF(sa as_s(a), as_s(b), sc as_s(c))); \
            if (norm_s(r)) return 0xffffffff00000000ull | r; } \
        RVFH_RET(cpu, rv_##name##_s(a, b, c, rm, &fl)); }
#define FMA_ATTR __attribute__((target("fma")))
#define FAST3(name, sa, sc) \
    FAST3_VARIANT(name, , , fma, fmaf, sa, sc) \
    FAST3_VARIANT(name, _fma, FMA_ATTR, __builtin_fma, __builtin_fmaf, sa, sc)

bool rvfh_host_fma(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma");
}

static inline __attribute__((always_inline)) int rvfh_rm(RVCPU *cpu, uint64_t mode)
{
    unsigned rm = (unsigned)mode & 7;
    if (rm == 7)
        rm = (unsigned)cpu->frm & 7;
    if (rm > RV_RM_RMM)
        rv_raise_exception(cpu, RV_EXC_ILLEGAL, (uint32_t)(mode >> 8));
    return (int)rm;
}

/* Statement macros: the flags must be read after the call has set them. */
#define RVFH_RET(cpu, call) do { \
        uint64_t r_ = (call); \
        if (fl) \
            (cpu)->fflags |= fl; \
        return r_; } while (0)

#define FH_RM2(fn) RV_HELPER(rvfh_##fn) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)d; \
        int rm = rvfh_rm(cpu, c); \
        RVFH_RET(cpu, rv_##fn(a, b, rm, &fl)); }
#define FH_RM1(fn) RV_HELPER(rvfh_##fn) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d; \
        int rm = rvfh_rm(cpu, b); \
        RVFH_RET(cpu, rv_##fn(a, rm, &fl)); }
#define FH_RM3(fn) RV_HELPER(rvfh_##fn) { \
        RVCPU *cpu = env; uint32_t fl = 0; \
        int rm = rvfh_rm(cpu, d); \
        RVFH_RET(cpu, rv_##fn(a, b, c, rm, &fl)); }
#define FH_NR2(fn) RV_HELPER(rvfh_##fn) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d; \
        RVFH_RET(cpu, rv_##fn(a, b, &fl)); }
#define FH_NR1(fn) RV_HELPER(rvfh_##fn) { \
        (void)env; (void)b; (void)c; (void)d; \
        return rv_##fn(a); }
#define FH_BOTH(kind, name) kind(name##_s) kind(name##_d)

FAST2(fadd, +)
FAST2(fsub, -)
FAST2(fmul, *)
FAST2(fdiv, /)
FH_RM1(fsqrt_s)
FAST3(fmadd, +, +)
FAST3(fmsub, +, -)
FAST3(fnmsub, -, +)
FAST3(fnmadd, -, -)
FH_BOTH(FH_NR1, fclass)
FH_BOTH(FH_RM1, fcvt_wu)
FH_BOTH(FH_RM1, fcvt_lu)
FH_RM1(fcvt_w_s)
FH_RM1(fcvt_l_s)
FH_RM1(fcvt_s_w)
FH_RM1(fcvt_s_wu)

/* ---- host fast paths of operations that cannot round, or only with NX ---- */

static inline bool nan_d(uint64_t x) { return (x << 1) > (0x7ffull << 53); }
/* A properly boxed single that is not a NaN (improperly boxed ones read as the canonical
   NaN). */
static inline bool num_s(uint64_t x) {
    return (x >> 32) == 0xffffffffu && ((uint32_t)x << 1) <= (0xffu << 24);
}

/* sqrt of a positive normal number is normal; only NX can be raised. */
RV_HELPER(rvfh_fsqrt_d) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    if (fast_mode(cpu, rm) && norm_d(a) && !(a >> 63))
        return of_d(__builtin_sqrt(as_d(a)));
    RVFH_RET(cpu, rv_fsqrt_d(a, rm, &fl));
}

/* Comparisons and min/max of non-NaN operands raise no flags (NaNs: NV rules, soft path). */
#define CMP_FAST(name, op) \
    RV_HELPER(rvfh_##name##_d) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d; \
        if (!nan_d(a) && !nan_d(b)) return as_d(a) op as_d(b); \
        RVFH_RET(cpu, rv_##name##_d(a, b, &fl)); } \
    RV_HELPER(rvfh_##name##_s) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d; \
        if (num_s(a) && num_s(b)) return as_s(a) op as_s(b); \
        RVFH_RET(cpu, rv_##name##_s(a, b, &fl)); }
CMP_FAST(feq, ==)
CMP_FAST(flt, <)
CMP_FAST(fle, <=)

/* Equal non-NaN values have equal bits except +0/-0: min ORs the signs in, max ANDs. */
#define MINMAX_FAST(name, is_min) \
    RV_HELPER(rvfh_##name##_d) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d; \
        if (!nan_d(a) && !nan_d(b)) { \
            if (as_d(a) == as_d(b)) return is_min ? a | b : a & b; \
            return (as_d(a) < as_d(b)) == is_min ? a : b; } \
        RVFH_RET(cpu, rv_##name##_d(a, b, &fl)); } \
    RV_HELPER(rvfh_##name##_s) { \
        RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d; \
        if (num_s(a) && num_s(b)) { \
            if (as_s(a) == as_s(b)) return is_min ? a | b : a & b; \
            return (as_s(a) < as_s(b)) == is_min ? a : b; } \
        RVFH_RET(cpu, rv_##name##_s(a, b, &fl)); }
MINMAX_FAST(fmin, true)
MINMAX_FAST(fmax, false)

/* Integer -> double: 32-bit values always convert exactly, 64-bit ones below 2^53. */
RV_HELPER(rvfh_fcvt_d_w) {
    RVCPU *cpu = env; (void)c; (void)d;
    (void)rvfh_rm(cpu, b);   /* a reserved mode still traps */
    return of_d((double)(int32_t)a);
}
RV_HELPER(rvfh_fcvt_d_wu) {
    RVCPU *cpu = env; (void)c; (void)d;
    (void)rvfh_rm(cpu, b);
    return of_d((double)(uint32_t)a);
}
RV_HELPER(rvfh_fcvt_d_l) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    int64_t x = (int64_t)a;
    if (x >= -(INT64_C(1) << 53) && x <= (INT64_C(1) << 53))
        return of_d((double)x);
    RVFH_RET(cpu, rv_fcvt_d_l(a, rm, &fl));
}

RV_HELPER(rvfh_fcvt_d_lu) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    if (a <= (UINT64_C(1) << 53))
        return of_d((double)a);
    RVFH_RET(cpu, rv_fcvt_d_lu(a, rm, &fl));
}
/* Integer -> single: exact up to 2^24. */
RV_HELPER(rvfh_fcvt_s_l) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    int64_t x = (int64_t)a;
    if (x >= -(INT64_C(1) << 24) && x <= (INT64_C(1) << 24))
        return 0xffffffff00000000ull | of_s((float)x);
    RVFH_RET(cpu, rv_fcvt_s_l(a, rm, &fl));
}
RV_HELPER(rvfh_fcvt_s_lu) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    if (a <= (UINT64_C(1) << 24))
        return 0xffffffff00000000ull | of_s((float)a);
    RVFH_RET(cpu, rv_fcvt_s_lu(a, rm, &fl));
}

/* Single -> double is exact for every number; double -> single rounds like a binary op. */
RV_HELPER(rvfh_fcvt_d_s) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    if (num_s(a) && ((uint32_t)a << 1) < (0xffu << 24))
        return of_d((double)as_s(a));
    RVFH_RET(cpu, rv_fcvt_d_s(a, rm, &fl));
}
RV_HELPER(rvfh_fcvt_s_d) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    if (fast_mode(cpu, rm) && fin_d(a)) {
        uint32_t r = of_s((float)as_d(a));
        if (norm_s(r) || ((a << 1) == 0))
            return 0xffffffff00000000ull | r;
    }
    RVFH_RET(cpu, rv_fcvt_s_d(a, rm, &fl));
}

/* Double -> signed integer in RTZ (C casts) or RNE: in range, the only flag is NX, raised
   when the value is not integral. */
static inline bool cvt_fast(RVCPU *cpu, int rm, double x, double lo, double hi, double *r) {
    if (!(x >= lo && x < hi) || (rm != RV_RM_RTZ && rm != RV_RM_RNE))
        return false;
    *r = rm == RV_RM_RTZ ? __builtin_trunc(x) : __builtin_nearbyint(x);
    return *r == x || (cpu->fflags & RV_FFLAG_NX);
}
RV_HELPER(rvfh_fcvt_w_d) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    double r;
    if (cvt_fast(cpu, rm, as_d(a), -2147483648.0, 2147483648.0, &r))
        return (uint64_t)(int64_t)(int32_t)r;
    RVFH_RET(cpu, rv_fcvt_w_d(a, rm, &fl));
}
RV_HELPER(rvfh_fcvt_l_d) {
    RVCPU *cpu = env; uint32_t fl = 0; (void)c; (void)d;
    int rm = rvfh_rm(cpu, b);
    double r;
    if (cvt_fast(cpu, rm, as_d(a), -9223372036854775808.0, 9223372036854775808.0, &r))
        return (uint64_t)(int64_t)r;
    RVFH_RET(cpu, rv_fcvt_l_d(a, rm, &fl));
}
