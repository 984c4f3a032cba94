/* SPDX-License-Identifier: MIT */
/* The big device lock (bql.h): a mutex plus a per-thread depth, so nested MMIO is allowed. */
#include "system/bql.h"

#include <pthread.h>

static pthread_mutex_t bql = PTHREAD_MUTEX_INITIALIZER;
static __thread int depth;

void bql_lock(void) {
    if (depth++ == 0)
        pthread_mutex_lock(&bql);
}

void bql_unlock(void) {
    if (--depth == 0)
        pthread_mutex_unlock(&bql);
}

bool bql_locked(void) { return depth > 0; }
