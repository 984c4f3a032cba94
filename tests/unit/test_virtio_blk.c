/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/virtio_blk.c through its virtio-mmio registers with no CPU, acting as the
   driver (virtio 1.x, 3.1.1 initialization, 5.2 block device) on temporary raw images:
   feature negotiation and config (capacity, seg_max, size_max, blk_size), queue setup, read,
   write, flush, get-id, write-zeroes, discard flags, IOERR for out-of-range or misaligned
   requests, UNSUPP for unknown types, read-only and snapshot modes (image bytes checked with
   pread), many requests in flight, completion through the worker + kick + poll path, reset
   with requests in flight, qcow2 refusal, DEVICE_NEEDS_RESET for a request without a
   status byte, IOERR for reads past the end of an image that shrank, and the image locks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hw/virtio_blk.h"
#include "hw/virtio_mmio.h"
#include "system/memmap.h"

#include "tests/unit/check.h"
#include "tests/unit/virtio_driver.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)
#define QN 64u
#define DESC (RAM_BASE + 0x0000)
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define HDR (RAM_BASE + 0x4000)             /* slot i: 16-byte header at HDR + 16 i */
#define STATUS (RAM_BASE + 0x5000)          /* slot i: status byte */
#define ITAB (RAM_BASE + 0x6000)            /* slot i: indirect table at ITAB + 64 i */
#define DATA (RAM_BASE + 0x10000)           /* slot i: data at DATA + 0x10000 i */
#define IMG_SECTORS 128u

static VirtioMmio *t;
static uint16_t avail_idx;


static uint8_t pattern(uint64_t i) { return (uint8_t)(i * 7 + 3 + (i >> 9)); }

/* A raw image of nbytes bytes filled with pattern(). */
static char *make_image(uint64_t nbytes) {
    char *path = strdup("/tmp/tern-vblk-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        exit(1);
    uint8_t *buf = malloc(nbytes);
    for (uint64_t i = 0; i < nbytes; i++)
        buf[i] = pattern(i);
    if (write(fd, buf, nbytes) != (ssize_t)nbytes)
        exit(1);
    free(buf);
    close(fd);
    return path;
}
static bool file_bytes(const char *path, uint64_t off, uint8_t *dst, size_t n) {
    FILE *f = fopen(path, "rb");
    bool ok = f && fseek(f, (long)off, SEEK_SET) == 0 && fread(dst, 1, n, f) == n;
    if (f)
        fclose(f);
    return ok;
}
static bool file_is_pattern(const char *path, uint64_t nbytes) {
    uint8_t *b = malloc(nbytes);
    bool ok = file_bytes(path, 0, b, nbytes);
    for (uint64_t i = 0; ok && i < nbytes; i++)
        ok = b[i] == pattern(i);
    free(b);
    return ok;
}

/* Attach a device at a fresh slot and bring it up the way Linux does (3.1.1). */
static bool start(VirtioDevice *d, uint64_t want) {
    base += VIRTIO_MMIO_SLOT_SIZE;
    t = virtio_mmio_create(&mm, base, (IrqLine){.set = irq_rec}, d);
    if (!t)
        return false;
    virtio_mmio_set_hooks(t, kick_rec, NULL);
    memset(H(AVAIL), 0, 0x1000);
    memset(H(USED), 0, 0x1000);
    avail_idx = 0;
    wr(VIRTIO_MMIO_STATUS, 0);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t f = dev_features() & want;
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
    wr(VIRTIO_MMIO_STATUS, 0xb);
    if (!(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        return false;
    wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    if (rd(VIRTIO_MMIO_QUEUE_NUM_MAX) < QN)
        return false;
    wr(VIRTIO_MMIO_QUEUE_NUM, QN);
    wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC);
    wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(DESC >> 32));
    wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)AVAIL);
    wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(AVAIL >> 32));
    wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)USED);
    wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(USED >> 32));
    wr(VIRTIO_MMIO_QUEUE_READY, 1);
    wr(VIRTIO_MMIO_STATUS, 0xf);
    return rd(VIRTIO_MMIO_STATUS) == 0xf;
}

static uint64_t cfg(unsigned off, unsigned size) {
    uint64_t v = 0;
    memmap_read(&mm, base + VIRTIO_MMIO_CONFIG + off, size, &v);
    return v;
}

