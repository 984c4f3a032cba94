/* SPDX-License-Identifier: MIT */
/* QEMU's generic PCIe host bridge (hw/pci-host/gpex.c; Linux binding
   Documentation/devicetree/bindings/pci/host-generic-pci.yaml, "pci-host-ecam-generic"):
   an ECAM configuration window (PCI Express Base 3.0, 7.2.2: bus << 20 | device << 15 |
   function << 12 | register), an I/O window, a 32-bit and a 64-bit memory window forwarded to
   one root bus, the host bridge function at 00:00.0 (1b36:0008, as QEMU's gpex-root) and
   INTA..INTD as four level lines. The board chooses every address and the interrupt
   controller inputs (riscv virt: PLIC 32..35; arm virt: GIC SPI 3..6), and describes them in
   its device tree (machines/pci_fdt.c). No MSI. */
#ifndef TERN_PCI_HOST_H
#define TERN_PCI_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/pci.h"
#include "system/memmap.h"

#define PCI_VENDOR_ID_REDHAT 0x1b36
#define PCI_DEVICE_ID_REDHAT_PCIE_HOST 0x0008
#define PCI_CLASS_BRIDGE_HOST 0x060000u

typedef struct PciHostConfig {
    uint64_t ecam_base, ecam_size;       /* 1 MiB per bus: bus-range 0..size/1MiB - 1 */
    uint64_t pio_base, pio_size;         /* CPU address of PCI I/O address 0 */
    uint64_t mmio_base, mmio_size;       /* 32-bit window, PCI address = CPU address */
    uint64_t mmio64_base, mmio64_size;   /* 64-bit window, PCI address = CPU address (0: none) */
    IrqLine intx[4];                     /* INTA..INTD after the swizzle */
} PciHostConfig;

typedef struct PciHost PciHost;

/* Maps the windows into m and puts the host bridge at 00:00.0. NULL (message on stderr) if a
   window overlaps something. */
PciHost *pci_host_create(MemMap *m, const PciHostConfig *c);
PciBus *pci_host_bus(PciHost *h);
/* Put d in function 0 of slot (-1: the first free slot, as QEMU numbers devices in
   command-line order); the host owns d from now on, even on failure (d is freed then).
   The slot used, or -1 when the bus is full or the slot taken. */
int pci_host_plug(PciHost *h, PciDevice *d, int slot);
void pci_host_poll(PciHost *h);
/* System reset: every function's config space to its power-on value, then its reset hook. */
void pci_host_reset(PciHost *h);
/* Frees every function and the host. The windows stay mapped: call it only when the machine
   is going away. */
void pci_host_free(PciHost *h);

#endif
