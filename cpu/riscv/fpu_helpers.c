/* SPDX-License-Identifier: MIT */
/* IrHelper wrappers of the F/D arithmetic in fpu.c: rounding-mode resolution (static or frm,
   reserved values trap as illegal instruction, ISA manual vol. I F chapter "rm field") and
   fflags accrual. See fpu_helpers.h for the argument layout. */
#include "cpu/riscv/cpu.h"
#include "cpu/riscv/fpu.h"
#include "cpu/riscv/fpu_helpers.h"

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

FH_BOTH(FH_RM2, fadd)
FH_BOTH(FH_RM2, fsub)
FH_BOTH(FH_RM2, fmul)
FH_BOTH(FH_RM2, fdiv)
FH_BOTH(FH_RM1, fsqrt)
FH_BOTH(FH_RM3, fmadd)
FH_BOTH(FH_RM3, fmsub)
FH_BOTH(FH_RM3, fnmsub)
FH_BOTH(FH_RM3, fnmadd)
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
