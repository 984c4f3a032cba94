/* SPDX-License-Identifier: MIT */
/* GDB remote stub (GDB manual, "Remote Protocol": packets, stop replies, vCont, qXfer
   target descriptions, no-ack mode). The stub thread owns the socket; the CPU thread stops
   in the execution-loop hook (translate/cpu_debug.h) and waits there while the stub reads or
   writes guest state, so state is only touched with the CPU thread parked.
   Breakpoints never touch guest memory: the hook compares the pc of each block the loop is
   about to run with the table. For that to see every breakpoint: a block is translated one
   instruction long when a breakpoint lies in the next two pages (a block never spans more),
   so no cached block holds a breakpoint past its first instruction; and a block starting at
   a breakpoint is only ever entered from the loop: nothing is chained to it and it is kept
   out of the jump cache that indirect jumps consult. Other blocks chain as usual. */
#define _GNU_SOURCE                  /* pipe2, memrchr */
#include "gdbstub.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "system/gdb_packet.h"
#include "system/machine.h"
#include "translate/cpu_debug.h"
#include "translate/tb.h"

#define GDB_MAX_BP 256
#define GDB_SIGINT 2
#define GDB_SIGTRAP 5
#define GDB_POLL_MS 100
#define GDB_G_REGS_MAX 128           /* registers of a 'g' packet (CpuClass.gdb_g_regs) */

enum { STEP_NONE, STEP_ARMED, STEP_RUNNING };

typedef struct GdbCpu {
    int step;                        /* STEP_*: ARMED until its one instruction starts */
    bool skip_bp;                    /* resuming: do not stop at skip_pc before moving */
    uint64_t skip_pc;
    bool base_ss;                    /* singlestep as the command line set it */
} GdbCpu;

struct GdbStub {
    Machine *m;
    int listen_fd, client_fd;
    int wake[2];                     /* CPU thread -> stub thread: "I parked" */
    pthread_t thread;
    bool have_thread;
    volatile int quit;

    /* Handshake with the CPU thread (lock). */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop_req;                   /* the stub wants the CPU thread parked */
    bool parked;                     /* it is, inside the hook */
    bool set_paused;                 /* we set m->paused (to wake WFI) and must clear it */
    int park_sig, park_cpu;

    /* Session: touched by the stub thread, and by the CPU thread only while it runs. */
    bool running;                    /* resumed for GDB: a stop reply is owed */
    bool no_ack;
    int cur;                         /* CPU of the last stop (qC, default for g/c) */
    int g_cpu, c_cpu;                /* Hg / Hc: -1 = all, else CPU index */
    int last_sig;
    long resumed;                    /* gdbstub_test_resumed */
    GdbCpu cpus[MACHINE_MAX_CPUS];
    uint64_t bp[GDB_MAX_BP];
    int n_bp;
    uint64_t covered[GDB_MAX_BP];    /* no cached block holds one of these past its start */
    int n_covered;

    GdbRx rx;
    uint8_t reply[GDB_PACKET_MAX + 1];
    uint8_t frame[GDB_PACKET_MAX + 8];
    size_t frame_len;                /* last frame sent, for a '-' */
};

static GdbStub *the_stub;            /* the one started by gdbstub_start */
static GdbStub *hook_stub;           /* the one the execution hook serves */

static bool exiting(const Machine *m) {
    return __atomic_load_n(&m->exit_claimed, __ATOMIC_ACQUIRE) != 0;
}

static CPUCommon *cpu_at(GdbStub *s, int i) {
    if (i < 0 || i >= s->m->n_cpus || !s->m->cpus[i])
        return NULL;
    return s->m->cpus[i];
}

static void kick_all(Machine *m) {
    for (int i = 0; i < m->n_cpus; i++)
        if (m->cpus[i])
            cpu_kick(m->cpus[i]);
}

static void timed_wait(GdbStub *s) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += GDB_POLL_MS * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&s->cond, &s->lock, &ts);
}

/* ---- breakpoints ---- */

static bool bp_hit(const GdbStub *s, uint64_t pc) {
    for (int i = 0; i < s->n_bp; i++)
        if (s->bp[i] == pc)
            return true;
    return false;
}

/* A block starting at pc may reach into the next page, never further. */
static bool bp_near(const GdbStub *s, uint64_t pc) {
    uint64_t end = (pc & TARGET_PAGE_MASK) + 2 * TARGET_PAGE_SIZE;
    for (int i = 0; i < s->n_bp; i++)
        if (s->bp[i] > pc && s->bp[i] < end)
            return true;
    return false;
}

static bool bp_add(GdbStub *s, uint64_t addr) {
    if (bp_hit(s, addr))
        return true;
    if (s->n_bp == GDB_MAX_BP)
        return false;
    s->bp[s->n_bp++] = addr;
    return true;
}

static void bp_remove(GdbStub *s, uint64_t addr) {
    for (int i = 0; i < s->n_bp; i++) {
        if (s->bp[i] == addr) {
            s->bp[i] = s->bp[--s->n_bp];
            return;
        }
    }
}

