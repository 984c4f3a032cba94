/* SPDX-License-Identifier: MIT */
/* The CSRs of the RV64GC hart with S and U modes (privileged spec v1.12 ch. 2, 3.1, 3.7, 4.1;
   unprivileged Zicsr/Zicntr, F; Sstc): a table {number, name, predicate, read, write} and
   helper_csr, which applies the privilege and read-only rules encoded in the CSR number.
   satp keeps 16 writable ASID bits (ASIDLEN = 16); the TLB holds one address space plus the
   global mappings, so an ASID switch drops the non-global entries. */
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/priv.h"

typedef struct RVCsr {
    const char *name;
    bool (*pred)(RVCPU *cpu, int csrno);          /* NULL: always accessible */
    uint64_t (*read)(RVCPU *cpu, int csrno);
    void (*write)(RVCPU *cpu, int csrno, uint64_t val);   /* NULL: writes ignored (WARL 0) */
} RVCsr;

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342,
    CSR_MTVAL = 0x343, CSR_MIP = 0x344, CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_CYCLE = 0xc00, CSR_TIME = 0xc01,
    CSR_INSTRET = 0xc02, CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13,
    CSR_MHARTID = 0xf14, CSR_MCONFIGPTR = 0xf15,
};

#define MSTATUS_WMASK (RV_MSTATUS_SIE | RV_MSTATUS_MIE | RV_MSTATUS_SPIE | RV_MSTATUS_MPIE |    \
                       RV_MSTATUS_SPP | RV_MSTATUS_MPP | RV_MSTATUS_FS | RV_MSTATUS_MPRV |     \
                       RV_MSTATUS_SUM | RV_MSTATUS_MXR | RV_MSTATUS_TVM | RV_MSTATUS_TW |     \
                       RV_MSTATUS_TSR)
#define SSTATUS_WMASK (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_FS |      \
                       RV_MSTATUS_SUM | RV_MSTATUS_MXR)
#define SSTATUS_RMASK (SSTATUS_WMASK | RV_MSTATUS_UXL | RV_MSTATUS_SD)
#define MIE_MASK      (RV_S_INTS | RV_M_INTS)
/* Exceptions that S can handle: all but ECALL_M (read-only 0) and the reserved 10 and 14. */
#define MEDELEG_MASK  0xb3ffull

/* ---- predicates ---- */

static bool pred_fs(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return (cpu->mstatus & RV_MSTATUS_FS) != 0;
}

/* Zicntr/Zihpm: below M the counter must be enabled by mcounteren, and in U also by
   scounteren (3.1.11, 4.1.5). */
static bool counter_enabled(RVCPU *cpu, int bit)
{
    if (cpu->priv < PRV_M && !((cpu->mcounteren >> bit) & 1))
        return false;
    if (cpu->priv < PRV_S && !((cpu->scounteren >> bit) & 1))
        return false;
    return true;
}

/* cycle, time, instret are Zicntr's; hpmcounter3..31 Zihpm's. */
static bool pred_counter(RVCPU *cpu, int csrno)
{
    if (!rv_has(&cpu->cfg, (csrno & 31) < 3 ? RV_EXT_ZICNTR : RV_EXT_ZIHPM))
        return false;
    return counter_enabled(cpu, csrno & 31);
}

static bool pred_pmp(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->cfg.pmp;
}

static bool pred_satp(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return !(cpu->priv == PRV_S && (cpu->mstatus & RV_MSTATUS_TVM));
}

/* Sstc: below M, stimecmp needs menvcfg.STCE and mcounteren.TM. */
static bool pred_stimecmp(RVCPU *cpu, int csrno)
{
    (void)csrno;
    if (!rv_has(&cpu->cfg, RV_EXT_SSTC))
        return false;
    if (cpu->priv == PRV_M)
        return true;
    return (cpu->menvcfg & RV_MENVCFG_STCE) && (cpu->mcounteren & 2);
}

/* ---- helpers shared by several CSRs ---- */

static void fs_set_dirty(RVCPU *cpu)
{
    cpu->mstatus |= RV_MSTATUS_FS | RV_MSTATUS_SD;
}

