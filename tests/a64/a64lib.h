/* SPDX-License-Identifier: MIT */
/* The runtime of the bare-metal A64 test programs (crt0.S, a64lib.c): output and exit through
   Arm semihosting, system register access, the exception frame crt0.S hands to
   a64_exception(), and CHECK that counts failures (the exit status). */
#ifndef A64LIB_H
#define A64LIB_H
#include <stdint.h>

typedef struct Frame {
    uint64_t x[31], elr, spsr, pad;
} Frame;

#define MRS(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define MSR(r, v) __asm__ volatile("msr " #r ", %0\n isb" ::"r"((uint64_t)(v)) : "memory")

void a64_puts(const char *s);
void a64_hex(const char *label, uint64_t v);          /* "label=0x...\n" */
_Noreturn void a64_exit(int status);
extern int a64_failures;
#define CHECK(cond, label, v) do { if (!(cond)) { a64_failures++; a64_hex("FAIL " label, (v)); } } while (0)

/* The test's handler: vector index (0-3 current EL SP0, 4-7 current SPx, 8-11 lower EL;
   sync, IRQ, FIQ, SError), frame to edit. */
void a64_exception(uint64_t vec, Frame *f);
#endif
