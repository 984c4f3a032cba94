/* SPDX-License-Identifier: MIT */
/* The driver side shared by the virtio device fuzz targets: guest RAM the fuzzer fills, a
   virtio-mmio transport (virtio 1.x, 4.2.2) with one device model behind it, brought up the way
   Linux does (3.1.1) with the rings where the input puts them, then a stream of driver actions
   (notify, guest memory writes, register writes and reads, host input, reset) taken from the
   input. Input format (little-endian; short input reads as zeros):
     u8   flags: bits 0-3 log2 of every queue's size (clamped to QueueNumMax),
                 bit 4 leave the device uninitialised (registers only, through ops),
                 bits 5-7 passed to the model's create hook
     u64  driver features (ANDed with the offered ones; VERSION_1 always)
     per queue (up to 2): u16 desc, u16 avail, u16 used   guest addresses of the rings
     u16  n, then n bytes copied to guest RAM at address 0
     ops until the end, each a byte b, op = b % 8:
       0 notify queue (b >> 3)          1 poll and drain the device
       2 u16 addr, u8 n, n bytes: guest memory write
       3 u8 reg, u32 val: register write at 4 * reg (config space included)
       4 u16 off, u8 size: register/config read
       5 u16 n, n bytes: host input (model hook: a received frame, console input)
       6 device reset, then initialise again      7 model hook `toggle` (e.g. backend full) */
#ifndef TERN_VIRTIO_FUZZ_H
#define TERN_VIRTIO_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/virtio_mmio.h"

#define VFUZZ_RAM_SIZE 0x10000u          /* guest RAM at physical address 0 */

typedef struct VirtioFuzzModel {
    /* A fresh device; flags = input flags >> 5. */
    VirtioDevice *(*create)(unsigned flags);
    void (*host_input)(VirtioDevice *d, const uint8_t *buf, size_t n);   /* may be NULL */
    void (*toggle)(VirtioDevice *d);                                    /* may be NULL */
    void (*cleanup)(void);                                              /* may be NULL */
} VirtioFuzzModel;

int virtio_fuzz_run(const VirtioFuzzModel *model, const uint8_t *data, size_t size);

#endif
