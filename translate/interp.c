/* SPDX-License-Identifier: MIT */
/* The portable backend: runs a block's IR directly. gen() lowers the IR into a dense array of
   pre-decoded ops whose operands are either env byte offsets (globals, read and written in the
   CPU state) or slots of a per-thread frame (constants, then temps packed by liveness).
   Op semantics come from ir_eval.h; loads/stores mirror the JIT's inline TLB fast path. */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "ir_eval.h"
#include "softmmu.h"
#include "tb.h"

/* Operand encoding: a global is IOPND_GLOBAL | env byte offset, anything else the byte offset
   of a frame slot (OPND_SLOT). */
#define IOPND_GLOBAL 0x80000000u
#define OPND_SLOT(n) ((uint32_t)(n) * 8u)
#define FRAME_ZERO 0u     /* slot always 0: unused call arguments */
#define FRAME_SINK 1u     /* slot written by calls without an output */
#define FRAME_CONST0 2u   /* constants start here, temps follow them */

typedef struct IiOp {
    uint8_t opc, cond;
    uint16_t aux;
    uint32_t out;
    uint32_t in[4];
    int64_t imm;
    uint64_t pc;          /* guest pc of the instruction, for ops that may trap */
    IrHelper helper;
} IiOp;

typedef struct InterpBlock {
    IrBlock ir;           /* a copy of the optimized IR (tb->ir points here), for dumps */
    IiOp *code;
    uint64_t *consts;
    uint32_t n_code, n_consts, frame_size;
} InterpBlock;

static InterpBlock *ib_of(const TB *tb) {
    return (InterpBlock *)(void *)((char *)tb->ir - offsetof(InterpBlock, ir));
}

/* The frame is per thread so CPUs on different threads can share TBs; it only grows. */
static __thread uint64_t *tl_frame;
static __thread uint32_t tl_frame_cap;

static uint64_t *frame_grow(uint32_t need) {
    uint32_t n = tl_frame_cap ? tl_frame_cap : 256;
    while (n < need)
        n *= 2;
    uint64_t *f = realloc(tl_frame, (size_t)n * sizeof *f);
    if (!f) {
        fprintf(stderr, "tern: out of memory (interpreter frame)\n");
        abort();
    }
    tl_frame = f;
    tl_frame_cap = n;
    return f;
}

/* ---- gen: lower the IR ---- */

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "tern: out of memory (interpreter)\n");
        abort();
    }
    return p;
}

