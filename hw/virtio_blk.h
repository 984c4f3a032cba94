/* SPDX-License-Identifier: MIT */
/* virtio block device (virtio 1.x, 5.2) backed by a raw image file: read, write, flush
   (fdatasync), get-id, discard and write-zeroes; read-only and snapshot (writes go to a
   deleted temporary overlay file, the image is never written) modes. Requests are popped on
   the CPU thread and performed by one worker thread; completions come back through
   the transport's poll. */
#ifndef TERN_VIRTIO_BLK_H
#define TERN_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>

#include "hw/virtio.h"

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Request types and status (5.2.6). */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_WRITE_ZEROES_UNMAP 1u

/* Config space offsets (5.2.4) of the fields tern fills in. */
enum {
    VIRTIO_BLK_CFG_CAPACITY = 0, VIRTIO_BLK_CFG_SIZE_MAX = 8, VIRTIO_BLK_CFG_SEG_MAX = 12,
    VIRTIO_BLK_CFG_BLK_SIZE = 20, VIRTIO_BLK_CFG_NUM_QUEUES = 34,
    VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS = 36, VIRTIO_BLK_CFG_MAX_DISCARD_SEG = 40,
    VIRTIO_BLK_CFG_DISCARD_ALIGN = 44, VIRTIO_BLK_CFG_MAX_WZ_SECTORS = 48,
    VIRTIO_BLK_CFG_MAX_WZ_SEG = 52, VIRTIO_BLK_CFG_WZ_MAY_UNMAP = 56,
    VIRTIO_BLK_CFG_SIZE = 60,
};

#define VIRTIO_BLK_QUEUE_SIZE 256
#define VIRTIO_BLK_SEG_MAX (VIRTIO_BLK_QUEUE_SIZE - 2)   /* + header + status descriptors */
#define VIRTIO_BLK_SIZE_MAX (1u << 20)
#define VIRTIO_BLK_MAX_DISCARD_SEG 32
#define VIRTIO_BLK_MAX_DISCARD_SECTORS 0x3fffffu

/* How virtio_blk_open opens the image. */
typedef struct VirtioBlkOpts {
    bool read_only;     /* opened O_RDONLY, VIRTIO_BLK_F_RO offered, writes fail with IOERR */
    bool snapshot;      /* opened O_RDONLY too, but the guest may write: its writes land in an
                           unlinked temporary file (in $TMPDIR, else /tmp), lost at exit */
    bool no_locking;    /* file.locking=off: skip the image locks (system/image_lock.h) */
} VirtioBlkOpts;

/* Open the raw image at path and lock it as QEMU does: shared when read-only or snapshot,
   exclusive when the guest writes it. The capacity is the file size in whole 512-byte sectors.
   qcow2 images are refused. NULL with a message in err on failure. Hand the result to a
   transport (virtio_mmio_create, virtio_pci_create). */
VirtioDevice *virtio_blk_open(const char *path, const VirtioBlkOpts *opts, char *err,
                              size_t errlen);
/* virtio_blk_open with locking on. */
VirtioDevice *virtio_blk_create(const char *path, bool read_only, bool snapshot, char *err,
                                size_t errlen);

#endif
