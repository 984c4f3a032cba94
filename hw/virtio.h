/* SPDX-License-Identifier: MIT */
/* The transport-neutral half of virtio (virtio 1.x: 2.1 status field, 2.2 feature bits,
   2.7 virtqueues, 3.1 initialization): the device interface every model (blk, net, rng,
   console) plugs into (VirtioDeviceOps plus the virtio_dev_* calls), and VirtioCore, the state
   a transport keeps for its device: status state machine, feature negotiation, queue setup,
   the interrupt status bits and config space access. A transport (hw/virtio_mmio.c, 4.2;
   hw/virtio_pci.c, 4.1) only decodes its registers into VirtioCore calls. */
#ifndef TERN_VIRTIO_H
#define TERN_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/virtqueue.h"
#include "system/memmap.h"

/* Interrupt status bits: MMIO InterruptStatus (4.2.2) and the PCI ISR (4.1.4.5) alike. */
#define VIRTIO_INT_VRING 1u
#define VIRTIO_INT_CONFIG 2u

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* Reserved feature bits (6) the transport offers for every device. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Device IDs (5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

#define VIRTIO_MAX_QUEUES 8

typedef struct VirtioDevice VirtioDevice;
typedef struct VirtioCore VirtioCore;

/* What a device model provides. Every hook runs on the CPU thread (the thread that does MMIO
   and calls the transport's poll), so a model needs locks only for its own worker threads. */
typedef struct VirtioDeviceOps {
    const char *name;
    uint32_t device_id;
    unsigned num_queues;                 /* <= VIRTIO_MAX_QUEUES */
    uint16_t queue_max;                  /* maximum size of each queue (a power of two) */
    uint32_t config_size;                /* bytes of device config space (may be 0) */
    /* Copy config bytes [off, off + len) into buf; the transport checks the range. */
    void (*config_read)(VirtioDevice *d, uint32_t off, void *buf, unsigned len);
    /* The driver wrote config bytes; NULL: config is read-only (writes are dropped). */
    void (*config_write)(VirtioDevice *d, uint32_t off, const void *buf, unsigned len);
    /* Optional: refuse a feature set at FEATURES_OK (returns false). */
    bool (*validate_features)(VirtioDevice *d, uint64_t features);
    /* Buffers may be available on queue q (a notification, or DRIVER_OK with ready queues).
       Take the queue with virtio_dev_queue(d, q) (NULL once it broke) and pop until empty. */
    void (*queue_notify)(VirtioDevice *d, unsigned q);
    /* Optional: finish asynchronous work (push completions). Called by the transport's poll. */
    void (*poll)(VirtioDevice *d);
    /* Optional: block until asynchronous work is done (poll then pushes the completions). */
    void (*drain)(VirtioDevice *d);
    /* Device reset (status 0 or system reset): finish or drop in-flight requests so no
       chain of the old queues is touched afterwards; the transport then frees the queues. */
    void (*reset)(VirtioDevice *d);
    /* Drain in-flight work, release everything (including d). */
    void (*free)(VirtioDevice *d);
} VirtioDeviceOps;

/* Embedded first in each model's state. The model sets ops and host_features. */
struct VirtioDevice {
    const VirtioDeviceOps *ops;
    uint64_t host_features;              /* device-type feature bits offered (bits 0-23) */
    uint64_t features;                   /* negotiated: valid once FEATURES_OK is set */
    VirtioCore *transport;               /* set by virtio_core_init */
};

/* --- for transports --- */

typedef struct VirtioQueueState {
    uint32_t num;                        /* size the driver chose (starts at queue_max) */
    uint32_t ready;
    uint64_t desc, driver, device;
    Virtqueue *vq;                       /* live while ready */
} VirtioQueueState;

struct VirtioCore {
    MemMap *mem;                         /* where the rings and buffers live */
    VirtioDevice *dev;                   /* NULL: no device (an empty virtio-mmio slot) */
    IrqLine irq;                         /* level: high while isr is nonzero */
    char name[48];                       /* for guest-error logs */
    uint64_t driver_features;
    uint32_t status, isr, config_gen;
    VirtioQueueState q[VIRTIO_MAX_QUEUES];
    void (*kick)(void *opaque);
    void *hook_opaque;
};

/* dev (may be NULL) is owned by the core from now on. */
void virtio_core_init(VirtioCore *c, MemMap *mem, IrqLine irq, VirtioDevice *dev,
                      const char *name);
/* Lets the device finish its in-flight requests, frees it and the queues (no completion
   reaches guest RAM). */
void virtio_core_fini(VirtioCore *c);
void virtio_core_guest_error(const VirtioCore *c, const char *what, uint64_t val);
/* Feature bits offered: the device's plus the transport-independent ones. */
uint64_t virtio_core_offered(const VirtioCore *c);
/* The driver's feature word sel (0: bits 0-31, 1: bits 32-63); refused after FEATURES_OK. */
void virtio_core_write_driver_features(VirtioCore *c, uint32_t sel, uint32_t val);
/* Device status write (2.1, 3.1): 0 resets; FEATURES_OK is kept only for an acceptable
   feature set (VERSION_1 is mandatory: tern's transports are modern only). */
void virtio_core_write_status(VirtioCore *c, uint32_t val);
/* Queue sel when the device has it, else NULL. */
VirtioQueueState *virtio_core_queue(VirtioCore *c, uint32_t sel);
/* QueueReady / queue_enable: 1 makes the rings a Virtqueue (DEVICE_NEEDS_RESET if they are
   unusable), 0 takes it down. */
void virtio_core_set_queue_ready(VirtioCore *c, uint32_t sel, bool ready);
/* The driver notified queue q. */
void virtio_core_notify(VirtioCore *c, uint32_t q);
/* Clear interrupt status bits (MMIO InterruptACK). */
void virtio_core_ack(VirtioCore *c, uint32_t bits);
/* Read and clear the interrupt status (the PCI ISR: reading it acknowledges). */
uint32_t virtio_core_isr_take(VirtioCore *c);
/* Device config space, size 1/2/4/8 at off; false (nothing done) when out of range. */
bool virtio_core_config_read(VirtioCore *c, uint32_t off, unsigned size, uint64_t *val);
bool virtio_core_config_write(VirtioCore *c, uint32_t off, unsigned size, uint64_t val);
/* How a device's worker thread gets the CPU thread to call the poll soon (thread-safe kick,
   e.g. cpu_kick of CPU 0); may be NULL. DMA into guest pages holding translated code needs no
   hook: virtqueues report their writes to the memory layer (memmap_dma_written). */
void virtio_core_set_hooks(VirtioCore *c, void (*kick)(void *opaque), void *opaque);
/* The kick for a running Machine (system/machine.h): kicks CPU 0. */
struct Machine;
void virtio_core_attach_machine(VirtioCore *c, struct Machine *m);
/* CPU thread (Machine.poll): complete finished asynchronous requests. */
void virtio_core_poll(VirtioCore *c);
/* System reset: as if the driver wrote 0 to the status. */
void virtio_core_reset(VirtioCore *c);
/* Wait for the device's in-flight requests, then complete them (tests; shutdown). */
void virtio_core_drain(VirtioCore *c);

/* --- for device models --- */

bool virtio_dev_has_feature(const VirtioDevice *d, unsigned bit);
/* Queue q when it is ready and the driver is running (DRIVER_OK, no DEVICE_NEEDS_RESET);
   else NULL. */
Virtqueue *virtio_dev_queue(VirtioDevice *d, unsigned q);
/* Used buffers were pushed on vq: interrupt the driver unless it suppressed that. */
void virtio_dev_notify(VirtioDevice *d, Virtqueue *vq);
/* The config space changed: bump the config generation, raise the config-change interrupt. */
void virtio_dev_config_changed(VirtioDevice *d);
/* The driver broke the protocol (e.g. a malformed request): set DEVICE_NEEDS_RESET, raise the
   config-change interrupt, stop using the queues until reset (2.1.2). */
void virtio_dev_needs_reset(VirtioDevice *d);
/* Thread-safe: have the CPU thread call the device's poll hook soon. */
void virtio_dev_kick(VirtioDevice *d);

#endif
