/* SPDX-License-Identifier: MIT */
/* Start-up of the bare-metal A64 test programs (entered at EL1, MMU off, as QEMU's virt without
   firmware does): stack, VBAR_EL1, main(), semihosting exit with main's status. The vector table
   saves X0-X30, ELR_EL1 and SPSR_EL1 in a frame on SP_EL1 and calls
   a64_exception(vector index 0-15, frame); the frame is restored (as the handler left it) and
   ERET returns. */
    .section .text.start, "ax"
    .global _start
_start:
    ldr x0, =__stack_top
    mov sp, x0
    adr x0, vectors
    msr vbar_el1, x0
    isb
    bl main
    b a64_exit

    .macro vec n
    .balign 0x80
    sub sp, sp, #272
    stp x0, x1, [sp, #0]
    mov x0, #\n
    b common
    .endm

    .balign 0x800
vectors:
    vec 0
    vec 1
    vec 2
    vec 3
    vec 4
    vec 5
    vec 6
    vec 7
    vec 8
    vec 9
    vec 10
    vec 11
    vec 12
    vec 13
    vec 14
    vec 15

common:
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    stp x18, x19, [sp, #144]
    stp x20, x21, [sp, #160]
    stp x22, x23, [sp, #176]
    stp x24, x25, [sp, #192]
    stp x26, x27, [sp, #208]
    stp x28, x29, [sp, #224]
    mrs x1, elr_el1
    mrs x2, spsr_el1
    stp x30, x1, [sp, #240]
    str x2, [sp, #256]
    mov x1, sp
    bl a64_exception
    ldp x30, x1, [sp, #240]
    ldr x2, [sp, #256]
    msr elr_el1, x1
    msr spsr_el1, x2
    ldp x0, x1, [sp, #0]
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x19, [sp, #144]
    ldp x20, x21, [sp, #160]
    ldp x22, x23, [sp, #176]
    ldp x24, x25, [sp, #192]
    ldp x26, x27, [sp, #208]
    ldp x28, x29, [sp, #224]
    add sp, sp, #272
    eret
