/* SPDX-License-Identifier: MIT */
/* Empty virtio-mmio transport (virtio 1.x, 4.2.2): the identification registers a driver reads
   before anything else; DeviceID 0 tells it there is nothing behind the slot (4.2.3.1.1), so
   every other register reads 0 and writes are dropped. */
#include "virtio_mmio_stub.h"

#include <stddef.h>

static uint32_t reg32(uint64_t off) {
    switch (off) {
    case VIRTIO_MMIO_REG_MAGIC: return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_REG_VERSION: return VIRTIO_MMIO_VERSION_MODERN;
    case VIRTIO_MMIO_REG_DEVICE_ID: return 0;
    case VIRTIO_MMIO_REG_VENDOR_ID: return VIRTIO_MMIO_VENDOR_QEMU;
    default: return 0;
    }
}

static uint64_t stub_read(void *opaque, uint64_t off, unsigned size) {
    (void)opaque;
    /* The spec asks for aligned 32-bit accesses; narrower ones read the containing word's
       bytes (what QEMU returns too), wider ones the two words. */
    uint64_t v = reg32(off & ~3ull) | (uint64_t)reg32((off & ~3ull) + 4) << 32;
    v >>= 8 * (off & 3);
    return size >= 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static void stub_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    (void)opaque; (void)off; (void)val; (void)size;
}

static const MmioOps stub_ops = {
    .read = stub_read, .write = stub_write, .min_size = 1, .max_size = 8,
};

bool virtio_mmio_stub_map(MemMap *m, uint64_t base) {
    return memmap_add_mmio(m, "virtio-mmio", base, VIRTIO_MMIO_SLOT_SIZE, &stub_ops,
                           NULL) != NULL;
}
