/* SPDX-License-Identifier: MIT */
/* virtio network device (virtio 1.x, 5.1): receiveq 0 and transmitq 1, a fixed MAC, link
   status, mergeable receive buffers; no checksum or segmentation offloads, no control queue.
   Frames go to and come from a NetPeer backend (hw/slirp_net.c, or a fake in tests) that may
   run its own thread: frames it delivers wait in a bounded queue until the CPU thread moves
   them into the guest's receive buffers from the transport's poll. */
#ifndef TERN_VIRTIO_NET_H
#define TERN_VIRTIO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/virtio.h"

/* Feature bits (5.1.3). */
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16

#define VIRTIO_NET_S_LINK_UP 1u

/* Config space (5.1.4). */
enum {
    VIRTIO_NET_CFG_MAC = 0, VIRTIO_NET_CFG_STATUS = 6, VIRTIO_NET_CFG_MAX_VQ_PAIRS = 8,
    VIRTIO_NET_CFG_MTU = 10, VIRTIO_NET_CFG_SIZE = 12,
};

/* struct virtio_net_hdr (5.1.6): with VERSION_1 always 12 bytes, num_buffers included. */
#define VIRTIO_NET_HDR_SIZE 12u
#define VIRTIO_NET_HDR_NUM_BUFFERS 10u

#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1
#define VIRTIO_NET_QUEUE_SIZE 256
#define VIRTIO_NET_MTU 1500
/* Largest frame either way: no GSO, so an MTU-sized packet plus its Ethernet/VLAN header;
   a little slack for a backend with a larger MTU. */
#define VIRTIO_NET_FRAME_MAX 9216u
/* Frames held for the guest while it has no receive buffers; more are dropped (TCP then
   retransmits, as with QEMU's slirp when the guest is slow). */
#define VIRTIO_NET_RX_PENDING_MAX 512u

/* QEMU's default MAC for the first NIC. */
#define VIRTIO_NET_DEFAULT_MAC { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }

typedef struct NetPeer NetPeer;
typedef struct NetPeerOps {
    /* The device is set up (peer->dev is valid, the machine's kick hook is in place): the
       backend may start delivering. Called once, on the CPU thread. May be NULL. */
    void (*start)(NetPeer *p);
    /* On the CPU thread: one frame from the guest. false: the backend is full; the device
       keeps the frame in its ring and retries after the backend calls virtio_net_peer_ready. */
    bool (*send)(NetPeer *p, const uint8_t *frame, size_t len);
    /* Stop delivering (join threads) and release p. */
    void (*free)(NetPeer *p);
} NetPeerOps;

struct NetPeer {
    const NetPeerOps *ops;
    VirtioDevice *dev;                  /* set by virtio_net_create */
};

/* A device with MAC mac wired to peer (owned from now on; NULL: an unplugged cable that
   drops every frame). NULL when out of memory (peer is then freed). Hand the result to a
   transport (virtio_mmio_create, virtio_pci_create). */
VirtioDevice *virtio_net_create(const uint8_t mac[6], NetPeer *peer);

/* Any thread: a frame for the guest. Copied; dropped when the pending queue is full or the
   frame is larger than VIRTIO_NET_FRAME_MAX. Kicks the CPU thread. */
void virtio_net_receive(VirtioDevice *d, const uint8_t *frame, size_t len);
/* Any thread: the backend has room again after a refused send. */
void virtio_net_peer_ready(VirtioDevice *d);
/* Frames dropped on the way to the guest so far (tests, logs). */
uint64_t virtio_net_rx_dropped(VirtioDevice *d);

/* "52:54:00:12:34:56" -> bytes; false on junk. */
bool virtio_net_parse_mac(const char *s, uint8_t mac[6]);

#endif
