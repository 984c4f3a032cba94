/* SPDX-License-Identifier: MIT */
/* Trap entry and return for the RISC-V hart (privileged spec v1.12 3.1.6-3.1.9, 3.3.1-3.3.2,
   4.1.1): delegation through medeleg/mideleg, xEPC/xCAUSE/xTVAL/xSTATUS updates, direct and
   vectored xtvec, and the system-instruction helpers (ecall, mret, sret, wfi, sfence.vma). */
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/priv.h"
#include "system/log.h"

static const char *const exc_names[16] = {
    "misaligned_fetch", "fault_fetch", "illegal_instruction", "breakpoint",
    "misaligned_load", "fault_load", "misaligned_store", "fault_store",
    "user_ecall", "supervisor_ecall", "hypervisor_ecall", "machine_ecall",
    "exec_page_fault", "load_page_fault", "reserved", "store_page_fault",
};
static const char *const irq_names[12] = {
    "u_software", "s_software", "vs_software", "m_software", "u_timer", "s_timer",
    "vs_timer", "m_timer", "u_external", "s_external", "vs_external", "m_external",
};

const char *rv_cause_name(uint64_t cause, bool interrupt)
{
    if (interrupt)
        return cause < 12 ? irq_names[cause] : "reserved";
    return cause < 16 ? exc_names[cause] : "reserved";
}

static uint64_t tvec_target(uint64_t tvec, uint64_t cause, bool interrupt)
{
    uint64_t base = tvec & ~3ull;
    /* Vectored mode only spreads interrupts; exceptions always use BASE (3.1.7). */
    if ((tvec & 3) == 1 && interrupt)
        return base + 4 * cause;
    return base;
}

void rv_do_trap(RVCPU *cpu, uint64_t cause, bool interrupt, uint64_t tval)
{
    uint64_t deleg = interrupt ? cpu->mideleg : cpu->medeleg;
    /* Delegation never moves a trap to a lower privilege than the one it is taken from. */
    bool to_s = cpu->priv <= PRV_S && cause < 64 && ((deleg >> cause) & 1);
    uint64_t xcause = cause | (interrupt ? RV_CAUSE_INTR : 0);

    if (log_enabled(LOG_INT))
        tern_log("riscv_cpu_do_interrupt: hart:%d, async:%d, cause:%016llx, epc:0x%016llx, "
                 "tval:0x%016llx, desc=%s\n", (int)cpu->mhartid, interrupt,
                 (unsigned long long)cause, (unsigned long long)cpu->c.pc,
                 (unsigned long long)tval, rv_cause_name(cause, interrupt));
    uint64_t s = cpu->mstatus;
    if (to_s) {
        cpu->scause = xcause;
        cpu->sepc = cpu->c.pc;
        cpu->stval = tval;
        s &= ~(RV_MSTATUS_SPIE | RV_MSTATUS_SPP);
        if (s & RV_MSTATUS_SIE)
            s |= RV_MSTATUS_SPIE;
        if (cpu->priv == PRV_S)
            s |= RV_MSTATUS_SPP;
        s &= ~RV_MSTATUS_SIE;
        cpu->mstatus = s;
        cpu->priv = PRV_S;
        cpu->c.pc = tvec_target(cpu->stvec, cause, interrupt);
    } else {
        cpu->mcause = xcause;
        cpu->mepc = cpu->c.pc;
        cpu->mtval = tval;
        s &= ~(RV_MSTATUS_MPIE | RV_MSTATUS_MPP);
        if (s & RV_MSTATUS_MIE)
            s |= RV_MSTATUS_MPIE;
        s |= cpu->priv << RV_MSTATUS_MPP_SHIFT;
        s &= ~RV_MSTATUS_MIE;
        cpu->mstatus = s;
        cpu->priv = PRV_M;
        cpu->c.pc = tvec_target(cpu->mtvec, cause, interrupt);
    }
    /* The TLB is indexed by effective privilege, so neither the privilege change nor the MPP
       update needs a flush. */
}

_Noreturn void rv_raise_exception(RVCPU *cpu, uint64_t cause, uint64_t tval)
{
    rv_do_trap(cpu, cause, false, tval);
    cpu_loop_exit(&cpu->c);
}

RV_HELPER(helper_illegal)
{
    (void)b, (void)c, (void)d;
    rv_raise_exception(env, RV_EXC_ILLEGAL, (uint32_t)a);
}

RV_HELPER(helper_raise)
{
    (void)c, (void)d;
    rv_raise_exception(env, a, b);
}

RV_HELPER(helper_ecall)
{
    RVCPU *cpu = env;
    (void)a, (void)b, (void)c, (void)d;
    /* ECALL_U/S/M are 8 + the privilege encoding (3.1.15). */
    rv_raise_exception(cpu, RV_EXC_ECALL_U + cpu->priv, 0);
}

