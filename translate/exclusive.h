/* SPDX-License-Identifier: MIT */
/* Exclusive work with every CPU thread stopped at a safe point (QEMU's start_exclusive /
   cpu_exec_start, cpus-common.c), for -accel tcg,thread=multi: a full flush of the code
   buffer must not pull code from under a CPU running it. A CPU is "running" from
   cpu_exec_start to cpu_exec_end; the loop leaves that state when it sleeps (WFI, paused) and
   passes a safe point whenever it handles a kick. With one host thread (thread=single) no
   other thread runs guest code and all of this is a no-op. */
#ifndef TERN_EXCLUSIVE_H
#define TERN_EXCLUSIVE_H

#include <stdbool.h>

#include "guest.h"

struct Machine;

/* Turn the mechanism on for m's CPUs (before their threads start). */
void exclusive_enable(struct Machine *m);
bool exclusive_enabled(void);
void cpu_exec_start(CPUCommon *env);
void cpu_exec_end(CPUCommon *env);
/* Called by a running CPU at a safe point (it holds no lock): wait there while another CPU's
   exclusive section runs. */
void cpu_exec_safe_point(CPUCommon *env);
/* Run fn(arg) with every other CPU stopped. env is the calling CPU (running), or NULL from a
   thread that runs no CPU. */
void cpu_run_exclusive(CPUCommon *env, void (*fn)(void *), void *arg);

#endif
