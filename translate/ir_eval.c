/* SPDX-License-Identifier: MIT */
/* Out-of-line entry points for the reference op semantics in ir_eval.h (the optimizer's
   constant folding and the tests call these; the interpreter inlines them). */
#include "ir_eval.h"

bool ir_op_is_pure(IrOpc opc) { return ir_op_is_pure_inline(opc); }

uint64_t ir_eval_alu(IrOpc opc, IrCond cond, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    return ir_eval_alu_inline(opc, cond, a, b, c, d);
}
