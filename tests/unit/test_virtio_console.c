/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/virtio_console.c through its virtio-mmio registers with no CPU, acting as
   the driver (virtio 1.x, 3.1.1, 5.3): device id and queues, output chains (several segments)
   reaching the backend in order, host input waiting for receive buffers and split over them,
   the bounded input buffer, and a real file chardev receiving the guest's output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/virtio_console.h"
#include "hw/virtio_mmio.h"
#include "system/chardev.h"
#include "system/memmap.h"

#include "tests/unit/check.h"
#include "tests/unit/virtio_driver.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define QN 16u
#define QBASE(q) (RAM_BASE + 0x10000ull * (q))
#define BUF (RAM_BASE + 0x40000)          /* buffer i at BUF + 0x1000 i */

static VirtioMmio *t;
static VirtioDevice *dev;
static uint16_t avail_idx[2], used_seen[2];
static uint8_t out[8192];
static size_t out_len;

static void out_rec(void *o, const uint8_t *b, size_t n) {
    (void)o;
    if (out_len + n <= sizeof out) {
        memcpy(out + out_len, b, n);
        out_len += n;
    }
}
static void make_avail(unsigned q, uint16_t head) {
    w16(QBASE(q) + 0x1000 + 4 + 2 * (avail_idx[q] % QN), head);
    avail_idx[q]++;
    w16(QBASE(q) + 0x1000 + 2, avail_idx[q]);
}
static bool next_used(unsigned q, uint32_t *id, uint32_t *len) {
    if (r16(QBASE(q) + 0x2000 + 2) == used_seen[q])
        return false;
    uint64_t e = QBASE(q) + 0x2000 + 4 + 8 * (used_seen[q] % QN);
    *id = r32(e);
    *len = r32(e + 4);
    used_seen[q]++;
    return true;
}

static void start(CharDev *chr) {
    dev = virtio_console_create(chr);
    if (!chr)
        virtio_console_set_output(dev, out_rec, NULL);
    base += VIRTIO_MMIO_SLOT_SIZE;
    t = virtio_mmio_create(&mm, base, (IrqLine){.set = irq_rec}, dev);
    memset(H(RAM_BASE), 0, 0x30000);
    avail_idx[0] = avail_idx[1] = used_seen[0] = used_seen[1] = 0;
    out_len = 0;
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);          /* VERSION_1 */
    wr(VIRTIO_MMIO_STATUS, 0xb);
    for (unsigned q = 0; q < 2; q++) {
        wr(VIRTIO_MMIO_QUEUE_SEL, q);
        wr(VIRTIO_MMIO_QUEUE_NUM, QN);
        uint64_t d = QBASE(q), a = d + 0x1000, u = d + 0x2000;
        wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)d);
        wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(d >> 32));
        wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)a);
        wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(a >> 32));
        wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)u);
        wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(u >> 32));
        wr(VIRTIO_MMIO_QUEUE_READY, 1);
    }
    wr(VIRTIO_MMIO_STATUS, 0xf);
}

static void stop(void) {
    virtio_mmio_free(t);
    t = NULL;
}

/* Queue output "text" split into two descriptors at cut. */
static void send_out(unsigned d0, const char *text, size_t cut) {
    size_t n = strlen(text);
    memcpy(H(BUF + 0x1000ull * d0), text, cut);
    memcpy(H(BUF + 0x1000ull * (d0 + 1)), text + cut, n - cut);
    desc(QBASE(1), d0, BUF + 0x1000ull * d0, (uint32_t)cut, VIRTQ_DESC_F_NEXT, (uint16_t)(d0 + 1));
    desc(QBASE(1), d0 + 1, BUF + 0x1000ull * (d0 + 1), (uint32_t)(n - cut), 0, 0);
    make_avail(1, (uint16_t)d0);
}

