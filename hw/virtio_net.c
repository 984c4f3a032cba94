/* SPDX-License-Identifier: MIT */
/* virtio-net (virtio 1.x, 5.1): transmit chains become frames for the peer (the 12-byte
   header is skipped: no offloads were offered, so the driver sets no flags); frames from the
   peer are written behind a zeroed header into one receive chain, or with
   VIRTIO_NET_F_MRG_RXBUF into as many as needed, num_buffers telling how many (5.1.6.3,
   5.1.6.4). The pending-frame queue is the only state shared with the peer's thread. */
#include "virtio_net.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/log.h"

/* Chains one received frame may span (mergeable buffers are at least a page in Linux). */
#define RX_MAX_CHAINS 64

typedef struct RxFrame {
    struct RxFrame *next;
    size_t len;
    uint8_t data[];
} RxFrame;

typedef struct VirtioNet {
    VirtioDevice vdev;
    uint8_t mac[6];
    NetPeer *peer;
    bool peer_started;
    bool tx_blocked;                    /* the peer refused a frame: retry from poll */
    uint8_t txbuf[VIRTIO_NET_FRAME_MAX];

    pthread_mutex_t lock;               /* the pending list and the counter */
    RxFrame *head, *tail;
    unsigned n_pending;
    uint64_t rx_dropped;
} VirtioNet;

static VirtioNet *to_net(VirtioDevice *d) { return (VirtioNet *)d; }

static void guest_error(const char *what) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("virtio-net: %s\n", what);
}

static void start_peer(VirtioNet *n) {
    if (n->peer && !n->peer_started) {
        n->peer_started = true;
        if (n->peer->ops->start)
            n->peer->ops->start(n->peer);
    }
}

/* ---- receive ---- */

/* Copy [off, off + len) of the header+frame byte stream into the chains' writable parts. */
static void stream_write(VirtqElem **els, const uint32_t *lens, unsigned k, size_t off,
                         const uint8_t *src, size_t len) {
    size_t base = 0;
    for (unsigned i = 0; i < k && len > 0; i++) {
        size_t end = base + lens[i];
        if (off < end) {
            size_t n = end - off < len ? end - off : len;
            virtq_elem_write(els[i], off - base, src, n);
            off += n;
            src += n;
            len -= n;
        }
        base = end;
    }
}

/* 1: delivered; 0: not enough buffers now (nothing consumed); -1: the frame was dropped. */
static int rx_one(VirtioNet *n, Virtqueue *vq, const RxFrame *f) {
    bool mrg = virtio_dev_has_feature(&n->vdev, VIRTIO_NET_F_MRG_RXBUF);
    size_t total = VIRTIO_NET_HDR_SIZE + f->len, have = 0;
    VirtqElem *els[RX_MAX_CHAINS];
    uint32_t lens[RX_MAX_CHAINS];
    unsigned k = 0;
    int result = 1;
    while (have < total) {
        VirtqElem *e = k < RX_MAX_CHAINS ? virtq_pop(vq) : NULL;
        if (!e) {
            result = k < RX_MAX_CHAINS ? 0 : -1;
            break;
        }
        if (e->in_len < (k == 0 || !mrg ? VIRTIO_NET_HDR_SIZE : 1)) {
            /* 5.1.6.3.1: every receive buffer is device-writable and holds the header. */
            guest_error("receive buffer without room for the header");
            virtq_elem_free(e);
            virtq_set_broken(vq);
            virtio_dev_needs_reset(&n->vdev);
            for (unsigned i = k; i-- > 0;)
                virtq_elem_free(els[i]);
            return -1;
        }
        size_t take = total - have < e->in_len ? total - have : (size_t)e->in_len;
        els[k] = e;
        lens[k++] = (uint32_t)take;
        have += take;
        if (!mrg && have < total) {
            /* Without mergeable buffers the driver must post buffers that fit a whole frame:
               this one is too big for them, so it is lost; the buffer stays for the next. */
            result = -1;
            break;
        }
    }
    if (result != 1) {
        for (unsigned i = k; i-- > 0;)
            virtq_unpop(vq, els[i]);
        return result;
    }
    uint8_t hdr[VIRTIO_NET_HDR_SIZE] = {0};   /* no flags, VIRTIO_NET_HDR_GSO_NONE */
    hdr[VIRTIO_NET_HDR_NUM_BUFFERS] = (uint8_t)k;
    hdr[VIRTIO_NET_HDR_NUM_BUFFERS + 1] = (uint8_t)(k >> 8);
    stream_write(els, lens, k, 0, hdr, sizeof hdr);
    stream_write(els, lens, k, sizeof hdr, f->data, f->len);
    for (unsigned i = 0; i < k; i++)
        virtq_push(vq, els[i], lens[i]);
    return 1;
}

