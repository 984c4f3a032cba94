/* SPDX-License-Identifier: MIT */
/* Multi-hart guest test (bare metal, M-mode, -machine virt -bios none -smp NHARTS): every
   hart starts here with a0 = mhartid. Checked, with exact totals:
     1 amoadd.w / 2 amoadd.d: each hart adds 1 ITERS times to a shared counter;
     3 lr.w/sc.w, 4 lr.d/sc.d: the same through LR/SC retry loops;
     5 a spinlock (amoswap.w.aq / amoswap.w.rl) around a plain load/add/store;
     6 store buffering litmus (harts 0, 1): x = r; fence rw,rw; read y  ||  y = r; fence rw,rw;
       read x: at least one hart must see the other's store (RVWMO forbids both old);
     7 message passing (harts 0, 1): data; fence w,w; flag  ||  flag; fence r,r; data;
     8 cross-modifying code: hart 0 rewrites `li a0, K` in a function, hart 1 runs fence.i
       and calls it: it must return the new K.
   ISA manual vol. I: "A" extension, RVWMO (ch. 17), Zifencei. Pass: hart 0 writes 0x5555 to
   the SiFive test device; failure of check n: (n << 16) | 0x3333, so tern exits with n. */
#ifndef NHARTS
#define NHARTS 2
#endif
#ifndef ITERS
#define ITERS 20000
#endif
#ifndef ROUNDS
#define ROUNDS 2000
#endif
#define TEST_DEV 0x100000

    .section .text.init
    .globl _start
_start:
    csrr s0, mhartid
    li t0, NHARTS
    bgeu s0, t0, park            /* more harts than built for: keep out */

/* 1 amoadd.w */
    la s1, cnt_w
    li t1, ITERS
    li t2, 1
1:  amoadd.w zero, t2, (s1)
    addi t1, t1, -1
    bnez t1, 1b
/* 2 amoadd.d */
    la s1, cnt_d
    li t1, ITERS
1:  amoadd.d zero, t2, (s1)
    addi t1, t1, -1
    bnez t1, 1b
/* 3 lr.w/sc.w */
    la s1, lrsc_w
    li t1, ITERS
1:  lr.w t3, (s1)
    addiw t3, t3, 1
    sc.w t4, t3, (s1)
    bnez t4, 1b
    addi t1, t1, -1
    bnez t1, 1b
/* 4 lr.d/sc.d */
    la s1, lrsc_d
    li t1, ITERS
1:  lr.d t3, (s1)
    addi t3, t3, 1
    sc.d t4, t3, (s1)
    bnez t4, 1b
    addi t1, t1, -1
    bnez t1, 1b
/* 5 spinlock around a plain increment */
    la s1, lock
    la s2, locked_cnt
    li t1, ITERS
1:  li t3, 1
2:  amoswap.w.aq t4, t3, (s1)
    bnez t4, 2b
    ld t5, 0(s2)
    addi t5, t5, 1
    sd t5, 0(s2)
    amoswap.w.rl zero, zero, (s1)
    addi t1, t1, -1
    bnez t1, 1b

    li t0, 2
    bltu s0, t0, litmus          /* harts 0 and 1 do the litmus tests */
    j arrive

litmus:
/* 6 store buffering, ROUNDS rounds; each round between two barriers (bar1, bar2 count the
   arrivals of both harts: round r is released at 2r) */
    la s1, sb_x
    la s2, sb_y
    bnez s0, 1f
    mv s3, s1                    /* hart 0 stores x, reads y */
    mv s4, s2
    j 2f
1:  mv s3, s2                    /* hart 1 stores y, reads x */
    mv s4, s1
2:  la s5, bar1
    la s6, bar2
    la s7, sb_seen
    slli t0, s0, 3
    add s7, s7, t0               /* this hart's result word */
    li s8, 1                     /* round */
sb_round:
    slli s9, s8, 1               /* 2r */
    li t2, 1
    amoadd.d zero, t2, (s5)
1:  ld t3, 0(s5)
    blt t3, s9, 1b
    sd s8, 0(s3)
    fence rw, rw
    ld t4, 0(s4)
    sd t4, 0(s7)
    amoadd.d zero, t2, (s6)
