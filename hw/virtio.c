/* SPDX-License-Identifier: MIT */
/* VirtioCore: the status state machine (2.1, 3.1), feature negotiation (2.2, 6), queue setup
   and interrupt status every virtio transport shares, and the virtio_dev_* calls device
   models make. A queue becomes a Virtqueue when the driver makes it ready; notifications
   reach the device only while DRIVER_OK is set and DEVICE_NEEDS_RESET is not. */
#include "virtio.h"

#include <stdio.h>
#include <string.h>

#include "system/log.h"
#include "system/machine.h"

void virtio_core_guest_error(const VirtioCore *c, const char *what, uint64_t val) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("%s: %s (0x%llx)\n", c->name, what, (unsigned long long)val);
}

uint64_t virtio_core_offered(const VirtioCore *c) {
    return c->dev->host_features | 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_INDIRECT_DESC |
           1ull << VIRTIO_F_EVENT_IDX;
}

static void update_irq(VirtioCore *c) { irq_set(c->irq, c->isr != 0); }

static void raise_int(VirtioCore *c, uint32_t bits) {
    c->isr |= bits;
    update_irq(c);
}

static bool running(const VirtioCore *c) {
    return (c->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_DEVICE_NEEDS_RESET)) ==
           VIRTIO_STATUS_DRIVER_OK;
}

static void free_queues(VirtioCore *c) {
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
        virtq_free(c->q[i].vq);
        c->q[i] = (VirtioQueueState){.num = c->dev ? c->dev->ops->queue_max : 0};
    }
}

void virtio_core_init(VirtioCore *c, MemMap *mem, IrqLine irq, VirtioDevice *dev,
                      const char *name) {
    memset(c, 0, sizeof *c);
    c->mem = mem;
    c->irq = irq;
    c->dev = dev;
    snprintf(c->name, sizeof c->name, "%s", name);
    if (dev) {
        dev->transport = c;
        dev->features = 0;
    }
    free_queues(c);
}

void virtio_core_fini(VirtioCore *c) {
    if (c->dev) {
        /* The device finishes its in-flight I/O (writes reach the image) but completes
           nothing: the guest is not running any more. */
        c->dev->ops->free(c->dev);
        c->dev = NULL;
    }
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
        virtq_free(c->q[i].vq);
        c->q[i].vq = NULL;
    }
}

static void do_reset(VirtioCore *c) {
    if (!c->dev)
        return;
    /* The device first lets go of every chain it holds, so freeing the queues below cannot
       leave a worker writing into a ring the driver is about to reuse. */
    c->dev->ops->reset(c->dev);
    free_queues(c);
    c->status = 0;
    c->isr = 0;
    c->driver_features = 0;
    c->dev->features = 0;
    update_irq(c);
}

void virtio_core_reset(VirtioCore *c) { do_reset(c); }

void virtio_core_write_driver_features(VirtioCore *c, uint32_t sel, uint32_t val) {
    if (c->status & VIRTIO_STATUS_FEATURES_OK) {
        virtio_core_guest_error(c, "driver features written after FEATURES_OK", val);
    } else if (sel < 2) {
        unsigned sh = 32 * sel;
        c->driver_features = (c->driver_features & ~(0xffffffffull << sh)) | (uint64_t)val << sh;
    }
}

static void notify_ready_queues(VirtioCore *c) {
    for (unsigned i = 0; i < c->dev->ops->num_queues && running(c); i++)
        if (c->q[i].vq)
            c->dev->ops->queue_notify(c->dev, i);
}

