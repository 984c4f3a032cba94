/* SPDX-License-Identifier: MIT */
/* Bare-metal test environment for tern's ISA test programs (M-mode, "p"-style): start-up code,
   HTIF tohost/fromhost pass/fail reporting, a trap handler that fails on unexpected traps, and
   the TEST_* case macros. Follows the RISC-V unprivileged ISA and the privileged spec's M-mode
   CSRs (mstatus.FS, mtvec, mepc, mcause, mtval). */

/* Conventions every program relies on:
   - gp (x3) holds the current case number; a failure reports tohost = (gp << 1) | 1, so the
     emulator exits with status gp. Case numbers are 1..254 (exit statuses are 8 bits); 255 is
     reported for a failure outside any case.
   - t5/t6 (x30/x31) are scratch registers of the macros: test code must not expect them to
     survive a macro and must not use them as the checked result register.
   - Operands of the FP macros are raw IEEE bit patterns (single: 32-bit, double: 64-bit).
   - Code is assembled with `.option norvc` (32-bit encodings only) unless a program opts in to
     compressed encodings with `.option rvc` after RVTEST_BEGIN.
   - Every trap records mcause/mepc/mtval at tern_trap_cause/+8/+16; it fails the current case
     unless TEST_TRAP armed tern_trap_resume. */
#ifndef TERN_ISA_TEST_MACROS_H
#define TERN_ISA_TEST_MACROS_H

#define TESTNUM gp

#define MSTATUS_FS_DIRTY 0x6000
#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_ECALL_M 11

/* Rounding-mode encodings of frm / the instruction rm field. */
#define RM_RNE 0
#define RM_RTZ 1
#define RM_RDN 2
#define RM_RUP 3
#define RM_RMM 4

/* fflags bits. */
#define FF_NX 0x01
#define FF_UF 0x02
#define FF_OF 0x04
#define FF_DZ 0x08
#define FF_NV 0x10

/* ------------------------------------------------------------------------------------------ */
/* Program skeleton                                                                            */
/* ------------------------------------------------------------------------------------------ */

#define RVTEST_BEGIN                                                                    \
        /* 32-bit encodings unless a program opts in with `.option rvc` */              \
        .option norvc;                                                                  \
        .pushsection .tohost, "aw", @progbits;                                          \
        .balign 64;                                                                     \
        .globl tohost;                                                                  \
tohost: .dword 0;                                                                       \
        .size tohost, 8;                                                                \
        .balign 64;                                                                     \
        .globl fromhost;                                                                \
fromhost: .dword 0;                                                                     \
        .size fromhost, 8;                                                              \
        .popsection;                                                                    \
        .pushsection .bss;                                                              \
        .balign 16;                                                                     \
tern_stack: .skip 4096;                                                                 \
tern_stack_top:                                                                         \
        .popsection;                                                                    \
        .pushsection .data;                                                             \
        .balign 8;                                                                      \
        /* non-zero: an expected trap resumes here (one-shot) */                        \
        .globl tern_trap_resume;                                                        \
tern_trap_resume: .dword 0;                                                             \
        /* mcause / mepc / mtval of the last trap, expected or not */                   \
        .globl tern_trap_cause;                                                         \
tern_trap_cause: .dword 0;                                                              \
tern_trap_epc: .dword 0;                                                                \
tern_trap_tval: .dword 0;                                                               \
        .popsection;                                                                    \
        .pushsection .text.init, "ax", @progbits;                                       \
        .globl _start;                                                                  \
_start:                                                                                 \
        INIT_XREGS;                                                                     \
        la t0, tern_trap_vector;                                                        \
        csrw mtvec, t0;                                                                 \
        li t0, MSTATUS_FS_DIRTY;                                                        \
        csrs mstatus, t0;                                                               \
        csrwi fcsr, 0;                                                                  \
        INIT_FREGS;                                                                     \
        li t0, 0;                                                                       \
        la sp, tern_stack_top;                                                          \
        li TESTNUM, 0;                                                                  \
        j tern_test_body;                                                               \
        .balign 4;                                                                      \
tern_trap_vector:                                                                       \
        la t5, tern_trap_cause;                                                         \
        csrr t6, mcause;                                                                \
        sd t6, 0(t5);                                                                   \
        csrr t6, mepc;                                                                  \
        sd t6, 8(t5);                                                                   \
        csrr t6, mtval;                                                                 \
        sd t6, 16(t5);                                                                  \
        la t5, tern_trap_resume;                                                        \
        ld t6, 0(t5);                                                                   \
        bnez t6, 1f;                                                                    \
        j fail;                                                                         \
1:      sd zero, 0(t5);                                                                 \
        csrw mepc, t6;                                                                  \
        mret;                                                                           \
        .popsection;                                                                    \
        .text;                                                                          \
