/* SPDX-License-Identifier: MIT */
/* Arm PrimeCell UART (PL011), ARM DDI 0183 (PrimeCell UART (PL011) Technical Reference Manual,
   r1p5), as on QEMU's arm virt board at 0x09000000: 32-bit registers in a 0x1000 region, 32-entry
   RX FIFO, transmission straight to a character backend, compatible "arm,pl011",
   "arm,primecell" (AMBA PeriphID 0x00141011, PCellID 0xb105f00d). */
#ifndef TERN_PL011_H
#define TERN_PL011_H

#include <stdint.h>

#include "hw/irq.h"
#include "system/chardev.h"
#include "system/memmap.h"

#define PL011_SIZE 0x1000u
#define PL011_FIFO_LEN 32

/* Register offsets (DDI 0183 section 3.2, table 3-1). */
enum {
    UARTDR = 0x000, UARTRSR = 0x004, UARTECR = 0x004, UARTFR = 0x018, UARTILPR = 0x020,
    UARTIBRD = 0x024, UARTFBRD = 0x028, UARTLCR_H = 0x02c, UARTCR = 0x030, UARTIFLS = 0x034,
    UARTIMSC = 0x038, UARTRIS = 0x03c, UARTMIS = 0x040, UARTICR = 0x044, UARTDMACR = 0x048,
    UARTPeriphID0 = 0xfe0, UARTPCellID0 = 0xff0,
};

/* UARTFR bits (3.3.3). */
enum {
    UARTFR_CTS = 1 << 0, UARTFR_DSR = 1 << 1, UARTFR_DCD = 1 << 2, UARTFR_BUSY = 1 << 3,
    UARTFR_RXFE = 1 << 4, UARTFR_TXFF = 1 << 5, UARTFR_RXFF = 1 << 6, UARTFR_TXFE = 1 << 7,
    UARTFR_RI = 1 << 8,
};

/* Interrupt bits shared by UARTIMSC/RIS/MIS/ICR (3.3.10-3.3.13). */
enum {
    UART_RIMINTR = 1 << 0, UART_CTSMINTR = 1 << 1, UART_DCDMINTR = 1 << 2,
    UART_DSRMINTR = 1 << 3, UART_RXINTR = 1 << 4, UART_TXINTR = 1 << 5, UART_RTINTR = 1 << 6,
    UART_FEINTR = 1 << 7, UART_PEINTR = 1 << 8, UART_BEINTR = 1 << 9, UART_OEINTR = 1 << 10,
};

/* UARTLCR_H and UARTCR bits used by the model. */
enum {
    UARTLCR_H_BRK = 1 << 0, UARTLCR_H_FEN = 1 << 4,
    UARTCR_UARTEN = 1 << 0, UARTCR_LBE = 1 << 7, UARTCR_TXE = 1 << 8, UARTCR_RXE = 1 << 9,
};

typedef struct Pl011 Pl011;

/* Maps the UART at base and becomes chr's receiver (chr may be NULL: output is dropped, input
   only comes through loopback). irq is UARTINTR, the combined interrupt. NULL if the region
   cannot be mapped. */
Pl011 *pl011_create(MemMap *m, uint64_t base, IrqLine irq, CharDev *chr);
/* Back to the power-on register state (board reset); FIFO contents are dropped. */
void pl011_reset(Pl011 *u);
void pl011_free(Pl011 *u);

#endif