static bool interp_gen(Backend *be, TB *tb, IrBlock *ir) {
    (void)be;
    int nv = ir->n_vals, nops = ir->n_ops;
    if (nops == 0 || !(ir_op_defs[ir->ops[nops - 1].opc].flags & IR_F_END)) {
        fprintf(stderr, "tern: interp: block at %#llx does not end with an exit\n",
                (unsigned long long)ir->pc);
        abort();
    }
    /* map[v]: operand of value v; last[v]: index of the op that last reads temp v. */
    uint32_t *map = xmalloc((size_t)nv * sizeof *map);
    int *last = xmalloc((size_t)nv * sizeof *last);
    uint32_t *free_slots = xmalloc((size_t)nv * sizeof *free_slots);
    uint64_t *consts = xmalloc((size_t)nv * sizeof *consts);
    uint32_t n_consts = 0, n_code = 0;
    for (int v = 0; v < nv; v++) {
        const IrValInfo *vi = &ir->vals[v];
        last[v] = -1;
        if (vi->kind == IRV_GLOBAL)
            map[v] = IOPND_GLOBAL | vi->env_off;
        else
            map[v] = UINT32_MAX;
    }
    for (int i = 0; i < nops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc != IR_nop && op->opc != IR_insn_start)
            n_code++;
        for (int k = 0; k < 4; k++) {
            IrVal v = op->in[k];
            if (v == IR_NONE)
                continue;
            if (ir->vals[v].kind == IRV_TEMP)
                last[v] = i;
            else if (ir->vals[v].kind == IRV_CONST && map[v] == UINT32_MAX) {
                map[v] = OPND_SLOT(FRAME_CONST0 + n_consts);
                consts[n_consts++] = (uint64_t)ir->vals[v].cval;
            }
        }
    }

    size_t sz = sizeof(InterpBlock) + (size_t)n_code * sizeof(IiOp) +
                (size_t)nops * sizeof(IrOp) + (size_t)nv * sizeof(IrValInfo) +
                (size_t)n_consts * sizeof(uint64_t);
    InterpBlock *ib = xmalloc(sz);
    char *p = (char *)(ib + 1);
    ib->code = (IiOp *)(void *)p;
    p += (size_t)n_code * sizeof(IiOp);
    ib->ir = *ir;
    ib->ir.ops = (IrOp *)(void *)p;
    ib->ir.cap_ops = ib->ir.n_ops = nops;
    memcpy(ib->ir.ops, ir->ops, (size_t)nops * sizeof(IrOp));
    p += (size_t)nops * sizeof(IrOp);
    ib->ir.vals = (IrValInfo *)(void *)p;
    ib->ir.cap_vals = ib->ir.n_vals = nv;
    memcpy(ib->ir.vals, ir->vals, (size_t)nv * sizeof(IrValInfo));
    p += (size_t)nv * sizeof(IrValInfo);
    ib->consts = (uint64_t *)(void *)p;
    memcpy(ib->consts, consts, (size_t)n_consts * sizeof(uint64_t));
    ib->n_consts = n_consts;
    ib->n_code = n_code;

    tb->jmp_off[0] = tb->jmp_off[1] = TB_NO_JUMP;
    /* Temps take frame slots after the constants; a slot is reused once its temp is dead. */
    uint32_t n_free = 0, next_slot = FRAME_CONST0 + n_consts;
    uint64_t pc = ir->pc;
    IiOp *o = ib->code;
    for (int i = 0; i < nops; i++) {
        const IrOp *op = &ir->ops[i];
        if (op->opc == IR_nop)
            continue;
        if (op->opc == IR_insn_start) {
            pc = (uint64_t)op->imm;
            continue;
        }
        *o = (IiOp){.opc = op->opc, .cond = op->cond, .aux = op->aux, .imm = op->imm, .pc = pc,
                    .helper = op->helper, .out = OPND_SLOT(FRAME_SINK)};
        for (int k = 0; k < 4; k++)
            o->in[k] = op->in[k] == IR_NONE ? OPND_SLOT(FRAME_ZERO) : map[op->in[k]];
        for (int k = 0; k < 4; k++) {
            IrVal v = op->in[k];
            if (v != IR_NONE && last[v] == i && ir->vals[v].kind == IRV_TEMP) {
                free_slots[n_free++] = map[v];
                last[v] = -2; /* freed (an op may read the same temp twice) */
            }
        }
        IrVal d = op->out;
        if (d != IR_NONE) {
            if (ir->vals[d].kind == IRV_TEMP) {
                map[d] = n_free ? free_slots[--n_free] : OPND_SLOT(next_slot++);
                if (last[d] < i) /* never read: the slot is free again right away */
                    free_slots[n_free++] = map[d];
            }
            o->out = map[d];
        }
        /* tb_try_chain only chains slots with a jump: mark the ones this block uses. */
        if (op->opc == IR_brcond || op->opc == IR_goto_tb)
            tb->jmp_off[op->aux & 1] = (uint32_t)(o - ib->code);
        o++;
    }
    ib->frame_size = next_slot;
    free(map);
    free(last);
    free(free_slots);
    free(consts);
    tb->ir = &ib->ir;
    return true;
}

/* ---- exec ---- */

/* Branch-free operand access: the base is env for globals, the frame otherwise (operands are
   byte offsets from it). A data-dependent branch here costs more than the select. */
static inline const uint8_t *opnd_ptr(const uint8_t *envb, const uint64_t *f, uint32_t v) {
    uintptr_t fb = (uintptr_t)f;
    uintptr_t base = fb + (((uintptr_t)envb - fb) & -(uintptr_t)(v >> 31));
    return (const uint8_t *)(base + (v & ~IOPND_GLOBAL));
}

static inline uint64_t rd(const uint8_t *envb, const uint64_t *f, uint32_t v) {
    uint64_t x;
    memcpy(&x, opnd_ptr(envb, f, v), 8);
    return x;
}

static inline void wr(uint8_t *envb, uint64_t *f, uint32_t v, uint64_t x) {
    memcpy((void *)(uintptr_t)opnd_ptr(envb, f, v), &x, 8);
}

