/* SPDX-License-Identifier: MIT */
/* RISC-V boards' interrupt wiring (riscv_wiring.h). */
#include "machines/riscv_wiring.h"

#include "cpu/riscv/cpu.h"

Clint *riscv_wire_clint(Machine *m, uint64_t base) {
    IrqLine msip[MACHINE_MAX_CPUS], mtip[MACHINE_MAX_CPUS];
    for (int i = 0; i < m->n_cpus; i++) {
        msip[i] = cpu_irq_line(m->cpus[i], RV_IRQ_MSI);
        mtip[i] = cpu_irq_line(m->cpus[i], RV_IRQ_MTI);
    }
    Clint *c = clint_create(msip, mtip, m->n_cpus, &m->timers);
    if (!c)
        return NULL;
    if (!clint_map(c, &m->mem, base)) {
        clint_free(c);
        return NULL;
    }
    for (int i = 0; i < m->n_cpus; i++)
        rv_cpu_set_time_source(rv_cpu(m->cpus[i]), clint_mtime, c);
    return c;
}

Plic *riscv_wire_plic(Machine *m, uint64_t base, int n_sources) {
    IrqLine ctx[2 * MACHINE_MAX_CPUS];
    for (int i = 0; i < m->n_cpus; i++) {
        ctx[2 * i] = cpu_irq_line(m->cpus[i], RV_IRQ_MEI);
        ctx[2 * i + 1] = cpu_irq_line(m->cpus[i], RV_IRQ_SEI);
    }
    return plic_create(&m->mem, base, n_sources, ctx, 2 * m->n_cpus);
}