static void rx_flush(VirtioNet *n) {
    Virtqueue *vq = virtio_dev_queue(&n->vdev, VIRTIO_NET_RXQ);
    if (!vq)
        return;
    bool pushed = false;
    for (;;) {
        /* Only this thread unlinks frames, so the head stays ours while it is copied. */
        pthread_mutex_lock(&n->lock);
        RxFrame *f = n->head;
        pthread_mutex_unlock(&n->lock);
        if (!f)
            break;
        int r = rx_one(n, vq, f);
        if (r == 0)
            break;
        pthread_mutex_lock(&n->lock);
        n->head = f->next;
        if (!n->head)
            n->tail = NULL;
        n->n_pending--;
        if (r < 0)
            n->rx_dropped++;
        pthread_mutex_unlock(&n->lock);
        free(f);
        if (r > 0)
            pushed = true;
        if (virtq_broken(vq))
            break;
    }
    if (pushed)
        virtio_dev_notify(&n->vdev, vq);
}

static void drop_pending(VirtioNet *n) {
    pthread_mutex_lock(&n->lock);
    RxFrame *f = n->head;
    n->head = n->tail = NULL;
    n->n_pending = 0;
    pthread_mutex_unlock(&n->lock);
    while (f) {
        RxFrame *next = f->next;
        free(f);
        f = next;
    }
}

void virtio_net_receive(VirtioDevice *d, const uint8_t *frame, size_t len) {
    VirtioNet *n = to_net(d);
    RxFrame *f = len <= VIRTIO_NET_FRAME_MAX ? malloc(sizeof *f + len) : NULL;
    if (f) {
        f->next = NULL;
        f->len = len;
        memcpy(f->data, frame, len);
    }
    pthread_mutex_lock(&n->lock);
    if (f && n->n_pending < VIRTIO_NET_RX_PENDING_MAX) {
        if (n->tail)
            n->tail->next = f;
        else
            n->head = f;
        n->tail = f;
        n->n_pending++;
    } else {
        n->rx_dropped++;
        free(f);
        f = NULL;
    }
    pthread_mutex_unlock(&n->lock);
    if (f)
        virtio_dev_kick(d);
}

uint64_t virtio_net_rx_dropped(VirtioDevice *d) {
    VirtioNet *n = to_net(d);
    pthread_mutex_lock(&n->lock);
    uint64_t v = n->rx_dropped;
    pthread_mutex_unlock(&n->lock);
    return v;
}

/* ---- transmit ---- */

