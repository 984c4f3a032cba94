/* SPDX-License-Identifier: MIT */
/* The virtio device fuzz driver (see virtio_fuzz.h for the input format). Guest RAM is a
   malloc'ed buffer of exactly VFUZZ_RAM_SIZE bytes, so AddressSanitizer catches any device
   access outside it. */
#include "tests/fuzz/virtio_fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "system/memmap.h"
#include "tests/fuzz/fuzz.h"

#define SLOT_BASE 0x10001000ull

static uint8_t *ram;
static MemMap mm;

static void irq_set_level(void *o, int n, int level) {
    (void)o;
    (void)n;
    (void)level;
}
static void kick(void *o) { (void)o; }

static uint32_t rd(uint64_t off, unsigned size) {
    uint64_t v = 0;
    memmap_read(&mm, SLOT_BASE + off, size, &v);
    return (uint32_t)v;
}
static void wr(uint64_t off, uint32_t v) { memmap_write(&mm, SLOT_BASE + off, 4, v); }

typedef struct Layout {
    unsigned log2;
    uint64_t features;
    uint16_t ring[2][3];
} Layout;

/* 3.1.1 driver initialisation with the input's features and rings. */
static void init_device(const Layout *l) {
    wr(VIRTIO_MMIO_STATUS, 0);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint64_t offer = (uint64_t)rd(VIRTIO_MMIO_DEVICE_FEATURES, 4) << 32;
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    offer |= rd(VIRTIO_MMIO_DEVICE_FEATURES, 4);
    uint64_t f = (l->features | 1ull << VIRTIO_F_VERSION_1) & offer;
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
    wr(VIRTIO_MMIO_STATUS, 0xb);
    for (unsigned q = 0; q < 2; q++) {
        wr(VIRTIO_MMIO_QUEUE_SEL, q);
        uint32_t max = rd(VIRTIO_MMIO_QUEUE_NUM_MAX, 4);
        if (max == 0)
            continue;
        uint32_t num = 1u << l->log2;
        while (num > max)
            num >>= 1;
        wr(VIRTIO_MMIO_QUEUE_NUM, num);
        wr(VIRTIO_MMIO_QUEUE_DESC_LOW, l->ring[q][0]);
        wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
        wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, l->ring[q][1]);
        wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
        wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, l->ring[q][2]);
        wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
        wr(VIRTIO_MMIO_QUEUE_READY, 1);
    }
    wr(VIRTIO_MMIO_STATUS, 0xf);
}

int virtio_fuzz_run(const VirtioFuzzModel *model, const uint8_t *data, size_t size) {
    if (!ram)
        ram = malloc(VFUZZ_RAM_SIZE);
    memset(ram, 0, VFUZZ_RAM_SIZE);
    /* A fresh map each run: the transport adds its region, which stays mapped. */
    memmap_init(&mm);
    mm.regions = malloc(sizeof *mm.regions);
    mm.regions[0] = (MemRegion){.name = "ram", .base = 0, .size = VFUZZ_RAM_SIZE, .ram = ram};
    mm.n = 1;
    mm.hot = 1;

    FuzzIn in = {data, size};
    uint8_t flags = fin_u8(&in);
    Layout l = {.log2 = flags & 15u};
    if (l.log2 > 15)
        l.log2 = 15;
    l.features = fin_uint(&in, 8);
    for (unsigned q = 0; q < 2; q++)
        for (unsigned k = 0; k < 3; k++)
            l.ring[q][k] = fin_u16(&in);
    const uint8_t *img;
    size_t n = fin_bytes(&in, fin_u16(&in), &img);
    memcpy(ram, img, n);

    VirtioDevice *d = model->create(flags >> 5);
    if (!d) {
        free(mm.regions);
        return 0;
    }
    VirtioMmio *t = virtio_mmio_create(&mm, SLOT_BASE, (IrqLine){.set = irq_set_level}, d);
    if (!t) {
        free(mm.regions);
        return 0;
    }
    virtio_mmio_set_hooks(t, kick, NULL);
    if (!(flags & 16))
        init_device(&l);

    unsigned ops = 0;
    while (fin_left(&in) && ops++ < 4096) {
        uint8_t b = fin_u8(&in);
        switch (b % 8) {
        case 0:
            wr(VIRTIO_MMIO_QUEUE_NOTIFY, b >> 3);
            break;
        case 1:
            virtio_mmio_drain(t);
            break;
        case 2: {
            uint16_t addr = fin_u16(&in);
            const uint8_t *src;
            size_t k = fin_bytes(&in, fin_u8(&in), &src);
            if (addr + k > VFUZZ_RAM_SIZE)
                k = VFUZZ_RAM_SIZE - addr;
            memcpy(ram + addr, src, k);
            break;
        }
        case 3: {
            uint8_t reg = fin_u8(&in);
            wr(4u * reg, fin_u32(&in));
            break;
        }
        case 4: {
            uint16_t off = fin_u16(&in) & 0xfff;
            static const unsigned sizes[4] = {1, 2, 4, 8};
            uint64_t v;
            memmap_read(&mm, SLOT_BASE + off, sizes[fin_u8(&in) & 3], &v);
            break;
        }
        case 5: {
            const uint8_t *src;
            size_t k = fin_bytes(&in, fin_u16(&in), &src);
            if (model->host_input)
                model->host_input(d, src, k);
            break;
        }
        case 6:
            virtio_mmio_reset(t);
            init_device(&l);
            break;
        case 7:
            if (model->toggle)
                model->toggle(d);
            break;
        }
    }
    virtio_mmio_drain(t);
    virtio_mmio_free(t);
    free(mm.regions);
    if (model->cleanup)
        model->cleanup();
    return 0;
}