static bool bp_covered(const GdbStub *s) {
    for (int i = 0; i < s->n_bp; i++) {
        bool found = false;
        for (int j = 0; j < s->n_covered && !found; j++)
            found = s->covered[j] == s->bp[i];
        if (!found)
            return false;
    }
    return true;
}

static void set_covered(GdbStub *s) {
    memcpy(s->covered, s->bp, (size_t)s->n_bp * sizeof s->bp[0]);
    s->n_covered = s->n_bp;
}

/* Empty the translation cache: every block is translated again under the current rules. */
static void flush_code(GdbStub *s) {
    if (s->m->tbc)
        tb_flush_all(s->m->tbc);
    set_covered(s);
}

/* A step must run a fresh one-instruction block: a cached block at pc may be longer or
   chained onward. Dropping the blocks of pc's page breaks no rule above. */
static void drop_step_page(GdbStub *s, CPUCommon *env) {
    uint64_t pa;
    if (s->m->tbc && env->ops->debug_translate(env, env->pc, false, &pa))
        tb_invalidate_phys_range(s->m->tbc, pa & TARGET_PAGE_MASK, TARGET_PAGE_SIZE);
}

/* ---- the CPU thread's side ---- */

static void wake_stub(GdbStub *s) {
    if (s->wake[1] >= 0) {
        char c = 1;
        ssize_t r = write(s->wake[1], &c, 1);
        (void)r;                     /* a full pipe already holds a wake-up */
    }
}

/* Stop here until the stub resumes us (or the machine exits). */
static bool park(GdbStub *s, CPUCommon *env, int sig) {
    pthread_mutex_lock(&s->lock);
    s->parked = true;
    s->park_sig = sig;
    s->park_cpu = env->cpu_index;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    wake_stub(s);
    pthread_mutex_lock(&s->lock);
    while (s->parked && !exiting(s->m))
        timed_wait(s);
    pthread_mutex_unlock(&s->lock);
    return true;
}

static bool gdb_hook(CPUCommon *env, int where) {
    GdbStub *s = __atomic_load_n(&hook_stub, __ATOMIC_ACQUIRE);
    if (!s || env->cpu_index < 0 || env->cpu_index >= MACHINE_MAX_CPUS)
        return false;
    GdbCpu *h = &s->cpus[env->cpu_index];
    bool stop = __atomic_load_n(&s->stop_req, __ATOMIC_ACQUIRE);
    switch (where) {
    case CPU_DEBUG_LOOP:
        if (stop)
            return park(s, env, GDB_SIGINT);
        if (h->step == STEP_RUNNING) {
            /* Its instruction ran (or trapped: then we stop at the handler). */
            h->step = STEP_NONE;
            return park(s, env, GDB_SIGTRAP);
        }
        return false;
    case CPU_DEBUG_IRQ:
        return h->step != STEP_NONE;     /* like QEMU's default: no interrupts while stepping */
    case CPU_DEBUG_EXEC: {
        if (stop)
            return park(s, env, GDB_SIGINT);
        bool skip = h->skip_bp && h->skip_pc == env->pc;
        h->skip_bp = false;
        if (s->n_bp && bp_hit(s, env->pc)) {
            if (!skip)
                return park(s, env, GDB_SIGTRAP);
            env->last_tb = NULL;         /* never chain into a breakpoint's block */
        }
        if (h->step == STEP_ARMED) {
            drop_step_page(s, env);
            env->last_tb = NULL;
            h->step = STEP_RUNNING;
        }
        env->singlestep = h->base_ss || h->step != STEP_NONE ||
                          (s->n_bp && bp_near(s, env->pc));
        return false;
    }
    case CPU_DEBUG_TB:
        /* Indirect jumps in translated code look blocks up in the jump cache by themselves:
           keep a breakpoint's block out of it, and a step's block too (its pc may become a
           breakpoint that a step run does not account for, see resume). */
        if (h->step != STEP_NONE || (s->n_bp && bp_hit(s, env->pc)))
            env->jmp_cache[jmp_cache_index(env->pc)] = NULL;
        return false;
    }
    return false;
}

/* ---- run control (stub thread) ---- */

static void install_hook(GdbStub *s) {
    __atomic_store_n(&hook_stub, s, __ATOMIC_RELEASE);
    __atomic_store_n(&cpu_debug_hook, gdb_hook, __ATOMIC_RELEASE);
}

static void remove_hook(GdbStub *s) {
    if (__atomic_load_n(&hook_stub, __ATOMIC_ACQUIRE) != s)
        return;
    __atomic_store_n(&cpu_debug_hook, NULL, __ATOMIC_RELEASE);
}

