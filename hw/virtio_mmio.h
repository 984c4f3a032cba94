/* SPDX-License-Identifier: MIT */
/* virtio-mmio transport, modern interface (virtio 1.x, 4.2 "Virtio Over MMIO", Version 2),
   and the device interface every virtio device model (blk, rng, later net, console) plugs into:
   VirtioDeviceOps plus the virtio_dev_* calls. Feature negotiation, the status state machine
   (2.1, 3.1), queue setup, interrupts and config space access live here, once. */
#ifndef TERN_VIRTIO_MMIO_H
#define TERN_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/virtqueue.h"
#include "system/memmap.h"

#define VIRTIO_MMIO_SLOT_SIZE 0x1000u
#define VIRTIO_MMIO_MAGIC 0x74726976u        /* "virt", little endian */
#define VIRTIO_MMIO_VERSION_MODERN 2u
#define VIRTIO_MMIO_VENDOR_QEMU 0x554d4551u  /* "QEMU": what QEMU reports; drivers ignore it */

/* Register offsets (4.2.2). */
enum {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000, VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008, VIRTIO_MMIO_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010, VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020, VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_QUEUE_SEL = 0x030, VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038, VIRTIO_MMIO_QUEUE_READY = 0x044,
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050, VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064, VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080, VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090, VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0, VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    VIRTIO_MMIO_SHM_SEL = 0x0ac, VIRTIO_MMIO_SHM_LEN_LOW = 0x0b0,
    VIRTIO_MMIO_SHM_LEN_HIGH = 0x0b4, VIRTIO_MMIO_SHM_BASE_LOW = 0x0b8,
    VIRTIO_MMIO_SHM_BASE_HIGH = 0x0bc, VIRTIO_MMIO_QUEUE_RESET = 0x0c0,
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc, VIRTIO_MMIO_CONFIG = 0x100,
};

/* InterruptStatus bits. */
#define VIRTIO_MMIO_INT_VRING 1u
#define VIRTIO_MMIO_INT_CONFIG 2u

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
typedef struct VirtioMmio VirtioMmio;

/* What a device model provides. Every hook runs on the CPU thread (the thread that does MMIO
   and calls virtio_mmio_poll), so a model needs locks only for its own worker threads. */
typedef struct VirtioDeviceOps {
    const char *name;
    uint32_t device_id;
    unsigned num_queues;                 /* <= VIRTIO_MAX_QUEUES */
    uint16_t queue_max;                  /* QueueNumMax of each queue (a power of two) */
    uint32_t config_size;                /* bytes of device config space (may be 0) */
    /* Copy config bytes [off, off + len) into buf; the transport checks the range. */
    void (*config_read)(VirtioDevice *d, uint32_t off, void *buf, unsigned len);
    /* The driver wrote config bytes; NULL: config is read-only (writes are dropped). */
    void (*config_write)(VirtioDevice *d, uint32_t off, const void *buf, unsigned len);
    /* Optional: refuse a feature set at FEATURES_OK (returns false). */
    bool (*validate_features)(VirtioDevice *d, uint64_t features);
    /* Buffers may be available on queue q (QueueNotify, or DRIVER_OK with ready queues).
       Take the queue with virtio_dev_queue(d, q) (NULL once it broke) and pop until empty. */
    void (*queue_notify)(VirtioDevice *d, unsigned q);
    /* Optional: finish asynchronous work (push completions). Called by virtio_mmio_poll. */
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
    VirtioMmio *transport;               /* set by virtio_mmio_create */
};

/* --- for the board ---
   Typical wiring (machines/virt.c): for each slot i, base = 0x10001000 + 0x1000 * i, IRQ 1 + i,
       VirtioMmio *t = virtio_mmio_create(mem, base, plic_irq(plic, 1 + i), dev_or_NULL);
       virtio_mmio_attach_machine(t, m);
   then virtio_mmio_poll(t) from Machine.poll, virtio_mmio_reset(t) from board_reset and
   virtio_mmio_free(t) from board_free. */

/* Map a transport of VIRTIO_MMIO_SLOT_SIZE bytes at base with dev behind it (dev NULL: an
   empty slot, DeviceID 0). irq is the slot's interrupt line (level: high while
   InterruptStatus is nonzero). The transport owns dev from now on. NULL if the region
   cannot be mapped. */
VirtioMmio *virtio_mmio_create(MemMap *m, uint64_t base, IrqLine irq, VirtioDevice *dev);
/* How a device's worker thread gets the CPU thread to call virtio_mmio_poll soon (thread-
   safe kick, e.g. cpu_kick of hart 0), and how DMA into guest pages holding translated code
   is reported (e.g. tb_invalidate_phys_range; CPU thread). Either may be NULL. */
void virtio_mmio_set_hooks(VirtioMmio *t, void (*kick)(void *opaque),
                           void (*dma_written)(void *opaque, uint64_t gpa, uint64_t len),
                           void *opaque);
/* Both hooks for a running Machine (struct Machine from system/machine.h): kicks hart 0 and
   invalidates translations with the machine's TB cache. */
struct Machine;
void virtio_mmio_attach_machine(VirtioMmio *t, struct Machine *m);
/* On the CPU thread (Machine.poll): complete finished asynchronous requests. */
void virtio_mmio_poll(VirtioMmio *t);
/* System reset: as if the driver wrote 0 to Status. */
void virtio_mmio_reset(VirtioMmio *t);
/* Wait for the device's in-flight requests, then complete them (tests; shutdown). */
void virtio_mmio_drain(VirtioMmio *t);
/* Lets the device finish its in-flight requests (a virtio-blk write that was started reaches
   the image), then frees the device and the transport without completing anything into guest
   RAM. The region stays mapped: call it only when the machine is going away. */
void virtio_mmio_free(VirtioMmio *t);
VirtioDevice *virtio_mmio_device(VirtioMmio *t);
uint32_t virtio_mmio_status(const VirtioMmio *t);

/* --- for device models --- */

bool virtio_dev_has_feature(const VirtioDevice *d, unsigned bit);
/* Queue q when it is ready and the driver is running (DRIVER_OK, no DEVICE_NEEDS_RESET);
   else NULL. */
Virtqueue *virtio_dev_queue(VirtioDevice *d, unsigned q);
/* Used buffers were pushed on vq: interrupt the driver unless it suppressed that. */
void virtio_dev_notify(VirtioDevice *d, Virtqueue *vq);
/* The config space changed: bump ConfigGeneration, raise the config-change interrupt. */
void virtio_dev_config_changed(VirtioDevice *d);
/* The driver broke the protocol (e.g. a malformed request): set DEVICE_NEEDS_RESET, raise the
   config-change interrupt, stop using the queues until reset (2.1.2). */
void virtio_dev_needs_reset(VirtioDevice *d);
/* Thread-safe: have the CPU thread call the device's poll hook soon. */
void virtio_dev_kick(VirtioDevice *d);

#endif
