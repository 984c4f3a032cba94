/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/virtio_mmio.c through the memory map with a test device behind it and no
   CPU (virtio 1.x, 4.2.2 registers, 3.1.1 driver initialization, 2.1 status): identification,
   empty slots, feature windows and FEATURES_OK negotiation, the status state machine and
   reset, queue registers and QueueReady, notifications only while DRIVER_OK, interrupt status
   and ACK on the IRQ line, config space access and generation, access-size rules, and
   DEVICE_NEEDS_RESET with a config-change interrupt on a malformed chain. Also virtio-rng
   (5.4) end to end on a second slot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/virtio_mmio.h"
#include "hw/virtio_rng.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define BASE 0x10001000ull
#define EMPTY_BASE 0x10002000ull
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define QN 16u
#define DESC (RAM_BASE + 0x0000)
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define BUF (RAM_BASE + 0x8000)
#define DEV_FEATURE_BIT 5                /* the test device's own feature */
#define DEV_REFUSED_BIT 7                /* offered, but validate_features refuses it */

static MemMap mm;
static VirtioMmio *t;
static int irq_level;

typedef struct TestDev {
    VirtioDevice vdev;
    uint8_t config[12];
    int notifies[2], resets, frees;
} TestDev;
static TestDev *td;

static void irq_rec(void *o, int n, int level) {
    (void)o;
    CHECK(n == 3, "irq number %d", n);
    irq_level = level;
}

static void cfg_read(VirtioDevice *d, uint32_t off, void *buf, unsigned len) {
    CHECK(off + len <= sizeof td->config, "config read beyond config_size: %u+%u", off, len);
    memcpy(buf, ((TestDev *)d)->config + off, len);
}
static void cfg_write(VirtioDevice *d, uint32_t off, const void *buf, unsigned len) {
    CHECK(off + len <= sizeof td->config, "config write beyond config_size");
    memcpy(((TestDev *)d)->config + off, buf, len);
}
static bool validate(VirtioDevice *d, uint64_t f) {
    (void)d;
    return !(f >> DEV_REFUSED_BIT & 1);
}
/* Echo device: every chain is returned with its whole writable part "used". */
static void q_notify(VirtioDevice *d, unsigned q) {
    TestDev *x = (TestDev *)d;
    x->notifies[q]++;
    Virtqueue *vq = virtio_dev_queue(d, q);
    CHECK(vq != NULL, "notify without a usable queue");
    VirtqElem *e;
    bool any = false;
    while (vq && (e = virtq_pop(vq))) {
        virtq_push(vq, e, (uint32_t)e->in_len);
        any = true;
    }
    if (any)
        virtio_dev_notify(d, vq);
}
static void dev_reset(VirtioDevice *d) { ((TestDev *)d)->resets++; }
static void dev_free(VirtioDevice *d) { ((TestDev *)d)->frees++; }

static const VirtioDeviceOps test_ops = {
    .name = "test", .device_id = VIRTIO_ID_CONSOLE, .num_queues = 2, .queue_max = QN,
    .config_size = 12, .config_read = cfg_read, .config_write = cfg_write,
    .validate_features = validate, .queue_notify = q_notify, .reset = dev_reset,
    .free = dev_free,
};