/* Make sure the CPU thread is parked (it may already be). */
static void stop_guest(GdbStub *s) {
    Machine *m = s->m;
    pthread_mutex_lock(&s->lock);
    if (!s->parked) {
        __atomic_store_n(&s->stop_req, true, __ATOMIC_RELEASE);
        if (!m->paused) {
            /* m->paused brings a CPU out of WFI; the hook parks it before it sleeps there. */
            __atomic_store_n(&m->paused, 1, __ATOMIC_RELEASE);
            s->set_paused = true;
        }
        pthread_mutex_unlock(&s->lock);
        kick_all(m);
        pthread_mutex_lock(&s->lock);
        while (!s->parked && !exiting(m) && !s->quit)
            timed_wait(s);
    }
    pthread_mutex_unlock(&s->lock);
}

/* Let the parked CPU thread go (also when it has not started yet). */
static void release_guest(GdbStub *s) {
    Machine *m = s->m;
    pthread_mutex_lock(&s->lock);
    __atomic_store_n(&s->stop_req, false, __ATOMIC_RELEASE);
    if (s->set_paused) {
        __atomic_store_n(&m->paused, 0, __ATOMIC_RELEASE);
        s->set_paused = false;
    }
    s->parked = false;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    /* Re-evaluate interrupts held back during a step and wake WFI. */
    kick_all(m);
}

/* Resume every CPU; those in step_mask execute one instruction and stop. */
static void resume(GdbStub *s, unsigned step_mask) {
    Machine *m = s->m;
    for (int i = 0; i < m->n_cpus && i < MACHINE_MAX_CPUS; i++) {
        GdbCpu *h = &s->cpus[i];
        CPUCommon *cpu = cpu_at(s, i);
        h->step = (step_mask >> i) & 1 ? STEP_ARMED : STEP_NONE;
        h->skip_bp = cpu != NULL;
        h->skip_pc = cpu ? cpu->pc : 0;
        /* Stepping a CPU asleep in WFI: let the WFI complete (it may at any time, 3.3.3)
           rather than wait for an interrupt that stepping holds back. */
        if (cpu && h->step)
            cpu->halted = 0;
    }
    /* Old blocks may hold a new breakpoint inside, be chained to its block or sit in a jump
       cache: drop them unless every breakpoint was already in force when they were made.
       A run where every CPU steps makes nothing that could break the rules for any later
       set (one-instruction blocks, no chains, nothing left in jump caches), so it neither
       needs nor narrows that guarantee: GDB's step over a breakpoint costs no flush. */
    bool all_step = m->n_cpus > 0;
    for (int i = 0; i < m->n_cpus && i < MACHINE_MAX_CPUS; i++)
        all_step &= (step_mask >> i) & 1;
    if (!all_step) {
        if (s->n_bp > 0 && !bp_covered(s))
            flush_code(s);
        else
            set_covered(s);
    }
    s->running = true;
    s->resumed = (long)step_mask;
    if (s->client_fd >= 0 || s->have_thread)
        release_guest(s);
}

static void save_base_flags(GdbStub *s) {
    for (int i = 0; i < s->m->n_cpus && i < MACHINE_MAX_CPUS; i++) {
        CPUCommon *cpu = cpu_at(s, i);
        if (cpu)
            s->cpus[i].base_ss = cpu->singlestep;
    }
}

/* Forget breakpoints and steps, give the CPUs their own flags back (CPU parked). */
static void clear_debug_state(GdbStub *s) {
    s->n_bp = 0;
    s->n_covered = 0;
    for (int i = 0; i < s->m->n_cpus && i < MACHINE_MAX_CPUS; i++) {
        CPUCommon *cpu = cpu_at(s, i);
        s->cpus[i].step = STEP_NONE;
        s->cpus[i].skip_bp = false;
        if (cpu)
            cpu->singlestep = s->cpus[i].base_ss;
    }
}

/* ---- packets ---- */

typedef struct Reply {
    uint8_t *p;
    size_t len, cap;
} Reply;

static void r_str(Reply *r, const char *str) {
    size_t n = strlen(str);
    if (n > r->cap - r->len)
        n = r->cap - r->len;
    memcpy(r->p + r->len, str, n);
    r->len += n;
}

__attribute__((format(printf, 2, 3))) static void r_printf(Reply *r, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r_str(r, buf);
}

static void r_hex(Reply *r, const uint8_t *data, size_t n) {
    if (n > (r->cap - r->len) / 2)
        n = (r->cap - r->len) / 2;
    gdb_hex_encode(data, n, (char *)r->p + r->len);
    r->len += 2 * n;
}

static void r_stop(GdbStub *s, Reply *r) {
    r_printf(r, "T%02xthread:%x;", s->last_sig, s->cur + 1);
}

static bool starts(const char *p, const char *end, const char *prefix) {
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && !memcmp(p, prefix, n);
}

/* Thread id -> CPU: "-1" all (-1), "0" any (the current CPU), n = CPU n-1. */
static bool parse_thread(GdbStub *s, const char *p, const char *end, int *idx) {
    if (end - p == 2 && p[0] == '-' && p[1] == '1') {
        *idx = -1;
        return true;
    }
    uint64_t t;
    if (!gdb_parse_hex(&p, end, &t) || p != end)
        return false;
    if (t == 0) {
        *idx = s->cur;
        return true;
    }
    if (t > (uint64_t)s->m->n_cpus)
        return false;
    *idx = (int)t - 1;
    return true;
}

