/* SPDX-License-Identifier: MIT */
/* Address translation of the RV64 hart: bare mode, Sv39/Sv48 page-table walks with hardware
   A/D updates (privileged spec v1.12 4.3.2, 4.4, 4.5), then the PMP check of the physical
   address (3.7.1). Provides CpuClass.tlb_fill and raise_mem_fault. */
#include "cpu/riscv/priv.h"
#include "system/log.h"
#include "system/memmap.h"

/* ---- PMP ---- */

static uint8_t pmp_cfg(const RVCPU *cpu, int i)
{
    return (uint8_t)(cpu->pmpcfg[i / 8] >> (8 * (i % 8)));
}

/* Inclusive byte range [*lo, *hi] of entry i; false when it matches nothing. */
static bool pmp_range(const RVCPU *cpu, int i, uint64_t *lo, uint64_t *hi)
{
    uint8_t cfg = pmp_cfg(cpu, i);
    uint64_t a = cpu->pmpaddr[i];
    switch ((cfg & RV_PMP_A) >> RV_PMP_A_SHIFT) {
    case RV_PMP_TOR: {
        uint64_t base = i ? cpu->pmpaddr[i - 1] << 2 : 0;
        uint64_t top = a << 2;
        if (base >= top)
            return false;
        *lo = base;
        *hi = top - 1;
        return true;
    }
    case RV_PMP_NA4:
        *lo = a << 2;
        *hi = *lo + 3;
        return true;
    case RV_PMP_NAPOT: {
        /* Trailing ones t encode a 2^(t+3)-byte region; pmpaddr has 54 bits. */
        int t = __builtin_ctzll(~a);
        if (t >= 54) {
            *lo = 0;
            *hi = (1ull << 56) - 1;
            return true;
        }
        uint64_t size = 1ull << (t + 3);
        *lo = (a << 2) & ~(size - 1);
        *hi = *lo + size - 1;
        return true;
    }
    default:
        return false;
    }
}

static int pmp_perm_prot(uint8_t cfg)
{
    return ((cfg & RV_PMP_R) ? PROT_R_BIT : 0) | ((cfg & RV_PMP_W) ? PROT_W_BIT : 0) |
           ((cfg & RV_PMP_X) ? PROT_X_BIT : 0);
}

void rv_pmp_update(RVCPU *cpu)
{
    cpu->pmp_n = 0;
    for (int i = 0; i < RV_PMP_ENTRIES; i++) {
        uint64_t lo, hi;
        if (!pmp_range(cpu, i, &lo, &hi))
            continue;
        cpu->pmp_rule[cpu->pmp_n].lo = lo;
        cpu->pmp_rule[cpu->pmp_n].hi = hi;
        cpu->pmp_rule[cpu->pmp_n].cfg = pmp_cfg(cpu, i);
        cpu->pmp_n++;
    }
    tlb_flush(&cpu->c);
}

/* PROT_* bits granted to priv on [addr, last], or -1 when the highest-priority entry that
   touches the range covers only part of it (an access to such a range fails; for a page it
   means the page's permissions are not uniform). */
static int pmp_prot(const RVCPU *cpu, uint64_t addr, uint64_t last, int priv)
{
    for (int i = 0; i < cpu->pmp_n; i++) {
        uint64_t lo = cpu->pmp_rule[i].lo, hi = cpu->pmp_rule[i].hi;
        if (hi < addr || lo > last)
            continue;
        if (lo > addr || hi < last)
            return -1;                       /* matches some bytes only: the access fails */
        uint8_t cfg = cpu->pmp_rule[i].cfg;
        /* M-mode is checked only against locked entries. */
        if (priv == PRV_M && !(cfg & RV_PMP_L))
            return PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
        return pmp_perm_prot(cfg);
    }
    /* No match: M succeeds, S/U fail because entries are implemented. */
    return priv == PRV_M ? (PROT_R_BIT | PROT_W_BIT | PROT_X_BIT) : 0;
}

static int access_prot(int access)
{
    return access == MMU_WRITE ? PROT_W_BIT : access == MMU_EXEC ? PROT_X_BIT : PROT_R_BIT;
}

bool rv_pmp_check(RVCPU *cpu, uint64_t paddr, uint64_t size, int access, int priv)
{
    if (!cpu->cfg.pmp)
        return true;
    int p = pmp_prot(cpu, paddr, paddr + size - 1, priv);
    return p >= 0 && (p & access_prot(access));
}