tern_test_body:

/* Report success: tohost = 1. */
#define RVTEST_PASS                                                                     \
        fence;                                                                          \
        li t5, 1;                                                                       \
        la t6, tohost;                                                                  \
1:      sd t5, 0(t6);                                                                   \
        j 1b

/* Report failure of case TESTNUM: tohost = (TESTNUM << 1) | 1 (255 outside any case). */
#define RVTEST_FAIL                                                                     \
        fence;                                                                          \
        bnez TESTNUM, 1f;                                                               \
        li TESTNUM, 255;                                                                \
1:      slli t5, TESTNUM, 1;                                                            \
        ori t5, t5, 1;                                                                  \
        la t6, tohost;                                                                  \
2:      sd t5, 0(t6);                                                                   \
        j 2b

/* Ends the test body: falls into pass; `fail` is the common failure target. */
#define RVTEST_END                                                                      \
        RVTEST_PASS;                                                                    \
        .balign 4;                                                                      \
fail:                                                                                   \
        RVTEST_FAIL

#define INIT_XREGS                                                                      \
        li x1, 0;  li x2, 0;  li x3, 0;  li x4, 0;  li x5, 0;  li x6, 0;  li x7, 0;      \
        li x8, 0;  li x9, 0;  li x10, 0; li x11, 0; li x12, 0; li x13, 0; li x14, 0;     \
        li x15, 0; li x16, 0; li x17, 0; li x18, 0; li x19, 0; li x20, 0; li x21, 0;     \
        li x22, 0; li x23, 0; li x24, 0; li x25, 0; li x26, 0; li x27, 0; li x28, 0;     \
        li x29, 0; li x30, 0; li x31, 0

#define INIT_FREGS                                                                      \
        fmv.d.x f0, x0;  fmv.d.x f1, x0;  fmv.d.x f2, x0;  fmv.d.x f3, x0;              \
        fmv.d.x f4, x0;  fmv.d.x f5, x0;  fmv.d.x f6, x0;  fmv.d.x f7, x0;              \
        fmv.d.x f8, x0;  fmv.d.x f9, x0;  fmv.d.x f10, x0; fmv.d.x f11, x0;             \
        fmv.d.x f12, x0; fmv.d.x f13, x0; fmv.d.x f14, x0; fmv.d.x f15, x0;             \
        fmv.d.x f16, x0; fmv.d.x f17, x0; fmv.d.x f18, x0; fmv.d.x f19, x0;             \
        fmv.d.x f20, x0; fmv.d.x f21, x0; fmv.d.x f22, x0; fmv.d.x f23, x0;             \
        fmv.d.x f24, x0; fmv.d.x f25, x0; fmv.d.x f26, x0; fmv.d.x f27, x0;             \
        fmv.d.x f28, x0; fmv.d.x f29, x0; fmv.d.x f30, x0; fmv.d.x f31, x0

/* ------------------------------------------------------------------------------------------ */
/* Integer cases                                                                               */
/* ------------------------------------------------------------------------------------------ */

/* Starts case n: sets TESTNUM and rejects numbers the exit status cannot carry. n may be an
   expression (e.g. base + 3) for macros that expand to several cases. */
#define TEST_START(n)                                                                   \
        .if ((n) < 1) || ((n) > 254);                                                   \
        .error "test case number out of range 1..254";                                  \
        .endif;                                                                         \
        li TESTNUM, n

/* Runs code, then requires the 64-bit register reg to equal expected. */
#define TEST_CASE(n, reg, expected, code...)                                            \
        TEST_START(n);                                                                  \
        code;                                                                           \
        li t6, expected;                                                                \
        bne reg, t6, fail

/* Mid-case check (same TESTNUM) of a further register. */
#define CHECK_REG(reg, expected)                                                        \
        li t6, expected;                                                                \
        bne reg, t6, fail

/* Register/register and register/immediate ALU ops; also the rd==rs aliasing forms. */
#define TEST_RR_OP(n, inst, result, v1, v2)                                             \
        TEST_CASE(n, a0, result, li a1, v1; li a2, v2; inst a0, a1, a2)
#define TEST_RR_SRC1_EQ_DEST(n, inst, result, v1, v2)                                   \
        TEST_CASE(n, a1, result, li a1, v1; li a2, v2; inst a1, a1, a2)
#define TEST_RR_SRC2_EQ_DEST(n, inst, result, v1, v2)                                   \
        TEST_CASE(n, a2, result, li a1, v1; li a2, v2; inst a2, a1, a2)
#define TEST_RR_SRC12_EQ_DEST(n, inst, result, v1)                                      \
        TEST_CASE(n, a1, result, li a1, v1; inst a1, a1, a1)
#define TEST_IMM_OP(n, inst, result, v1, imm)                                           \
        TEST_CASE(n, a0, result, li a1, v1; inst a0, a1, imm)
