/* SPDX-License-Identifier: MIT */
/* The device side of a virtio split virtqueue (virtio 1.x, 2.7 "Split Virtqueues"): descriptor
   chains popped into bounded scatter-gather lists of host pointers that were all checked to lie
   in guest RAM, used elements pushed with release ordering, and used-buffer notification
   suppression (VIRTQ_AVAIL_F_NO_INTERRUPT, VIRTIO_F_EVENT_IDX, 2.7.7 and 2.7.10). */
#ifndef TERN_VIRTQUEUE_H
#define TERN_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/memmap.h"

#define VIRTQ_MAX_SIZE 32768u            /* largest Queue Size the spec allows (2.7) */

#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY 1u

/* One buffer of a chain: guest physical address and the host pointer memmap_ram_ptr gave for
   [gpa, gpa + len), which lies wholly inside one RAM region. */
typedef struct VirtqSeg {
    uint64_t gpa;
    uint8_t *host;
    uint32_t len;
} VirtqSeg;

/* A popped descriptor chain: n_out device-readable segments, then n_in device-writable ones.
   out_len + in_len < 2^32 (2.7.5: chains are at most 4 GiB). malloc'ed; release with
   virtq_elem_free (or let virtq_push's caller free it). */
typedef struct VirtqElem {
    uint16_t head;                       /* index of the chain's first descriptor */
    uint32_t n_out, n_in;
    uint64_t out_len, in_len;
    VirtqSeg seg[];
} VirtqElem;

typedef struct Virtqueue Virtqueue;

/* Why a chain or ring was refused (virtq_last_error; tests and logs). */
typedef enum {
    VIRTQ_OK = 0,
    VIRTQ_ERR_RING_ADDR,        /* a ring part not inside RAM or misaligned */
    VIRTQ_ERR_AVAIL_IDX,        /* avail idx ran more than Queue Size ahead */
    VIRTQ_ERR_HEAD_INDEX,       /* avail ring entry >= Queue Size */
    VIRTQ_ERR_NEXT_INDEX,       /* next >= Queue Size (or >= indirect table entries) */
    VIRTQ_ERR_CHAIN_TOO_LONG,   /* more descriptors than Queue Size / table entries: a loop */
    VIRTQ_ERR_BUF_ADDR,         /* buffer not inside guest RAM (incl. addr + len overflow) */
    VIRTQ_ERR_ZERO_LEN,         /* zero-length buffer */
    VIRTQ_ERR_TOTAL_LEN,        /* chain of 4 GiB or more */
    VIRTQ_ERR_ORDER,            /* device-readable buffer after a device-writable one */
    VIRTQ_ERR_INDIRECT_FEATURE, /* INDIRECT without VIRTIO_F_INDIRECT_DESC */
    VIRTQ_ERR_INDIRECT_NEXT,    /* INDIRECT together with NEXT */
    VIRTQ_ERR_INDIRECT_NESTED,  /* INDIRECT inside an indirect table */
    VIRTQ_ERR_INDIRECT_SIZE,    /* table length 0 or not a multiple of 16 */
    VIRTQ_ERR_INDIRECT_ADDR,    /* table not inside guest RAM */
} VirtqError;

/* A queue of num entries (a power of two <= VIRTQ_MAX_SIZE) whose parts are at desc, avail and
   used. All three are checked against guest RAM and the alignment of 2.7 here, once: the memory
   map does not change while the machine runs. On failure returns NULL with *why set (when
   why is not NULL). indirect/event_idx: VIRTIO_F_INDIRECT_DESC / VIRTIO_F_EVENT_IDX negotiated.
   on_error(opaque) is called once when the queue breaks (the transport sets
   DEVICE_NEEDS_RESET); may be NULL. */
Virtqueue *virtq_create(const MemMap *m, unsigned num, uint64_t desc, uint64_t avail,
                        uint64_t used, bool indirect, bool event_idx,
                        void (*on_error)(void *opaque), void *opaque, VirtqError *why);
void virtq_free(Virtqueue *vq);

/* Take the next available chain. NULL when the ring is empty or the queue is broken; a chain
   or ring that breaks any rule of 2.7 breaks the queue for good (nothing is touched outside
   guest RAM, on_error is called, later pops return NULL). With event_idx, avail_event is kept
   at the next index the device wants to hear about. CPU thread only. */
VirtqElem *virtq_pop(Virtqueue *vq);
/* Return a chain to the driver with len bytes written to its writable part, then free elem.
   Writes the used element, then publishes used idx with a release store. CPU thread only. */
void virtq_push(Virtqueue *vq, VirtqElem *elem, uint32_t len);
/* After one or more pushes: whether the driver asked for a used-buffer notification (2.7.7).
   Issues the full barrier that orders the used idx store before reading the driver's flags
   or used_event. */
bool virtq_should_notify(Virtqueue *vq);
/* Put an element back: the next pop returns the same chain (device out of resources). */
void virtq_unpop(Virtqueue *vq, VirtqElem *elem);
/* Mark the queue broken from outside (a device found the chain's contents malformed). */
void virtq_set_broken(Virtqueue *vq);

bool virtq_broken(const Virtqueue *vq);
VirtqError virtq_last_error(const Virtqueue *vq);
const char *virtq_error_str(VirtqError e);
unsigned virtq_num(const Virtqueue *vq);
/* Chains popped and not yet pushed. */
unsigned virtq_inflight(const Virtqueue *vq);

/* virtq_push reports each device-writable buffer to memmap_dma_written before the element
   is published: the device wrote there behind the softmmu's back, so translations of code on
   those pages are dropped by the memory layer (MemMap.code_written). */

/* Copy from the readable part, starting off bytes in; returns bytes copied (short at the end). */
size_t virtq_elem_read(const VirtqElem *e, uint64_t off, void *dst, size_t len);
/* Copy into the writable part, starting off bytes in; returns bytes copied. */
size_t virtq_elem_write(const VirtqElem *e, uint64_t off, const void *src, size_t len);
void virtq_elem_free(VirtqElem *e);

#endif