/* PMP for a translated access at paddr: false on denial, else narrows *prot to what the
   whole 4 KiB page allows. When the page is not covered uniformly nothing is cached, so
   each access is checked with its size (CPUCommon.access_size) and marked PROT_NOCACHE. */
static bool pmp_page(RVCPU *cpu, uint64_t paddr, int access, int priv, int *prot)
{
    if (!cpu->cfg.pmp)
        return true;                    /* no PMP: physical memory is unprotected */
    uint64_t page = paddr & TARGET_PAGE_MASK;
    int whole = pmp_prot(cpu, page, page + TARGET_PAGE_SIZE - 1, priv);
    if (whole >= 0) {
        if (!(whole & access_prot(access)))
            return false;
        *prot &= whole | ~(PROT_R_BIT | PROT_W_BIT | PROT_X_BIT);
        return true;
    }
    unsigned size = cpu->c.access_size ? cpu->c.access_size : 1;
    if (!rv_pmp_check(cpu, paddr, size, access, priv))
        return false;
    /* Valid for this access only: softmmu re-checks every access to this page. */
    *prot = (*prot & (access_prot(access) | PROT_GLOBAL)) | PROT_NOCACHE;
    return true;
}

/* ---- page-table walk ---- */

static const char *access_name(int access)
{
    return access == MMU_WRITE ? "store" : access == MMU_EXEC ? "fetch" : "load";
}

static int walk(RVCPU *cpu, uint64_t vaddr, int access, int priv, bool sum_idx, uint64_t *paddr,
                int *prot, bool *large)
{
    uint64_t mode = cpu->satp >> RV_SATP_MODE_SHIFT;
    int levels = mode == RV_SATP_MODE_SV48 ? 4 : 3;
    int vabits = 12 + 9 * levels;
    /* Bits above the VA width must all equal its top bit (4.4.1, 4.5.1). */
    if ((uint64_t)((int64_t)(vaddr << (64 - vabits)) >> (64 - vabits)) != vaddr)
        return RV_XLATE_PAGE_FAULT;

    /* SUM comes from the MMU index (RV_MMU_S_SUM), never from mstatus directly: each index's
       TLB caches one fixed view. */
    uint64_t sum = sum_idx, mxr = cpu->mstatus & RV_MSTATUS_MXR;
restart:;
    uint64_t table = (cpu->satp & RV_SATP_PPN_MASK) << 12;
    uint64_t global = 0;           /* G in a non-leaf PTE makes the whole subtree global */
    for (int i = levels - 1; i >= 0; i--) {
        uint64_t pte_addr = table + ((vaddr >> (12 + 9 * i)) & 511) * 8;
        /* Implicit page-table accesses are checked by PMP as S-mode reads. */
        uint64_t *hp = (uint64_t *)memmap_ram_ptr(cpu->c.mem, pte_addr, 8);
        if (!hp || !rv_pmp_check(cpu, pte_addr, 8, MMU_READ, PRV_S))
            return RV_XLATE_ACCESS_FAULT;
        uint64_t pte = __atomic_load_n(hp, __ATOMIC_ACQUIRE);
        if (log_enabled(LOG_MMU))
            tern_log("mmu: level %d pte @%016llx = %016llx\n", i,
                     (unsigned long long)pte_addr, (unsigned long long)pte);
        if (!(pte & RV_PTE_V) || (!(pte & RV_PTE_R) && (pte & RV_PTE_W)) ||
            (pte & RV_PTE_HIGH_MASK))
            return RV_XLATE_PAGE_FAULT;
        uint64_t ppn = (pte >> RV_PTE_PPN_SHIFT) & RV_SATP_PPN_MASK;
        global |= pte & RV_PTE_G;
        if (!(pte & (RV_PTE_R | RV_PTE_X))) {
            if (i == 0)
                return RV_XLATE_PAGE_FAULT;
            table = ppn << 12;
            continue;
        }

        /* Leaf: privilege, then the permission for this access (4.3.2 step 5). */
        int p = 0;
        if (pte & RV_PTE_U) {
            if (priv == PRV_U)
                p = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
            else if (sum)
                p = PROT_R_BIT | PROT_W_BIT;     /* S never executes user pages */
        } else if (priv == PRV_S) {
            p = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
        }
        int perm = ((pte & RV_PTE_R) || (mxr && (pte & RV_PTE_X)) ? PROT_R_BIT : 0) |
                   ((pte & RV_PTE_W) ? PROT_W_BIT : 0) | ((pte & RV_PTE_X) ? PROT_X_BIT : 0);
        p &= perm;
        if (!(p & access_prot(access)))
            return RV_XLATE_PAGE_FAULT;
        uint64_t low_mask = (1ull << (9 * i)) - 1;
        if (ppn & low_mask)
            return RV_XLATE_PAGE_FAULT;          /* misaligned superpage */

        uint64_t need = RV_PTE_A | (access == MMU_WRITE ? RV_PTE_D : 0);
        if ((pte & need) != need) {
            if (!rv_pmp_check(cpu, pte_addr, 8, MMU_WRITE, PRV_S))
                return RV_XLATE_ACCESS_FAULT;
            /* The update must be atomic with the check: if the PTE changed, walk again. */
            uint64_t expect = pte;
            if (!__atomic_compare_exchange_n(hp, &expect, pte | need, false, __ATOMIC_ACQ_REL,
                                             __ATOMIC_ACQUIRE))
                goto restart;
            pte |= need;
        }
        /* Cache write permission only once D is set, so the first store comes back here. */
        if (!(pte & RV_PTE_D))
            p &= ~PROT_W_BIT;
        *prot = p | (global ? PROT_GLOBAL : 0);
        *large = i > 0;
        *paddr = (((ppn & ~low_mask) | ((vaddr >> 12) & low_mask)) << 12) | (vaddr & 0xfff);
        return RV_XLATE_OK;
    }
    return RV_XLATE_PAGE_FAULT;
}

