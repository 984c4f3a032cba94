/* SPDX-License-Identifier: MIT */
/* Debug logging: the -d item names and the log sink (-D). */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

unsigned tern_log_mask;
FILE *tern_log_file;

static const struct { const char *name; unsigned mask; const char *doc; } log_items[] = {
    {"in_asm", LOG_IN_ASM, "show guest code of each translated block"},
    {"op", LOG_OP, "show the IR of each translated block"},
    {"op_opt", LOG_OP_OPT, "show the IR after optimization"},
    {"out_asm", LOG_OUT_ASM, "show the host code of each translated block"},
    {"exec", LOG_EXEC, "show each block executed (disables chaining)"},
    {"int", LOG_INT, "show interrupts and exceptions"},
    {"mmu", LOG_MMU, "show page-table walks and MMU faults"},
    {"cpu", LOG_CPU, "show CPU registers before each block (with exec)"},
    {"stats", LOG_STATS, "print translator statistics at exit"},
    {"nochain", LOG_NOCHAIN, "do not chain translated blocks"},
    {"guest_errors", LOG_GUEST_ERRORS, "log invalid guest accesses to devices"},
    {"unimp", LOG_UNIMP, "log unimplemented functionality"},
};

void tern_log(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(tern_log_file ? tern_log_file : stderr, fmt, ap);
    va_end(ap);
}

void log_print_items(FILE *f) {
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < sizeof log_items / sizeof log_items[0]; i++)
        fprintf(f, "%-13s %s\n", log_items[i].name, log_items[i].doc);
}

bool log_parse_items(const char *s, unsigned *mask) {
    unsigned m = 0;
    const char *p = s;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = false;
        for (size_t i = 0; i < sizeof log_items / sizeof log_items[0]; i++) {
            if (strlen(log_items[i].name) == len && !strncmp(p, log_items[i].name, len)) {
                m |= log_items[i].mask;
                found = true;
            }
        }
        if (!found) {
            fprintf(stderr, "tern: -d: unknown log item '%.*s' (try -d help)\n", (int)len, p);
            return false;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    *mask = m;
    return true;
}

bool log_set_file(const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "tern: -D %s: cannot open the log file: %s\n", path, strerror(errno));
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    tern_log_file = f;
    return true;
}
