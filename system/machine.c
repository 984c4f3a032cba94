/* SPDX-License-Identifier: MIT */
/* Machine life cycle: build from the command line (backend, TB cache, harts, board), run the
   harts (one, or several round-robin), shut down or reset on request (HTIF exit, the test
   device, syscon reboot), free. */
#include "machine.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/riscv/cpu.h"
#include "machines/boards.h"
#include "system/log.h"
#include "system/options.h"

void machine_request_exit(Machine *m, int code) {
    if (__atomic_exchange_n(&m->exit_claimed, 1, __ATOMIC_ACQ_REL))
        return;
    m->exit_code = code;
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
    m->exit_code = code;
    __atomic_store_n(&m->guest_shut_down, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&m->paused, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < m->n_cpus; i++)
        if (m->cpus[i])
            cpu_kick(m->cpus[i]);
}

void machine_request_reset(Machine *m) {
    if (m->no_reboot || !m->board_reset) {
        machine_request_exit(m, 0);      /* QEMU: -no-reboot turns a reboot into an exit */
        return;
    }
    __atomic_store_n(&m->reset_requested, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&m->shutdown, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < m->n_cpus; i++)
        if (m->cpus[i])
            cpu_kick(m->cpus[i]);
}

static void start_harts(Machine *m, const BootInfo *boot) {
    for (int i = 0; i < m->n_cpus; i++) {
        RVCPU *cpu = rv_cpu(m->cpus[i]);
        rv_cpu_reset(cpu, boot->entry);
        cpu->x[10] = (uint64_t)i;          /* a0 = hartid, a1 = device tree (RISC-V boot ABI) */
        cpu->x[11] = boot->dtb_addr;
    }
}

static bool create_harts(Machine *m, const TernOptions *o) {
    bool nochain = (o->log_mask & (LOG_NOCHAIN | LOG_EXEC)) != 0;
    for (int i = 0; i < o->smp; i++) {
        void *p = NULL;
        /* 64-byte alignment: the JIT addresses CPU state relative to a cache-line base. */
        if (posix_memalign(&p, 64, sizeof(RVCPU))) {
            fprintf(stderr, "tern: out of memory creating hart %d\n", i);
            return false;
        }
        memset(p, 0, sizeof(RVCPU));
        RVCPU *cpu = p;
        cpu->c.machine = m;
        cpu->c.tbc = m->tbc;
        rv_cpu_init(cpu, i, &m->mem);
        cpu->c.singlestep = o->singlestep;
        cpu->c.nochain = nochain;
        m->cpus[i] = &cpu->c;
        m->n_cpus = i + 1;
        tb_cache_add_cpu(m->tbc, &cpu->c);
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

Machine *machine_create(const Board *board, const TernOptions *o) {
    if (!check_ram(board, o))
        return NULL;
    int max = board->max_cpus < MACHINE_MAX_CPUS ? board->max_cpus : MACHINE_MAX_CPUS;
    if (o->smp < 1 || o->smp > max) {
        fprintf(stderr, "tern: -smp %d: machine %s supports 1 to %d harts\n", o->smp,
                board->name, max);
        return NULL;
    }
    if (o->smp > 1 && !board->smp) {
        fprintf(stderr, "tern: -smp %d: more than one hart is not supported yet by machine "
                        "%s\n", o->smp, board->name);
        return NULL;
    }
    Machine *m = calloc(1, sizeof *m);
    if (!m) {
        fprintf(stderr, "tern: out of memory\n");
        return NULL;
    }
    memmap_init(&m->mem);
    m->no_reboot = o->no_reboot;
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
    m->tbc = tb_cache_create(m->be, &m->mem);
    if (m->tbc && o->perfmap)
        tb_cache_enable_perfmap(m->tbc);
    if (!m->tbc) {
        fprintf(stderr, "tern: cannot create the translation block cache\n");
        goto fail;
    }
    if (!create_harts(m, o))
        goto fail;
    BootInfo boot = {0};
    if (!board->init(m, o, &boot))
        goto fail;
    start_harts(m, &boot);
    return m;
fail:
    machine_free(m);
    return NULL;
}

/* Between two runs: every hart is out of the execution loop. */
static bool machine_reset(Machine *m) {
    __atomic_store_n(&m->reset_requested, 0, __ATOMIC_RELEASE);
    /* After a -no-shutdown power-off the machine restarts stopped, as QEMU's prelaunch state:
       the monitor's cont runs it. */
    __atomic_store_n(&m->guest_shut_down, 0, __ATOMIC_RELEASE);
    tb_flush_all(m->tbc);
    for (int i = 0; i < m->n_cpus; i++) {
        RVCPU *cpu = rv_cpu(m->cpus[i]);
        for (int s = 0; s < CPU_TIMER_SLOTS; s++)
            cpu_set_timer(&cpu->c, s, UINT64_MAX);
        /* Devices drive these lines; board_reset puts the devices back at power-on, where
           every line is low. */
        __atomic_store_n(&cpu->mip_ext, 0, __ATOMIC_RELEASE);
    }
    BootInfo boot = {0};
    if (!m->board_reset(m, &boot)) {
        fprintf(stderr, "tern: system reset failed\n");
        return false;
    }
    start_harts(m, &boot);
    m->resets++;
    if (log_enabled(LOG_INT))
        tern_log("machine: system reset #%d, harts restart at 0x%" PRIx64 "\n", m->resets,
                 boot.entry);
    __atomic_store_n(&m->shutdown, 0, __ATOMIC_RELEASE);
    /* An exit asked for while resetting still wins. */
    if (__atomic_load_n(&m->exit_claimed, __ATOMIC_ACQUIRE))
        __atomic_store_n(&m->shutdown, 1, __ATOMIC_RELEASE);
    return true;
}

int machine_run(Machine *m) {
    for (;;) {
        if (m->n_cpus > 1)
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
