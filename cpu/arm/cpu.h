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

/* MMU indexes of the memops; the fetch index is the low 2 bits of the TB flags (the EL). Data
   accesses at EL1 with PSTATE.PAN set use ARM_MMU_EL1_PAN (TB flag ARM_TBF_PAN). */
/* Output lines (CpuClass.connect_out): the EL1 virtual and physical timers' interrupts. */
enum { ARM_OUT_CNTV = 0, ARM_OUT_CNTP = 1 };
enum { ARM_MMU_EL0 = 0, ARM_MMU_EL1 = 1, ARM_MMU_EL1_PAN = 2, ARM_N_MMU = 3 };
#define ARM_TBF_MMU_MASK 0x3u
#define ARM_TBF_PAN 0x4u

/* The MMU index of data accesses under TB flags f. */
static inline unsigned arm_tbf_data_mmu(uint64_t f) {
    return (f & ARM_TBF_MMU_MASK) == ARM_MMU_EL1 && (f & ARM_TBF_PAN) ? ARM_MMU_EL1_PAN
                                                                      : (unsigned)(f & ARM_TBF_MMU_MASK);
}

/* Exceptions the front end raises so far (arm_helper_exception, ARMCPU.exception). */
enum { ARM_EXCP_NONE = 0, ARM_EXCP_UDEF = 1, ARM_EXCP_PC_ALIGN = 2, ARM_EXCP_ALIGN = 3,
       ARM_EXCP_SVC = 4, ARM_EXCP_HVC = 5, ARM_EXCP_SMC = 6, ARM_EXCP_BRK = 7, ARM_EXCP_HLT = 8,
       ARM_EXCP_SP_ALIGN = 9 };
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
    /* ---- the system model (cpu/arm/cpu_class.c, excp.c, sysreg.c, mmu.c): absent (system =
       false) on the bare ARMCPU of the unit tests, where exceptions only stop the run ---- */
    bool system;
    uint32_t el;                     /* PSTATE.EL: 0 or 1 */
    uint32_t spsel;                  /* PSTATE.SP: 1 = SP_ELx at EL1 */
    uint32_t daif;                   /* PSTATE.D,A,I,F as in the DAIF register (bits 9:6) */
    uint32_t pan;                    /* PSTATE.PAN */
    uint64_t sp_el[2];               /* SP_EL0, SP_EL1 while not the current SP */
    uint64_t sctlr, tcr, ttbr0, ttbr1, mair, amair, vbar, esr, far, elr, spsr, par;
    uint64_t cpacr, contextidr, tpidr_el1, cntkctl, csselr, afsr0, afsr1, mdscr;
    uint64_t cntv_ctl, cntv_cval, cntp_ctl, cntp_cval, cnt_base_ns;
    uint64_t pmcr, pmcntenset, pmccfiltr, pmuserenr, pmccntr_off;
    uint64_t fpcr, fpsr;             /* FP control and status (cpu/arm/trans_fp.c) */
    const struct ArmModel *model;    /* ID register values of the -cpu model */
    volatile uint32_t irq_lines;     /* input lines (bit 0 IRQ, 1 FIQ), set by devices */
    IrqLine timer_out[2];            /* the virtual and physical timers' interrupt outputs (the
                                        board wires them to the GIC); unwired: ORed into IRQ */
    int timer_level[2];              /* ... their levels as last driven */
    /* FP/SIMD (cpu/arm/trans_fp.c): V0-V31 as low/high 64-bit halves. */
    uint64_t vreg[32][2];
} ARMCPU;

/* A -cpu model's identification registers (cpu_class.c). */
typedef struct ArmModel {
    uint64_t midr, revidr, ctr, clidr, ccsidr[4], isar0, isar1, mmfr0, mmfr1, mmfr2, pfr0, dfr0;
} ArmModel;

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

/* excp.c: exception entry to EL1 (Arm ARM D1.10): ESR = ec/il/iss, FAR when far_valid,
   ELR = ret, SPSR = PSTATE; pc = VBAR_EL1 + offset. Does not return. */
