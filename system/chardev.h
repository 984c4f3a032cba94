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

/* spec (system/chardev_opts.h): "stdio", "mon:stdio", "null", "file:PATH", "pty",
   "tcp:HOST:PORT[,server=on,wait=off,logfile=F]", "unix:PATH[,...]", any with "mon:" before
   it for the monitor. NULL with a message on error. As in QEMU, Ctrl-A escapes and the monitor
   exist only with "mon:" (-nographic means mon:stdio), where Ctrl-C goes to the guest; plain
   "stdio" keeps Ctrl-C as a signal that stops tern. A server socket with wait=on blocks until
   a client connects; a pty prints its name. Input is read from the start; call chardev_close
   before machine_free. The label (-chardev id; "serial0" when NULL) names it in messages and
   for chardev_find; a label already open is refused. */
CharDev *chardev_open(const char *spec, struct Machine *m);
CharDev *chardev_open_labeled(const char *spec, const char *label, struct Machine *m);

/* A chardev whose input a monitor takes, on the input thread, instead of a device. */
typedef struct ChardevHandlers {
    void (*input)(void *opaque, CharDev *c, const uint8_t *buf, size_t n);
    void (*opened)(void *opaque, CharDev *c); /* ready (stdio, pty) or a socket client came */
    void (*closed)(void *opaque, CharDev *c); /* the socket client went away */
} ChardevHandlers;
CharDev *chardev_open_handled(const char *spec, const char *label, struct Machine *m,
                              const ChardevHandlers *h, void *opaque);
/* The open chardev with this label, or NULL. */
CharDev *chardev_find(const char *label);
/* Every open chardev with a label, oldest last: fn gets the label and QEMU's filename for it
   ("pty:/dev/pts/3", "disconnected:unix:/p,server=on", "stdio"...), as query-chardev lists. */
void chardev_foreach(void (*fn)(void *opaque, const char *label, const char *filename),
                     void *opaque);
/* Whether c carries the human monitor itself ("mon:", mux=on). */
bool chardev_has_monitor(const CharDev *c);
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
