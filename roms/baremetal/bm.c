/* SPDX-License-Identifier: MIT */
/* HTIF (tohost/fromhost) console and exit for bare-metal programs, as riscv-tests and
   QEMU's spike machine define them: device 1 command 1 prints a byte, device 0 command 0 with
   payload (code << 1) | 1 exits. */
#include <stdarg.h>

#include "bm.h"

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));

static void htif_cmd(uint64_t dev, uint64_t cmd, uint64_t payload) {
    tohost = (dev << 56) | (cmd << 48) | payload;
    while (fromhost == 0)
        ;
    fromhost = 0;
}

void bm_putc(int c) { htif_cmd(1, 1, (uint8_t)c); }

void bm_puts(const char *s) {
    while (*s)
        bm_putc(*s++);
}

void bm_exit(int code) {
    tohost = ((uint64_t)code << 1) | 1;
    for (;;)
        __asm__ volatile("wfi");
}

static void put_num(uint64_t v, unsigned base, int neg, int width, char pad) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        buf[n++] = '-';
    while (n < width--)
        bm_putc(pad);
    while (n)
        bm_putc(buf[--n]);
}

void bm_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            bm_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l')
            lng++, fmt++;
        switch (*fmt) {
        case 'd': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u': put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, width, pad); break;
        case 'x': put_num(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, width, pad); break;
        case 's': bm_puts(va_arg(ap, const char *)); break;
        case 'c': bm_putc(va_arg(ap, int)); break;
        default: bm_putc(*fmt); break;
        }
    }
    va_end(ap);
}
