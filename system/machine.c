/* SPDX-License-Identifier: MIT */
/* Machine life cycle: build from the command line (backend, TB cache, CPUs of the chosen
   architecture, board), run the CPUs (one, or several round-robin), shut down or reset on
   request (HTIF exit, the test device, syscon reboot), free. CPUs are reached only through
   their CpuClass (translate/guest.h). */
#include "machine.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpus.h"
#include "hw/irq.h"
#include "machines/boards.h"
#include "system/bql.h"
#include "translate/exclusive.h"
#include "system/log.h"
#include "system/options.h"

const char *shutdown_cause_name(ShutdownCause cause) {
    switch (cause) {
    case SHUTDOWN_HOST_QMP_QUIT: return "host-qmp-quit";
    case SHUTDOWN_HOST_QMP_SYSTEM_RESET: return "host-qmp-system-reset";
    case SHUTDOWN_HOST_SIGNAL: return "host-signal";
    case SHUTDOWN_HOST_UI: return "host-ui";
    case SHUTDOWN_GUEST_SHUTDOWN: return "guest-shutdown";
    case SHUTDOWN_GUEST_RESET: return "guest-reset";
    }
    return "none";
}

static void emit(Machine *m, MachineEventKind kind, ShutdownCause cause) {
    if (m->event)
        m->event(m->event_opaque, kind, cause);
}

static void kick_all(Machine *m) {
    for (int i = 0; i < m->n_cpus; i++)
        if (m->cpus[i])
            cpu_kick(m->cpus[i]);
}

void machine_request_shutdown(Machine *m, int code, ShutdownCause cause) {
    if (__atomic_exchange_n(&m->exit_claimed, 1, __ATOMIC_ACQ_REL))
        return;
    m->exit_code = code;
    /* The event first: once the CPUs stop, main closes the monitors. */
    emit(m, MEV_SHUTDOWN, cause);
    __atomic_store_n(&m->shutdown, 1, __ATOMIC_RELEASE);
    kick_all(m);
}

void machine_request_exit(Machine *m, int code) {
    machine_request_shutdown(m, code, SHUTDOWN_GUEST_SHUTDOWN);
}

void machine_request_reset(Machine *m) { machine_request_reset_cause(m, SHUTDOWN_GUEST_RESET); }

void machine_request_reset_cause(Machine *m, ShutdownCause cause) {
    if (m->no_reboot || !m->board_reset) {
        /* QEMU: -no-reboot turns a reboot into an exit (SHUTDOWN with the reset's reason) */
        machine_request_shutdown(m, 0, cause);
        return;
    }
    emit(m, MEV_RESET, cause);
    /* A reset is on its way: a -no-shutdown power-off no longer blocks cont (QEMU handles the
       request before the monitor's next command). */
    __atomic_store_n(&m->guest_shut_down, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&m->reset_requested, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&m->shutdown, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < m->n_cpus; i++)
        if (m->cpus[i])
            cpu_kick(m->cpus[i]);
}

void machine_guest_shutdown(Machine *m, int code) {
    if (!m->no_shutdown) {
        machine_request_exit(m, code);
        return;
    }
    /* QEMU -no-shutdown: SHUTDOWN, then the VM stops in the "shutdown" state (STOP). */
    m->exit_code = code;
    emit(m, MEV_SHUTDOWN, SHUTDOWN_GUEST_SHUTDOWN);
    __atomic_store_n(&m->guest_shut_down, 1, __ATOMIC_RELEASE);
    if (!__atomic_exchange_n(&m->paused, 1, __ATOMIC_ACQ_REL))
        emit(m, MEV_STOP, SHUTDOWN_GUEST_SHUTDOWN);
    kick_all(m);
}

bool machine_pause(Machine *m) {
    if (__atomic_exchange_n(&m->paused, 1, __ATOMIC_ACQ_REL))
        return false;
    kick_all(m);
    emit(m, MEV_STOP, SHUTDOWN_HOST_QMP_QUIT);
    return true;
}

bool machine_resume(Machine *m) {
    m->prelaunch = false;
    if (!__atomic_exchange_n(&m->paused, 0, __ATOMIC_ACQ_REL))
        return false;
    kick_all(m);
    emit(m, MEV_RESUME, SHUTDOWN_HOST_QMP_QUIT);
    return true;
}

void machine_request_powerdown(Machine *m) {
    emit(m, MEV_POWERDOWN, SHUTDOWN_HOST_QMP_QUIT);
    if (m->powerdown)
        m->powerdown(m);
}

