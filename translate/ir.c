/* SPDX-License-Identifier: MIT */
/* IR builder, validator and dumper. The op table comes from ir_ops.h; see ir.h for the
   invariants a block keeps (temps assigned once before use, exits only at the end). */
#include "ir.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const IrOpDef ir_op_defs[IR_NUM_OPS] = {
#define DEF(name, nout, nin, flags, doc) {#name, nout, nin, flags, doc},
#include "ir_ops.h"
#undef DEF
};

static const char *const cond_names[IR_NUM_CONDS] = {
    "eq", "ne", "lt", "ge", "ltu", "geu", "le", "gt", "leu", "gtu"};

bool ir_cond_eval(IrCond c, uint64_t a, uint64_t b) {
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    switch (c) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LT: return sa < sb;
    case IR_GE: return sa >= sb;
    case IR_LTU: return a < b;
    case IR_GEU: return a >= b;
    case IR_LE: return sa <= sb;
    case IR_GT: return sa > sb;
    case IR_LEU: return a <= b;
    case IR_GTU: return a > b;
    default: return false;
    }
}

IrCond ir_cond_invert(IrCond c) {
    static const IrCond inv[IR_NUM_CONDS] = {IR_NE, IR_EQ, IR_GE, IR_LT, IR_GEU,
                                             IR_LTU, IR_GT, IR_LE, IR_GTU, IR_LEU};
    return inv[c];
}

IrCond ir_cond_swap(IrCond c) {
    static const IrCond sw[IR_NUM_CONDS] = {IR_EQ, IR_NE, IR_GT, IR_LE, IR_GTU,
                                            IR_LEU, IR_GE, IR_LT, IR_GEU, IR_LTU};
    return sw[c];
}

static void *grow(void *p, int *cap, int need, size_t elem) {
    if (need <= *cap)
        return p;
    int n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(p, (size_t)n * elem);
    if (!q) {
        fprintf(stderr, "tern: out of memory (IR)\n");
        abort();
    }
    *cap = n;
    return q;
}

void ir_block_init(IrBlock *b) { memset(b, 0, sizeof *b); }

void ir_block_free(IrBlock *b) {
    free(b->ops);
    free(b->vals);
    free(b->scratch);
    memset(b, 0, sizeof *b);
}

void *ir_scratch(IrBlock *b, size_t n) {
    if (n > b->scratch_cap) {
        size_t cap = b->scratch_cap ? b->scratch_cap : 4096;
        while (cap < n)
            cap *= 2;
        free(b->scratch);
        b->scratch = malloc(cap);
        if (!b->scratch) {
            fprintf(stderr, "tern: out of memory (IR)\n");
            abort();
        }
        b->scratch_cap = cap;
    }
    return b->scratch;
}

void ir_block_reset(IrBlock *b, const IrGlobalDesc *globals, int n_globals, uint64_t pc) {
    b->n_ops = 0;
    b->n_vals = 0;
    b->vals = grow(b->vals, &b->cap_vals, n_globals + 64, sizeof *b->vals);
    for (int i = 0; i < n_globals; i++)
        b->vals[i] = (IrValInfo){.kind = IRV_GLOBAL, .env_off = globals[i].env_off,
                                 .name = globals[i].name};
    b->n_vals = n_globals;
    b->n_globals = n_globals;
    b->pc = pc;
    b->n_insns = 0;
}

static IrVal new_val(IrBlock *b, IrValKind k, int64_t c) {
    if (b->n_vals >= (int)IR_NONE) {
        fprintf(stderr, "tern: IR block too large\n");
        abort();
    }
    b->vals = grow(b->vals, &b->cap_vals, b->n_vals + 1, sizeof *b->vals);
    b->vals[b->n_vals] = (IrValInfo){.kind = (uint8_t)k, .cval = c};
    return (IrVal)b->n_vals++;
}

IrVal ir_temp(IrBlock *b) { return new_val(b, IRV_TEMP, 0); }

