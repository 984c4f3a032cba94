/* SPDX-License-Identifier: MIT */
/* AArch64 system registers and system instructions at EL0/EL1 (Arm ARM DDI 0487, D17 "AArch64
   System Register Descriptions", C5.3 "A64 system instructions for cache maintenance, address
   translation, TLB maintenance"): MRS/MSR by encoding, MSR (immediate) of DAIFSet/DAIFClr,
   SPSel and PAN, DC ZVA (the only data-cache operation with an effect), TLBI (tern's TLB holds
   the current ASID and the global entries: by VA flushes the page, by ASID the non-global
   entries, all everything) and AT S1E0/S1E1 (PAR_EL1). The ID registers come from the -cpu
   model (cpu_class.c). Registers a write of which changes translation end the block. */
#include "cpu/arm/cpu.h"
#include "translate/softmmu.h"

#define SR(op0, op1, crn, crm, op2) (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

static _Noreturn void undef(ARMCPU *cpu, uint64_t insn)
{
    cpu->exception = ARM_EXCP_UDEF;
    cpu->syndrome = insn;
    arm_raise_recorded(cpu);
}

/* EL0 may use these when the EL1 controls allow (CNTKCTL, SCTLR.UCT/DZE, PMUSERENR). */
static bool el0_ok(ARMCPU *cpu, unsigned key, bool write)
{
    switch (key) {
    case SR(3, 3, 4, 2, 0): case SR(3, 3, 4, 2, 1): case SR(3, 3, 4, 4, 0): case SR(3, 3, 4, 4, 1):
    case SR(3, 3, 13, 0, 2):                                 /* NZCV, DAIF, FPCR, FPSR, TPIDR_EL0 */
        return key != SR(3, 3, 4, 2, 1) || (cpu->sctlr & (1u << 9));   /* DAIF: SCTLR.UMA */
    case SR(3, 3, 13, 0, 3): return !write;                  /* TPIDRRO_EL0 */
    case SR(3, 3, 0, 0, 1): return !write && (cpu->sctlr & (1u << 15));   /* CTR: UCT */
    case SR(3, 3, 0, 0, 7): return !write;                   /* DCZID */
    case SR(3, 3, 14, 0, 0): return !write && (cpu->cntkctl & 3);          /* CNTFRQ */
    case SR(3, 3, 14, 0, 1): return !write && (cpu->cntkctl & 1);          /* CNTPCT */
    case SR(3, 3, 14, 0, 2): return !write && (cpu->cntkctl & 2);          /* CNTVCT */
    case SR(3, 3, 14, 2, 0): case SR(3, 3, 14, 2, 1): case SR(3, 3, 14, 2, 2):
        return cpu->cntkctl & (1u << 9);                     /* CNTP_*: EL0PTEN */
    case SR(3, 3, 14, 3, 0): case SR(3, 3, 14, 3, 1): case SR(3, 3, 14, 3, 2):
        return cpu->cntkctl & (1u << 8);                     /* CNTV_*: EL0VTEN */
    case SR(3, 3, 9, 13, 0): return cpu->pmuserenr & 5;      /* PMCCNTR */
    default: return false;
    }
}

static uint64_t cycles(ARMCPU *cpu) { return cpu->c.insn_count; }

