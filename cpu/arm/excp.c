/* SPDX-License-Identifier: MIT */
/* AArch64 exceptions at EL0/EL1 (Arm ARM DDI 0487, D1.10 "Exception entry", D1.11 "Exception
   return", D17.2.37 ESR_ELx): synchronous exceptions with their syndromes, IRQ/FIQ masked by
   PSTATE.I/F, the vector table at VBAR_EL1 (current EL with SP_EL0 +0x000, with SP_EL1 +0x200,
   lower EL AArch64 +0x400; +0x80 IRQ, +0x100 FIQ), ERET, WFI, and the generic timer (D11: the
   virtual and physical EL1 timers, counting at CNTFRQ = 62.5 MHz as QEMU's). The timers'
   outputs are lines the board wires to its GIC (CpuClass.connect_out); unwired (the unit
   tests' bare CPU), they are ORed into the CPU's IRQ. */
#include "cpu/arm/cpu.h"
#include "system/machine.h"

#define CNTFRQ_NS_SHIFT 4   /* 62.5 MHz: one tick every 16 ns */

uint64_t arm_pstate(const ARMCPU *cpu)
{
    return arm_get_nzcv(cpu) | ((uint64_t)cpu->pan << 22) | cpu->daif |
           ((uint64_t)cpu->el << 2) | (cpu->el ? cpu->spsel : 0);
}

/* The current SP lives in cpu->sp (the IR global); the other is banked in sp_el[]. */
void arm_set_el_sp(ARMCPU *cpu, unsigned el, unsigned spsel)
{
    unsigned cur = cpu->el && cpu->spsel ? 1 : 0, nxt = el && spsel ? 1 : 0;
    if (cur != nxt) {
        cpu->sp_el[cur] = cpu->sp;
        cpu->sp = cpu->sp_el[nxt];
    }
    cpu->el = el;
    cpu->spsel = spsel;
}

static _Noreturn void enter(ARMCPU *cpu, unsigned kind_off, uint64_t ret)
{
    unsigned off = kind_off;
    if (cpu->el == 0)
        off += 0x400;
    else if (cpu->spsel)
        off += 0x200;
    cpu->spsr = arm_pstate(cpu);
    cpu->elr = ret;
    arm_set_el_sp(cpu, 1, 1);
    cpu->daif = 0xf << 6;
    if (!(cpu->sctlr & (1ull << 23)))   /* SCTLR_EL1.SPAN == 0: PAN is set on entry */
        cpu->pan = 1;
    cpu->excl_addr = ARM_EXCL_NONE;
    cpu->c.pc = (cpu->vbar & ~0x7ffull) + off;
    cpu->c.stats.exceptions++;
    cpu_loop_exit(&cpu->c);
}

_Noreturn void arm_take_exception(ARMCPU *cpu, unsigned ec, uint32_t iss, uint64_t ret,
                                  bool far_valid, uint64_t far)
{
    cpu->esr = ((uint64_t)ec << 26) | (1u << 25) | (iss & 0x1ffffff);
    if (far_valid)
        cpu->far = far;
    enter(cpu, 0, ret);
}

_Noreturn void arm_raise_abort(ARMCPU *cpu, uint64_t vaddr, int access, unsigned fsc)
{
    bool low = cpu->el == 0;
    if (access == MMU_EXEC)
        arm_take_exception(cpu, low ? EC_IABT_LOW : EC_IABT_CUR, fsc, vaddr, true, vaddr);
    arm_take_exception(cpu, low ? EC_DABT_LOW : EC_DABT_CUR,
                       fsc | (access == MMU_WRITE ? 1u << 6 : 0), cpu->c.pc, true, vaddr);
}

