/* SPDX-License-Identifier: MIT */
/* The RV64 hart as a guest of the translator: init/reset, TB flags, interrupt pending/priority
   and delivery (privileged spec v1.12 3.1.9, 3.3.3), Sstc's STIP timer, input lines (MSIP,
   MTIP, SEIP, MEIP driven by the board's CLINT and PLIC), and the register dump. */
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/priv.h"
#include "system/log.h"

/* mtime runs at 10 MHz. */
#define RV_NS_PER_TICK 100

uint64_t rv_cpu_mtime(RVCPU *cpu)
{
    if (cpu->read_mtime)
        return cpu->read_mtime(cpu->mtime_opaque);
    return host_clock_ns() / RV_NS_PER_TICK;
}

void rv_cpu_set_time_source(RVCPU *cpu, uint64_t (*read)(void *opaque), void *opaque)
{
    cpu->read_mtime = read;
    cpu->mtime_opaque = opaque;
}

/* Sstc: STIP is the comparison stimecmp <= time (MTIP is an input line, the CLINT's). */
static uint64_t timer_bits(RVCPU *cpu)
{
    if ((cpu->menvcfg & RV_MENVCFG_STCE) && rv_cpu_mtime(cpu) >= cpu->stimecmp)
        return RV_MIP(RV_IRQ_STI);
    return 0;
}

uint64_t rv_cpu_mip(RVCPU *cpu)
{
    uint64_t sw = cpu->mip;
    /* With Sstc enabled STIP is the comparison's output only (Sstc spec, 3.1.9). */
    if (cpu->menvcfg & RV_MENVCFG_STCE)
        sw &= ~RV_MIP(RV_IRQ_STI);
    uint64_t ext = __atomic_load_n(&cpu->mip_ext, __ATOMIC_ACQUIRE);
    return sw | ext | timer_bits(cpu);
}

/* Decreasing priority within each privilege level (3.1.9). */
static const int irq_order[] = { RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI,
                                 RV_IRQ_SEI, RV_IRQ_SSI, RV_IRQ_STI };

static int highest(uint64_t set)
{
    for (unsigned i = 0; i < sizeof(irq_order) / sizeof(irq_order[0]); i++)
        if (set & RV_MIP(irq_order[i]))
            return irq_order[i];
    return -1;
}

int rv_cpu_pending_irq(RVCPU *cpu)
{
    uint64_t pending = rv_cpu_mip(cpu) & cpu->mie;
    if (!pending)
        return -1;
    uint64_t m = pending & ~cpu->mideleg;
    uint64_t s = pending & cpu->mideleg;
    bool m_on = cpu->priv < PRV_M || (cpu->mstatus & RV_MSTATUS_MIE);
    bool s_on = cpu->priv < PRV_S || (cpu->priv == PRV_S && (cpu->mstatus & RV_MSTATUS_SIE));
    /* Interrupts for M are served before any destined for S. */
    if (m_on && m)
        return highest(m);
    if (s_on && s)
        return highest(s);
    return -1;
}

static uint64_t host_deadline(uint64_t now_ns, uint64_t now, uint64_t cmp)
{
    uint64_t ticks = cmp - now;
    if (ticks > (UINT64_MAX - now_ns) / RV_NS_PER_TICK)
        return UINT64_MAX;
    return now_ns + ticks * RV_NS_PER_TICK;
}

/* Only handle_interrupt arms the timers: it may cancel a timer that is already due only
   because it evaluates the pending bits right after. */
static void arm_slot(RVCPU *cpu, int slot, uint64_t cmp, uint64_t now)
{
    if (cmp == UINT64_MAX || cmp <= now) {
        /* never, or already pending: the level is seen directly, no timer needed */
        if (__atomic_load_n(&cpu->c.timer_deadline[slot], __ATOMIC_RELAXED) != UINT64_MAX)
            cpu_set_timer(&cpu->c, slot, UINT64_MAX);
        return;
    }
    uint64_t d = host_deadline(host_clock_ns(), now, cmp);
    /* Re-armed for the same compare value on every interrupt check: the deadline only moves
       by the rounding of now to ticks. Leave the timer thread alone then (a lock and a
       wake-up each time otherwise). */
    uint64_t armed = __atomic_load_n(&cpu->c.timer_deadline[slot], __ATOMIC_RELAXED);
    if (armed != UINT64_MAX && armed + 2 * RV_NS_PER_TICK >= d && armed <= d + 2 * RV_NS_PER_TICK)
        return;
    cpu_set_timer(&cpu->c, slot, d);
}

