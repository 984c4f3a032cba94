/* SPDX-License-Identifier: MIT */
/* virtio console device (virtio 1.x, 5.3), single port (no VIRTIO_CONSOLE_F_MULTIPORT):
   receiveq 0 carries host input to the guest's hvc0, transmitq 1 its output. The host side
   is a CharDev (system/chardev.h); bytes are moved on the CPU thread only. */
#ifndef TERN_VIRTIO_CONSOLE_H
#define TERN_VIRTIO_CONSOLE_H

#include "hw/virtio.h"
#include "system/chardev.h"

#define VIRTIO_CONSOLE_RXQ 0
#define VIRTIO_CONSOLE_TXQ 1
#define VIRTIO_CONSOLE_QUEUE_SIZE 128
#define VIRTIO_CONSOLE_INBUF 4096        /* host input held until the guest posts buffers */

/* Config space (5.3.4): cols, rows, max_nr_ports, emerg_wr; valid with features tern does
   not offer, present so that reads succeed. */
#define VIRTIO_CONSOLE_CFG_SIZE 12

/* The backend: output is written to chr, input is read from it (chardev_set_receiver).
   chr may be NULL (output dropped, no input); it is not owned. NULL when out of memory. */
VirtioDevice *virtio_console_create(CharDev *chr);

/* Without a CharDev (tests): host input, as the chardev would deliver it. Returns bytes
   taken (the rest does not fit the buffer now). CPU thread. */
size_t virtio_console_input(VirtioDevice *d, const uint8_t *buf, size_t n);
/* Tests: where guest output goes instead of a CharDev (called on the CPU thread). */
void virtio_console_set_output(VirtioDevice *d,
                               void (*out)(void *opaque, const uint8_t *buf, size_t n),
                               void *opaque);

#endif
