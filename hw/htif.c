/* SPDX-License-Identifier: MIT */
/* HTIF as spike's fesvr and QEMU's riscv_htif model it: tohost = device<<56 | cmd<<48 |
   payload. Device 0 (syscall proxy): payload&1 exits with payload>>1, else payload points to a
   riscv-pk magic_mem block. Device 1 (console): cmd 1 putchar, cmd 0 getchar. */
#include "htif.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/log.h"

enum { TOHOST = 0, FROMHOST = 1 };

typedef struct HtifPort {
    struct Htif *h;
    int which;
} HtifPort;

struct Htif {
    Machine *m;
    FILE *console;
    int in_fd;
    uint64_t tohost, fromhost;
    bool getc_pending;             /* a getchar waits for input (answered on a later poll) */
    uint64_t getc_cmd;             /* its tohost value, for the answer's device/cmd bits */
    HtifPort ports[2];
};

#define HTIF_DEV(v) ((unsigned)((v) >> 56))
#define HTIF_CMD(v) ((unsigned)(((v) >> 48) & 0xff))
#define HTIF_PAYLOAD(v) ((v) & 0xffffffffffffull)
#define HTIF_ENOSYS 38
#define HTIF_EBADF 9
#define HTIF_EFAULT 14

Htif *htif_create(Machine *m, FILE *console, int in_fd) {
    Htif *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->m = m;
    h->console = console;
    h->in_fd = in_fd;
    for (int i = 0; i < 2; i++)
        h->ports[i] = (HtifPort){h, i};
    return h;
}

void htif_free(Htif *h) { free(h); }
uint64_t htif_tohost(const Htif *h) { return h->tohost; }
uint64_t htif_fromhost(const Htif *h) { return h->fromhost; }

static void respond(Htif *h, uint64_t cmd_word, uint64_t data) {
    h->fromhost = (cmd_word >> 48 << 48) | (data & 0xffffffffffffull);
}

static void console_out(Htif *h, const uint8_t *p, size_t n) {
    if (!h->console)
        return;
    fwrite(p, 1, n, h->console);
    fflush(h->console);
}

/* Answer a waiting getchar if input is ready, without blocking the hart. */
static void poll_input(Htif *h) {
    if (!h->getc_pending || h->in_fd < 0)
        return;
    struct pollfd pfd = {.fd = h->in_fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
        return;
    uint8_t ch;
    ssize_t r = read(h->in_fd, &ch, 1);
    if (r == 1) {
        h->getc_pending = false;
        respond(h, h->getc_cmd, 0x100 | ch);     /* spike's answer: 0x100 | character */
    } else if (r == 0) {
        h->in_fd = -1;                            /* EOF: no more input, as spike */
    }
}

static int64_t sys_write(Htif *h, uint64_t fd, uint64_t addr, uint64_t len) {
    FILE *f = fd == 1 ? h->console : fd == 2 ? stderr : NULL;
    if (fd != 1 && fd != 2)
        return -HTIF_EBADF;
    uint8_t chunk[4096];
    for (uint64_t done = 0; done < len;) {
        uint64_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
        if (!memmap_read_buf(&h->m->mem, addr + done, chunk, n))
            return done ? (int64_t)done : -HTIF_EFAULT;
        if (f) {
            fwrite(chunk, 1, n, f);
            fflush(f);
        }
        done += n;
    }
    return (int64_t)len;
}

/* riscv-pk frontend syscall: magic_mem[0] = number, [1..3] = arguments; the result goes back
   to magic_mem[0] (riscv-tests benchmarks/common/syscalls.c). */
static void do_syscall(Htif *h, uint64_t cmd_word, uint64_t addr) {
    uint64_t a[4];
    if (!memmap_read_buf(&h->m->mem, addr, a, sizeof a)) {
        if (log_enabled(LOG_GUEST_ERRORS))
            tern_log("htif: syscall block at 0x%" PRIx64 " is not in RAM\n", addr);
        respond(h, cmd_word, 1);
        return;
    }
    int64_t ret;
    switch (a[0]) {
    case HTIF_SYS_WRITE:
        ret = sys_write(h, a[1], a[2], a[3]);
        break;
    case HTIF_SYS_EXIT:
    case HTIF_SYS_EXIT_GROUP:
        machine_request_exit(h->m, (int)a[1]);
        ret = 0;
        break;
    default:
        if (log_enabled(LOG_UNIMP))
            tern_log("htif: unimplemented syscall %" PRIu64 "\n", a[0]);
        ret = -HTIF_ENOSYS;
        break;
    }
    memmap_write(&h->m->mem, addr, 8, (uint64_t)ret);
    respond(h, cmd_word, 1);
}

static void handle_command(Htif *h, uint64_t v) {
    unsigned dev = HTIF_DEV(v), cmd = HTIF_CMD(v);
    uint64_t payload = HTIF_PAYLOAD(v);
    h->tohost = 0;                       /* taken: the guest may issue the next command */
    if (dev == 0 && cmd == 0) {
        if (payload & 1) {
            machine_request_exit(h->m, (int)(payload >> 1));
            respond(h, v, 0);
        } else {
            do_syscall(h, v, payload);
        }
    } else if (dev == 1 && cmd == 1) {
        uint8_t ch = (uint8_t)payload;
        console_out(h, &ch, 1);
        respond(h, v, 0x100 | ch);
    } else if (dev == 1 && cmd == 0) {
        h->getc_pending = true;
        h->getc_cmd = v;
        poll_input(h);
    } else {
        if (log_enabled(LOG_UNIMP))
            tern_log("htif: unknown device %u command %u\n", dev, cmd);
        respond(h, v, 0);
    }
}

static uint64_t htif_read(void *opaque, uint64_t off, unsigned size) {
    HtifPort *p = opaque;
    Htif *h = p->h;
    if (p->which == FROMHOST)
        poll_input(h);
    uint64_t v = p->which == TOHOST ? h->tohost : h->fromhost;
    v >>= 8 * off;
    return size >= 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static void htif_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    HtifPort *p = opaque;
    Htif *h = p->h;
    uint64_t *reg = p->which == TOHOST ? &h->tohost : &h->fromhost;
    uint64_t mask = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
    *reg = (*reg & ~(mask << (8 * off))) | ((val & mask) << (8 * off));
    /* A command is complete once its top byte is written: one 64-bit store, or the second of
       two 32-bit halves (RV32 style, QEMU's TOHOST_OFFSET2). Zero means "idle". */
    if (p->which == TOHOST && off + size == 8 && *reg != 0)
        handle_command(h, *reg);
}

static const MmioOps htif_ops = {
    .read = htif_read, .write = htif_write, .min_size = 1, .max_size = 8,
};

bool htif_map(Htif *h, MemMap *mem, uint64_t tohost, uint64_t fromhost) {
    if ((tohost & 7) || (fromhost != UINT64_MAX && (fromhost & 7))) {
        fprintf(stderr, "tern: htif: tohost/fromhost must be 8-byte aligned (0x%" PRIx64
                ", 0x%" PRIx64 ")\n", tohost, fromhost);
        return false;
    }
    if (fromhost == tohost) {
        fprintf(stderr, "tern: htif: tohost and fromhost are at the same address\n");
        return false;
    }
    if (!memmap_add_mmio(mem, "riscv.htif.tohost", tohost, 8, &htif_ops, &h->ports[TOHOST]))
        return false;
    if (fromhost != UINT64_MAX &&
        !memmap_add_mmio(mem, "riscv.htif.fromhost", fromhost, 8, &htif_ops,
                         &h->ports[FROMHOST]))
        return false;
    return true;
}
