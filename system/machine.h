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
struct Machine;

/* Why the machine shuts down or resets (QEMU's ShutdownCause, qapi/run-state.json): the
   "reason" of the SHUTDOWN and RESET events. */
typedef enum {
    SHUTDOWN_HOST_QMP_QUIT,         /* monitor quit */
    SHUTDOWN_HOST_QMP_SYSTEM_RESET, /* monitor system_reset */
    SHUTDOWN_HOST_SIGNAL,           /* SIGINT, SIGTERM, SIGHUP */
    SHUTDOWN_HOST_UI,               /* Ctrl-A x, gdb kill */
    SHUTDOWN_GUEST_SHUTDOWN,        /* the guest powered off (test device, HTIF) */
    SHUTDOWN_GUEST_RESET,           /* the guest asked for a reset */
} ShutdownCause;

/* Run-state events for the monitors (QMP): SHUTDOWN and RESET carry guest/reason. */
typedef enum { MEV_SHUTDOWN, MEV_RESET, MEV_POWERDOWN, MEV_STOP, MEV_RESUME } MachineEventKind;
typedef void (*MachineEventFn)(void *opaque, MachineEventKind kind, ShutdownCause cause);

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
    bool prelaunch;                 /* -S: never run yet (QMP status "prelaunch") */
    /* Monitor system_powerdown: the board asks the guest to power off (a power key, ACPI).
       NULL: nothing to press, as on QEMU 7.2's riscv virt (the POWERDOWN event only). */
    void (*powerdown)(struct Machine *m);
    MachineEventFn event;           /* the monitors' listener, or NULL */
    /* QOM path of the CPUs in QMP's query-cpus-fast, "[N]" appended: QEMU's for the board
       (riscv virt "/machine/soc0/harts"); NULL: "/machine/unattached/device". */
    const char *cpu_qom_prefix;
    void *event_opaque;
    bool semihosting;               /* -semihosting: the guest may call the host through its
                                       architecture's semihosting interface */
    bool threaded;                  /* a host thread per CPU (-accel tcg,thread=multi) */
} Machine;

const char *shutdown_cause_name(ShutdownCause cause);
static inline bool shutdown_cause_is_guest(ShutdownCause c) {
    return c == SHUTDOWN_GUEST_SHUTDOWN || c == SHUTDOWN_GUEST_RESET;
}

/* Ask every cpu to stop; tern exits with code. Thread-safe. The guest's own power-off;
   machine_request_shutdown names another cause (the SHUTDOWN event's reason). */
void machine_request_exit(Machine *m, int code);
void machine_request_shutdown(Machine *m, int code, ShutdownCause cause);
/* The guest powered the machine off (test device, syscon): exit with code, or with
   -no-shutdown stop the harts (paused, "shutdown" state) until the monitor's quit, Ctrl-A x
   or a signal ends tern. Thread-safe. */
void machine_guest_shutdown(Machine *m, int code);
/* Ask for a system reset (or, with -no-reboot, an exit with status 0). Thread-safe. The guest
   asked; machine_request_reset_cause names another cause. */
void machine_request_reset(Machine *m);
void machine_request_reset_cause(Machine *m, ShutdownCause cause);
/* Monitor stop / cont: CPUs sleep / run again; STOP / RESUME events when the state changes.
   False when it was already so. Thread-safe. */
bool machine_pause(Machine *m);
bool machine_resume(Machine *m);
/* Monitor system_powerdown: POWERDOWN event, then the board's powerdown hook if any. */
void machine_request_powerdown(Machine *m);
static inline bool machine_should_stop(const Machine *m) { return m->shutdown != 0; }
/* On the CPU thread whenever a CPU handles a kick: due device timers, then the board's poll. */
void machine_poll(Machine *m);
/* Input line n of a CPU (CpuClass.set_irq) as an IrqLine for a device or interrupt
   controller: boards wire devices to CPUs only through these. */
IrqLine cpu_irq_line(CPUCommon *env, int n);
/* Wire output line n of a CPU (CpuClass.connect_out: e.g. a timer interrupt) to line; false
   when the CPU has no such output. */
bool cpu_connect_out(CPUCommon *env, int n, IrqLine line);

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