_Noreturn void arm_raise_recorded(ARMCPU *cpu)
{
    if (!cpu->system)
        cpu_loop_exit(&cpu->c);
    uint64_t pc = cpu->c.pc;
    uint32_t insn = (uint32_t)cpu->syndrome;
    switch (cpu->exception) {
    case ARM_EXCP_PC_ALIGN:
        arm_take_exception(cpu, EC_PC_ALIGN, 0, pc, true, cpu->syndrome);
    case ARM_EXCP_ALIGN:
        arm_raise_abort(cpu, cpu->syndrome, MMU_READ, FSC_ALIGN);
    case ARM_EXCP_SP_ALIGN:
        arm_take_exception(cpu, EC_SP_ALIGN, 0, pc, false, 0);
    case ARM_EXCP_SVC:
        arm_take_exception(cpu, EC_SVC, (insn >> 5) & 0xffff, pc + 4, false, 0);
    case ARM_EXCP_HVC:
        arm_take_exception(cpu, EC_HVC, (insn >> 5) & 0xffff, pc + 4, false, 0);
    case ARM_EXCP_SMC:
        arm_take_exception(cpu, EC_SMC, (insn >> 5) & 0xffff, pc + 4, false, 0);
    case ARM_EXCP_BRK:
        arm_take_exception(cpu, EC_BRK, (insn >> 5) & 0xffff, pc, false, 0);
    default:
        arm_take_exception(cpu, EC_UNKNOWN, 0, pc, false, 0);
    }
}

/* SVC, HVC, SMC, BRK, HLT (kind = ARM_EXCP_*); env->pc is the instruction. */
uint64_t arm_helper_excp(void *env, uint64_t kind, uint64_t insn, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)c, (void)d;
    if (cpu->system) {
        /* QEMU's virt without EL2/EL3: PSCI through HVC; HVC is UNDEFINED at EL0, and with no
           EL2 (and SMC with no EL3) they are UNDEFINED at EL1 too. */
        if (kind == ARM_EXCP_HVC || kind == ARM_EXCP_SMC) {
            if (cpu->el == 0 || kind == ARM_EXCP_SMC || !arm_psci(cpu))
                kind = ARM_EXCP_UDEF;
            else
                return 0;
        }
        if (kind == ARM_EXCP_HLT) {
            if (((insn >> 5) & 0xffff) == 0xf000 && cpu->el == 1 && arm_semihost(cpu))
                return 0;
            kind = ARM_EXCP_UDEF;
        }
    }
    cpu->exception = kind;
    cpu->syndrome = insn;
    arm_raise_recorded(cpu);
}

/* ERET: EL0 cannot; PSTATE from SPSR_EL1, pc from ELR_EL1 (returned). */
uint64_t arm_helper_eret(void *env, uint64_t insn, uint64_t b, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)b, (void)c, (void)d;
    if (!cpu->system || cpu->el == 0) {
        cpu->exception = ARM_EXCP_UDEF;
        cpu->syndrome = insn;
        arm_raise_recorded(cpu);
    }
    uint64_t spsr = cpu->spsr, m = spsr & 0x1f;
    uint64_t pc = cpu->elr;
    arm_set_nzcv(cpu, spsr & 0xf0000000u);
    cpu->daif = (uint32_t)(spsr & 0x3c0);
    cpu->pan = (spsr >> 22) & 1;
    if (m == 0x0 || m == 0x4 || m == 0x5) {
        arm_set_el_sp(cpu, (unsigned)(m >> 2), (unsigned)(m & 1));
    } else {
        /* An illegal return (AArch32, EL2/EL3): PSTATE.IL, stay at EL1 (D1.11.5). The next
           instruction then takes an Illegal Execution state exception; approximated by taking
           it here at the return address. */
        cpu->c.pc = pc;
        arm_take_exception(cpu, EC_ILLEGAL, 0, pc & ~3ull, false, 0);
    }
    cpu->excl_addr = ARM_EXCL_NONE;
    if (cpu->el == 0)
        pc &= ~0ull;   /* TBI of the pc is not modelled */
    cpu->c.cur_flags = arm_cpu_tb_flags(&cpu->c);
    return pc;
}

/* ---- the generic timer ---- */

uint64_t arm_cnt_now(ARMCPU *cpu)
{
    return (host_clock_ns() - cpu->cnt_base_ns) >> CNTFRQ_NS_SHIFT;
}

static bool timer_fires(uint64_t ctl, uint64_t cval, uint64_t now)
{
    return (ctl & 1) && now >= cval;
}

