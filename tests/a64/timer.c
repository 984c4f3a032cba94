/* SPDX-License-Identifier: MIT */
/* The generic timer (Arm ARM D11): CNTFRQ, a counting CNTVCT, CNTV_TVAL/CVAL, ISTATUS; WFI with
   PSTATE.I set wakes on the pending timer without taking it; with I clear the IRQ is taken at
   the current-EL SPx IRQ vector (VBAR + 0x280) through the virt board's GICv2 (INTID 27,
   acknowledged in GICC_IAR, ended in GICC_EOIR; 1023 when nothing is pending);
   CNTV_CTL.IMASK silences it. */
#include "a64lib.h"

#define GICD 0x08000000ull
#define GICC 0x08010000ull
static void w32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static uint32_t r32(uint64_t a) { return *(volatile uint32_t *)a; }

static volatile uint64_t irqs, irq_vec, ctl_in_irq, irq_id;

void a64_exception(uint64_t vec, Frame *f)
{
    (void)f;
    if ((vec & 3) != 1) {
        a64_hex("unexpected exception", vec);
        a64_hex(" esr", MRS(esr_el1));
        a64_exit(99);
    }
    irq_vec = vec;
    uint32_t iar = r32(GICC + 0xc);
    irq_id = iar;
    ctl_in_irq = MRS(cntv_ctl_el0);
    MSR(cntv_ctl_el0, 3);             /* IMASK: the line goes low */
    w32(GICC + 0x10, iar);
    irqs++;
}

int main(void)
{
    w32(GICD + 0x0, 1);
    w32(GICD + 0x100, 1u << 27);
    w32(GICC + 0x4, 0xff);
    w32(GICC + 0x0, 1);

    a64_hex("cntfrq", MRS(cntfrq_el0));
    uint64_t t0 = MRS(cntvct_el0);
    for (volatile int i = 0; i < 100000; i++)
        ;
    uint64_t t1 = MRS(cntvct_el0);
    a64_puts(t1 > t0 ? "counter counts\n" : "counter stuck\n");
    CHECK(t1 > t0, "counter", t1 - t0);

    /* WFI with I masked: wakes on the pending timer, no interrupt taken. */
    MSR(cntv_tval_el0, 625000);       /* 10 ms */
    MSR(cntv_ctl_el0, 1);
    a64_hex("ctl before (enable, imask)", MRS(cntv_ctl_el0) & 3);
    __asm__ volatile("wfi");
    while (!(MRS(cntv_ctl_el0) & 4))
        __asm__ volatile("wfi");
    a64_hex("ctl after wfi", MRS(cntv_ctl_el0));
    a64_hex("irqs while masked", irqs);
    CHECK(irqs == 0, "masked", irqs);
    CHECK((int64_t)(MRS(cntvct_el0) - MRS(cntv_cval_el0)) >= 0, "early", 0);
    int32_t tval = (int32_t)MRS(cntv_tval_el0);
    a64_puts(tval <= 0 ? "tval expired\n" : "tval positive\n");

    /* Unmask: the pending IRQ is taken at once. */
    __asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
    for (volatile int i = 0; i < 1000 && !irqs; i++)
        ;
    a64_hex("irqs", irqs);
    a64_hex("irq vec", irq_vec);
    a64_hex("ctl in irq", ctl_in_irq);
    a64_hex("GICC_IAR", irq_id);
    CHECK(irq_id == 27, "intid", irq_id);
    a64_hex("GICC_IAR when idle", r32(GICC + 0xc));
    CHECK(irqs == 1 && irq_vec == 5, "irq", irqs);

    /* Again through WFI with I clear: the interrupt wakes and is taken. */
    MSR(cntv_tval_el0, 62500);
    MSR(cntv_ctl_el0, 1);
    while (irqs < 2)
        __asm__ volatile("wfi");
    a64_hex("irqs after wfi", irqs);
    __asm__ volatile("msr daifset, #2");
    MSR(cntv_ctl_el0, 0);
    a64_hex("ctl off", MRS(cntv_ctl_el0));
    a64_hex("failures", (uint64_t)a64_failures);
    return a64_failures;
}
