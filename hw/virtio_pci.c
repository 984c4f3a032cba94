/* SPDX-License-Identifier: MIT */
/* The modern virtio-pci transport (virtio 1.x, 4.1.4 capabilities and structure layout,
   4.1.5 device operation): decodes the BAR 4 structures into VirtioCore calls. Common
   configuration fields take accesses of their own width (64-bit queue addresses as two
   32-bit halves, 4.1.3.1); the ISR byte is acknowledged by reading it (4.1.4.5); a queue is
   notified by a write at queue_notify_off * notify_off_multiplier (4.1.4.4). */
#include "virtio_pci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct VirtioPci {
    PciDevice pci;                       /* first: the PciDevice is the VirtioPci */
    VirtioCore core;
    uint32_t dfselect, gfselect;
    uint16_t queue_sel;
    unsigned cfg_cap;                    /* config offset of the PCI configuration access cap */
};

uint32_t virtio_pci_class_code(uint32_t device_id) {
    switch (device_id) {
    case VIRTIO_ID_NET: return 0x020000;      /* network, Ethernet */
    case VIRTIO_ID_BLOCK: return 0x010000;    /* mass storage, SCSI (as QEMU) */
    case VIRTIO_ID_CONSOLE: return 0x078000;  /* communication, other */
    default: return 0x00ff00;                 /* QEMU's PCI_CLASS_OTHERS (virtio-rng) */
    }
}

static void guest_error(const VirtioPci *t, const char *what, uint64_t val) {
    virtio_core_guest_error(&t->core, what, val);
}

static uint64_t common_read(VirtioPci *t, uint32_t off, unsigned size) {
    VirtioCore *c = &t->core;
    VirtioQueueState *q = virtio_core_queue(c, t->queue_sel);
    uint64_t v = 0;
    unsigned want = 4;
    switch (off) {
    case VIRTIO_PCI_COMMON_DFSELECT: v = t->dfselect; break;
    case VIRTIO_PCI_COMMON_DF:
        v = t->dfselect < 2 ? (uint32_t)(virtio_core_offered(c) >> (32 * t->dfselect)) : 0;
        break;
    case VIRTIO_PCI_COMMON_GFSELECT: v = t->gfselect; break;
    case VIRTIO_PCI_COMMON_GF:
        v = t->gfselect < 2 ? (uint32_t)(c->driver_features >> (32 * t->gfselect)) : 0;
        break;
    case VIRTIO_PCI_COMMON_MSIX: v = VIRTIO_MSI_NO_VECTOR; want = 2; break;
    case VIRTIO_PCI_COMMON_NUMQ: v = c->dev->ops->num_queues; want = 2; break;
    case VIRTIO_PCI_COMMON_STATUS: v = c->status; want = 1; break;
    case VIRTIO_PCI_COMMON_CFGGENERATION: v = c->config_gen & 0xff; want = 1; break;
    case VIRTIO_PCI_COMMON_Q_SELECT: v = t->queue_sel; want = 2; break;
    case VIRTIO_PCI_COMMON_Q_SIZE: v = q ? q->num : 0; want = 2; break;
    case VIRTIO_PCI_COMMON_Q_MSIX: v = VIRTIO_MSI_NO_VECTOR; want = 2; break;
    case VIRTIO_PCI_COMMON_Q_ENABLE: v = q ? q->ready : 0; want = 2; break;
    case VIRTIO_PCI_COMMON_Q_NOFF: v = q ? t->queue_sel : 0; want = 2; break;
    case VIRTIO_PCI_COMMON_Q_DESCLO: v = q ? (uint32_t)q->desc : 0; break;
    case VIRTIO_PCI_COMMON_Q_DESCHI: v = q ? q->desc >> 32 : 0; break;
    case VIRTIO_PCI_COMMON_Q_AVAILLO: v = q ? (uint32_t)q->driver : 0; break;
    case VIRTIO_PCI_COMMON_Q_AVAILHI: v = q ? q->driver >> 32 : 0; break;
    case VIRTIO_PCI_COMMON_Q_USEDLO: v = q ? (uint32_t)q->device : 0; break;
    case VIRTIO_PCI_COMMON_Q_USEDHI: v = q ? q->device >> 32 : 0; break;
    case VIRTIO_PCI_COMMON_Q_NDATA: case VIRTIO_PCI_COMMON_Q_RESET: want = 2; break;
    default:
        guest_error(t, "common config read of no field", off);
        return 0;
    }
    if (size != want) {
        guest_error(t, "common config read of the wrong width", off);
        return 0;
    }
    return v;
}

