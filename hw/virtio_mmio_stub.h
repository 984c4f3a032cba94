/* SPDX-License-Identifier: MIT */
/* An empty virtio-mmio slot (virtio 1.x spec, 4.2.2 "MMIO Device Register Layout"): magic
   "virt", version 2, device ID 0 = no device, so drivers probe the slot and skip it. Stands in
   for the virt board's eight transports until real virtio devices exist. */
#ifndef TERN_VIRTIO_MMIO_STUB_H
#define TERN_VIRTIO_MMIO_STUB_H

#include <stdbool.h>
#include <stdint.h>

#include "system/memmap.h"

#define VIRTIO_MMIO_SLOT_SIZE 0x1000u
#define VIRTIO_MMIO_MAGIC 0x74726976u        /* "virt", little endian */
#define VIRTIO_MMIO_VERSION_MODERN 2u
#define VIRTIO_MMIO_VENDOR_QEMU 0x554d4551u  /* "QEMU": the vendor ID QEMU reports */

enum {
    VIRTIO_MMIO_REG_MAGIC = 0x000, VIRTIO_MMIO_REG_VERSION = 0x004,
    VIRTIO_MMIO_REG_DEVICE_ID = 0x008, VIRTIO_MMIO_REG_VENDOR_ID = 0x00c,
};

/* Maps one empty slot of VIRTIO_MMIO_SLOT_SIZE bytes at base. The slot has no state. */
bool virtio_mmio_stub_map(MemMap *m, uint64_t base);

#endif
