/* SPDX-License-Identifier: MIT */
/* How the RISC-V boards connect their interrupt controllers to the harts, as QEMU's
   hw/riscv/virt.c does with qdev GPIOs: the CLINT drives each hart's MSIP and MTIP and is its
   time source; PLIC context 2h drives hart h's MEIP and 2h+1 its SEIP. Only IRQ lines
   (cpu_irq_line) and the machine's timer service connect them. */
#ifndef TERN_RISCV_WIRING_H
#define TERN_RISCV_WIRING_H

#include <stdint.h>

#include "hw/clint.h"
#include "hw/plic.h"
#include "system/machine.h"

/* A CLINT at base wired to every hart of m. NULL if it cannot be created or mapped. */
Clint *riscv_wire_clint(Machine *m, uint64_t base);
/* A PLIC at base with n_sources (counting source 0) and two contexts per hart of m. */
Plic *riscv_wire_plic(Machine *m, uint64_t base, int n_sources);

#endif
