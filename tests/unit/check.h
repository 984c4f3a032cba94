/* SPDX-License-Identifier: MIT */
/* The assertion macro shared by the unit tests: CHECK(cond, fmt, ...) counts passes and
   failures and prints the failing condition; main prints n_pass/n_fail at the end. */
#ifndef TERN_TEST_CHECK_H
#define TERN_TEST_CHECK_H

#include <stdio.h>

static int n_pass, n_fail;
#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (cond) {                                                                           \
            n_pass++;                                                                         \
        } else {                                                                              \
            n_fail++;                                                                         \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                            \
            printf(__VA_ARGS__);                                                              \
            printf("\n");                                                                     \
        }                                                                                     \
    } while (0)

#endif