void rv_cpu_arm_timers(RVCPU *cpu)
{
    uint64_t now = rv_cpu_mtime(cpu);
    arm_slot(cpu, RV_TIMER_STIMECMP,
             (cpu->menvcfg & RV_MENVCFG_STCE) ? cpu->stimecmp : UINT64_MAX, now);
}

void rv_cpu_kick_if_pending(RVCPU *cpu)
{
    if (rv_cpu_pending_irq(cpu) >= 0)
        cpu_kick(&cpu->c);
}

int rv_cpu_data_mmu_idx(const RVCPU *cpu)
{
    int idx = (int)cpu->priv;
    if (cpu->priv == PRV_M && (cpu->mstatus & RV_MSTATUS_MPRV))
        idx = (int)((cpu->mstatus & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT);
    if (idx == RV_MMU_S && (cpu->mstatus & RV_MSTATUS_SUM))
        idx = RV_MMU_S_SUM;
    return idx;
}

uint64_t rv_cpu_tb_flags(CPUCommon *env)
{
    RVCPU *cpu = rv_cpu(env);
    uint64_t fs = (cpu->mstatus & RV_MSTATUS_FS) >> RV_MSTATUS_FS_SHIFT;
    return cpu->priv | ((uint64_t)rv_cpu_data_mmu_idx(cpu) << RV_TBF_MMU_SHIFT) |
           (fs << RV_TBF_FS_SHIFT) | ((cpu->frm & 7) << RV_TBF_FRM_SHIFT);
}

bool rv_handle_interrupt(CPUCommon *env)
{
    RVCPU *cpu = rv_cpu(env);
    rv_cpu_arm_timers(cpu);
    int irq = rv_cpu_pending_irq(cpu);
    if (irq < 0)
        return false;
    cpu->c.halted = 0;
    rv_do_trap(cpu, (uint64_t)irq, true, 0);
    return true;
}

bool rv_has_work(CPUCommon *env)
{
    RVCPU *cpu = rv_cpu(env);
    return (rv_cpu_mip(cpu) & cpu->mie) != 0;
}

void rv_cpu_set_irq(RVCPU *cpu, int mip_bit, int level)
{
    uint64_t bit = 1ull << mip_bit;
    if (level)
        __atomic_fetch_or(&cpu->mip_ext, bit, __ATOMIC_ACQ_REL);
    else
        __atomic_fetch_and(&cpu->mip_ext, ~bit, __ATOMIC_ACQ_REL);
    cpu_kick(&cpu->c);
}

static const char *const gpr_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
    "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
    "t3", "t4", "t5", "t6",
};
static const char *const fpr_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1",
    "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

void rv_dump_state(CPUCommon *env, FILE *f)
{
    RVCPU *cpu = rv_cpu(env);
    static const char priv_ch[4] = { 'U', 'S', '?', 'M' };
    const struct { const char *name; uint64_t v; } csrs[] = {
        {"mhartid", cpu->mhartid}, {"mstatus", cpu->mstatus}, {"misa", cpu->misa},
        {"mip", rv_cpu_mip(cpu)}, {"mie", cpu->mie}, {"mideleg", cpu->mideleg},
        {"medeleg", cpu->medeleg}, {"mtvec", cpu->mtvec}, {"stvec", cpu->stvec},
        {"mepc", cpu->mepc}, {"sepc", cpu->sepc}, {"mcause", cpu->mcause},
        {"scause", cpu->scause}, {"mtval", cpu->mtval}, {"stval", cpu->stval},
        {"mscratch", cpu->mscratch}, {"sscratch", cpu->sscratch}, {"satp", cpu->satp},
        {"menvcfg", cpu->menvcfg}, {"stimecmp", cpu->stimecmp},
    };
    fprintf(f, " %-8s %016llx\n", "pc", (unsigned long long)cpu->c.pc);
    fprintf(f, " %-8s %c\n", "priv", priv_ch[cpu->priv & 3]);
    for (unsigned i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++)
        fprintf(f, " %-8s %016llx\n", csrs[i].name, (unsigned long long)csrs[i].v);
    for (int i = 0; i < 32; i++)
        fprintf(f, " x%-2d/%-4s %016llx%s", i, gpr_names[i], (unsigned long long)cpu->x[i],
                (i % 4 == 3) ? "\n" : "");
    for (int i = 0; i < 32; i++)
        fprintf(f, " f%-2d/%-4s %016llx%s", i, fpr_names[i], (unsigned long long)cpu->f[i],
                (i % 4 == 3) ? "\n" : "");
    fprintf(f, " %-8s %02llx  %-8s %llx\n", "fflags", (unsigned long long)cpu->fflags, "frm",
            (unsigned long long)cpu->frm);
}