uint64_t arm_helper_mrs(void *env, uint64_t key, uint64_t insn, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    const ArmModel *m = cpu->model;
    (void)c, (void)d;
    if (!cpu->system || (cpu->el == 0 && !el0_ok(cpu, (unsigned)key, false)))
        undef(cpu, insn);
    switch (key) {
    case SR(3, 0, 0, 0, 0): return m->midr;
    case SR(3, 0, 0, 0, 5): return 0x80000000ull | (uint64_t)cpu->c.cpu_index;   /* MPIDR: Uni=0 */
    case SR(3, 0, 0, 0, 6): return m->revidr;
    case SR(3, 3, 0, 0, 1): return m->ctr;
    case SR(3, 3, 0, 0, 7): return 4;                         /* DCZID: 64-byte DC ZVA */
    case SR(3, 1, 0, 0, 1): return m->clidr;
    case SR(3, 1, 0, 0, 0): return cpu->csselr < 4 ? m->ccsidr[cpu->csselr] : 0;
    case SR(3, 2, 0, 0, 0): return cpu->csselr;
    case SR(3, 0, 0, 4, 0): return m->pfr0;
    case SR(3, 0, 0, 5, 0): return m->dfr0;
    case SR(3, 0, 0, 6, 0): return m->isar0;
    case SR(3, 0, 0, 6, 1): return m->isar1;
    case SR(3, 0, 0, 7, 0): return m->mmfr0;
    case SR(3, 0, 0, 7, 1): return m->mmfr1;
    case SR(3, 0, 0, 7, 2): return m->mmfr2;
    case SR(3, 0, 1, 0, 0): return cpu->sctlr;
    case SR(3, 0, 1, 0, 1): return 0;                         /* ACTLR */
    case SR(3, 0, 1, 0, 2): return cpu->cpacr;
    case SR(3, 0, 2, 0, 0): return cpu->ttbr0;
    case SR(3, 0, 2, 0, 1): return cpu->ttbr1;
    case SR(3, 0, 2, 0, 2): return cpu->tcr;
    case SR(3, 0, 4, 0, 0): return cpu->spsr;
    case SR(3, 0, 4, 0, 1): return cpu->elr;
    case SR(3, 0, 4, 1, 0):                                   /* SP_EL0: UNDEF while it is SP */
        if (!cpu->spsel)
            undef(cpu, insn);
        return cpu->sp_el[0];
    case SR(3, 0, 4, 2, 0): return cpu->spsel;
    case SR(3, 0, 4, 2, 2): return (uint64_t)cpu->el << 2;    /* CurrentEL */
    case SR(3, 0, 4, 2, 3): return (uint64_t)cpu->pan << 22;
    case SR(3, 3, 4, 2, 1): return cpu->daif;
    case SR(3, 3, 4, 4, 0): return cpu->fpcr;
    case SR(3, 3, 4, 4, 1): return cpu->fpsr;
    case SR(3, 0, 5, 1, 0): return cpu->afsr0;
    case SR(3, 0, 5, 1, 1): return cpu->afsr1;
    case SR(3, 0, 5, 2, 0): return cpu->esr;
    case SR(3, 0, 6, 0, 0): return cpu->far;
    case SR(3, 0, 7, 4, 0): return cpu->par;
    case SR(3, 0, 10, 2, 0): return cpu->mair;
    case SR(3, 0, 10, 3, 0): return cpu->amair;
    case SR(3, 0, 12, 0, 0): return cpu->vbar;
    case SR(3, 0, 12, 1, 0): return arm_irq_pending(cpu) ? 0x80 : 0;   /* ISR_EL1 (I) */
    case SR(3, 0, 13, 0, 1): return cpu->contextidr;
    case SR(3, 0, 13, 0, 4): return cpu->tpidr_el1;
    case SR(3, 3, 13, 0, 2): return cpu->tpidr_el0;
    case SR(3, 3, 13, 0, 3): return cpu->tpidrro_el0;
    case SR(3, 0, 14, 1, 0): return cpu->cntkctl;
    case SR(3, 3, 14, 0, 0): return 62500000;                 /* CNTFRQ */
    case SR(3, 3, 14, 0, 1): case SR(3, 3, 14, 0, 2): return arm_cnt_now(cpu);
    case SR(3, 3, 14, 2, 1): case SR(3, 3, 14, 3, 1):
        arm_timer_update(cpu);
        return key == SR(3, 3, 14, 2, 1) ? cpu->cntp_ctl : cpu->cntv_ctl;
    case SR(3, 3, 14, 2, 2): return cpu->cntp_cval;
    case SR(3, 3, 14, 3, 2): return cpu->cntv_cval;
    case SR(3, 3, 14, 2, 0): return (uint32_t)(cpu->cntp_cval - arm_cnt_now(cpu));
    case SR(3, 3, 14, 3, 0): return (uint32_t)(cpu->cntv_cval - arm_cnt_now(cpu));
    case SR(2, 0, 0, 2, 2): return cpu->mdscr;
    case SR(3, 3, 9, 12, 0): return cpu->pmcr;
    case SR(3, 3, 9, 12, 1): case SR(3, 3, 9, 12, 2): return cpu->pmcntenset;
    case SR(3, 3, 9, 13, 0):
        return (cpu->pmcr & 1) && (cpu->pmcntenset >> 31) ? cycles(cpu) - cpu->pmccntr_off
                                                           : -cpu->pmccntr_off;
    case SR(3, 3, 14, 15, 7): return cpu->pmccfiltr;
    case SR(3, 3, 9, 14, 0): return cpu->pmuserenr;
    default:
        /* The rest of the ID space (op0 3, op1 0, CRn 0, CRm 1-7) reads as zero (RAZ). */
        if ((key & ~0x3full) == SR(3, 0, 0, 0, 0) && ((key >> 3) & 0xf) >= 1)
            return 0;
        undef(cpu, insn);
    }
}

/* The TLB must drop what a change of these registers invalidates. */
static void changed_translation(ARMCPU *cpu, bool keep_global)
{
    if (keep_global)
        tlb_flush_nonglobal(&cpu->c);
    else
        tlb_flush(&cpu->c);
}

