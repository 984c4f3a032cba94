/* SPDX-License-Identifier: MIT */
/* The softmmu slow path: TLB refill through the guest's page-table walker, RAM and MMIO
   dispatch, code-page protection (stores to pages with translated code invalidate them),
   misaligned and page-crossing accesses done byte by byte after checking every page. */
#include "softmmu.h"

#include <string.h>

#include "ir.h"
#include "system/memmap.h"
#include "tb.h"

static inline TlbEntry *tlb_entry(CPUCommon *env, int mmu, uint64_t vaddr) {
    return &env->tlb[mmu][(vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
}

static inline uint64_t tag_of(const TlbEntry *e, int access) {
    return access == MMU_READ ? e->tag_r : access == MMU_WRITE ? e->tag_w : e->tag_x;
}

void tlb_flush_nonglobal(CPUCommon *env) {
    /* Only the entries filled since the last flush can be valid (tlb_mark_used). */
    for (int m = 0; m < env->ops->n_mmu_modes; m++)
        for (int w = 0; w < TLB_SIZE / 64; w++) {
            uint64_t bits = env->tlb_used[m][w] & ~env->tlb_global[m][w];
            while (bits) {
                int i = w * 64 + __builtin_ctzll(bits);
                bits &= bits - 1;
                memset(&env->tlb[m][i], 0xff, sizeof(TlbEntry));
            }
            env->tlb_used[m][w] &= env->tlb_global[m][w];
        }
    /* the superpage range stays: it only has to cover what is left, and may be wider */
    env->stats.tlb_flushes++;
}

void tlb_flush(CPUCommon *env) {
    memset(env->tlb_global, 0, sizeof env->tlb_global);   /* nothing survives */
    tlb_flush_nonglobal(env);
    env->tlb_large_lo = UINT64_MAX;
    env->tlb_large_hi = 0;
}

/* Superpage entries are 4 KiB pieces of a larger leaf: a flush of any address the leaf covers
   must drop them all, so flushes inside the (conservative) superpage range flush everything. */
#define LARGE_GRANULE (1ull << 39)

void tlb_flush_page(CPUCommon *env, uint64_t vaddr) {
    if (vaddr >= env->tlb_large_lo && vaddr <= env->tlb_large_hi) {
        tlb_flush(env);
        return;
    }
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    for (int m = 0; m < env->ops->n_mmu_modes; m++) {
        TlbEntry *e = tlb_entry(env, m, vaddr);
        if ((e->tag_r & TARGET_PAGE_MASK) == page || (e->tag_w & TARGET_PAGE_MASK) == page ||
            (e->tag_x & TARGET_PAGE_MASK) == page)
            memset(e, 0xff, sizeof *e);
    }
}

/* Make every TLB write entry of env that maps host page hp take the slow path. env may be
   another CPU's, running: the flag goes in with an atomic OR (ORed into an entry flushed
   meanwhile it leaves it invalid; into one refilled meanwhile, merely slow), and a refill that
   this scan misses sees the code-page mark itself (tlb_refill). */
void tlb_protect_code(CPUCommon *env, const uint8_t *hp) {
    for (int m = 0; m < env->ops->n_mmu_modes; m++)
        for (int i = 0; i < TLB_SIZE; i++) {
            TlbEntry *e = &env->tlb[m][i];
            uint64_t w = __atomic_load_n(&e->tag_w, __ATOMIC_SEQ_CST);
            if (w != TLB_INVALID && !(w & TLB_FLAG_SLOW) &&
                (uintptr_t)((w & TARGET_PAGE_MASK) + e->addend) == (uintptr_t)hp)
                __atomic_fetch_or(&e->tag_w, TLB_FLAG_SLOW, __ATOMIC_RELAXED);
        }
}

/* Translated page: the region and the physical address of vaddr. */
typedef struct PageInfo {
    MemRegion *r;
    uint64_t paddr;
} PageInfo;

/* Walk (or raise) and refill the TLB entry for vaddr's page. */
static PageInfo tlb_refill(CPUCommon *env, uint64_t vaddr, int access, int mmu, unsigned size) {
    uint64_t paddr;
    int prot;
    bool large = false;
    env->stats.tlb_fills++;
    env->access_size = size;
    env->ops->tlb_fill(env, vaddr, access, mmu, false, &paddr, &prot, &large);
    env->access_size = 1;
    PageInfo pi = {memmap_find(env->mem, paddr), paddr};
    if (!pi.r)
        env->ops->raise_mem_fault(env, vaddr, access, FAULT_ACCESS);
    if (large) {
        uint64_t lo = vaddr & ~(LARGE_GRANULE - 1), hi = vaddr | (LARGE_GRANULE - 1);
        if (lo < env->tlb_large_lo)
            env->tlb_large_lo = lo;
        if (hi > env->tlb_large_hi)
            env->tlb_large_hi = hi;
    }
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    uint64_t ppage = paddr & TARGET_PAGE_MASK;
    TlbEntry *e = tlb_entry(env, mmu, vaddr);
    /* Only pages wholly inside one RAM region take the fast path. */
    bool ram = pi.r->ram && ppage >= pi.r->base &&
               ppage + TARGET_PAGE_SIZE <= pi.r->base + pi.r->size;
    uint64_t slow = ram && !(prot & PROT_NOCACHE) ? 0 : TLB_FLAG_SLOW;
    /* addend before the tags: tlb_protect_code on another CPU reads tag_w, then addend. */
    e->addend = ram ? (uintptr_t)(pi.r->ram + (ppage - pi.r->base)) - (uintptr_t)page : 0;
    e->tag_r = (prot & PROT_R_BIT) ? page | slow : TLB_INVALID;
    e->tag_x = (prot & PROT_X_BIT) ? page | slow : TLB_INVALID;
    e->tag_w = TLB_INVALID;
    if (prot & PROT_W_BIT) {
        bool code = ram && *memmap_code_page(pi.r, ppage);
        __atomic_store_n(&e->tag_w, page | slow | (code ? TLB_FLAG_SLOW : 0), __ATOMIC_SEQ_CST);
        /* Another CPU may have marked the page as code since (page_protect: mark, fence,
           scan the TLBs): one of the two sees the other. */
        if (ram && !code && __atomic_load_n(memmap_code_page(pi.r, ppage), __ATOMIC_SEQ_CST))
            e->tag_w |= TLB_FLAG_SLOW;
    }
    unsigned idx = (unsigned)(vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
    env->tlb_paddr[mmu][idx] = ppage;
    tlb_mark_used(env, mmu, idx);
    if (prot & PROT_GLOBAL)
        env->tlb_global[mmu][idx / 64] |= 1ull << (idx % 64);
    else
        env->tlb_global[mmu][idx / 64] &= ~(1ull << (idx % 64));
    return pi;
}

/* One access wholly inside a page. */
static uint64_t load_in_page(CPUCommon *env, uint64_t vaddr, unsigned size, int mmu) {
    TlbEntry *e = tlb_entry(env, mmu, vaddr);
    uint64_t v = 0;
    if (e->tag_r == (vaddr & TARGET_PAGE_MASK)) {
        memcpy(&v, (void *)(uintptr_t)(vaddr + e->addend), size);
        return v;
    }
    PageInfo pi = tlb_refill(env, vaddr, MMU_READ, mmu, size);
    if (!memmap_read(env->mem, pi.paddr, size, &v))
        env->ops->raise_mem_fault(env, vaddr, MMU_READ, FAULT_ACCESS);
    return v;
}

static void store_in_page(CPUCommon *env, uint64_t vaddr, uint64_t val, unsigned size,
                          int mmu) {
    TlbEntry *e = tlb_entry(env, mmu, vaddr);
    if (e->tag_w == (vaddr & TARGET_PAGE_MASK)) {
        memcpy((void *)(uintptr_t)(vaddr + e->addend), &val, size);
        return;
    }
    PageInfo pi = tlb_refill(env, vaddr, MMU_WRITE, mmu, size);
    if (pi.r->ram && *memmap_code_page(pi.r, pi.paddr)) {
        env->stats.code_invalidations++;
        tb_invalidate_phys_range(env->tbc, pi.paddr, size);
        if (!*memmap_code_page(pi.r, pi.paddr)) /* page is clean now: let stores go fast */
            tlb_refill(env, vaddr, MMU_WRITE, mmu, size);
    }
    if (!memmap_write(env->mem, pi.paddr, size, val))
        env->ops->raise_mem_fault(env, vaddr, MMU_WRITE, FAULT_ACCESS);
}

/* A misaligned access crossing a page: check (and fault on) both pages first. */
static void probe_page(CPUCommon *env, uint64_t vaddr, int access, int mmu) {
    TlbEntry *e = tlb_entry(env, mmu, vaddr);
    if ((tag_of(e, access) & TARGET_PAGE_MASK) != (vaddr & TARGET_PAGE_MASK))
        tlb_refill(env, vaddr, access, mmu, 1);
}

uint64_t softmmu_load(CPUCommon *env, uint64_t vaddr, unsigned memop) {
    unsigned size = IR_MEM_SIZE(memop);
    int mmu = (int)IR_MEM_MMU(memop);
    uint64_t v;
    env->stats.tlb_slow_loads++;
    if (((vaddr & (TARGET_PAGE_SIZE - 1)) + size) <= TARGET_PAGE_SIZE) {
        v = load_in_page(env, vaddr, size, mmu);
    } else {
        uint64_t second = (vaddr + size) & TARGET_PAGE_MASK;
        probe_page(env, vaddr, MMU_READ, mmu);
        probe_page(env, second, MMU_READ, mmu);
        v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= load_in_page(env, vaddr + i, 1, mmu) << (8 * i);
    }
    if (size < 8) {
        unsigned sh = 64 - 8 * size;
        v = (memop & IR_MEM_SIGN) ? (uint64_t)((int64_t)(v << sh) >> sh) : (v << sh) >> sh;
    }
    return v;
}

void softmmu_store(CPUCommon *env, uint64_t vaddr, uint64_t val, unsigned memop) {
    unsigned size = IR_MEM_SIZE(memop);
    int mmu = (int)IR_MEM_MMU(memop);
    env->stats.tlb_slow_stores++;
    if (((vaddr & (TARGET_PAGE_SIZE - 1)) + size) <= TARGET_PAGE_SIZE) {
        store_in_page(env, vaddr, val, size, mmu);
        return;
    }
    uint64_t second = (vaddr + size) & TARGET_PAGE_MASK;
    probe_page(env, vaddr, MMU_WRITE, mmu);
    probe_page(env, second, MMU_WRITE, mmu);
    for (unsigned i = 0; i < size; i++)
        store_in_page(env, vaddr + i, val >> (8 * i), 1, mmu);
}

void *softmmu_host_ptr(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, unsigned size) {
    TlbEntry *e = tlb_entry(env, mmu_idx, vaddr);
    uint64_t want = vaddr & TARGET_PAGE_MASK;
    if (tag_of(e, access) == want)
        return (void *)(uintptr_t)(vaddr + e->addend);
    PageInfo pi = tlb_refill(env, vaddr, access, mmu_idx, size);
    if (!pi.r->ram)
        return NULL;
    if (access == MMU_WRITE && *memmap_code_page(pi.r, pi.paddr)) {
        tb_invalidate_phys_range(env->tbc, pi.paddr, size);
        if (!*memmap_code_page(pi.r, pi.paddr))
            tlb_refill(env, vaddr, access, mmu_idx, size);
    }
    uint8_t *p = memmap_ram_ptr(env->mem, pi.paddr, size);
    if (!p)
        env->ops->raise_mem_fault(env, vaddr, access, FAULT_ACCESS);
    return p;
}

uint64_t softmmu_code_page(CPUCommon *env, uint64_t vaddr, int mmu, const uint8_t **host) {
    TlbEntry *e = tlb_entry(env, mmu, vaddr);
    unsigned idx = (vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
    if (e->tag_x == (vaddr & TARGET_PAGE_MASK)) {
        *host = (const uint8_t *)(uintptr_t)((vaddr & TARGET_PAGE_MASK) + e->addend);
        return env->tlb_paddr[mmu][idx];
    }
    /* Miss, or an entry that must not be cached (MMIO, sub-page PMP): walk every time. */
    PageInfo pi = tlb_refill(env, vaddr, MMU_EXEC, mmu, 2);
    uint64_t ppage = pi.paddr & TARGET_PAGE_MASK;
    *host = pi.r->ram ? memmap_ram_ptr(env->mem, ppage, TARGET_PAGE_SIZE) : NULL;
    if (!*host)
        env->ops->raise_mem_fault(env, vaddr, MMU_EXEC, FAULT_ACCESS);
    return ppage;
}
