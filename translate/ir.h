/* SPDX-License-Identifier: MIT */
/* tern's intermediate representation: a translation block is a straight-line list of ops over
   64-bit values, with conditional and unconditional exits (no internal labels). Values are
   globals (guest registers living in the CPU state at a fixed offset, assigned any number of
   times), temps (assigned exactly once, before use) or constants. The op set is in ir_ops.h. */
#ifndef TERN_IR_H
#define TERN_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Op flags (ir_ops.h column 4). */
#define IR_F_MEM  1u  /* guest memory access: may fault (precise state needed), aux = memop */
#define IR_F_CALL 2u  /* helper call: effects given by IR_CALL_* in aux */
#define IR_F_EXIT 4u  /* may leave the block */
#define IR_F_END  8u  /* always leaves the block: must be the last op */

typedef enum IrOpc {
#define DEF(name, nout, nin, flags, doc) IR_##name,
#include "ir_ops.h"
#undef DEF
    IR_NUM_OPS
} IrOpc;

typedef struct IrOpDef {
    const char *name;
    uint8_t n_out, n_in;
    uint8_t flags;
    const char *doc;
} IrOpDef;
extern const IrOpDef ir_op_defs[IR_NUM_OPS];

typedef enum IrCond {
    IR_EQ, IR_NE, IR_LT, IR_GE, IR_LTU, IR_GEU, IR_LE, IR_GT, IR_LEU, IR_GTU, IR_NUM_CONDS
} IrCond;
bool ir_cond_eval(IrCond c, uint64_t a, uint64_t b);
IrCond ir_cond_invert(IrCond c);  /* !(a c b) == (a inv(c) b) */
IrCond ir_cond_swap(IrCond c);    /* (a c b) == (b swap(c) a) */

/* Memory op (aux of ld/st): size, signedness (loads), MMU index (which TLB / privilege). */
#define IR_MEM_SIZE_MASK 3u            /* log2 of the size: 0..3 = 1, 2, 4, 8 bytes */
#define IR_MEM_SIGN      4u            /* sign-extend the loaded value */
#define IR_MEM_MMU_SHIFT 4             /* bits 4..6: MMU index (0..CpuClass.n_mmu_modes-1) */
#define IR_MEMOP(log2sz, sign, mmu) ((unsigned)(log2sz) | ((sign) ? IR_MEM_SIGN : 0u) | \
                                     ((unsigned)(mmu) << IR_MEM_MMU_SHIFT))
#define IR_MEM_SIZE(m)  (1u << ((m) & IR_MEM_SIZE_MASK))
#define IR_MEM_MMU(m)   (((m) >> IR_MEM_MMU_SHIFT) & 7u)

/* Helper call effects (aux of call). Helpers must have exactly the C type IrHelper
   (unused arguments are passed as 0). */
#define IR_CALL_READS_GLOBALS  1u  /* reads guest registers from env: write dirty ones back first */
#define IR_CALL_WRITES_GLOBALS 2u  /* may change guest registers in env: reload them after */
#define IR_CALL_TRAPS          4u  /* may raise a guest exception (longjmp): env->pc must hold
                                      the current instruction's pc and all globals be in env */
#define IR_CALL_ENDS_TB        8u  /* backend hint: this call is followed only by the exit */
typedef uint64_t (*IrHelper)(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d);

/* Inline fast paths of a call (its imm; IR_FAST_NONE = none). On the domain given here, a
   backend may compute d itself instead of calling the helper; elsewhere it calls the helper,
   as the IR interpreter always does. The front end attaches a kind only to a call whose
   helper returns exactly that value, with no other effect, on the domain, and whose flags
   are 0. Values are IEEE 754 binary64 bit patterns; "g1" means bit 0 of the guard input is
   set (the guest's inexact flag is already raised, so an inexact result changes nothing);
   arithmetic rounds to nearest-even; "normal" excludes zero, subnormals, infinities, NaN. */
enum {
    IR_FAST_NONE,
    IR_FAST_LE_D, IR_FAST_LT_D, IR_FAST_EQ_D,   /* d = a <= b, a < b, a == b; neither a NaN */
    IR_FAST_CVT_D_L,    /* d = double(int64 a) when exact */
    IR_FAST_CVT_D_LU,   /* d = double(uint64 a) when exact */
    IR_FAST_CVT_D_W,    /* d = double(int32 a) (always exact) */
    IR_FAST_CVT_D_WU,   /* d = double(uint32 a) (always exact) */
    IR_FAST_CVT_L_D,    /* d = int64(trunc(a)) when representable and (a integral or g1),
                           guard in[2] */
    IR_FAST_CVT_W_D,    /* d = sext(int32(trunc(a))) likewise */
    IR_FAST_SQRT_D,     /* d = sqrt(a), a normal and positive, g1; guard in[2] */
    IR_FAST_ADD_D, IR_FAST_SUB_D, IR_FAST_MUL_D, IR_FAST_DIV_D,
                        /* d = a op b, a and b normal or zero, result normal, g1; guard in[3] */
    IR_FAST_NUM
};