void machine_poll(Machine *m) {
    bql_lock();
    timer_list_run(&m->timers, host_clock_ns());
    if (m->poll)
        m->poll(m);
    bql_unlock();
}

/* Device timers wake the CPU thread through CPU 0's board slot. */
static void wake_timers(void *opaque, uint64_t deadline) {
    Machine *m = opaque;
    if (m->n_cpus > 0)
        cpu_set_timer(m->cpus[0], CPU_TIMER_BOARD, deadline);
}

static void cpu_irq_set(void *opaque, int n, int level) {
    CPUCommon *env = opaque;
    env->ops->set_irq(env, n, level);
}

IrqLine cpu_irq_line(CPUCommon *env, int n) {
    if (!env || n < 0 || n >= env->ops->n_irq_lines)
        return (IrqLine){0};
    return (IrqLine){.set = cpu_irq_set, .opaque = env, .n = n};
}

bool cpu_connect_out(CPUCommon *env, int n, IrqLine line) {
    if (!env || !env->ops->connect_out || n < 0 || n >= env->ops->n_out_lines)
        return false;
    env->ops->connect_out(env, n, line);
    return true;
}

static void boot_cpus(Machine *m, const BootInfo *boot) {
    for (int i = 0; i < m->n_cpus; i++)
        m->cpus[i]->ops->boot(m->cpus[i], boot->entry, boot->dtb_addr);
}

static bool create_cpus(Machine *m, const TernOptions *o, const CpuModel *model) {
    const CpuClass *cc = m->cpu_class;
    bool nochain = (o->log_mask & (LOG_NOCHAIN | LOG_EXEC)) != 0;
    for (int i = 0; i < o->smp; i++) {
        void *p = NULL;
        /* 64-byte alignment: the JIT addresses CPU state relative to a cache-line base. */
        if (posix_memalign(&p, 64, cc->state_size)) {
            fprintf(stderr, "tern: out of memory creating cpu %d\n", i);
            return false;
        }
        memset(p, 0, cc->state_size);
        CPUCommon *env = p;
        env->machine = m;
        env->tbc = m->tbc;
        env->mem = &m->mem;
        cc->init(env, i, model);
        env->singlestep = o->singlestep;
        env->nochain = nochain;
        m->cpus[i] = env;
        m->n_cpus = i + 1;
        tb_cache_add_cpu(m->tbc, env);
    }
    return true;
}

/* Sizes in messages: "4 GiB", exact in the largest unit that divides them, else "1.50 TiB". */
static void fmt_size(uint64_t v, char *buf, size_t n) {
    static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (u < 6 && v >> (10 * (u + 1)) && !(v & ((1ull << (10 * (u + 1))) - 1)))
        u++;
    uint64_t whole = v >> (10 * u);
    if (u > 0 || whole < 1024) {
        snprintf(buf, n, "%llu %s", (unsigned long long)whole, unit[u]);
        return;
    }
    double d = (double)v;
    for (u = 0; d >= 1024 && u < 6; u++)
        d /= 1024;
    snprintf(buf, n, "%.2f %s", d, unit[u]);
}

/* -m against the board's memory map (an error) and the host's RAM (a warning: RAM is mapped
   on demand, so a guest that never touches it all may run, but one that does meets the OOM
   killer). */
static bool check_ram(const Board *board, const TernOptions *o) {
    uint64_t ram = o->ram_size ? o->ram_size : board->default_ram;
    char want[32], lim[32];
    fmt_size(ram, want, sizeof want);
    if (board->max_ram && ram > board->max_ram) {
        fmt_size(board->max_ram, lim, sizeof lim);
        fprintf(stderr, "tern: -m: %s of RAM does not fit the memory map of machine %s "
                        "(%d-bit physical addresses): at most %s\n", want, board->name,
                BOARD_PHYS_ADDR_BITS, lim);
        return false;
    }
    long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && psize > 0 && ram > (uint64_t)pages * (uint64_t)psize) {
        fmt_size((uint64_t)pages * (uint64_t)psize, lim, sizeof lim);
        fprintf(stderr, "tern: warning: -m: %s of guest RAM is more than the host's %s: the "
                        "host runs out of memory if the guest uses it all\n", want, lim);
    }
    return true;
}

/* The architecture and -cpu MODEL[,PROPS]: -arch (or the tern-system-ARCH name), else the one
   that has the model, else the board's; they must agree with each other and the board. The
   front end's configure hook applies the properties (*owned: the model it made, to free). */
