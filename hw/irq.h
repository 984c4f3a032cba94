/* SPDX-License-Identifier: MIT */
/* An interrupt line from a device to an interrupt controller: set(opaque, n, level). */
#ifndef TERN_IRQ_H
#define TERN_IRQ_H

typedef struct IrqLine {
    void (*set)(void *opaque, int n, int level);
    void *opaque;
    int n;
} IrqLine;

static inline void irq_set(IrqLine l, int level) {
    if (l.set)
        l.set(l.opaque, l.n, level);
}

#endif