static CPUCommon *sel_cpu(GdbStub *s, int sel) {
    CPUCommon *cpu = cpu_at(s, sel >= 0 ? sel : s->cur);
    return cpu ? cpu : cpu_at(s, 0);
}

/* Copy between buf and guest virtual memory of cpu, page by page, RAM only (device registers
   have side effects). Returns the bytes done before the first failure. */
static size_t mem_access(GdbStub *s, CPUCommon *cpu, uint64_t addr, uint8_t *buf, size_t len,
                         bool write) {
    size_t done = 0;
    while (done < len) {
        uint64_t va = addr + done, pa;
        size_t n = TARGET_PAGE_SIZE - (va & (TARGET_PAGE_SIZE - 1));
        if (n > len - done)
            n = len - done;
        if (!cpu->ops->debug_translate(cpu, va, write, &pa))
            break;
        uint8_t *host = memmap_ram_ptr(&s->m->mem, pa, n);
        if (!host)
            break;
        if (write) {
            memcpy(host, buf + done, n);
            if (s->m->tbc)
                tb_invalidate_phys_range(s->m->tbc, pa, n);
        } else {
            memcpy(buf + done, host, n);
        }
        done += n;
    }
    return done;
}

/* "addr,len" then (for M/X) ':' */
static bool parse_addr_len(const char **p, const char *end, uint64_t *addr, uint64_t *len) {
    if (!gdb_parse_hex(p, end, addr) || *p >= end || **p != ',')
        return false;
    (*p)++;
    return gdb_parse_hex(p, end, len);
}

static void cmd_read_mem(GdbStub *s, const char *p, const char *end, Reply *r) {
    uint64_t addr, len;
    if (!parse_addr_len(&p, end, &addr, &len) || p != end) {
        r_str(r, "E01");
        return;
    }
    static uint8_t buf[GDB_PACKET_MAX / 2];
    if (len > sizeof buf)
        len = sizeof buf;            /* GDB reads the rest with another packet */
    size_t n = mem_access(s, sel_cpu(s, s->g_cpu), addr, buf, len, false);
    if (n == 0 && len > 0)
        r_str(r, "E14");
    else
        r_hex(r, buf, n);
}

static void cmd_write_mem(GdbStub *s, const char *p, const char *end, bool binary, Reply *r) {
    uint64_t addr, len;
    if (!parse_addr_len(&p, end, &addr, &len) || p >= end || *p != ':') {
        r_str(r, "E01");
        return;
    }
    p++;
    static uint8_t buf[GDB_PACKET_MAX];
    size_t have = (size_t)(end - p);
    if (len > sizeof buf) {
        r_str(r, "E01");
        return;
    }
    if (binary) {
        memcpy(buf, p, have);
        long n = gdb_unescape(buf, have);
        if (n < 0 || (uint64_t)n != len) {
            r_str(r, "E01");
            return;
        }
    } else if (have != 2 * len || !gdb_hex_decode(p, len, buf)) {
        r_str(r, "E01");
        return;
    }
    if (len && mem_access(s, sel_cpu(s, s->g_cpu), addr, buf, len, true) != len)
        r_str(r, "E14");
    else
        r_str(r, "OK");
}

static void cmd_read_regs(GdbStub *s, Reply *r) {
    CPUCommon *cpu = sel_cpu(s, s->g_cpu);
    for (int i = 0; i < cpu->ops->gdb_g_regs; i++) {
        uint8_t v[CPU_GDB_REG_MAX];
        int n = cpu->ops->gdb_read_reg(cpu, i, v);
        r_hex(r, v, (size_t)(n < 0 ? -n : n));
    }
}

static void cmd_write_regs(GdbStub *s, const char *p, const char *end, Reply *r) {
    CPUCommon *cpu = sel_cpu(s, s->g_cpu);
    uint8_t v[CPU_GDB_REG_MAX];
    size_t need = 0;
    int n_regs = cpu->ops->gdb_g_regs;
    if (n_regs > GDB_G_REGS_MAX)
        n_regs = GDB_G_REGS_MAX;
    int sizes[GDB_G_REGS_MAX];
    for (int i = 0; i < n_regs; i++) {
        int n = cpu->ops->gdb_read_reg(cpu, i, v);
        sizes[i] = n < 0 ? -n : n;
        need += 2 * (size_t)sizes[i];
    }
    if ((size_t)(end - p) != need) {
        r_str(r, "E01");
        return;
    }
    /* Decode everything first: a bad digit must not leave half the registers written. */
    static uint8_t all[GDB_G_REGS_MAX * CPU_GDB_REG_MAX];
    if (!gdb_hex_decode(p, need / 2, all)) {
        r_str(r, "E01");
        return;
    }
    size_t off = 0;
    for (int i = 0; i < n_regs; i++) {
        cpu->ops->gdb_write_reg(cpu, i, all + off, (size_t)sizes[i]);
        off += (size_t)sizes[i];
    }
    r_str(r, "OK");
}

