/* SPDX-License-Identifier: MIT */
/* Entry of tern's bare-metal C programs on -machine spike: hart 0 sets up a stack, enables
   the FPU, clears .bss and calls main; other harts park in wfi. main's return value is the
   exit code reported through HTIF. */
    .section .text.init
    .globl _start
_start:
    csrr    t0, mhartid
    bnez    t0, 2f
    la      sp, __stack_top
    li      t0, (1 << 13)          /* mstatus.FS = initial */
    csrs    mstatus, t0
    csrwi   fcsr, 0
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 3f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
3:  call    main
    call    bm_exit
2:  wfi
    j       2b
