/* SPDX-License-Identifier: MIT */
/* Shared state of the x86-64 JIT backend's files: the backend object (code buffer, trampoline,
   host CPU features), the per-block code generator state and the local register allocator.
   Host conventions: System V AMD64 ABI; rbp = env for the whole time generated code runs. */
#ifndef TERN_X86_INTERNAL_H
#define TERN_X86_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "translate/backend.h"
#include "translate/x86_64/x86_backend.h"
#include "translate/x86_64/x86_emit.h"

/* Frame set up by the trampoline, rsp-relative: one save slot per host register (caller-saved
   registers around slow-path calls), then the temp spill slots. Size is 8 mod 16 so that rsp
   is 16-byte aligned after the six callee-saved pushes (ABI alignment at calls). */
#define X86_FRAME_SAVE   0
#define X86_SPILL_SLOTS  128
#define X86_FRAME_SPILL  (16 * 8)
#define X86_FRAME_SIZE   (X86_FRAME_SPILL + 8 * X86_SPILL_SLOTS + 8)

#define X86_ENV   X86_RBP
#define X86_ICOUNT X86_R15  /* CPUCommon.insn_count while generated code runs: a register
                               add per block instead of a read-modify-write of memory, whose
                               store-to-load chain from block to block was the bottleneck */
#define X86_TMP0  X86_R11   /* scratch registers, never allocated */
#define X86_TMP1  X86_R10

#define X86_BIT(r) ((uint16_t)(1u << (r)))
#define X86_CALLER_SAVED (X86_BIT(X86_RAX) | X86_BIT(X86_RCX) | X86_BIT(X86_RDX) | \
                          X86_BIT(X86_RSI) | X86_BIT(X86_RDI) | X86_BIT(X86_R8) | X86_BIT(X86_R9))
#define X86_CALLEE_SAVED (X86_BIT(X86_RBX) | X86_BIT(X86_R12) | X86_BIT(X86_R13) | \
                          X86_BIT(X86_R14))
#define X86_ALLOCATABLE  (X86_CALLER_SAVED | X86_CALLEE_SAVED)

typedef struct X86Backend {
    Backend be;
    uint8_t *buf;                 /* mmap'd RWX */
    size_t size;
    uint8_t *code_start;          /* first byte after the trampoline */
    uint8_t *ptr;                 /* next free byte */
    uint8_t *epilogue;            /* exits jump here with rax = TB* | TB_EXIT_* */
    uintptr_t (*tramp)(CPUCommon *env, const uint8_t *code);
    unsigned feat;                /* X86_FEAT_* in use */
    unsigned host_feat;           /* X86_FEAT_* the host has */
    struct X86Gen *gen;
} X86Backend;

/* Where a value lives during code generation. */
typedef struct X86VLoc {
    int8_t reg;                   /* host register or -1 */
    uint8_t dirty;                /* globals: register newer than env */
    int16_t spill;                /* temps: spill slot or -1 */
    int32_t last_use;             /* temps: index of the last op reading it (-1: never) */
} X86VLoc;

typedef struct X86WbEnt { int8_t reg; uint32_t off; } X86WbEnt;

/* Out-of-line softmmu slow path of one ld/st, emitted after the block body. */
typedef struct X86Slow {
    size_t jcc_at;                /* rel32 field of the fast path's jne */
    size_t ret_at;                /* offset to jump back to */
    bool is_store;
    bool addr_const, val_const;
    int8_t areg, vreg, out;
    unsigned memop;
    uint16_t save;                /* caller-saved registers to preserve across the call */
    uint64_t aval, vval;          /* constants: address (already + imm), value */
    int64_t imm;
    uint64_t pc;
    int wb0, nwb;                 /* dirty globals to write back (X86Gen.wb[wb0..]) */
} X86Slow;

/* Out-of-line helper call of an inline FP fast path (x86_fp.c). */
typedef struct X86FpSlow {
    size_t jcc[8];                /* rel32 fields of the jumps leading here */
    int n_jcc;
    size_t ret_at;
    IrHelper helper;
    int8_t reg[4];                /* argument registers, or -1: the constant imm[k] */
    uint64_t imm[4];
    int8_t out;
    uint16_t save;
} X86FpSlow;

/* Exit stub: sets env->pc and returns TB | code. */
typedef struct X86Stub {
    size_t at;                    /* rel32 field of the jump leading here */
    int code;                     /* TB_EXIT_* */
    bool wb_loop;                 /* self-loop exit: first write back the loop-head globals */
    uint64_t pc;
} X86Stub;

/* Self-loop blocks (a brcond/goto_tb back to the block's own pc): the globals the loop keeps
   in fixed host registers from its head on. Back edges move every global to its head register
   (x86_ra_reconcile) and jump to the head, so the loop runs without writing them back. */