static void cmd_read_reg(GdbStub *s, const char *p, const char *end, Reply *r) {
    uint64_t regno;
    if (!gdb_parse_hex(&p, end, &regno) || p != end || regno > INT32_MAX) {
        r_str(r, "E01");
        return;
    }
    uint8_t v[CPU_GDB_REG_MAX];
    CPUCommon *cpu = sel_cpu(s, s->g_cpu);
    int n = cpu->ops->gdb_read_reg(cpu, (int)regno, v);
    if (n == 0) {
        r_str(r, "E45");
    } else if (n < 0) {
        for (int i = 0; i < -n; i++)
            r_str(r, "xx");          /* exists but unavailable now */
    } else {
        r_hex(r, v, (size_t)n);
    }
}

static void cmd_write_reg(GdbStub *s, const char *p, const char *end, Reply *r) {
    uint64_t regno;
    if (!gdb_parse_hex(&p, end, &regno) || p >= end || *p != '=' || regno > INT32_MAX) {
        r_str(r, "E01");
        return;
    }
    p++;
    size_t hex = (size_t)(end - p);
    uint8_t v[CPU_GDB_REG_MAX];
    CPUCommon *cpu = sel_cpu(s, s->g_cpu);
    if (hex % 2 || hex / 2 > sizeof v || !gdb_hex_decode(p, hex / 2, v) ||
        !cpu->ops->gdb_write_reg(cpu, (int)regno, v, hex / 2)) {
        r_str(r, "E01");
        return;
    }
    r_str(r, "OK");
}

static void cmd_breakpoint(GdbStub *s, const char *p, const char *end, Reply *r) {
    bool insert = *p == 'Z';
    char type = p[1];
    if (type != '0' && type != '1') {
        return;                      /* watchpoints: unsupported (empty reply) */
    }
    p += 2;
    uint64_t addr, kind;
    if (p >= end || *p != ',') {
        r_str(r, "E01");
        return;
    }
    p++;
    if (!parse_addr_len(&p, end, &addr, &kind)) {
        r_str(r, "E01");
        return;
    }
    /* Conditions and commands (";X...") are GDB's to evaluate: ignore them. */
    if (p != end && *p != ';') {
        r_str(r, "E01");
        return;
    }
    if (insert) {
        if (!bp_add(s, addr)) {
            r_str(r, "E28");
            return;
        }
    } else {
        bp_remove(s, addr);
    }
    r_str(r, "OK");
}

/* c[addr], s[addr]: the Hc CPU gets the new pc; s steps it. */
static long cmd_resume(GdbStub *s, const char *p, const char *end, bool step, Reply *r) {
    int h = s->c_cpu >= 0 ? s->c_cpu : s->cur;
    if (p != end) {
        uint64_t addr;
        CPUCommon *cpu = cpu_at(s, h);
        if (!gdb_parse_hex(&p, end, &addr) || p != end || !cpu) {
            r_str(r, "E01");
            return (long)r->len;
        }
        cpu->pc = addr;
    }
    resume(s, step ? 1u << h : 0);
    return -1;
}

/* vCont;action[:thread]... : the leftmost action naming a CPU applies to it. */
static long cmd_vcont(GdbStub *s, const char *p, const char *end, Reply *r) {
    int n = s->m->n_cpus;
    char act[MACHINE_MAX_CPUS] = {0};
    while (p < end) {
        if (*p != ';') {
            r_str(r, "E01");
            return (long)r->len;
        }
        p++;
        const char *a = p;
        while (p < end && *p != ';')
            p++;
        const char *colon = memchr(a, ':', (size_t)(p - a));
        const char *aend = colon ? colon : p;
        char kind = a < aend ? *a : 0;
        if (kind == 'C' || kind == 'S') {
            uint64_t sig;
            const char *q = a + 1;
            if (!gdb_parse_hex(&q, aend, &sig) || q != aend) {
                r_str(r, "E01");
                return (long)r->len;
            }
            kind = kind == 'C' ? 'c' : 's';  /* no signals to deliver on bare hardware */
        } else if ((kind != 'c' && kind != 's' && kind != 't') || aend != a + 1) {
            r_str(r, "E01");
            return (long)r->len;
        }
        int h = -1;
        if (colon && !parse_thread(s, colon + 1, p, &h)) {
            r_str(r, "E01");
            return (long)r->len;
        }
        for (int i = 0; i < n && i < MACHINE_MAX_CPUS; i++)
            if (!act[i] && (h < 0 || h == i))
                act[i] = kind;
    }
    unsigned step = 0;
    for (int i = 0; i < n && i < MACHINE_MAX_CPUS; i++)
        if (act[i] == 's')
            step |= 1u << i;
    /* All-stop on one CPU thread: CPUs without an action (or 't') run too. */
    resume(s, step);
    return -1;
}

