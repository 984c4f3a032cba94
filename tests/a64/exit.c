/* SPDX-License-Identifier: MIT */
/* The exit paths of a bare-metal program: output on the PL011 (0x09000000) and through
   semihosting (SYS_WRITE0, SYS_WRITEC, SYS_WRITE on ":tt"), PSCI_VERSION through HVC, then
   SYS_EXIT with ADP_Stopped_ApplicationExit and status 42 (the emulator's exit status), or with
   -DPSCI_OFF PSCI SYSTEM_OFF (status 0). */
#include "a64lib.h"

void a64_exception(uint64_t vec, Frame *f)
{
    (void)f;
    a64_hex("unexpected exception", vec);
    a64_exit(99);
}

static uint64_t semi(uint64_t op, const void *arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static uint64_t hvc(uint64_t fn)
{
    register uint64_t x0 __asm__("x0") = fn;
    __asm__ volatile("hvc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
    return x0;
}

int main(void)
{
    for (const char *s = "pl011 says hi\n"; *s; s++)
        *(volatile uint32_t *)0x09000000 = (uint8_t)*s;
    a64_puts("write0\n");
    char c = 'C';
    semi(3, &c);
    semi(3, "\n");
    uint64_t open_args[3] = { (uint64_t)":tt", 4, 3 };
    uint64_t fh = semi(1, open_args);
    const char msg[] = "write to :tt\n";
    uint64_t wr[3] = { fh, (uint64_t)msg, sizeof msg - 1 };
    a64_hex("write left", semi(5, wr));
    a64_hex("psci major", hvc(0x84000000) >> 16);
#ifdef PSCI_OFF
    hvc(0x84000008);
    a64_puts("still running after SYSTEM_OFF\n");
    return 1;
#else
    return 42;
#endif
}