#define X86_LOOP_MAX_GLOBALS 10
typedef struct X86Loop {
    int n;
    IrVal val[X86_LOOP_MAX_GLOBALS];
    int8_t reg[X86_LOOP_MAX_GLOBALS];
    uint8_t dirty[X86_LOOP_MAX_GLOBALS];   /* written in the block: maybe newer than env */
    size_t head;                           /* code offset of the loop head */
} X86Loop;

/* The 4 bytes before a block's code: offset of its loop head from the code (0: no loop head),
   read when a block is chained to itself. */
#define X86_LOOP_HDR 4

typedef struct X86Gen {
    X86Backend *xb;
    X86Buf b;
    TB *tb;
    IrBlock *ir;
    X86VLoc *loc;
    int cap_loc;
    int owner[16];                /* IrVal held by each host register, -1 = free */
    uint16_t locked;              /* registers the current op relies on */
    uint64_t spill_used[(X86_SPILL_SLOTS + 63) / 64];
    int op_i;                     /* index of the op being generated */
    uint64_t pc;                  /* guest pc of the current instruction */
    X86Slow *slow;
    int n_slow, cap_slow;
    X86FpSlow *fp_slow;
    int n_fp_slow, cap_fp_slow;
    X86WbEnt *wb;
    int n_wb, cap_wb;
    X86Stub *stub;
    int n_stub, cap_stub;
    bool self_loop;
    X86Loop loop;
} X86Gen;

/* x86_regalloc.c */
void x86_ra_begin(X86Gen *g);
static inline bool x86_is_const(const X86Gen *g, IrVal v) { return ir_is_const(g->ir, v); }
static inline bool x86_is_global(const X86Gen *g, IrVal v) { return ir_is_global(g->ir, v); }
static inline bool x86_is_temp(const X86Gen *g, IrVal v) {
    return v != IR_NONE && g->ir->vals[v].kind == IRV_TEMP;
}
static inline int64_t x86_cval(const X86Gen *g, IrVal v) { return g->ir->vals[v].cval; }
static inline bool x86_dies_here(const X86Gen *g, IrVal v) {
    return x86_is_temp(g, v) && g->loc[v].last_use == g->op_i;
}
int x86_ra_alloc(X86Gen *g, bool for_global, uint16_t avoid);  /* locked, not owned */
int x86_ra_use(X86Gen *g, IrVal v);                             /* v in a register, locked */
void x86_ra_evict(X86Gen *g, int r, uint16_t avoid);            /* r free, value kept */
void x86_ra_bind(X86Gen *g, IrVal v, int r);                    /* v's new value is in r */
void x86_ra_free_dead(X86Gen *g, const IrOp *op);               /* inputs whose last use is op */
void x86_ra_unbind(X86Gen *g, IrVal v);
/* Output register for d = f(a, ...): d's own register, a dying a's register, or a new one;
   never one in avoid. */
int x86_ra_out(X86Gen *g, IrVal d, IrVal a, int ra, uint16_t avoid);
/* Store dirty globals to env; clean: mark them clean (the block goes on). */
void x86_ra_writeback(X86Gen *g, bool clean);
int x86_ra_n_dirty(const X86Gen *g);
/* Prepare for a C call: dirty globals in caller-saved registers are written back and all
   caller-saved registers released; temps that live on move to callee-saved registers or the
   stack. Physical register contents are left intact. */
void x86_ra_evict_caller_saved(X86Gen *g);
void x86_ra_drop_globals(X86Gen *g);                            /* after env changed */
/* Code that brings the current state to the loop head's (g->loop) without changing the
   allocator state (the taken path of a back edge leaves the block); returns whether any
   instruction is needed (emit = false: only tell). Uses TMP0; leaves the flags alone. */
bool x86_ra_reconcile(X86Gen *g, bool emit);

/* x86_mem.c */
void x86_gen_ld(X86Gen *g, const IrOp *op);
void x86_gen_st(X86Gen *g, const IrOp *op);
void x86_gen_slow_paths(X86Gen *g);

/* x86_fp.c: false when the call has no usable fast path (then it is an ordinary call). */
bool x86_gen_fast_call(X86Gen *g, const IrOp *op);
void x86_gen_fp_slow_paths(X86Gen *g);

/* x86_gen.c */
bool x86_gen_block(X86Backend *xb, TB *tb, IrBlock *ir);
void x86_store_imm64(X86Gen *g, X86Mem m, uint64_t v);          /* uses TMP0 if needed */
void x86_call_abs(X86Buf *b, const void *fn);                    /* uses TMP0 if needed */
/* Every call into C: the instruction counter goes back to env first (C code reads it, and a
   guest exception leaves generated code by longjmp). */
void x86_call_helper(X86Buf *b, const void *fn);

#endif
