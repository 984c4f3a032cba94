/* SPDX-License-Identifier: MIT */
/* virtio entropy device (virtio 1.x, 5.4): one request queue whose device-writable buffers
   are filled from the host's getrandom(2), or from a file. No feature bits, no config space. */
#ifndef TERN_VIRTIO_RNG_H
#define TERN_VIRTIO_RNG_H

#include "hw/virtio.h"

#define VIRTIO_RNG_QUEUE_SIZE 64
#define VIRTIO_RNG_MAX_CHUNK 65536u      /* bytes given per request at most (5.4.6: may be less) */

/* NULL only when out of memory. Hand the result to a transport (virtio_mmio_create, virtio_pci_create). */
VirtioDevice *virtio_rng_create(void);
/* The same with the entropy read from fd instead (-object rng-random,filename=F; owned, read
   without blocking: a source that has nothing now gives short buffers, as 5.4.6 allows). */
VirtioDevice *virtio_rng_create_fd(int fd);

#endif
