/* SPDX-License-Identifier: MIT */
/* tern's entry point: command line, machine, run, exit with the guest's status. Everything
   with logic lives in options.c, machine.c and the boards. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "cpu/cpus.h"
#include "machines/boards.h"
#include "system/chardev.h"
#include "system/daemon.h"
#include "system/gdbstub.h"
#include "system/log.h"
#include "system/machine.h"
#include "system/monitors.h"
#include "system/options.h"

int main(int argc, char **argv) {
    TernOptions o;
    options_init(&o);
    switch (options_parse(&o, argc, argv)) {
    case OPTS_RUN: break;
    case OPTS_EXIT_OK: options_free(&o); return 0;
    case OPTS_ERROR: options_free(&o); return 1;
    }
    if (o.log_file && !log_set_file(o.log_file))
        return 1;
    tern_log_mask = o.log_mask;

    /* The architecture (-arch, tern-system-ARCH, or the one that has the -cpu model) picks
       among boards of the same name; machine_create checks that they agree. */
    const char *arch = o.arch;
    if (!arch && o.cpu_model && cpu_class_of_model(o.cpu_model))
        arch = cpu_class_of_model(o.cpu_model)->name;
    const char *name = o.machine ? o.machine : board_default_name(arch);
    const Board *board = board_find(name, arch);
    if (!board) {
        fprintf(stderr, "tern: unsupported machine '%s' (try -machine help)\n", name);
        return 1;
    }
    if (o.process_name)
        prctl(PR_SET_NAME, o.process_name);   /* threads made from here on inherit it */
    if (o.echr)
        chardev_set_escape_char(o.echr);
    int ready_fd = -1;
    if (o.daemonize && !daemon_start(&ready_fd)) {
        options_free(&o);
        return 1;
    }
    if (o.pidfile && !pidfile_create(o.pidfile)) {
        options_free(&o);
        return 1;
    }
    Machine *m = machine_create(board, &o);
    if (!m) {
        options_free(&o);
        return 1;
    }
    if (o.gdb_wait && !o.gdb_spec) {
        m->paused = 1;               /* QEMU -S alone: stopped until the monitor's `cont` */
        m->prelaunch = true;
    }
    Monitors *mons = monitors_open(m, &o);
    if (!mons || (o.gdb_spec && !gdbstub_start(m, o.gdb_spec, o.gdb_wait))) {
        monitors_close(mons);
        machine_free(m);
        options_free(&o);
        return 1;
    }
    if (o.daemonize)
        daemon_ready(ready_fd);
    int code = machine_run(m);
    gdbstub_stop(m);
    monitors_close(mons);
    fflush(stdout);
    if (log_enabled(LOG_STATS))
        tb_cache_print_stats(m->tbc, tern_log_file ? tern_log_file : stderr);
    machine_free(m);
    options_free(&o);
    if (tern_log_file)
        fclose(tern_log_file);
    return code;
}
