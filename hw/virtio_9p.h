/* SPDX-License-Identifier: MIT */
/* virtio 9P transport (virtio 1.x device ID 9, "9P transport"): one request queue; each
   chain holds a whole 9P2000.L request in its readable part and gets the reply in its
   writable part. Config space: tag_len (le16) and the mount tag (VIRTIO_9P_MOUNT_TAG). The
   file server is hw/p9_server.c. */
#ifndef TERN_VIRTIO_9P_H
#define TERN_VIRTIO_9P_H

#include <stddef.h>

#include "hw/p9_server.h"
#include "hw/virtio.h"

#define VIRTIO_ID_9P 9
#define VIRTIO_9P_MOUNT_TAG 0          /* feature bit: the config space holds the tag */
#define VIRTIO_9P_QUEUE_SIZE 128
#define VIRTIO_9P_MAX_TAG 255

/* A device serving server (owned from now on) under mount tag tag. NULL with a message in err
   (tag empty or too long, out of memory). */
VirtioDevice *virtio_9p_create(P9Server *server, const char *tag, char *err, size_t errlen);

#endif
