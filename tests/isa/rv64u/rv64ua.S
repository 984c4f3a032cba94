/* SPDX-License-Identifier: MIT */
/* RV64A (unprivileged ISA, "A" Extension for Atomic Instructions): every AMO in .w and .d form
   (rd gets the old value, .w results sign-extended, .w uses only the low word of rs2 and writes
   only its 4 bytes, signed vs unsigned min/max), aq/rl variants, and LR/SC: SC without a
   reservation fails with rd = 1 and stores nothing, LR then SC succeeds with rd = 0, a second
   SC fails, SC to an address other than the reserved one fails. */
#include "test_macros.h"

/* amo_buf holds old; inst a0, rs2=operand, (amo_buf); a0 must be rd_expect and memory new. */
#define TEST_AMO_D(n, inst, old, operand, rd_expect, new)                               \
        TEST_START(n);                                                                  \
        la a1, amo_buf;                                                                 \
        li a3, old;                                                                     \
        sd a3, 0(a1);                                                                   \
        li a2, operand;                                                                 \
        inst a0, a2, (a1);                                                              \
        CHECK_REG(a0, rd_expect);                                                       \
        ld a4, 0(a1);                                                                   \
        CHECK_REG(a4, new)

/* .w form: the neighbouring word (amo_buf + 4) holds a guard value that must survive. */
#define TEST_AMO_W(n, inst, old, operand, rd_expect, new)                               \
        TEST_START(n);                                                                  \
        la a1, amo_buf;                                                                 \
        li a3, 0x5a5a5a5a;                                                              \
        sw a3, 4(a1);                                                                   \
        li a3, old;                                                                     \
        sw a3, 0(a1);                                                                   \
        li a2, operand;                                                                 \
        inst a0, a2, (a1);                                                              \
        CHECK_REG(a0, rd_expect);                                                       \
        lw a4, 0(a1);                                                                   \
        CHECK_REG(a4, new);                                                             \
        lw a4, 4(a1);                                                                   \
        CHECK_REG(a4, 0x5a5a5a5a)

RVTEST_BEGIN

        /* SC with no reservation (none since reset): fails with 1 and does not store */
        TEST_START(1)
        la a1, amo_buf
        li a3, 0x1111
        sd a3, 0(a1)
        li a2, 0x2222
        sc.d a0, a2, (a1)
        CHECK_REG(a0, 1)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x1111)
        sc.w a0, a2, (a1)
        CHECK_REG(a0, 1)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x1111)

        /* lr.d then sc.d succeeds; a second sc.d fails and does not store */
        TEST_START(2)
        la a1, amo_buf
        li a3, 0x8000000000000001
        sd a3, 0(a1)
        lr.d a0, (a1)
        CHECK_REG(a0, 0x8000000000000001)
        li a2, 0x0123456789abcdef
        sc.d a5, a2, (a1)
        CHECK_REG(a5, 0)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x0123456789abcdef)
        li a2, 0x77
        sc.d a5, a2, (a1)
        CHECK_REG(a5, 1)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x0123456789abcdef)

        /* lr.w sign-extends; sc.w stores 4 bytes only; a second sc.w fails */
        TEST_START(3)
        la a1, amo_buf
        li a3, 0x5a5a5a5a80000001
        sd a3, 0(a1)
        lr.w a0, (a1)
        CHECK_REG(a0, 0xffffffff80000001)
        li a2, 0xffffffff00000042
        sc.w a5, a2, (a1)
        CHECK_REG(a5, 0)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x5a5a5a5a00000042)
        li a2, 0x99
        sc.w a5, a2, (a1)
        CHECK_REG(a5, 1)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x5a5a5a5a00000042)

        /* SC to an address outside the reservation (4 KiB away) fails and stores nothing */
        TEST_START(4)
        la a1, amo_buf
        la a2, amo_far
        sd zero, 0(a2)
        lr.d a0, (a1)
        li a3, 0x33
        sc.d a5, a3, (a2)
        CHECK_REG(a5, 1)
        ld a4, 0(a2)
        CHECK_REG(a4, 0)

        /* aq/rl variants behave the same; an lr/sc increment loop */
        TEST_START(5)
        la a1, amo_buf
        li a3, 41
        sd a3, 0(a1)
