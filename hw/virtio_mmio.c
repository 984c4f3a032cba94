/* SPDX-License-Identifier: MIT */
/* virtio-mmio transport, Version 2 (virtio 1.x, 4.2.2 register layout, 4.2.3 initialization):
   decodes the registers into VirtioCore calls (hw/virtio.c keeps the status, features,
   queues and interrupt status). Control registers take aligned 32-bit accesses only
   (4.2.2.2), config space 8/16/32-bit ones. */
#include "virtio_mmio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct VirtioMmio {
    VirtioCore core;
    uint64_t base;
    uint32_t dev_feat_sel, drv_feat_sel, queue_sel;
};

static void guest_error(const VirtioMmio *t, const char *what, uint64_t val) {
    virtio_core_guest_error(&t->core, what, val);
}

static void clear_selectors(VirtioMmio *t) { t->dev_feat_sel = t->drv_feat_sel = t->queue_sel = 0; }

static uint32_t reg_read(VirtioMmio *t, uint64_t off) {
    VirtioCore *c = &t->core;
    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION: return VIRTIO_MMIO_VERSION_MODERN;
    case VIRTIO_MMIO_DEVICE_ID: return c->dev ? c->dev->ops->device_id : 0;
    case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR_QEMU;
    }
    if (!c->dev)
        return 0;                        /* DeviceID 0: nothing else is there (4.2.3.1.1) */
    VirtioQueueState *q = virtio_core_queue(c, t->queue_sel);
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return t->dev_feat_sel < 2 ? (uint32_t)(virtio_core_offered(c) >> (32 * t->dev_feat_sel))
                                   : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: return q ? c->dev->ops->queue_max : 0;
    case VIRTIO_MMIO_QUEUE_READY: return q ? q->ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS: return c->isr;
    case VIRTIO_MMIO_STATUS: return c->status;
    case VIRTIO_MMIO_CONFIG_GENERATION: return c->config_gen;
    case VIRTIO_MMIO_QUEUE_RESET: return 0;
    /* No shared memory regions: length -1, base all ones (4.2.2). */
    case VIRTIO_MMIO_SHM_LEN_LOW: case VIRTIO_MMIO_SHM_LEN_HIGH:
    case VIRTIO_MMIO_SHM_BASE_LOW: case VIRTIO_MMIO_SHM_BASE_HIGH:
        return 0xffffffffu;
    default:
        guest_error(t, "read of a write-only or unknown register", off);
        return 0;
    }
}

static void set_lo(uint64_t *f, uint32_t v) { *f = (*f & ~0xffffffffull) | v; }
static void set_hi(uint64_t *f, uint32_t v) { *f = (*f & 0xffffffffull) | (uint64_t)v << 32; }

static void reg_write(VirtioMmio *t, uint64_t off, uint32_t val) {
    VirtioCore *c = &t->core;
    if (!c->dev)
        return;
    VirtioQueueState *q = virtio_core_queue(c, t->queue_sel);
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->dev_feat_sel = val; return;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->drv_feat_sel = val; return;
    case VIRTIO_MMIO_DRIVER_FEATURES: virtio_core_write_driver_features(c, t->drv_feat_sel, val);
        return;
    case VIRTIO_MMIO_QUEUE_SEL: t->queue_sel = val; return;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        /* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
        virtio_core_notify(c, val);
        return;
    case VIRTIO_MMIO_INTERRUPT_ACK: virtio_core_ack(c, val); return;
    case VIRTIO_MMIO_STATUS:
        virtio_core_write_status(c, val);
        if (val == 0)
            clear_selectors(t);
        return;
    case VIRTIO_MMIO_QUEUE_READY: virtio_core_set_queue_ready(c, t->queue_sel, val & 1); return;
    case VIRTIO_MMIO_QUEUE_NUM:
    case VIRTIO_MMIO_QUEUE_DESC_LOW: case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        if (!q || q->ready) {
            guest_error(t, "queue setup register written while ready or for no queue", off);
            return;
        }
        switch (off) {
        case VIRTIO_MMIO_QUEUE_NUM:
            if (val == 0 || val > c->dev->ops->queue_max || (val & (val - 1)))
                guest_error(t, "bad QueueNum", val);  /* refused at QueueReady */
            q->num = val;
            break;
        case VIRTIO_MMIO_QUEUE_DESC_LOW: set_lo(&q->desc, val); break;
        case VIRTIO_MMIO_QUEUE_DESC_HIGH: set_hi(&q->desc, val); break;
        case VIRTIO_MMIO_QUEUE_DRIVER_LOW: set_lo(&q->driver, val); break;
        case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: set_hi(&q->driver, val); break;
        case VIRTIO_MMIO_QUEUE_DEVICE_LOW: set_lo(&q->device, val); break;
        case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: set_hi(&q->device, val); break;
        }
        return;
    case VIRTIO_MMIO_SHM_SEL: return;
    case VIRTIO_MMIO_QUEUE_RESET:
        guest_error(t, "QueueReset without VIRTIO_F_RING_RESET", val);
        return;
    default:
        guest_error(t, "write to a read-only or unknown register", off);
        return;
    }
}

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned size) {
    VirtioMmio *t = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        uint64_t v;
        virtio_core_config_read(&t->core, (uint32_t)(off - VIRTIO_MMIO_CONFIG), size, &v);
        return v;
    }
    if (size != 4 || (off & 3)) {
        guest_error(t, "register read not 32-bit aligned", off);
        return 0;
    }
    return reg_read(t, off);
}

static void mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    VirtioMmio *t = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        virtio_core_config_write(&t->core, (uint32_t)(off - VIRTIO_MMIO_CONFIG), size, val);
        return;
    }
    if (size != 4 || (off & 3)) {
        guest_error(t, "register write not 32-bit aligned", off);
        return;
    }
    reg_write(t, off, (uint32_t)val);
}

static const MmioOps virtio_mmio_ops = {
    .read = mmio_read, .write = mmio_write, .min_size = 1, .max_size = 4,
};

VirtioMmio *virtio_mmio_create(MemMap *m, uint64_t base, IrqLine irq, VirtioDevice *dev) {
    VirtioMmio *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    char name[48];
    snprintf(name, sizeof name, "virtio-mmio@0x%llx", (unsigned long long)base);
    virtio_core_init(&t->core, m, irq, dev, name);
    t->base = base;
    if (!memmap_add_mmio(m, "virtio-mmio", base, VIRTIO_MMIO_SLOT_SIZE, &virtio_mmio_ops, t)) {
        if (dev)
            dev->transport = NULL;       /* the caller still owns dev */
        free(t);
        return NULL;
    }
    return t;
}

void virtio_mmio_set_hooks(VirtioMmio *t, void (*kick)(void *opaque), void *opaque) {
    virtio_core_set_hooks(&t->core, kick, opaque);
}

void virtio_mmio_attach_machine(VirtioMmio *t, struct Machine *m) {
    virtio_core_attach_machine(&t->core, m);
}

void virtio_mmio_poll(VirtioMmio *t) { virtio_core_poll(&t->core); }

void virtio_mmio_reset(VirtioMmio *t) {
    virtio_core_reset(&t->core);
    clear_selectors(t);
}

void virtio_mmio_drain(VirtioMmio *t) { virtio_core_drain(&t->core); }

void virtio_mmio_free(VirtioMmio *t) {
    if (!t)
        return;
    virtio_core_fini(&t->core);
    free(t);
}

VirtioDevice *virtio_mmio_device(VirtioMmio *t) { return t->core.dev; }
uint32_t virtio_mmio_status(const VirtioMmio *t) { return t->core.status; }
