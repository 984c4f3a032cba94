/* SPDX-License-Identifier: MIT */
/* Host side of the FPU differential oracle: runs the same operand streams as
 * oracle_rv.c through tern's rv_* soft-float helpers (cpu/riscv/fpu.h) and
 * prints the same format, so the two outputs must be identical. */
#include "fpu.h"
#include "ops.h"
#include "driver.h"

#define FN(id) static uint64_t x_##id(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
#define U (void)a, (void)b, (void)c, (void)rm, (void)fl

#define HOST_FFF(id) FN(id) { U; return rv_##id(a, b, rm, fl); }
#define HOST_FF(id) FN(id) { U; return rv_##id(a, rm, fl); }
#define HOST_FFFF(id) FN(id) { U; return rv_##id(a, b, c, rm, fl); }
#define HOST_MM(id) FN(id) { U; return rv_##id(a, b, fl); }
#define HOST_CMP HOST_MM
#define HOST_SG(id) FN(id) { U; return rv_##id(a, b); }
#define HOST_CLS(id) FN(id) { U; return rv_##id(a); }
#define HOST_F2I HOST_FF
#define HOST_I2F HOST_FF
#define HOST_I2FN(id) FN(id) { U; return rv_##id(a, 0, fl); }
#define HOST_FFN HOST_I2FN

#define X(id, mn, fmt, tpl, gen) HOST_##tpl(id)
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