#define TEST_IMM_SRC1_EQ_DEST(n, inst, result, v1, imm)                                 \
        TEST_CASE(n, a1, result, li a1, v1; inst a1, a1, imm)
#define TEST_R_OP(n, inst, result, v1)                                                  \
        TEST_CASE(n, a0, result, li a1, v1; inst a0, a1)
/* Writes to x0 must be discarded. */
#define TEST_RR_ZERODEST(n, inst, v1, v2)                                               \
        TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; inst x0, a1, a2)

/* Requires that code traps with mcause == cause; execution resumes after code. n must be a
   literal here (it names the resume label). */
#define TEST_TRAP(n, cause, code...)                                                    \
        TEST_START(n);                                                                  \
        la t5, tern_trap_resume;                                                        \
        la t6, test_##n##_resume;                                                       \
        sd t6, 0(t5);                                                                   \
        code;                                                                           \
        j fail;                                                                         \
test_##n##_resume:                                                                      \
        la t5, tern_trap_cause;                                                         \
        ld t5, 0(t5);                                                                   \
        li t6, cause;                                                                   \
        bne t5, t6, fail

/* ------------------------------------------------------------------------------------------ */
/* Floating-point cases                                                                        */
/* ------------------------------------------------------------------------------------------ */

/* fflags must equal flags exactly. */
#define CHECK_FFLAGS(flags)                                                             \
        frflags t5;                                                                     \
        li t6, flags;                                                                   \
        bne t5, t6, fail

/* code leaves a single-precision result in fa3: it must be NaN-boxed (upper 32 bits all
   ones) with low word `bits`, and fflags must be exactly `flags`. */
#define TEST_FP_S_RESULT(n, flags, bits, code...)                                       \
        TEST_START(n);                                                                  \
        fsflags x0;                                                                     \
        code;                                                                           \
        CHECK_FFLAGS(flags);                                                            \
        fmv.x.d t5, fa3;                                                                \
        srai t6, t5, 32;                                                                \
        addi t6, t6, 1;                                                                 \
        bnez t6, fail;                                                                  \
        slli t5, t5, 32;                                                                \
        srli t5, t5, 32;                                                                \
        li t6, bits;                                                                    \
        bne t5, t6, fail

/* code leaves a double-precision result in fa3. */
#define TEST_FP_D_RESULT(n, flags, bits, code...)                                       \
        TEST_START(n);                                                                  \
        fsflags x0;                                                                     \
        code;                                                                           \
        CHECK_FFLAGS(flags);                                                            \
        fmv.x.d t5, fa3;                                                                \
        li t6, bits;                                                                    \
        bne t5, t6, fail

/* code leaves an integer result in a0 (compares, classify, conversions to integer). */
#define TEST_FP_X_RESULT(n, flags, result, code...)                                     \
        TEST_START(n);                                                                  \
        fsflags x0;                                                                     \
        code;                                                                           \
        CHECK_FFLAGS(flags);                                                            \
        li t6, result;                                                                  \
        bne a0, t6, fail

/* Operand loading: single values are properly NaN-boxed by fmv.w.x. */
#define LOAD_S(freg, bits) li t5, bits; fmv.w.x freg, t5
#define LOAD_D(freg, bits) li t5, bits; fmv.d.x freg, t5

/* rm is an assembler rounding-mode operand: rne, rtz, rdn, rup, rmm or dyn. */
#define TEST_FP_OP1_S(n, inst, rm, flags, res, a)                                       \
        TEST_FP_S_RESULT(n, flags, res, LOAD_S(fa0, a); inst fa3, fa0, rm)
#define TEST_FP_OP2_S(n, inst, rm, flags, res, a, b)                                    \
        TEST_FP_S_RESULT(n, flags, res, LOAD_S(fa0, a); LOAD_S(fa1, b); inst fa3, fa0, fa1, rm)
#define TEST_FP_OP3_S(n, inst, rm, flags, res, a, b, c)                                 \
        TEST_FP_S_RESULT(n, flags, res, LOAD_S(fa0, a); LOAD_S(fa1, b); LOAD_S(fa2, c);  \
                         inst fa3, fa0, fa1, fa2, rm)
/* Ops without a rounding-mode operand (fmin/fmax/fsgnj*). */
#define TEST_FP_OP2N_S(n, inst, flags, res, a, b)                                       \
        TEST_FP_S_RESULT(n, flags, res, LOAD_S(fa0, a); LOAD_S(fa1, b); inst fa3, fa0, fa1)
#define TEST_FP_CMP_S(n, inst, flags, res, a, b)                                        \
        TEST_FP_X_RESULT(n, flags, res, LOAD_S(fa0, a); LOAD_S(fa1, b); inst a0, fa0, fa1)
