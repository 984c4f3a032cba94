/* SPDX-License-Identifier: MIT */
/* The execution loop's debugger hook (exec.c): while a debugger (system/gdbstub.c) is
   attached, the loop calls it at four points of each iteration. NULL otherwise, so the loop
   pays one predictable branch per block. */
#ifndef TERN_CPU_DEBUG_H
#define TERN_CPU_DEBUG_H

#include <stdbool.h>

#include "guest.h"

enum {
    CPU_DEBUG_LOOP,   /* top of each iteration (also while every CPU waits in WFI). True: the
                         hook stopped the CPU and it was resumed; re-run the iteration. */
    CPU_DEBUG_IRQ,    /* a kick is being handled. True: do not take interrupts now. */
    CPU_DEBUG_EXEC,   /* about to look up and run the block at env->pc (not halted). True:
                         the hook stopped the CPU and it was resumed; re-run the iteration. */
    CPU_DEBUG_TB,     /* the block at env->pc was looked up (and entered the jump cache);
                         it runs next. The result is ignored. */
};

typedef bool (*CpuDebugHook)(CPUCommon *env, int where);
extern CpuDebugHook cpu_debug_hook;

static inline bool cpu_debug_call(CPUCommon *env, int where) {
    CpuDebugHook h = __atomic_load_n(&cpu_debug_hook, __ATOMIC_ACQUIRE);
    return __builtin_expect(h != NULL, 0) && h(env, where);
}

#endif
