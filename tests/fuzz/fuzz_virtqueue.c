/* SPDX-License-Identifier: MIT */
/* Fuzz target: the split virtqueue (hw/virtqueue.c, virtio 1.x 2.7) driven directly. Guest
   memory: RAM [0, 0x8000) with translated-code marks on its odd pages, a device at
   [0x8000, 0x9000), more RAM at [0x9000, 0xa000), nothing above; each RAM part is its own
   exact-size malloc so AddressSanitizer sees any access outside it. Input (little-endian):
     u8  bits 0-3 log2 Queue Size, bit 4 INDIRECT_DESC, bit 5 EVENT_IDX, bit 6 code-page notifier
     u16 desc, u16 avail, u16 used      ring addresses
     u16 n, then n bytes copied to RAM at 0
     ops until the end, op = byte % 8:
       0 pop (keep up to 16 chains)   1 u8 i, u32 len: push chain i
       2 unpop the chain just popped  3 u8 i, u16 off, u16 len: read from chain i
       4 u8 i, u16 off, u16 len: write into chain i
       5 u16 addr, u8 n, n bytes: guest memory write
       6 should_notify                7 set broken */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hw/virtqueue.h"
#include "system/memmap.h"
#include "tests/fuzz/fuzz.h"

#define RAM0_SIZE 0x8000u
#define DEV_BASE 0x8000u
#define RAM1_BASE 0x9000u
#define RAM1_SIZE 0x1000u
#define HELD 16

static uint8_t *ram0, *ram1;
static uint8_t code_pages[RAM0_SIZE / 4096];
static MemRegion regions[3];
static MemMap mm;
static uint64_t dma_bytes;

static uint64_t dev_rd(void *o, uint64_t off, unsigned s) {
    (void)o; (void)off; (void)s;
    abort();   /* the virtqueue must never do MMIO */
}
static void dev_wr(void *o, uint64_t off, uint64_t v, unsigned s) {
    (void)o; (void)off; (void)v; (void)s;
    abort();
}
static const MmioOps dev_ops = {.read = dev_rd, .write = dev_wr, .min_size = 1, .max_size = 8};

static void dma_written(void *opaque, uint64_t gpa, uint64_t len) {
    (void)opaque;
    if (gpa >= RAM0_SIZE || len > RAM0_SIZE - gpa || !code_pages[gpa / 4096])
        abort();   /* reported a range outside the marked pages */
    dma_bytes += len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    ram0 = malloc(RAM0_SIZE);
    ram1 = malloc(RAM1_SIZE);
    for (unsigned i = 0; i < RAM0_SIZE / 4096; i++)
        code_pages[i] = i & 1;
    regions[0] = (MemRegion){.name = "ram0", .base = 0, .size = RAM0_SIZE, .ram = ram0,
                             .code_pages = code_pages, .code_base = 0};
    regions[1] = (MemRegion){.name = "dev", .base = DEV_BASE, .size = 0x1000, .ops = &dev_ops};
    regions[2] = (MemRegion){.name = "ram1", .base = RAM1_BASE, .size = RAM1_SIZE, .ram = ram1};
    mm.regions = regions;
    mm.n = 3;
    mm.hot = 1;
    return 0;
}

static void poke(uint64_t addr, const uint8_t *src, size_t n) {
    for (size_t i = 0; i < n; i++, addr++) {
        if (addr < RAM0_SIZE)
            ram0[addr] = src[i];
        else if (addr >= RAM1_BASE && addr < RAM1_BASE + RAM1_SIZE)
            ram1[addr - RAM1_BASE] = src[i];
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    memset(ram0, 0, RAM0_SIZE);
    memset(ram1, 0, RAM1_SIZE);
    FuzzIn in = {data, size};
    uint8_t flags = fin_u8(&in);
    uint16_t desc = fin_u16(&in), avail = fin_u16(&in), used = fin_u16(&in);
    const uint8_t *img;
    size_t n = fin_bytes(&in, fin_u16(&in), &img);
    poke(0, img, n);

    VirtqError why;
    Virtqueue *vq = virtq_create(&mm, 1u << (flags & 15), desc, avail, used, flags & 16,
                                 flags & 32, NULL, NULL, &why);
    if (!vq)
        return 0;
    memmap_set_code_notifier(&mm, flags & 64 ? dma_written : NULL, NULL);

    VirtqElem *held[HELD];
    unsigned n_held = 0;
    bool just_popped = false;
    uint8_t buf[0x10000];
    unsigned ops = 0;
    while (fin_left(&in) && ops++ < 4096) {
        uint8_t b = fin_u8(&in);
        bool popped = false;
        switch (b % 8) {
        case 0: {
            VirtqElem *e = virtq_pop(vq);
            if (!e)
                break;
            if (n_held == HELD) {
                virtq_push(vq, held[0], 0);
                memmove(held, held + 1, (HELD - 1) * sizeof *held);
                n_held--;
            }
            held[n_held++] = e;
            popped = true;
            break;
        }
        case 1: {
            unsigned i = fin_u8(&in);
            uint32_t len = fin_u32(&in);
            if (n_held == 0)
                break;
            i %= n_held;
            virtq_push(vq, held[i], len);
            memmove(held + i, held + i + 1, (n_held - i - 1) * sizeof *held);
            n_held--;
            break;
        }
        case 2:
            if (just_popped)
                virtq_unpop(vq, held[--n_held]);
            break;
        case 3:
        case 4: {
            unsigned i = fin_u8(&in);
            uint16_t off = fin_u16(&in), len = fin_u16(&in);
            if (n_held == 0)
                break;
            VirtqElem *e = held[i % n_held];
            if (b % 8 == 3)
                virtq_elem_read(e, off, buf, len);
            else
                virtq_elem_write(e, off, memset(buf, 0xa5, len), len);
            break;
        }
        case 5: {
            uint16_t addr = fin_u16(&in);
            const uint8_t *src;
            size_t k = fin_bytes(&in, fin_u8(&in), &src);
            poke(addr, src, k);
            break;
        }
        case 6:
            virtq_should_notify(vq);
            break;
        case 7:
            virtq_set_broken(vq);
            break;
        }
        just_popped = popped;
    }
    if (virtq_inflight(vq) != n_held)
        abort();   /* the queue's in-flight count drifted from what was popped */
    for (unsigned i = 0; i < n_held; i++)
        virtq_elem_free(held[i]);
    virtq_free(vq);
    return 0;
}