static void test_output(void) {
    start(NULL);
    CHECK(rd(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_CONSOLE, "device id %u",
          rd(VIRTIO_MMIO_DEVICE_ID));
    CHECK(rd(VIRTIO_MMIO_STATUS) == 0xf, "driver OK");
    wr(VIRTIO_MMIO_QUEUE_SEL, 2);
    CHECK(rd(VIRTIO_MMIO_QUEUE_NUM_MAX) == 0, "two queues only");
    send_out(0, "hello, ", 3);
    send_out(2, "world\n", 5);
    irq_level = 0;
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    CHECK(out_len == 13 && !memcmp(out, "hello, world\n", 13), "output '%.*s'", (int)out_len,
          out);
    uint32_t id, len;
    CHECK(next_used(1, &id, &len) && id == 0 && len == 0, "first chain used");
    CHECK(next_used(1, &id, &len) && id == 2, "second chain used");
    CHECK(irq_level == 1, "tx interrupt");
    stop();
}

static void post_rx(unsigned i, uint32_t len) {
    memset(H(BUF + 0x1000ull * i), 0, len);
    desc(QBASE(0), i, BUF + 0x1000ull * i, len, VIRTQ_DESC_F_WRITE, 0);
    make_avail(0, (uint16_t)i);
}

static void test_input(void) {
    start(NULL);
    const char *msg = "typed on the host";
    size_t n = strlen(msg);
    CHECK(virtio_console_input(dev, (const uint8_t *)msg, n) == n, "input taken");
    uint32_t id, len;
    CHECK(!next_used(0, &id, &len), "no buffer, nothing used");
    post_rx(0, 8);
    post_rx(1, 64);
    irq_level = 0;
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(next_used(0, &id, &len) && id == 0 && len == 8, "8 bytes in the first (%u)", len);
    CHECK(!memcmp(H(BUF), msg, 8), "first part");
    CHECK(next_used(0, &id, &len) && id == 1 && len == n - 8, "rest in the second (%u)", len);
    CHECK(!memcmp(H(BUF + 0x1000), msg + 8, n - 8), "second part");
    CHECK(irq_level == 1, "rx interrupt");
    CHECK(!next_used(0, &id, &len), "nothing more");

    /* with a buffer already posted, input goes straight in */
    post_rx(2, 64);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(virtio_console_input(dev, (const uint8_t *)"x", 1) == 1, "one byte");
    CHECK(next_used(0, &id, &len) && id == 2 && len == 1 && *H(BUF + 0x2000) == 'x',
          "delivered at once");

    /* the input buffer is bounded: what does not fit is refused, not lost silently */
    static uint8_t big[VIRTIO_CONSOLE_INBUF + 100];
    memset(big, 'b', sizeof big);
    size_t took = virtio_console_input(dev, big, sizeof big);
    CHECK(took == VIRTIO_CONSOLE_INBUF, "buffer bound (%zu)", took);
    CHECK(virtio_console_input(dev, big, 1) == 0, "full");
    post_rx(3, 4000);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(virtio_console_input(dev, big, 10) == 10, "room again after the guest took some");
    stop();
}

static void test_file_chardev(void) {
    char path[] = "/tmp/tern-vcon-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    close(fd);
    char spec[64];
    snprintf(spec, sizeof spec, "file:%s", path);
    CharDev *c = chardev_open(spec, NULL);
    CHECK(c != NULL, "open %s", spec);
    start(c);
    send_out(0, "to the file\n", 4);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    stop();
    chardev_close(c);
    char buf[64] = {0};
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    unlink(path);
    CHECK(got == 12 && !strcmp(buf, "to the file\n"), "file holds '%s'", buf);
}

int main(void) {
    memmap_init(&mm);
    if (!memmap_add_ram(&mm, "ram", RAM_BASE, RAM_SIZE)) {
        printf("cannot create RAM\n");
        return 1;
    }
    test_output();
    test_input();
    test_file_chardev();
    memmap_free(&mm);
    printf("test_virtio_console: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