void arm_timer_update(ARMCPU *cpu)
{
    uint64_t now = arm_cnt_now(cpu);
    uint64_t *ctl[2] = { &cpu->cntv_ctl, &cpu->cntp_ctl };
    uint64_t cval[2] = { cpu->cntv_cval, cpu->cntp_cval };
    for (int t = 0; t < 2; t++) {
        bool st = timer_fires(*ctl[t], cval[t], now);
        *ctl[t] = (*ctl[t] & 3) | (st ? 4 : 0);
        uint64_t deadline = UINT64_MAX;
        if ((*ctl[t] & 1) && !st && cval[t] < (UINT64_MAX >> CNTFRQ_NS_SHIFT) - cpu->cnt_base_ns)
            deadline = cpu->cnt_base_ns + (cval[t] << CNTFRQ_NS_SHIFT);
        cpu_set_timer(&cpu->c, t == 0 ? CPU_TIMER_CPU0 : CPU_TIMER_CPU1, deadline);
        int level = (*ctl[t] & 7) == 5;      /* ENABLE, ISTATUS, not IMASK */
        if (level != cpu->timer_level[t]) {
            cpu->timer_level[t] = level;
            irq_set(cpu->timer_out[t], level);
        }
    }
}

static bool irq_level(ARMCPU *cpu)
{
    bool v = !cpu->timer_out[0].set && cpu->timer_level[0];
    bool p = !cpu->timer_out[1].set && cpu->timer_level[1];
    return v || p || (__atomic_load_n(&cpu->irq_lines, __ATOMIC_ACQUIRE) & 1);
}

bool arm_irq_pending(ARMCPU *cpu)
{
    return irq_level(cpu) || (__atomic_load_n(&cpu->irq_lines, __ATOMIC_ACQUIRE) & 2);
}

bool arm_handle_interrupt(CPUCommon *env)
{
    ARMCPU *cpu = arm_cpu(env);
    arm_timer_update(cpu);
    unsigned off;
    /* At EL1 PSTATE.I/F mask; at EL0 as well (the mask bits apply to EL1 as the target). */
    if ((__atomic_load_n(&cpu->irq_lines, __ATOMIC_ACQUIRE) & 2) && !(cpu->daif & (1u << 6)))
        off = 0x100;
    else if (irq_level(cpu) && !(cpu->daif & (1u << 7)))
        off = 0x80;
    else
        return false;
    unsigned voff = off + (cpu->el == 0 ? 0x400 : cpu->spsel ? 0x200 : 0);
    cpu->spsr = arm_pstate(cpu);
    cpu->elr = env->pc;
    arm_set_el_sp(cpu, 1, 1);
    cpu->daif = 0xf << 6;
    if (!(cpu->sctlr & (1ull << 23)))
        cpu->pan = 1;
    cpu->excl_addr = ARM_EXCL_NONE;
    env->pc = (cpu->vbar & ~0x7ffull) + voff;
    env->stats.interrupts++;
    return true;
}

bool arm_has_work(CPUCommon *env)
{
    ARMCPU *cpu = arm_cpu(env);
    arm_timer_update(cpu);
    return arm_irq_pending(cpu);
}

void arm_set_irq(CPUCommon *env, int n, int level)
{
    ARMCPU *cpu = arm_cpu(env);
    if (level)
        __atomic_fetch_or(&cpu->irq_lines, 1u << n, __ATOMIC_ACQ_REL);
    else
        __atomic_fetch_and(&cpu->irq_lines, ~(1u << n), __ATOMIC_ACQ_REL);
    cpu_kick(env);
}

/* WFI/WFE: EL0 traps unless SCTLR_EL1.nTWI/nTWE; otherwise sleep unless an interrupt (masked
   or not) is pending. WFE sleeps the same way (no event register: SEV is not needed on one
   CPU, and a spurious wake-up is allowed). */
uint64_t arm_helper_wfi(void *env, uint64_t insn, uint64_t b, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)b, (void)c, (void)d;
    bool wfe = insn & 0x20;
    if (!cpu->system)
        return 0;
    if (cpu->el == 0 && !(cpu->sctlr & (wfe ? 1u << 18 : 1u << 16)))
        arm_take_exception(cpu, EC_WFX, 0x1e00000 | (wfe ? 1 : 0), cpu->c.pc, false, 0);
    if (wfe)
        return 0;
    arm_timer_update(cpu);
    if (arm_irq_pending(cpu))
        cpu_kick(&cpu->c);
    else
        cpu->c.halted = 1;
    return 0;
}