typedef uint16_t IrVal;
#define IR_NONE ((IrVal)0xffff)

typedef enum IrValKind { IRV_GLOBAL, IRV_TEMP, IRV_CONST } IrValKind;

typedef struct IrValInfo {
    uint8_t kind;        /* IrValKind */
    uint32_t env_off;    /* globals: byte offset of the 64-bit slot in the CPU state */
    int64_t cval;        /* constants: the value */
    const char *name;    /* globals: name for dumps */
} IrValInfo;

typedef struct IrGlobalDesc {
    const char *name;
    uint32_t env_off;
} IrGlobalDesc;

typedef struct IrOp {
    uint8_t opc;         /* IrOpc */
    uint8_t cond;        /* IrCond for setcond, movcond, brcond */
    uint16_t aux;        /* memop (ld/st), IR_CALL_* (call), chain slot 0/1 (brcond, goto_tb) */
    IrVal out;           /* IR_NONE when the op has no output */
    IrVal in[4];         /* unused inputs are IR_NONE */
    int64_t imm;         /* pc (insn_start, exits), offset (ld/st/ld_env/st_env) */
    IrHelper helper;     /* call */
    const char *hname;   /* call: helper name for dumps */
} IrOp;

typedef struct IrBlock {
    IrOp *ops;
    int n_ops, cap_ops;
    IrValInfo *vals;
    int n_vals, cap_vals;
    int n_globals;       /* values 0..n_globals-1 are the globals, in registration order */
    uint64_t pc;         /* guest virtual pc of the first instruction */
    int n_insns;         /* guest instructions in the block */
    void *scratch;       /* work memory of the passes (ir_scratch), kept from block to block */
    size_t scratch_cap;
} IrBlock;

/* Builder. ir_block_reset keeps the allocations and re-registers the globals. */
void ir_block_init(IrBlock *b);
void ir_block_free(IrBlock *b);
void ir_block_reset(IrBlock *b, const IrGlobalDesc *globals, int n_globals, uint64_t pc);
/* At least n bytes of b's work memory, 8-byte aligned, contents undefined; valid until the
   next call. Saves the optimizer a malloc per table per block. */
void *ir_scratch(IrBlock *b, size_t n);
IrVal ir_temp(IrBlock *b);
IrVal ir_const(IrBlock *b, int64_t v);
static inline bool ir_is_const(const IrBlock *b, IrVal v) {
    return v != IR_NONE && b->vals[v].kind == IRV_CONST;
}
static inline bool ir_is_global(const IrBlock *b, IrVal v) {
    return v != IR_NONE && b->vals[v].kind == IRV_GLOBAL;
}
IrOp *ir_emit(IrBlock *b, IrOpc opc, IrVal out, IrVal a, IrVal c, int64_t imm);

/* Convenience emitters; each returns the op it appended. */
static inline IrOp *ir_op1(IrBlock *b, IrOpc o, IrVal d, IrVal a) {
    return ir_emit(b, o, d, a, IR_NONE, 0);
}
static inline IrOp *ir_op2(IrBlock *b, IrOpc o, IrVal d, IrVal a, IrVal c) {
    return ir_emit(b, o, d, a, c, 0);
}
IrOp *ir_setcond(IrBlock *b, IrCond c, IrVal d, IrVal x, IrVal y);
IrOp *ir_movcond(IrBlock *b, IrCond c, IrVal d, IrVal x, IrVal y, IrVal t, IrVal f);
IrOp *ir_ld(IrBlock *b, IrVal d, IrVal addr, int64_t off, unsigned memop);
IrOp *ir_st(IrBlock *b, IrVal addr, int64_t off, IrVal val, unsigned memop);
IrOp *ir_call(IrBlock *b, IrHelper fn, const char *name, unsigned flags, IrVal d,
              IrVal a0, IrVal a1, IrVal a2, IrVal a3);
#define IR_CALL(b, fn, flags, d, a0, a1, a2, a3) \
    ir_call((b), (fn), #fn, (flags), (d), (a0), (a1), (a2), (a3))
IrOp *ir_brcond(IrBlock *b, IrCond c, IrVal x, IrVal y, uint64_t target, int slot);
IrOp *ir_goto_tb(IrBlock *b, uint64_t target, int slot);
IrOp *ir_goto_ptr(IrBlock *b, IrVal target);
IrOp *ir_exit(IrBlock *b, IrVal pc);  /* pc may be ir_const(b, next_pc) */
IrOp *ir_insn_start(IrBlock *b, uint64_t pc);

/* Checks the invariants above (temps assigned once before use, END op last, inputs valid);
   returns NULL or a static message. */
const char *ir_validate(const IrBlock *b);
void ir_dump(const IrBlock *b, FILE *f);

/* Optimizer (ir_opt.c): constant folding, copy propagation, dead code removal. */
void ir_optimize(IrBlock *b);

#endif
