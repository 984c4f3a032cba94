/* SPDX-License-Identifier: MIT */
/* The driver side shared by the virtio device unit tests (test_virtio_blk/net/console): guest
   RAM in a MemMap, the virtio-mmio slot's registers at `base` (virtio 1.x, 4.2.2), an
   interrupt line and kick recorder, guest-memory accessors and split-ring descriptors (2.7.5).
   Include after check.h; the test defines RAM_BASE and maps RAM into `mm`. */
#ifndef TERN_TEST_VIRTIO_DRIVER_H
#define TERN_TEST_VIRTIO_DRIVER_H

#include <stdint.h>
#include <string.h>

#include "hw/virtio_mmio.h"
#include "system/memmap.h"

static MemMap mm;
static uint64_t base = 0x10001000ull;   /* the slot in use; each device gets a fresh one */
static int irq_level;
static int kicks;

static inline void irq_rec(void *o, int n, int level) {
    (void)o;
    (void)n;
    irq_level = level;
}
static inline void kick_rec(void *o) {
    (void)o;
    __atomic_fetch_add(&kicks, 1, __ATOMIC_SEQ_CST);
}

static inline uint32_t rd(uint64_t off) {
    uint64_t v = 0;
    memmap_read(&mm, base + off, 4, &v);
    return (uint32_t)v;
}
static inline void wr(uint64_t off, uint32_t v) { memmap_write(&mm, base + off, 4, v); }
static inline uint8_t *H(uint64_t gpa) { return memmap_ram_ptr(&mm, gpa, 1); }
static inline uint16_t r16(uint64_t gpa) { uint16_t v; memcpy(&v, H(gpa), 2); return v; }
static inline uint32_t r32(uint64_t gpa) { uint32_t v; memcpy(&v, H(gpa), 4); return v; }
static inline void w16(uint64_t gpa, uint16_t v) { memcpy(H(gpa), &v, 2); }

/* Descriptor i of the table at guest address table. */
static inline void desc(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                        uint16_t next) {
    uint8_t *p = H(table + 16 * i);
    memcpy(p, &addr, 8);
    memcpy(p + 8, &len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

/* The 64 feature bits the device offers. */
static inline uint64_t dev_features(void) {
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint64_t hi = rd(VIRTIO_MMIO_DEVICE_FEATURES);
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    return hi << 32 | rd(VIRTIO_MMIO_DEVICE_FEATURES);
}

#endif