/* Queue a request in slot (descriptors 3 slot .. 3 slot + 2): header, data of len bytes
   (device-writable when dev_writes), status. len 0: no data descriptor. indirect: the three
   go in an indirect table. */
static void submit_ex(unsigned slot, uint32_t type, uint64_t sector, uint32_t len,
                      bool dev_writes, bool indirect) {
    uint8_t *h = H(HDR + 16 * slot);
    memset(h, 0, 16);
    memcpy(h, &type, 4);
    memcpy(h + 8, &sector, 8);
    *H(STATUS + slot) = 0xee;
    uint64_t table = indirect ? ITAB + 64 * slot : DESC;
    unsigned d0 = indirect ? 0 : 3 * slot;
    unsigned ds = len ? d0 + 2 : d0 + 1;
    desc(table, d0, HDR + 16 * slot, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(len ? d0 + 1 : ds));
    if (len)
        desc(table, d0 + 1, DATA + 0x10000ull * slot, len,
             VIRTQ_DESC_F_NEXT | (dev_writes ? VIRTQ_DESC_F_WRITE : 0), (uint16_t)ds);
    desc(table, ds, STATUS + slot, 1, VIRTQ_DESC_F_WRITE, 0);
    if (indirect)
        desc(DESC, 3 * slot, table, 16 * (ds + 1), VIRTQ_DESC_F_INDIRECT, 0);
    w16(AVAIL + 4 + 2 * (avail_idx % QN), (uint16_t)(3 * slot));
    avail_idx++;
    w16(AVAIL + 2, avail_idx);
}
static void submit(unsigned slot, uint32_t type, uint64_t sector, uint32_t len,
                   bool dev_writes) {
    submit_ex(slot, type, sector, len, dev_writes, false);
}
static void notify(void) { wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0); }
/* One request, run to completion; returns its status byte. */
static uint8_t run(unsigned slot, uint32_t type, uint64_t sector, uint32_t len, bool dev_writes) {
    submit(slot, type, sector, len, dev_writes);
    notify();
    virtio_mmio_drain(t);
    return *H(STATUS + slot);
}
/* The used length reported for the chain whose head is head (last match). */
static int64_t used_len_of(unsigned head) {
    int64_t len = -1;
    for (unsigned i = 0; i < r16(USED + 2) && i < QN; i++)
        if (r32(USED + 4 + 8 * i) == head)
            len = r32(USED + 8 + 8 * i);
    return len;
}

static void test_bad_images(void) {
    char err[256] = "";
    CHECK(!virtio_blk_create("/nonexistent/disk.img", false, false, err, sizeof err) &&
              strstr(err, "/nonexistent/disk.img"), "missing image: '%s'", err);
    char *q = make_image(4096);
    FILE *f = fopen(q, "r+b");
    fwrite("QFI\xfb\0\0\0\3", 1, 8, f);
    fclose(f);
    err[0] = 0;
    CHECK(!virtio_blk_create(q, false, false, err, sizeof err) && strstr(err, "qcow2"),
          "qcow2 image: '%s'", err);
    err[0] = 0;
    CHECK(!virtio_blk_create(q, true, true, err, sizeof err) && strstr(err, "qcow2"),
          "qcow2 image read-only: '%s'", err);
    unlink(q);
    free(q);
}

static const uint64_t WANT = 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_BLK_F_FLUSH |
                             1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_SIZE_MAX |
                             1ull << VIRTIO_BLK_F_BLK_SIZE | 1ull << VIRTIO_BLK_F_RO |
                             1ull << VIRTIO_BLK_F_DISCARD | 1ull << VIRTIO_BLK_F_WRITE_ZEROES |
                             1ull << VIRTIO_F_INDIRECT_DESC | 1ull << VIRTIO_F_EVENT_IDX;