static void set_lo(uint64_t *f, uint32_t v) { *f = (*f & ~0xffffffffull) | v; }
static void set_hi(uint64_t *f, uint32_t v) { *f = (*f & 0xffffffffull) | (uint64_t)v << 32; }

static unsigned common_width(uint32_t off) {
    if (off == VIRTIO_PCI_COMMON_STATUS || off == VIRTIO_PCI_COMMON_CFGGENERATION)
        return 1;
    if (off >= VIRTIO_PCI_COMMON_MSIX && off <= VIRTIO_PCI_COMMON_Q_NOFF)
        return 2;
    return off >= VIRTIO_PCI_COMMON_Q_NDATA ? 2 : 4;
}

static void common_write(VirtioPci *t, uint32_t off, uint32_t val, unsigned size) {
    VirtioCore *c = &t->core;
    if (size != common_width(off)) {
        guest_error(t, "common config write of the wrong width", off);
        return;
    }
    VirtioQueueState *q = virtio_core_queue(c, t->queue_sel);
    switch (off) {
    case VIRTIO_PCI_COMMON_DFSELECT: t->dfselect = val; return;
    case VIRTIO_PCI_COMMON_GFSELECT: t->gfselect = val; return;
    case VIRTIO_PCI_COMMON_GF: virtio_core_write_driver_features(c, t->gfselect, val); return;
    case VIRTIO_PCI_COMMON_MSIX: case VIRTIO_PCI_COMMON_Q_MSIX:
        return;                          /* no MSI-X: reads keep saying NO_VECTOR */
    case VIRTIO_PCI_COMMON_STATUS:
        virtio_core_write_status(c, val & 0xff);
        if ((val & 0xff) == 0)
            t->dfselect = t->gfselect = t->queue_sel = 0;
        return;
    case VIRTIO_PCI_COMMON_Q_SELECT: t->queue_sel = (uint16_t)val; return;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        /* 4.1.4.3.2: the driver MUST NOT write 0; queue_reset is not offered. */
        if (val == 1)
            virtio_core_set_queue_ready(c, t->queue_sel, true);
        else
            guest_error(t, "queue_enable written with other than 1", val);
        return;
    case VIRTIO_PCI_COMMON_Q_SIZE:
    case VIRTIO_PCI_COMMON_Q_DESCLO: case VIRTIO_PCI_COMMON_Q_DESCHI:
    case VIRTIO_PCI_COMMON_Q_AVAILLO: case VIRTIO_PCI_COMMON_Q_AVAILHI:
    case VIRTIO_PCI_COMMON_Q_USEDLO: case VIRTIO_PCI_COMMON_Q_USEDHI:
        if (!q || q->ready) {
            guest_error(t, "queue setup written while enabled or for no queue", off);
            return;
        }
        switch (off) {
        case VIRTIO_PCI_COMMON_Q_SIZE: q->num = val; break;  /* checked at enable */
        case VIRTIO_PCI_COMMON_Q_DESCLO: set_lo(&q->desc, val); break;
        case VIRTIO_PCI_COMMON_Q_DESCHI: set_hi(&q->desc, val); break;
        case VIRTIO_PCI_COMMON_Q_AVAILLO: set_lo(&q->driver, val); break;
        case VIRTIO_PCI_COMMON_Q_AVAILHI: set_hi(&q->driver, val); break;
        case VIRTIO_PCI_COMMON_Q_USEDLO: set_lo(&q->device, val); break;
        case VIRTIO_PCI_COMMON_Q_USEDHI: set_hi(&q->device, val); break;
        }
        return;
    default:
        guest_error(t, "common config write to a read-only or unknown field", off);
        return;
    }
}

