/* SPDX-License-Identifier: MIT */
/* Semihosting output and exit for the bare-metal A64 tests (HLT #0xF000; SYS_WRITE0 = 4,
   SYS_EXIT = 0x18 with {ADP_Stopped_ApplicationExit, status}). */
#include "a64lib.h"

int a64_failures;

static uint64_t semi(uint64_t op, const void *arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void a64_puts(const char *s) { semi(4, s); }

void a64_hex(const char *label, uint64_t v)
{
    char buf[40], *p = buf;
    a64_puts(label);
    *p++ = '=', *p++ = '0', *p++ = 'x';
    int i = 60;
    while (i > 0 && !((v >> i) & 0xf))
        i -= 4;
    for (; i >= 0; i -= 4)
        *p++ = "0123456789abcdef"[(v >> i) & 0xf];
    *p++ = '\n', *p = 0;
    a64_puts(buf);
}

_Noreturn void a64_exit(int status)
{
    uint64_t block[2] = { 0x20026, (uint64_t)status };
    semi(0x18, block);
    for (;;)
        ;
}