#define TEST_FCLASS_S(n, res, a)                                                        \
        TEST_FP_X_RESULT(n, 0, res, LOAD_S(fa0, a); fclass.s a0, fa0)
/* float -> integer (inst is fcvt.{w,wu,l,lu}.s) */
#define TEST_FCVT_X_S(n, inst, rm, flags, res, a)                                       \
        TEST_FP_X_RESULT(n, flags, res, LOAD_S(fa0, a); inst a0, fa0, rm)
/* integer -> float (inst is fcvt.s.{w,wu,l,lu}) */
#define TEST_FCVT_S_X(n, inst, rm, flags, res, x)                                       \
        TEST_FP_S_RESULT(n, flags, res, li a0, x; inst fa3, a0, rm)

#define TEST_FP_OP1_D(n, inst, rm, flags, res, a)                                       \
        TEST_FP_D_RESULT(n, flags, res, LOAD_D(fa0, a); inst fa3, fa0, rm)
#define TEST_FP_OP2_D(n, inst, rm, flags, res, a, b)                                    \
        TEST_FP_D_RESULT(n, flags, res, LOAD_D(fa0, a); LOAD_D(fa1, b); inst fa3, fa0, fa1, rm)
#define TEST_FP_OP3_D(n, inst, rm, flags, res, a, b, c)                                 \
        TEST_FP_D_RESULT(n, flags, res, LOAD_D(fa0, a); LOAD_D(fa1, b); LOAD_D(fa2, c);  \
                         inst fa3, fa0, fa1, fa2, rm)
#define TEST_FP_OP2N_D(n, inst, flags, res, a, b)                                       \
        TEST_FP_D_RESULT(n, flags, res, LOAD_D(fa0, a); LOAD_D(fa1, b); inst fa3, fa0, fa1)
#define TEST_FP_CMP_D(n, inst, flags, res, a, b)                                        \
        TEST_FP_X_RESULT(n, flags, res, LOAD_D(fa0, a); LOAD_D(fa1, b); inst a0, fa0, fa1)
#define TEST_FCLASS_D(n, res, a)                                                        \
        TEST_FP_X_RESULT(n, 0, res, LOAD_D(fa0, a); fclass.d a0, fa0)
#define TEST_FCVT_X_D(n, inst, rm, flags, res, a)                                       \
        TEST_FP_X_RESULT(n, flags, res, LOAD_D(fa0, a); inst a0, fa0, rm)
#define TEST_FCVT_D_X(n, inst, rm, flags, res, x)                                       \
        TEST_FP_D_RESULT(n, flags, res, li a0, x; inst fa3, a0, rm)

/* One case: frm = frmval, run setup then OP(rm), restore frm = RNE. */
#define RM_CASE_S(n, flags, res, frmval, OP, rm, setup...)                              \
        TEST_FP_S_RESULT(n, flags, res, fsrmi frmval; setup; OP(rm); fsrmi RM_RNE)
#define RM_CASE_D(n, flags, res, frmval, OP, rm, setup...)                              \
        TEST_FP_D_RESULT(n, flags, res, fsrmi frmval; setup; OP(rm); fsrmi RM_RNE)
#define RM_CASE_X(n, flags, res, frmval, OP, rm, setup...)                              \
        TEST_FP_X_RESULT(n, flags, res, fsrmi frmval; setup; OP(rm); fsrmi RM_RNE)

/* Ten cases n..n+9: static rne/rtz/rdn/rup/rmm (frm set to a conflicting mode), then dyn with
   frm = RNE/RTZ/RDN/RUP/RMM. OP(rm) is a macro expanding to the instruction; setup loads the
   operands. */
#define RM10(CASE, n, flags, OP, r_rne, r_rtz, r_rdn, r_rup, r_rmm, setup...)            \
        CASE(n + 0, flags, r_rne, RM_RMM, OP, rne, setup);                              \
        CASE(n + 1, flags, r_rtz, RM_RUP, OP, rtz, setup);                              \
        CASE(n + 2, flags, r_rdn, RM_RUP, OP, rdn, setup);                              \
        CASE(n + 3, flags, r_rup, RM_RDN, OP, rup, setup);                              \
        CASE(n + 4, flags, r_rmm, RM_RTZ, OP, rmm, setup);                              \
        CASE(n + 5, flags, r_rne, RM_RNE, OP, dyn, setup);                              \
        CASE(n + 6, flags, r_rtz, RM_RTZ, OP, dyn, setup);                              \
        CASE(n + 7, flags, r_rdn, RM_RDN, OP, dyn, setup);                              \
        CASE(n + 8, flags, r_rup, RM_RUP, OP, dyn, setup);                              \
        CASE(n + 9, flags, r_rmm, RM_RMM, OP, dyn, setup)

#endif
