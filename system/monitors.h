/* SPDX-License-Identifier: MIT */
/* The monitors of the command line (-monitor, -qmp, -qmp-pretty, -mon): each on a chardev of
   its own, the human monitor (HMP) or QMP, as QEMU's monitor_init does. */
#ifndef TERN_MONITORS_H
#define TERN_MONITORS_H

#include <stdbool.h>

struct Machine;
struct TernOptions;
typedef struct Monitors Monitors;

/* Opens every monitor the options ask for (after the board has its chardevs). NULL with a
   message on error; an empty set when there are none. */
Monitors *monitors_open(struct Machine *m, const struct TernOptions *o);
void monitors_close(Monitors *ms);

#endif