uint64_t arm_helper_msr(void *env, uint64_t key, uint64_t val, uint64_t insn, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)d;
    if (!cpu->system || (cpu->el == 0 && !el0_ok(cpu, (unsigned)key, true)))
        undef(cpu, insn);
    switch (key) {
    case SR(3, 0, 1, 0, 0):
        cpu->sctlr = val;
        changed_translation(cpu, false);
        break;
    case SR(3, 0, 1, 0, 1): break;                            /* ACTLR */
    case SR(3, 0, 1, 0, 2): cpu->cpacr = val & (3u << 20); break;
    case SR(3, 0, 2, 0, 0): cpu->ttbr0 = val; changed_translation(cpu, true); break;
    case SR(3, 0, 2, 0, 1): cpu->ttbr1 = val; changed_translation(cpu, true); break;
    case SR(3, 0, 2, 0, 2): cpu->tcr = val; changed_translation(cpu, false); break;
    case SR(3, 0, 4, 0, 0): cpu->spsr = val; break;
    case SR(3, 0, 4, 0, 1): cpu->elr = val; break;
    case SR(3, 0, 4, 1, 0):
        if (!cpu->spsel)
            undef(cpu, insn);
        cpu->sp_el[0] = val;
        break;
    case SR(3, 0, 4, 2, 0): arm_set_el_sp(cpu, cpu->el, val & 1); break;
    case SR(3, 0, 4, 2, 3): cpu->pan = (val >> 22) & 1; break;
    case SR(3, 3, 4, 2, 0): arm_set_nzcv(cpu, val); break;
    case SR(3, 3, 4, 2, 1): cpu->daif = (uint32_t)(val & 0x3c0); break;
    case SR(3, 3, 4, 4, 0): cpu->fpcr = val & 0x07ff9f00; break;
    case SR(3, 3, 4, 4, 1): cpu->fpsr = val & 0xf800009f; break;
    case SR(3, 0, 5, 1, 0): cpu->afsr0 = val; break;
    case SR(3, 0, 5, 1, 1): cpu->afsr1 = val; break;
    case SR(3, 0, 5, 2, 0): cpu->esr = val; break;
    case SR(3, 0, 6, 0, 0): cpu->far = val; break;
    case SR(3, 0, 7, 4, 0): cpu->par = val; break;
    case SR(3, 0, 10, 2, 0): cpu->mair = val; break;
    case SR(3, 0, 10, 3, 0): cpu->amair = val; break;
    case SR(3, 0, 12, 0, 0): cpu->vbar = val & ~0x7ffull; break;
    case SR(3, 0, 13, 0, 1): cpu->contextidr = val & 0xffffffff; break;
    case SR(3, 0, 13, 0, 4): cpu->tpidr_el1 = val; break;
    case SR(3, 3, 13, 0, 2): cpu->tpidr_el0 = val; break;
    case SR(3, 3, 13, 0, 3): cpu->tpidrro_el0 = val; break;
    case SR(3, 0, 14, 1, 0): cpu->cntkctl = val & 0x3ff; break;
    case SR(3, 2, 0, 0, 0): cpu->csselr = val & 0xf; break;
    case SR(3, 3, 14, 2, 1): cpu->cntp_ctl = val & 3; break;
    case SR(3, 3, 14, 3, 1): cpu->cntv_ctl = val & 3; break;
    case SR(3, 3, 14, 2, 2): cpu->cntp_cval = val; break;
    case SR(3, 3, 14, 3, 2): cpu->cntv_cval = val; break;
    case SR(3, 3, 14, 2, 0): cpu->cntp_cval = arm_cnt_now(cpu) + (uint64_t)(int64_t)(int32_t)val; break;
    case SR(3, 3, 14, 3, 0): cpu->cntv_cval = arm_cnt_now(cpu) + (uint64_t)(int64_t)(int32_t)val; break;
    case SR(2, 0, 0, 2, 2): cpu->mdscr = val; break;
    case SR(2, 0, 0, 0, 4): case SR(2, 0, 0, 0, 5): case SR(2, 0, 0, 0, 6): case SR(2, 0, 0, 0, 7):
    case SR(2, 0, 1, 0, 4): case SR(2, 0, 1, 3, 4): case SR(2, 0, 0, 7, 2): break;   /* DBG*, OSLAR, OSDLR */
    case SR(3, 3, 9, 12, 0): {
        uint64_t now = cycles(cpu);
        if (val & 4)                                          /* C: reset the cycle counter */
            cpu->pmccntr_off = now;
        cpu->pmcr = val & 0x79;
        break;
    }
    case SR(3, 3, 9, 12, 1): cpu->pmcntenset |= val & (1ull << 31); break;
    case SR(3, 3, 9, 12, 2): cpu->pmcntenset &= ~(val & (1ull << 31)); break;
    case SR(3, 3, 9, 13, 0): cpu->pmccntr_off = cycles(cpu) - val; break;
    case SR(3, 3, 14, 15, 7): cpu->pmccfiltr = val; break;
    case SR(3, 3, 9, 14, 0): cpu->pmuserenr = val & 0xf; break;
    default:
        undef(cpu, insn);
    }
    arm_timer_update(cpu);
    if (arm_irq_pending(cpu))
        cpu_kick(&cpu->c);
    return 0;
}