static uint64_t cur = BASE;              /* the slot rd/wr talk to */
static uint32_t rd(uint64_t off) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, cur + off, 4, &v), "read 0x%llx", (unsigned long long)off);
    return (uint32_t)v;
}
static uint64_t rd_n(uint64_t off, unsigned size) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE + off, size, &v), "read 0x%llx", (unsigned long long)off);
    return v;
}
static void wr(uint64_t off, uint32_t v) {
    CHECK(memmap_write(&mm, cur + off, 4, v), "write 0x%llx", (unsigned long long)off);
}
static uint8_t *H(uint64_t gpa) { return memmap_ram_ptr(&mm, gpa, 1); }
static void w16(uint64_t gpa, uint16_t v) { memcpy(H(gpa), &v, 2); }
static uint16_t r16(uint64_t gpa) { uint16_t v; memcpy(&v, H(gpa), 2); return v; }
static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
    uint8_t *p = H(DESC + 16 * i);
    memcpy(p, &addr, 8);
    memcpy(p + 8, &len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

static void setup(void) {
    memmap_init(&mm);
    if (!memmap_add_ram(&mm, "ram", RAM_BASE, RAM_SIZE))
        exit(1);
    td = calloc(1, sizeof *td);
    td->vdev.ops = &test_ops;
    td->vdev.host_features = 1ull << DEV_FEATURE_BIT | 1ull << DEV_REFUSED_BIT;
    for (unsigned i = 0; i < sizeof td->config; i++)
        td->config[i] = (uint8_t)(0x10 + i);
    t = virtio_mmio_create(&mm, BASE, (IrqLine){.set = irq_rec, .n = 3}, &td->vdev);
    CHECK(t != NULL, "create");
    CHECK(virtio_mmio_create(&mm, EMPTY_BASE, (IrqLine){0}, NULL) != NULL, "empty slot");
}

static uint64_t read_features(void) {
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint64_t hi = rd(VIRTIO_MMIO_DEVICE_FEATURES);
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    return hi << 32 | rd(VIRTIO_MMIO_DEVICE_FEATURES);
}
static void write_features(uint64_t f) {
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}
/* 3.1.1 steps 1-6 for feature set f; returns whether FEATURES_OK stuck. */
static bool negotiate(uint64_t f) {
    wr(VIRTIO_MMIO_STATUS, 0);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    write_features(f);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                               VIRTIO_STATUS_FEATURES_OK);
    return rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK;
}
static void setup_queue(unsigned q, unsigned num) {
    wr(VIRTIO_MMIO_QUEUE_SEL, q);
    wr(VIRTIO_MMIO_QUEUE_NUM, num);
    wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC);
    wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(DESC >> 32));
    wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL);
    wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(AVAIL >> 32));
    wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)USED);
    wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(USED >> 32));
    wr(VIRTIO_MMIO_QUEUE_READY, 1);
}
static void driver_ok(void) {
    wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}
static void clear_rings(void) {
    memset(H(AVAIL), 0, 0x1000);
    memset(H(USED), 0, 0x1000);
}

static void test_ident(void) {
    CHECK(rd(VIRTIO_MMIO_MAGIC_VALUE) == 0x74726976, "magic 0x%x", rd(0));
    CHECK(rd(VIRTIO_MMIO_VERSION) == 2, "version");
    CHECK(rd(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_CONSOLE, "device id");
    CHECK(rd(VIRTIO_MMIO_VENDOR_ID) == VIRTIO_MMIO_VENDOR_QEMU, "vendor id");
    uint64_t v;
    memmap_read(&mm, EMPTY_BASE + VIRTIO_MMIO_MAGIC_VALUE, 4, &v);
    CHECK(v == 0x74726976, "empty slot magic");
    memmap_read(&mm, EMPTY_BASE + VIRTIO_MMIO_DEVICE_ID, 4, &v);
    CHECK(v == 0, "empty slot device id %llu", (unsigned long long)v);
    memmap_read(&mm, EMPTY_BASE + VIRTIO_MMIO_QUEUE_NUM_MAX, 4, &v);
    CHECK(v == 0, "empty slot queue num max");
    memmap_write(&mm, EMPTY_BASE + VIRTIO_MMIO_STATUS, 4, 1);
    memmap_read(&mm, EMPTY_BASE + VIRTIO_MMIO_STATUS, 4, &v);
    CHECK(v == 0, "empty slot status");
}

static void test_features(void) {
    uint64_t f = read_features();
    CHECK(f >> VIRTIO_F_VERSION_1 & 1, "VERSION_1 not offered");
    CHECK(f >> VIRTIO_F_INDIRECT_DESC & 1, "INDIRECT_DESC not offered");
    CHECK(f >> VIRTIO_F_EVENT_IDX & 1, "EVENT_IDX not offered");
    CHECK(f >> DEV_FEATURE_BIT & 1, "device feature not offered");
    CHECK(!(f >> 34 & 1), "RING_PACKED offered");
    wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    CHECK(rd(VIRTIO_MMIO_DEVICE_FEATURES) == 0, "window 2 not empty");

    uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;
    CHECK(negotiate(v1 | 1ull << DEV_FEATURE_BIT), "valid feature set refused");
    CHECK(td->vdev.features == (v1 | 1ull << DEV_FEATURE_BIT), "negotiated 0x%llx",
          (unsigned long long)td->vdev.features);
    CHECK(virtio_dev_has_feature(&td->vdev, DEV_FEATURE_BIT), "has_feature");
    /* Features are frozen once FEATURES_OK is set. */
    write_features(v1 | 1ull << VIRTIO_F_EVENT_IDX);
    CHECK(!virtio_dev_has_feature(&td->vdev, VIRTIO_F_EVENT_IDX), "features changed after OK");
    CHECK(!negotiate(1ull << DEV_FEATURE_BIT), "legacy (no VERSION_1) feature set accepted");
    CHECK(!negotiate(v1 | 1ull << 40), "feature that was not offered accepted");
    CHECK(!negotiate(v1 | 1ull << DEV_REFUSED_BIT), "device's validate_features ignored");
    CHECK(rd(VIRTIO_MMIO_STATUS) == (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER),
          "status after refusal 0x%x", rd(VIRTIO_MMIO_STATUS));
    /* DRIVER_OK without FEATURES_OK is not taken. */
    driver_ok();
    CHECK(!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK), "DRIVER_OK without FEATURES_OK");
}

