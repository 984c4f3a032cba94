/* SPDX-License-Identifier: MIT */
/* virtio-mmio transport, Version 2 (virtio 1.x, 4.2.2 register layout, 4.2.3 initialization,
   2.1 status field, 2.2 feature bits, 3.1 initialization sequence). Control registers take
   aligned 32-bit accesses only (4.2.2.2), config space 8/16/32-bit ones. A queue becomes a
   Virtqueue when the driver writes QueueReady = 1; notifications reach the device only while
   DRIVER_OK is set and DEVICE_NEEDS_RESET is not. */
#include "virtio_mmio.h"

#include <stdlib.h>
#include <string.h>

#include "system/log.h"
#include "system/machine.h"
#include "translate/tb.h"

typedef struct VqState {
    uint32_t num;
    uint32_t ready;
    uint64_t desc, driver, device;
    Virtqueue *vq;
} VqState;

struct VirtioMmio {
    MemMap *mem;
    uint64_t base;
    IrqLine irq;
    VirtioDevice *dev;
    uint32_t dev_feat_sel, drv_feat_sel, queue_sel;
    uint64_t driver_features;
    uint32_t status, int_status, config_gen;
    VqState q[VIRTIO_MAX_QUEUES];
    void (*kick)(void *opaque);
    void (*dma_written)(void *opaque, uint64_t gpa, uint64_t len);
    void *hook_opaque;
};

static void guest_error(const VirtioMmio *t, const char *what, uint64_t val) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("virtio-mmio@0x%llx: %s (0x%llx)\n", (unsigned long long)t->base, what,
                 (unsigned long long)val);
}

static uint64_t offered(const VirtioMmio *t) {
    return t->dev->host_features | 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_INDIRECT_DESC |
           1ull << VIRTIO_F_EVENT_IDX;
}

static void update_irq(VirtioMmio *t) { irq_set(t->irq, t->int_status != 0); }

static void raise_int(VirtioMmio *t, uint32_t bits) {
    t->int_status |= bits;
    update_irq(t);
}

static bool running(const VirtioMmio *t) {
    return (t->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_DEVICE_NEEDS_RESET)) ==
           VIRTIO_STATUS_DRIVER_OK;
}

static void free_queues(VirtioMmio *t) {
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
        virtq_free(t->q[i].vq);
        t->q[i] = (VqState){.num = t->dev ? t->dev->ops->queue_max : 0};
    }
}

static void do_reset(VirtioMmio *t) {
    if (!t->dev)
        return;
    /* The device first lets go of every chain it holds, so freeing the queues below cannot
       leave a worker writing into a ring the driver is about to reuse. */
    t->dev->ops->reset(t->dev);
    free_queues(t);
    t->status = 0;
    t->int_status = 0;
    t->driver_features = 0;
    t->dev->features = 0;
    t->dev_feat_sel = t->drv_feat_sel = t->queue_sel = 0;
    update_irq(t);
}

static void vq_error(void *opaque) { virtio_dev_needs_reset(((VirtioMmio *)opaque)->dev); }

static void queue_enable(VirtioMmio *t, VqState *q) {
    VirtqError why = VIRTQ_ERR_RING_ADDR;
    if (q->num <= t->dev->ops->queue_max)
        q->vq = virtq_create(t->mem, q->num, q->desc, q->driver, q->device,
                         (t->dev->features >> VIRTIO_F_INDIRECT_DESC) & 1,
                         (t->dev->features >> VIRTIO_F_EVENT_IDX) & 1, vq_error, t, &why);
    if (!q->vq) {
        if (log_enabled(LOG_GUEST_ERRORS))
            tern_log("virtio-mmio@0x%llx: queue %u: %s\n", (unsigned long long)t->base,
                     t->queue_sel, virtq_error_str(why));
        virtio_dev_needs_reset(t->dev);
        return;
    }
    virtq_set_dma_hook(q->vq, t->dma_written, t->hook_opaque);
}

static void queue_disable(VirtioMmio *t, VqState *q) {
    if (q->vq && virtq_inflight(q->vq))
        t->dev->ops->reset(t->dev);      /* no device holds chains of a dying queue */
    virtq_free(q->vq);
    q->vq = NULL;
}

static void notify_ready_queues(VirtioMmio *t) {
    for (unsigned i = 0; i < t->dev->ops->num_queues && running(t); i++)
        if (t->q[i].vq)
            t->dev->ops->queue_notify(t->dev, i);
}

