/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/virtio_net.c through its virtio-mmio registers with no CPU, acting as the
   driver (virtio 1.x, 3.1.1, 5.1) against a fake NetPeer: offered features and config (MAC,
   link up), transmit (header stripped, frame split over descriptors), a backend that is full
   (the chain waits in the ring until virtio_net_peer_ready), receive into one buffer or, with
   VIRTIO_NET_F_MRG_RXBUF, over several with num_buffers, frames waiting for buffers, the
   bounded pending queue, too-small buffers without MRG_RXBUF, reset dropping pending frames,
   a malformed receive buffer, and frames delivered from another thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/virtio_mmio.h"
#include "hw/virtio_net.h"
#include "system/memmap.h"

#include "tests/unit/check.h"
#include "tests/unit/virtio_driver.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)
#define QN 64u
/* queue q: desc at QBASE(q), avail +0x1000, used +0x2000 */
#define QBASE(q) (RAM_BASE + 0x10000ull * (q))
#define RXBUF (RAM_BASE + 0x100000)        /* receive buffer i at RXBUF + 0x1000 i */
#define TXBUF (RAM_BASE + 0x200000)

static VirtioMmio *t;
static VirtioDevice *dev;
static uint16_t avail_idx[2], used_seen[2];

/* ---- the fake backend ---- */

typedef struct FakePeer {
    NetPeer peer;
    bool full;                         /* refuse every frame */
    int started;
    int n_frames;
    uint8_t last[2048];
    size_t last_len;
} FakePeer;

static void fp_start(NetPeer *p) { ((FakePeer *)p)->started++; }
static bool fp_send(NetPeer *p, const uint8_t *frame, size_t len) {
    FakePeer *f = (FakePeer *)p;
    if (f->full)
        return false;
    f->n_frames++;
    f->last_len = len < sizeof f->last ? len : sizeof f->last;
    memcpy(f->last, frame, f->last_len);
    return true;
}
static int fp_freed;
static void fp_free(NetPeer *p) {
    fp_freed++;
    free(p);
}
static const NetPeerOps fp_ops = {.start = fp_start, .send = fp_send, .free = fp_free};

/* ---- driver side ---- */

static void make_avail(unsigned q, uint16_t head) {
    w16(QBASE(q) + 0x1000 + 4 + 2 * (avail_idx[q] % QN), head);
    avail_idx[q]++;
    w16(QBASE(q) + 0x1000 + 2, avail_idx[q]);
}
static uint16_t used_idx(unsigned q) { return r16(QBASE(q) + 0x2000 + 2); }
/* The next used element of queue q: its id and len. */
static bool next_used(unsigned q, uint32_t *id, uint32_t *len) {
    if (used_idx(q) == used_seen[q])
        return false;
    uint64_t e = QBASE(q) + 0x2000 + 4 + 8 * (used_seen[q] % QN);
    *id = r32(e);
    *len = r32(e + 4);
    used_seen[q]++;
    return true;
}

static uint64_t cfg(unsigned off, unsigned size) {
    uint64_t v = 0;
    memmap_read(&mm, base + VIRTIO_MMIO_CONFIG + off, size, &v);
    return v;
}

static FakePeer *start(uint64_t want, bool with_peer) {
    FakePeer *fp = NULL;
    if (with_peer) {
        fp = calloc(1, sizeof *fp);
        fp->peer.ops = &fp_ops;
    }
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    dev = virtio_net_create(mac, fp ? &fp->peer : NULL);
    base += VIRTIO_MMIO_SLOT_SIZE;
    t = virtio_mmio_create(&mm, base, (IrqLine){.set = irq_rec}, dev);
    virtio_mmio_set_hooks(t, kick_rec, NULL);
    memset(H(RAM_BASE), 0, 0x30000);
    avail_idx[0] = avail_idx[1] = used_seen[0] = used_seen[1] = 0;
    wr(VIRTIO_MMIO_STATUS, 0);
    wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t f = dev_features() & want;
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
    wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
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
    return fp;
}

static void stop(void) {
    virtio_mmio_free(t);
    t = NULL;
}

