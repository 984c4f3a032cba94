/* SPDX-License-Identifier: MIT */
/* The execution loop of one CPU: look up (or translate) the block at pc, chain it to the block
   that just exited, run translated code until it leaves, take interrupts and exceptions at
   block boundaries, and sleep in WFI until a timer deadline or a kick. A timer thread turns
   host deadlines (guest timer compares) into kicks, so running code never polls a clock. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "backend.h"
#include "cpu_debug.h"
#include "exclusive.h"
#include "guest.h"
#include "system/log.h"
#include "system/machine.h"
#include "tb.h"

/* One lock and condition for kicks and timers: contention is negligible (they are rare). */
static pthread_mutex_t ev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ev_cond;          /* signalled on kicks: wakes halted CPUs */
static pthread_cond_t timer_cond;       /* signalled when a deadline changes */
static pthread_once_t ev_once = PTHREAD_ONCE_INIT;
#define MAX_TIMED_CPUS 64
static CPUCommon *timed_cpus[MAX_TIMED_CPUS];
static int n_timed_cpus;

static void make_cond(pthread_cond_t *c) {
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(c, &a);
    pthread_condattr_destroy(&a);
}

static struct timespec ts_of(uint64_t ns) {
    return (struct timespec){.tv_sec = (time_t)(ns / 1000000000ull),
                             .tv_nsec = (long)(ns % 1000000000ull)};
}

static void kick_locked(CPUCommon *env) {
    __atomic_store_n(&env->exit_request, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&ev_cond);
}

static void *timer_thread(void *arg) {
    (void)arg;
    pthread_mutex_lock(&ev_lock);
    for (;;) {
        uint64_t now = host_clock_ns(), next = UINT64_MAX;
        for (int i = 0; i < n_timed_cpus; i++) {
            CPUCommon *env = timed_cpus[i];
            for (int s = 0; s < CPU_TIMER_SLOTS; s++) {
                uint64_t d = env->timer_deadline[s];
                if (d <= now) {
                    env->timer_deadline[s] = UINT64_MAX;
                    kick_locked(env);
                } else if (d < next) {
                    next = d;
                }
            }
        }
        if (next == UINT64_MAX) {
            pthread_cond_wait(&timer_cond, &ev_lock);
        } else {
            struct timespec ts = ts_of(next);
            pthread_cond_timedwait(&timer_cond, &ev_lock, &ts);
        }
    }
    return NULL;
}

static void ev_init(void) {
    make_cond(&ev_cond);
    make_cond(&timer_cond);
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, timer_thread, NULL) != 0) {
        fprintf(stderr, "tern: cannot start the timer thread\n");
        exit(1);
    }
    pthread_attr_destroy(&a);
}

void cpu_kick(CPUCommon *env) {
    pthread_once(&ev_once, ev_init);
    pthread_mutex_lock(&ev_lock);
    kick_locked(env);
    pthread_mutex_unlock(&ev_lock);
}

void cpu_set_timer(CPUCommon *env, int slot, uint64_t deadline_ns) {
    pthread_once(&ev_once, ev_init);
    pthread_mutex_lock(&ev_lock);
    bool known = false;
    for (int i = 0; i < n_timed_cpus; i++)
        known |= timed_cpus[i] == env;
    if (!known && n_timed_cpus < MAX_TIMED_CPUS)
        timed_cpus[n_timed_cpus++] = env;
    env->timer_deadline[slot] = deadline_ns;
    pthread_cond_signal(&timer_cond);
    pthread_mutex_unlock(&ev_lock);
}

CpuDebugHook cpu_debug_hook;

void cpu_forget(CPUCommon *env) {
    pthread_once(&ev_once, ev_init);
    pthread_mutex_lock(&ev_lock);
    for (int i = 0; i < n_timed_cpus; i++)
        if (timed_cpus[i] == env)
            timed_cpus[i--] = timed_cpus[--n_timed_cpus];
    pthread_mutex_unlock(&ev_lock);
}

_Noreturn void cpu_loop_exit(CPUCommon *env) {
    env->last_tb = NULL;
    siglongjmp(env->jmpbuf, 1);
}

static uint64_t next_deadline(CPUCommon *env) {
    uint64_t d = UINT64_MAX;
    for (int s = 0; s < CPU_TIMER_SLOTS; s++)
        if (env->timer_deadline[s] < d)
            d = env->timer_deadline[s];
    return d;
}

