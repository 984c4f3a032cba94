/* SPDX-License-Identifier: MIT */
/* PCI configuration space and bus decoding (PCI Local Bus Specification 3.0, 6.1-6.2 header,
   6.2.5 BARs, 6.7 capabilities list; INTx swizzle from the PCI-to-PCI Bridge Architecture
   1.2, 9.1). Config writes go through per-byte write and write-1-to-clear masks, so BAR
   sizing falls out of the masks: writing all ones reads back ~(size - 1) plus the type bits. */
#include "pci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rd_le(const uint8_t *p, unsigned n) {
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static void wr_le(uint8_t *p, uint32_t v, unsigned n) {
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void set_wmask(PciDevice *d, unsigned off, uint32_t mask, unsigned n) {
    wr_le(&d->wmask[off], mask, n);
}

void pci_device_init(PciDevice *d, const PciDeviceOps *ops, uint16_t vendor, uint16_t device,
                     uint32_t class_code, uint8_t revision) {
    memset(d, 0, sizeof *d);
    d->ops = ops;
    wr_le(&d->config[PCI_VENDOR_ID], vendor, 2);
    wr_le(&d->config[PCI_DEVICE_ID], device, 2);
    d->config[PCI_REVISION_ID] = revision;
    wr_le(&d->config[PCI_CLASS_PROG], class_code & 0xffffff, 3);
    d->config[PCI_HEADER_TYPE] = 0;      /* type 0, single function */
    set_wmask(d, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                              PCI_COMMAND_PARITY | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE, 2);
    wr_le(&d->w1cmask[PCI_STATUS], 0xf900, 2);  /* parity, aborts, SERR, master data parity */
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_LATENCY_TIMER] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    d->cap_end = PCI_CAP_START;
    snprintf(d->name, sizeof d->name, "pci %04x:%04x", vendor, device);
}

void pci_set_subsystem(PciDevice *d, uint16_t vendor, uint16_t id) {
    wr_le(&d->config[PCI_SUBSYSTEM_VENDOR_ID], vendor, 2);
    wr_le(&d->config[PCI_SUBSYSTEM_ID], id, 2);
}

void pci_set_interrupt_pin(PciDevice *d, uint8_t pin) {
    d->config[PCI_INTERRUPT_PIN] = pin <= 4 ? pin : 0;
}

bool pci_register_bar(PciDevice *d, int idx, uint64_t size, uint8_t flags, const MmioOps *ops,
                      void *opaque) {
    bool io = flags & PCI_BAR_SPACE_IO, is64 = !io && (flags & PCI_BAR_MEM_TYPE_64);
    if (idx < 0 || idx + is64 >= PCI_NUM_BARS || d->bar[idx].size ||
        (is64 && d->bar[idx + 1].size) || size < (io ? 4u : 16u) || (size & (size - 1)) || (!is64 && size > 0x80000000ull) ||
        (io && size > 256))
        return false;
    flags &= io ? PCI_BAR_SPACE_IO : PCI_BAR_MEM_TYPE_64 | PCI_BAR_MEM_PREFETCH;
    d->bar[idx] = (PciBar){.size = size, .flags = flags, .ops = ops, .opaque = opaque};
    unsigned off = PCI_BASE_ADDRESS_0 + 4 * (unsigned)idx;
    uint64_t mask = ~(size - 1);
    wr_le(&d->config[off], flags, 4);
    set_wmask(d, off, (uint32_t)mask & (io ? ~3u : ~15u), 4);
    if (is64) {
        wr_le(&d->config[off + 4], 0, 4);
        set_wmask(d, off + 4, (uint32_t)(mask >> 32), 4);
    }
    return true;
}

