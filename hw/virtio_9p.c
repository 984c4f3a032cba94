/* SPDX-License-Identifier: MIT */
/* virtio-9p (see virtio_9p.h): requests are served synchronously on the CPU thread at notify
   time. A request larger than the negotiated msize, or a chain whose writable part cannot hold
   the smallest reply, is answered with what fits (an Rlerror, or nothing). */
#include "virtio_9p.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Virtio9p {
    VirtioDevice vdev;
    P9Server *server;
    uint8_t config[2 + VIRTIO_9P_MAX_TAG];
    uint8_t *req, *rep;                  /* P9_MAX_MSIZE each */
} Virtio9p;

static void p9_notify(VirtioDevice *d, unsigned q) {
    Virtio9p *v = (Virtio9p *)d;
    Virtqueue *vq = virtio_dev_queue(d, q);
    bool pushed = false;
    VirtqElem *e;
    while (vq && (e = virtq_pop(vq))) {
        /* A request longer than the buffer is cut: its size field then exceeds what the
           server is given, and it answers EPROTO. */
        size_t len = virtq_elem_read(e, 0, v->req, P9_MAX_MSIZE);
        size_t cap = e->in_len < P9_MAX_MSIZE ? (size_t)e->in_len : P9_MAX_MSIZE;
        size_t n = p9_server_handle(v->server, v->req, len, v->rep, cap);
        n = virtq_elem_write(e, 0, v->rep, n);
        virtq_push(vq, e, (uint32_t)n);
        pushed = true;
    }
    if (pushed)
        virtio_dev_notify(d, vq);
}

static void p9_config_read(VirtioDevice *d, uint32_t off, void *buf, unsigned len) {
    Virtio9p *v = (Virtio9p *)d;
    memcpy(buf, v->config + off, len);
}

static void p9_reset(VirtioDevice *d) { p9_server_reset(((Virtio9p *)d)->server); }

static void p9_free(VirtioDevice *d) {
    Virtio9p *v = (Virtio9p *)d;
    p9_server_free(v->server);
    free(v->req);
    free(v->rep);
    free(v);
}

static const VirtioDeviceOps p9_ops = {
    .name = "virtio-9p",
    .device_id = VIRTIO_ID_9P,
    .num_queues = 1,
    .queue_max = VIRTIO_9P_QUEUE_SIZE,
    .config_size = 2 + VIRTIO_9P_MAX_TAG,   /* tag_len, then the tag zero-padded */
    .config_read = p9_config_read,
    .queue_notify = p9_notify,
    .reset = p9_reset,
    .free = p9_free,
};

VirtioDevice *virtio_9p_create(P9Server *server, const char *tag, char *err, size_t errlen) {
    size_t tl = strlen(tag);
    if (!tl || tl > VIRTIO_9P_MAX_TAG) {
        snprintf(err, errlen, "mount_tag must be 1 to %d bytes", VIRTIO_9P_MAX_TAG);
        p9_server_free(server);
        return NULL;
    }
    Virtio9p *v = calloc(1, sizeof *v);
    if (v) {
        v->req = malloc(P9_MAX_MSIZE);
        v->rep = malloc(P9_MAX_MSIZE);
    }
    if (!v || !v->req || !v->rep) {
        if (v) {
            free(v->req);
            free(v->rep);
        }
        free(v);
        p9_server_free(server);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    v->server = server;
    v->config[0] = (uint8_t)tl;
    v->config[1] = (uint8_t)(tl >> 8);
    memcpy(v->config + 2, tag, tl);
    v->vdev.ops = &p9_ops;
    v->vdev.host_features = 1ull << VIRTIO_9P_MOUNT_TAG;
    return &v->vdev;
}
