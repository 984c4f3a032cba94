/* SPDX-License-Identifier: MIT */
/* NS16550A UART (National/TI PC16550D datasheet) as on QEMU's riscv virt board: 1-byte registers
   at consecutive offsets (regshift 0) in a 0x100 region, 16-byte RX FIFO, transmission straight
   to a character backend, compatible "ns16550a". */
#ifndef TERN_UART16550_H
#define TERN_UART16550_H

#include <stdint.h>

#include "hw/irq.h"
#include "system/chardev.h"
#include "system/memmap.h"

#define UART16550_SIZE 0x100u
#define UART16550_FIFO_LEN 16

/* Register offsets (regshift 0). */
enum {
    UART_RBR = 0, UART_THR = 0, UART_DLL = 0, UART_IER = 1, UART_DLM = 1, UART_IIR = 2,
    UART_FCR = 2, UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
};

typedef struct Uart16550 Uart16550;

/* Maps the UART at base and becomes chr's receiver. chr may be NULL: output is dropped and
   nothing is ever received (except in loopback). NULL if the region cannot be mapped. */
Uart16550 *uart16550_create(MemMap *m, uint64_t base, IrqLine irq, CharDev *chr);
/* Back to the power-on register state (board reset); the FIFO contents are dropped. */
void uart16550_reset(Uart16550 *u);
/* Only once nothing accesses it any more (no hart runs, no chardev_poll). It does not touch
   chr, which may already be closed. */
void uart16550_free(Uart16550 *u);

#endif