static uint64_t bar_read(void *opaque, uint64_t off, unsigned size) {
    VirtioPci *t = opaque;
    uint32_t region = (uint32_t)off & ~(VIRTIO_PCI_REGION_SIZE - 1);
    uint32_t o = (uint32_t)off & (VIRTIO_PCI_REGION_SIZE - 1);
    uint64_t v = 0;
    switch (region) {
    case VIRTIO_PCI_COMMON_OFF: return common_read(t, o, size);
    case VIRTIO_PCI_ISR_OFF: return o == 0 ? virtio_core_isr_take(&t->core) : 0;
    case VIRTIO_PCI_DEVICE_OFF: virtio_core_config_read(&t->core, o, size, &v); return v;
    default: return 0;                   /* notifications are write-only */
    }
}

static void bar_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    VirtioPci *t = opaque;
    uint32_t region = (uint32_t)off & ~(VIRTIO_PCI_REGION_SIZE - 1);
    uint32_t o = (uint32_t)off & (VIRTIO_PCI_REGION_SIZE - 1);
    switch (region) {
    case VIRTIO_PCI_COMMON_OFF: common_write(t, o, (uint32_t)val, size); return;
    case VIRTIO_PCI_DEVICE_OFF: virtio_core_config_write(&t->core, o, size, val); return;
    case VIRTIO_PCI_NOTIFY_OFF:
        /* queue_notify_off is the queue index; without VIRTIO_F_NOTIFICATION_DATA the value
           written is the index too, but the address is what identifies the queue. */
        virtio_core_notify(&t->core, o / VIRTIO_PCI_NOTIFY_MULTIPLIER);
        return;
    default:
        guest_error(t, "write to the ISR", off);
        return;
    }
}

static const MmioOps bar_ops = {
    .read = bar_read, .write = bar_write, .min_size = 1, .max_size = 4,
};

/* --- PCI configuration access capability (4.1.4.9) --- */

static bool cfg_window(VirtioPci *t, uint32_t *off, unsigned *len) {
    const uint8_t *cap = &t->pci.config[t->cfg_cap];
    *off = (uint32_t)cap[VIRTIO_PCI_CAP_OFFSET] | (uint32_t)cap[VIRTIO_PCI_CAP_OFFSET + 1] << 8 |
           (uint32_t)cap[VIRTIO_PCI_CAP_OFFSET + 2] << 16 |
           (uint32_t)cap[VIRTIO_PCI_CAP_OFFSET + 3] << 24;
    *len = cap[VIRTIO_PCI_CAP_LENGTH];
    return cap[VIRTIO_PCI_CAP_BAR] == VIRTIO_PCI_BAR && (*len == 1 || *len == 2 || *len == 4) &&
           !(*off & (*len - 1)) && *off < VIRTIO_PCI_BAR_SIZE;
}

static void config_written(PciDevice *d, uint32_t off, unsigned size) {
    VirtioPci *t = (VirtioPci *)d;
    uint32_t data = t->cfg_cap + VIRTIO_PCI_CFG_CAP_DATA;
    uint32_t boff;
    unsigned len;
    if (off + size <= data || off >= data + 4 || !cfg_window(t, &boff, &len))
        return;
    uint32_t v = 0;
    for (unsigned i = 0; i < len; i++)
        v |= (uint32_t)d->config[data + i] << (8 * i);
    bar_write(t, boff, v, len);
}

static void config_read(PciDevice *d, uint32_t off, unsigned size, uint32_t *val) {
    VirtioPci *t = (VirtioPci *)d;
    uint32_t data = t->cfg_cap + VIRTIO_PCI_CFG_CAP_DATA;
    uint32_t boff;
    unsigned len;
    if (off + size <= data || off >= data + 4 || !cfg_window(t, &boff, &len))
        return;
    uint32_t v = (uint32_t)bar_read(t, boff, len);
    for (unsigned i = 0; i < 4; i++)
        d->config[data + i] = i < len ? (uint8_t)(v >> (8 * i)) : 0;
    *val = 0;
    for (unsigned i = 0; i < size; i++)
        *val |= (uint32_t)d->config[off + i] << (8 * i);
}

/* --- function lifecycle --- */

static void fn_reset(PciDevice *d) {
    VirtioPci *t = (VirtioPci *)d;
    virtio_core_reset(&t->core);
    t->dfselect = t->gfselect = t->queue_sel = 0;
}

static void fn_poll(PciDevice *d) { virtio_core_poll(&((VirtioPci *)d)->core); }

