/* SPDX-License-Identifier: MIT */
/* VMSAv8-64 stage 1 with the 4 KiB granule, 39-bit VA (Arm ARM D8): RAM identity-mapped by a
   1 GiB block (level 1), a 2 MiB block (level 2) and 4 KiB pages (level 3) at other VAs; a
   translation fault, an access-flag fault, a permission fault (write to read-only, WnR), EL0
   access to an EL1-only page, two ASIDs mapping one VA differently (non-global pages) with
   TLBI ASIDE1 / VAE1, AT S1E1R into PAR_EL1, and a TTBR1 (upper range) mapping. */
#include "a64lib.h"

static volatile uint64_t seen_esr, seen_far, seen_vec;
uint64_t resume;
extern char __free_start[];

void a64_exception(uint64_t vec, Frame *f)
{
    seen_vec = vec;
    seen_esr = MRS(esr_el1);
    seen_far = MRS(far_el1);
    if (vec >= 8) {
        f->elr = resume;
        f->spsr = 0x3c5;
        return;
    }
    f->elr += 4;
}

extern void to_el0(uint64_t pc);
__asm__(".balign 4\nto_el0:\n adrp x1, resume\n str x30, [x1, :lo12:resume]\n"
        " msr elr_el1, x0\n msr spsr_el1, xzr\n eret\n");
extern void el0_load(void);
__asm__(".balign 4\nel0_load:\n ldr x2, [x3]\n svc #0\n");

#define VALID 1ull
#define TABLE 3ull
#define PAGE 3ull
#define BLOCK 1ull
#define AF (1ull << 10)
#define SH (3ull << 8)
#define NG (1ull << 11)
#define AP_EL0 (1ull << 6)
#define AP_RO (1ull << 7)
#define UXN (1ull << 54)

static uint64_t *tables;
static unsigned n_tables;
static uint64_t *new_table(void)
{
    uint64_t *t = tables + 512 * n_tables++;
    for (int i = 0; i < 512; i++)
        t[i] = 0;
    return t;
}

static uint64_t load(uint64_t va)
{
    seen_esr = 0;
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(va) : "memory");
    return v;
}
static void store(uint64_t va, uint64_t v)
{
    seen_esr = 0;
    __asm__ volatile("str %0, [%1]" ::"r"(v), "r"(va) : "memory");
}

static void fault(const char *what)
{
    a64_puts(what);
    a64_hex(" esr", seen_esr);
    a64_hex(" far", seen_far);
}