static inline uint64_t ld_ext(const void *host, unsigned memop) {
    switch (memop & (IR_MEM_SIZE_MASK | IR_MEM_SIGN)) {
    case 0: { uint8_t x; memcpy(&x, host, 1); return x; }
    case 1: { uint16_t x; memcpy(&x, host, 2); return x; }
    case 2: { uint32_t x; memcpy(&x, host, 4); return x; }
    case IR_MEM_SIGN | 0: { int8_t x; memcpy(&x, host, 1); return (uint64_t)(int64_t)x; }
    case IR_MEM_SIGN | 1: { int16_t x; memcpy(&x, host, 2); return (uint64_t)(int64_t)x; }
    case IR_MEM_SIGN | 2: { int32_t x; memcpy(&x, host, 4); return (uint64_t)(int64_t)x; }
    default: { uint64_t x; memcpy(&x, host, 8); return x; }
    }
}

static inline TlbEntry *tlb_for(CPUCommon *env, uint64_t addr, unsigned memop) {
    return &env->tlb[IR_MEM_MMU(memop)][(addr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
}

#define A rd(envb, f, op->in[0])
#define B rd(envb, f, op->in[1])
#define OUT(x) wr(envb, f, op->out, (x))
#define ALU1(name) \
    case IR_##name: OUT(ir_eval_alu_inline(IR_##name, 0, A, 0, 0, 0)); break;
#define ALU2(name) \
    case IR_##name: { uint64_t a_ = A, b_ = B; \
        OUT(ir_eval_alu_inline(IR_##name, 0, a_, b_, 0, 0)); break; }

static uintptr_t interp_exec(Backend *be, CPUCommon *env, TB *tb) {
    uint8_t *envb = (uint8_t *)env;
    bool entered = false;   /* the loop checked the first block's second page itself */
    for (;;) {
        if (env->exit_request || (entered && !tb_page2_valid(env, tb)) ||
            (be->slice_checks && env->insn_count >= env->slice_end)) {
            env->pc = tb->vpc;
            return (uintptr_t)tb | TB_EXIT_NOCHAIN;
        }
        const InterpBlock *ib = ib_of(tb);
        uint64_t *f = tl_frame;
        if (ib->frame_size > tl_frame_cap)
            f = frame_grow(ib->frame_size);
        f[FRAME_ZERO] = 0;
        memcpy(f + FRAME_CONST0, ib->consts, ib->n_consts * sizeof(uint64_t));
        TB *next;
        for (const IiOp *op = ib->code;; op++) {
            switch (op->opc) {
            ALU1(mov)
            ALU2(add) ALU2(sub) ALU2(and) ALU2(or) ALU2(xor) ALU2(andn)
            ALU2(shl) ALU2(shr) ALU2(sar) ALU2(rotl) ALU2(rotr)
            ALU2(mul) ALU2(mulh) ALU2(mulhu) ALU2(mulhsu)
            ALU2(div) ALU2(divu) ALU2(rem) ALU2(remu)
            ALU2(divw) ALU2(divuw) ALU2(remw) ALU2(remuw) ALU2(divz) ALU2(divuz)
            ALU1(neg) ALU1(not)
            ALU1(ext8s) ALU1(ext16s) ALU1(ext32s) ALU1(ext8u) ALU1(ext16u) ALU1(ext32u)
            ALU1(clz) ALU1(ctz) ALU1(cpop) ALU1(bswap)
            case IR_setcond: {
                uint64_t a = A, b = B;
                OUT(ir_eval_cond(op->cond, a, b));
                break;
            }
            case IR_movcond: {
                uint64_t a = A, b = B;
                uint32_t src = ir_eval_cond(op->cond, a, b) ? op->in[2] : op->in[3];
                OUT(rd(envb, f, src));
                break;
            }
            case IR_ld: {
                uint64_t addr = A + (uint64_t)op->imm, v;
                unsigned mo = op->aux;
                const TlbEntry *e = tlb_for(env, addr, mo);
                if (e->tag_r == softmmu_tag_for(addr, IR_MEM_SIZE(mo))) {
                    v = ld_ext((const void *)(uintptr_t)(addr + e->addend), mo);
                } else {
                    env->pc = op->pc;
                    v = softmmu_load(env, addr, mo);
                }
                OUT(v);
                break;
            }
            case IR_st: {
                uint64_t addr = A + (uint64_t)op->imm, v = B;
                unsigned mo = op->aux, size = IR_MEM_SIZE(mo);
                const TlbEntry *e = tlb_for(env, addr, mo);
                if (e->tag_w == softmmu_tag_for(addr, size)) {
                    memcpy((void *)(uintptr_t)(addr + e->addend), &v, size); /* little-endian */
                } else {
                    env->pc = op->pc;
                    softmmu_store(env, addr, v, mo);
                }
                break;
            }
            case IR_ld_env: {
                uint64_t v;
                memcpy(&v, envb + op->imm, 8);
                OUT(v);
                break;
            }
            case IR_st_env: {
                uint64_t v = A;
                memcpy(envb + op->imm, &v, 8);
                break;
            }
            case IR_call: {
                uint64_t a = A, b = B, c = rd(envb, f, op->in[2]), d = rd(envb, f, op->in[3]);
                /* Cheap enough to do for every call; helpers may also read it. */
                env->pc = op->pc;
                OUT(op->helper(env, a, b, c, d));
                break;
            }
            case IR_brcond: {
                uint64_t a = A, b = B;
                if (!ir_eval_cond(op->cond, a, b))
                    break;
                goto take_slot;
            }
            case IR_goto_tb:
            take_slot:
                next = tb->jmp_dest[op->aux & 1];
                if (next)
                    goto chain;
                if (((uint64_t)op->imm ^ tb->vpc) & TARGET_PAGE_MASK) {
                    /* Another page: never chained; look the target up like goto_ptr. */
                    uint64_t pc = (uint64_t)op->imm;
                    if (!env->nochain && !env->singlestep &&
                        (next = tb_jmp_cache_find(env, pc)))
                        goto chain;
                    env->pc = pc;
                    return (uintptr_t)tb | TB_EXIT_NOCHAIN;
                }
                env->pc = (uint64_t)op->imm;
                return (uintptr_t)tb | (op->aux & 1);
            case IR_goto_ptr: {
                uint64_t pc = A;
                if (!env->nochain && !env->singlestep &&
                    (next = tb_jmp_cache_find(env, pc)))
                    goto chain;
                env->pc = pc;
                return (uintptr_t)tb | TB_EXIT_NOCHAIN;
            }
            case IR_exit:
                env->pc = A;
                return (uintptr_t)tb | TB_EXIT_NOCHAIN;
            default:
                fprintf(stderr, "tern: interp: unexpected op %u\n", op->opc);
                abort();
            }
        }
    chain:
        tb = next;
        entered = true;
    }
}

#undef A
#undef B
#undef OUT
#undef ALU1
#undef ALU2

/* tb.c owns jmp_dest (it links the lists and sets the pointer); mirroring it here keeps the
   two consistent whichever order tb.c does things in. */
static void interp_chain(Backend *be, TB *from, int slot, TB *to) {
    (void)be;
    from->jmp_dest[slot] = to;
}

static void interp_unchain(Backend *be, TB *from, int slot) {
    (void)be;
    from->jmp_dest[slot] = NULL;
}

static void interp_flush(Backend *be) { (void)be; }

static void interp_tb_free(Backend *be, TB *tb) {
    (void)be;
    if (tb->ir) {
        free(ib_of(tb));
        tb->ir = NULL;
    }
}

static void interp_destroy(Backend *be) { free(be); }

static void interp_dump_code(Backend *be, TB *tb, FILE *fp) {
    (void)be;
    if (!tb->ir)
        return;
    const InterpBlock *ib = ib_of(tb);
    fprintf(fp, " [interp: %u ops, %u consts, frame %u]\n", ib->n_code, ib->n_consts,
            ib->frame_size);
    ir_dump(tb->ir, fp);
}

Backend *backend_interp_create(void) {
    Backend *be = calloc(1, sizeof *be);
    if (!be)
        return NULL;
    be->name = "interp";
    be->gen = interp_gen;
    be->exec = interp_exec;
    be->chain = interp_chain;
    be->unchain = interp_unchain;
    be->flush = interp_flush;
    be->tb_free = interp_tb_free;
    be->destroy = interp_destroy;
    be->dump_code = interp_dump_code;
    return be;
}