/* WFI: sleep until an interrupt is pending (enabled or not), a kick, or the machine stops. */
static void wait_for_work(CPUCommon *env, Machine *m) {
    for (;;) {
        env->ops->handle_interrupt(env);     /* refresh timer-driven pending bits */
        if (env->ops->has_work(env) || machine_should_stop(m)) {
            env->halted = 0;
            return;
        }
        if (m->paused)
            return;                      /* the loop sleeps in wait_while_paused */
        machine_poll(m);
        cpu_exec_end(env);                  /* asleep: exclusive sections need not wait */
        pthread_mutex_lock(&ev_lock);
        if (!__atomic_load_n(&env->exit_request, __ATOMIC_SEQ_CST)) {
            uint64_t d = next_deadline(env);
            if (d == UINT64_MAX) {
                pthread_cond_wait(&ev_cond, &ev_lock);
            } else {
                struct timespec ts = ts_of(d);
                pthread_cond_timedwait(&ev_cond, &ev_lock, &ts);
            }
        }
        __atomic_store_n(&env->exit_request, 0, __ATOMIC_SEQ_CST);
        pthread_mutex_unlock(&ev_lock);
        cpu_exec_start(env);
    }
}

/* Monitor `stop`: sleep until `cont` (machine_resume kicks) or the machine stops. */
static void wait_while_paused(CPUCommon *env, Machine *m) {
    env->last_tb = NULL;
    cpu_exec_end(env);
    pthread_mutex_lock(&ev_lock);
    while (m->paused && !machine_should_stop(m))
        pthread_cond_wait(&ev_cond, &ev_lock);
    pthread_mutex_unlock(&ev_lock);
    cpu_exec_start(env);
}

/* Several harts on one thread take turns of SLICE_INSNS guest instructions each (blocks leave
   at entry once insn_count reaches slice_end; Backend.slice_checks). Counted in instructions,
   not host time, because guest software may rely on the harts advancing at comparable rates:
   a hart that pauses for a while in the middle of a short sequence lets another run far ahead
   meanwhile, which real harts never do. With a time slice, a pause was whatever the host did
   during the turn (translating the sequence's new blocks, being descheduled), so it landed on
   exactly such sequences when they ran for the first time. OpenSBI 1.1's hart start is one:
   it marks the hart START_PENDING before it writes the start address, and the woken hart
   (busy-polling, about 5000 instructions from the read of that state to the read of the
   address) jumped to the stale default address, the kernel entry, about one boot in twenty
   (tests/isa/smp/skew.S checks the bound). SLICE_INSNS keeps the lead one hart can take over
   another below that, at a few percent of switching cost. */
#define SLICE_INSNS 1000
/* A turn also ends after this many passes of the loop that retired nothing (a hart taking an
   instruction fault at its own trap vector forever must not stall the others). */
#define SLICE_IDLE_PASSES 64

/* The loop proper. With sliced set (several harts on one thread) it returns when the hart's
   turn is over (env->slice_end) or it halts in WFI, instead of sleeping. */
