/* SPDX-License-Identifier: MIT */
/* Unit tests of the RISC-V MMU (cpu/riscv/mmu.c): bare mode, Sv39/Sv48 walks over page tables
   built in a MemMap RAM region, superpages, permission and U/SUM/MXR rules, A/D updates,
   reserved PTE bits, canonical addresses, PMP, and faults raised through tlb_fill
   (privileged spec v1.12 3.7, 4.3-4.5). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/helpers.h"
#include "cpu/riscv/priv.h"
#include "system/memmap.h"
#include "translate/softmmu.h"

static int n_pass, n_fail;
#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (cond) {                                                                         \
            n_pass++;                                                                       \
        } else {                                                                            \
            n_fail++;                                                                       \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
        }                                                                                   \
    } while (0)

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x01000000ull          /* 16 MiB */
#define PT_POOL  (RAM_BASE + 0x00800000) /* page tables are allocated from here */

static MemMap mem;
static RVCPU *cpu;
static uint64_t pt_next;

static uint64_t rd64(uint64_t pa)
{
    uint64_t v = 0;
    if (!memmap_read(&mem, pa, 8, &v))
        abort();
    return v;
}

static void wr64(uint64_t pa, uint64_t v)
{
    if (!memmap_write(&mem, pa, 8, v))
        abort();
}

static uint64_t new_table(void)
{
    uint64_t t = pt_next;
    pt_next += 4096;
    for (int i = 0; i < 512; i++)
        wr64(t + 8 * i, 0);
    return t;
}

static uint64_t pte_ptr(uint64_t table_pa)
{
    return ((table_pa >> 12) << 10) | RV_PTE_V;
}

/* Address of the PTE for va at `level` (0 = 4 KiB leaf), creating intermediate tables. */
static uint64_t pte_slot(uint64_t root, int levels, uint64_t va, int level)
{
    uint64_t table = root;
    for (int i = levels - 1; i > level; i--) {
        uint64_t slot = table + ((va >> (12 + 9 * i)) & 511) * 8;
        uint64_t pte = rd64(slot);
        if (!(pte & RV_PTE_V)) {
            pte = pte_ptr(new_table());
            wr64(slot, pte);
        }
        table = ((pte >> 10) & RV_SATP_PPN_MASK) << 12;
    }
    return table + ((va >> (12 + 9 * level)) & 511) * 8;
}

static uint64_t map(uint64_t root, int levels, uint64_t va, uint64_t pa, uint64_t flags,
                    int level)
{
    uint64_t slot = pte_slot(root, levels, va, level);
    wr64(slot, ((pa >> 12) << 10) | flags | RV_PTE_V);
    return slot;
}

static void set_satp(uint64_t mode, uint64_t root)
{
    uint64_t old;
    bool ok = rv_csr_access(cpu, 0x180, 1, (mode << 60) | (root >> 12), true, &old);
    if (!ok)
        abort();
}

static void csr_write(int csrno, uint64_t v)
{
    uint64_t old;
    if (!rv_csr_access(cpu, csrno, 1, v, true, &old))
        abort();
}

static void pmp_allow_all(void)
{
    csr_write(0x3b0, ~0ull);
    csr_write(0x3a0, RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_W | RV_PMP_X);
}

static void fresh_cpu(void)
{
    rv_cpu_init(cpu, 0, &mem);
    rv_cpu_reset(cpu, RAM_BASE);
    pt_next = PT_POOL;
    pmp_allow_all();
}

static int xlate(uint64_t va, int access, int idx, uint64_t *pa, int *prot, bool *large)
{
    uint64_t p = 0;
    int pr = 0;
    bool lg = false;
    int r = rv_mmu_translate(cpu, va, access, idx, &p, &pr, &lg);
    if (pa)
        *pa = p;
    if (prot)
        *prot = pr;
    if (large)
        *large = lg;
    return r;
}

#define RWX (PROT_R_BIT | PROT_W_BIT | PROT_X_BIT)
#define AD (RV_PTE_A | RV_PTE_D)