RV_HELPER(helper_check_ialign)
{
    (void)b, (void)c, (void)d;
    if (a & 2)
        rv_raise_exception(env, RV_EXC_INSN_MISALIGNED, a);
    return 0;
}

RV_HELPER(helper_mret)
{
    RVCPU *cpu = env;
    (void)a, (void)b, (void)c, (void)d;
    if (cpu->priv != PRV_M)
        rv_raise_exception(cpu, RV_EXC_ILLEGAL, RV_INSN_MRET);
    uint64_t s = cpu->mstatus;
    uint64_t mpp = (s & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT;
    s &= ~(RV_MSTATUS_MIE | RV_MSTATUS_MPP);
    if (s & RV_MSTATUS_MPIE)
        s |= RV_MSTATUS_MIE;
    s |= RV_MSTATUS_MPIE;                    /* MPP = U (0): the least-privileged mode */
    if (mpp != PRV_M)
        s &= ~RV_MSTATUS_MPRV;
    cpu->mstatus = s;
    cpu->priv = mpp;
    /* Returning may enable an interrupt that is already pending. */
    rv_cpu_kick_if_pending(cpu);
    cpu->c.cur_flags = rv_cpu_tb_flags(&cpu->c);   /* what the jump cache must match next */
    return rv_has(&cpu->cfg, RV_EXT_C) ? cpu->mepc : cpu->mepc & ~2ull;   /* IALIGN = 32 */
}

RV_HELPER(helper_sret)
{
    RVCPU *cpu = env;
    (void)a, (void)b, (void)c, (void)d;
    if (cpu->priv == PRV_U || (cpu->priv == PRV_S && (cpu->mstatus & RV_MSTATUS_TSR)))
        rv_raise_exception(cpu, RV_EXC_ILLEGAL, RV_INSN_SRET);
    uint64_t s = cpu->mstatus;
    uint64_t spp = (s & RV_MSTATUS_SPP) ? PRV_S : PRV_U;
    s &= ~(RV_MSTATUS_SIE | RV_MSTATUS_SPP);
    if (s & RV_MSTATUS_SPIE)
        s |= RV_MSTATUS_SIE;
    s |= RV_MSTATUS_SPIE;
    s &= ~RV_MSTATUS_MPRV;                   /* sret always lands below M */
    cpu->mstatus = s;
    cpu->priv = spp;
    rv_cpu_kick_if_pending(cpu);
    cpu->c.cur_flags = rv_cpu_tb_flags(&cpu->c);   /* what the jump cache must match next */
    return rv_has(&cpu->cfg, RV_EXT_C) ? cpu->sepc : cpu->sepc & ~2ull;
}

RV_HELPER(helper_wfi)
{
    RVCPU *cpu = env;
    (void)b, (void)c, (void)d;
    /* With S-mode present, WFI in U is illegal; TW makes it illegal below M. We use no grace
       period (3.1.6.5). */
    if (cpu->priv == PRV_U || (cpu->priv == PRV_S && (cpu->mstatus & RV_MSTATUS_TW)))
        rv_raise_exception(cpu, RV_EXC_ILLEGAL, (uint32_t)a);
    /* An interrupt that became takeable by the passage of time may not have been kicked yet
       (its timer can still be in flight): make sure the loop looks. */
    if (rv_cpu_pending_irq(cpu) >= 0)
        cpu_kick(&cpu->c);
    /* Wake-up ignores the global enables and delegation: any locally enabled pending bit. */
    else if (!(rv_cpu_mip(cpu) & cpu->mie))
        cpu->c.halted = 1;
    /* Halted or not (a pending interrupt that is masked makes WFI a no-op, and a wait loop
       around it then spins), the hart only waits: the other harts go first. */
    cpu_end_turn(&cpu->c);
    return 0;
}

RV_HELPER(helper_sfence_vma)
{
    RVCPU *cpu = env;
    bool rs2_nonzero = d;
    if (cpu->priv == PRV_U || (cpu->priv == PRV_S && (cpu->mstatus & RV_MSTATUS_TVM)))
        rv_raise_exception(cpu, RV_EXC_ILLEGAL, (uint32_t)c);
    /* The TLB holds only the current address space and the global mappings, so an ASID in rs2
       means "the current one or another": either way, without rs1 all non-global entries go
       (global ones stay, 4.2.1). With rs1 the page goes in every index, global or not. */
    if (b)
        tlb_flush_page(&cpu->c, a);
    else if (rs2_nonzero)
        tlb_flush_nonglobal(&cpu->c);
    else
        tlb_flush(&cpu->c);
    return 0;
}

RV_HELPER(helper_fs_dirty)
{
    RVCPU *cpu = env;
    (void)a, (void)b, (void)c, (void)d;
    cpu->mstatus |= RV_MSTATUS_FS | RV_MSTATUS_SD;
    return 0;
}