static void exec_loop(CPUCommon *env, bool sliced) {
    Machine *m = env->machine;
    Backend *be = m->be;
    volatile unsigned idle = 0;   /* loop passes without a retired instruction */
    volatile uint64_t seen = env->insn_count;
    if (sigsetjmp(env->jmpbuf, 0)) {
        /* A guest exception (or cpu_loop_exit) unwound translated code or a helper. */
        tb_lock_reset();
        env->last_tb = NULL;
        env->stats.exceptions++;
    }
    while (!machine_should_stop(m)) {
        if (sliced) {
            if (env->insn_count >= env->slice_end)
                return;
            idle = env->insn_count == seen ? idle + 1 : 0;
            seen = env->insn_count;
            if (idle > SLICE_IDLE_PASSES)
                return;
        }
        if (cpu_debug_call(env, CPU_DEBUG_LOOP))
            continue;
        if (m->paused) {
            wait_while_paused(env, m);
            continue;
        }
        if (__atomic_load_n(&env->exit_request, __ATOMIC_RELAXED)) {
            __atomic_store_n(&env->exit_request, 0, __ATOMIC_SEQ_CST);
            machine_poll(m);
            if (m->paused)
                continue;
            if (!cpu_debug_call(env, CPU_DEBUG_IRQ) && env->ops->handle_interrupt(env)) {
                env->last_tb = NULL;
                env->stats.interrupts++;
                env->halted = 0;
            }
            cpu_exec_safe_point(env);   /* a kick may be another CPU's exclusive request */
            continue;
        }
        if (env->halted) {
            env->last_tb = NULL;
            if (sliced) {
                env->ops->handle_interrupt(env);
                if (!env->ops->has_work(env))
                    return;
                env->halted = 0;
                continue;
            }
            wait_for_work(env, m);
            continue;
        }
        if (cpu_debug_call(env, CPU_DEBUG_EXEC))
            continue;
        TB *tb = tb_lookup(env);
        cpu_debug_call(env, CPU_DEBUG_TB);
        if (env->last_tb)
            tb_try_chain(env, env->last_tb, env->last_slot, tb);
        if (log_enabled(LOG_EXEC)) {
            tern_log("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "]\n", env->cpu_index,
                     (void *)tb, tb->ppc, tb->vpc);
            if (log_enabled(LOG_CPU))
                env->ops->dump_state(env, tern_log_file ? tern_log_file : stderr);
        }
        uintptr_t r = be->exec(be, env, tb);
        env->stats.exits++;
        int slot = (int)(r & TB_EXIT_MASK);
        if (slot == TB_EXIT_NOCHAIN) {
            env->last_tb = NULL;
            env->stats.exits_nochain++;
        } else {
            env->last_tb = (TB *)(r & ~(uintptr_t)TB_EXIT_MASK);
            env->last_slot = slot;
        }
    }
}

void cpu_exec(CPUCommon *env) {
    pthread_once(&ev_once, ev_init);
    cpu_exec_start(env);
    exec_loop(env, false);
    cpu_exec_end(env);
}

static void *cpu_thread(void *arg) {
    cpu_exec(arg);
    return NULL;
}

void cpu_exec_threads(Machine *m) {
    pthread_once(&ev_once, ev_init);
    pthread_t t[MACHINE_MAX_CPUS];
    int n = 0;
    for (int i = 0; i < m->n_cpus; i++) {
        if (pthread_create(&t[n], NULL, cpu_thread, m->cpus[i]) != 0) {
            fprintf(stderr, "tern: cannot start the thread of cpu %d\n", i);
            machine_request_exit(m, 1);
            break;
        }
        n++;
    }
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
}

void cpu_exec_multi(Machine *m) {
    pthread_once(&ev_once, ev_init);
    if (m->n_cpus == 1) {
        exec_loop(m->cpus[0], false);
        return;
    }
    while (!machine_should_stop(m)) {
        bool ran = false;
        for (int i = 0; i < m->n_cpus && !machine_should_stop(m); i++) {
            CPUCommon *env = m->cpus[i];
            if (env->halted) {
                /* Turns are short: look (refresh the timer bits, take an interrupt) only
                   when the hart was kicked, as every new pending interrupt does. */
                if (!__atomic_load_n(&env->exit_request, __ATOMIC_ACQUIRE))
                    continue;
                __atomic_store_n(&env->exit_request, 0, __ATOMIC_SEQ_CST);
                env->ops->handle_interrupt(env);
                if (!env->ops->has_work(env))
                    continue;
                env->halted = 0;
            }
            ran = true;
            env->slice_end = env->insn_count + SLICE_INSNS;
            exec_loop(env, true);
        }
        if (ran || machine_should_stop(m))
            continue;
        /* Every CPU waits for an interrupt: sleep until a kick or the next deadline. */
        machine_poll(m);
        uint64_t d = UINT64_MAX;
        bool kicked = false;
        pthread_mutex_lock(&ev_lock);
        for (int i = 0; i < m->n_cpus; i++) {
            uint64_t di = next_deadline(m->cpus[i]);
            d = di < d ? di : d;
            kicked |= __atomic_load_n(&m->cpus[i]->exit_request, __ATOMIC_SEQ_CST) != 0;
        }
        if (!kicked && !m->paused) {
            if (d == UINT64_MAX) {
                pthread_cond_wait(&ev_cond, &ev_lock);
            } else {
                struct timespec ts = ts_of(d);
                pthread_cond_timedwait(&ev_cond, &ev_lock, &ts);
            }
        }
        /* The kicks stay set: the next round looks at the kicked harts. */
        pthread_mutex_unlock(&ev_lock);
        if (cpu_debug_call(m->cpus[0], CPU_DEBUG_LOOP))
            continue;
        if (m->paused)
            wait_while_paused(m->cpus[0], m);
    }
}
