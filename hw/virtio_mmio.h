/* SPDX-License-Identifier: MIT */
/* virtio-mmio transport, modern interface (virtio 1.x, 4.2 "Virtio Over MMIO", Version 2):
   the register layout in front of a VirtioCore (hw/virtio.h), which holds the device state
   shared with the PCI transport. */
#ifndef TERN_VIRTIO_MMIO_H
#define TERN_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "hw/virtio.h"
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

/* InterruptStatus bits: VIRTIO_INT_VRING and VIRTIO_INT_CONFIG (hw/virtio.h). */
#define VIRTIO_MMIO_INT_VRING VIRTIO_INT_VRING
#define VIRTIO_MMIO_INT_CONFIG VIRTIO_INT_CONFIG

typedef struct VirtioMmio VirtioMmio;

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
   safe kick, e.g. cpu_kick of CPU 0); may be NULL. DMA into guest pages holding translated
   code needs no hook: the memory layer handles it (memmap_dma_written). */
void virtio_mmio_set_hooks(VirtioMmio *t, void (*kick)(void *opaque), void *opaque);
/* The kick for a running Machine (struct Machine from system/machine.h): kicks CPU 0. */
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

#endif
