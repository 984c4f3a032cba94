/* SPDX-License-Identifier: MIT */
/* Zicsr on the user-visible CSRs (unprivileged ISA, "Zicsr" and the F extension's "Floating-
   Point Control and Status Register"): csrrw/csrrs/csrrc and their immediate forms on
   fcsr/frm/fflags (old value returned, field widths, aliasing of frm/fflags inside fcsr, sticky
   accrued flags), cycle/instret strictly increasing, time non-decreasing (or trapping, as the
   spike platform does not implement it in hardware), and writes to read-only counters trapping. */
#include "test_macros.h"

RVTEST_BEGIN

        /* fcsr: only bits 7:0 exist (frm 7:5, fflags 4:0) */
        TEST_CASE(1, a0, 0, csrwi fcsr, 0; frcsr a0)
        TEST_CASE(2, a0, 0, li a1, 0xffffffff; csrrw a0, fcsr, a1)
        TEST_CASE(3, a0, 0xff, frcsr a0)
        TEST_CASE(4, a0, 7, frrm a0)
        TEST_CASE(5, a0, 0x1f, frflags a0)
        /* fflags/frm writes are truncated to their widths and leave the other field alone */
        TEST_CASE(6, a0, 0x1f, li a1, 0x20; csrrw a0, fflags, a1)
        TEST_CASE(7, a0, 0xe0, frcsr a0)
        TEST_CASE(8, a0, 7, li a1, 0xf9; csrrw a0, frm, a1)
        TEST_CASE(9, a0, 0x20, frcsr a0)
        TEST_CASE(10, a0, 0x85, li a1, 0x85; fscsr a1; frrm a2; CHECK_REG(a2, 4); frcsr a0)
        TEST_CASE(11, a0, 0x05, frflags a0)
        /* csrrs / csrrc: return old, set / clear the bits of rs1 */
        TEST_CASE(12, a0, 0, csrwi fcsr, 0; li a1, 0x5; csrrs a0, fflags, a1)
        TEST_CASE(13, a0, 0x5, li a1, 0x2; csrrs a0, fflags, a1)
        TEST_CASE(14, a0, 0x7, li a1, 0x3; csrrc a0, fflags, a1)
        TEST_CASE(15, a0, 0x4, frflags a0)
        /* immediate forms */
        TEST_CASE(16, a0, 0x4, csrrsi a0, fflags, 0x18)
        TEST_CASE(17, a0, 0x1c, csrrci a0, fflags, 0x1c)
        TEST_CASE(18, a0, 0, frflags a0)
        TEST_CASE(19, a0, 0, csrrwi a0, frm, 3)
        TEST_CASE(20, a0, 0x60, frcsr a0)
        TEST_CASE(21, a0, 3, csrrwi a0, frm, RM_RMM; frrm a1; CHECK_REG(a1, RM_RMM))
        TEST_CASE(22, a0, 0x9f, csrrsi a0, fcsr, 0x1f; CHECK_REG(a0, 0x80); csrrci a0, fcsr, 0x1f)
        TEST_CASE(23, a0, 0x80, frcsr a0)
        /* rs1 == x0 / uimm == 0 for csrrs/csrrc only reads */
        TEST_CASE(24, a0, 0x80, csrrs a0, fcsr, x0; csrrc a1, fcsr, x0; csrrsi a1, fcsr, 0; frcsr a0)
        /* rd == x0 still writes; rd == rs1 gets the old value */
        TEST_CASE(25, a0, 0x11, li a1, 0x11; csrrw x0, fcsr, a1; frcsr a0)
        TEST_CASE(26, a1, 0x11, li a1, 0x3; csrrw a1, fcsr, a1; frcsr a2; CHECK_REG(a2, 0x3))
        /* pseudo-instructions that swap */
        TEST_CASE(27, a0, 0x3, li a1, 0x8; fsflags a0, a1; frflags a2; CHECK_REG(a2, 0x8))
        TEST_CASE(28, a0, 0x0, li a1, RM_RUP; fsrm a0, a1; frrm a2; CHECK_REG(a2, RM_RUP))
        TEST_CASE(29, a0, 0x8, fsflagsi a0, 0x1; frflags a2; CHECK_REG(a2, 0x1))
        TEST_CASE(30, a0, RM_RUP, fsrmi a0, RM_RNE; frrm a2; CHECK_REG(a2, RM_RNE))

        /* FP exceptions accrue into fflags and are sticky */
        TEST_CASE(31, a0, FF_DZ, csrwi fflags, 0; li a1, 0x3f800000; fmv.w.x fa0, a1; fmv.w.x fa1, x0;
                  fdiv.s fa2, fa0, fa1; frflags a0)
        TEST_CASE(32, a0, FF_DZ | FF_NX, li a1, 0x40400000; fmv.w.x fa1, a1; fdiv.s fa2, fa0, fa1; frflags a0)
        TEST_CASE(33, a0, FF_DZ | FF_NX, fadd.s fa2, fa0, fa0; frflags a0)
        TEST_CASE(34, a0, (FF_DZ | FF_NX), frcsr a0)
        TEST_CASE(35, a0, 0, csrwi fflags, 0; fadd.s fa2, fa0, fa0; frflags a0)

        /* cycle and instret strictly increase across a short loop */
        TEST_START(36)
        rdcycle a1
        li a3, 100
1:      addi a3, a3, -1
        bnez a3, 1b
        rdcycle a2
        bgeu a1, a2, fail
        TEST_START(37)
        rdinstret a1
        li a3, 100
1:      addi a3, a3, -1
        bnez a3, 1b
        rdinstret a2
        bgeu a1, a2, fail
        /* back-to-back reads never go backwards */
        TEST_START(38)
        rdinstret a1
        rdinstret a2
        bltu a2, a1, fail
        rdcycle a1
        rdcycle a2
        bltu a2, a1, fail
        /* csrrs with rs1 = x0 / csrrsi with uimm = 0 on a read-only counter is a plain read */
        TEST_CASE(39, a0, 1, csrrs a1, cycle, x0; csrrsi a2, instret, 0; csrrci a2, cycle, 0; li a0, 1)

        /* time: either traps as illegal (emulated by M-mode software on spike) or does not
           go backwards */
        TEST_START(40)
        la t5, tern_trap_resume
        la t6, 2f
        sd t6, 0(t5)
        rdtime a1
        li a3, 100
1:      addi a3, a3, -1
        bnez a3, 1b
        rdtime a2
        la t5, tern_trap_resume
        sd zero, 0(t5)
        bltu a2, a1, fail
        j 3f
2:      la t5, tern_trap_cause
        ld t5, 0(t5)
        li t6, CAUSE_ILLEGAL_INSN
        bne t5, t6, fail
3:

        /* writes to read-only counters are illegal */
        TEST_TRAP(41, CAUSE_ILLEGAL_INSN, li a1, 5; csrrw x0, cycle, a1)
        TEST_TRAP(42, CAUSE_ILLEGAL_INSN, csrrwi a0, instret, 1)
        TEST_TRAP(43, CAUSE_ILLEGAL_INSN, csrrsi a0, cycle, 1)
        /* a CSR that does not exist is illegal */
        TEST_TRAP(44, CAUSE_ILLEGAL_INSN, csrr a0, 0x8ff)

RVTEST_END
