/* SPDX-License-Identifier: MIT */
/* Reference semantics of the pure IR ops (mov..movcond in ir_ops.h) and of the comparison
   conditions: the one definition shared by the IR interpreter, the optimizer's constant folding
   and the JIT's differential tests. Division follows the RISC-V M extension (unprivileged ISA,
   "Division Operations" table): no host trap, defined results for x/0 and MIN/-1. */
#ifndef TERN_IR_EVAL_H
#define TERN_IR_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

/* true for the ops whose output depends only on their inputs (mov..movcond). */
static inline bool ir_op_is_pure_inline(unsigned opc) {
    return opc >= IR_mov && opc <= IR_movcond;
}
bool ir_op_is_pure(IrOpc opc);

static inline bool ir_eval_cond(unsigned cond, uint64_t a, uint64_t b) {
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    switch (cond) {
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

static inline uint64_t ir_eval_sext32(uint64_t v) {
    return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

/* Inline body of ir_eval_alu: with a constant opc the switch folds to the single op, which is
   how the interpreter uses it. Unused inputs are ignored; non-pure opcodes give 0. */
static inline uint64_t ir_eval_alu_inline(unsigned opc, unsigned cond, uint64_t a, uint64_t b,
                                          uint64_t c, uint64_t d) {
    const uint64_t MIN64 = 1ull << 63;
    unsigned s = (unsigned)(b & 63);
    switch (opc) {
    case IR_mov: return a;
    case IR_add: return a + b;
    case IR_sub: return a - b;
    case IR_and: return a & b;
    case IR_or: return a | b;
    case IR_xor: return a ^ b;
    case IR_andn: return a & ~b;
    case IR_shl: return a << s;
    case IR_shr: return a >> s;
    case IR_sar: return (uint64_t)((int64_t)a >> s);
    case IR_rotl: return s ? (a << s) | (a >> (64 - s)) : a;
    case IR_rotr: return s ? (a >> s) | (a << (64 - s)) : a;
    case IR_mul: return a * b;
    case IR_mulh:
        return (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
    case IR_mulhu:
        return (uint64_t)(((unsigned __int128)a * (unsigned __int128)b) >> 64);
    case IR_mulhsu:
        /* |a * b| < 2^127: the product fits a signed 128-bit value. */
        return (uint64_t)(((__int128)(int64_t)a * (__int128)b) >> 64);
    case IR_div:
        if (b == 0)
            return ~0ull;
        if (a == MIN64 && b == ~0ull)
            return a;
        return (uint64_t)((int64_t)a / (int64_t)b);
    case IR_divu: return b == 0 ? ~0ull : a / b;
    case IR_divz:
        if (b == 0)
            return 0;
        if (a == MIN64 && b == ~0ull)
            return a;
        return (uint64_t)((int64_t)a / (int64_t)b);
    case IR_divuz: return b == 0 ? 0 : a / b;
    case IR_rem:
        if (b == 0)
            return a;
        if (a == MIN64 && b == ~0ull)
            return 0;
        return (uint64_t)((int64_t)a % (int64_t)b);
    case IR_remu: return b == 0 ? a : a % b;
    case IR_divw: {
        int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;
        if (y == 0)
            return ~0ull;
        if (x == INT32_MIN && y == -1)
            return ir_eval_sext32((uint32_t)x);
        return (uint64_t)(int64_t)(x / y);
    }
    case IR_divuw: {
        uint32_t x = (uint32_t)a, y = (uint32_t)b;
        return y == 0 ? ~0ull : ir_eval_sext32(x / y);
    }
    case IR_remw: {
        int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;
        if (y == 0)
            return (uint64_t)(int64_t)x;
        if (x == INT32_MIN && y == -1)
            return 0;
        return (uint64_t)(int64_t)(x % y);
    }
    case IR_remuw: {
        uint32_t x = (uint32_t)a, y = (uint32_t)b;
        return ir_eval_sext32(y == 0 ? x : x % y);
    }
    case IR_neg: return 0 - a;
    case IR_not: return ~a;
    case IR_ext8s: return (uint64_t)(int64_t)(int8_t)(uint8_t)a;
    case IR_ext16s: return (uint64_t)(int64_t)(int16_t)(uint16_t)a;
    case IR_ext32s: return ir_eval_sext32(a);
    case IR_ext8u: return (uint8_t)a;
    case IR_ext16u: return (uint16_t)a;
    case IR_ext32u: return (uint32_t)a;
    case IR_clz: return a ? (uint64_t)__builtin_clzll(a) : 64;
    case IR_ctz: return a ? (uint64_t)__builtin_ctzll(a) : 64;
    case IR_cpop: return (uint64_t)__builtin_popcountll(a);
    case IR_bswap: return __builtin_bswap64(a);
    case IR_setcond: return ir_eval_cond(cond, a, b);
    case IR_movcond: return ir_eval_cond(cond, a, b) ? c : d;
    default: return 0;
    }
}

/* d = op(a, b, c, d) for a pure op (inputs in ir_ops.h order; pass 0 for unused ones). */
uint64_t ir_eval_alu(IrOpc opc, IrCond cond, uint64_t a, uint64_t b, uint64_t c, uint64_t d);

#endif
