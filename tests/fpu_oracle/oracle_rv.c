/* SPDX-License-Identifier: MIT */
/* riscv64 Linux side of the FPU differential oracle: executes each operation as
 * the real F/D instruction with every static rounding mode (run it under
 * qemu-riscv64 or on hardware), reading fflags around each instruction. Operands
 * are moved with fmv.d.x / fmv.x.d so NaN boxing is exercised bit-exactly. */
#include "ops.h"
#include "driver.h"

#define RMS(M, insn)          \
    switch (rm) {             \
    case 0:                   \
        M(insn, "rne");       \
        break;                \
    case 1:                   \
        M(insn, "rtz");       \
        break;                \
    case 2:                   \
        M(insn, "rdn");       \
        break;                \
    case 3:                   \
        M(insn, "rup");       \
        break;                \
    default:                  \
        M(insn, "rmm");       \
        break;                \
    }

#define PRE "csrw fflags,zero\n\t"
#define POST "\n\tcsrr %1,fflags"
#define OUTS "=&r"(r), "=&r"(f)

#define A_FFF(insn, rms)                                                                     \
    __asm__ volatile("fmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\t" PRE insn " ft2,ft0,ft1," rms POST \
                     "\n\tfmv.x.d %0,ft2"                                                    \
                     : OUTS : "r"(a), "r"(b) : "ft0", "ft1", "ft2")
#define A_FF(insn, rms)                                                                      \
    __asm__ volatile("fmv.d.x ft0,%2\n\t" PRE insn " ft2,ft0," rms POST "\n\tfmv.x.d %0,ft2" \
                     : OUTS : "r"(a) : "ft0", "ft2")
#define A_FFFF(insn, rms)                                                             \
    __asm__ volatile("fmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\tfmv.d.x ft2,%4\n\t" PRE insn \
                     " ft3,ft0,ft1,ft2," rms POST "\n\tfmv.x.d %0,ft3"                 \
                     : OUTS : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3")
#define A_F2I(insn, rms) \
    __asm__ volatile("fmv.d.x ft0,%2\n\t" PRE insn " %0,ft0," rms POST : OUTS : "r"(a) : "ft0")
#define A_I2F(insn, rms)                                                                   \
    __asm__ volatile(PRE insn " ft2,%2," rms POST "\n\tfmv.x.d %0,ft2" : OUTS : "r"(a) : "ft2")

#define FN(id) static uint64_t x_##id(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
#define END              \
    *fl = (uint32_t)f;   \
    (void)a;             \
    (void)b;             \
    (void)c;             \
    (void)rm;            \
    return r;

#define DEF_FFF(id, insn) FN(id) { uint64_t r, f; RMS(A_FFF, insn) END }
#define DEF_FF(id, insn) FN(id) { uint64_t r, f; RMS(A_FF, insn) END }
#define DEF_FFFF(id, insn) FN(id) { uint64_t r, f; RMS(A_FFFF, insn) END }
#define DEF_F2I(id, insn) FN(id) { uint64_t r, f; RMS(A_F2I, insn) END }
#define DEF_I2F(id, insn) FN(id) { uint64_t r, f; RMS(A_I2F, insn) END }
#define DEF_MM(id, insn)                                                                   \
    FN(id)                                                                                 \
    {                                                                                      \
        uint64_t r, f;                                                                     \
        __asm__ volatile("fmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\t" PRE insn " ft2,ft0,ft1" POST \
                         "\n\tfmv.x.d %0,ft2"                                              \
                         : OUTS : "r"(a), "r"(b) : "ft0", "ft1", "ft2");                   \
        END                                                                                \
    }
#define DEF_SG DEF_MM
#define DEF_CMP(id, insn)                                                                      \
    FN(id)                                                                                     \
    {                                                                                          \
        uint64_t r, f;                                                                         \
        __asm__ volatile("fmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\t" PRE insn " %0,ft0,ft1" POST    \
                         : OUTS : "r"(a), "r"(b) : "ft0", "ft1");                              \
        END                                                                                    \
    }
#define DEF_CLS(id, insn)                                                             \
    FN(id)                                                                            \
    {                                                                                 \
        uint64_t r, f;                                                                \
        __asm__ volatile("fmv.d.x ft0,%2\n\t" PRE insn " %0,ft0" POST : OUTS : "r"(a) \
                         : "ft0");                                                    \
        END                                                                           \
    }
#define DEF_I2FN(id, insn)                                                                      \
    FN(id)                                                                                      \
    {                                                                                           \
        uint64_t r, f;                                                                          \
        __asm__ volatile(PRE insn " ft2,%2" POST "\n\tfmv.x.d %0,ft2" : OUTS : "r"(a) : "ft2"); \
        END                                                                                     \
    }
#define DEF_FFN(id, insn)                                                                     \
    FN(id)                                                                                    \
    {                                                                                         \
        uint64_t r, f;                                                                        \
        __asm__ volatile("fmv.d.x ft0,%2\n\t" PRE insn " ft2,ft0" POST "\n\tfmv.x.d %0,ft2" \
                         : OUTS : "r"(a) : "ft0", "ft2");                                     \
        END                                                                                   \
    }

#define X(id, mn, fmt, tpl, gen) DEF_##tpl(id, mn)
FPU_ORACLE_OPS(X)
#undef X

static const struct oracle_op ops[] = {
#define X(id, mn, fmt, tpl, gen) { mn, fmt, TPL_HAS_RM_##tpl, gen, x_##id },
    FPU_ORACLE_OPS(X)
#undef X
};

int main(int argc, char **argv)
{
    return oracle_main(argc, argv, ops, (int)(sizeof(ops) / sizeof(ops[0])));
}