static void write_status(VirtioMmio *t, uint32_t val) {
    if (val == 0) {
        do_reset(t);
        return;
    }
    uint32_t old = t->status;
    if (old & ~val & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET)
        guest_error(t, "driver cleared status bits without a reset", val);
    if ((val & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
        uint64_t f = t->driver_features;
        const VirtioDeviceOps *o = t->dev->ops;
        /* A Version 2 device is a modern one: VERSION_1 is mandatory (6.1). */
        if ((f & ~offered(t)) || !(f >> VIRTIO_F_VERSION_1 & 1) ||
            (o->validate_features && !o->validate_features(t->dev, f))) {
            guest_error(t, "feature set refused", f);
            val &= ~VIRTIO_STATUS_FEATURES_OK;
        } else {
            t->dev->features = f;
        }
    }
    if ((val & VIRTIO_STATUS_DRIVER_OK) && !(val & VIRTIO_STATUS_FEATURES_OK)) {
        guest_error(t, "DRIVER_OK without FEATURES_OK", val);
        val &= ~VIRTIO_STATUS_DRIVER_OK;
    }
    t->status = val | (old & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    /* Buffers made available before DRIVER_OK were not notified to the device (3.1.1). */
    if ((t->status & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK))
        notify_ready_queues(t);
}

static uint32_t reg_read(VirtioMmio *t, uint64_t off) {
    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION: return VIRTIO_MMIO_VERSION_MODERN;
    case VIRTIO_MMIO_DEVICE_ID: return t->dev ? t->dev->ops->device_id : 0;
    case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR_QEMU;
    }
    if (!t->dev)
        return 0;                        /* DeviceID 0: nothing else is there (4.2.3.1.1) */
    VqState *q = t->queue_sel < VIRTIO_MAX_QUEUES ? &t->q[t->queue_sel] : NULL;
    bool q_exists = q && t->queue_sel < t->dev->ops->num_queues;
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return t->dev_feat_sel < 2 ? (uint32_t)(offered(t) >> (32 * t->dev_feat_sel)) : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: return q_exists ? t->dev->ops->queue_max : 0;
    case VIRTIO_MMIO_QUEUE_READY: return q_exists ? q->ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS: return t->int_status;
    case VIRTIO_MMIO_STATUS: return t->status;
    case VIRTIO_MMIO_CONFIG_GENERATION: return t->config_gen;
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

static void reg_write(VirtioMmio *t, uint64_t off, uint32_t val) {
    if (!t->dev)
        return;
    VqState *q = t->queue_sel < VIRTIO_MAX_QUEUES ? &t->q[t->queue_sel] : NULL;
    bool q_exists = q && t->queue_sel < t->dev->ops->num_queues;
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->dev_feat_sel = val; return;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->drv_feat_sel = val; return;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (t->status & VIRTIO_STATUS_FEATURES_OK) {
            guest_error(t, "DriverFeatures written after FEATURES_OK", val);
        } else if (t->drv_feat_sel < 2) {
            unsigned sh = 32 * t->drv_feat_sel;
            t->driver_features = (t->driver_features & ~(0xffffffffull << sh)) |
                                 (uint64_t)val << sh;
        }
        return;
    case VIRTIO_MMIO_QUEUE_SEL: t->queue_sel = val; return;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        /* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
        if (val < t->dev->ops->num_queues && t->q[val].vq && running(t))
            t->dev->ops->queue_notify(t->dev, val);
        return;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        t->int_status &= ~val;
        update_irq(t);
        return;
    case VIRTIO_MMIO_STATUS: write_status(t, val); return;
    case VIRTIO_MMIO_QUEUE_READY:
        if (!q_exists) {
            guest_error(t, "QueueReady of a queue that does not exist", t->queue_sel);
            return;
        }
        if ((val & 1) && !q->ready) {
            q->ready = 1;
            queue_enable(t, q);
        } else if (!(val & 1) && q->ready) {
            queue_disable(t, q);
            q->ready = 0;
        }
        return;
    case VIRTIO_MMIO_QUEUE_NUM:
    case VIRTIO_MMIO_QUEUE_DESC_LOW: case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW: case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW: case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        if (!q_exists || q->ready) {
            guest_error(t, "queue setup register written while ready or for no queue", off);
            return;
        }
        switch (off) {
        case VIRTIO_MMIO_QUEUE_NUM:
            if (val == 0 || val > t->dev->ops->queue_max || (val & (val - 1)))
                guest_error(t, "bad QueueNum", val);  /* refused at QueueReady */
            q->num = val;
            break;
        case VIRTIO_MMIO_QUEUE_DESC_LOW: q->desc = (q->desc & ~0xffffffffull) | val; break;
        case VIRTIO_MMIO_QUEUE_DESC_HIGH:
            q->desc = (q->desc & 0xffffffffull) | (uint64_t)val << 32; break;
        case VIRTIO_MMIO_QUEUE_DRIVER_LOW: q->driver = (q->driver & ~0xffffffffull) | val; break;
        case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
            q->driver = (q->driver & 0xffffffffull) | (uint64_t)val << 32; break;
        case VIRTIO_MMIO_QUEUE_DEVICE_LOW: q->device = (q->device & ~0xffffffffull) | val; break;
        case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
            q->device = (q->device & 0xffffffffull) | (uint64_t)val << 32; break;
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

static bool config_range_ok(const VirtioMmio *t, uint64_t off, unsigned size) {
    return t->dev && off - VIRTIO_MMIO_CONFIG < t->dev->ops->config_size &&
           size <= t->dev->ops->config_size - (off - VIRTIO_MMIO_CONFIG);
}

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned size) {
    VirtioMmio *t = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        if (!config_range_ok(t, off, size)) {
            guest_error(t, "config read out of range", off);
            return 0;
        }
        uint8_t buf[8] = {0};
        t->dev->ops->config_read(t->dev, (uint32_t)(off - VIRTIO_MMIO_CONFIG), buf, size);
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= (uint64_t)buf[i] << (8 * i);
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
        if (!config_range_ok(t, off, size) || !t->dev->ops->config_write) {
            guest_error(t, "config write refused", off);
            return;
        }
        uint8_t buf[8];
        for (unsigned i = 0; i < size; i++)
            buf[i] = (uint8_t)(val >> (8 * i));
        t->dev->ops->config_write(t->dev, (uint32_t)(off - VIRTIO_MMIO_CONFIG), buf, size);
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
    t->mem = m;
    t->base = base;
    t->irq = irq;
    t->dev = dev;
    if (dev) {
        dev->transport = t;
        dev->features = 0;
    }
    free_queues(t);
    if (!memmap_add_mmio(m, "virtio-mmio", base, VIRTIO_MMIO_SLOT_SIZE, &virtio_mmio_ops, t)) {
        free(t);
        return NULL;
    }
    return t;
}

void virtio_mmio_set_hooks(VirtioMmio *t, void (*kick)(void *opaque),
                           void (*dma_written)(void *opaque, uint64_t gpa, uint64_t len),
                           void *opaque) {
    t->kick = kick;
    t->dma_written = dma_written;
    t->hook_opaque = opaque;
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
        if (t->q[i].vq)
            virtq_set_dma_hook(t->q[i].vq, dma_written, opaque);
}

static void machine_kick(void *opaque) {
    Machine *m = opaque;
    if (m->n_cpus > 0)
        cpu_kick(m->cpus[0]);
}

static void machine_dma(void *opaque, uint64_t gpa, uint64_t len) {
    Machine *m = opaque;
    if (m->tbc)
        tb_invalidate_phys_range(m->tbc, gpa, len);
}

void virtio_mmio_attach_machine(VirtioMmio *t, Machine *m) {
    virtio_mmio_set_hooks(t, machine_kick, machine_dma, m);
}

void virtio_mmio_poll(VirtioMmio *t) {
    if (t->dev && t->dev->ops->poll)
        t->dev->ops->poll(t->dev);
}

void virtio_mmio_reset(VirtioMmio *t) { do_reset(t); }

void virtio_mmio_drain(VirtioMmio *t) {
    if (!t->dev)
        return;
    if (t->dev->ops->drain)
        t->dev->ops->drain(t->dev);
    virtio_mmio_poll(t);
}

void virtio_mmio_free(VirtioMmio *t) {
    if (!t)
        return;
    if (t->dev) {
        /* The device finishes its in-flight I/O (writes reach the image) but completes
           nothing: the guest is not running any more. */
        t->dev->ops->free(t->dev);
        t->dev = NULL;
    }
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
        virtq_free(t->q[i].vq);
    free(t);
}

VirtioDevice *virtio_mmio_device(VirtioMmio *t) { return t->dev; }
uint32_t virtio_mmio_status(const VirtioMmio *t) { return t->status; }

/* --- device side --- */

bool virtio_dev_has_feature(const VirtioDevice *d, unsigned bit) {
    return bit < 64 && (d->features >> bit & 1);
}

Virtqueue *virtio_dev_queue(VirtioDevice *d, unsigned q) {
    VirtioMmio *t = d->transport;
    if (!t || q >= d->ops->num_queues || q >= VIRTIO_MAX_QUEUES || !running(t))
        return NULL;
    Virtqueue *vq = t->q[q].vq;
    return vq && !virtq_broken(vq) ? vq : NULL;
}

void virtio_dev_notify(VirtioDevice *d, Virtqueue *vq) {
    VirtioMmio *t = d->transport;
    if (t && virtq_should_notify(vq))
        raise_int(t, VIRTIO_MMIO_INT_VRING);
}

void virtio_dev_config_changed(VirtioDevice *d) {
    VirtioMmio *t = d->transport;
    if (!t)
        return;
    t->config_gen++;
    if (t->status & VIRTIO_STATUS_DRIVER_OK)
        raise_int(t, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_dev_needs_reset(VirtioDevice *d) {
    VirtioMmio *t = d->transport;
    if (!t || (t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET))
        return;
    t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    raise_int(t, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_dev_kick(VirtioDevice *d) {
    VirtioMmio *t = d->transport;
    if (t && t->kick)
        t->kick(t->hook_opaque);
}
