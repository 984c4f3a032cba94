/* SPDX-License-Identifier: MIT */
/* Debug logging selected with -d ITEMS and sent to stderr or -D FILE, as in QEMU. */
#ifndef TERN_LOG_H
#define TERN_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1 << 0,   /* guest code of each new block */
    LOG_OP = 1 << 1,       /* IR of each new block */
    LOG_OP_OPT = 1 << 2,   /* IR after the optimizer */
    LOG_OUT_ASM = 1 << 3,  /* host code of each new block */
    LOG_EXEC = 1 << 4,     /* each block executed (forces no chaining) */
    LOG_INT = 1 << 5,      /* interrupts and exceptions */
    LOG_MMU = 1 << 6,      /* page-table walks and faults */
    LOG_CPU = 1 << 7,      /* CPU state before each block (with exec) */
    LOG_STATS = 1 << 8,    /* translator statistics at exit */
    LOG_NOCHAIN = 1 << 9,  /* never chain blocks */
    LOG_GUEST_ERRORS = 1 << 10, /* guest did something invalid with a device */
    LOG_UNIMP = 1 << 11,   /* unimplemented device/CPU features touched */
};

extern unsigned tern_log_mask;
extern FILE *tern_log_file;   /* stderr unless -D */

static inline bool log_enabled(unsigned m) { return (tern_log_mask & m) != 0; }
void tern_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses "in_asm,op,..." ("help" lists them); returns false with a message on stderr. */
bool log_parse_items(const char *s, unsigned *mask);
bool log_set_file(const char *path);
void log_print_items(FILE *f);

#endif
