/* SPDX-License-Identifier: MIT */
/* Conventional PCI functions on one bus (PCI Local Bus Specification 3.0, chapter 6
   "Configuration Space"): type 0 headers with per-byte write masks, BARs the guest sizes by
   writing all ones and places itself, a capability list, INTx pins with the standard swizzle
   onto four host lines, and address decoding of the memory and I/O spaces the host bridge
   forwards. Board- and architecture-neutral: a host bridge (hw/pci_host.c) gives it its
   windows and interrupt lines. */
#ifndef TERN_PCI_H
#define TERN_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "system/memmap.h"

#define PCI_CONFIG_SPACE_SIZE 256u
#define PCI_SLOTS 32
#define PCI_NUM_BARS 6
#define PCI_DEVFN(slot, fn) ((uint8_t)(((slot) << 3) | (fn)))

/* Type 0 header registers. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION_ID 0x08
#define PCI_CLASS_PROG 0x09
#define PCI_CLASS_DEVICE 0x0a
#define PCI_CACHE_LINE_SIZE 0x0c
#define PCI_LATENCY_TIMER 0x0d
#define PCI_HEADER_TYPE 0x0e
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_ROM_ADDRESS 0x30
#define PCI_CAPABILITY_LIST 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d
#define PCI_CAP_START 0x40                /* first byte after the header */

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_PARITY 0x40
#define PCI_COMMAND_SERR 0x100
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_INTERRUPT 0x8
#define PCI_STATUS_CAP_LIST 0x10

/* The low bits of a BAR (6.2.5.1). */
#define PCI_BAR_SPACE_IO 0x1
#define PCI_BAR_MEM_TYPE_64 0x4
#define PCI_BAR_MEM_PREFETCH 0x8

#define PCI_CAP_ID_VNDR 0x09

#define PCI_BAR_UNMAPPED UINT64_MAX

typedef struct PciDevice PciDevice;
typedef struct PciBus PciBus;

/* What a function model provides besides its config space. All optional. */
typedef struct PciDeviceOps {
    /* System reset, after the config space went back to its power-on values. */
    void (*reset)(PciDevice *d);
    /* CPU thread (Machine.poll): finish asynchronous work. */
    void (*poll)(PciDevice *d);
    /* Config-space side effects: called after the generic write of [off, off + size). */
    void (*config_written)(PciDevice *d, uint32_t off, unsigned size);
    /* Config-space reads with side effects or computed values: may replace *val. */
    void (*config_read)(PciDevice *d, uint32_t off, unsigned size, uint32_t *val);
    /* Release everything, including d. */
    void (*free)(PciDevice *d);
} PciDeviceOps;

typedef struct PciBar {
    uint64_t size;                        /* 0: not implemented */
    uint8_t flags;                        /* PCI_BAR_SPACE_IO, PCI_BAR_MEM_TYPE_64, ... */
    const MmioOps *ops;                   /* accesses at offsets [0, size) */
    void *opaque;
} PciBar;

/* Embedded first in a function model's state. */
struct PciDevice {
    const PciDeviceOps *ops;
    PciBus *bus;
    uint8_t devfn;
    uint8_t config[PCI_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCI_CONFIG_SPACE_SIZE];      /* bits the guest may write */
    uint8_t w1cmask[PCI_CONFIG_SPACE_SIZE];    /* bits a 1 clears (status) */
    uint8_t power_on[PCI_CONFIG_SPACE_SIZE];   /* config at reset (taken at plug time) */
    PciBar bar[PCI_NUM_BARS];
    int intx_level;                            /* what the function drives on its pin */
    int intx_routed;                           /* counted on the bus line (not disabled) */
    unsigned cap_end;                          /* where the next capability goes */
    char name[32];                             /* "00:01.0" once plugged */
};

/* A type 0 header: IDs, class (base << 16 | sub << 8 | prog-if), revision. The guest may
   write Command (I/O, memory, bus master, parity, SERR, INTx disable), the status error
   bits (write 1 to clear), cache line size, latency timer and interrupt line. */
void pci_device_init(PciDevice *d, const PciDeviceOps *ops, uint16_t vendor, uint16_t device,
                     uint32_t class_code, uint8_t revision);
void pci_set_subsystem(PciDevice *d, uint16_t vendor, uint16_t id);
/* 1..4 for INTA..INTD; 0: no interrupt pin. */
void pci_set_interrupt_pin(PciDevice *d, uint8_t pin);
/* BAR idx of size bytes (a power of two: at least 16 for memory, 4 for I/O). A 64-bit BAR
   uses idx and idx + 1. False if it does not fit. */
bool pci_register_bar(PciDevice *d, int idx, uint64_t size, uint8_t flags, const MmioOps *ops,
                      void *opaque);
/* Append a capability of len bytes (id, next pointer, then len - 2 bytes of body, all read
   only unless the caller sets wmask): its config offset, or 0 when the space is full. */
unsigned pci_add_capability(PciDevice *d, uint8_t id, unsigned len);
/* Where BAR idx decodes now: its address in its space (PCI memory or I/O), or
   PCI_BAR_UNMAPPED when the space is disabled in Command or the BAR was not placed. */
uint64_t pci_bar_address(const PciDevice *d, int idx);
/* Config space accesses of 1, 2 or 4 bytes, naturally aligned, off < 4096 (beyond 256: 0). */
uint32_t pci_config_read(PciDevice *d, uint32_t off, unsigned size);
void pci_config_write(PciDevice *d, uint32_t off, uint32_t val, unsigned size);
/* The function's INTx level (level-triggered, through its interrupt pin). */
void pci_set_irq(PciDevice *d, int level);
/* An IrqLine that drives pci_set_irq (for models wired to IrqLines). */
IrqLine pci_irq_line(PciDevice *d);

/* --- the bus --- */

struct PciBus {
    PciDevice *devs[256];                 /* by devfn */
    PciDevice *plugged[256];              /* the same, densely, for decoding */
    int n_plugged;
    IrqLine intx[4];                      /* the host's INTA..INTD inputs */
    int intx_count[4];                    /* functions asserting each */
};

/* intx: the four host lines a function's pin reaches after the swizzle
   line = (slot + pin - 1) % 4 (PCI-to-PCI Bridge Architecture 1.2, 9.1). */
void pci_bus_init(PciBus *b, const IrqLine intx[4]);
/* Put d at devfn (function 0 of a slot); the bus owns d from now on. False if taken. */
bool pci_bus_plug(PciBus *b, PciDevice *d, uint8_t devfn);
/* The first slot with nothing in function 0, from first on; -1 when all are taken. */
int pci_bus_free_slot(const PciBus *b, int first);
/* An access to PCI memory (io false) or I/O space: forwarded to the BAR that decodes addr,
   true; false when none does (reads then see all ones, writes are dropped). */
bool pci_bus_read(PciBus *b, bool io, uint64_t addr, unsigned size, uint64_t *val);
bool pci_bus_write(PciBus *b, bool io, uint64_t addr, unsigned size, uint64_t val);
void pci_bus_reset(PciBus *b);
void pci_bus_poll(PciBus *b);
void pci_bus_free(PciBus *b);

#endif
