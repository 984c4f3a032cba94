/* SPDX-License-Identifier: MIT */
/* NS16550A UART model following the PC16550D datasheet: registers, DLAB, FIFO control and RX
   trigger levels, the four-level interrupt identification (IIR) and loopback mode (MCR bit 4).
   A character "transmits" the moment THR is written, so THRE/TEMT are always set afterwards.
   Time does not pass for the UART: the RX character timeout counts as elapsed at once. */
#include "uart16550.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>

#include "system/log.h"

enum {
    IER_ERBFI = 0x01, IER_ETBEI = 0x02, IER_ELSI = 0x04, IER_EDSSI = 0x08,
    IIR_NONE = 0x01, IIR_MSR = 0x00, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_RLS = 0x06,
    IIR_CTI = 0x0c, IIR_FIFO = 0xc0,
    FCR_ENABLE = 0x01, FCR_RX_RESET = 0x02, FCR_TX_RESET = 0x04, FCR_KEEP = 0xc9,
    LCR_DLAB = 0x80,
    MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10,
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08, LSR_BI = 0x10, LSR_THRE = 0x20,
    LSR_TEMT = 0x40, LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI,
    MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08, MSR_CTS = 0x10,
    MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80,
};

/* With no real modem attached the inputs read as a ready peer: CTS, DSR and DCD asserted. */
#define MSR_IDLE_INPUTS (MSR_CTS | MSR_DSR | MSR_DCD)

struct Uart16550 {
    IrqLine irq;
    CharDev *chr;
    int irq_level;
    uint8_t ier, fcr, lcr, mcr, lsr_err, scr, dll, dlm;
    uint8_t msr_delta;            /* MSR bits 3:0, cleared by reading MSR */
    uint8_t msr_inputs;           /* MSR bits 7:4 as last sampled, to detect changes */
    bool thr_ipending;            /* THRE interrupt source, cleared by IIR read or THR write */
    uint8_t rx[UART16550_FIFO_LEN];
    unsigned rx_head, rx_count;
};

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("uart16550: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static bool fifo_on(const Uart16550 *u) { return u->fcr & FCR_ENABLE; }
static bool loopback(const Uart16550 *u) { return u->mcr & MCR_LOOP; }

/* Without FIFOs the receiver is just the 1-byte holding register. */
static unsigned rx_capacity(const Uart16550 *u) { return fifo_on(u) ? UART16550_FIFO_LEN : 1; }

static unsigned rx_trigger(const Uart16550 *u) {
    static const unsigned levels[4] = {1, 4, 8, 14};
    return levels[u->fcr >> 6];
}

/* The modem status inputs: in loopback they are wired to DTR/RTS/OUT1/OUT2 (datasheet, MCR
   bit 4), otherwise they are the idle peer. */
static uint8_t msr_inputs_now(const Uart16550 *u) {
    if (!loopback(u))
        return MSR_IDLE_INPUTS;
    uint8_t v = 0;
    if (u->mcr & MCR_RTS)
        v |= MSR_CTS;
    if (u->mcr & MCR_DTR)
        v |= MSR_DSR;
    if (u->mcr & MCR_OUT1)
        v |= MSR_RI;
    if (u->mcr & MCR_OUT2)
        v |= MSR_DCD;
    return v;
}

static void sample_msr_inputs(Uart16550 *u) {
    uint8_t now = msr_inputs_now(u), old = u->msr_inputs;
    uint8_t changed = now ^ old;
    if (changed & MSR_CTS)
        u->msr_delta |= MSR_DCTS;
    if (changed & MSR_DSR)
        u->msr_delta |= MSR_DDSR;
    if ((old & MSR_RI) && !(now & MSR_RI))   /* trailing edge only */
        u->msr_delta |= MSR_TERI;
    if (changed & MSR_DCD)
        u->msr_delta |= MSR_DDCD;
    u->msr_inputs = now;
}

/* The pending interrupt of highest priority, as IIR bits 3:0 (datasheet table "Interrupt
   Control Functions"). */
static uint8_t pending_id(const Uart16550 *u) {
    if ((u->ier & IER_ELSI) && (u->lsr_err & LSR_ERRORS))
        return IIR_RLS;
    if ((u->ier & IER_ERBFI) && u->rx_count) {
        if (!fifo_on(u) || u->rx_count >= rx_trigger(u))
            return IIR_RDA;
        return IIR_CTI;
    }
    if ((u->ier & IER_ETBEI) && u->thr_ipending)
        return IIR_THRE;
    if ((u->ier & IER_EDSSI) && u->msr_delta)
        return IIR_MSR;
    return IIR_NONE;
}

static void update_irq(Uart16550 *u) {
    int level = pending_id(u) != IIR_NONE;
    if (level != u->irq_level) {
        u->irq_level = level;
        irq_set(u->irq, level);
    }
}

static uint8_t read_lsr(Uart16550 *u) {
    uint8_t v = (uint8_t)(u->lsr_err | LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0));
    u->lsr_err = 0;               /* OE/PE/FE/BI clear on read */
    return v;
}

static void rx_clear(Uart16550 *u) {
    u->rx_head = u->rx_count = 0;
}

/* A character arrives in the receive shift register. */
static void rx_push(Uart16550 *u, uint8_t c) {
    unsigned cap = rx_capacity(u);
    if (u->rx_count >= cap) {
        u->lsr_err |= LSR_OE;
        /* FIFO mode keeps the FIFO and loses the new character; 16450 mode overwrites RBR. */
        if (!fifo_on(u))
            u->rx[u->rx_head] = c;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % UART16550_FIFO_LEN] = c;
    u->rx_count++;
}