void virtio_core_write_status(VirtioCore *c, uint32_t val) {
    if (!c->dev)
        return;
    if (val == 0) {
        do_reset(c);
        return;
    }
    uint32_t old = c->status;
    if (old & ~val & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET)
        virtio_core_guest_error(c, "driver cleared status bits without a reset", val);
    if ((val & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
        uint64_t f = c->driver_features;
        const VirtioDeviceOps *o = c->dev->ops;
        /* A modern device: VERSION_1 is mandatory (6.1). */
        if ((f & ~virtio_core_offered(c)) || !(f >> VIRTIO_F_VERSION_1 & 1) ||
            (o->validate_features && !o->validate_features(c->dev, f))) {
            virtio_core_guest_error(c, "feature set refused", f);
            val &= ~VIRTIO_STATUS_FEATURES_OK;
        } else {
            c->dev->features = f;
        }
    }
    if ((val & VIRTIO_STATUS_DRIVER_OK) && !(val & VIRTIO_STATUS_FEATURES_OK)) {
        virtio_core_guest_error(c, "DRIVER_OK without FEATURES_OK", val);
        val &= ~VIRTIO_STATUS_DRIVER_OK;
    }
    c->status = val | (old & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    /* Buffers made available before DRIVER_OK were not notified to the device (3.1.1). */
    if ((c->status & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK))
        notify_ready_queues(c);
}

VirtioQueueState *virtio_core_queue(VirtioCore *c, uint32_t sel) {
    if (!c->dev || sel >= c->dev->ops->num_queues || sel >= VIRTIO_MAX_QUEUES)
        return NULL;
    return &c->q[sel];
}

static void vq_error(void *opaque) { virtio_dev_needs_reset(((VirtioCore *)opaque)->dev); }

static void queue_enable(VirtioCore *c, VirtioQueueState *q, uint32_t sel) {
    VirtqError why = VIRTQ_ERR_RING_ADDR;
    if (q->num <= c->dev->ops->queue_max)
        q->vq = virtq_create(c->mem, q->num, q->desc, q->driver, q->device,
                             (c->dev->features >> VIRTIO_F_INDIRECT_DESC) & 1,
                             (c->dev->features >> VIRTIO_F_EVENT_IDX) & 1, vq_error, c, &why);
    if (!q->vq) {
        if (log_enabled(LOG_GUEST_ERRORS))
            tern_log("%s: queue %u: %s\n", c->name, sel, virtq_error_str(why));
        virtio_dev_needs_reset(c->dev);
        return;
    }
}

static void queue_disable(VirtioCore *c, VirtioQueueState *q) {
    if (q->vq && virtq_inflight(q->vq))
        c->dev->ops->reset(c->dev);      /* no device holds chains of a dying queue */
    virtq_free(q->vq);
    q->vq = NULL;
}

void virtio_core_set_queue_ready(VirtioCore *c, uint32_t sel, bool ready) {
    VirtioQueueState *q = virtio_core_queue(c, sel);
    if (!q) {
        virtio_core_guest_error(c, "ready written for a queue that does not exist", sel);
        return;
    }
    if (ready && !q->ready) {
        q->ready = 1;
        queue_enable(c, q, sel);
    } else if (!ready && q->ready) {
        queue_disable(c, q);
        q->ready = 0;
    }
}

void virtio_core_notify(VirtioCore *c, uint32_t q) {
    if (c->dev && q < c->dev->ops->num_queues && q < VIRTIO_MAX_QUEUES && c->q[q].vq &&
        running(c))
        c->dev->ops->queue_notify(c->dev, q);
}

void virtio_core_ack(VirtioCore *c, uint32_t bits) {
    c->isr &= ~bits;
    update_irq(c);
}

uint32_t virtio_core_isr_take(VirtioCore *c) {
    uint32_t v = c->isr;
    c->isr = 0;
    update_irq(c);
    return v;
}

static bool config_range_ok(const VirtioCore *c, uint32_t off, unsigned size) {
    return c->dev && off < c->dev->ops->config_size && size <= c->dev->ops->config_size - off;
}

bool virtio_core_config_read(VirtioCore *c, uint32_t off, unsigned size, uint64_t *val) {
    *val = 0;
    if (size > 8 || !config_range_ok(c, off, size)) {
        virtio_core_guest_error(c, "config read out of range", off);
        return false;
    }
    uint8_t buf[8] = {0};
    c->dev->ops->config_read(c->dev, off, buf, size);
    for (unsigned i = 0; i < size; i++)
        *val |= (uint64_t)buf[i] << (8 * i);
    return true;
}

bool virtio_core_config_write(VirtioCore *c, uint32_t off, unsigned size, uint64_t val) {
    if (size > 8 || !config_range_ok(c, off, size) || !c->dev->ops->config_write) {
        virtio_core_guest_error(c, "config write refused", off);
        return false;
    }
    uint8_t buf[8];
    for (unsigned i = 0; i < size; i++)
        buf[i] = (uint8_t)(val >> (8 * i));
    c->dev->ops->config_write(c->dev, off, buf, size);
    return true;
}

void virtio_core_set_hooks(VirtioCore *c, void (*kick)(void *opaque), void *opaque) {
    c->kick = kick;
    c->hook_opaque = opaque;
}

static void machine_kick(void *opaque) {
    Machine *m = opaque;
    if (m->n_cpus > 0)
        cpu_kick(m->cpus[0]);
}

void virtio_core_attach_machine(VirtioCore *c, Machine *m) {
    virtio_core_set_hooks(c, machine_kick, m);
}

void virtio_core_poll(VirtioCore *c) {
    if (c->dev && c->dev->ops->poll)
        c->dev->ops->poll(c->dev);
}

void virtio_core_drain(VirtioCore *c) {
    if (!c->dev)
        return;
    if (c->dev->ops->drain)
        c->dev->ops->drain(c->dev);
    virtio_core_poll(c);
}

/* --- device side --- */

bool virtio_dev_has_feature(const VirtioDevice *d, unsigned bit) {
    return bit < 64 && (d->features >> bit & 1);
}

Virtqueue *virtio_dev_queue(VirtioDevice *d, unsigned q) {
    VirtioCore *c = d->transport;
    if (!c || q >= d->ops->num_queues || q >= VIRTIO_MAX_QUEUES || !running(c))
        return NULL;
    Virtqueue *vq = c->q[q].vq;
    return vq && !virtq_broken(vq) ? vq : NULL;
}

void virtio_dev_notify(VirtioDevice *d, Virtqueue *vq) {
    VirtioCore *c = d->transport;
    if (c && virtq_should_notify(vq))
        raise_int(c, VIRTIO_INT_VRING);
}

void virtio_dev_config_changed(VirtioDevice *d) {
    VirtioCore *c = d->transport;
    if (!c)
        return;
    c->config_gen++;
    if (c->status & VIRTIO_STATUS_DRIVER_OK)
        raise_int(c, VIRTIO_INT_CONFIG);
}

void virtio_dev_needs_reset(VirtioDevice *d) {
    VirtioCore *c = d->transport;
    if (!c || (c->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET))
        return;
    c->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
    raise_int(c, VIRTIO_INT_CONFIG);
}

void virtio_dev_kick(VirtioDevice *d) {
    VirtioCore *c = d->transport;
    if (c && c->kick)
        c->kick(c->hook_opaque);
}
