/* SPDX-License-Identifier: MIT */
/* A64 Advanced SIMD executed on the ARMCPU (simd_exec.c): the encodings implemented and the
   helper translated code calls for them. */
#ifndef TERN_ARM_SIMD_H
#define TERN_ARM_SIMD_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/arm/cpu.h"

/* Execute insn on c (dry: only say whether it is implemented, touching nothing). */
bool arm_simd_exec(ARMCPU *c, uint32_t insn, bool dry);
/* arm_simd_exec(env, insn); reads and writes X registers (DUP, INS, UMOV, SMOV). */
uint64_t arm_helper_simd(void *env, uint64_t insn, uint64_t b, uint64_t c, uint64_t d);

#endif