static uint64_t all_features(void) { return ~0ull; }

/* Post receive buffer i (descriptor i) of len bytes. */
static void post_rx(unsigned i, uint32_t len) {
    memset(H(RXBUF + 0x1000ull * i), 0xee, len);
    desc(QBASE(0), i, RXBUF + 0x1000ull * i, len, VIRTQ_DESC_F_WRITE, 0);
    make_avail(0, (uint16_t)i);
}

static void frame_bytes(uint8_t *f, size_t len, unsigned seed) {
    for (size_t i = 0; i < len; i++)
        f[i] = (uint8_t)(i * 31 + seed * 7 + (i >> 8));
}

static void test_config(void) {
    start(all_features(), true);
    uint64_t f = dev_features();
    CHECK(rd(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_NET, "device id");
    CHECK(f >> VIRTIO_NET_F_MAC & 1, "MAC offered");
    CHECK(f >> VIRTIO_NET_F_STATUS & 1, "STATUS offered");
    CHECK(f >> VIRTIO_NET_F_MRG_RXBUF & 1, "MRG_RXBUF offered");
    CHECK(f >> VIRTIO_F_VERSION_1 & 1, "VERSION_1 offered");
    CHECK(!(f & 1) && !(f >> 1 & 1) && !(f >> 11 & 1), "no checksum/TSO offloads (0x%llx)",
          (unsigned long long)f);
    uint8_t mac[6];
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)cfg(VIRTIO_NET_CFG_MAC + (unsigned)i, 1);
    static const uint8_t want[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    CHECK(!memcmp(mac, want, 6), "config MAC %02x:..:%02x", mac[0], mac[5]);
    CHECK(cfg(VIRTIO_NET_CFG_STATUS, 2) == VIRTIO_NET_S_LINK_UP, "link up");
    CHECK(cfg(VIRTIO_NET_CFG_MTU, 2) == 1500, "mtu");
    CHECK(rd(VIRTIO_MMIO_STATUS) == 0xf, "driver OK");
    uint8_t m2[6];
    CHECK(virtio_net_parse_mac("52:54:00:12:34:56", m2) && m2[5] == 0x56, "parse mac");
    CHECK(!virtio_net_parse_mac("53:54:00:12:34:56", m2), "multicast mac refused");
    CHECK(!virtio_net_parse_mac("52:54:00:12:34", m2), "short mac refused");
    stop();
}

static void test_tx(void) {
    FakePeer *fp = start(all_features(), true);
    uint8_t frame[600];
    frame_bytes(frame, sizeof frame, 1);
    /* header + the first 100 bytes in one descriptor, the rest in another */
    memset(H(TXBUF), 0, VIRTIO_NET_HDR_SIZE);
    memcpy(H(TXBUF + VIRTIO_NET_HDR_SIZE), frame, 100);
    memcpy(H(TXBUF + 0x1000), frame + 100, sizeof frame - 100);
    desc(QBASE(1), 0, TXBUF, VIRTIO_NET_HDR_SIZE + 100, VIRTQ_DESC_F_NEXT, 1);
    desc(QBASE(1), 1, TXBUF + 0x1000, sizeof frame - 100, 0, 0);
    make_avail(1, 0);
    irq_level = 0;
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    CHECK(fp->started == 1, "peer started on first notify (%d)", fp->started);
    CHECK(fp->n_frames == 1 && fp->last_len == sizeof frame, "one frame of %zu (%d, %zu)",
          sizeof frame, fp->n_frames, fp->last_len);
    CHECK(!memcmp(fp->last, frame, sizeof frame), "frame bytes without the header");
    uint32_t id, len;
    CHECK(next_used(1, &id, &len) && id == 0 && len == 0, "tx chain used, len 0");
    CHECK(irq_level == 1 && (rd(VIRTIO_MMIO_INTERRUPT_STATUS) & 1), "used interrupt");
    wr(VIRTIO_MMIO_INTERRUPT_ACK, 1);

    /* the backend is full: the chain stays available until it has room again */
    fp->full = true;
    desc(QBASE(1), 2, TXBUF, VIRTIO_NET_HDR_SIZE + 100, 0, 0);
    make_avail(1, 2);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    CHECK(used_idx(1) == 1, "refused frame not completed (used %u)", used_idx(1));
    fp->full = false;
    int k0 = kicks;
    virtio_net_peer_ready(dev);
    CHECK(kicks > k0, "peer_ready kicks");
    virtio_mmio_poll(t);
    CHECK(used_idx(1) == 2 && fp->n_frames == 2 && fp->last_len == 100,
          "sent after peer_ready + poll (used %u, frames %d)", used_idx(1), fp->n_frames);

    /* a chain shorter than the header is dropped, not sent */
    desc(QBASE(1), 3, TXBUF, 6, 0, 0);
    make_avail(1, 3);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    CHECK(used_idx(1) == 3 && fp->n_frames == 2, "short chain completed without sending");
    stop();
    CHECK(fp_freed >= 1, "peer freed with the device");
}

static void test_rx_single(void) {
    start(all_features() & ~(1ull << VIRTIO_NET_F_MRG_RXBUF), true);
    uint8_t frame[1000];
    frame_bytes(frame, sizeof frame, 2);
    int k0 = kicks;
    virtio_net_receive(dev, frame, sizeof frame);     /* no buffers yet: it waits */
    CHECK(kicks > k0, "receive kicks the CPU thread");
    virtio_mmio_poll(t);
    CHECK(used_idx(0) == 0, "nothing used without buffers");
    irq_level = 0;
    post_rx(0, 1526);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    uint32_t id, len;
    CHECK(next_used(0, &id, &len) && id == 0 && len == VIRTIO_NET_HDR_SIZE + sizeof frame,
          "frame in buffer 0 (len %u)", len);
    uint8_t *b = H(RXBUF);
    static const uint8_t zero[10] = {0};
    CHECK(!memcmp(b, zero, 10), "header flags/gso zero");
    CHECK(b[10] == 1 && b[11] == 0, "num_buffers 1 (%u)", b[10]);
    CHECK(!memcmp(b + VIRTIO_NET_HDR_SIZE, frame, sizeof frame), "frame bytes");
    CHECK(irq_level == 1, "rx interrupt");

    /* a frame bigger than the posted buffer is dropped; the buffer stays for the next */
    post_rx(1, 200);
    uint64_t d0 = virtio_net_rx_dropped(dev);
    virtio_net_receive(dev, frame, sizeof frame);
    virtio_mmio_poll(t);
    CHECK(virtio_net_rx_dropped(dev) == d0 + 1 && used_idx(0) == 1, "too big for the buffer");
    virtio_net_receive(dev, frame, 100);
    virtio_mmio_poll(t);
    CHECK(next_used(0, &id, &len) && id == 1 && len == VIRTIO_NET_HDR_SIZE + 100,
          "small frame takes that buffer (id %u len %u)", id, len);

    /* the pending queue is bounded */
    for (unsigned i = 0; i < VIRTIO_NET_RX_PENDING_MAX + 10; i++)
        virtio_net_receive(dev, frame, 60);
    CHECK(virtio_net_rx_dropped(dev) == d0 + 11, "pending bound drops the excess (%llu)",
          (unsigned long long)(virtio_net_rx_dropped(dev) - d0));
    /* a device reset forgets them */
    wr(VIRTIO_MMIO_STATUS, 0);
    stop();
}

static void test_rx_mergeable(void) {
    start(all_features(), true);
    uint8_t frame[1000];
    frame_bytes(frame, sizeof frame, 3);
    for (unsigned i = 0; i < 8; i++)
        post_rx(i, 256);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    virtio_net_receive(dev, frame, sizeof frame);
    virtio_mmio_poll(t);
    /* 12 + 1000 bytes over 256-byte buffers: 4 of them */
    unsigned n = 0;
    uint32_t id, len, total = 0;
    uint8_t got[1100];
    while (next_used(0, &id, &len)) {
        CHECK(id == n && len <= 256, "buffer %u in order (id %u len %u)", n, id, len);
        memcpy(got + total, H(RXBUF + 0x1000ull * id), len);
        total += len;
        n++;
    }
    CHECK(n == 4 && total == VIRTIO_NET_HDR_SIZE + sizeof frame, "4 buffers, %u bytes (%u)",
          total, n);
    CHECK(got[10] == 4 && got[11] == 0, "num_buffers 4 (%u)", got[10]);
    CHECK(!memcmp(got + VIRTIO_NET_HDR_SIZE, frame, sizeof frame), "merged frame bytes");

    /* not enough buffers for the next: it waits, nothing is half-written */
    virtio_net_receive(dev, frame, sizeof frame);   /* needs 4, 4 left: fits */
    virtio_net_receive(dev, frame, 600);            /* needs 3: waits */
    virtio_mmio_poll(t);
    CHECK(used_idx(0) == 8, "second frame used the last 4 (%u)", used_idx(0));
    used_seen[0] = 8;
    post_rx(8, 256);
    post_rx(9, 256);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(used_idx(0) == 8, "2 buffers are not enough for 612 bytes");
    post_rx(10, 2048);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(used_idx(0) == 11, "3 buffers take it (%u)", used_idx(0));
    stop();
}

static void test_bad_rx_buffer(void) {
    start(all_features(), true);
    desc(QBASE(0), 0, RXBUF, 64, 0, 0);            /* device-readable: not a receive buffer */
    make_avail(0, 0);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    uint8_t frame[64] = {1};
    virtio_net_receive(dev, frame, sizeof frame);
    virtio_mmio_poll(t);
    CHECK(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, "needs reset (status 0x%x)",
          rd(VIRTIO_MMIO_STATUS));
    stop();

    start(all_features(), false);                    /* no peer: frames are dropped */
    desc(QBASE(1), 0, TXBUF, 100, 0, 0);
    make_avail(1, 0);
    wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    CHECK(used_idx(1) == 1, "tx without a peer completes");
    stop();
}

/* Frames from another thread arrive complete and in order. */
#define THREAD_FRAMES 2000
static void *producer(void *arg) {
    (void)arg;
    uint8_t f[64];
    for (unsigned i = 0; i < THREAD_FRAMES; i++) {
        memset(f, 0, sizeof f);
        memcpy(f, &i, sizeof i);
        while (1) {
            uint64_t before = virtio_net_rx_dropped(dev);
            virtio_net_receive(dev, f, sizeof f);
            if (virtio_net_rx_dropped(dev) == before)
                break;
            /* dropped at the bound: the test wants every frame, so it sends it again */
            struct timespec ts = {0, 100000};
            nanosleep(&ts, NULL);
        }
    }
    return NULL;
}

static void test_threaded(void) {
    start(all_features(), true);
    pthread_t th;
    pthread_create(&th, NULL, producer, NULL);
    unsigned got = 0, next_desc = 0;
    bool in_order = true;
    for (int iter = 0; iter < 2000000 && got < THREAD_FRAMES; iter++) {
        while ((uint16_t)(avail_idx[0] - used_seen[0]) < QN / 2) {
            post_rx(next_desc % QN, 128);
            next_desc++;
        }
        virtio_mmio_poll(t);
        uint32_t id, len;
        while (next_used(0, &id, &len)) {
            unsigned v;
            memcpy(&v, H(RXBUF + 0x1000ull * id) + VIRTIO_NET_HDR_SIZE, sizeof v);
            if (v != got || len != VIRTIO_NET_HDR_SIZE + 64)
                in_order = false;
            got++;
        }
    }
    pthread_join(th, NULL);
    CHECK(got == THREAD_FRAMES && in_order, "%u of %u frames in order (%d)", got,
          THREAD_FRAMES, in_order);
    stop();
}

int main(void) {
    memmap_init(&mm);
    if (!memmap_add_ram(&mm, "ram", RAM_BASE, RAM_SIZE)) {
        printf("cannot create RAM\n");
        return 1;
    }
    test_config();
    test_tx();
    test_rx_single();
    test_rx_mergeable();
    test_bad_rx_buffer();
    test_threaded();
    memmap_free(&mm);
    printf("test_virtio_net: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
