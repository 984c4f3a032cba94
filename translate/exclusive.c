/* SPDX-License-Identifier: MIT */
/* Stop-the-world sections for thread=multi (exclusive.h), after QEMU's cpus-common.c: the
   requester marks the section pending, counts and kicks the CPUs that are running, and waits
   until each has passed cpu_exec_end; CPUs entering cpu_exec_start meanwhile wait until it is
   over. The fast paths are one atomic store, a fence and a load. */
#include "exclusive.h"

#include <pthread.h>

#include "system/machine.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond_done = PTHREAD_COND_INITIALIZER;   /* a counted CPU stopped */
static pthread_cond_t cond_resume = PTHREAD_COND_INITIALIZER; /* the section is over */
static int pending;            /* 0: none; else 1 + CPUs still to stop (atomic reads) */
static bool enabled;
static Machine *machine;

void exclusive_enable(Machine *m) {
    machine = m;
    enabled = true;
}

bool exclusive_enabled(void) { return enabled; }

static void wait_idle(void) {          /* under lock */
    while (pending)
        pthread_cond_wait(&cond_resume, &lock);
}

void cpu_exec_start(CPUCommon *env) {
    if (!enabled)
        return;
    __atomic_store_n(&env->running, 1, __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&pending, __ATOMIC_SEQ_CST) != 0, 0)) {
        pthread_mutex_lock(&lock);
        if (!env->has_waiter) {
            /* Not counted by the section: stay out of its way until it ends. */
            __atomic_store_n(&env->running, 0, __ATOMIC_SEQ_CST);
            wait_idle();
            __atomic_store_n(&env->running, 1, __ATOMIC_SEQ_CST);
        }
        pthread_mutex_unlock(&lock);
    }
}

void cpu_exec_end(CPUCommon *env) {
    if (!enabled)
        return;
    __atomic_store_n(&env->running, 0, __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&pending, __ATOMIC_SEQ_CST) != 0, 0)) {
        pthread_mutex_lock(&lock);
        if (env->has_waiter) {
            env->has_waiter = false;
            if (--pending == 1)
                pthread_cond_signal(&cond_done);
        }
        pthread_mutex_unlock(&lock);
    }
}

void cpu_exec_safe_point(CPUCommon *env) {
    if (enabled && __atomic_load_n(&pending, __ATOMIC_SEQ_CST)) {
        cpu_exec_end(env);
        cpu_exec_start(env);
    }
}

void cpu_run_exclusive(CPUCommon *env, void (*fn)(void *), void *arg) {
    if (!enabled) {
        fn(arg);
        return;
    }
    if (env)
        cpu_exec_end(env);
    pthread_mutex_lock(&lock);
    wait_idle();
    __atomic_store_n(&pending, 1, __ATOMIC_SEQ_CST);
    int n = 0;
    for (int i = 0; i < machine->n_cpus; i++) {
        CPUCommon *o = machine->cpus[i];
        if (__atomic_load_n(&o->running, __ATOMIC_SEQ_CST)) {
            o->has_waiter = true;
            n++;
            cpu_kick(o);
        }
    }
    __atomic_store_n(&pending, n + 1, __ATOMIC_SEQ_CST);
    while (pending > 1)
        pthread_cond_wait(&cond_done, &lock);
    pthread_mutex_unlock(&lock);
    fn(arg);
    pthread_mutex_lock(&lock);
    __atomic_store_n(&pending, 0, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&cond_resume);
    pthread_mutex_unlock(&lock);
    if (env)
        cpu_exec_start(env);
}