static void test_queue_regs(void) {
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate");
    wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    CHECK(rd(VIRTIO_MMIO_QUEUE_NUM_MAX) == QN, "num max q0");
    wr(VIRTIO_MMIO_QUEUE_SEL, 1);
    CHECK(rd(VIRTIO_MMIO_QUEUE_NUM_MAX) == QN, "num max q1");
    wr(VIRTIO_MMIO_QUEUE_SEL, 2);
    CHECK(rd(VIRTIO_MMIO_QUEUE_NUM_MAX) == 0, "queue 2 does not exist");
    wr(VIRTIO_MMIO_QUEUE_READY, 1);
    CHECK(rd(VIRTIO_MMIO_QUEUE_READY) == 0, "nonexistent queue became ready");
    wr(VIRTIO_MMIO_QUEUE_SEL, 0xffffffff);
    CHECK(rd(VIRTIO_MMIO_QUEUE_NUM_MAX) == 0, "queue 2^32-1");
    clear_rings();
    setup_queue(0, 8);
    CHECK(rd(VIRTIO_MMIO_QUEUE_READY) == 1, "queue 0 ready");
    CHECK(!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET), "needs reset");
    /* Setup registers are frozen while ready: moving the ring now must not take effect. */
    wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1234);
    wr(VIRTIO_MMIO_QUEUE_NUM, 4);
    driver_ok();
    desc(0, BUF, 64, VIRTQ_DESC_F_WRITE, 0);
    w16(AVAIL + 4, 0);
    w16(AVAIL + 2, 1);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(r16(USED + 2) == 1, "chain not processed with the original ring: used idx %u",
          r16(USED + 2));
    wr(VIRTIO_MMIO_STATUS, 0);
    wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    CHECK(rd(VIRTIO_MMIO_QUEUE_READY) == 0, "reset did not clear QueueReady");
}

static void test_notify_and_irq(void) {
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate");
    clear_rings();
    setup_queue(0, QN);
    int before = td->notifies[0];
    desc(0, BUF, 64, VIRTQ_DESC_F_WRITE, 0);
    w16(AVAIL + 4, 0);
    w16(AVAIL + 2, 1);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(td->notifies[0] == before, "notify delivered before DRIVER_OK");
    CHECK(irq_level == 0, "irq before DRIVER_OK");
    /* DRIVER_OK picks up the buffer made available earlier. */
    driver_ok();
    CHECK(td->notifies[0] == before + 1, "DRIVER_OK did not look at ready queues");
    CHECK(r16(USED + 2) == 1, "used idx %u", r16(USED + 2));
    CHECK(rd(VIRTIO_MMIO_INTERRUPT_STATUS) == VIRTIO_MMIO_INT_VRING, "int status 0x%x",
          rd(VIRTIO_MMIO_INTERRUPT_STATUS));
    CHECK(irq_level == 1, "irq not raised");
    wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
    CHECK(irq_level == 1, "acking another bit lowered the irq");
    wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    CHECK(irq_level == 0 && rd(VIRTIO_MMIO_INTERRUPT_STATUS) == 0, "ack");
    /* NO_INTERRUPT: used, but no interrupt. */
    w16(AVAIL, VIRTQ_AVAIL_F_NO_INTERRUPT);
    w16(AVAIL + 4 + 2, 0);
    w16(AVAIL + 2, 2);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(r16(USED + 2) == 2 && irq_level == 0, "NO_INTERRUPT: used %u irq %d", r16(USED + 2),
          irq_level);
    /* Notify of a queue that is not ready / does not exist reaches nobody. */
    int q1 = td->notifies[1];
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 7);
    CHECK(td->notifies[1] == q1, "notify of a queue that is not ready");
}