static void write_mstatus_masked(RVCPU *cpu, uint64_t val, uint64_t mask)
{
    uint64_t old = cpu->mstatus;
    if (!rv_has(&cpu->cfg, RV_EXT_F))
        mask &= ~RV_MSTATUS_FS;           /* no FP state: FS is read-only Off */
    uint64_t s = (old & ~mask) | (val & mask);
    /* MPP is WARL over the implemented modes: 2 (reserved) keeps the old value. */
    if (((s & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT) == 2)
        s = (s & ~RV_MSTATUS_MPP) | (old & RV_MSTATUS_MPP);
    s &= ~RV_MSTATUS_SD;
    if ((s & RV_MSTATUS_FS) == RV_MSTATUS_FS)
        s |= RV_MSTATUS_SD;
    s = (s & ~(RV_MSTATUS_UXL | RV_MSTATUS_SXL)) | RV_MSTATUS_XL64;
    cpu->mstatus = s;
    /* MXR changes the permissions cached for S/U. SUM, MPRV and MPP only select which MMU
       index data accesses use, and every index caches its own fixed view: no flush. */
    if ((old ^ s) & RV_MSTATUS_MXR)
        tlb_flush(&cpu->c);
    if ((s & ~old) & (RV_MSTATUS_MIE | RV_MSTATUS_SIE))
        rv_cpu_kick_if_pending(cpu);
}

static uint64_t counter_value(RVCPU *cpu, uint64_t base)
{
    return cpu->c.insn_count + base;
}

/* ---- read/write functions ---- */

static uint64_t rd_zero(RVCPU *cpu, int csrno)
{
    (void)cpu, (void)csrno;
    return 0;
}

static uint64_t rd_fflags(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->fflags & 0x1f;
}
static void wr_fflags(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->fflags = v & 0x1f;
    fs_set_dirty(cpu);
}
static uint64_t rd_frm(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->frm & 7;
}
static void wr_frm(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->frm = v & 7;
    fs_set_dirty(cpu);
}
static uint64_t rd_fcsr(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return ((cpu->frm & 7) << 5) | (cpu->fflags & 0x1f);
}
static void wr_fcsr(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->fflags = v & 0x1f;
    cpu->frm = (v >> 5) & 7;
    fs_set_dirty(cpu);
}

static uint64_t rd_cycle(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return counter_value(cpu, cpu->mcycle_base);
}
static void wr_mcycle(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->mcycle_base = v - cpu->c.insn_count;
}
static uint64_t rd_instret(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return counter_value(cpu, cpu->minstret_base);
}
static void wr_minstret(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->minstret_base = v - cpu->c.insn_count;
}
static uint64_t rd_time(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return rv_cpu_mtime(cpu);
}

static uint64_t rd_mstatus(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->mstatus;
}
static void wr_mstatus(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    write_mstatus_masked(cpu, v, MSTATUS_WMASK);
}
static uint64_t rd_sstatus(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->mstatus & SSTATUS_RMASK;
}
static void wr_sstatus(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    write_mstatus_masked(cpu, v, SSTATUS_WMASK);
}

static uint64_t rd_misa(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->misa;
}

static uint64_t rd_medeleg(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->medeleg;
}
static void wr_medeleg(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->medeleg = v & MEDELEG_MASK;
}
static uint64_t rd_mideleg(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->mideleg;
}
static void wr_mideleg(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->mideleg = v & RV_S_INTS;     /* M-level interrupts cannot be delegated */
    rv_cpu_kick_if_pending(cpu);
}

static uint64_t rd_mie(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->mie;
}
static void wr_mie(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->mie = v & MIE_MASK;
    rv_cpu_kick_if_pending(cpu);
}
static uint64_t rd_sie(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->mie & cpu->mideleg;
}
static void wr_sie(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    uint64_t mask = cpu->mideleg & RV_S_INTS;
    cpu->mie = (cpu->mie & ~mask) | (v & mask);
    rv_cpu_kick_if_pending(cpu);
}

static uint64_t mip_writable(RVCPU *cpu)
{
    uint64_t m = RV_MIP(RV_IRQ_SSI) | RV_MIP(RV_IRQ_SEI) | RV_MIP(RV_IRQ_STI);
    if (cpu->menvcfg & RV_MENVCFG_STCE)
        m &= ~RV_MIP(RV_IRQ_STI);
    return m;
}
static uint64_t rd_mip(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return rv_cpu_mip(cpu);
}
static void wr_mip(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    uint64_t mask = mip_writable(cpu);
    cpu->mip = (cpu->mip & ~mask) | (v & mask);
    rv_cpu_kick_if_pending(cpu);
}
static uint64_t rd_sip(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return rv_cpu_mip(cpu) & cpu->mideleg & RV_S_INTS;
}
static void wr_sip(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    /* Only SSIP is writable through sip, and only when delegated (4.1.3). */
    uint64_t mask = cpu->mideleg & RV_MIP(RV_IRQ_SSI);
    cpu->mip = (cpu->mip & ~mask) | (v & mask);
    rv_cpu_kick_if_pending(cpu);
}

static uint64_t *tvec_reg(RVCPU *cpu, int csrno)
{
    return csrno == CSR_MTVEC ? &cpu->mtvec : &cpu->stvec;
}
static uint64_t rd_tvec(RVCPU *cpu, int csrno)
{
    return *tvec_reg(cpu, csrno);
}
static void wr_tvec(RVCPU *cpu, int csrno, uint64_t v)
{
    uint64_t *r = tvec_reg(cpu, csrno);
    /* MODE >= 2 is reserved: keep the old mode (WARL), take the new base. */
    if ((v & 3) >= 2)
        v = (v & ~3ull) | (*r & 3);
    *r = v;
}

static uint64_t *plain_reg(RVCPU *cpu, int csrno)
{
    switch (csrno) {
    case CSR_MSCRATCH: return &cpu->mscratch;
    case CSR_SSCRATCH: return &cpu->sscratch;
    case CSR_MEPC: return &cpu->mepc;
    case CSR_SEPC: return &cpu->sepc;
    case CSR_MCAUSE: return &cpu->mcause;
    case CSR_SCAUSE: return &cpu->scause;
    case CSR_MTVAL: return &cpu->mtval;
    case CSR_STVAL: return &cpu->stval;
    case CSR_MCOUNTEREN: return &cpu->mcounteren;
    case CSR_SCOUNTEREN: return &cpu->scounteren;
    default: return &cpu->stimecmp;
    }
}
static uint64_t rd_plain(RVCPU *cpu, int csrno)
{
    return *plain_reg(cpu, csrno);
}
static void wr_plain(RVCPU *cpu, int csrno, uint64_t v)
{
    *plain_reg(cpu, csrno) = v;
}
static void wr_epc(RVCPU *cpu, int csrno, uint64_t v)
{
    *plain_reg(cpu, csrno) = v & ~1ull;
}
/* Without C (IALIGN = 32) bit 1 is masked on reads, kept for when C comes back (3.1.14). */
static uint64_t rd_epc(RVCPU *cpu, int csrno)
{
    uint64_t v = *plain_reg(cpu, csrno);
    return rv_has(&cpu->cfg, RV_EXT_C) ? v : v & ~2ull;
}
static void wr_counteren(RVCPU *cpu, int csrno, uint64_t v)
{
    *plain_reg(cpu, csrno) = v & 0xffffffffull;
}

static uint64_t rd_menvcfg(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->menvcfg;
}
static void wr_menvcfg(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    /* FIOM and Sstc's STCE; no Zicbo*, Svpbmt: those fields are read-only 0. */
    uint64_t stce = rv_has(&cpu->cfg, RV_EXT_SSTC) ? RV_MENVCFG_STCE : 0;
    cpu->menvcfg = v & (RV_MENVCFG_FIOM | stce);
    cpu_kick(&cpu->c);                 /* STIP's source may have changed */
}
static uint64_t rd_senvcfg(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->senvcfg;
}
static void wr_senvcfg(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->senvcfg = v & RV_MENVCFG_FIOM;
}

static void wr_stimecmp(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    cpu->stimecmp = v;
    cpu_kick(&cpu->c);                 /* re-evaluate STIP and re-arm timer slot 1 */
}

static uint64_t rd_satp(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->satp;
}
static void wr_satp(RVCPU *cpu, int csrno, uint64_t v)
{
    (void)csrno;
    uint64_t mode = v >> RV_SATP_MODE_SHIFT;
    /* An unsupported MODE makes the whole write have no effect (4.1.11): the model's modes
       are Sv39 up to its maximum. Without an MMU satp is read-only 0. */
    if (!cpu->cfg.satp_max)
        return;
    if (mode != RV_SATP_MODE_BARE && (mode < RV_SATP_MODE_SV39 || mode > cpu->cfg.satp_max))
        return;
    if (v != cpu->satp) {
        /* A new ASID or root table is a new address space: the global mappings stay valid
           (4.1.11, 4.3.1: G marks mappings present in every address space). A new MODE
           changes the meaning of every S/U entry. */
        bool mode_changed = (v ^ cpu->satp) >> RV_SATP_MODE_SHIFT;
        cpu->satp = v;
        if (mode_changed)
            tlb_flush(&cpu->c);
        else
            tlb_flush_nonglobal(&cpu->c);
    }
}

static uint64_t rd_mhartid(RVCPU *cpu, int csrno)
{
    (void)csrno;
    return cpu->mhartid;
}
static uint64_t rd_id(RVCPU *cpu, int csrno)
{
    return csrno == CSR_MVENDORID ? cpu->cfg.mvendorid
           : csrno == CSR_MARCHID ? cpu->cfg.marchid : cpu->cfg.mimpid;
}

/* PMP (3.7.1). pmpcfg0 holds entries 0-7, pmpcfg2 entries 8-15; higher entries are not
   implemented and read as 0. */
static uint64_t rd_pmpcfg(RVCPU *cpu, int csrno)
{
    int n = csrno - CSR_PMPCFG0;
    return n < 4 ? cpu->pmpcfg[n / 2] : 0;
}
static uint8_t pmp_cfg_byte(RVCPU *cpu, int i)
{
    return (uint8_t)(cpu->pmpcfg[i / 8] >> (8 * (i % 8)));
}
static void wr_pmpcfg(RVCPU *cpu, int csrno, uint64_t v)
{
    int n = csrno - CSR_PMPCFG0;
    if (n >= 4)
        return;
    uint64_t cfg = cpu->pmpcfg[n / 2];
    for (int b = 0; b < 8; b++) {
        uint8_t old = (uint8_t)(cfg >> (8 * b));
        uint8_t nb = (uint8_t)(v >> (8 * b)) & ~0x60;       /* bits 6:5 are reserved */
        if (old & RV_PMP_L)
            continue;                                         /* locked: writes ignored */
        if ((nb & (RV_PMP_R | RV_PMP_W)) == RV_PMP_W)
            continue;                                         /* R=0 W=1 reserved: ignore */
        cfg = (cfg & ~(0xffull << (8 * b))) | ((uint64_t)nb << (8 * b));
    }
    if (cfg != cpu->pmpcfg[n / 2]) {
        cpu->pmpcfg[n / 2] = cfg;
        rv_pmp_update(cpu);
    }
}
static uint64_t rd_pmpaddr(RVCPU *cpu, int csrno)
{
    int i = csrno - CSR_PMPADDR0;
    return i < RV_PMP_ENTRIES ? cpu->pmpaddr[i] : 0;
}
static void wr_pmpaddr(RVCPU *cpu, int csrno, uint64_t v)
{
    int i = csrno - CSR_PMPADDR0;
    if (i >= RV_PMP_ENTRIES)
        return;
    if (pmp_cfg_byte(cpu, i) & RV_PMP_L)
        return;
    /* A locked TOR entry also locks the pmpaddr below it (its base). */
    if (i + 1 < RV_PMP_ENTRIES) {
        uint8_t next = pmp_cfg_byte(cpu, i + 1);
        if ((next & RV_PMP_L) && ((next & RV_PMP_A) >> RV_PMP_A_SHIFT) == RV_PMP_TOR)
            return;
    }
    v &= RV_PMPADDR_MASK;
    if (v != cpu->pmpaddr[i]) {
        cpu->pmpaddr[i] = v;
        rv_pmp_update(cpu);
    }
}

/* ---- the table ---- */

#define CSR_RW(nm, p, r, w) { nm, p, r, w }
static const RVCsr csr_table[4096] = {
    [CSR_FFLAGS] = CSR_RW("fflags", pred_fs, rd_fflags, wr_fflags),
    [CSR_FRM] = CSR_RW("frm", pred_fs, rd_frm, wr_frm),
    [CSR_FCSR] = CSR_RW("fcsr", pred_fs, rd_fcsr, wr_fcsr),
    [CSR_CYCLE] = CSR_RW("cycle", pred_counter, rd_cycle, NULL),
    [CSR_TIME] = CSR_RW("time", pred_counter, rd_time, NULL),
    [CSR_INSTRET] = CSR_RW("instret", pred_counter, rd_instret, NULL),
    [0xc03 ... 0xc1f] = CSR_RW("hpmcounter", pred_counter, rd_zero, NULL),

    [CSR_SSTATUS] = CSR_RW("sstatus", NULL, rd_sstatus, wr_sstatus),
    [CSR_SIE] = CSR_RW("sie", NULL, rd_sie, wr_sie),
    [CSR_STVEC] = CSR_RW("stvec", NULL, rd_tvec, wr_tvec),
    [CSR_SCOUNTEREN] = CSR_RW("scounteren", NULL, rd_plain, wr_counteren),
    [CSR_SENVCFG] = CSR_RW("senvcfg", NULL, rd_senvcfg, wr_senvcfg),
    [CSR_SSCRATCH] = CSR_RW("sscratch", NULL, rd_plain, wr_plain),
    [CSR_SEPC] = CSR_RW("sepc", NULL, rd_epc, wr_epc),
    [CSR_SCAUSE] = CSR_RW("scause", NULL, rd_plain, wr_plain),
    [CSR_STVAL] = CSR_RW("stval", NULL, rd_plain, wr_plain),
    [CSR_SIP] = CSR_RW("sip", NULL, rd_sip, wr_sip),
    [CSR_STIMECMP] = CSR_RW("stimecmp", pred_stimecmp, rd_plain, wr_stimecmp),
    [CSR_SATP] = CSR_RW("satp", pred_satp, rd_satp, wr_satp),

    [CSR_MSTATUS] = CSR_RW("mstatus", NULL, rd_mstatus, wr_mstatus),
    [CSR_MISA] = CSR_RW("misa", NULL, rd_misa, NULL),
    [CSR_MEDELEG] = CSR_RW("medeleg", NULL, rd_medeleg, wr_medeleg),
    [CSR_MIDELEG] = CSR_RW("mideleg", NULL, rd_mideleg, wr_mideleg),
    [CSR_MIE] = CSR_RW("mie", NULL, rd_mie, wr_mie),
    [CSR_MTVEC] = CSR_RW("mtvec", NULL, rd_tvec, wr_tvec),
    [CSR_MCOUNTEREN] = CSR_RW("mcounteren", NULL, rd_plain, wr_counteren),
    [CSR_MENVCFG] = CSR_RW("menvcfg", NULL, rd_menvcfg, wr_menvcfg),
    [CSR_MCOUNTINHIBIT] = CSR_RW("mcountinhibit", NULL, rd_zero, NULL),
    [0x323 ... 0x33f] = CSR_RW("mhpmevent", NULL, rd_zero, NULL),
    [CSR_MSCRATCH] = CSR_RW("mscratch", NULL, rd_plain, wr_plain),
    [CSR_MEPC] = CSR_RW("mepc", NULL, rd_epc, wr_epc),
    [CSR_MCAUSE] = CSR_RW("mcause", NULL, rd_plain, wr_plain),
    [CSR_MTVAL] = CSR_RW("mtval", NULL, rd_plain, wr_plain),
    [CSR_MIP] = CSR_RW("mip", NULL, rd_mip, wr_mip),
    /* RV64: only the even pmpcfg registers exist. */
    [0x3a0] = CSR_RW("pmpcfg0", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3a2] = CSR_RW("pmpcfg2", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3a4] = CSR_RW("pmpcfg4", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3a6] = CSR_RW("pmpcfg6", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3a8] = CSR_RW("pmpcfg8", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3aa] = CSR_RW("pmpcfg10", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3ac] = CSR_RW("pmpcfg12", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3ae] = CSR_RW("pmpcfg14", pred_pmp, rd_pmpcfg, wr_pmpcfg),
    [0x3b0 ... 0x3ef] = CSR_RW("pmpaddr", pred_pmp, rd_pmpaddr, wr_pmpaddr),
    /* Sdtrig with no triggers: tselect reads 0 whatever is written, tdata1 = 0 (none). */
    [0x7a0] = CSR_RW("tselect", NULL, rd_zero, NULL),
    [0x7a1] = CSR_RW("tdata1", NULL, rd_zero, NULL),
    [0x7a2] = CSR_RW("tdata2", NULL, rd_zero, NULL),
    [0x7a3] = CSR_RW("tdata3", NULL, rd_zero, NULL),
    [CSR_MCYCLE] = CSR_RW("mcycle", NULL, rd_cycle, wr_mcycle),
    [CSR_MINSTRET] = CSR_RW("minstret", NULL, rd_instret, wr_minstret),
    [0xb03 ... 0xb1f] = CSR_RW("mhpmcounter", NULL, rd_zero, NULL),
    [CSR_MVENDORID] = CSR_RW("mvendorid", NULL, rd_id, NULL),
    [CSR_MARCHID] = CSR_RW("marchid", NULL, rd_id, NULL),
    [CSR_MIMPID] = CSR_RW("mimpid", NULL, rd_id, NULL),
    [CSR_MHARTID] = CSR_RW("mhartid", NULL, rd_mhartid, NULL),
    [CSR_MCONFIGPTR] = CSR_RW("mconfigptr", NULL, rd_zero, NULL),
};

const char *rv_csr_name(int csrno)
{
    if (csrno < 0 || csrno >= 4096)
        return NULL;
    return csr_table[csrno].name;
}

bool rv_csr_access(RVCPU *cpu, int csrno, int op, uint64_t src, bool write, uint64_t *old)
{
    if (csrno < 0 || csrno >= 4096)
        return false;
    const RVCsr *e = &csr_table[csrno];
    if (!e->read)
        return false;
    /* Bits 9:8: lowest privilege allowed; bits 11:10 == 3: read-only (2.1). */
    if (((unsigned)csrno >> 8 & 3) > cpu->priv)
        return false;
    if (write && ((unsigned)csrno >> 10) == 3)
        return false;
    if (e->pred && !e->pred(cpu, csrno))
        return false;
    uint64_t v = e->read(cpu, csrno);
    *old = v;
    if (!write)
        return true;
    /* Read-modify-write of mip uses the software-written SEIP, not the line's level (3.1.9). */
    if (csrno == CSR_MIP)
        v = (v & ~RV_MIP(RV_IRQ_SEI)) | (cpu->mip & RV_MIP(RV_IRQ_SEI));
    uint64_t nv = op == 1 ? src : op == 2 ? (v | src) : (v & ~src);
    if (e->write)
        e->write(cpu, csrno, nv);
    return true;
}

RV_HELPER(helper_csr)
{
    RVCPU *cpu = env;
    (void)c, (void)d;
    uint32_t insn = (uint32_t)a;
    int csrno = (int)(insn >> 20);
    int op = (insn >> 12) & 3;
    int rs1 = (insn >> 15) & 31;
    /* CSRRW(I) always writes; CSRRS(I)/CSRRC(I) only with a nonzero rs1/uimm field. */
    bool write = op == 1 || rs1 != 0;
    uint64_t old = 0;
    if (op == 0 || !rv_csr_access(cpu, csrno, op, b, write, &old))
        rv_raise_exception(cpu, RV_EXC_ILLEGAL, insn);
    return old;
}

RV_HELPER(helper_csr_status)
{
    RVCPU *cpu = env;
    uint64_t old = helper_csr(env, a, b, c, d);
    uint64_t flags = rv_cpu_tb_flags(&cpu->c);
    cpu->csr_flags_changed = flags != cpu->c.cur_flags;
    cpu->c.cur_flags = flags;   /* the block ends now: what the jump cache must match */
    return old;
}