static void cmd_xfer_features(GdbStub *s, const char *p, const char *end, Reply *r) {
    /* annex:offset,length */
    const char *colon = memchr(p, ':', (size_t)(end - p));
    char annex[64];
    if (!colon || (size_t)(colon - p) >= sizeof annex) {
        r_str(r, "E00");
        return;
    }
    memcpy(annex, p, (size_t)(colon - p));
    annex[colon - p] = 0;
    p = colon + 1;
    uint64_t off, len;
    if (!parse_addr_len(&p, end, &off, &len) || p != end) {
        r_str(r, "E00");
        return;
    }
    size_t doc_len;
    CPUCommon *cpu0 = cpu_at(s, 0);
    const char *doc = cpu0 ? cpu0->ops->gdb_xml(annex, &doc_len) : NULL;
    if (!doc) {
        r_str(r, "E00");
        return;
    }
    if (off >= doc_len) {
        r_str(r, "l");
        return;
    }
    size_t want = doc_len - off;
    if (want > len)
        want = len;
    size_t room = r->cap - r->len - 1, used;
    size_t took = gdb_escape((const uint8_t *)doc + off, want, r->p + r->len + 1, room, &used);
    r->p[r->len] = off + took >= doc_len ? 'l' : 'm';
    r->len += 1 + used;
}

static void cmd_thread_extra(GdbStub *s, const char *p, const char *end, Reply *r) {
    int h;
    if (!parse_thread(s, p, end, &h) || h < 0) {
        r_str(r, "E01");
        return;
    }
    CPUCommon *cpu = cpu_at(s, h);
    if (!cpu) {
        r_str(r, "E01");
        return;
    }
    char text[64];
    cpu->ops->describe(cpu, text, sizeof text);
    r_hex(r, (const uint8_t *)text, strlen(text));
}

static long handle_query(GdbStub *s, const char *p, const char *end, Reply *r) {
    if (starts(p, end, "qSupported")) {
        r_printf(r, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+",
                 GDB_PACKET_MAX);
    } else if (starts(p, end, "qXfer:features:read:")) {
        cmd_xfer_features(s, p + 20, end, r);
    } else if (starts(p, end, "qAttached")) {
        r_str(r, "1");
    } else if (end - p == 2 && starts(p, end, "qC")) {
        r_printf(r, "QC%x", s->cur + 1);
    } else if (starts(p, end, "qfThreadInfo")) {
        r_str(r, "m");
        for (int i = 0; i < s->m->n_cpus; i++)
            r_printf(r, i ? ",%x" : "%x", i + 1);
    } else if (starts(p, end, "qsThreadInfo")) {
        r_str(r, "l");
    } else if (starts(p, end, "qThreadExtraInfo,")) {
        cmd_thread_extra(s, p + 17, end, r);
    } else if (starts(p, end, "qSymbol:")) {
        r_str(r, "OK");
    } else if (starts(p, end, "QStartNoAckMode")) {
        r_str(r, "OK");
        s->no_ack = true;            /* takes effect after this reply's ack */
    }
    return (long)r->len;             /* anything else: empty = unsupported */
}

long gdbstub_handle_packet(GdbStub *s, const uint8_t *pkt, size_t len, uint8_t *out,
                           size_t cap) {
    Reply r = {out, 0, cap};
    const char *p = (const char *)pkt, *end = p + len;
    if (len == 0)
        return 0;
    switch (*p) {
    case '?':
        r_stop(s, &r);
        break;
    case 'q':
    case 'Q':
        return handle_query(s, p, end, &r);
    case 'H': {
        int h;
        if (len < 2 || (p[1] != 'g' && p[1] != 'c') || !parse_thread(s, p + 2, end, &h)) {
            r_str(&r, "E01");
            break;
        }
        if (p[1] == 'g')
            s->g_cpu = h;
        else
            s->c_cpu = h;
        r_str(&r, "OK");
        break;
    }
    case 'T': {
        int h;
        r_str(&r, parse_thread(s, p + 1, end, &h) && h >= 0 ? "OK" : "E01");
        break;
    }
    case 'g':
        cmd_read_regs(s, &r);
        break;
    case 'G':
        cmd_write_regs(s, p + 1, end, &r);
        break;
    case 'p':
        cmd_read_reg(s, p + 1, end, &r);
        break;
    case 'P':
        cmd_write_reg(s, p + 1, end, &r);
        break;
    case 'm':
        cmd_read_mem(s, p + 1, end, &r);
        break;
    case 'M':
        cmd_write_mem(s, p + 1, end, false, &r);
        break;
    case 'X':
        cmd_write_mem(s, p + 1, end, true, &r);
        break;
    case 'Z':
    case 'z':
        if (len < 2)
            r_str(&r, "E01");
        else
            cmd_breakpoint(s, p, end, &r);
        break;
    case 'c':
        return cmd_resume(s, p + 1, end, false, &r);
    case 's':
        return cmd_resume(s, p + 1, end, true, &r);
    case 'v':
        if (starts(p, end, "vCont?")) {
            r_str(&r, "vCont;c;C;s;S");
        } else if (starts(p, end, "vCont;")) {
            return cmd_vcont(s, p + 5, end, &r);
        } else if (starts(p, end, "vKill")) {
            machine_request_shutdown(s->m, 0, SHUTDOWN_HOST_UI);
            r_str(&r, "OK");
        }
        break;                       /* vMustReplyEmpty and the rest: empty */
    case 'D':
        clear_debug_state(s);
        r_str(&r, "OK");
        break;
    case 'k':
        machine_request_shutdown(s->m, 0, SHUTDOWN_HOST_UI);
        return -1;
    default:
        break;
    }
    return (long)r.len;
}