static void test_rw(void) {
    uint64_t size = IMG_SECTORS * 512 + 100;   /* a partial last sector is not exposed */
    char *img = make_image(size);
    char err[256];
    VirtioDevice *d = virtio_blk_create(img, false, false, err, sizeof err);
    CHECK(d != NULL, "create: %s", err);
    if (!d)
        return;
    CHECK(start(d, WANT), "driver init");
    CHECK(rd(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_BLOCK, "device id");
    uint64_t f = dev_features();
    CHECK((f >> VIRTIO_BLK_F_FLUSH & 1) && (f >> VIRTIO_BLK_F_SEG_MAX & 1) &&
              (f >> VIRTIO_BLK_F_BLK_SIZE & 1) && !(f >> VIRTIO_BLK_F_RO & 1) &&
              (f >> VIRTIO_BLK_F_DISCARD & 1) && (f >> VIRTIO_BLK_F_WRITE_ZEROES & 1),
          "features 0x%llx", (unsigned long long)f);
    CHECK(cfg(0, 4) == IMG_SECTORS && cfg(4, 4) == 0, "capacity %llu",
          (unsigned long long)(cfg(4, 4) << 32 | cfg(0, 4)));
    wr(VIRTIO_MMIO_QUEUE_SEL, 0);
    uint32_t qmax = rd(VIRTIO_MMIO_QUEUE_NUM_MAX);
    /* header + seg_max data segments + status fit in one chain of QueueNumMax */
    CHECK(cfg(VIRTIO_BLK_CFG_SEG_MAX, 4) >= 1 && cfg(VIRTIO_BLK_CFG_SEG_MAX, 4) <= qmax - 2,
          "seg_max %llu", (unsigned long long)cfg(VIRTIO_BLK_CFG_SEG_MAX, 4));
    CHECK(cfg(VIRTIO_BLK_CFG_SIZE_MAX, 4) >= 4096, "size_max");
    CHECK(cfg(VIRTIO_BLK_CFG_BLK_SIZE, 4) == 512, "blk_size");

    /* read sectors 2-3 */
    memset(H(DATA), 0, 1024);
    CHECK(run(0, VIRTIO_BLK_T_IN, 2, 1024, true) == VIRTIO_BLK_S_OK, "read status");
    bool same = true;
    for (unsigned i = 0; i < 1024; i++)
        same &= H(DATA)[i] == pattern(1024 + i);
    CHECK(same, "read data differs from the image");
    CHECK(used_len_of(0) == 1025, "read used len %lld", (long long)used_len_of(0));
    CHECK(irq_level == 1 && (rd(VIRTIO_MMIO_INTERRUPT_STATUS) & 1), "completion interrupt");
    wr(VIRTIO_MMIO_INTERRUPT_ACK, 1);

    /* write sector 5, read it back through the device and from the file */
    memset(H(DATA + 0x10000), 0x5a, 512);
    CHECK(run(1, VIRTIO_BLK_T_OUT, 5, 512, false) == VIRTIO_BLK_S_OK, "write status");
    uint8_t fb[512];
    CHECK(file_bytes(img, 5 * 512, fb, 512) && fb[0] == 0x5a && fb[511] == 0x5a,
          "write not in the image file");
    CHECK(file_bytes(img, 6 * 512, fb, 1) && fb[0] == pattern(6 * 512), "neighbour changed");
    memset(H(DATA + 0x20000), 0, 512);
    CHECK(run(2, VIRTIO_BLK_T_IN, 5, 512, true) == VIRTIO_BLK_S_OK && H(DATA + 0x20000)[7] ==
              0x5a, "read back");
    CHECK(run(3, VIRTIO_BLK_T_FLUSH, 0, 0, false) == VIRTIO_BLK_S_OK, "flush");

    /* get-id: the image's file name, NUL-padded to 20 bytes */
    memset(H(DATA + 0x40000), 0xff, 20);
    CHECK(run(4, VIRTIO_BLK_T_GET_ID, 0, 20, true) == VIRTIO_BLK_S_OK, "get id");
    const char *bn = strrchr(img, '/') + 1;
    size_t bl = strlen(bn) < 20 ? strlen(bn) : 20;
    CHECK(memcmp(H(DATA + 0x40000), bn, bl) == 0 && (bl == 20 || H(DATA + 0x40000)[bl] == 0),
          "id '%.20s'", (char *)H(DATA + 0x40000));
    CHECK(used_len_of(12) == 21, "get id used len %lld", (long long)used_len_of(12));

    /* errors */
    CHECK(run(5, VIRTIO_BLK_T_IN, IMG_SECTORS, 512, true) == VIRTIO_BLK_S_IOERR,
          "read past capacity");
    CHECK(run(5, VIRTIO_BLK_T_IN, IMG_SECTORS - 1, 1024, true) == VIRTIO_BLK_S_IOERR,
          "read straddling capacity");
    CHECK(run(5, VIRTIO_BLK_T_IN, 1ull << 63, 512, true) == VIRTIO_BLK_S_IOERR,
          "read at sector 2^63");
    CHECK(run(5, VIRTIO_BLK_T_OUT, ~0ull, 512, false) == VIRTIO_BLK_S_IOERR,
          "write at sector 2^64-1");
    CHECK(run(5, VIRTIO_BLK_T_OUT, 1, 100, false) == VIRTIO_BLK_S_IOERR, "write of 100 bytes");
    CHECK(run(5, 99, 0, 512, true) == VIRTIO_BLK_S_UNSUPP, "unknown request type");
    CHECK(file_is_pattern(img, 5 * 512), "failed requests changed the image");

    /* write-zeroes on sectors 10-11; discard with the unmap flag is unsupported */
    uint8_t *seg = H(DATA + 0x60000);
    uint64_t s10 = 10;
    uint32_t n2 = 2, fl = 0;
    memcpy(seg, &s10, 8);
    memcpy(seg + 8, &n2, 4);
    memcpy(seg + 12, &fl, 4);
    CHECK(run(6, VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false) == VIRTIO_BLK_S_OK, "write zeroes");
    CHECK(file_bytes(img, 10 * 512, fb, 512) && fb[0] == 0 && fb[300] == 0,
          "write zeroes left data");
    CHECK(file_bytes(img, 12 * 512, fb, 1) && fb[0] == pattern(12 * 512), "zeroed too much");
    fl = VIRTIO_BLK_WRITE_ZEROES_UNMAP;
    memcpy(seg + 12, &fl, 4);
    CHECK(run(6, VIRTIO_BLK_T_DISCARD, 0, 16, false) == VIRTIO_BLK_S_UNSUPP, "discard+unmap");
    fl = 0;
    memcpy(seg + 12, &fl, 4);
    CHECK(run(6, VIRTIO_BLK_T_DISCARD, 0, 16, false) == VIRTIO_BLK_S_OK, "discard");
    uint64_t far = IMG_SECTORS;
    memcpy(seg, &far, 8);
    CHECK(run(6, VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false) == VIRTIO_BLK_S_IOERR,
          "write zeroes past capacity");

    /* indirect descriptors */
    memset(H(DATA + 0x70000), 0, 512);
    submit_ex(7, VIRTIO_BLK_T_IN, 20, 512, true, true);
    notify();
    virtio_mmio_drain(t);
    CHECK(*H(STATUS + 7) == VIRTIO_BLK_S_OK && H(DATA + 0x70000)[3] == pattern(20 * 512 + 3),
          "indirect read");

    /* many in flight, completed by the worker + kick + poll path (no drain) */
    for (unsigned s = 0; s < 16; s++)
        submit(s, VIRTIO_BLK_T_IN, 24 + s * 4, 2048, true);
    uint16_t used0 = r16(USED + 2);
    int k0 = __atomic_load_n(&kicks, __ATOMIC_SEQ_CST);
    notify();
    struct timespec ts = {0, 1000000};
    for (int i = 0; i < 5000 && (uint16_t)(r16(USED + 2) - used0) < 16; i++) {
        if (__atomic_load_n(&kicks, __ATOMIC_SEQ_CST) != k0)
            virtio_mmio_poll(t);
        nanosleep(&ts, NULL);
    }
    CHECK((uint16_t)(r16(USED + 2) - used0) == 16, "%u of 16 completed",
          (uint16_t)(r16(USED + 2) - used0));
    CHECK(__atomic_load_n(&kicks, __ATOMIC_SEQ_CST) > k0, "worker never kicked");
    same = true;
    for (unsigned s = 0; s < 16; s++)
        same &= *H(STATUS + s) == 0 && H(DATA + 0x10000ull * s)[2047] ==
                                           pattern((24 + s * 4) * 512 + 2047);
    CHECK(same, "parallel reads wrong");

    /* reset with requests in flight: nothing is completed into the old rings */
    submit(0, VIRTIO_BLK_T_IN, 0, 4096, true);
    submit(1, VIRTIO_BLK_T_FLUSH, 0, 0, false);
    uint16_t before = r16(USED + 2);
    notify();
    wr(VIRTIO_MMIO_STATUS, 0);
    virtio_mmio_drain(t);
    CHECK(r16(USED + 2) == before, "completion after reset");
    CHECK(rd(VIRTIO_MMIO_STATUS) == 0 && irq_level == 0, "reset");
    virtio_mmio_free(t);
    unlink(img);
    free(img);
}

static void test_malformed(void) {
    char *img = make_image(IMG_SECTORS * 512);
    char err[256];
    VirtioDevice *d = virtio_blk_create(img, false, false, err, sizeof err);
    CHECK(d && start(d, WANT), "start");
    /* header only: no status byte */
    desc(DESC, 0, HDR, 16, 0, 0);
    w16(AVAIL + 4, 0);
    w16(AVAIL + 2, ++avail_idx);
    notify();
    virtio_mmio_drain(t);
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, "no DEVICE_NEEDS_RESET");
    CHECK(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG, "no config interrupt");
    CHECK(r16(USED + 2) == 0, "malformed request completed");
    virtio_mmio_free(t);
    CHECK(file_is_pattern(img, IMG_SECTORS * 512), "image changed");
    unlink(img);
    free(img);
}

