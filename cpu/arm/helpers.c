/* SPDX-License-Identifier: MIT */
/* C helpers called from A64 translated code. For now only the undefined-instruction stop:
   exception entry (ESR_ELx, VBAR_ELx, Arm ARM D1.10) comes with the EL1 model. */
#include "cpu/arm/cpu.h"

uint64_t arm_helper_exception(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)c, (void)d;
    cpu->exception = a;
    cpu->syndrome = b;
    cpu_loop_exit(&cpu->c);
}
