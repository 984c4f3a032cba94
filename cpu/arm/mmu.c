/* SPDX-License-Identifier: MIT */
/* VMSAv8-64 stage 1 translation of the EL1&0 regime (Arm ARM DDI 0487, D8 "The AArch64 Virtual
   Memory System Architecture"): TTBR0/TTBR1 selected by VA[55], TCR_EL1.T0SZ/T1SZ, EPD0/1,
   TBI0/1, 4 KiB, 16 KiB and 64 KiB granules (TG0/TG1), table, block and page descriptors,
   hierarchical APTable/UXNTable/PXNTable, AF faults (no hardware AF update), AP/UXN/PXN,
   implicit PXN of EL0-writable pages, SCTLR_EL1.WXN, PAN (ARM_MMU_EL1_PAN). Permissions follow
   QEMU's get_S1prot. The softmmu TLB holds only the current ASID and the global (nG = 0)
   entries: sysreg.c flushes the non-global ones when TTBRn changes. MMU off: VA = PA. */
#include "cpu/arm/cpu.h"
#include "system/memmap.h"

#define OA_MASK 0x0000fffffffff000ull

unsigned arm_walk(ARMCPU *cpu, uint64_t va, int access, int mmu_idx, uint64_t *pa, int *prot,
                  bool *large)
{
    *large = false;
    if (!(cpu->sctlr & 1)) {
        if (va >> 48)
            return FSC_ADDR_SIZE;
        *pa = va;
        *prot = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
        return 0;
    }
    uint64_t tcr = cpu->tcr;
    bool top = (va >> 55) & 1;
    bool tbi = (tcr >> (top ? 38 : 37)) & 1;
    unsigned tsz = top ? (tcr >> 16) & 63 : tcr & 63;
    bool epd = (tcr >> (top ? 23 : 7)) & 1;
    unsigned tg = top ? (tcr >> 30) & 3 : (tcr >> 14) & 3;
    unsigned g = top ? (tg == 1 ? 14 : tg == 3 ? 16 : 12) : (tg == 1 ? 16 : tg == 2 ? 14 : 12);
    if (tsz < 16)
        tsz = 16;
    if (tsz > 39)
        tsz = 39;
    unsigned inputsize = 64 - tsz;
    /* VA[63 or 55 : inputsize] must all equal VA[55]. */
    uint64_t v = tbi ? (uint64_t)((int64_t)(va << 8) >> 8) : va;
    int64_t hi = (int64_t)v >> inputsize;
    if (hi != (top ? -1 : 0) || epd)
        return FSC_TRANS + 0;
    unsigned stride = g - 3;
    unsigned levels = (inputsize - g + stride - 1) / stride;
    unsigned level = 4 - levels;
    uint64_t table = (top ? cpu->ttbr1 : cpu->ttbr0) & 0x0000fffffffffffeull;
    unsigned ap_table = 0, xn_table = 0, pxn_table = 0;
    uint64_t desc;
    unsigned shift;
    for (;;) {
        shift = g + stride * (3 - level);
        unsigned bits = level == 4 - levels ? inputsize - shift : stride;
        uint64_t idx = (va >> shift) & ((1ull << bits) - 1);
        if (!memmap_read(cpu->c.mem, table + idx * 8, 8, &desc))
            return 0x14 + level;                 /* external abort on the walk */
        if (!(desc & 1))
            return FSC_TRANS + level;
        if (level < 3 && (desc & 2)) {
            table = desc & OA_MASK & ~((1ull << g) - 1);
            ap_table |= (desc >> 61) & 3;
            xn_table |= (desc >> 60) & 1;
            pxn_table |= (desc >> 59) & 1;
            level++;
            continue;
        }
        if (level == 3 ? !(desc & 2) : (g == 12 ? level < 1 : level < 2))
            return FSC_TRANS + level;
        break;
    }
    if (!(desc & (1u << 10)))
        return FSC_AF + level;
    unsigned ap = (desc >> 6) & 3;
    if (ap_table & 1)
        ap &= ~1u;
    if (ap_table & 2)
        ap |= 2;
    bool uxn = ((desc >> 54) & 1) || xn_table, pxn = ((desc >> 53) & 1) || pxn_table;
    bool user_rw = ap & 1, user_w = ap == 1;
    int rw;
    if (mmu_idx == ARM_MMU_EL0)
        rw = user_rw ? PROT_R_BIT | (ap & 2 ? 0 : PROT_W_BIT) : 0;
    else if (mmu_idx == ARM_MMU_EL1_PAN && user_rw)
        rw = 0;
    else
        rw = PROT_R_BIT | (ap & 2 ? 0 : PROT_W_BIT);
    bool xn = mmu_idx == ARM_MMU_EL0 ? uxn : (pxn || user_w);
    if ((cpu->sctlr & (1u << 19)) && (rw & PROT_W_BIT))
        xn = true;
    /* PAN restricts data accesses only; fetch at EL1 uses ARM_MMU_EL1. */
    *prot = rw | (xn ? 0 : PROT_X_BIT);
    if (!(desc & (1u << 11)))
        *prot |= PROT_GLOBAL;
    int need = access == MMU_EXEC ? PROT_X_BIT : access == MMU_WRITE ? PROT_W_BIT : PROT_R_BIT;
    if (!(*prot & need))
        return FSC_PERM + level;
    uint64_t oa = desc & OA_MASK & ~((1ull << shift) - 1);
    *pa = oa | (va & ((1ull << shift) - 1));
    *large = shift > TARGET_PAGE_BITS;
    return 0;
}

bool arm_tlb_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                  uint64_t *paddr, int *prot, bool *large)
{
    ARMCPU *cpu = arm_cpu(env);
    unsigned fsc = arm_walk(cpu, vaddr, access, mmu_idx, paddr, prot, large);
    if (!fsc)
        return true;
    if (probe)
        return false;
    arm_raise_abort(cpu, vaddr, access, fsc);
}

void arm_raise_mem_fault(CPUCommon *env, uint64_t vaddr, int access, int kind)
{
    arm_raise_abort(arm_cpu(env), vaddr, access, kind == FAULT_MISALIGNED ? FSC_ALIGN : FSC_EXT);
}
