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

/* sa, sc: signs applied to the product and the addend. */
#define FAST3(name, sa, sc) RV_HELPER(rvfh_##name##_d) { \
        RVCPU *cpu = env; uint32_t fl = 0; \
        int rm = rvfh_rm(cpu, d); \
        if (fast_mode(cpu, rm) && fin_d(a) && fin_d(b) && fin_d(c)) { \
            uint64_t r = of_d(fma(sa as_d(a), as_d(b), sc as_d(c))); \
            if (norm_d(r)) return r; } \
        RVFH_RET(cpu, rv_##name##_d(a, b, c, rm, &fl)); } \
    RV_HELPER(rvfh_##name##_s) { \
        RVCPU *cpu = env; uint32_t fl = 0; \
        int rm = rvfh_rm(cpu, d); \
        if (fast_mode(cpu, rm) && fin_s(a) && fin_s(b) && fin_s(c)) { \
            uint32_t r = of_s(fmaf(sa as_s(a), as_s(b), sc as_s(c))); \
            if (norm_s(r)) return 0xffffffff00000000ull | r; } \
        RVFH_RET(cpu, rv_##name##_s(a, b, c, rm, &fl)); }

static int rvfh_rm(RVCPU *cpu, uint64_t mode)
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
FH_BOTH(FH_RM1, fsqrt)
FAST3(fmadd, +, +)
FAST3(fmsub, +, -)
FAST3(fnmsub, -, +)
FAST3(fnmadd, -, -)
FH_BOTH(FH_NR2, fmin)
FH_BOTH(FH_NR2, fmax)
FH_BOTH(FH_NR2, feq)
FH_BOTH(FH_NR2, flt)
FH_BOTH(FH_NR2, fle)
FH_BOTH(FH_NR1, fclass)
FH_BOTH(FH_RM1, fcvt_w)
FH_BOTH(FH_RM1, fcvt_wu)
FH_BOTH(FH_RM1, fcvt_l)
FH_BOTH(FH_RM1, fcvt_lu)
FH_RM1(fcvt_s_w)
FH_RM1(fcvt_s_wu)
FH_RM1(fcvt_s_l)
FH_RM1(fcvt_s_lu)
FH_RM1(fcvt_d_w)
FH_RM1(fcvt_d_wu)
FH_RM1(fcvt_d_l)
FH_RM1(fcvt_d_lu)
FH_RM1(fcvt_s_d)
FH_RM1(fcvt_d_s)
