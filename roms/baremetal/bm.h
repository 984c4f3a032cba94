/* SPDX-License-Identifier: MIT */
/* Minimal runtime for bare-metal guest programs: HTIF console and exit, a small printf. */
#ifndef BM_H
#define BM_H
#include <stdint.h>
void bm_putc(int c);
void bm_puts(const char *s);
void bm_printf(const char *fmt, ...);
__attribute__((noreturn)) void bm_exit(int code);
static inline uint64_t bm_rdinstret(void) {
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}
/* mtime of the spike/virt CLINT (10 MHz); the time CSR is not provided on QEMU's spike. */
static inline uint64_t bm_mtime(void) { return *(volatile uint64_t *)0x200bff8; }
#endif