/* ---- the connection ---- */

static bool send_all(GdbStub *s, const uint8_t *data, size_t len) {
    while (len) {
        ssize_t n = send(s->client_fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

static bool send_packet(GdbStub *s, const uint8_t *payload, size_t len) {
    s->frame_len = gdb_frame(payload, len, s->frame, sizeof s->frame);
    return s->frame_len && send_all(s, s->frame, s->frame_len);
}

static bool send_str(GdbStub *s, const char *str) {
    return send_packet(s, (const uint8_t *)str, strlen(str));
}

/* The CPU thread parked while GDB waited: tell it why. */
static bool report_stop(GdbStub *s) {
    pthread_mutex_lock(&s->lock);
    s->cur = s->park_cpu >= 0 && s->park_cpu < s->m->n_cpus ? s->park_cpu : 0;
    s->last_sig = s->park_sig;
    pthread_mutex_unlock(&s->lock);
    s->g_cpu = s->c_cpu = s->cur;
    s->running = false;
    s->resumed = -1;
    for (int i = 0; i < MACHINE_MAX_CPUS; i++)
        s->cpus[i].step = STEP_NONE;
    Reply r = {s->reply, 0, sizeof s->reply - 1};
    r_stop(s, &r);
    return send_packet(s, r.p, r.len);
}

static bool machine_exited(GdbStub *s, int *code) {
    if (!exiting(s->m) || !__atomic_load_n(&s->m->shutdown, __ATOMIC_ACQUIRE))
        return false;
    *code = s->m->exit_code;
    return true;
}

/* Returns false when the session is over. */
static bool on_byte(GdbStub *s, uint8_t c) {
    switch (gdb_rx_byte(&s->rx, c)) {
    case GDB_RX_NONE:
    case GDB_RX_ACK:
        return true;
    case GDB_RX_NAK:
        return s->no_ack || !s->frame_len || send_all(s, s->frame, s->frame_len);
    case GDB_RX_INTERRUPT:
        if (s->running) {
            stop_guest(s);
            if (exiting(s->m))
                return true;         /* the exit is reported by the session loop */
            return report_stop(s);
        }
        return true;
    case GDB_RX_BAD_CHECKSUM:
        return s->no_ack || send_all(s, (const uint8_t *)"-", 1);
    case GDB_RX_TOO_LONG:
        if (!s->no_ack && !send_all(s, (const uint8_t *)"+", 1))
            return false;
        return send_str(s, "E01");
    case GDB_RX_PACKET:
        break;
    }
    if (!s->no_ack && !send_all(s, (const uint8_t *)"+", 1))
        return false;
    if (s->running)
        return send_str(s, "E01");   /* all-stop: only Ctrl-C while the guest runs */
    char cmd = (char)s->rx.buf[0];
    long n = gdbstub_handle_packet(s, s->rx.buf, s->rx.len, s->reply, sizeof s->reply - 1);
    if (n >= 0 && !send_packet(s, s->reply, (size_t)n))
        return false;
    if (cmd == 'k' || cmd == 'D')
        return false;
    return true;
}

static void session(GdbStub *s) {
    Machine *m = s->m;
    gdb_rx_init(&s->rx);
    s->no_ack = false;
    s->frame_len = 0;
    s->g_cpu = s->c_cpu = -1;
    s->resumed = -1;
    /* QEMU stops the machine when a debugger connects. */
    pthread_mutex_lock(&s->lock);
    __atomic_store_n(&s->stop_req, true, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&s->lock);
    install_hook(s);
    stop_guest(s);
    s->running = false;
    s->cur = s->park_cpu >= 0 && s->park_cpu < m->n_cpus ? s->park_cpu : 0;
    s->last_sig = GDB_SIGTRAP;
    s->n_covered = 0;

    static uint8_t in[4096];
    bool alive = true;
    while (alive) {
        int code;
        if (machine_exited(s, &code)) {
            if (s->running) {
                char w[8];
                snprintf(w, sizeof w, "W%02x", code & 0xff);
                send_str(s, w);
            }
            break;
        }
        if (s->quit)
            break;
        struct pollfd pf[2] = {{.fd = s->client_fd, .events = POLLIN},
                               {.fd = s->wake[0], .events = POLLIN}};
        int r = poll(pf, 2, GDB_POLL_MS);
        if (r < 0 && errno != EINTR)
            break;
        if (pf[1].revents & POLLIN) {
            char drain[64];
            while (read(s->wake[0], drain, sizeof drain) > 0) {
            }
        }
        pthread_mutex_lock(&s->lock);
        bool stopped = s->running && s->parked;
        pthread_mutex_unlock(&s->lock);
        if (stopped && !exiting(m) && !report_stop(s))
            break;
        if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = recv(s->client_fd, in, sizeof in, 0);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0)
                break;
            for (ssize_t i = 0; i < n && alive; i++)
                alive = on_byte(s, in[i]);
        }
    }
    /* Gone (detach, kill, disconnect): the machine runs on without a debugger. */
    if (!exiting(m))
        stop_guest(s);
    clear_debug_state(s);
    remove_hook(s);
    s->running = false;
    release_guest(s);
}

static void *stub_thread(void *arg) {
    GdbStub *s = arg;
    while (!s->quit && !exiting(s->m)) {
        struct pollfd pf = {.fd = s->listen_fd, .events = POLLIN};
        int r = poll(&pf, 1, GDB_POLL_MS);
        if (r <= 0 || !(pf.revents & POLLIN))
            continue;
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        s->client_fd = fd;
        session(s);
        close(fd);
        s->client_fd = -1;
    }
    return NULL;
}

/* ---- life cycle ---- */

GdbStub *gdbstub_new(Machine *m) {
    GdbStub *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->m = m;
    s->listen_fd = s->client_fd = -1;
    s->wake[0] = s->wake[1] = -1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    s->park_cpu = 0;
    s->last_sig = GDB_SIGTRAP;
    s->g_cpu = s->c_cpu = -1;
    s->resumed = -1;
    save_base_flags(s);
    return s;
}

void gdbstub_free(GdbStub *s) {
    if (!s)
        return;
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cond);
    free(s);
}

