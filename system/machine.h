/* SPDX-License-Identifier: MIT */
/* A running machine: its physical memory map, cpus, translator and the shutdown request that
   devices (HTIF, test/syscon) raise. Boards (machines/) fill it in. */
#ifndef TERN_MACHINE_H
#define TERN_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "system/memmap.h"
#include "system/timer.h"
#include "translate/backend.h"
#include "translate/guest.h"
#include "translate/tb.h"

#define MACHINE_MAX_CPUS 8

struct BootInfo;

typedef struct Machine {
    MemMap mem;
    const CpuClass *cpu_class;      /* the architecture of every CPU */
    CPUCommon *cpus[MACHINE_MAX_CPUS];
    int n_cpus;
    Backend *be;
    TBCache *tbc;
    volatile int shutdown;          /* nonzero: every cpu's cpu_exec returns */
    int exit_code;                  /* tern's exit status once shut down */
    void *board;                    /* the board's own state */
    void (*board_free)(void *board);/* releases board at machine_free; may be NULL */
    int exit_claimed;               /* first machine_request_exit wins (atomic) */
    /* Called on the CPU thread whenever a cpu handles a kick: devices take host input here
       (e.g. chardev_poll), so their models run on one thread. May be NULL. */
    void (*poll)(struct Machine *m);
    TimerList timers;               /* device timers (system/timer.h), run by machine_poll */
    volatile int paused;            /* monitor `stop`: cpus sleep until `cont` */
    /* System reset (syscon reboot, SBI SRST through the firmware, monitor system_reset): the
       cpus stop like at shutdown, then machine_run resets them, flushes all translations,
       calls board_reset (rewrite firmware/kernel/initrd/dtb into RAM, reset devices; fills in
       the cpus' start) and runs again. NULL: the board cannot reset, a reboot exits. */
    bool (*board_reset)(struct Machine *m, struct BootInfo *boot);
    volatile int reset_requested;
    bool no_reboot;                 /* -no-reboot: a reset request exits with status 0 */
    bool no_shutdown;               /* -no-shutdown: a guest power-off pauses instead */
    volatile int guest_shut_down;   /* it did: paused in QEMU's "shutdown" state */
    const char *name;               /* -name, or NULL (monitor: info name) */
    int resets;                     /* how many resets happened (tests, logs) */
} Machine;

/* Ask every cpu to stop; tern exits with code. Thread-safe. */
void machine_request_exit(Machine *m, int code);
/* The guest powered the machine off (test device, syscon): exit with code, or with
   -no-shutdown stop the harts (paused, "shutdown" state) until the monitor's quit, Ctrl-A x
   or a signal ends tern. Thread-safe. */
void machine_guest_shutdown(Machine *m, int code);
/* Ask for a system reset (or, with -no-reboot, an exit with status 0). Thread-safe. */
void machine_request_reset(Machine *m);
static inline bool machine_should_stop(const Machine *m) { return m->shutdown != 0; }
/* On the CPU thread whenever a CPU handles a kick: due device timers, then the board's poll. */
void machine_poll(Machine *m);
/* Input line n of a CPU (CpuClass.set_irq) as an IrqLine for a device or interrupt
   controller: boards wire devices to CPUs only through these. */
IrqLine cpu_irq_line(CPUCommon *env, int n);

struct TernOptions;
struct Board;
/* Build a machine for board from the command line: backend (-accel), TB cache, cpus, the
   board's memory map and devices, the kernel, cpus reset to its entry. NULL with a message on
   stderr on failure. */
Machine *machine_create(const struct Board *board, const struct TernOptions *opts);
/* Run the cpus until the machine shuts down (resetting it as often as asked); returns
   m->exit_code. */
int machine_run(Machine *m);
void machine_free(Machine *m);

#endif
