/* SPDX-License-Identifier: MIT */
/* Fuzz target: the command-line parser (system/options.c) with an argv built from the input:
   NUL bytes separate the arguments (argv[0] is "tern"), as a shell would pass them. Also the
   size and property helpers it uses, on every argument. The parser prints help and errors:
   run the fuzzer with -close_fd_mask=3 (crash reports still show). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/options.h"
#include "tests/fuzz/fuzz.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* One exact-size copy per argument, so ASan sees a read past any argument's end. */
    char *args[MAX_ARGS + 1];
    int argc = 0;
    args[argc++] = strdup("tern");
    size_t i = 0;
    while (i < size && argc < MAX_ARGS) {
        const uint8_t *z = memchr(data + i, 0, size - i);
        size_t n = z ? (size_t)(z - (data + i)) : size - i;
        char *a = malloc(n + 1);
        memcpy(a, data + i, n);
        a[n] = 0;
        args[argc++] = a;
        i += n + 1;
    }
    args[argc] = NULL;
    char *argv[MAX_ARGS + 1];
    memcpy(argv, args, sizeof argv);   /* the parser may permute argv; free what we made */

    TernOptions o;
    options_init(&o);
    options_parse(&o, argc, argv);
    options_free(&o);

    for (int k = 1; k < argc; k++) {
        uint64_t bytes;
        char buf[64];
        options_parse_size(args[k], &bytes);
        options_get_prop(args[k], "file", buf, sizeof buf);
        options_get_prop(args[k], "id", buf, sizeof buf);
    }
    for (int k = 0; k < argc; k++)
        free(args[k]);
    return 0;
}