static void test_bare(void)
{
    fresh_cpu();
    uint64_t pa;
    int prot;
    bool large;
    CHECK(xlate(0x80001234, MMU_READ, RV_MMU_M, &pa, &prot, &large) == RV_XLATE_OK);
    CHECK(pa == 0x80001234 && prot == (RWX | PROT_GLOBAL) && !large);
    /* satp does not apply to M-mode */
    uint64_t root = new_table();
    set_satp(RV_SATP_MODE_SV39, root);
    CHECK(xlate(0x80001234, MMU_WRITE, RV_MMU_M, &pa, &prot, NULL) == RV_XLATE_OK);
    CHECK(pa == 0x80001234);
    /* S with satp bare is identity too */
    set_satp(RV_SATP_MODE_BARE, 0);
    CHECK(xlate(0x80005678, MMU_EXEC, RV_MMU_S, &pa, &prot, NULL) == RV_XLATE_OK);
    CHECK(pa == 0x80005678 && prot == RWX);
}

static void test_sv39_basic(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    map(root, 3, 0x10000, RAM_BASE + 0x200000, RV_PTE_R | RV_PTE_W | RV_PTE_X | AD, 0);
    set_satp(RV_SATP_MODE_SV39, root);
    uint64_t pa;
    int prot;
    bool large;
    CHECK(xlate(0x10abc, MMU_READ, RV_MMU_S, &pa, &prot, &large) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x200abc);
    CHECK(prot == RWX && !large);
    /* neighbouring page is unmapped */
    CHECK(xlate(0x11000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(0xf000, MMU_EXEC, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    /* supervisor page is not accessible from U */
    CHECK(xlate(0x10000, MMU_READ, RV_MMU_U, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
}

static void test_permissions(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    const uint64_t ro = 0x20000, xo = 0x21000, wr = 0x22000, upage = 0x23000;
    map(root, 3, ro, RAM_BASE + 0x300000, RV_PTE_R | AD, 0);
    map(root, 3, xo, RAM_BASE + 0x301000, RV_PTE_X | AD, 0);
    uint64_t wslot = map(root, 3, wr, RAM_BASE + 0x302000, RV_PTE_W | AD, 0);  /* reserved */
    map(root, 3, upage, RAM_BASE + 0x303000, RV_PTE_R | RV_PTE_W | RV_PTE_X | RV_PTE_U | AD,
        0);
    set_satp(RV_SATP_MODE_SV39, root);
    int prot;

    CHECK(xlate(ro, MMU_READ, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == PROT_R_BIT);
    CHECK(xlate(ro, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(ro, MMU_EXEC, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);

    CHECK(xlate(xo, MMU_EXEC, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == PROT_X_BIT);
    CHECK(xlate(xo, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    /* MXR makes executable pages readable */
    cpu->mstatus |= RV_MSTATUS_MXR;
    CHECK(xlate(xo, MMU_READ, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == (PROT_R_BIT | PROT_X_BIT));
    CHECK(xlate(xo, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    cpu->mstatus &= ~RV_MSTATUS_MXR;

    /* R=0 W=1 is reserved: every access faults */
    CHECK(xlate(wr, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(wr, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    wr64(wslot, rd64(wslot) | RV_PTE_X);    /* W+X without R: still reserved */
    CHECK(xlate(wr, MMU_EXEC, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);

    /* U pages: U has all rights; S only with SUM, and never execute */
    CHECK(xlate(upage, MMU_EXEC, RV_MMU_U, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == RWX);
    CHECK(xlate(upage, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(upage, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    /* With SUM, S data accesses use RV_MMU_S_SUM (rv_cpu_data_mmu_idx); RV_MMU_S never sees
       mstatus.SUM, since its TLB entries must stay valid across SUM toggles */
    cpu->mstatus |= RV_MSTATUS_SUM;
    CHECK(xlate(upage, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(upage, MMU_READ, RV_MMU_S_SUM, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == (PROT_R_BIT | PROT_W_BIT));
    CHECK(xlate(upage, MMU_WRITE, RV_MMU_S_SUM, NULL, NULL, NULL) == RV_XLATE_OK);
    CHECK(xlate(upage, MMU_EXEC, RV_MMU_S_SUM, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    cpu->priv = PRV_S;
    CHECK(rv_cpu_data_mmu_idx(cpu) == RV_MMU_S_SUM);
    cpu->priv = PRV_M;
    /* SUM does not open supervisor pages to U */
    CHECK(xlate(ro, MMU_READ, RV_MMU_U, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    cpu->mstatus &= ~RV_MSTATUS_SUM;

    /* MXR changes written through mstatus flush the TLB (cached permissions change); SUM and
       MPP changes do not need to (each MMU index caches only its own fixed view) */
    uint64_t old;
    cpu->c.tlb[RV_MMU_S][5].tag_r = 0x5000;
    tlb_mark_used(&cpu->c, RV_MMU_S, 5);
    CHECK(rv_csr_access(cpu, 0x300, 2, 1ull << RV_MSTATUS_MPP_SHIFT, true, &old));
    CHECK(cpu->c.tlb[RV_MMU_S][5].tag_r == 0x5000);
    CHECK(rv_csr_access(cpu, 0x300, 2, RV_MSTATUS_SUM, true, &old));
    CHECK(cpu->c.tlb[RV_MMU_S][5].tag_r == 0x5000);
    CHECK(rv_csr_access(cpu, 0x100, 2, RV_MSTATUS_MXR, true, &old));
    CHECK(cpu->c.tlb[RV_MMU_S][5].tag_r != 0x5000);
}

static void test_ad_bits(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    const uint64_t va = 0x40000;
    uint64_t slot = map(root, 3, va, RAM_BASE + 0x310000, RV_PTE_R | RV_PTE_W, 0);
    set_satp(RV_SATP_MODE_SV39, root);
    int prot;

    /* a load sets A only, and the TLB may not cache write permission while D is clear */
    CHECK(xlate(va, MMU_READ, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK((rd64(slot) & AD) == RV_PTE_A);
    CHECK(prot == PROT_R_BIT);
    /* a store sets D and then write permission is cacheable */
    CHECK(xlate(va, MMU_WRITE, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK((rd64(slot) & AD) == AD);
    CHECK(prot == (PROT_R_BIT | PROT_W_BIT));
    /* a first access that is a store sets both */
    uint64_t slot2 = map(root, 3, va + 0x1000, RAM_BASE + 0x311000, RV_PTE_R | RV_PTE_W, 0);
    CHECK(xlate(va + 0x1000, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_OK);
    CHECK((rd64(slot2) & AD) == AD);
    /* a faulting access leaves A untouched */
    uint64_t slot3 = map(root, 3, va + 0x2000, RAM_BASE + 0x312000, RV_PTE_R, 0);
    CHECK(xlate(va + 0x2000, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK((rd64(slot3) & RV_PTE_A) == 0);
    /* fetch sets A */
    uint64_t slot4 = map(root, 3, va + 0x3000, RAM_BASE + 0x313000, RV_PTE_X, 0);
    CHECK(xlate(va + 0x3000, MMU_EXEC, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK((rd64(slot4) & AD) == RV_PTE_A && prot == PROT_X_BIT);
    /* the other PTE bits are preserved by the update */
    CHECK(((rd64(slot4) >> 10) << 12) == RAM_BASE + 0x313000);
}

static void test_superpages(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    uint64_t pa;
    bool large;
    int prot;
    /* 2 MiB page at va 0x200000 -> RAM_BASE + 0x400000 */
    map(root, 3, 0x200000, RAM_BASE + 0x400000, RV_PTE_R | RV_PTE_W | AD, 1);
    /* 1 GiB page at va 0x40000000 -> RAM_BASE (0x80000000, 1 GiB aligned) */
    map(root, 3, 0x40000000, RAM_BASE, RV_PTE_R | RV_PTE_X | AD, 2);
    /* misaligned 2 MiB: PPN[0] != 0 */
    map(root, 3, 0x600000, RAM_BASE + 0x401000, RV_PTE_R | AD, 1);
    /* misaligned 1 GiB: PPN[1] != 0 */
    map(root, 3, 0x80000000, RAM_BASE + 0x200000, RV_PTE_R | AD, 2);
    set_satp(RV_SATP_MODE_SV39, root);

    CHECK(xlate(0x2abcde, MMU_WRITE, RV_MMU_S, &pa, &prot, &large) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x4abcde && large);
    CHECK(xlate(0x40123456, MMU_EXEC, RV_MMU_S, &pa, NULL, &large) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x123456 && large);
    CHECK(xlate(0x600000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    CHECK(xlate(0x80000000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
}

static void test_reserved_and_canonical(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    uint64_t s1 = map(root, 3, 0x50000, RAM_BASE + 0x320000, RV_PTE_R | AD, 0);
    /* a pointer PTE at level 0 is a fault */
    uint64_t s2 = map(root, 3, 0x51000, RAM_BASE + 0x321000, 0, 0);
    /* high half of Sv39 */
    map(root, 3, 0xffffffc000001000ull, RAM_BASE + 0x322000, RV_PTE_R | AD, 0);
    set_satp(RV_SATP_MODE_SV39, root);

    CHECK(xlate(0x50000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_OK);
    static const int bad_bits[] = { 54, 60, 61, 62, 63 };   /* reserved, PBMT, N */
    for (unsigned i = 0; i < sizeof(bad_bits) / sizeof(bad_bits[0]); i++) {
        uint64_t good = rd64(s1);
        wr64(s1, good | (1ull << bad_bits[i]));
        CHECK(xlate(0x50000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
        wr64(s1, good);
    }
    /* RSW bits are for software */
    wr64(s1, rd64(s1) | (3ull << 8));
    CHECK(xlate(0x50000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_OK);
    CHECK(xlate(0x51000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
    (void)s2;

    uint64_t pa;
    CHECK(xlate(0xffffffc000001010ull, MMU_READ, RV_MMU_S, &pa, NULL, NULL) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x322010);
    /* bit 39 set while bit 38 is clear: not canonical; same for a high half with a hole */
    CHECK(xlate(0x0000008000050000ull, MMU_READ, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_PAGE_FAULT);
    CHECK(xlate(0xffffff4000001000ull, MMU_READ, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_PAGE_FAULT);
    CHECK(xlate(0x8000000000050000ull, MMU_READ, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_PAGE_FAULT);

    /* a page table outside RAM: access fault */
    csr_write(0x180, (8ull << 60) | (0x10000000ull >> 12));
    CHECK(xlate(0x50000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_ACCESS_FAULT);
    /* a pointer to a table outside RAM, found at the second level */
    set_satp(RV_SATP_MODE_SV39, root);
    wr64(root + 8 * 3, pte_ptr(0x20000000));
    CHECK(xlate(3ull << 30, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_ACCESS_FAULT);
}

static void test_sv48(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    const uint64_t va = 0x00007abc12345000ull;        /* needs 48 bits */
    map(root, 4, va, RAM_BASE + 0x330000, RV_PTE_R | RV_PTE_W | AD, 0);
    map(root, 4, 0xffff800000000000ull, RAM_BASE + 0x331000, RV_PTE_R | AD, 0);
    /* 512 GiB-level superpage is legal in Sv48 (level 3); make a misaligned one */
    map(root, 4, 0x0000008000000000ull, RAM_BASE, RV_PTE_R | AD, 3);
    /* 1 GiB page in Sv48 (level 2) */
    map(root, 4, 0x0000004000000000ull, RAM_BASE, RV_PTE_R | AD, 2);
    set_satp(RV_SATP_MODE_SV48, root);
    uint64_t pa;
    bool large;
    CHECK(xlate(va + 0x10, MMU_WRITE, RV_MMU_S, &pa, NULL, &large) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x330010 && !large);
    CHECK(xlate(0xffff800000000008ull, MMU_READ, RV_MMU_S, &pa, NULL, NULL) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x331008);
    CHECK(xlate(0x0000800000000000ull, MMU_READ, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_PAGE_FAULT);
    CHECK(xlate(0x0000008000000000ull, MMU_READ, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_PAGE_FAULT);
    CHECK(xlate(0x0000004000000123ull, MMU_READ, RV_MMU_S, &pa, NULL, &large) == RV_XLATE_OK);
    CHECK(pa == RAM_BASE + 0x123 && large);
    /* the same va in Sv39 is not canonical */
    set_satp(RV_SATP_MODE_SV39, root);
    CHECK(xlate(va, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_PAGE_FAULT);
}

static void test_satp_modes(void)
{
    fresh_cpu();
    uint64_t old;
    uint64_t good = (8ull << 60) | (0x1234ull << 44) | 0x80123;
    CHECK(rv_csr_access(cpu, 0x180, 1, good, true, &old));
    CHECK(cpu->satp == good);                    /* 16 ASID bits are kept */
    static const uint64_t modes[] = { 1, 7, 10, 11, 15 };
    for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        CHECK(rv_csr_access(cpu, 0x180, 1, (modes[i] << 60) | 0x80000, true, &old));
        CHECK(cpu->satp == good);               /* unsupported mode: write has no effect */
    }
    cpu->c.tlb[RV_MMU_U][7].tag_w = 0x7000;
    tlb_mark_used(&cpu->c, RV_MMU_U, 7);
    CHECK(rv_csr_access(cpu, 0x180, 1, (9ull << 60) | 0x80001, true, &old));
    CHECK(cpu->satp == ((9ull << 60) | 0x80001));
    CHECK(cpu->c.tlb[RV_MMU_U][7].tag_w != 0x7000);     /* a satp write flushes the TLB */
    /* Bare mode is accepted */
    CHECK(rv_csr_access(cpu, 0x180, 1, 0, true, &old));
    CHECK(cpu->satp == 0);
}

/* ASIDs (4.1.11, 4.2.1): an address-space switch keeps global mappings cached and drops the
   others; sfence.vma x0,asid keeps global ones; sfence.vma x0,x0 and a MODE change drop all.
   Keeping a stale global entry is what the spec allows; it is observable by changing the
   tables behind the TLB's back. */
static void test_asid_switch(void)
{
    fresh_cpu();
    const uint64_t kva = 0xffffffffc0001000ull, uva = 0x10000;
    const uint64_t kpa1 = RAM_BASE + 0x1000, upa1 = RAM_BASE + 0x2000;
    const uint64_t kpa2 = RAM_BASE + 0x3000, upa2 = RAM_BASE + 0x4000;
    wr64(kpa1, 0x11); wr64(upa1, 0x22); wr64(kpa2, 0x33); wr64(upa2, 0x44);
    uint64_t root1 = new_table(), root2 = new_table();
    /* root1: the kernel page global through its non-leaf PTE, the user page not */
    map(root1, 3, kva, kpa1, RV_PTE_R | RV_PTE_W | AD, 0);
    wr64(pte_slot(root1, 3, kva, 2), rd64(pte_slot(root1, 3, kva, 2)) | RV_PTE_G);
    map(root1, 3, uva, upa1, RV_PTE_R | RV_PTE_W | RV_PTE_U | AD, 0);
    map(root2, 3, kva, kpa2, RV_PTE_R | RV_PTE_W | RV_PTE_G | AD, 0);   /* global at the leaf */
    map(root2, 3, uva, upa2, RV_PTE_R | RV_PTE_W | RV_PTE_U | AD, 0);
    int prot;
    csr_write(0x180, (8ull << 60) | (1ull << 44) | (root1 >> 12));
    CHECK(xlate(kva, MMU_READ, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK &&
          (prot & PROT_GLOBAL));
    CHECK(xlate(uva, MMU_READ, RV_MMU_U, NULL, &prot, NULL) == RV_XLATE_OK &&
          !(prot & PROT_GLOBAL));
    const unsigned ld = 3;                      /* 8 bytes; the MMU index goes in bits 4-6 */
    cpu->priv = PRV_S;
    CHECK(softmmu_load(&cpu->c, kva, ld | RV_MMU_S << IR_MEM_MMU_SHIFT) == 0x11);
    CHECK(softmmu_load(&cpu->c, uva, ld | RV_MMU_U << IR_MEM_MMU_SHIFT) == 0x22);
    /* ASID 2 with root2: the user page is walked again, the global one stays cached */
    csr_write(0x180, (8ull << 60) | (2ull << 44) | (root2 >> 12));
    CHECK(softmmu_load(&cpu->c, uva, ld | RV_MMU_U << IR_MEM_MMU_SHIFT) == 0x44);
    CHECK(softmmu_load(&cpu->c, kva, ld | RV_MMU_S << IR_MEM_MMU_SHIFT) == 0x11);
    /* sfence.vma x0, a1 (an ASID): global entries stay */
    helper_sfence_vma(cpu, 0, 0, 0x12b00073, 1);
    CHECK(softmmu_load(&cpu->c, kva, ld | RV_MMU_S << IR_MEM_MMU_SHIFT) == 0x11);
    /* sfence.vma x0, x0: everything goes */
    helper_sfence_vma(cpu, 0, 0, 0x12000073, 0);
    CHECK(softmmu_load(&cpu->c, kva, ld | RV_MMU_S << IR_MEM_MMU_SHIFT) == 0x33);
    /* M-mode entries survive ASID switches; a MODE change flushes everything */
    CHECK(softmmu_load(&cpu->c, kpa1, ld | RV_MMU_M << IR_MEM_MMU_SHIFT) == 0x11);
    unsigned mi = (unsigned)(kpa1 >> 12) & (TLB_SIZE - 1);
    wr64(kpa1, 0x55);
    csr_write(0x180, (8ull << 60) | (3ull << 44) | (root1 >> 12));
    CHECK(cpu->c.tlb[RV_MMU_M][mi].tag_r == kpa1);
    /* global, still cached */
    CHECK(softmmu_load(&cpu->c, kva, ld | RV_MMU_S << IR_MEM_MMU_SHIFT) == 0x33);
    csr_write(0x180, (9ull << 60) | (3ull << 44) | (root1 >> 12));
    CHECK(cpu->c.tlb[RV_MMU_M][mi].tag_r == TLB_INVALID);
    csr_write(0x180, (8ull << 60) | (3ull << 44) | (root1 >> 12));
    /* walked again: root1 */
    CHECK(softmmu_load(&cpu->c, kva, ld | RV_MMU_S << IR_MEM_MMU_SHIFT) == 0x55);
    cpu->priv = PRV_M;
}

static void test_pmp(void)
{
    fresh_cpu();
    uint64_t pa;
    int prot;
    /* No entry configured: S/U fail, M succeeds */
    csr_write(0x3a0, 0);
    CHECK(xlate(RAM_BASE, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(RAM_BASE, MMU_READ, RV_MMU_U, NULL, NULL, NULL) == RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(RAM_BASE, MMU_WRITE, RV_MMU_M, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == (RWX | PROT_GLOBAL));

    /* entry 0: NAPOT 64 KiB at RAM_BASE, read-only; entry 1: TOR [RAM_BASE+64K, +128K) RX */
    csr_write(0x3b0, (RAM_BASE >> 2) | ((0x10000 >> 3) - 1));
    csr_write(0x3b1, (RAM_BASE + 0x20000) >> 2);
    csr_write(0x3a0, (uint64_t)(RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R) |
                         (uint64_t)(RV_PMP_TOR << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_X) << 8);
    CHECK(xlate(RAM_BASE + 0xfff8, MMU_READ, RV_MMU_S, &pa, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == PROT_R_BIT);
    CHECK(xlate(RAM_BASE + 0x100, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(RAM_BASE + 0x100, MMU_EXEC, RV_MMU_U, NULL, NULL, NULL) ==
          RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(RAM_BASE + 0x10000, MMU_EXEC, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == (PROT_R_BIT | PROT_X_BIT));
    CHECK(xlate(RAM_BASE + 0x1fffc, MMU_READ, RV_MMU_U, NULL, NULL, NULL) == RV_XLATE_OK);
    CHECK(xlate(RAM_BASE + 0x20000, MMU_READ, RV_MMU_U, NULL, NULL, NULL) ==
          RV_XLATE_ACCESS_FAULT);
    /* M is not restricted by unlocked entries */
    CHECK(xlate(RAM_BASE + 0x100, MMU_WRITE, RV_MMU_M, NULL, NULL, NULL) == RV_XLATE_OK);

    /* NA4 entry 2 carves 4 writable bytes inside entry 3's read-only page: the page is not
       uniform, so the permission is for this access only and must not be cached */
    csr_write(0x3b2, (RAM_BASE + 0x30010) >> 2);
    csr_write(0x3b3, (RAM_BASE + 0x31000) >> 2);
    uint64_t cfg;
    rv_csr_access(cpu, 0x3a0, 1, 0, false, &cfg);
    cfg |= (uint64_t)(RV_PMP_NA4 << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_W) << 16;
    cfg |= (uint64_t)(RV_PMP_TOR << RV_PMP_A_SHIFT | RV_PMP_R) << 24;
    csr_write(0x3a0, cfg);
    CHECK(xlate(RAM_BASE + 0x30010, MMU_WRITE, RV_MMU_S, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == (PROT_W_BIT | PROT_NOCACHE));
    CHECK(xlate(RAM_BASE + 0x30014, MMU_WRITE, RV_MMU_S, NULL, NULL, NULL) ==
          RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(RAM_BASE + 0x30014, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_OK);
    CHECK(rv_pmp_check(cpu, RAM_BASE + 0x30010, 4, MMU_WRITE, PRV_S));
    /* an access that straddles the NA4 boundary matches only partly: fails */
    CHECK(!rv_pmp_check(cpu, RAM_BASE + 0x3000c, 8, MMU_READ, PRV_S));

    /* a locked entry also binds M, and its cfg/addr can no longer be written */
    fresh_cpu();
    csr_write(0x3b0, (RAM_BASE >> 2) | ((0x1000 >> 3) - 1));          /* 4 KiB */
    csr_write(0x3b1, ~0ull);
    csr_write(0x3a0, (uint64_t)(RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_L) |
                         (uint64_t)(RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_W |
                                    RV_PMP_X) << 8);
    CHECK(xlate(RAM_BASE + 8, MMU_WRITE, RV_MMU_M, NULL, NULL, NULL) == RV_XLATE_ACCESS_FAULT);
    CHECK(xlate(RAM_BASE + 8, MMU_READ, RV_MMU_M, NULL, &prot, NULL) == RV_XLATE_OK);
    CHECK(prot == (PROT_R_BIT | PROT_GLOBAL));
    CHECK(xlate(RAM_BASE + 0x1000, MMU_WRITE, RV_MMU_M, NULL, NULL, NULL) == RV_XLATE_OK);
    csr_write(0x3a0, 0);
    csr_write(0x3b0, 0);
    CHECK((cpu->pmpcfg[0] & 0xff) == (RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_L));
    CHECK(cpu->pmpaddr[0] == ((RAM_BASE >> 2) | ((0x1000 >> 3) - 1)));
    CHECK((cpu->pmpcfg[0] >> 8 & 0xff) == 0);         /* the unlocked entry was written */

    /* PMP also guards the page-table walk (as S-mode accesses) */
    fresh_cpu();
    uint64_t root = new_table();
    map(root, 3, 0x10000, RAM_BASE + 0x200000, RV_PTE_R | AD, 0);
    set_satp(RV_SATP_MODE_SV39, root);
    CHECK(xlate(0x10000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_OK);
    /* entry 0: no permission on the page-table pool; entry 1: the rest */
    csr_write(0x3b0, (PT_POOL >> 2) | ((0x100000 >> 3) - 1));
    csr_write(0x3b1, ~0ull);
    csr_write(0x3a0, (uint64_t)(RV_PMP_NAPOT << RV_PMP_A_SHIFT) |
                         (uint64_t)(RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R | RV_PMP_W |
                                    RV_PMP_X) << 8);
    CHECK(xlate(0x10000, MMU_READ, RV_MMU_S, NULL, NULL, NULL) == RV_XLATE_ACCESS_FAULT);
}

static bool raise_fault(uint64_t va, int access, int kind)
{
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        riscv64_cpu_class.raise_mem_fault(&cpu->c, va, access, kind);
        return false;
    }
    return true;
}

/* tlb_fill through CpuClass, with and without probe; faults longjmp to c.jmpbuf. */
static void test_tlb_fill(void)
{
    fresh_cpu();
    uint64_t root = new_table();
    map(root, 3, 0x10000, RAM_BASE + 0x200000, RV_PTE_R | AD, 0);
    set_satp(RV_SATP_MODE_SV39, root);
    const CpuClass *ops = &riscv64_cpu_class;
    uint64_t pa;
    int prot;
    bool large;
    cpu->priv = PRV_S;
    CHECK(ops->tlb_fill(&cpu->c, 0x10008, MMU_READ, RV_MMU_S, false, &pa, &prot, &large));
    CHECK(pa == RAM_BASE + 0x200008 && prot == PROT_R_BIT);
    CHECK(!ops->tlb_fill(&cpu->c, 0x10008, MMU_WRITE, RV_MMU_S, true, &pa, &prot, &large));
    CHECK(cpu->priv == PRV_S && cpu->mcause == 0);     /* probe does not trap */

    cpu->c.pc = 0x1234;
    cpu->mtvec = RAM_BASE + 0x100;
    volatile int trapped = 0;
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0)
        ops->tlb_fill(&cpu->c, 0x10008, MMU_WRITE, RV_MMU_S, false, &pa, &prot, &large);
    else
        trapped = 1;
    CHECK(trapped);
    CHECK(cpu->mcause == RV_EXC_STORE_PAGE && cpu->mtval == 0x10008);
    CHECK(cpu->mepc == 0x1234 && cpu->priv == PRV_M && cpu->c.pc == RAM_BASE + 0x100);
    CHECK(((cpu->mstatus & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT) == PRV_S);

    /* delegated instruction page fault from U goes to S */
    cpu->priv = PRV_U;
    cpu->c.pc = 0x20000;
    cpu->medeleg = 1ull << RV_EXC_INSN_PAGE;
    cpu->stvec = 0xffffffc000000000ull;
    trapped = 0;
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0)
        ops->tlb_fill(&cpu->c, 0x20000, MMU_EXEC, RV_MMU_U, false, &pa, &prot, &large);
    else
        trapped = 1;
    CHECK(trapped && cpu->priv == PRV_S && cpu->scause == RV_EXC_INSN_PAGE);
    CHECK(cpu->stval == 0x20000 && cpu->sepc == 0x20000 && cpu->c.pc == cpu->stvec);
    CHECK(!(cpu->mstatus & RV_MSTATUS_SPP));

    /* access fault for a load in S (PMP denies) */
    cpu->priv = PRV_M;
    csr_write(0x3a0, 0);
    cpu->priv = PRV_S;
    cpu->c.pc = 0x3000;
    trapped = 0;
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0)
        ops->tlb_fill(&cpu->c, 0x10000, MMU_READ, RV_MMU_S, false, &pa, &prot, &large);
    else
        trapped = 1;
    CHECK(trapped && cpu->priv == PRV_M && cpu->mcause == RV_EXC_LOAD_ACCESS);

    /* raise_mem_fault: misaligned and access faults */
    static const struct { int access, kind; uint64_t cause; } mf[] = {
        { MMU_READ, FAULT_MISALIGNED, RV_EXC_LOAD_MISALIGNED },
        { MMU_WRITE, FAULT_MISALIGNED, RV_EXC_STORE_MISALIGNED },
        { MMU_EXEC, FAULT_ACCESS, RV_EXC_INSN_ACCESS },
        { MMU_WRITE, FAULT_ACCESS, RV_EXC_STORE_ACCESS },
    };
    for (unsigned i = 0; i < sizeof(mf) / sizeof(mf[0]); i++) {
        cpu->priv = PRV_M;
        CHECK(raise_fault(0x5003, mf[i].access, mf[i].kind));
        CHECK(cpu->mcause == mf[i].cause && cpu->mtval == 0x5003);
    }
}

static void test_mprv_flags(void)
{
    fresh_cpu();
    const CpuClass *ops = &riscv64_cpu_class;
    uint64_t f = ops->tb_flags(&cpu->c);
    CHECK((f & RV_TBF_PRIV_MASK) == PRV_M);
    CHECK(((f & RV_TBF_MMU_MASK) >> RV_TBF_MMU_SHIFT) == RV_MMU_M);
    cpu->mstatus |= RV_MSTATUS_MPRV | (1ull << RV_MSTATUS_MPP_SHIFT);
    f = ops->tb_flags(&cpu->c);
    CHECK((f & RV_TBF_PRIV_MASK) == PRV_M);
    CHECK(((f & RV_TBF_MMU_MASK) >> RV_TBF_MMU_SHIFT) == RV_MMU_S);
    /* MPRV has no effect outside M */
    cpu->priv = PRV_U;
    f = ops->tb_flags(&cpu->c);
    CHECK(((f & RV_TBF_MMU_MASK) >> RV_TBF_MMU_SHIFT) == RV_MMU_U);
    cpu->mstatus |= RV_MSTATUS_FS;
    f = ops->tb_flags(&cpu->c);
    CHECK(((f & RV_TBF_FS_MASK) >> RV_TBF_FS_SHIFT) == 3);
}

int main(void)
{
    memmap_init(&mem);
    if (!memmap_add_ram(&mem, "ram", RAM_BASE, RAM_SIZE))
        return 1;
    cpu = calloc(1, sizeof(*cpu));
    if (!cpu)
        return 1;
    test_bare();
    test_sv39_basic();
    test_permissions();
    test_ad_bits();
    test_superpages();
    test_reserved_and_canonical();
    test_sv48();
    test_satp_modes();
    test_asid_switch();
    test_pmp();
    test_tlb_fill();
    test_mprv_flags();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    memmap_free(&mem);
    return n_fail ? 1 : 0;
}