IrVal ir_const(IrBlock *b, int64_t v) {
    /* Reuse a recent identical constant to keep value tables small. */
    for (int i = b->n_vals - 1; i >= b->n_globals && i >= b->n_vals - 8; i--)
        if (b->vals[i].kind == IRV_CONST && b->vals[i].cval == v)
            return (IrVal)i;
    return new_val(b, IRV_CONST, v);
}

IrOp *ir_emit(IrBlock *b, IrOpc opc, IrVal out, IrVal a, IrVal c, int64_t imm) {
    b->ops = grow(b->ops, &b->cap_ops, b->n_ops + 1, sizeof *b->ops);
    IrOp *op = &b->ops[b->n_ops++];
    *op = (IrOp){.opc = (uint8_t)opc, .out = out, .in = {a, c, IR_NONE, IR_NONE}, .imm = imm};
    return op;
}

IrOp *ir_setcond(IrBlock *b, IrCond c, IrVal d, IrVal x, IrVal y) {
    IrOp *op = ir_emit(b, IR_setcond, d, x, y, 0);
    op->cond = (uint8_t)c;
    return op;
}

IrOp *ir_movcond(IrBlock *b, IrCond c, IrVal d, IrVal x, IrVal y, IrVal t, IrVal f) {
    IrOp *op = ir_emit(b, IR_movcond, d, x, y, 0);
    op->cond = (uint8_t)c;
    op->in[2] = t;
    op->in[3] = f;
    return op;
}

IrOp *ir_ld(IrBlock *b, IrVal d, IrVal addr, int64_t off, unsigned memop) {
    IrOp *op = ir_emit(b, IR_ld, d, addr, IR_NONE, off);
    op->aux = (uint16_t)memop;
    return op;
}

IrOp *ir_st(IrBlock *b, IrVal addr, int64_t off, IrVal val, unsigned memop) {
    IrOp *op = ir_emit(b, IR_st, IR_NONE, addr, val, off);
    op->aux = (uint16_t)memop;
    return op;
}

IrOp *ir_call(IrBlock *b, IrHelper fn, const char *name, unsigned flags, IrVal d, IrVal a0,
              IrVal a1, IrVal a2, IrVal a3) {
    IrOp *op = ir_emit(b, IR_call, d, a0, a1, 0);
    op->in[2] = a2;
    op->in[3] = a3;
    op->aux = (uint16_t)flags;
    op->helper = fn;
    op->hname = name;
    return op;
}

IrOp *ir_brcond(IrBlock *b, IrCond c, IrVal x, IrVal y, uint64_t target, int slot) {
    IrOp *op = ir_emit(b, IR_brcond, IR_NONE, x, y, (int64_t)target);
    op->cond = (uint8_t)c;
    op->aux = (uint16_t)slot;
    return op;
}

IrOp *ir_goto_tb(IrBlock *b, uint64_t target, int slot) {
    IrOp *op = ir_emit(b, IR_goto_tb, IR_NONE, IR_NONE, IR_NONE, (int64_t)target);
    op->aux = (uint16_t)slot;
    return op;
}

IrOp *ir_goto_ptr(IrBlock *b, IrVal target) {
    return ir_emit(b, IR_goto_ptr, IR_NONE, target, IR_NONE, 0);
}

IrOp *ir_exit(IrBlock *b, IrVal pc) { return ir_emit(b, IR_exit, IR_NONE, pc, IR_NONE, 0); }

IrOp *ir_insn_start(IrBlock *b, uint64_t pc) {
    return ir_emit(b, IR_insn_start, IR_NONE, IR_NONE, IR_NONE, (int64_t)pc);
}