int rv_mmu_translate(RVCPU *cpu, uint64_t vaddr, int access, int mmu_idx, uint64_t *paddr,
                     int *prot, bool *large)
{
    /* RV_MMU_U/S/M equal the PRV_* they serve; RV_MMU_S_SUM is S with SUM. */
    int priv = mmu_idx == RV_MMU_S_SUM ? PRV_S : mmu_idx;
    uint64_t mode = cpu->satp >> RV_SATP_MODE_SHIFT;
    int r;
    if (priv == PRV_M || mode == RV_SATP_MODE_BARE) {
        *paddr = vaddr;
        /* M never translates: its entries outlive any satp change. (Bare S/U entries are
           dropped by the full flush that a change of satp's MODE makes.) */
        *prot = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT | (priv == PRV_M ? PROT_GLOBAL : 0);
        *large = false;
        r = RV_XLATE_OK;
    } else {
        r = walk(cpu, vaddr, access, priv, mmu_idx == RV_MMU_S_SUM, paddr, prot, large);
    }
    if (r == RV_XLATE_OK && !pmp_page(cpu, *paddr, access, priv, prot))
        r = RV_XLATE_ACCESS_FAULT;
    if (log_enabled(LOG_MMU)) {
        if (r == RV_XLATE_OK)
            tern_log("mmu: %s va=%016llx idx=%d -> pa=%016llx prot=%d%s\n",
                     access_name(access), (unsigned long long)vaddr, mmu_idx,
                     (unsigned long long)*paddr, *prot, *large ? " large" : "");
        else
            tern_log("mmu: %s va=%016llx idx=%d satp=%016llx -> %s fault\n",
                     access_name(access), (unsigned long long)vaddr, mmu_idx,
                     (unsigned long long)cpu->satp,
                     r == RV_XLATE_PAGE_FAULT ? "page" : "access");
    }
    return r;
}

uint64_t rv_fault_cause(int access, int kind)
{
    static const uint8_t causes[3][3] = {
        [FAULT_ACCESS] = { RV_EXC_LOAD_ACCESS, RV_EXC_STORE_ACCESS, RV_EXC_INSN_ACCESS },
        [FAULT_MISALIGNED] = { RV_EXC_LOAD_MISALIGNED, RV_EXC_STORE_MISALIGNED,
                               RV_EXC_INSN_MISALIGNED },
        [FAULT_PAGE] = { RV_EXC_LOAD_PAGE, RV_EXC_STORE_PAGE, RV_EXC_INSN_PAGE },
    };
    return causes[kind][access];
}

_Noreturn void rv_raise_mem_fault(CPUCommon *env, uint64_t vaddr, int access, int kind)
{
    rv_raise_exception(rv_cpu(env), rv_fault_cause(access, kind), vaddr);
}

bool rv_tlb_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                 uint64_t *paddr, int *prot, bool *large)
{
    RVCPU *cpu = rv_cpu(env);
    int r = rv_mmu_translate(cpu, vaddr, access, mmu_idx, paddr, prot, large);
    if (r == RV_XLATE_OK)
        return true;
    if (probe)
        return false;
    rv_raise_mem_fault(env, vaddr, access,
                       r == RV_XLATE_PAGE_FAULT ? FAULT_PAGE : FAULT_ACCESS);
}
