/* SPDX-License-Identifier: MIT */
/* Exception entry and syndromes at EL1 and from EL0 (Arm ARM D1.10, ESR_ELx D17.2.37): SVC, BRK,
   an undefined instruction, a misaligned exclusive (alignment fault, FAR), a PC alignment fault,
   an EL0 MRS of an EL1 register, ERET to EL0 and SVC back, DAIF and SPSel. Prints what it saw. */
#include "a64lib.h"

static volatile uint64_t seen_vec, seen_esr, seen_far, seen_elr, seen_spsr;
uint64_t resume;      /* where an EL0 SVC returns to (at EL1) */

void a64_exception(uint64_t vec, Frame *f)
{
    seen_vec = vec;
    seen_esr = MRS(esr_el1);
    seen_elr = f->elr;
    seen_spsr = f->spsr;
    unsigned ec = seen_esr >> 26;
    if (ec == 0x24 || ec == 0x25 || ec == 0x22 || ec == 0x20 || ec == 0x21)
        seen_far = MRS(far_el1);
    if (vec >= 8) {            /* from EL0: back to EL1h at resume */
        f->elr = resume;
        f->spsr = 0x3c5;
        return;
    }
    if (ec == 0x22)            /* PC alignment: return to the branch's link */
        f->elr = f->x[30];
    else if (ec != 0x15)       /* SVC's ELR is already the next instruction */
        f->elr += 4;
}

static void report(const char *what)
{
    a64_puts(what);
    a64_hex(" vec", seen_vec);
    a64_hex(" esr", seen_esr);
    a64_hex(" elr-off", seen_elr & 0xfff);
    a64_hex(" spsr", seen_spsr);
}

extern void el0_code(void);
__asm__(".balign 16\nel0_code:\n mov x0, #5\n mrs x1, sctlr_el1\n svc #0x77\n b .\n");
/* to_el0(pc): ERET to EL0t at pc; the handler of the EL0 exception returns to to_el0's caller. */
extern void to_el0(uint64_t pc);
__asm__(".balign 4\nto_el0:\n adrp x1, resume\n str x30, [x1, :lo12:resume]\n"
        " msr elr_el1, x0\n msr spsr_el1, xzr\n eret\n");

int main(void)
{
    a64_hex("CurrentEL", MRS(CurrentEL));
    a64_hex("DAIF", MRS(daif));
    a64_hex("SPSel", MRS(spsel));
    __asm__ volatile("msr daifclr, #4");
    a64_hex("DAIF after clr A", MRS(daif));
    __asm__ volatile("msr daifset, #0xf");

    __asm__ volatile("svc #0x1234" ::: "memory");
    report("svc");
    CHECK(seen_esr == 0x56001234, "svc esr", seen_esr);
    CHECK(seen_vec == 4, "svc vec", seen_vec);

    __asm__ volatile("brk #0x42" ::: "memory");
    report("brk");
    CHECK(seen_esr == 0xf2000042, "brk esr", seen_esr);

    __asm__ volatile(".inst 0x00000000" ::: "memory");   /* UDF #0 */
    report("udf");
    CHECK(seen_esr == 0x02000000, "udf esr", seen_esr);

    static uint64_t buf[4];
    uint64_t addr = (uint64_t)buf + 4, v;
    __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
    report("ldxr misaligned");
    a64_hex(" far-off", seen_far - (uint64_t)buf);
    CHECK((seen_esr >> 26) == 0x25 && (seen_esr & 0x3f) == 0x21, "align esr", seen_esr);
    CHECK(seen_far == addr, "align far", seen_far);

    __asm__ volatile("adr x30, 1f\n add x9, x30, #2\n br x9\n 1:" ::: "x9", "x30", "memory");
    report("pc align");
    CHECK((seen_esr >> 26) == 0x22, "pcalign esr", seen_esr);
    CHECK((seen_far & 3) == 2, "pcalign far", seen_far);

    /* EL0: an MRS of SCTLR_EL1 is UNDEFINED (lower-EL sync vector 8), then... */
    to_el0((uint64_t)el0_code);
    report("el0 mrs sctlr");
    CHECK(seen_vec == 8 && seen_esr == 0x02000000, "el0 undef", seen_esr);
    CHECK(seen_spsr == 0, "el0 spsr", seen_spsr);
    /* ... and its SVC, when the MRS is skipped. */
    to_el0((uint64_t)el0_code + 8);
    report("el0 svc");
    CHECK(seen_vec == 8 && seen_esr == 0x56000077, "el0 svc", seen_esr);
    a64_hex("CurrentEL back", MRS(CurrentEL));

    /* SPSel = 0: exceptions go to the SP0 vectors. */
    __asm__ volatile("mov x9, sp\n msr spsel, #0\n mov sp, x9\n svc #1\n msr spsel, #1"
                     ::: "x9", "memory");
    report("svc on sp0");
    CHECK(seen_vec == 0, "sp0 vec", seen_vec);

    a64_hex("failures", (uint64_t)a64_failures);
    return a64_failures;
}
