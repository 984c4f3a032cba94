/* SPDX-License-Identifier: MIT */
/* virtio-console, one port (virtio 1.x, 5.3.6): output chains are written to the chardev as
   they come; input waits in a bounded buffer sized for the chardev's can_receive until the
   guest posts receive buffers, so no byte is lost (the chardev stops reading instead). */
#include "virtio_console.h"

#include <stdlib.h>
#include <string.h>

typedef struct VirtioConsole {
    VirtioDevice vdev;
    CharDev *chr;
    void (*out)(void *opaque, const uint8_t *buf, size_t n);
    void *out_opaque;
    uint8_t in[VIRTIO_CONSOLE_INBUF];
    size_t in_head, in_count;
} VirtioConsole;

static VirtioConsole *to_con(VirtioDevice *d) { return (VirtioConsole *)d; }

static void rx_flush(VirtioConsole *c) {
    Virtqueue *vq = virtio_dev_queue(&c->vdev, VIRTIO_CONSOLE_RXQ);
    bool pushed = false, freed = false;
    VirtqElem *e;
    while (vq && c->in_count > 0 && (e = virtq_pop(vq))) {
        size_t done = 0;
        while (c->in_count > 0 && done < e->in_len) {
            size_t run = VIRTIO_CONSOLE_INBUF - c->in_head;
            if (run > c->in_count)
                run = c->in_count;
            if (run > e->in_len - done)
                run = (size_t)(e->in_len - done);
            virtq_elem_write(e, done, c->in + c->in_head, run);
            done += run;
            c->in_head = (c->in_head + run) % VIRTIO_CONSOLE_INBUF;
            c->in_count -= run;
        }
        virtq_push(vq, e, (uint32_t)done);
        pushed = true;
        freed = freed || done > 0;
    }
    if (pushed)
        virtio_dev_notify(&c->vdev, vq);
    if (freed && c->chr)
        chardev_accept_input(c->chr);
}

size_t virtio_console_input(VirtioDevice *d, const uint8_t *buf, size_t n) {
    VirtioConsole *c = to_con(d);
    size_t room = VIRTIO_CONSOLE_INBUF - c->in_count;
    if (n > room)
        n = room;
    for (size_t i = 0; i < n; i++)
        c->in[(c->in_head + c->in_count + i) % VIRTIO_CONSOLE_INBUF] = buf[i];
    c->in_count += n;
    rx_flush(c);
    return n;
}

static size_t chr_can_receive(void *opaque) {
    VirtioConsole *c = opaque;
    return VIRTIO_CONSOLE_INBUF - c->in_count;
}

static void chr_receive(void *opaque, const uint8_t *buf, size_t n) {
    virtio_console_input(opaque, buf, n);
}

static void tx_run(VirtioConsole *c) {
    Virtqueue *vq = virtio_dev_queue(&c->vdev, VIRTIO_CONSOLE_TXQ);
    bool pushed = false;
    VirtqElem *e;
    while (vq && (e = virtq_pop(vq))) {
        for (uint32_t i = 0; i < e->n_out; i++) {
            if (c->out)
                c->out(c->out_opaque, e->seg[i].host, e->seg[i].len);
            else if (c->chr)
                chardev_write(c->chr, e->seg[i].host, e->seg[i].len);
        }
        virtq_push(vq, e, 0);
        pushed = true;
    }
    if (pushed)
        virtio_dev_notify(&c->vdev, vq);
}

static void con_notify(VirtioDevice *d, unsigned q) {
    VirtioConsole *c = to_con(d);
    if (q == VIRTIO_CONSOLE_RXQ)
        rx_flush(c);
    else if (q == VIRTIO_CONSOLE_TXQ)
        tx_run(c);
}

static void con_config_read(VirtioDevice *d, uint32_t off, void *buf, unsigned len) {
    (void)d;
    uint8_t cfg[VIRTIO_CONSOLE_CFG_SIZE] = {0};
    cfg[4] = 1;                       /* max_nr_ports (meaningful with MULTIPORT only) */
    memcpy(buf, cfg + off, len);
}

static void con_reset(VirtioDevice *d) { (void)d; }   /* no chain outlives a notify */

static void con_free(VirtioDevice *d) {
    VirtioConsole *c = to_con(d);
    if (c->chr)
        chardev_set_receiver(c->chr, NULL, NULL, NULL);
    free(c);
}

static const VirtioDeviceOps con_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .num_queues = 2,
    .queue_max = VIRTIO_CONSOLE_QUEUE_SIZE,
    .config_size = VIRTIO_CONSOLE_CFG_SIZE,
    .config_read = con_config_read,
    .queue_notify = con_notify,
    .reset = con_reset,
    .free = con_free,
};

VirtioDevice *virtio_console_create(CharDev *chr) {
    VirtioConsole *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->vdev.ops = &con_ops;
    c->chr = chr;
    if (chr)
        chardev_set_receiver(chr, chr_can_receive, chr_receive, c);
    return &c->vdev;
}

void virtio_console_set_output(VirtioDevice *d,
                               void (*out)(void *opaque, const uint8_t *buf, size_t n),
                               void *opaque) {
    VirtioConsole *c = to_con(d);
    c->out = out;
    c->out_opaque = opaque;
}