unsigned pci_add_capability(PciDevice *d, uint8_t id, unsigned len) {
    unsigned off = (d->cap_end + 3) & ~3u;
    if (len < 2 || off + len > PCI_CONFIG_SPACE_SIZE)
        return 0;
    d->config[off] = id;
    d->config[off + 1] = 0;
    /* Appended at the end of the chain, so the guest walks them in the order added. */
    if (!(d->config[PCI_STATUS] & PCI_STATUS_CAP_LIST)) {
        d->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
        d->config[PCI_CAPABILITY_LIST] = (uint8_t)off;
    } else {
        unsigned p = d->config[PCI_CAPABILITY_LIST];
        while (d->config[p + 1])
            p = d->config[p + 1];
        d->config[p + 1] = (uint8_t)off;
    }
    d->cap_end = off + len;
    return off;
}

uint64_t pci_bar_address(const PciDevice *d, int idx) {
    if (idx < 0 || idx >= PCI_NUM_BARS || !d->bar[idx].size)
        return PCI_BAR_UNMAPPED;
    const PciBar *b = &d->bar[idx];
    uint16_t cmd = (uint16_t)rd_le(&d->config[PCI_COMMAND], 2);
    bool io = b->flags & PCI_BAR_SPACE_IO;
    if (!(cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY)))
        return PCI_BAR_UNMAPPED;
    unsigned off = PCI_BASE_ADDRESS_0 + 4 * (unsigned)idx;
    uint64_t addr = rd_le(&d->config[off], 4) & (io ? ~3u : ~15u);
    if (!io && (b->flags & PCI_BAR_MEM_TYPE_64))
        addr |= (uint64_t)rd_le(&d->config[off + 4], 4) << 32;
    /* 0 is where a BAR sits before the guest placed it; a BAR running past the end of the
       space is a sizing pattern, not a placement. */
    if (addr == 0 || addr + (b->size - 1) < addr)
        return PCI_BAR_UNMAPPED;
    return addr;
}

static int swizzled_line(const PciDevice *d) {
    unsigned pin = d->config[PCI_INTERRUPT_PIN];
    return (int)(((d->devfn >> 3) + pin - 1) % 4);
}

static void route_intx(PciDevice *d) {
    uint16_t cmd = (uint16_t)rd_le(&d->config[PCI_COMMAND], 2);
    int want = d->intx_level && d->config[PCI_INTERRUPT_PIN] && d->bus &&
               !(cmd & PCI_COMMAND_INTX_DISABLE);
    if (d->intx_level)
        d->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    else
        d->config[PCI_STATUS] &= (uint8_t)~PCI_STATUS_INTERRUPT;
    if (want == d->intx_routed)
        return;
    d->intx_routed = want;
    PciBus *b = d->bus;
    int line = swizzled_line(d);
    b->intx_count[line] += want ? 1 : -1;
    irq_set(b->intx[line], b->intx_count[line] > 0);
}

void pci_set_irq(PciDevice *d, int level) {
    d->intx_level = level != 0;
    route_intx(d);
}

static void irq_line_set(void *opaque, int n, int level) {
    (void)n;
    pci_set_irq(opaque, level);
}

IrqLine pci_irq_line(PciDevice *d) { return (IrqLine){.set = irq_line_set, .opaque = d}; }

static bool config_access_ok(uint32_t off, unsigned size) {
    return (size == 1 || size == 2 || size == 4) && !(off & (size - 1)) && off < 4096;
}

uint32_t pci_config_read(PciDevice *d, uint32_t off, unsigned size) {
    if (!config_access_ok(off, size))
        return 0xffffffffu;
    if (off >= PCI_CONFIG_SPACE_SIZE)
        return 0;                        /* no PCIe extended space on a conventional function */
    uint32_t v = rd_le(&d->config[off], size);
    if (d->ops && d->ops->config_read)
        d->ops->config_read(d, off, size, &v);
    return v;
}

void pci_config_write(PciDevice *d, uint32_t off, uint32_t val, unsigned size) {
    if (!config_access_ok(off, size) || off >= PCI_CONFIG_SPACE_SIZE)
        return;
    for (unsigned i = 0; i < size; i++) {
        uint8_t v = (uint8_t)(val >> (8 * i)), wm = d->wmask[off + i];
        uint8_t *c = &d->config[off + i];
        *c = (uint8_t)((*c & ~wm) | (v & wm));
        *c &= (uint8_t)~(v & d->w1cmask[off + i]);
    }
    if (off < PCI_COMMAND + 2 && off + size > PCI_COMMAND)
        route_intx(d);
    if (d->ops && d->ops->config_written)
        d->ops->config_written(d, off, size);
}