static void test_config(void) {
    CHECK(rd_n(VIRTIO_MMIO_CONFIG, 1) == 0x10, "config byte 0");
    CHECK(rd_n(VIRTIO_MMIO_CONFIG + 3, 1) == 0x13, "config byte 3");
    CHECK(rd_n(VIRTIO_MMIO_CONFIG + 2, 2) == 0x1312, "config u16");
    CHECK(rd_n(VIRTIO_MMIO_CONFIG + 4, 4) == 0x17161514, "config u32");
    CHECK(rd_n(VIRTIO_MMIO_CONFIG, 8) == 0x1716151413121110ull, "config u64 (two words)");
    CHECK(rd_n(VIRTIO_MMIO_CONFIG + 10, 4) == 0, "config read past config_size");
    CHECK(rd_n(VIRTIO_MMIO_CONFIG + 0x100, 4) == 0, "config read far out");
    memmap_write(&mm, BASE + VIRTIO_MMIO_CONFIG + 8, 2, 0xbeef);
    CHECK(td->config[8] == 0xef && td->config[9] == 0xbe, "config write");
    memmap_write(&mm, BASE + VIRTIO_MMIO_CONFIG + 11, 2, 0xffff);
    CHECK(td->config[11] == 0x1b, "config write past config_size taken");
    /* Generation and config-change interrupt (the driver is running from the last test). */
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK, "driver ok");
    uint32_t g = rd(VIRTIO_MMIO_CONFIG_GENERATION);
    CHECK(g == rd(VIRTIO_MMIO_CONFIG_GENERATION), "generation stable");
    virtio_dev_config_changed(&td->vdev);
    CHECK(rd(VIRTIO_MMIO_CONFIG_GENERATION) != g, "generation unchanged");
    CHECK(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG, "config interrupt");
    CHECK(irq_level == 1, "irq");
    wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
    CHECK(irq_level == 0, "ack config");
}

static void test_access_rules(void) {
    CHECK(rd_n(VIRTIO_MMIO_MAGIC_VALUE, 1) == 0, "byte read of a register");
    CHECK(rd_n(VIRTIO_MMIO_MAGIC_VALUE, 2) == 0, "halfword read of a register");
    CHECK(rd_n(VIRTIO_MMIO_MAGIC_VALUE + 1, 4) == 0, "misaligned read");
    uint32_t st = rd(VIRTIO_MMIO_STATUS);
    memmap_write(&mm, BASE + VIRTIO_MMIO_STATUS, 1, 0);
    CHECK(rd(VIRTIO_MMIO_STATUS) == st, "byte write to Status took effect");
    CHECK(rd(VIRTIO_MMIO_QUEUE_NOTIFY) == 0, "write-only register reads 0");
    wr(VIRTIO_MMIO_MAGIC_VALUE, 0);
    CHECK(rd(VIRTIO_MMIO_MAGIC_VALUE) == 0x74726976, "magic writable");
    CHECK(rd(VIRTIO_MMIO_SHM_LEN_LOW) == 0xffffffffu && rd(VIRTIO_MMIO_SHM_LEN_HIGH) ==
              0xffffffffu, "no shared memory region: length -1");
}

static void test_reset(void) {
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_EVENT_IDX), "negotiate");
    clear_rings();
    setup_queue(0, QN);
    driver_ok();
    virtio_dev_config_changed(&td->vdev);
    CHECK(irq_level == 1, "irq before reset");
    int resets = td->resets;
    wr(VIRTIO_MMIO_STATUS, 0);
    CHECK(td->resets == resets + 1, "device reset hook not called");
    CHECK(rd(VIRTIO_MMIO_STATUS) == 0, "status after reset");
    CHECK(rd(VIRTIO_MMIO_INTERRUPT_STATUS) == 0 && irq_level == 0, "interrupts after reset");
    CHECK(td->vdev.features == 0, "features after reset");
    wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    CHECK(rd(VIRTIO_MMIO_QUEUE_READY) == 0, "queue ready after reset");
    CHECK(virtio_dev_queue(&td->vdev, 0) == NULL, "queue usable after reset");
    /* The board's system reset does the same. */
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate");
    setup_queue(0, QN);
    driver_ok();
    virtio_mmio_reset(t);
    CHECK(virtio_mmio_status(t) == 0 && td->resets == resets + 3, "virtio_mmio_reset");
    /* Re-initialising after reset works and indices restart at 0. */
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate again");
    clear_rings();
    setup_queue(0, QN);
    driver_ok();
    desc(3, BUF, 8, VIRTQ_DESC_F_WRITE, 0);
    w16(AVAIL + 4, 3);
    w16(AVAIL + 2, 1);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(r16(USED + 2) == 1, "used idx after re-init %u", r16(USED + 2));
}