static void test_read_only(void) {
    char *img = make_image(IMG_SECTORS * 512);
    char err[256];
    VirtioDevice *d = virtio_blk_create(img, true, false, err, sizeof err);
    CHECK(d != NULL, "create ro: %s", err);
    if (!d)
        return;
    CHECK(start(d, WANT), "start");
    uint64_t f = dev_features();
    CHECK((f >> VIRTIO_BLK_F_RO & 1) && !(f >> VIRTIO_BLK_F_DISCARD & 1) &&
              !(f >> VIRTIO_BLK_F_WRITE_ZEROES & 1), "ro features 0x%llx",
          (unsigned long long)f);
    memset(H(DATA), 0, 512);
    CHECK(run(0, VIRTIO_BLK_T_IN, 3, 512, true) == VIRTIO_BLK_S_OK && H(DATA)[9] ==
              pattern(3 * 512 + 9), "ro read");
    memset(H(DATA + 0x10000), 0x77, 512);
    CHECK(run(1, VIRTIO_BLK_T_OUT, 3, 512, false) == VIRTIO_BLK_S_IOERR, "ro write allowed");
    CHECK(run(2, VIRTIO_BLK_T_FLUSH, 0, 0, false) == VIRTIO_BLK_S_OK, "ro flush");
    virtio_mmio_free(t);
    CHECK(file_is_pattern(img, IMG_SECTORS * 512), "read-only image changed");
    unlink(img);
    free(img);
}

