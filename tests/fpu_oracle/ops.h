/* SPDX-License-Identifier: MIT */
/* Operation table for the FPU differential oracle, shared by the riscv64 program
 * (real F/D instructions, run under qemu-riscv64) and the host program (tern's
 * rv_* helpers from cpu/riscv/fpu.h). */
/* X(id, mnemonic, format, template, generator); id is the helper
 * name without the rv_ prefix. Templates: FFF fp,fp->fp +rm; FF fp->fp +rm;
 * FFFF fma +rm; MM fp,fp->fp; SG sign injection; CMP fp,fp->x; CLS fp->x;
 * F2I fp->x +rm; I2F x->fp +rm; I2FN x->fp exact; FFN fp->fp exact. */
#ifndef FPU_ORACLE_OPS_H
#define FPU_ORACLE_OPS_H

#define FPU_ORACLE_OPS(X)                                  \
    X(fadd_d, "fadd.d", 1, FFF, G_ADD)                     \
    X(fsub_d, "fsub.d", 1, FFF, G_ADD)                     \
    X(fmul_d, "fmul.d", 1, FFF, G_MUL)                     \
    X(fdiv_d, "fdiv.d", 1, FFF, G_DIV)                     \
    X(fsqrt_d, "fsqrt.d", 1, FF, G_SQRT)                   \
    X(fmadd_d, "fmadd.d", 1, FFFF, G_FMA)                  \
    X(fmsub_d, "fmsub.d", 1, FFFF, G_FMA)                  \
    X(fnmsub_d, "fnmsub.d", 1, FFFF, G_FMA)                \
    X(fnmadd_d, "fnmadd.d", 1, FFFF, G_FMA)                \
    X(fmin_d, "fmin.d", 1, MM, G_PAIR)                     \
    X(fmax_d, "fmax.d", 1, MM, G_PAIR)                     \
    X(feq_d, "feq.d", 1, CMP, G_PAIR)                      \
    X(flt_d, "flt.d", 1, CMP, G_PAIR)                      \
    X(fle_d, "fle.d", 1, CMP, G_PAIR)                      \
    X(fclass_d, "fclass.d", 1, CLS, G_ONE)                 \
    X(fsgnj_d, "fsgnj.d", 1, SG, G_PAIR)                   \
    X(fsgnjn_d, "fsgnjn.d", 1, SG, G_PAIR)                 \
    X(fsgnjx_d, "fsgnjx.d", 1, SG, G_PAIR)                 \
    X(fcvt_w_d, "fcvt.w.d", 1, F2I, G_F2I)                 \
    X(fcvt_wu_d, "fcvt.wu.d", 1, F2I, G_F2I)               \
    X(fcvt_l_d, "fcvt.l.d", 1, F2I, G_F2I)                 \
    X(fcvt_lu_d, "fcvt.lu.d", 1, F2I, G_F2I)               \
    X(fcvt_d_w, "fcvt.d.w", 1, I2FN, G_I2F)                \
    X(fcvt_d_wu, "fcvt.d.wu", 1, I2FN, G_I2F)              \
    X(fcvt_d_l, "fcvt.d.l", 1, I2F, G_I2F)                 \
    X(fcvt_d_lu, "fcvt.d.lu", 1, I2F, G_I2F)               \
    X(fcvt_s_d, "fcvt.s.d", 1, FF, G_D2S)                  \
    X(fcvt_d_s, "fcvt.d.s", 0, FFN, G_ONE)                 \
    X(fadd_s, "fadd.s", 0, FFF, G_ADD)                     \
    X(fsub_s, "fsub.s", 0, FFF, G_ADD)                     \
    X(fmul_s, "fmul.s", 0, FFF, G_MUL)                     \
    X(fdiv_s, "fdiv.s", 0, FFF, G_DIV)                     \
    X(fsqrt_s, "fsqrt.s", 0, FF, G_SQRT)                   \
    X(fmadd_s, "fmadd.s", 0, FFFF, G_FMA)                  \
    X(fmsub_s, "fmsub.s", 0, FFFF, G_FMA)                  \
    X(fnmsub_s, "fnmsub.s", 0, FFFF, G_FMA)                \
    X(fnmadd_s, "fnmadd.s", 0, FFFF, G_FMA)                \
    X(fmin_s, "fmin.s", 0, MM, G_PAIR)                     \
    X(fmax_s, "fmax.s", 0, MM, G_PAIR)                     \
    X(feq_s, "feq.s", 0, CMP, G_PAIR)                      \
    X(flt_s, "flt.s", 0, CMP, G_PAIR)                      \
    X(fle_s, "fle.s", 0, CMP, G_PAIR)                      \
    X(fclass_s, "fclass.s", 0, CLS, G_ONE)                 \
    X(fsgnj_s, "fsgnj.s", 0, SG, G_PAIR)                   \
    X(fsgnjn_s, "fsgnjn.s", 0, SG, G_PAIR)                 \
    X(fsgnjx_s, "fsgnjx.s", 0, SG, G_PAIR)                 \
    X(fcvt_w_s, "fcvt.w.s", 0, F2I, G_F2I)                 \
    X(fcvt_wu_s, "fcvt.wu.s", 0, F2I, G_F2I)               \
    X(fcvt_l_s, "fcvt.l.s", 0, F2I, G_F2I)                 \
    X(fcvt_lu_s, "fcvt.lu.s", 0, F2I, G_F2I)               \
    X(fcvt_s_w, "fcvt.s.w", 0, I2F, G_I2F)                 \
    X(fcvt_s_wu, "fcvt.s.wu", 0, I2F, G_I2F)               \
    X(fcvt_s_l, "fcvt.s.l", 0, I2F, G_I2F)                 \
    X(fcvt_s_lu, "fcvt.s.lu", 0, I2F, G_I2F)

/* Templates whose instruction has a rounding-mode field worth sweeping. */
#define TPL_HAS_RM_FFF 1
#define TPL_HAS_RM_FF 1
#define TPL_HAS_RM_FFFF 1
#define TPL_HAS_RM_MM 0
#define TPL_HAS_RM_SG 0
#define TPL_HAS_RM_CMP 0
#define TPL_HAS_RM_CLS 0
#define TPL_HAS_RM_F2I 1
#define TPL_HAS_RM_I2F 1
#define TPL_HAS_RM_I2FN 0
#define TPL_HAS_RM_FFN 0

#endif