1:  ld t3, 0(s6)
    blt t3, s9, 1b
    bnez s0, 2f
    la t5, sb_seen
    ld t3, 0(t5)                 /* hart 0 saw y */
    ld t4, 8(t5)                 /* hart 1 saw x */
    beq t3, s8, 2f
    beq t4, s8, 2f
    li a0, 6
    j fail
2:  addi s8, s8, 1
    li t0, ROUNDS
    ble s8, t0, sb_round

/* 7 message passing: hart 0 sends data = 3r, flag = r; hart 1 checks data after the flag */
    la s1, mp_data
    la s2, mp_flag
    la s3, mp_ack
    li s8, 1
mp_round:
    bnez s0, 2f
    li t0, 3
    mul t0, t0, s8
    sd t0, 0(s1)
    fence w, w
    sd s8, 0(s2)
1:  ld t3, 0(s3)                 /* wait for hart 1's ack of round r */
    blt t3, s8, 1b
    j 3f
2:  ld t3, 0(s2)
    blt t3, s8, 2b
    fence r, r
    ld t4, 0(s1)
    li t0, 3
    mul t0, t0, s8
    beq t4, t0, 1f
    li a0, 7
    j fail
1:  fence rw, w
    sd s8, 0(s3)
3:  addi s8, s8, 1
    li t0, ROUNDS
    ble s8, t0, mp_round

/* 8 cross-modifying code: round r patches `addi a0, zero, r & 0x7ff` into patchme */
    la s1, patchme
    la s2, xm_flag
    la s3, xm_ack
    li s8, 1
xm_round:
    andi s9, s8, 0x7ff
    bnez s0, 2f
    slli t0, s9, 20
    li t1, 0x00000513            /* addi a0, zero, 0 */
    or t0, t0, t1
    sw t0, 0(s1)
    fence w, w
    sd s8, 0(s2)
1:  ld t3, 0(s3)
    blt t3, s8, 1b
    j 3f
2:  ld t3, 0(s2)
    blt t3, s8, 2b
    fence.i
    jalr ra, 0(s1)
    beq a0, s9, 1f
    li a0, 8
    j fail
1:  fence rw, w
    sd s8, 0(s3)
3:  addi s8, s8, 1
    li t0, ROUNDS
    ble s8, t0, xm_round

arrive:
    la s1, done
    li t2, 1
    amoadd.w zero, t2, (s1)
    bnez s0, park
    li t0, NHARTS
1:  lw t3, 0(s1)                 /* hart 0 waits for everyone, then checks the totals */
    bne t3, t0, 1b
    li t6, NHARTS * ITERS
    lw t3, cnt_w
    li a0, 1
    bne t3, t6, fail
    ld t3, cnt_d
    li a0, 2
    bne t3, t6, fail
    lw t3, lrsc_w
    li a0, 3
    bne t3, t6, fail
    ld t3, lrsc_d
    li a0, 4
    bne t3, t6, fail
    ld t3, locked_cnt
    li a0, 5
    bne t3, t6, fail
    li t0, TEST_DEV
    li t1, 0x5555
    sw t1, 0(t0)
park:
    wfi
    j park

fail:                            /* a0 = number of the failed check */
    slli a0, a0, 16
    li t1, 0x3333
    or a0, a0, t1
    li t0, TEST_DEV
    sw a0, 0(t0)
    j park

    .text                        /* a code page of its own: patching it invalidates only it */
    .balign 4096
    .option push
    .option norvc                /* a 4-byte addi that a 4-byte store replaces */
patchme:
    addi a0, zero, 0
    ret
    .option pop

    .data
    .balign 64
cnt_w: .word 0
    .balign 64
cnt_d: .dword 0
    .balign 64
lrsc_w: .word 0
    .balign 64
lrsc_d: .dword 0
    .balign 64
lock: .word 0
    .balign 64
locked_cnt: .dword 0
    .balign 64
sb_x: .dword 0
    .balign 64
sb_y: .dword 0
    .balign 64
sb_seen: .dword 0, 0
    .balign 64
bar1: .dword 0
    .balign 64
bar2: .dword 0
    .balign 64
mp_data: .dword 0
    .balign 64
mp_flag: .dword 0
    .balign 64
mp_ack: .dword 0
    .balign 64
xm_flag: .dword 0
    .balign 64
xm_ack: .dword 0
    .balign 64
done: .word 0