static const CpuClass *pick_cpu(const Board *board, const TernOptions *o,
                                const CpuModel **model, CpuModel **owned) {
    const CpuClass *cc = NULL;
    *owned = NULL;
    if (o->arch && !(cc = cpu_class_find(o->arch))) {
        fprintf(stderr, "tern: -arch %s: not an architecture of this tern (built: %s)\n",
                o->arch, cpu_class_names());
        return NULL;
    }
    char name[64] = "";
    const char *props = "";
    if (o->cpu_model) {
        size_t len = strcspn(o->cpu_model, ",");
        if (len >= sizeof name) {
            fprintf(stderr, "tern: -cpu %s: unknown CPU model (try -cpu help)\n", o->cpu_model);
            return NULL;
        }
        memcpy(name, o->cpu_model, len);
        name[len] = 0;
        props = o->cpu_model[len] ? o->cpu_model + len + 1 : "";
        /* A name several architectures have (max) is the chosen architecture's. */
        const CpuClass *owner = cc && cpu_model_find(cc, name) ? cc : cpu_class_of_model(name);
        if (!owner) {
            fprintf(stderr, "tern: -cpu %s: unknown CPU model (try -cpu help)\n", name);
            return NULL;
        }
        if (cc && owner != cc) {
            fprintf(stderr, "tern: -cpu %s: a %s model, not %s\n", name, owner->name,
                    cc->name);
            return NULL;
        }
        cc = owner;
    }
    if (!cc)
        cc = cpu_class_find(board->arch);
    if (!cc || strcmp(cc->name, board->arch)) {
        fprintf(stderr, "tern: machine %s is a %s board; no such machine for %s\n", board->name,
                board->arch, cc ? cc->name : "this tern");
        return NULL;
    }
    *model = o->cpu_model ? cpu_model_find(cc, name) : &cc->models[0];
    if (cc->configure) {
        char err[256];
        *owned = cc->configure(*model, props, err, sizeof err);
        if (!*owned) {
            fprintf(stderr, "tern: -cpu %s: %s\n", o->cpu_model ? o->cpu_model : (*model)->name,
                    err);
            return NULL;
        }
        *model = *owned;
    } else if (*props) {
        fprintf(stderr, "tern: -cpu %s: %s CPUs take no properties (a model name only)\n",
                o->cpu_model, cc->name);
        return NULL;
    }
    return cc;
}

/* A host thread per CPU (thread=multi): asked for, or by default with several CPUs on a
   host with several cores. The gdbstub stops and steps CPUs on one thread: it keeps
   thread=single. */
#define TERN_MTTCG_DEFAULT 0   /* thread=multi is opt-in until it has soaked */