static void tx_run(VirtioNet *n) {
    Virtqueue *vq = virtio_dev_queue(&n->vdev, VIRTIO_NET_TXQ);
    bool pushed = false;
    VirtqElem *e;
    n->tx_blocked = false;
    while (vq && (e = virtq_pop(vq))) {
        if (e->out_len < VIRTIO_NET_HDR_SIZE ||
            e->out_len - VIRTIO_NET_HDR_SIZE > VIRTIO_NET_FRAME_MAX) {
            guest_error("transmit chain shorter than the header or larger than a frame");
        } else if (e->out_len > VIRTIO_NET_HDR_SIZE && n->peer) {
            size_t len = (size_t)e->out_len - VIRTIO_NET_HDR_SIZE;
            virtq_elem_read(e, VIRTIO_NET_HDR_SIZE, n->txbuf, len);
            if (!n->peer->ops->send(n->peer, n->txbuf, len)) {
                virtq_unpop(vq, e);
                n->tx_blocked = true;
                break;
            }
        }
        virtq_push(vq, e, 0);
        pushed = true;
    }
    if (pushed)
        virtio_dev_notify(&n->vdev, vq);
}

void virtio_net_peer_ready(VirtioDevice *d) { virtio_dev_kick(d); }

/* ---- device ops ---- */

static void net_notify(VirtioDevice *d, unsigned q) {
    VirtioNet *n = to_net(d);
    start_peer(n);
    if (q == VIRTIO_NET_RXQ)
        rx_flush(n);
    else if (q == VIRTIO_NET_TXQ)
        tx_run(n);
}

static void net_poll(VirtioDevice *d) {
    VirtioNet *n = to_net(d);
    if (n->tx_blocked)
        tx_run(n);
    rx_flush(n);
}

static void net_config_read(VirtioDevice *d, uint32_t off, void *buf, unsigned len) {
    VirtioNet *n = to_net(d);
    uint8_t c[VIRTIO_NET_CFG_SIZE] = {0};
    memcpy(c + VIRTIO_NET_CFG_MAC, n->mac, 6);
    c[VIRTIO_NET_CFG_STATUS] = VIRTIO_NET_S_LINK_UP;
    c[VIRTIO_NET_CFG_MAX_VQ_PAIRS] = 1;
    c[VIRTIO_NET_CFG_MTU] = VIRTIO_NET_MTU & 0xff;
    c[VIRTIO_NET_CFG_MTU + 1] = VIRTIO_NET_MTU >> 8;
    memcpy(buf, c + off, len);
}

static void net_reset(VirtioDevice *d) {
    VirtioNet *n = to_net(d);
    /* Nothing is held across calls; frames queued for the old driver are stale. */
    n->tx_blocked = false;
    drop_pending(n);
}

static void net_free(VirtioDevice *d) {
    VirtioNet *n = to_net(d);
    if (n->peer)
        n->peer->ops->free(n->peer);   /* joins its thread: no more virtio_net_receive */
    drop_pending(n);
    pthread_mutex_destroy(&n->lock);
    free(n);
}

static const VirtioDeviceOps net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .num_queues = 2,
    .queue_max = VIRTIO_NET_QUEUE_SIZE,
    .config_size = VIRTIO_NET_CFG_SIZE,
    .config_read = net_config_read,
    .queue_notify = net_notify,
    .poll = net_poll,
    .reset = net_reset,
    .free = net_free,
};

VirtioDevice *virtio_net_create(const uint8_t mac[6], NetPeer *peer) {
    VirtioNet *n = calloc(1, sizeof *n);
    if (!n) {
        if (peer)
            peer->ops->free(peer);
        return NULL;
    }
    n->vdev.ops = &net_ops;
    n->vdev.host_features = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS |
                            1ull << VIRTIO_NET_F_MRG_RXBUF | 1ull << VIRTIO_NET_F_MTU;
    memcpy(n->mac, mac, 6);
    pthread_mutex_init(&n->lock, NULL);
    n->peer = peer;
    if (peer)
        peer->dev = &n->vdev;
    return &n->vdev;
}

bool virtio_net_parse_mac(const char *s, uint8_t mac[6]) {
    unsigned v[6];
    char tail;
    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               &tail) != 6)
        return false;
    if (strlen(s) != 17)
        return false;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return !(mac[0] & 1);             /* a unicast address */
}
