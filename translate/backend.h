/* SPDX-License-Identifier: MIT */
/* A backend turns a block's IR into something runnable and runs it: the x86-64 JIT
   (translate/x86_64/) or the portable IR interpreter (translate/interp.c). */
#ifndef TERN_BACKEND_H
#define TERN_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "ir.h"
#include "tb.h"

typedef struct Backend Backend;
struct Backend {
    const char *name;
    /* Prepare tb (already keyed, with valid=1) from its optimized IR. Returns false when the
       code buffer is full: the caller flushes every TB (be->flush) and translates again. */
    bool (*gen)(Backend *be, TB *tb, IrBlock *ir);
    /* Run from tb until a block leaves to the loop. Blocks check env->exit_request (and with
       slice_checks the slice end) on entry.
       Returns the TB that left ORed with TB_EXIT_*; env->pc holds the next guest pc.
       Guest exceptions leave through cpu_loop_exit (siglongjmp) instead. */
    uintptr_t (*exec)(Backend *be, CPUCommon *env, TB *tb);
    /* Patch from's slot to jump straight into to; undo it. */
    void (*chain)(Backend *be, TB *from, int slot, TB *to);
    void (*unchain)(Backend *be, TB *from, int slot);
    /* Forget all generated code (all TBs are being dropped). */
    void (*flush)(Backend *be);
    /* Release what gen attached to one TB (interpreter: its IR copy); may be NULL. */
    void (*tb_free)(Backend *be, TB *tb);
    void (*destroy)(Backend *be);
    /* Trace hook: print the host code of tb (-d out_asm); may be NULL. */
    void (*dump_code)(Backend *be, TB *tb, FILE *f);
    /* Set before anything is translated when several harts share the thread: blocks then
       also leave on entry once env->insn_count reaches env->slice_end (the hart's turn is
       over; see cpu_exec_multi). */
    bool slice_checks;
};

Backend *backend_interp_create(void);
/* code_bytes: size of the executable code buffer. NULL if the host cannot run it. */
Backend *backend_x86_create(size_t code_bytes);

#endif
