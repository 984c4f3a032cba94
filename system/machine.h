/* SPDX-License-Identifier: MIT */
/* A running machine: its physical memory map, harts, translator and the shutdown request that
   devices (HTIF, test/syscon) raise. Boards (machines/) fill it in. */
#ifndef TERN_MACHINE_H
#define TERN_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "system/memmap.h"
#include "translate/backend.h"
#include "translate/guest.h"
#include "translate/tb.h"

#define MACHINE_MAX_CPUS 8

typedef struct Machine {
    MemMap mem;
    CPUCommon *cpus[MACHINE_MAX_CPUS];
    int n_cpus;
    Backend *be;
    TBCache *tbc;
    volatile int shutdown;          /* nonzero: every hart's cpu_exec returns */
    int exit_code;                  /* tern's exit status once shut down */
    void *board;                    /* the board's own state */
    void (*board_free)(void *board);/* releases board at machine_free; may be NULL */
    int exit_claimed;               /* first machine_request_exit wins (atomic) */
} Machine;

/* Ask every hart to stop; tern exits with code. Thread-safe. */
void machine_request_exit(Machine *m, int code);
static inline bool machine_should_stop(const Machine *m) { return m->shutdown != 0; }

struct TernOptions;
struct Board;
/* Build a machine for board from the command line: backend (-accel), TB cache, harts, the
   board's memory map and devices, the kernel, harts reset to its entry. NULL with a message on
   stderr on failure. */
Machine *machine_create(const struct Board *board, const struct TernOptions *opts);
/* Run the harts until the machine shuts down; returns m->exit_code. */
int machine_run(Machine *m);
void machine_free(Machine *m);

#endif
