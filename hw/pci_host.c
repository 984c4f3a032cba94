/* SPDX-License-Identifier: MIT */
/* Generic ECAM PCIe host (see pci_host.h). Config accesses for a bus other than 0 or a
   missing function read all ones, as a master abort does; window accesses that no BAR
   decodes read all ones too and writes are dropped. */
#include "pci_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/log.h"

/* Both memory windows pass the CPU address through as the PCI address. */
typedef struct MemWindow {
    struct PciHost *h;
    uint64_t base;
} MemWindow;

struct PciHost {
    PciHostConfig cfg;
    PciBus bus;
    MemWindow win[2];                    /* 32-bit, 64-bit */
};

static void guest_error(const char *what, uint64_t addr) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("pci-host: %s (0x%llx)\n", what, (unsigned long long)addr);
}

static PciDevice *ecam_target(PciHost *h, uint64_t off) {
    unsigned bus = (unsigned)(off >> 20), devfn = (unsigned)(off >> 12) & 0xff;
    return bus == 0 ? h->bus.devs[devfn] : NULL;
}

static uint64_t ecam_read(void *opaque, uint64_t off, unsigned size) {
    PciDevice *d = ecam_target(opaque, off);
    if (!d)
        return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    return pci_config_read(d, (uint32_t)(off & 0xfff), size);
}

static void ecam_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    PciDevice *d = ecam_target(opaque, off);
    if (d)
        pci_config_write(d, (uint32_t)(off & 0xfff), (uint32_t)val, size);
}

static const MmioOps ecam_ops = {
    .read = ecam_read, .write = ecam_write, .min_size = 1, .max_size = 4,
};

static uint64_t pio_read(void *opaque, uint64_t off, unsigned size) {
    PciHost *h = opaque;
    uint64_t v;
    if (!pci_bus_read(&h->bus, true, off, size, &v))
        guest_error("I/O read decoded by no BAR", off);
    return v;
}

static void pio_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    PciHost *h = opaque;
    if (!pci_bus_write(&h->bus, true, off, size, val))
        guest_error("I/O write decoded by no BAR", off);
}

static const MmioOps pio_ops = {
    .read = pio_read, .write = pio_write, .min_size = 1, .max_size = 4,
};

static uint64_t mem_read(void *opaque, uint64_t off, unsigned size) {
    MemWindow *w = opaque;
    uint64_t v;
    if (!pci_bus_read(&w->h->bus, false, w->base + off, size, &v))
        guest_error("memory read decoded by no BAR", w->base + off);
    return v;
}

static void mem_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    MemWindow *w = opaque;
    if (!pci_bus_write(&w->h->bus, false, w->base + off, size, val))
        guest_error("memory write decoded by no BAR", w->base + off);
}

static const MmioOps mem_ops = {
    .read = mem_read, .write = mem_write, .min_size = 1, .max_size = 8,
};

static const PciDeviceOps host_bridge_ops = {0};

PciHost *pci_host_create(MemMap *m, const PciHostConfig *c) {
    PciHost *h = calloc(1, sizeof *h);
    PciDevice *bridge = calloc(1, sizeof *bridge);
    if (!h || !bridge) {
        free(h);
        free(bridge);
        fprintf(stderr, "tern: pci-host: out of memory\n");
        return NULL;
    }
    h->cfg = *c;
    pci_bus_init(&h->bus, c->intx);
    h->win[0] = (MemWindow){h, c->mmio_base};
    h->win[1] = (MemWindow){h, c->mmio64_base};
    bool ok = memmap_add_mmio(m, "pcie-ecam", c->ecam_base, c->ecam_size, &ecam_ops, h) &&
              memmap_add_mmio(m, "pcie-pio", c->pio_base, c->pio_size, &pio_ops, h) &&
              memmap_add_mmio(m, "pcie-mmio", c->mmio_base, c->mmio_size, &mem_ops, &h->win[0]);
    if (ok && c->mmio64_size)
        ok = memmap_add_mmio(m, "pcie-mmio-high", c->mmio64_base, c->mmio64_size, &mem_ops,
                             &h->win[1]);
    if (!ok) {
        free(bridge);
        free(h);
        return NULL;
    }
    pci_device_init(bridge, &host_bridge_ops, PCI_VENDOR_ID_REDHAT,
                    PCI_DEVICE_ID_REDHAT_PCIE_HOST, PCI_CLASS_BRIDGE_HOST, 0);
    pci_set_subsystem(bridge, 0x1af4, 0x1100);  /* QEMU's default subsystem IDs */
    pci_bus_plug(&h->bus, bridge, PCI_DEVFN(0, 0));
    return h;
}

PciBus *pci_host_bus(PciHost *h) { return &h->bus; }

int pci_host_plug(PciHost *h, PciDevice *d, int slot) {
    if (slot < 0)
        slot = pci_bus_free_slot(&h->bus, 0);
    if (slot < 0 || slot >= PCI_SLOTS || !pci_bus_plug(&h->bus, d, PCI_DEVFN(slot, 0))) {
        if (d->ops && d->ops->free)
            d->ops->free(d);
        else
            free(d);
        return -1;
    }
    return slot;
}

void pci_host_poll(PciHost *h) { pci_bus_poll(&h->bus); }
void pci_host_reset(PciHost *h) { pci_bus_reset(&h->bus); }

void pci_host_free(PciHost *h) {
    if (!h)
        return;
    pci_bus_free(&h->bus);
    free(h);
}