long gdbstub_test_resumed(const GdbStub *s) {
    return s->resumed;
}

/* "tcp::1234", "tcp:HOST:PORT", ":PORT", "PORT" (options after ',' are ignored). */
static bool parse_spec(const char *spec, char *host, size_t hn, char *port, size_t pn) {
    if (!strncmp(spec, "tcp:", 4))
        spec += 4;
    const char *comma = strchr(spec, ',');
    size_t len = comma ? (size_t)(comma - spec) : strlen(spec);
    const char *colon = memrchr(spec, ':', len);
    const char *h = spec, *pt = colon ? colon + 1 : spec;
    size_t hl = colon ? (size_t)(colon - spec) : 0, pl = len - (size_t)(pt - spec);
    if (hl >= hn || pl == 0 || pl >= pn)
        return false;
    for (size_t i = 0; i < pl; i++)
        if (pt[i] < '0' || pt[i] > '9')
            return false;
    memcpy(host, h, hl);
    host[hl] = 0;
    memcpy(port, pt, pl);
    port[pl] = 0;
    return atoi(port) <= 65535;
}

static int listen_on(const char *host, const char *port) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE}, *res;
    if (getaddrinfo(*host ? host : NULL, port, &hints, &res) != 0)
        return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static int bound_port(int fd) {
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

bool gdbstub_start(Machine *m, const char *spec, bool wait_for_attach) {
    if (!strcmp(spec, "none"))
        return true;
    if (the_stub) {
        fprintf(stderr, "tern: only one gdb server is supported\n");
        return false;
    }
    char host[256], port[16];
    if (!parse_spec(spec, host, sizeof host, port, sizeof port)) {
        fprintf(stderr, "tern: -gdb %s: expected tcp::PORT or tcp:HOST:PORT\n", spec);
        return false;
    }
    int fd = listen_on(host, port);
    if (fd < 0) {
        fprintf(stderr, "tern: -gdb %s: cannot listen: %s\n", spec, strerror(errno));
        return false;
    }
    GdbStub *s = gdbstub_new(m);
    if (!s || pipe2(s->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        fprintf(stderr, "tern: gdb server: out of resources\n");
        close(fd);
        gdbstub_free(s);
        return false;
    }
    s->listen_fd = fd;
    if (!strcmp(port, "0"))
        fprintf(stderr, "tern: gdb server listening on port %d\n", bound_port(fd));
    if (wait_for_attach) {
        /* -S: park before the first instruction; the debugger's continue releases it. */
        __atomic_store_n(&s->stop_req, true, __ATOMIC_RELEASE);
        install_hook(s);
    }
    s->have_thread = true;
    if (pthread_create(&s->thread, NULL, stub_thread, s) != 0) {
        fprintf(stderr, "tern: cannot start the gdb server thread\n");
        remove_hook(s);
        close(fd);
        close(s->wake[0]);
        close(s->wake[1]);
        gdbstub_free(s);
        return false;
    }
    the_stub = s;
    return true;
}

void gdbstub_stop(Machine *m) {
    GdbStub *s = the_stub;
    if (!s || s->m != m)
        return;
    s->quit = 1;
    wake_stub(s);
    pthread_join(s->thread, NULL);
    /* Still parked with -S and nobody ever attached: let the CPUs go. */
    remove_hook(s);
    release_guest(s);
    close(s->listen_fd);
    close(s->wake[0]);
    close(s->wake[1]);
    the_stub = NULL;
    gdbstub_free(s);
}
