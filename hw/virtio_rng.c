/* SPDX-License-Identifier: MIT */
/* virtio-rng (virtio 1.x, 5.4): each available buffer gets up to VIRTIO_RNG_MAX_CHUNK bytes
   from getrandom(2), on the CPU thread at notify time (the host pool does not block once
   initialised, so no worker is needed). A chain with no writable part is returned empty. */
#include "virtio_rng.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

typedef struct VirtioRng {
    VirtioDevice vdev;
    int fd;                              /* -1: getrandom */
} VirtioRng;

/* Fill [p, p + len) with entropy; returns the bytes filled. */
static size_t fill(VirtioRng *rng, uint8_t *p, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t r = rng->fd >= 0 ? read(rng->fd, p + done, len - done)
                                 : getrandom(p + done, len - done, 0);
        if (r == 0)
            break;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        done += (size_t)r;
    }
    return done;
}

static void rng_notify(VirtioDevice *d, unsigned q) {
    Virtqueue *vq = virtio_dev_queue(d, q);
    bool pushed = false;
    VirtqElem *e;
    while (vq && (e = virtq_pop(vq))) {
        size_t want = e->in_len < VIRTIO_RNG_MAX_CHUNK ? (size_t)e->in_len : VIRTIO_RNG_MAX_CHUNK;
        size_t got = 0;
        for (uint32_t i = e->n_out; i < e->n_out + e->n_in && got < want; i++) {
            size_t n = e->seg[i].len < want - got ? e->seg[i].len : want - got;
            size_t f = fill((VirtioRng *)d, e->seg[i].host, n);
            got += f;
            if (f < n)
                break;
        }
        virtq_push(vq, e, (uint32_t)got);
        pushed = true;
    }
    if (pushed)
        virtio_dev_notify(d, vq);
}

static void rng_config_read(VirtioDevice *d, uint32_t off, void *buf, unsigned len) {
    (void)d; (void)off; (void)buf; (void)len;   /* config_size 0: never called */
}

static void rng_reset(VirtioDevice *d) { (void)d; }   /* nothing outlives a notify */

static void rng_free(VirtioDevice *d) {
    VirtioRng *r = (VirtioRng *)d;
    if (r->fd >= 0)
        close(r->fd);
    free(r);
}

static const VirtioDeviceOps rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 1,
    .queue_max = VIRTIO_RNG_QUEUE_SIZE,
    .config_size = 0,
    .config_read = rng_config_read,
    .queue_notify = rng_notify,
    .reset = rng_reset,
    .free = rng_free,
};

VirtioDevice *virtio_rng_create_fd(int fd) {
    VirtioRng *r = calloc(1, sizeof *r);
    if (!r) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    r->vdev.ops = &rng_ops;
    r->fd = fd;
    return &r->vdev;
}

VirtioDevice *virtio_rng_create(void) { return virtio_rng_create_fd(-1); }
