/* SPDX-License-Identifier: MIT */
/* The human monitor: a subset of QEMU's HMP, with QEMU's prompt "(qemu) " for scripts that wait
   for it: help, info registers|mtree|jit|status|cpus|name|chardev, x and xp with QEMU's /Nfu
   format, cpu, stop, cont, system_reset, system_powerdown, quit. Commands run on the thread
   that feeds them (the console's input thread); they read CPU state without stopping it, as
   QEMU's TCG monitor does, so use `stop` first for a consistent snapshot. */
#ifndef TERN_MONITOR_H
#define TERN_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

struct Machine;
typedef struct Monitor Monitor;

/* Receives output text: any length, possibly several '\n'-terminated lines or a prompt. */
typedef void (*MonitorOutFn)(void *opaque, const char *text);

/* out/opaque receive what monitor_feed echoes and what its commands print. */
Monitor *monitor_new(struct Machine *m, MonitorOutFn out, void *opaque);
void monitor_free(Monitor *mon);

/* Run one command line, printing through out. False when it printed an error. */
bool monitor_execute(Monitor *mon, const char *line, MonitorOutFn out, void *opaque);

/* Interactive use. The monitor got the input focus: banner (first time) and prompt. */
void monitor_focus(Monitor *mon);
/* A new session on a monitor of its own (-monitor, a socket client connected): banner and
   prompt, an empty line. */
void monitor_greet(Monitor *mon);
/* One byte of keyboard input: line editing with echo, history (up/down), Enter runs it. */
void monitor_feed(Monitor *mon, uint8_t byte);

#endif