/* --- bus --- */

void pci_bus_init(PciBus *b, const IrqLine intx[4]) {
    memset(b, 0, sizeof *b);
    for (int i = 0; i < 4; i++)
        b->intx[i] = intx ? intx[i] : (IrqLine){0};
}

bool pci_bus_plug(PciBus *b, PciDevice *d, uint8_t devfn) {
    if (b->devs[devfn])
        return false;
    b->devs[devfn] = d;
    b->plugged[b->n_plugged++] = d;
    d->bus = b;
    d->devfn = devfn;
    snprintf(d->name, sizeof d->name, "00:%02x.%x", devfn >> 3, devfn & 7);
    memcpy(d->power_on, d->config, sizeof d->config);
    route_intx(d);
    return true;
}

int pci_bus_free_slot(const PciBus *b, int first) {
    for (int s = first < 0 ? 0 : first; s < PCI_SLOTS; s++)
        if (!b->devs[PCI_DEVFN(s, 0)])
            return s;
    return -1;
}

static const PciBar *decode(PciBus *b, bool io, uint64_t addr, unsigned size, uint64_t *off) {
    for (int k = 0; k < b->n_plugged; k++) {
        PciDevice *d = b->plugged[k];
        for (int i = 0; i < PCI_NUM_BARS; i++) {
            const PciBar *bar = &d->bar[i];
            if (!bar->size || !(bar->flags & PCI_BAR_SPACE_IO) != !io)
                continue;
            uint64_t base = pci_bar_address(d, i);
            if (base != PCI_BAR_UNMAPPED && addr >= base && addr - base < bar->size &&
                size <= bar->size - (addr - base)) {
                *off = addr - base;
                return bar;
            }
        }
    }
    return NULL;
}

bool pci_bus_read(PciBus *b, bool io, uint64_t addr, unsigned size, uint64_t *val) {
    uint64_t off;
    const PciBar *bar = decode(b, io, addr, size, &off);
    if (!bar || !bar->ops || size < bar->ops->min_size) {
        *val = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
        return false;
    }
    unsigned step = size > bar->ops->max_size ? bar->ops->max_size : size;
    *val = 0;
    for (unsigned i = 0; i < size; i += step)
        *val |= bar->ops->read(bar->opaque, off + i, step) << (8 * i);
    return true;
}

bool pci_bus_write(PciBus *b, bool io, uint64_t addr, unsigned size, uint64_t val) {
    uint64_t off;
    const PciBar *bar = decode(b, io, addr, size, &off);
    if (!bar || !bar->ops || size < bar->ops->min_size)
        return false;
    unsigned step = size > bar->ops->max_size ? bar->ops->max_size : size;
    for (unsigned i = 0; i < size; i += step)
        bar->ops->write(bar->opaque, off + i, val >> (8 * i), step);
    return true;
}

void pci_bus_reset(PciBus *b) {
    for (int k = 0; k < b->n_plugged; k++) {
        PciDevice *d = b->plugged[k];
        memcpy(d->config, d->power_on, sizeof d->config);
        if (d->ops && d->ops->reset)
            d->ops->reset(d);
        route_intx(d);
    }
}

void pci_bus_poll(PciBus *b) {
    for (int k = 0; k < b->n_plugged; k++)
        if (b->plugged[k]->ops && b->plugged[k]->ops->poll)
            b->plugged[k]->ops->poll(b->plugged[k]);
}

void pci_bus_free(PciBus *b) {
    b->n_plugged = 0;
    for (int f = 0; f < 256; f++) {
        PciDevice *d = b->devs[f];
        b->devs[f] = NULL;
        if (!d)
            continue;
        if (d->ops && d->ops->free)
            d->ops->free(d);
        else
            free(d);
    }
}
