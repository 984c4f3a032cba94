/* SPDX-License-Identifier: MIT */
/* A64 floating-point helpers (cpu/arm/fp_helpers.c) against values worked out from the Arm ARM
   pseudocode (DDI 0487, J1 shared/functions/float): FPToFixed saturation and flags, FPMaxNum/
   FPMinNum with NaNs, FPProcessNaNs priority and DN, FMADD's single rounding, tininess before
   rounding, FZ on inputs (IDC) and outputs (UFC without IXC), FRECPS/FRECPX special cases, and
   the RISC-V core keeping tininess after rounding. */
#include <string.h>

#include "cpu/arm/cpu.h"
#include "cpu/arm/fp.h"
#include "cpu/riscv/fpu.h"
#include "tests/unit/check.h"

static ARMCPU cpu;

static void reset(uint64_t fpcr)
{
    cpu.fpcr = fpcr;
    cpu.fpsr = 0;
}

#define D1 0x3ff0000000000000ull
#define QNAN_D 0x7ff8000000000123ull
#define SNAN_D 0x7ff0000000000456ull
#define DNAN_D 0x7ff8000000000000ull

/* k of arm_helper_fcvt_to_int */
static uint64_t cvt(uint64_t a, int sz, int uns, int to64, int rounding)
{
    return arm_helper_fcvt_to_int(&cpu, a, (uint64_t)(sz | uns << 1 | to64 << 2 | rounding << 3),
                                  0, 0);
}

static void test_fcvtzs(void)
{
    reset(0);
    CHECK(cvt(0x4415af1d78b58c40ull /* 1e20 */, 1, 0, 1, 3) == 0x7fffffffffffffffull, "sat+");
    CHECK(cpu.fpsr == ARM_FPSR_IOC, "IOC only: %#llx", (unsigned long long)cpu.fpsr);
    reset(0);
    CHECK(cvt(0xc415af1d78b58c40ull, 1, 0, 1, 3) == 0x8000000000000000ull, "sat-");
    reset(0);
    CHECK(cvt(QNAN_D, 1, 0, 1, 3) == 0 && cpu.fpsr == ARM_FPSR_IOC, "NaN -> 0, IOC");
    reset(0);
    CHECK(cvt(0x41e0000000000000ull /* 2^31 */, 1, 0, 0, 3) == 0x7fffffffull &&
              cpu.fpsr == ARM_FPSR_IOC, "W saturation");
    reset(0);
    CHECK(cvt(0xc1e0000000000000ull /* -2^31 */, 1, 0, 0, 3) == 0x80000000ull && cpu.fpsr == 0,
          "-2^31 exact, zero-extended W");
    reset(0);
    CHECK(cvt(0xc1e0000000100000ull /* -2^31 - 0.5 */, 1, 0, 0, 3) == 0x80000000ull &&
              cpu.fpsr == ARM_FPSR_IXC, "RZ towards zero: inexact only");
    reset(0);
    CHECK(cvt(0xc1e0000000100000ull, 1, 0, 0, 2) == 0x80000000ull && cpu.fpsr == ARM_FPSR_IOC,
          "RM below -2^31 saturates");
    reset(0);
    CHECK(cvt(0xbfe0000000000000ull /* -0.5 */, 1, 1, 1, 3) == 0 && cpu.fpsr == ARM_FPSR_IXC,
          "FCVTZU -0.5: 0, inexact");
    reset(0);
    CHECK(cvt(0xbff0000000000000ull, 1, 1, 1, 3) == 0 && cpu.fpsr == ARM_FPSR_IOC,
          "FCVTZU -1: 0, invalid");
    reset(0);
    CHECK(cvt(0x4004000000000000ull /* 2.5 */, 1, 0, 1, 4) == 3 &&
              cvt(0x4004000000000000ull, 1, 0, 1, 0) == 2, "FCVTAS ties away, FCVTNS even");
    reset(0);
    CHECK(arm_helper_fcvt_to_int(&cpu, 0x3ff8000000000000ull /* 1.5 */, 1 | 1 << 2 | 3 << 3, 4,
                                 0) == 24, "fixed point: 1.5 * 2^4");
}

static void test_minmax(void)
{
    reset(0);
    CHECK(arm_helper_fp2(&cpu, QNAN_D, D1, AFP_MAXNM, 1) == D1 && cpu.fpsr == 0,
          "FMAXNM(qNaN, 1) = 1");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, D1, QNAN_D, AFP_MINNM, 1) == D1 && cpu.fpsr == 0,
          "FMINNM(1, qNaN) = 1");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, SNAN_D, D1, AFP_MAXNM, 1) == (SNAN_D | 1ull << 51) &&
              cpu.fpsr == ARM_FPSR_IOC, "FMAXNM(sNaN, 1): the quietened sNaN, IOC");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, QNAN_D, SNAN_D, AFP_MAXNM, 1) == (SNAN_D | 1ull << 51),
          "FMAXNM(qNaN, sNaN): the sNaN");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, QNAN_D, D1, AFP_MAX, 1) == QNAN_D, "FMAX propagates");
    reset(ARM_FPCR_DN);
    CHECK(arm_helper_fp2(&cpu, QNAN_D, D1, AFP_MAX, 1) == DNAN_D, "DN");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, 0, 1ull << 63, AFP_MAX, 1) == 0 &&
              arm_helper_fp2(&cpu, 0, 1ull << 63, AFP_MIN, 1) == 1ull << 63, "signed zeros");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, 0x7fc00001, 0x7f800001, AFP_ADD, 0) == 0x7fc00001 &&
              cpu.fpsr == ARM_FPSR_IOC, "FADD(qNaN, sNaN): the sNaN quietened");
    reset(0);
    CHECK(arm_helper_fp2(&cpu, QNAN_D, D1, AFP_NMUL, 1) == (QNAN_D | 1ull << 63),
          "FNMUL negates the propagated NaN");
}