static void test_snapshot(void) {
    char *img = make_image(IMG_SECTORS * 512);
    char err[256];
    VirtioDevice *d = virtio_blk_create(img, false, true, err, sizeof err);
    CHECK(d != NULL, "create snapshot: %s", err);
    if (!d)
        return;
    CHECK(start(d, WANT), "start");
    CHECK(!(dev_features() >> VIRTIO_BLK_F_RO & 1), "snapshot device is writable");
    memset(H(DATA), 0x33, 1024);
    CHECK(run(0, VIRTIO_BLK_T_OUT, 5, 1024, false) == VIRTIO_BLK_S_OK, "snapshot write");
    CHECK(run(1, VIRTIO_BLK_T_FLUSH, 0, 0, false) == VIRTIO_BLK_S_OK, "snapshot flush");
    /* sectors 4..7: original, written, written, original */
    memset(H(DATA + 0x10000), 0, 2048);
    CHECK(run(1, VIRTIO_BLK_T_IN, 4, 2048, true) == VIRTIO_BLK_S_OK, "snapshot read");
    uint8_t *r = H(DATA + 0x10000);
    CHECK(r[0] == pattern(4 * 512) && r[511] == pattern(4 * 512 + 511), "sector 4");
    CHECK(r[512] == 0x33 && r[1535] == 0x33, "sectors 5-6 not the written data");
    CHECK(r[1536] == pattern(7 * 512) && r[2047] == pattern(7 * 512 + 511), "sector 7");
    /* write-zeroes in snapshot mode */
    uint8_t *seg = H(DATA + 0x20000);
    uint64_t s = 7;
    uint32_t n = 1, fl = 0;
    memcpy(seg, &s, 8);
    memcpy(seg + 8, &n, 4);
    memcpy(seg + 12, &fl, 4);
    CHECK(run(2, VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false) == VIRTIO_BLK_S_OK, "wz");
    memset(H(DATA + 0x30000), 0xff, 512);
    CHECK(run(3, VIRTIO_BLK_T_IN, 7, 512, true) == VIRTIO_BLK_S_OK && H(DATA + 0x30000)[5] == 0,
          "snapshot write zeroes not visible");
    virtio_mmio_free(t);
    CHECK(file_is_pattern(img, IMG_SECTORS * 512), "snapshot wrote the image");
    unlink(img);
    free(img);
}

