/* SPDX-License-Identifier: MIT */
/* The device tree node of a generic ECAM PCIe host (hw/pci_host.h), as QEMU writes it for its
   virt boards (Linux binding pci/host-generic-pci.yaml, "pci-host-ecam-generic"; interrupt
   mapping per the Open Firmware PCI bus binding, IEEE 1275 "PCI Bus Binding" 2.1.1 and the
   devicetree spec's interrupt-map): reg, ranges for the I/O, 32-bit and 64-bit memory
   windows, bus-range, and an interrupt-map giving the swizzled INTA..INTD of slots 0..3
   (mask 0x1800: slot bits 3-4) in the board's interrupt controller's terms. */
#ifndef TERN_PCI_FDT_H
#define TERN_PCI_FDT_H

#include <stdint.h>

#include "hw/pci_host.h"

#define PCI_FDT_MAX_IRQ_CELLS 3

typedef struct PciFdtConfig {
    const PciHostConfig *host;           /* the windows (intx is not read) */
    uint32_t intc_phandle;               /* interrupt parent of INTA..INTD */
    unsigned intc_address_cells;         /* its #address-cells (PLIC: 0, GICv3: 2) */
    unsigned irq_cells;                  /* its #interrupt-cells (PLIC: 1, GIC: 3) */
    uint32_t irq[4][PCI_FDT_MAX_IRQ_CELLS];  /* INTA..INTD as the controller's specifiers */
} PciFdtConfig;

/* Writes the node pci@ECAM_BASE with libfdt's sequential writer at the current position.
   0 or a negative libfdt error. */
int pci_fdt_build(void *fdt, const PciFdtConfig *c);

#endif
