/* SPDX-License-Identifier: MIT */
/* Fuzz target: virtio-net (hw/virtio_net.c, virtio 1.x 5.1) from the driver side: transmit
   chains (header + frame) handed to a fake backend that takes or refuses frames (op 7 toggles
   it and reports it ready again), and host frames (op 5) written into the guest's receive
   chains, with and without mergeable buffers. Input format: tests/fuzz/virtio_fuzz.h. */
#include <stdbool.h>
#include <stdlib.h>

#include "hw/virtio_net.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/virtio_fuzz.h"

static bool full;
static size_t sent;

static bool peer_send(NetPeer *p, const uint8_t *frame, size_t len) {
    (void)p;
    if (full)
        return false;
    for (size_t i = 0; i < len; i++)   /* touch every byte: ASan checks the frame's bounds */
        sent += frame[i];
    return true;
}
static void peer_free(NetPeer *p) { free(p); }
static const NetPeerOps peer_ops = {.send = peer_send, .free = peer_free};

static VirtioDevice *create(unsigned flags) {
    (void)flags;
    full = false;
    NetPeer *p = calloc(1, sizeof *p);
    p->ops = &peer_ops;
    const uint8_t mac[6] = VIRTIO_NET_DEFAULT_MAC;
    return virtio_net_create(mac, p);
}
static void toggle(VirtioDevice *d) {
    full = !full;
    if (!full)
        virtio_net_peer_ready(d);
}

static const VirtioFuzzModel model = {
    .create = create, .host_input = virtio_net_receive, .toggle = toggle,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return virtio_fuzz_run(&model, data, size);
}
