/* SPDX-License-Identifier: MIT */
/* SYSTEM opcode: ecall/ebreak, xRET, wfi, sfence.vma (privileged spec, "Supervisor
   Instructions" and "Machine-Mode Privileged Instructions") and Zicsr. The checks live in the
   helpers; the front end only decides where the block must end. */
#include <stddef.h>

#include "cpu/riscv/helpers.h"
#include "cpu/riscv/trans.h"

enum {
    INSN_ECALL = 0x00000073, INSN_EBREAK = 0x00100073, INSN_SRET = 0x10200073,
    INSN_MRET = 0x30200073, INSN_WFI = 0x10500073,
};

/* A helper that raises unconditionally; the block ends after it. */
static void end_with_trap(RVDisas *d)
{
    ir_exit(d->b, rvd_const(d, (int64_t)d->pc));
    d->ended = true;
    d->no_retire = true;
}

static bool trans_priv(RVDisas *d)
{
    IrBlock *b = d->b;
    IrVal z = rvd_const(d, 0);
    const unsigned fl = IR_CALL_TRAPS | IR_CALL_ENDS_TB;

    switch (d->insn) {
    case INSN_ECALL:
        IR_CALL(b, helper_ecall, fl, IR_NONE, z, z, z, z);
        end_with_trap(d);
        return true;
    case INSN_EBREAK:
        IR_CALL(b, helper_raise, fl, IR_NONE, rvd_const(d, RV_EXC_BREAKPOINT),
                rvd_const(d, (int64_t)d->pc), z, z);
        end_with_trap(d);
        return true;
    case INSN_SRET:
    case INSN_MRET: {
        IrVal npc = rvd_temp(d);
        if (d->insn == INSN_MRET)
            IR_CALL(b, helper_mret, fl, npc, z, z, z, z);
        else
            IR_CALL(b, helper_sret, fl, npc, z, z, z, z);
        /* Through the jump cache under the new privilege's flags (the helper set them):
           a return to user mode need not go back to the loop. */
        ir_goto_ptr(b, npc);
        d->ended = true;
        return true;
    }
    case INSN_WFI:
        IR_CALL(b, helper_wfi, fl, IR_NONE, rvd_const(d, d->raw), z, z, z);
        rvd_exit_next(d);
        return true;
    default:
        break;
    }
    if (rv_f_funct7(d->insn) == 0x09 && rv_f_rd(d->insn) == 0) {   /* sfence.vma */
        unsigned rs1 = rv_f_rs1(d->insn);
        IR_CALL(b, helper_sfence_vma, fl, IR_NONE, rvd_gpr(d, rs1), rvd_const(d, rs1 != 0),
                rvd_const(d, d->raw), rvd_const(d, rv_f_rs2(d->insn) != 0));
        rvd_goto_next(d);   /* the jump cache re-checks the (maybe flushed) fetch mapping */
        return true;
    }
    return false;
}

/* insn_count += delta (see the counter note in rv_trans_system). */
static void adjust_insn_count(RVDisas *d, int64_t delta)
{
    const int64_t off = (int64_t)offsetof(CPUCommon, insn_count);
    IrVal t = rvd_temp(d), u = rvd_temp(d);
    ir_emit(d->b, IR_ld_env, t, IR_NONE, IR_NONE, off);
    ir_op2(d->b, IR_add, u, t, rvd_const(d, delta));
    ir_emit(d->b, IR_st_env, IR_NONE, u, IR_NONE, off);
}

/* CSRs whose writes change neither the TB flags, the MMU, nor which interrupts can be taken:
   a block goes on after writing them (trap entry/exit code writes several of them). */
static bool csr_write_keeps_block(unsigned csr)
{
    switch (csr) {
    case 0x001:                                         /* fflags (frm: TB flags) */
    case 0x105: case 0x106: case 0x140: case 0x141:     /* stvec, scounteren, sscratch, sepc */
    case 0x142: case 0x143:                             /* scause, stval */
    case 0x305: case 0x306: case 0x340: case 0x341:     /* mtvec, mcounteren, mscratch, mepc */
    case 0x342: case 0x343:                             /* mcause, mtval */
        return true;
    default:
        return false;
    }
}

/* CSRs whose writes can change the TB flags (privilege-independent MMU index, FS) or enable an
   interrupt, but not the address space: the block then continues through a chainable exit
   unless the flags really changed (an interrupt made pending kicks the hart by itself).
   Linux toggles sstatus.SIE around every irqsave section. */
static bool csr_write_flags_only(unsigned csr)
{
    return csr == 0x100 || csr == 0x104 || csr == 0x144 ||      /* sstatus, sie, sip */
           csr == 0x300 || csr == 0x304 || csr == 0x344;        /* mstatus, mie, mip */
}

bool rv_trans_system(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i), rs1 = rv_f_rs1(i), rd = rv_f_rd(i), csr = i >> 20;

    if (f3 == 0)
        return trans_priv(d);
    if (f3 == 4)
        return false;
    if (rv_trans_fcsr(d))
        return true;
    bool writes = (f3 & 3) == 1 || rs1 != 0;
    /* The block start already counted the whole block. A counter access (cycle, instret,
       mcycle, minstret) ends the block, so during the helper call insn_count - 1 is exactly
       the number of instructions retired before this one. A write to minstret sets the value
       the next instruction reads: its own increment is not added back. */
    bool counter = csr == 0xc00 || csr == 0xc02 || csr == 0xb00 || csr == 0xb02;
    IrVal z = rvd_const(d, 0);
    IrVal src = (f3 & 4) ? rvd_const(d, rs1) : rvd_gpr(d, rs1);
    if (counter)
        adjust_insn_count(d, -1);
    bool status = writes && csr_write_flags_only(csr);
    if (status)
        IR_CALL(d->b, helper_csr_status, IR_CALL_TRAPS, rd ? rv_gpr_val((int)rd) : IR_NONE,
                rvd_const(d, i), src, z, z);
    else
        IR_CALL(d->b, helper_csr, IR_CALL_TRAPS, rd ? rv_gpr_val((int)rd) : IR_NONE,
                rvd_const(d, i), src, z, z);
    if (counter && !(writes && csr == 0xb02))
        adjust_insn_count(d, 1);
    /* A CSR write may change the TB flags, the MMU or enable an interrupt: leave, except for
       the CSRs that affect none of these and non-writing forms. */
    if (status) {
        /* unchanged flags: a chainable exit; changed: the jump cache under the new ones */
        IrVal t = rvd_temp(d);
        ir_emit(d->b, IR_ld_env, t, IR_NONE, IR_NONE,
                (int64_t)offsetof(RVCPU, csr_flags_changed));
        ir_brcond(d->b, IR_EQ, t, z, d->pc + (uint64_t)d->len, 0);
        rvd_goto_next(d);
    } else if (counter || (writes && !csr_write_keeps_block(csr))) {
        rvd_exit_next(d);
    }
    return true;
}
