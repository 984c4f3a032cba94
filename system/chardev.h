/* SPDX-License-Identifier: MIT */
/* Character backends for serial devices (-serial stdio|null|file:PATH|mon:stdio, and
   -nographic): output goes straight out; input is read by a thread and handed to the device
   on the CPU thread through chardev_poll, so device models need no locks. With a terminal on
   stdin it is put in raw mode (restored on every exit path) and Ctrl-A is the escape key as in
   QEMU: Ctrl-A x quits, Ctrl-A h helps, Ctrl-A c toggles the monitor, Ctrl-A Ctrl-A sends one. */
#ifndef TERN_CHARDEV_H
#define TERN_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Machine;
typedef struct CharDev CharDev;

/* spec: "stdio", "mon:stdio", "null", "file:PATH". NULL with a message on error. As in QEMU,
   Ctrl-A escapes and the monitor exist only on "mon:stdio" (what -nographic means), where
   Ctrl-C goes to the guest; plain "stdio" keeps Ctrl-C as a signal that stops tern. Input is
   read from the start; call chardev_close before machine_free. */
CharDev *chardev_open(const char *spec, struct Machine *m);
void chardev_close(CharDev *c);
/* -echr: the escape key of every mux chardev (default 1, Ctrl-A). */
void chardev_set_escape_char(int c);
void chardev_write(CharDev *c, const uint8_t *buf, size_t n);
/* The device that receives input: can_receive says how many bytes it takes now. */
void chardev_set_receiver(CharDev *c, size_t (*can_receive)(void *opaque),
                          void (*receive)(void *opaque, const uint8_t *buf, size_t n),
                          void *opaque);
/* On the CPU thread: deliver buffered input to the receiver (as much as it takes). */
void chardev_poll(CharDev *c);
/* The receiver freed FIFO space: poll again soon (kicks the machine). */
void chardev_accept_input(CharDev *c);
/* chardev_poll of every open chardev of m: suitable as m->poll. */
void chardev_poll_all(struct Machine *m);

#endif