/* An image that shrank under the guest: a read past the new end is an I/O error, not zeros
   (the capacity is fixed when the device is created). */
static void test_shrunk_image(void) {
    char *img = make_image(IMG_SECTORS * 512);
    char err[256];
    VirtioDevice *d = virtio_blk_create(img, false, false, err, sizeof err);
    CHECK(d && start(d, WANT), "start: %s", err);
    if (!d)
        return;
    CHECK(truncate(img, 8 * 512) == 0, "truncate");
    memset(H(DATA), 0x5a, 1024);
    CHECK(run(0, VIRTIO_BLK_T_IN, 20, 1024, true) == VIRTIO_BLK_S_IOERR,
          "read past the shrunk end did not fail");
    memset(H(DATA + 0x10000), 0x5a, 1024);
    CHECK(run(1, VIRTIO_BLK_T_IN, 7, 1024, true) == VIRTIO_BLK_S_IOERR,
          "read across the shrunk end did not fail");
    CHECK(run(2, VIRTIO_BLK_T_IN, 2, 512, true) == VIRTIO_BLK_S_OK &&
              H(DATA + 0x20000)[3] == pattern(2 * 512 + 3), "read before the end");
    virtio_mmio_free(t);
    unlink(img);
    free(img);
}

/* Image locks (system/image_lock.h): OFD locks belong to the open file description, so two
   opens in one process conflict like two processes. */
static void test_locking(void) {
    char *img = make_image(IMG_SECTORS * 512);
    char err[256] = "";
    VirtioDevice *a = virtio_blk_create(img, false, false, err, sizeof err);
    CHECK(a != NULL, "first rw: %s", err);
    err[0] = 0;
    VirtioDevice *b = virtio_blk_create(img, false, false, err, sizeof err);
    CHECK(!b && strstr(err, "Failed to get \"write\" lock") &&
              strstr(err, "Is another process using the image") && strstr(err, img),
          "second rw: '%s'", err);
    err[0] = 0;
    b = virtio_blk_create(img, true, false, err, sizeof err);
    CHECK(!b && strstr(err, "Failed to get shared \"write\" lock"), "ro beside rw: '%s'", err);
    err[0] = 0;
    b = virtio_blk_create(img, false, true, err, sizeof err);
    CHECK(!b && strstr(err, "shared \"write\" lock"), "snapshot beside rw: '%s'", err);
    VirtioBlkOpts nolock = {.no_locking = true};
    b = virtio_blk_open(img, &nolock, err, sizeof err);
    CHECK(b != NULL, "locking off: %s", err);
    if (b)
        b->ops->free(b);
    if (a)
        a->ops->free(a);
    /* the locks went with the descriptor: now readers share, and keep a writer out */
    a = virtio_blk_create(img, true, false, err, sizeof err);
    CHECK(a != NULL, "ro after close: %s", err);
    b = virtio_blk_create(img, false, true, err, sizeof err);
    CHECK(b != NULL, "snapshot beside ro: %s", err);
    err[0] = 0;
    VirtioDevice *c = virtio_blk_create(img, false, false, err, sizeof err);
    CHECK(!c && strstr(err, "Failed to get \"write\" lock"), "rw beside ro: '%s'", err);
    if (c)
        c->ops->free(c);
    if (b)
        b->ops->free(b);
    if (a)
        a->ops->free(a);
    unlink(img);
    free(img);
}

int main(void) {
    memmap_init(&mm);
    if (!memmap_add_ram(&mm, "ram", RAM_BASE, RAM_SIZE))
        return 1;
    test_bad_images();
    test_rw();
    test_malformed();
    test_read_only();
    test_snapshot();
    test_shrunk_image();
    test_locking();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
