/* SPDX-License-Identifier: MIT */
/* QMP, QEMU's JSON machine protocol (QEMU docs/interop/qmp-spec.rst, the qapi schema of 7.2)
   on a character device: greeting, capabilities negotiation, the commands tools use
   (query-version, query-status, query-name, query-cpus-fast, query-commands, query-kvm,
   query-chardev, stop, cont, system_reset, system_powerdown, quit, human-monitor-command) and
   the run-state events (SHUTDOWN, POWERDOWN, RESET, STOP, RESUME). Messages are parsed with
   json-glib. */
#ifndef TERN_QMP_H
#define TERN_QMP_H

#include <stdbool.h>
#include <stddef.h>

struct Machine;
typedef struct QmpSession QmpSession;

/* A QMP monitor on the chardev spec (legacy syntax, system/chardev_opts.h) labelled label;
   pretty: -qmp-pretty's indented output. Installs the machine's event listener. NULL with a
   message on error. */
QmpSession *qmp_open(struct Machine *m, const char *spec, const char *label, bool pretty);
void qmp_close(QmpSession *s);

#endif