1:      lr.d.aq a0, (a1)
        addi a0, a0, 1
        sc.d.rl a5, a0, (a1)
        bnez a5, 1b
        ld a4, 0(a1)
        CHECK_REG(a4, 42)
        lr.w.aqrl a0, (a1)
        sc.w.aqrl a5, a0, (a1)
        CHECK_REG(a5, 0)
        CHECK_REG(a0, 42)

        /* rd == x0 for sc: the store still happens (success not observable except memory) */
        TEST_START(6)
        la a1, amo_buf
        lr.d a0, (a1)
        li a2, 0x4343
        sc.d x0, a2, (a1)
        ld a4, 0(a1)
        CHECK_REG(a4, 0x4343)

        /* amoswap */
        TEST_AMO_D(10, amoswap.d, 0x8000000000000000, 0x0123456789abcdef, 0x8000000000000000, 0x0123456789abcdef)
        TEST_AMO_W(11, amoswap.w, 0x80000000, 0x01234567, 0xffffffff80000000, 0x01234567)
        TEST_AMO_W(12, amoswap.w, 0x7fffffff, 0xffffffff80000000, 0x7fffffff, 0xffffffff80000000)
        /* amoadd */
        TEST_AMO_D(13, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_AMO_D(14, amoadd.d, 0xffffffffffffffff, 2, 0xffffffffffffffff, 1)
        TEST_AMO_W(15, amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0xffffffff80000000)
        TEST_AMO_W(16, amoadd.w, 0xffffffff, 0xffffffff00000001, 0xffffffffffffffff, 0)
        /* amoxor / amoand / amoor */
        TEST_AMO_D(17, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
        TEST_AMO_W(18, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffff0f0f0f0)
        TEST_AMO_D(19, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
        TEST_AMO_W(20, amoand.w, 0xff00ff00, 0xfff00ff0, 0xffffffffff00ff00, 0xffffffffff000f00)
        TEST_AMO_D(21, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
        TEST_AMO_W(22, amoor.w, 0x0000ff00, 0x80000000, 0xff00, 0xffffffff8000ff00)
        /* amomin / amomax: signed */
        TEST_AMO_D(23, amomin.d, 0xffffffffffffffff, 1, 0xffffffffffffffff, 0xffffffffffffffff)
        TEST_AMO_D(24, amomin.d, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_AMO_D(25, amomax.d, 0xffffffffffffffff, 1, 0xffffffffffffffff, 1)
        TEST_AMO_D(26, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_AMO_W(27, amomin.w, 0xffffffff, 1, 0xffffffffffffffff, 0xffffffffffffffff)
        TEST_AMO_W(28, amomin.w, 5, 0x0000000180000000, 5, 0xffffffff80000000)
        TEST_AMO_W(29, amomax.w, 0xffffffff, 1, 0xffffffffffffffff, 1)
        TEST_AMO_W(30, amomax.w, 0x80000000, 0xffffffff7fffffff, 0xffffffff80000000, 0x7fffffff)
        /* amominu / amomaxu: unsigned */
        TEST_AMO_D(31, amominu.d, 0xffffffffffffffff, 1, 0xffffffffffffffff, 1)
        TEST_AMO_D(32, amominu.d, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff)
        TEST_AMO_D(33, amomaxu.d, 0xffffffffffffffff, 1, 0xffffffffffffffff, 0xffffffffffffffff)
        TEST_AMO_D(34, amomaxu.d, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_AMO_W(35, amominu.w, 0xffffffff, 1, 0xffffffffffffffff, 1)
        TEST_AMO_W(36, amominu.w, 5, 0xffffffff00000003, 5, 3)
        TEST_AMO_W(37, amomaxu.w, 0xffffffff, 1, 0xffffffffffffffff, 0xffffffffffffffff)
        TEST_AMO_W(38, amomaxu.w, 0x7fffffff, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000)
        /* equal operands */
        TEST_AMO_W(39, amomin.w, 0x80000000, 0x80000000, 0xffffffff80000000, 0xffffffff80000000)
        TEST_AMO_D(40, amomaxu.d, 42, 42, 42, 42)
        /* aq / rl / aqrl encodings */
        TEST_AMO_D(41, amoadd.d.aq, 1, 2, 1, 3)
        TEST_AMO_W(42, amoswap.w.rl, 1, 2, 1, 2)
        TEST_AMO_D(43, amoor.d.aqrl, 1, 2, 1, 3)

        /* rd == x0 still updates memory; rd == rs2 gets the old value */
        TEST_START(44)
        la a1, amo_buf
        li a3, 10
        sd a3, 0(a1)
        li a2, 5
        amoadd.d x0, a2, (a1)
        ld a4, 0(a1)
        CHECK_REG(a4, 15)
        li a2, 100
        amoswap.d a2, a2, (a1)
        CHECK_REG(a2, 15)
        ld a4, 0(a1)
        CHECK_REG(a4, 100)

        /* an AMO between lr and sc to the same address: the AMO does not break this hart's
           own later LR/SC pair (a fresh LR re-reserves) */
        TEST_START(45)
        la a1, amo_buf
        li a2, 1
        amoadd.d x0, a2, (a1)
        lr.d a0, (a1)
        CHECK_REG(a0, 101)
        sc.d a5, a2, (a1)
        CHECK_REG(a5, 0)
        ld a4, 0(a1)
        CHECK_REG(a4, 1)

RVTEST_END

        .data
        .balign 64
amo_buf:
        .dword 0, 0
        .balign 4096
        .skip 64
amo_far:
        .dword 0