static void test_fmadd(void)
{
    reset(0);
    /* (1 + 2^-30)^2 - (1 + 2^-29) = 2^-60 exactly; a separate product would round it away. */
    uint64_t n = 0x3ff0000000400000ull, a = 0xbff0000000800000ull;
    CHECK(arm_helper_fmadd(&cpu, n, n, a, 1) == 0x3c30000000000000ull, "fused");
    CHECK(arm_helper_fp2(&cpu, arm_helper_fp2(&cpu, n, n, AFP_MUL, 1), a, AFP_ADD, 1) == 0,
          "unfused differs");
    reset(0);
    /* FMSUB negates n before NaN processing: the propagated NaN's sign flips. */
    CHECK(arm_helper_fmadd(&cpu, QNAN_D, D1, D1, 1 | 2) == (QNAN_D | 1ull << 63), "FMSUB NaN");
    reset(0);
    CHECK(arm_helper_fmadd(&cpu, 0x7ff0000000000000ull, 0, QNAN_D, 1) == DNAN_D &&
              cpu.fpsr == ARM_FPSR_IOC, "inf*0 + qNaN: default NaN, IOC");
}

static void test_underflow(void)
{
    /* 2^-126 (1 + 2^-23) * (1 - 2^-23) = 2^-126 (1 - 2^-46) rounds up to the smallest normal:
       tiny before rounding (Arm: UFC), not after (RISC-V). */
    reset(0);
    CHECK(arm_helper_fp2(&cpu, 0x00800001, 0x3f7ffffe, AFP_MUL, 0) == 0x00800000 &&
              cpu.fpsr == (ARM_FPSR_UFC | ARM_FPSR_IXC), "Arm: UFC|IXC, got %#llx",
          (unsigned long long)cpu.fpsr);
    uint32_t fl = 0;
    CHECK(rv_fmul_s(0xffffffff00800001ull, 0xffffffff3f7ffffeull, RV_RM_RNE, &fl) ==
              0xffffffff00800000ull && fl == RV_FFLAG_NX, "RISC-V: after rounding, NX only");
    reset(ARM_FPCR_FZ);
    CHECK(arm_helper_fp2(&cpu, 0x00800000, 0x3f000000, AFP_MUL, 0) == 0 &&
              cpu.fpsr == ARM_FPSR_UFC, "FZ output: zero, UFC only");
    reset(ARM_FPCR_FZ);
    CHECK(arm_helper_fp2(&cpu, 0x80000001, 0x3f800000, AFP_ADD, 0) == 0x3f800000 &&
              cpu.fpsr == ARM_FPSR_IDC, "FZ input: IDC");
}

static void test_steps(void)
{
    reset(0);
    CHECK(arm_helper_fp2(&cpu, 0x7ff0000000000000ull, 0, AFP_RECPS, 1) == 0x4000000000000000ull,
          "FRECPS(inf, 0) = 2");
    CHECK(arm_helper_fp2(&cpu, 0x7ff0000000000000ull, 0, AFP_RSQRTS, 1) == 0x3ff8000000000000ull,
          "FRSQRTS(inf, 0) = 1.5");
    CHECK(arm_helper_fp2(&cpu, 0x4000000000000000ull, 0x4000000000000000ull, AFP_RSQRTS, 1) ==
              0xbfe0000000000000ull, "FRSQRTS(2, 2) = (3 - 4) / 2");
    CHECK(arm_helper_fp1(&cpu, 0x4010000000000000ull, AFP_RECPX, 1, 0) == 0x3fe0000000000000ull,
          "FRECPX(4) = 0.5 (exponent inverted, fraction cleared)");
    reset(0);
    CHECK(arm_helper_fp1(&cpu, 0x3ff8000000000000ull, AFP_FRINT, 1, 5) == 0x4000000000000000ull &&
              cpu.fpsr == ARM_FPSR_IXC, "FRINTX 1.5 -> 2, IXC");
    reset(0);
    CHECK(arm_helper_fp1(&cpu, 0xbfe0000000000000ull, AFP_FRINT, 1, 4) == 0xbff0000000000000ull &&
              arm_helper_fp1(&cpu, 0xbfd0000000000000ull, AFP_FRINT, 1, 3) == 1ull << 63 &&
              cpu.fpsr == 0, "FRINTA -0.5 -> -1, FRINTZ -0.25 -> -0, no flags");
}

int main(void)
{
    test_fcvtzs();
    test_minmax();
    test_fmadd();
    test_underflow();
    test_steps();
    printf("test_a64_fp: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