static void invalidate_tlb(RVCPU *cpu)
{
    for (int m = 0; m < TLB_MAX_MMU_MODES; m++)
        for (int i = 0; i < TLB_SIZE; i++) {
            TlbEntry *e = &cpu->c.tlb[m][i];
            e->tag_r = e->tag_w = e->tag_x = TLB_INVALID;
            e->addend = 0;
        }
    cpu->c.tlb_large_lo = UINT64_MAX;
    cpu->c.tlb_large_hi = 0;
    memset(cpu->c.tlb_used, 0, sizeof(cpu->c.tlb_used));
    memset(cpu->c.tlb_global, 0, sizeof(cpu->c.tlb_global));
    memset(cpu->c.jmp_cache, 0, sizeof(cpu->c.jmp_cache));
}

void rv_cpu_init(RVCPU *cpu, int hartid, struct MemMap *mem)
{
    /* Keep what the board may have set up before calling us. */
    struct Machine *machine = cpu->c.machine;
    struct TBCache *tbc = cpu->c.tbc;
    uint64_t (*read_mtime)(void *) = cpu->read_mtime;
    void *mtime_opaque = cpu->mtime_opaque;

    memset(cpu, 0, sizeof(*cpu));
    cpu->c.machine = machine;
    cpu->c.tbc = tbc;
    cpu->read_mtime = read_mtime;
    cpu->mtime_opaque = mtime_opaque;
    cpu->c.ops = &riscv64_cpu_class;
    cpu->c.mem = mem;
    cpu->c.cpu_index = hartid;
    for (int i = 0; i < CPU_TIMER_SLOTS; i++)
        cpu->c.timer_deadline[i] = UINT64_MAX;
    cpu->mhartid = (uint64_t)hartid;
    cpu->cfg = rv_cpu_config_default;
    rv_cpu_reset(cpu, 0);
}

void rv_cpu_set_config(RVCPU *cpu, const RVCpuConfig *cfg)
{
    cpu->cfg = *cfg;
    rv_cpu_reset(cpu, cpu->c.pc);
}

void rv_cpu_reset(RVCPU *cpu, uint64_t pc)
{
    memset(cpu->x, 0, sizeof(cpu->x));
    memset(cpu->f, 0, sizeof(cpu->f));
    cpu->fflags = cpu->frm = 0;
    cpu->priv = PRV_M;
    /* 3.4: MIE and MPRV reset to 0; FS starts Off as in QEMU, firmware enables it. */
    cpu->mstatus = RV_MSTATUS_XL64;
    cpu->misa = rv_cpu_config_misa(&cpu->cfg);   /* read-only: the model's letters */
    cpu->medeleg = cpu->mideleg = cpu->mie = cpu->mip = 0;
    cpu->mtvec = cpu->mscratch = cpu->mepc = cpu->mcause = cpu->mtval = 0;
    cpu->mcounteren = cpu->mcountinhibit = cpu->menvcfg = 0;
    memset(cpu->pmpcfg, 0, sizeof(cpu->pmpcfg));
    memset(cpu->pmpaddr, 0, sizeof(cpu->pmpaddr));
    cpu->pmp_n = 0;
    cpu->mcycle_base = cpu->minstret_base = 0;
    cpu->stvec = cpu->sscratch = cpu->sepc = cpu->scause = cpu->stval = 0;
    cpu->scounteren = cpu->senvcfg = cpu->satp = 0;
    cpu->stimecmp = UINT64_MAX;
    cpu->res_addr = UINT64_MAX;
    cpu->res_val = 0;
    cpu->c.pc = pc;
    cpu->c.halted = 0;
    cpu->c.last_tb = NULL;
    invalidate_tlb(cpu);
}