const char *ir_validate(const IrBlock *b) {
    static char msg[128];
    uint8_t *assigned = calloc((size_t)b->n_vals + 1, 1);
    const char *err = NULL;
    if (!assigned)
        return "out of memory";
    for (int i = 0; i < b->n_ops && !err; i++) {
        const IrOp *op = &b->ops[i];
        if (op->opc >= IR_NUM_OPS) {
            err = "bad opcode";
            break;
        }
        const IrOpDef *d = &ir_op_defs[op->opc];
        for (int k = 0; k < 4; k++) {
            IrVal v = op->in[k];
            if (v == IR_NONE) {
                if (k < d->n_in && op->opc != IR_call) {
                    snprintf(msg, sizeof msg, "op %d (%s): missing input %d", i, d->name, k);
                    err = msg;
                }
                continue;
            }
            if (v >= b->n_vals) {
                snprintf(msg, sizeof msg, "op %d (%s): input out of range", i, d->name);
                err = msg;
            } else if (b->vals[v].kind == IRV_TEMP && !assigned[v]) {
                snprintf(msg, sizeof msg, "op %d (%s): temp t%d used before set", i, d->name, v);
                err = msg;
            }
        }
        if (op->out != IR_NONE) {
            if (op->out >= b->n_vals || b->vals[op->out].kind == IRV_CONST) {
                snprintf(msg, sizeof msg, "op %d (%s): bad output", i, d->name);
                err = msg;
            } else if (b->vals[op->out].kind == IRV_TEMP) {
                if (assigned[op->out]) {
                    snprintf(msg, sizeof msg, "op %d (%s): temp assigned twice", i, d->name);
                    err = msg;
                }
                assigned[op->out] = 1;
            }
        } else if (d->n_out && op->opc != IR_call) {
            snprintf(msg, sizeof msg, "op %d (%s): missing output", i, d->name);
            err = msg;
        }
        if ((d->flags & IR_F_END) && i != b->n_ops - 1)
            err = "block-ending op is not last";
    }
    if (!err && (b->n_ops == 0 || !(ir_op_defs[b->ops[b->n_ops - 1].opc].flags & IR_F_END)))
        err = "block does not end with an exit";
    free(assigned);
    return err;
}

static void dump_val(const IrBlock *b, IrVal v, FILE *f) {
    const IrValInfo *vi = &b->vals[v];
    switch (vi->kind) {
    case IRV_GLOBAL: fprintf(f, "%s", vi->name ? vi->name : "g?"); break;
    case IRV_TEMP: fprintf(f, "t%d", v); break;
    default: fprintf(f, "$0x%" PRIx64, (uint64_t)vi->cval); break;
    }
}

void ir_dump(const IrBlock *b, FILE *f) {
    for (int i = 0; i < b->n_ops; i++) {
        const IrOp *op = &b->ops[i];
        const IrOpDef *d = &ir_op_defs[op->opc];
        if (op->opc == IR_nop)
            continue;
        if (op->opc == IR_insn_start) {
            fprintf(f, " ---- %016" PRIx64 "\n", (uint64_t)op->imm);
            continue;
        }
        fprintf(f, " %-10s", d->name);
        bool first = true;
        if (op->out != IR_NONE) {
            dump_val(b, op->out, f);
            first = false;
        }
        for (int k = 0; k < 4; k++) {
            if (op->in[k] == IR_NONE)
                continue;
            fputs(first ? "" : ", ", f);
            dump_val(b, op->in[k], f);
            first = false;
        }
        if (op->opc == IR_setcond || op->opc == IR_movcond || op->opc == IR_brcond)
            fprintf(f, "%s%s", first ? "" : ", ", cond_names[op->cond]);
        if (op->opc == IR_ld || op->opc == IR_st)
            fprintf(f, ", off=%" PRId64 ", size=%u%s, mmu=%u", op->imm, IR_MEM_SIZE(op->aux),
                    (op->aux & IR_MEM_SIGN) ? "s" : "", IR_MEM_MMU(op->aux));
        else if (op->opc == IR_ld_env || op->opc == IR_st_env)
            fprintf(f, ", env+%" PRId64, op->imm);
        else if (op->opc == IR_brcond || op->opc == IR_goto_tb)
            fprintf(f, "%s-> 0x%" PRIx64 " [slot %u]", first ? "" : ", ", (uint64_t)op->imm,
                    op->aux);
        else if (op->opc == IR_call)
            fprintf(f, "%s<%s> flags=%u", first ? "" : ", ", op->hname ? op->hname : "?",
                    op->aux);
        if (op->opc == IR_call && op->imm)
            fprintf(f, " fast=%d", (int)op->imm);
        fputc('\n', f);
    }
}