_Noreturn void arm_take_exception(ARMCPU *cpu, unsigned ec, uint32_t iss, uint64_t ret,
                                  bool far_valid, uint64_t far);
/* Take the exception the helpers recorded (cpu->exception, cpu->syndrome) at env->pc; on the
   bare test CPU (!system) only leave to the caller. Does not return. */
_Noreturn void arm_raise_recorded(ARMCPU *cpu);
/* excp.c: a data/instruction abort for vaddr with fault status code fsc. */
_Noreturn void arm_raise_abort(ARMCPU *cpu, uint64_t vaddr, int access, unsigned fsc);
void arm_set_el_sp(ARMCPU *cpu, unsigned el, unsigned spsel);   /* switch EL/SP, banking SP */
uint64_t arm_pstate(const ARMCPU *cpu);                          /* PSTATE as in SPSR */
uint64_t arm_cnt_now(ARMCPU *cpu);                               /* the system counter */
void arm_timer_update(ARMCPU *cpu);                              /* ISTATUS, re-arm */
bool arm_irq_pending(ARMCPU *cpu);
bool arm_handle_interrupt(CPUCommon *env);
bool arm_has_work(CPUCommon *env);
void arm_set_irq(CPUCommon *env, int n, int level);
uint64_t arm_cpu_tb_flags(CPUCommon *env);

/* mmu.c: stage 1 translation (VMSAv8-64). arm_walk returns 0 or the fault status code. */
unsigned arm_walk(ARMCPU *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa, int *prot,
                  bool *large);
bool arm_tlb_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                  uint64_t *paddr, int *prot, bool *large);
void arm_raise_mem_fault(CPUCommon *env, uint64_t vaddr, int access, int kind);

/* semihost.c / psci.c: the host calls of HLT #0xF000 and HVC (true: handled). */
bool arm_semihost(ARMCPU *cpu);
bool arm_psci(ARMCPU *cpu);

/* Helpers of the system instructions (sysreg.c, excp.c). */
uint64_t arm_helper_mrs(void *env, uint64_t key, uint64_t insn, uint64_t c, uint64_t d);
uint64_t arm_helper_msr(void *env, uint64_t key, uint64_t val, uint64_t insn, uint64_t d);
uint64_t arm_helper_sys(void *env, uint64_t key, uint64_t val, uint64_t insn, uint64_t d);
uint64_t arm_helper_msr_imm(void *env, uint64_t field, uint64_t imm, uint64_t insn, uint64_t d);
uint64_t arm_helper_eret(void *env, uint64_t insn, uint64_t b, uint64_t c, uint64_t d);
uint64_t arm_helper_excp(void *env, uint64_t kind, uint64_t insn, uint64_t c, uint64_t d);
uint64_t arm_helper_wfi(void *env, uint64_t insn, uint64_t b, uint64_t c, uint64_t d);
uint64_t arm_helper_sp_align(void *env, uint64_t sp, uint64_t b, uint64_t c, uint64_t d);

/* Exception classes (ESR_ELx.EC, Arm ARM D17.2.37). */
enum {
    EC_UNKNOWN = 0x00, EC_WFX = 0x01, EC_FP = 0x07, EC_ILLEGAL = 0x0e, EC_SVC = 0x15,
    EC_HVC = 0x16, EC_SMC = 0x17, EC_SYSREG = 0x18, EC_IABT_LOW = 0x20, EC_IABT_CUR = 0x21,
    EC_PC_ALIGN = 0x22, EC_DABT_LOW = 0x24, EC_DABT_CUR = 0x25, EC_SP_ALIGN = 0x26,
    EC_BRK = 0x3c,
};
/* Fault status codes (DFSC/IFSC). */
enum { FSC_ADDR_SIZE = 0x00, FSC_TRANS = 0x04, FSC_AF = 0x08, FSC_PERM = 0x0c, FSC_EXT = 0x10,
       FSC_ALIGN = 0x21 };

#endif
