/* SPDX-License-Identifier: MIT */
/* Fuzz target: the human monitor (system/monitor.c) on a small machine (fuzz_machine.h).
   Input: a mode byte, then text. Even mode: each '\n'-separated line is one command for
   monitor_execute (the command parser: info, x/xp with /Nfu formats and expressions, cpu,
   stop, cont, ...). Odd mode: every byte goes through monitor_feed (the line editor with its
   escape sequences and history; Enter runs the line). */
#include <stdlib.h>
#include <string.h>

#include "system/monitor.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_machine.h"

static size_t out_bytes;

static void out(void *opaque, const char *text) {
    (void)opaque;
    out_bytes += strlen(text);   /* ASan checks the string is terminated in bounds */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    Machine *m = fuzz_machine();
    fuzz_machine_reset();
    Monitor *mon = monitor_new(m, out, NULL);
    if (!(data[0] & 1)) {
        const uint8_t *p = data + 1, *end = data + size;
        while (p < end) {
            const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = (size_t)((nl ? nl : end) - p);
            char *line = malloc(n + 1);
            memcpy(line, p, n);
            line[n] = 0;
            monitor_execute(mon, line, out, NULL);
            free(line);
            p += n + 1;
        }
    } else {
        monitor_focus(mon);
        for (size_t i = 1; i < size; i++)
            monitor_feed(mon, data[i]);
    }
    monitor_free(mon);
    return 0;
}