static uint8_t rx_pop(Uart16550 *u) {
    if (!u->rx_count)
        return 0;
    uint8_t c = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART16550_FIFO_LEN;
    u->rx_count--;
    if (u->chr && !loopback(u))
        chardev_accept_input(u->chr);
    return c;
}

static size_t uart_can_receive(void *opaque) {
    Uart16550 *u = opaque;
    /* In loopback the serial input is disconnected: leave the bytes with the backend. */
    if (loopback(u))
        return 0;
    return rx_capacity(u) - u->rx_count;
}

static void uart_receive(void *opaque, const uint8_t *buf, size_t n) {
    Uart16550 *u = opaque;
    if (loopback(u))
        return;
    for (size_t i = 0; i < n; i++)
        rx_push(u, buf[i]);
    update_irq(u);
}

static void write_fcr(Uart16550 *u, uint8_t val) {
    /* Changing FCR0 clears both FIFOs; the other bits only take effect with FCR0 set. */
    if ((val ^ u->fcr) & FCR_ENABLE)
        rx_clear(u);
    if (!(val & FCR_ENABLE)) {
        u->fcr = 0;
        return;
    }
    if (val & FCR_RX_RESET)
        rx_clear(u);
    /* TX reset has nothing to do: the transmitter is always empty. */
    u->fcr = val & FCR_KEEP;
}

static void write_thr(Uart16550 *u, uint8_t c) {
    if (loopback(u))
        rx_push(u, c);
    else if (u->chr)
        chardev_write(u->chr, &c, 1);
    /* The character left at once: THR is empty again and says so. */
    u->thr_ipending = true;
}

static void write_ier(Uart16550 *u, uint8_t val) {
    uint8_t old = u->ier;
    u->ier = val & 0x0f;
    /* Enabling ETBEI with THR empty raises THRE even if an IIR read had cleared it (what the
       8250 driver's THRE test and Windows expect; QEMU and Bochs agree). */
    if ((u->ier & IER_ETBEI) && !(old & IER_ETBEI))
        u->thr_ipending = true;
}

static void write_mcr(Uart16550 *u, uint8_t val) {
    bool was_loop = loopback(u);
    u->mcr = val & 0x1f;      /* bits 7:5 are reserved and read as zero */
    sample_msr_inputs(u);
    if (was_loop && !loopback(u) && u->chr)
        chardev_accept_input(u->chr);
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size) {
    Uart16550 *u = opaque;
    uint8_t v = 0;
    if (off >= 8) {
        guest_error("read outside the registers", off, size);
        return 0;
    }
    switch (off) {
    case UART_RBR:
        v = (u->lcr & LCR_DLAB) ? u->dll : rx_pop(u);
        break;
    case UART_IER:
        v = (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
        break;
    case UART_IIR: {
        uint8_t id = pending_id(u);
        v = (uint8_t)(id | (fifo_on(u) ? IIR_FIFO : 0));
        if (id == IIR_THRE)
            u->thr_ipending = false;
        break;
    }
    case UART_LCR:
        v = u->lcr;
        break;
    case UART_MCR:
        v = u->mcr;
        break;
    case UART_LSR:
        v = read_lsr(u);
        break;
    case UART_MSR:
        sample_msr_inputs(u);
        v = (uint8_t)(u->msr_inputs | u->msr_delta);
        u->msr_delta = 0;
        break;
    case UART_SCR:
        v = u->scr;
        break;
    }
    update_irq(u);
    return v;
}

static void uart_write(void *opaque, uint64_t off, uint64_t val64, unsigned size) {
    Uart16550 *u = opaque;
    uint8_t val = (uint8_t)val64;
    if (off >= 8) {
        guest_error("write outside the registers", off, size);
        return;
    }
    switch (off) {
    case UART_THR:
        if (u->lcr & LCR_DLAB)
            u->dll = val;
        else
            write_thr(u, val);
        break;
    case UART_IER:
        if (u->lcr & LCR_DLAB)
            u->dlm = val;
        else
            write_ier(u, val);
        break;
    case UART_FCR:
        write_fcr(u, val);
        break;
    case UART_LCR:
        u->lcr = val;
        break;
    case UART_MCR:
        write_mcr(u, val);
        break;
    case UART_LSR:
    case UART_MSR:
        /* Factory-test registers on real parts: writes have no defined effect. */
        guest_error("write to a read-only register", off, size);
        break;
    case UART_SCR:
        u->scr = val;
        break;
    }
    update_irq(u);
}

/* Wider accesses address the one register at off (as QEMU's serial_mm does); the bus never
   splits them into several register accesses, which would pop RBR more than once. */
static const MmioOps uart_ops = {
    .read = uart_read, .write = uart_write, .min_size = 1, .max_size = 8,
};

void uart16550_reset(Uart16550 *u) {
    u->ier = u->fcr = u->lcr = u->mcr = u->lsr_err = u->scr = u->dll = u->dlm = 0;
    u->msr_delta = 0;
    u->msr_inputs = msr_inputs_now(u);
    u->thr_ipending = false;
    rx_clear(u);
    update_irq(u);
    if (u->chr)
        chardev_accept_input(u->chr);
}

Uart16550 *uart16550_create(MemMap *m, uint64_t base, IrqLine irq, CharDev *chr) {
    Uart16550 *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->irq = irq;
    u->chr = chr;
    u->msr_inputs = msr_inputs_now(u);
    if (!memmap_add_mmio(m, "uart16550", base, UART16550_SIZE, &uart_ops, u)) {
        free(u);
        return NULL;
    }
    if (chr)
        chardev_set_receiver(chr, uart_can_receive, uart_receive, u);
    return u;
}

void uart16550_free(Uart16550 *u) { free(u); }