static void test_needs_reset(void) {
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate");
    clear_rings();
    setup_queue(0, QN);
    driver_ok();
    wr(VIRTIO_MMIO_INTERRUPT_ACK, 3);
    /* A loop: the device must refuse it, ask for a reset, and say so with an interrupt. */
    desc(0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    desc(1, BUF, 16, VIRTQ_DESC_F_NEXT, 0);
    w16(AVAIL + 4, 0);
    w16(AVAIL + 2, 1);
    int n = td->notifies[0];
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, "no DEVICE_NEEDS_RESET");
    CHECK(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG, "no config interrupt");
    CHECK(irq_level == 1, "irq");
    CHECK(r16(USED + 2) == 0, "used ring written");
    /* The device is stopped: notifications no longer reach it. */
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(td->notifies[0] == n + 1, "notify reached a device that needs reset");
    /* The driver cannot clear the bit by writing status; only a reset does. */
    wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET);
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, "driver cleared the bit");
    wr(VIRTIO_MMIO_STATUS, 0);
    CHECK(rd(VIRTIO_MMIO_STATUS) == 0, "reset clears DEVICE_NEEDS_RESET");

    /* Ring addresses outside RAM at QueueReady. */
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate");
    wr(VIRTIO_MMIO_QUEUE_SEL, 1);
    wr(VIRTIO_MMIO_QUEUE_NUM, QN);
    wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
    wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
    wr(VIRTIO_MMIO_QUEUE_READY, 1);
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, "bad ring accepted");
    wr(VIRTIO_MMIO_STATUS, 0);
    /* QueueNum above QueueNumMax is refused at QueueReady. */
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "negotiate");
    clear_rings();
    setup_queue(0, 2 * QN);
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, "oversized queue taken");
    wr(VIRTIO_MMIO_STATUS, 0);
}

#define RNG_BASE (BASE + 0x2000)

static void test_rng(void) {
    VirtioDevice *d = virtio_rng_create();
    VirtioMmio *rt = d ? virtio_mmio_create(&mm, RNG_BASE, (IrqLine){0}, d) : NULL;
    CHECK(rt != NULL, "rng create");
    if (!rt)
        return;
    cur = RNG_BASE;
    CHECK(rd(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_RNG, "rng device id");
    CHECK(negotiate(1ull << VIRTIO_F_VERSION_1), "rng negotiate");
    clear_rings();
    setup_queue(0, 8);
    driver_ok();
    /* three chains: 64 writable bytes; 200 KiB writable in two parts; one readable only */
    memset(H(BUF), 0, 64);
    desc(0, BUF, 64, VIRTQ_DESC_F_WRITE, 0);
    desc(1, BUF + 0x1000, 0x100, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    desc(2, BUF + 0x2000, 200 << 10, VIRTQ_DESC_F_WRITE, 0);
    desc(3, BUF, 16, 0, 0);
    memset(H(BUF + 0x1000), 0, 0x100);
    w16(AVAIL + 4, 0);
    w16(AVAIL + 6, 1);
    w16(AVAIL + 8, 3);
    w16(AVAIL + 2, 3);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(r16(USED + 2) == 3, "rng used idx %u", r16(USED + 2));
    uint32_t len[3];
    for (int i = 0; i < 3; i++)
        memcpy(&len[i], H(USED + 8 + 8 * i), 4);
    CHECK(len[0] == 64, "rng len %u", len[0]);
    CHECK(len[1] > 0x100 && len[1] <= VIRTIO_RNG_MAX_CHUNK, "rng big len %u", len[1]);
    CHECK(len[2] == 0, "rng readable-only chain len %u", len[2]);
    int zeros = 0, zeros2 = 0;
    for (int i = 0; i < 64; i++)
        zeros += H(BUF)[i] == 0;
    for (int i = 0; i < 0x100; i++)
        zeros2 += H(BUF + 0x1000)[i] == 0;
    CHECK(zeros < 8 && zeros2 < 16, "rng bytes look unrandom (%d, %d zeros)", zeros, zeros2);
    CHECK(rd(VIRTIO_MMIO_INTERRUPT_STATUS) == VIRTIO_MMIO_INT_VRING, "rng interrupt");
    cur = BASE;
    virtio_mmio_free(rt);
}

int main(void) {
    setup();
    test_ident();
    test_features();
    test_queue_regs();
    test_notify_and_irq();
    test_config();
    test_access_rules();
    test_reset();
    test_needs_reset();
    test_rng();
    virtio_mmio_free(t);
    CHECK(td->frees == 1, "device free hook");
    free(td);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