static bool pick_threading(const TernOptions *o) {
    if (o->smp < 2)
        return false;
    if (o->tcg_thread == TCG_THREAD_MULTI && o->gdb_spec) {
        fprintf(stderr, "tern: warning: -accel thread=multi: the gdbstub runs the cpus on one "
                        "thread (thread=single)\n");
        return false;
    }
    if (o->tcg_thread != TCG_THREAD_DEFAULT)
        return o->tcg_thread == TCG_THREAD_MULTI;
    return TERN_MTTCG_DEFAULT && !o->gdb_spec && sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

Machine *machine_create(const Board *board, const TernOptions *o) {
    if (!check_ram(board, o))
        return NULL;
    int max = board->max_cpus < MACHINE_MAX_CPUS ? board->max_cpus : MACHINE_MAX_CPUS;
    if (o->smp < 1 || o->smp > max) {
        fprintf(stderr, "tern: -smp %d: machine %s supports 1 to %d cpus\n", o->smp,
                board->name, max);
        return NULL;
    }
    if (o->smp > 1 && !board->smp) {
        fprintf(stderr, "tern: -smp %d: more than one cpu is not supported yet by machine "
                        "%s\n", o->smp, board->name);
        return NULL;
    }
    const CpuModel *model;
    CpuModel *owned;
    const CpuClass *cc = pick_cpu(board, o, &model, &owned);
    if (!cc)
        return NULL;
    Machine *m = calloc(1, sizeof *m);
    if (!m) {
        fprintf(stderr, "tern: out of memory\n");
        free(owned);
        return NULL;
    }
    m->cpu_class = cc;
    memmap_init(&m->mem);
    timer_list_init(&m->timers, wake_timers, m);
    m->no_reboot = o->no_reboot;
    m->semihosting = o->semihosting;
    m->no_shutdown = o->no_shutdown;
    m->name = o->name;
    if (o->accel == ACCEL_TCG) {
        m->be = backend_x86_create(o->tb_size);
        if (!m->be)
            fprintf(stderr, "tern: -accel tcg: cannot create the x86-64 JIT on this host "
                            "(try -accel interp)\n");
    } else {
        m->be = backend_interp_create();
        if (!m->be)
            fprintf(stderr, "tern: -accel interp: cannot create the IR interpreter\n");
    }
    if (!m->be)
        goto fail;
    m->threaded = pick_threading(o);
    m->be->slice_checks = o->smp > 1 && !m->threaded;   /* the harts take turns on this thread */
    m->tbc = tb_cache_create(m->be, &m->mem);
    if (m->tbc && o->perfmap)
        tb_cache_enable_perfmap(m->tbc);
    if (!m->tbc) {
        fprintf(stderr, "tern: cannot create the translation block cache\n");
        goto fail;
    }
    bool cpus_ok = create_cpus(m, o, model);
    free(owned);                         /* init copied what it needs */
    owned = NULL;
    if (!cpus_ok)
        goto fail;
    if (m->threaded)
        exclusive_enable(m);
    BootInfo boot = {0};
    if (!board->init(m, o, &boot))
        goto fail;
    boot_cpus(m, &boot);
    return m;
fail:
    free(owned);
    machine_free(m);
    return NULL;
}

/* Between two runs: every CPU is out of the execution loop. */
static bool machine_reset(Machine *m) {
    __atomic_store_n(&m->reset_requested, 0, __ATOMIC_RELEASE);
    /* After a -no-shutdown power-off the machine restarts stopped, as QEMU's prelaunch state:
       the monitor's cont runs it. */
    __atomic_store_n(&m->guest_shut_down, 0, __ATOMIC_RELEASE);
    tb_flush_all(m->tbc);
    for (int i = 0; i < m->n_cpus; i++) {
        for (int s = 0; s < CPU_TIMER_SLOTS; s++)
            cpu_set_timer(m->cpus[i], s, UINT64_MAX);
        /* Input lines go low too: board_reset puts the devices that drive them back at
           power-on, where every line is low. */
        m->cpus[i]->ops->reset(m->cpus[i]);
    }
    m->timers.woken_at = TIMER_NEVER;    /* its wake-up was one of the timers cancelled */
    BootInfo boot = {0};
    if (!m->board_reset(m, &boot)) {
        fprintf(stderr, "tern: system reset failed\n");
        return false;
    }
    timer_list_run(&m->timers, host_clock_ns());
    boot_cpus(m, &boot);
    m->resets++;
    if (log_enabled(LOG_INT))
        tern_log("machine: system reset #%d, cpus restart at 0x%" PRIx64 "\n", m->resets,
                 boot.entry);
    __atomic_store_n(&m->shutdown, 0, __ATOMIC_RELEASE);
    /* An exit asked for while resetting still wins. */
    if (__atomic_load_n(&m->exit_claimed, __ATOMIC_ACQUIRE))
        __atomic_store_n(&m->shutdown, 1, __ATOMIC_RELEASE);
    return true;
}

int machine_run(Machine *m) {
    for (;;) {
        if (m->n_cpus > 1 && m->threaded)
            cpu_exec_threads(m);
        else if (m->n_cpus > 1)
            cpu_exec_multi(m);
        else if (m->n_cpus == 1)
            cpu_exec(m->cpus[0]);
        if (__atomic_load_n(&m->exit_claimed, __ATOMIC_ACQUIRE) ||
            !__atomic_load_n(&m->reset_requested, __ATOMIC_ACQUIRE))
            break;
        if (!machine_reset(m)) {
            m->exit_code = 1;
            break;
        }
    }
    return m->exit_code;
}

void machine_free(Machine *m) {
    if (!m)
        return;
    if (m->board_free)
        m->board_free(m->board);
    if (m->tbc)
        tb_cache_free(m->tbc);
    for (int i = 0; i < m->n_cpus; i++) {
        cpu_forget(m->cpus[i]);     /* the timer thread must not touch it any more */
        free(m->cpus[i]);
    }
    if (m->be && m->be->destroy)
        m->be->destroy(m->be);
    memmap_free(&m->mem);
    free(m);
}
