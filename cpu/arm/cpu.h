/* SPDX-License-Identifier: MIT */
/* AArch64 CPU state as the A64 front end sees it (Arm ARM DDI 0487, B1.2 "Registers in
   AArch64 Execution state"): X0-X30, the current stack pointer, PSTATE.NZCV in split form,
   TPIDR_EL0/TPIDRRO_EL0, the exclusive monitor, and what the translated code reports when it stops
   (exception syndrome). CPUCommon comes first (translate/guest.h). System registers, exception
   levels and the MMU follow later. */
#ifndef TERN_ARM_CPU_H
#define TERN_ARM_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "translate/guest.h"
#include "translate/ir.h"

/* MMU indexes of the memops; the fetch index is the low 2 bits of the TB flags. */
enum { ARM_MMU_EL0 = 0, ARM_MMU_EL1 = 1 };
#define ARM_TBF_MMU_MASK 0x3u

/* Exceptions the front end raises so far (arm_helper_exception, ARMCPU.exception). */
enum { ARM_EXCP_NONE = 0, ARM_EXCP_UDEF = 1, ARM_EXCP_PC_ALIGN = 2, ARM_EXCP_ALIGN = 3 };
#define ARM_EXCL_NONE UINT64_MAX   /* ARMCPU.excl_addr: the exclusive monitor is open */
#define ARM_EXCL_PAIR 0x10u        /* ARMCPU.excl_size: armed by LDXP */

typedef struct ARMCPU {
    CPUCommon c;                     /* must be first */
    uint64_t x[31];                  /* X0..X30 */
    uint64_t sp;                     /* the stack pointer of the current EL */
    /* PSTATE.NZCV, each flag in the form that makes it cheapest to compute in IR (as QEMU's
       cpu_NF/ZF/CF/VF): N = bit 63 of nf, Z = (zf == 0), C = cf (0 or 1), V = bit 63 of vf. */
    uint64_t nf, zf, cf, vf;
    uint64_t tpidr_el0, tpidrro_el0; /* software thread ID registers */
    uint64_t excl_addr, excl_val;    /* exclusive monitor: address and value LDXR read, */
    uint64_t excl_size;              /* ... its log2 size (| ARM_EXCL_PAIR for LDXP) */
    uint64_t excl_val2;              /* ... the high half for a 128-bit LDXP */
    uint64_t helper_hi;              /* second result of a helper (LDXP's high register), or
                                        its fifth argument (CASP's second new value) */
    uint64_t helper_arg;             /* ... and its sixth (CASP: size and MMU index) */
    uint64_t exception;              /* ARM_EXCP_* of the last exception raised */
    uint64_t syndrome;               /* ... its instruction word (the address for alignment) */
} ARMCPU;

static inline ARMCPU *arm_cpu(CPUCommon *env) { return (ARMCPU *)env; }

/* IR globals (translate.c): X0..X30 are values 0..30, SP is 31, then nf, zf, cf, vf. */
enum { ARM_G_SP = 31, ARM_G_NF, ARM_G_ZF, ARM_G_CF, ARM_G_VF, ARM_N_GLOBALS };
extern const IrGlobalDesc arm_ir_globals[ARM_N_GLOBALS];

/* NZCV as the 4 bits [31:28] of the NZCV system register, and back. */
static inline uint64_t arm_get_nzcv(const ARMCPU *cpu) {
    return ((cpu->nf >> 63) << 31) | ((uint64_t)(cpu->zf == 0) << 30) |
           ((cpu->cf & 1) << 29) | ((cpu->vf >> 63) << 28);
}
static inline void arm_set_nzcv(ARMCPU *cpu, uint64_t nzcv) {
    cpu->nf = (nzcv >> 31) & 1 ? ~0ull : 0;
    cpu->zf = (nzcv >> 30) & 1 ? 0 : 1;
    cpu->cf = (nzcv >> 29) & 1;
    cpu->vf = (nzcv >> 28) & 1 ? ~0ull : 0;
}

/* translate.c: the front end (CpuClass.translate). */
void arm_translate(CPUCommon *env, struct TranslateCtx *ctx, IrBlock *b);

/* disas.c: one instruction as text ("add\tx1, x2, #0x123"); returns 4, or 0 if unknown. */
int arm_disas(uint64_t pc, uint32_t insn, char *buf, size_t n);

/* helpers.c: CRC32 (c = 0) or CRC32C (c = 1) of the low b bytes of a64 value v onto the
   32-bit accumulator a: a pure helper (no IR_CALL_* flags). */
uint64_t arm_helper_crc32(void *env, uint64_t a, uint64_t v, uint64_t b, uint64_t c);

/* helpers.c: a = ARM_EXCP_*, b = instruction word (the pc for ARM_EXCP_PC_ALIGN). Records them and
   leaves to the loop with env->pc at the instruction (IR_CALL_TRAPS). Exception entry proper comes
   with EL1. */
uint64_t arm_helper_exception(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d);

#endif
