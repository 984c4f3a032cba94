/* SPDX-License-Identifier: MIT */
/* A64 system instructions that reach the EL1 model (Arm ARM DDI 0487, C4.1.66 "Branches,
   Exception Generating and System instructions"): SVC/HVC/SMC/BRK/HLT, ERET, WFI/WFE, MSR
   (immediate) of SPSel/DAIFSet/DAIFClr/PAN, MRS/MSR of system registers and SYS (DC, IC, AT,
   TLBI). Each calls a helper (sysreg.c, excp.c) that checks the EL and may raise; those that
   can change the EL, the MMU or the interrupt masks end the block so that the loop looks again
   (TB flags, pending interrupts). */
#include "cpu/arm/trans.h"

static const unsigned all = IR_CALL_TRAPS | IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS;

static void end_next(A64Disas *d)
{
    ir_exit(d->b, a64_const(d, (int64_t)(d->pc + 4)));
    d->ended = true;
}

static bool trans_excp(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 23, 21), ll = a64_bits(i, 1, 0), kind;
    if (a64_bits(i, 4, 2) != 0)
        return false;
    if (opc == 0 && ll == 1) kind = ARM_EXCP_SVC;
    else if (opc == 0 && ll == 2) kind = ARM_EXCP_HVC;
    else if (opc == 0 && ll == 3) kind = ARM_EXCP_SMC;
    else if (opc == 1 && ll == 0) kind = ARM_EXCP_BRK;
    else if (opc == 2 && ll == 0) kind = ARM_EXCP_HLT;
    else return false;
    IrVal z = a64_const(d, 0);
    IR_CALL(d->b, arm_helper_excp, all | IR_CALL_ENDS_TB, IR_NONE, a64_const(d, kind),
            a64_const(d, i), z, z);
    end_next(d);   /* PSCI and semihosting calls return */
    return true;
}

bool a64_trans_sys_el(A64Disas *d)
{
    uint32_t i = d->insn;
    IrVal z = a64_const(d, 0);
    if ((i & 0xff000000) == 0xd4000000)
        return trans_excp(d);
    if (i == 0xd69f03e0) {                                  /* ERET */
        IrVal npc = a64_temp(d);
        IR_CALL(d->b, arm_helper_eret, all | IR_CALL_ENDS_TB, npc, a64_const(d, i), z, z, z);
        ir_exit(d->b, npc);
        d->ended = true;
        return true;
    }
    if (i == 0xd503207f || i == 0xd503205f) {               /* WFI, WFE */
        IR_CALL(d->b, arm_helper_wfi, all | IR_CALL_ENDS_TB, IR_NONE, a64_const(d, i), z, z, z);
        end_next(d);
        return true;
    }
    if ((i & 0xfff8f01f) == 0xd500401f) {                   /* MSR (immediate) */
        unsigned f = a64_bits(i, 18, 16) << 3 | a64_bits(i, 7, 5), field;
        switch (f) {
        case 005: field = 0; break;                         /* SPSel */
        case 036: field = 1; break;                         /* DAIFSet */
        case 037: field = 2; break;                         /* DAIFClr */
        case 004: field = 3; break;                         /* PAN */
        default: return false;
        }
        IR_CALL(d->b, arm_helper_msr_imm, all | IR_CALL_ENDS_TB, IR_NONE, a64_const(d, field),
                a64_const(d, a64_bits(i, 11, 8)), a64_const(d, i), z);
        end_next(d);
        return true;
    }
    unsigned rt = a64_bits(i, 4, 0);
    IrVal key = a64_const(d, a64_bits(i, 20, 5));
    if ((i & 0xfff00000) == 0xd5300000) {                   /* MRS */
        IrVal t = a64_temp(d);
        IR_CALL(d->b, arm_helper_mrs, IR_CALL_TRAPS | IR_CALL_READS_GLOBALS, t, key,
                a64_const(d, i), z, z);
        a64_set_x(d, rt, t, true);
        return true;
    }
    if ((i & 0xfff00000) == 0xd5100000) {                   /* MSR */
        IR_CALL(d->b, arm_helper_msr, all | IR_CALL_ENDS_TB, IR_NONE, key, a64_x(d, rt),
                a64_const(d, i), z);
        end_next(d);
        return true;
    }
    if ((i & 0xfff80000) == 0xd5080000) {                   /* SYS: DC, IC, AT, TLBI */
        IR_CALL(d->b, arm_helper_sys, all | IR_CALL_ENDS_TB, IR_NONE, key, a64_x(d, rt),
                a64_const(d, i), z);
        end_next(d);
        return true;
    }
    return false;
}