int main(void)
{
    static uint64_t data[2][512] __attribute__((aligned(4096)));
    tables = (uint64_t *)(((uint64_t)__free_start + 0xfff) & ~0xfffull);
    data[0][0] = 0x1111;
    data[1][0] = 0x2222;
    uint64_t pa0 = (uint64_t)data[0], pa1 = (uint64_t)data[1];

    uint64_t *l1a = new_table(), *l1b = new_table(), *l1hi = new_table();
    uint64_t *l2 = new_table(), *l3a = new_table(), *l3b = new_table();
    uint64_t *l2a = new_table(), *l2b = new_table();
    l2a[0] = (uint64_t)l3a | TABLE;
    l2b[0] = (uint64_t)l3b | TABLE;
    /* Both address spaces: RAM by a 1 GiB block at VA = PA, UART by a block (device). */
    for (int k = 0; k < 2; k++) {
        uint64_t *l1 = k ? l1b : l1a;
        l1[1] = 0x40000000 | BLOCK | AF | SH;
        l1[0] = 0x00000000 | BLOCK | AF | (1ull << 2) | UXN;      /* AttrIndx 1: device */
        l1[2] = (uint64_t)l2 | TABLE;
        l1[3] = (uint64_t)(k ? l2b : l2a) | TABLE;
    }
    /* 0x80000000 + 2 MiB: a 2 MiB block onto the first 2 MiB of RAM. */
    l2[1] = 0x40000000 | BLOCK | AF | SH;
    /* 0xc0000000 +: pages. ASID-dependent (nG) page 0; page 1 read-only; page 2 no AF;
       page 3 invalid; page 4 EL0-accessible. */
    l3a[0] = pa0 | PAGE | AF | SH | NG;
    l3b[0] = pa1 | PAGE | AF | SH | NG;
    for (int k = 0; k < 2; k++) {
        uint64_t *l3 = k ? l3b : l3a;
        l3[1] = pa0 | PAGE | AF | SH | AP_RO;
        l3[2] = pa0 | PAGE | SH;
        l3[4] = pa0 | PAGE | AF | SH | AP_EL0 | UXN;
    }
    /* TTBR1: 0xffffff8000000000 (the bottom of the 39-bit upper range) -> RAM block. */
    l1hi[0] = 0x40000000 | BLOCK | AF | SH;

    MSR(mair_el1, 0xffull | (0x00ull << 8));
    /* T0SZ = T1SZ = 25 (39 bits), 4K granules, inner-shareable WBWA walks, 16-bit ASIDs. */
    uint64_t tcr = 25 | (25ull << 16) | (1ull << 8) | (1ull << 10) | (3ull << 12) |
                   (1ull << 24) | (1ull << 26) | (3ull << 28) | (2ull << 30) | (1ull << 36) |
                   (2ull << 32);
    MSR(tcr_el1, tcr);
    MSR(ttbr0_el1, (uint64_t)l1a | (1ull << 48));
    MSR(ttbr1_el1, (uint64_t)l1hi);
    __asm__ volatile("dsb sy\n tlbi vmalle1\n dsb sy\n isb");
    MSR(sctlr_el1, MRS(sctlr_el1) | 1);
    a64_puts("mmu on\n");

    uint64_t off = pa0 - 0x40000000;
    a64_hex("block 2M", load(0x80200000 + off));
    a64_hex("page asid1", load(0xc0000000));
    a64_hex("ttbr1", load(0xffffff8000000000ull + off));

    load(0xc0003000);
    fault("translation");
    CHECK(seen_esr == 0x96000007 && seen_far == 0xc0003000, "trans", seen_esr);
    load(0xc0002008);
    fault("access flag");
    CHECK(seen_esr == 0x9600000b && seen_far == 0xc0002008, "af", seen_esr);
    a64_hex("ro read", load(0xc0001000));
    store(0xc0001010, 5);
    fault("permission write");
    CHECK(seen_esr == 0x9600004f && seen_far == 0xc0001010, "perm", seen_esr);
    load(0x8000000000ull);
    fault("outside ttbr0");
    CHECK(seen_esr == 0x96000004, "range", seen_esr);

    /* EL0: page 4 is readable, page 1 (EL1 only) is not. */
    __asm__ volatile("mov x3, %0" ::"r"(0xc0004000ull) : "x3");
    to_el0((uint64_t)el0_load);
    a64_hex("el0 ok vec", seen_vec);
    a64_hex(" esr", seen_esr);
    __asm__ volatile("mov x3, %0" ::"r"(0xc0001000ull) : "x3");
    to_el0((uint64_t)el0_load);
    fault("el0 on el1 page");
    CHECK(seen_esr == 0x9200000f, "el0 perm", seen_esr);

    /* ASID switch: same VA, the other address space. */
    MSR(ttbr0_el1, (uint64_t)l1b | (2ull << 48));
    a64_hex("page asid2", load(0xc0000000));
    MSR(ttbr0_el1, (uint64_t)l1a | (1ull << 48));
    a64_hex("page asid1 again", load(0xc0000000));
    /* Change a live entry: stale until TLBI. */
    l3a[0] = pa1 | PAGE | AF | SH | NG;
    __asm__ volatile("dsb ishst\n tlbi vae1is, %0\n dsb ish\n isb" ::"r"((0xc0000000ull >> 12) | (1ull << 48)));
    a64_hex("after tlbi", load(0xc0000000));
    l3a[0] = pa0 | PAGE | AF | SH | NG;
    __asm__ volatile("dsb ishst\n tlbi aside1, %0\n dsb ish\n isb" ::"r"(1ull << 48));
    a64_hex("after tlbi aside1", load(0xc0000000));

    __asm__ volatile("at s1e1r, %0\n isb" ::"r"(0xc0000010ull));
    a64_hex("par ok pa", MRS(par_el1) & 0xfffffffff000ull);
    __asm__ volatile("at s1e1r, %0\n isb" ::"r"(0xc0003000ull));
    a64_hex("par fault", MRS(par_el1) & 0x7f);
    __asm__ volatile("at s1e1w, %0\n isb" ::"r"(0xc0001000ull));
    a64_hex("par perm", MRS(par_el1) & 0x7f);

    MSR(sctlr_el1, MRS(sctlr_el1) & ~1ull);
    a64_hex("failures", (uint64_t)a64_failures);
    return a64_failures;
}