static void fn_free(PciDevice *d) {
    VirtioPci *t = (VirtioPci *)d;
    virtio_core_fini(&t->core);
    free(t);
}

static const PciDeviceOps fn_ops = {
    .reset = fn_reset, .poll = fn_poll, .config_written = config_written,
    .config_read = config_read, .free = fn_free,
};

static unsigned add_cap(VirtioPci *t, uint8_t type, unsigned len, uint32_t off, uint32_t size) {
    unsigned c = pci_add_capability(&t->pci, PCI_CAP_ID_VNDR, len);
    uint8_t *p = &t->pci.config[c];
    p[VIRTIO_PCI_CAP_LEN] = (uint8_t)len;
    p[VIRTIO_PCI_CAP_CFG_TYPE] = type;
    p[VIRTIO_PCI_CAP_BAR] = VIRTIO_PCI_BAR;
    for (int i = 0; i < 4; i++) {
        p[VIRTIO_PCI_CAP_OFFSET + i] = (uint8_t)(off >> (8 * i));
        p[VIRTIO_PCI_CAP_LENGTH + i] = (uint8_t)(size >> (8 * i));
    }
    return c;
}

VirtioPci *virtio_pci_create(MemMap *dma, VirtioDevice *dev) {
    VirtioPci *t = calloc(1, sizeof *t);
    if (!t) {
        dev->ops->free(dev);
        return NULL;
    }
    uint32_t id = dev->ops->device_id;
    pci_device_init(&t->pci, &fn_ops, VIRTIO_PCI_VENDOR_ID,
                    (uint16_t)(VIRTIO_PCI_DEVICE_ID_BASE + id), virtio_pci_class_code(id),
                    VIRTIO_PCI_REVISION);
    /* QEMU gives non-transitional functions its default subsystem ID, not the device type. */
    pci_set_subsystem(&t->pci, VIRTIO_PCI_VENDOR_ID, VIRTIO_PCI_SUBSYSTEM_QEMU);
    pci_set_interrupt_pin(&t->pci, 1);
    pci_register_bar(&t->pci, VIRTIO_PCI_BAR, VIRTIO_PCI_BAR_SIZE,
                     PCI_BAR_MEM_TYPE_64 | PCI_BAR_MEM_PREFETCH, &bar_ops, t);
    add_cap(t, VIRTIO_PCI_CAP_COMMON_CFG, 16, VIRTIO_PCI_COMMON_OFF, VIRTIO_PCI_REGION_SIZE);
    add_cap(t, VIRTIO_PCI_CAP_ISR_CFG, 16, VIRTIO_PCI_ISR_OFF, VIRTIO_PCI_REGION_SIZE);
    add_cap(t, VIRTIO_PCI_CAP_DEVICE_CFG, 16, VIRTIO_PCI_DEVICE_OFF, VIRTIO_PCI_REGION_SIZE);
    unsigned n = add_cap(t, VIRTIO_PCI_CAP_NOTIFY_CFG, 20, VIRTIO_PCI_NOTIFY_OFF,
                         VIRTIO_PCI_REGION_SIZE);
    t->pci.config[n + VIRTIO_PCI_NOTIFY_CAP_MULT] = VIRTIO_PCI_NOTIFY_MULTIPLIER;
    /* The access window: bar, offset, length and data are the driver's to write. */
    t->cfg_cap = add_cap(t, VIRTIO_PCI_CAP_PCI_CFG, 20, 0, 0);
    t->pci.config[t->cfg_cap + VIRTIO_PCI_CAP_BAR] = 0;
    t->pci.wmask[t->cfg_cap + VIRTIO_PCI_CAP_BAR] = 0xff;
    memset(&t->pci.wmask[t->cfg_cap + VIRTIO_PCI_CAP_OFFSET], 0xff, 12);
    char name[48];
    snprintf(name, sizeof name, "virtio-pci(%s)", dev->ops->name);
    virtio_core_init(&t->core, dma, pci_irq_line(&t->pci), dev, name);
    return t;
}

PciDevice *virtio_pci_function(VirtioPci *t) { return &t->pci; }
VirtioCore *virtio_pci_core(VirtioPci *t) { return &t->core; }
