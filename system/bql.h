/* SPDX-License-Identifier: MIT */
/* The big device lock (QEMU's BQL): device models, device timers, the board's poll and the
   monitor run under it, so that with one host thread per CPU (-accel tcg,thread=multi) they
   still see one caller at a time. Recursive (a device may reach another MMIO region through
   the memory map). CPUs take it only for MMIO and machine_poll, never for RAM. */
#ifndef TERN_BQL_H
#define TERN_BQL_H

#include <stdbool.h>

void bql_lock(void);
void bql_unlock(void);
bool bql_locked(void);              /* by this thread */

#endif
