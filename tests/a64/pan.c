/* SPDX-License-Identifier: MIT */
/* FEAT_PAN (-cpu max): with PSTATE.PAN set, EL1 data accesses to EL0-accessible pages take a
   permission fault (DFSC 0x0f at level 3), instruction fetch and LDTR (an EL0 access) are not
   affected, and exception entry keeps PAN when SCTLR_EL1.SPAN = 1 (its reset value). */
#include "a64lib.h"

static volatile uint64_t seen_esr, seen_far, pan_in_handler;
extern char __free_start[];

void a64_exception(uint64_t vec, Frame *f)
{
    (void)vec;
    seen_esr = MRS(esr_el1);
    seen_far = MRS(far_el1);
    pan_in_handler = MRS(pan);
    f->elr += 4;
}

int main(void)
{
    static uint64_t data[512] __attribute__((aligned(4096)));
    data[0] = 0x5a5a;
    uint64_t *l1 = (uint64_t *)(((uint64_t)__free_start + 0xfff) & ~0xfffull);
    uint64_t *l2 = l1 + 512, *l3 = l1 + 1024;
    for (int i = 0; i < 1536; i++)
        l1[i] = 0;
    l1[1] = 0x40000000 | 1 | (1 << 10) | (3 << 8);             /* RAM, EL1 only */
    l1[3] = (uint64_t)l2 | 3;
    l2[0] = (uint64_t)l3 | 3;
    l3[0] = (uint64_t)data | 3 | (1 << 10) | (3 << 8) | (1 << 6) | (1ull << 54);  /* EL0 RW */
    MSR(mair_el1, 0xff);
    MSR(tcr_el1, 25 | (1ull << 23) | (1ull << 8) | (1ull << 10) | (3ull << 12) | (2ull << 32));
    MSR(ttbr0_el1, (uint64_t)l1);
    __asm__ volatile("tlbi vmalle1\n dsb sy\n isb");
    MSR(sctlr_el1, MRS(sctlr_el1) | 1);

    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(0xc0000000ull) : "memory");
    a64_hex("pan off read", v);
    __asm__ volatile("msr pan, #1\n isb");
    a64_hex("PAN", MRS(pan));
    seen_esr = 0;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(0xc0000008ull) : "memory");
    a64_hex("pan on read esr", seen_esr);
    a64_hex(" far", seen_far);
    a64_hex(" pan in handler (SPAN=1)", pan_in_handler);
    CHECK(seen_esr == 0x9600000f, "pan fault", seen_esr);
    seen_esr = 0;
    __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(0xc0000000ull) : "memory");
    a64_hex("ldtr under pan", v);
    a64_hex(" esr", seen_esr);
    CHECK(v == 0x5a5a && seen_esr == 0, "ldtr", seen_esr);
    __asm__ volatile("msr pan, #0\n isb");
    MSR(sctlr_el1, MRS(sctlr_el1) & ~1ull);
    a64_hex("failures", (uint64_t)a64_failures);
    return a64_failures;
}