/* MSR (immediate): field 0 = SPSel, 1 = DAIFSet, 2 = DAIFClr, 3 = PAN. */
uint64_t arm_helper_msr_imm(void *env, uint64_t field, uint64_t imm, uint64_t insn, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)d;
    if (!cpu->system)
        undef(cpu, insn);
    if (cpu->el == 0 && !(field >= 1 && field <= 2 && (cpu->sctlr & (1u << 9))))
        undef(cpu, insn);
    switch (field) {
    case 0: arm_set_el_sp(cpu, cpu->el, imm & 1); break;
    case 1: cpu->daif |= (uint32_t)(imm & 0xf) << 6; break;
    case 2: cpu->daif &= ~((uint32_t)(imm & 0xf) << 6); break;
    case 3: cpu->pan = imm & 1; break;
    }
    if (arm_irq_pending(cpu))
        cpu_kick(&cpu->c);
    return 0;
}

static void at(ARMCPU *cpu, uint64_t va, unsigned op1, unsigned op2)
{
    int access = (op2 & 1) ? MMU_WRITE : MMU_READ;
    int mmu = op1 == 0 && (op2 & 2) ? ARM_MMU_EL0 : ARM_MMU_EL1;   /* S1E0x, S1E1x */
    uint64_t pa;
    int prot;
    bool large;
    unsigned fsc = arm_walk(cpu, va, access, mmu, &pa, &prot, &large);
    if (fsc)
        cpu->par = 1 | ((uint64_t)fsc << 1) | (1ull << 11);
    else
        cpu->par = (pa & 0xfffffffff000ull) | (1ull << 11);
}

/* SYS: DC ZVA, other DC/IC (no effect), TLBI, AT. key as for MRS/MSR. */
uint64_t arm_helper_sys(void *env, uint64_t key, uint64_t val, uint64_t insn, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)d;
    unsigned op1 = (key >> 11) & 7, crn = (key >> 7) & 15, crm = (key >> 3) & 15, op2 = key & 7;
    if (!cpu->system)
        undef(cpu, insn);
    if (key == SR(1, 3, 7, 4, 1)) {                           /* DC ZVA */
        if (cpu->el == 0 && !(cpu->sctlr & (1u << 14)))
            undef(cpu, insn);
        uint64_t a = val & ~63ull;
        for (int i = 0; i < 8; i++)
            softmmu_store(&cpu->c, a + 8 * i, 0, IR_MEMOP(3, 0, arm_tbf_data_mmu(cpu->c.cur_flags)));
        return 0;
    }
    if (crn == 7 && (crm == 5 || crm == 1) && op1 == 3 && cpu->el == 0 &&
        !(cpu->sctlr & (1u << 26)))
        undef(cpu, insn);                                     /* IC IVAU at EL0: SCTLR.UCI */
    if (crn == 7 && (crm == 10 || crm == 11 || crm == 14 || crm == 5 || crm == 1 || crm == 6 ||
                     crm == 12 || crm == 13)) {
        if (cpu->el == 0 && op1 != 3)
            undef(cpu, insn);
        return 0;                                             /* DC/IC: nothing cached */
    }
    if (cpu->el == 0)
        undef(cpu, insn);
    if (crn == 7 && crm == 8 && op1 == 0) {                   /* AT S1E1R/W, S1E0R/W */
        at(cpu, val, op1, op2);
        return 0;
    }
    if (crn == 8 && op1 == 0 && (crm == 3 || crm == 7)) {     /* TLBI ...E1(IS) */
        switch (op2) {
        case 0: tlb_flush(&cpu->c); break;                    /* VMALLE1 */
        case 2: tlb_flush_nonglobal(&cpu->c); break;          /* ASIDE1 */
        default:                                              /* VA(A)E1, VA(A)LE1 */
            tlb_flush_page(&cpu->c, (uint64_t)((int64_t)((val & 0xfffffffffffull) << 20) >> 8));
            break;
        }
        return 0;
    }
    undef(cpu, insn);
}
