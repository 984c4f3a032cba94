/* SPDX-License-Identifier: MIT */
/* IrHelper wrappers around fpu.h for translated F/D instructions: resolve the rounding mode
   (ISA manual vol. I, F chapter, "Floating-Point Control and Status Register") and accrue the
   exception flags into RVCPU.fflags. The "mode" argument is rm | (insn << 8): rm 0..4 static,
   7 dynamic (frm; an invalid frm raises illegal instruction with tval = insn, so calls with
   rm 7 need IR_CALL_TRAPS). Arguments: binary a, b, c = mode; unary a, b = mode; fused
   a, b, c, d = mode; no-rm (min/max/compare) a, b; fclass a. */
#ifndef TERN_RISCV_FPU_HELPERS_H
#define TERN_RISCV_FPU_HELPERS_H

#include <stdbool.h>

#include "cpu/riscv/helpers.h"

#define RVFH_MODE(rm, insn) ((uint64_t)(rm) | ((uint64_t)(insn) << 8))

#define RVFH_BOTH(name) RV_HELPER(rvfh_##name##_s); RV_HELPER(rvfh_##name##_d)
RVFH_BOTH(fadd); RVFH_BOTH(fsub); RVFH_BOTH(fmul); RVFH_BOTH(fdiv); RVFH_BOTH(fsqrt);
RVFH_BOTH(fmadd); RVFH_BOTH(fmsub); RVFH_BOTH(fnmsub); RVFH_BOTH(fnmadd);
RVFH_BOTH(fmin); RVFH_BOTH(fmax); RVFH_BOTH(feq); RVFH_BOTH(flt); RVFH_BOTH(fle);
RVFH_BOTH(fclass);
RVFH_BOTH(fcvt_w); RVFH_BOTH(fcvt_wu); RVFH_BOTH(fcvt_l); RVFH_BOTH(fcvt_lu);
/* integer -> FP: rvfh_fcvt_s_w is "fcvt.s.w" */
RV_HELPER(rvfh_fcvt_s_w); RV_HELPER(rvfh_fcvt_s_wu); RV_HELPER(rvfh_fcvt_s_l);
RV_HELPER(rvfh_fcvt_s_lu); RV_HELPER(rvfh_fcvt_d_w); RV_HELPER(rvfh_fcvt_d_wu);
RV_HELPER(rvfh_fcvt_d_l); RV_HELPER(rvfh_fcvt_d_lu);
RV_HELPER(rvfh_fcvt_s_d); RV_HELPER(rvfh_fcvt_d_s);
/* Fused ops using the host's FMA3 instruction: only when rvfh_host_fma(). */
RVFH_BOTH(fmadd_fma); RVFH_BOTH(fmsub_fma); RVFH_BOTH(fnmsub_fma); RVFH_BOTH(fnmadd_fma);
#undef RVFH_BOTH
bool rvfh_host_fma(void);

#endif
