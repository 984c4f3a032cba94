/* SPDX-License-Identifier: MIT */
/* Character backends (QEMU chardev/char-stdio.c, char-file.c, char-mux.c): stdio, mon:stdio
   (stdio muxed with the monitor, Ctrl-A escapes, Ctrl-C to the guest), null, file:PATH.
   An input thread reads the host side into a bounded buffer and kicks CPU 0; the CPU thread
   moves bytes to the device in chardev_poll. A full buffer stops reading (no loss). */
#include "chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/machine.h"
#include "system/monitor.h"
#include "system/term.h"

#define CHARDEV_BUF 4096              /* input buffered for the guest */
static uint8_t escape_char = 0x01;    /* Ctrl-A, QEMU's default -echr */
#define SIGNAL_GRACE_MS 3000          /* after a signal: time for a clean shutdown, then _exit */

struct CharDev {
    Machine *m;
    int out_fd;                       /* -1: output discarded */
    bool own_out_fd;
    bool out_broken;                  /* a write failed for good (EPIPE, EIO): stop trying */
    pthread_mutex_t wlock;            /* one writer at a time: CPU thread, monitor, escapes */

    int in_fd;                        /* -1: no input */
    bool is_stdio, mux, raw;
    bool thread_started;
    pthread_t thread;
    int wake[2];                      /* wakes the input thread: space freed, signal, close */
    int quit;                         /* chardev_close: the input thread ends (atomic) */

    pthread_mutex_t lock;             /* ring, receiver, reader_waiting */
    uint8_t ring[CHARDEV_BUF];
    size_t head, count;
    bool reader_waiting;              /* the input thread waits for ring space */
    size_t (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, size_t n);
    void *opaque;

    /* input thread only */
    uint8_t pend[256];                /* read from the host, not yet placed */
    size_t pend_off, pend_len;
    bool in_eof;
    bool got_escape, monitor_focus;
    Monitor *mon;

    CharDev *next;                    /* list of open chardevs, for chardev_poll_all */
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static CharDev *open_list;
static bool stdio_taken;

/* ---- output ---- */

static bool write_all(int fd, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* Someone made the descriptor non-blocking: wait until it drains. */
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            poll(&pfd, 1, 100);
        } else {
            return false;
        }
    }
    return true;
}

void chardev_write(CharDev *c, const uint8_t *buf, size_t n) {
    if (!c || c->out_fd < 0 || n == 0)
        return;
    pthread_mutex_lock(&c->wlock);
    if (!c->out_broken && !write_all(c->out_fd, buf, n))
        c->out_broken = true;
    pthread_mutex_unlock(&c->wlock);
}

static void write_str(CharDev *c, const char *s) { chardev_write(c, (const uint8_t *)s, strlen(s)); }

static void monitor_out(void *opaque, const char *text) { write_str(opaque, text); }

/* ---- the CPU-thread side of input ---- */

static void kick_cpu0(CharDev *c) {
    Machine *m = c->m;
    if (m && m->n_cpus > 0 && m->cpus[0])
        cpu_kick(m->cpus[0]);
}

static void wake_reader(CharDev *c) {
    if (c->wake[1] >= 0) {
        char b = 'w';
        /* A full pipe already holds a wake-up; nothing is lost by dropping this one. */
        ssize_t r = write(c->wake[1], &b, 1);
        (void)r;
    }
}

void chardev_set_receiver(CharDev *c, size_t (*can_receive)(void *opaque),
                          void (*receive)(void *opaque, const uint8_t *buf, size_t n),
                          void *opaque) {
    pthread_mutex_lock(&c->lock);
    c->can_receive = can_receive;
    c->receive = receive;
    c->opaque = opaque;
    bool pending = c->count > 0;
    pthread_mutex_unlock(&c->lock);
    if (pending)
        kick_cpu0(c);
}

void chardev_poll(CharDev *c) {
    if (!c)
        return;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        size_t (*can)(void *) = c->can_receive;
        void (*rx)(void *, const uint8_t *, size_t) = c->receive;
        void *op = c->opaque;
        bool any = c->count > 0;
        pthread_mutex_unlock(&c->lock);
        if (!rx || !can || !any)
            return;
        /* The device is asked without the lock held: it may call back into us. */
        size_t room = can(op);
        uint8_t tmp[256];
        pthread_mutex_lock(&c->lock);
        size_t n = c->count < room ? c->count : room;
        if (n > sizeof tmp)
            n = sizeof tmp;
        for (size_t i = 0; i < n; i++)
            tmp[i] = c->ring[(c->head + i) % CHARDEV_BUF];
        c->head = (c->head + n) % CHARDEV_BUF;
        c->count -= n;
        bool wake = n > 0 && c->reader_waiting;
        if (wake)
            c->reader_waiting = false;
        pthread_mutex_unlock(&c->lock);
        if (wake)
            wake_reader(c);
        if (n == 0)
            return;
        rx(op, tmp, n);
    }
}

void chardev_accept_input(CharDev *c) {
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    bool pending = c->count > 0;
    pthread_mutex_unlock(&c->lock);
    if (pending)
        kick_cpu0(c);
}

void chardev_poll_all(Machine *m) {
    pthread_mutex_lock(&list_lock);
    for (CharDev *c = open_list; c; c = c->next)
        if (c->m == m)
            chardev_poll(c);
    pthread_mutex_unlock(&list_lock);
}

/* ---- the input thread ---- */

void chardev_set_escape_char(int c) { escape_char = c > 0 && c < 256 ? (uint8_t)c : 0x01; }

/* "C-a", or "C-t" after -echr 20: the key as QEMU's help names it. */
static void escape_name(char *buf, size_t n) {
    if (escape_char < 0x20)
        snprintf(buf, n, "C-%c", 'a' + escape_char - 1);
    else
        snprintf(buf, n, "%c", escape_char);
}

static const char *const mux_help[][2] = {
    {"h   ", "print this help"},
    {"x   ", "exit emulator"},
    {"c   ", "switch between console and monitor"},
    {"", "sends "},
};

static void mux_escape(CharDev *c, uint8_t b) {
    switch (b) {
    case 'h':
    case '?':
        write_str(c, "\r\n");
        for (size_t i = 0; i < sizeof mux_help / sizeof mux_help[0]; i++) {
            char key[8], line[96];
            escape_name(key, sizeof key);
            if (*mux_help[i][0])
                snprintf(line, sizeof line, "%s %s %s\r\n", key, mux_help[i][0], mux_help[i][1]);
            else
                snprintf(line, sizeof line, "%s %s  %s%s\r\n", key, key, mux_help[i][1], key);
            write_str(c, line);
        }
        break;
    case 'x':
        write_str(c, "tern: terminated\r\n");
        machine_request_exit(c->m, 0);
        c->in_eof = true;             /* nothing more goes anywhere */
        c->pend_len = c->pend_off = 0;
        break;
    case 'c':
        c->monitor_focus = !c->monitor_focus;
        if (c->monitor_focus && c->mon)
            monitor_focus(c->mon);
        break;
    default:
        break;                        /* s, b, t and unknown keys: ignored (QEMU: silently) */
    }
}

/* Returns false (byte kept) when the ring is full. */
static bool ring_put(CharDev *c, uint8_t b) {
    pthread_mutex_lock(&c->lock);
    bool ok = c->count < CHARDEV_BUF;
    if (ok) {
        c->ring[(c->head + c->count) % CHARDEV_BUF] = b;
        c->count++;
    } else {
        c->reader_waiting = true;
    }
    pthread_mutex_unlock(&c->lock);
    return ok;
}

/* Route read bytes through the escape handling to the guest or the monitor. */
static void process_pending(CharDev *c) {
    bool added = false;
    while (c->pend_off < c->pend_len) {
        uint8_t b = c->pend[c->pend_off];
        if (c->mux && c->got_escape && b != escape_char) {
            c->got_escape = false;
            c->pend_off++;
            mux_escape(c, b);
            continue;
        }
        if (c->mux && !c->got_escape && b == escape_char) {
            c->got_escape = true;
            c->pend_off++;
            continue;
        }
        if (c->monitor_focus && c->mon)
            monitor_feed(c->mon, b);
        else if (!ring_put(c, b))
            break;                    /* back-pressure: keep this byte (and escape state) */
        else
            added = true;
        c->got_escape = false;
        c->pend_off++;
    }
    if (c->pend_off == c->pend_len)
        c->pend_off = c->pend_len = 0;
    if (added)
        kick_cpu0(c);
}

static void drain_wake(CharDev *c) {
    char tmp[64];
    while (read(c->wake[0], tmp, sizeof tmp) > 0) {
    }
}

static void *input_thread(void *arg) {
    CharDev *c = arg;
    uint64_t deadline = 0;            /* after a termination signal: when to give up */
    int exit_sig = 0;
    while (!__atomic_load_n(&c->quit, __ATOMIC_ACQUIRE)) {
        int sig = c->is_stdio ? term_take_signal() : 0;
        if (sig && !exit_sig) {
            char msg[64];
            snprintf(msg, sizeof msg, "tern: terminating on signal %d\n", sig);
            ssize_t r = write(2, msg, strlen(msg));
            (void)r;
            exit_sig = sig;
            deadline = host_clock_ns() + SIGNAL_GRACE_MS * 1000000ull;
            machine_request_exit(c->m, 128 + sig);
            c->in_eof = true;
        }
        if (!c->in_eof)
            process_pending(c);
        bool want_read = !c->in_eof && c->in_fd >= 0 && c->pend_len == 0;
        struct pollfd fds[2] = {{.fd = c->wake[0], .events = POLLIN},
                                {.fd = c->in_fd, .events = POLLIN}};
        int timeout = -1;
        if (exit_sig) {
            uint64_t now = host_clock_ns();
            if (now >= deadline) {
                /* The machine did not wind down: leave the hard way, terminal restored. */
                term_restore();
                _exit(128 + exit_sig);
            }
            timeout = (int)((deadline - now) / 1000000ull) + 1;
        }
        int r = poll(fds, want_read ? 2 : 1, timeout);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        if (fds[0].revents)
            drain_wake(c);
        if (want_read && fds[1].revents) {
            if (fds[1].revents & POLLNVAL) {
                c->in_eof = true;
                continue;
            }
            ssize_t n = read(c->in_fd, c->pend, sizeof c->pend);
            if (n > 0) {
                c->pend_off = 0;
                c->pend_len = (size_t)n;
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                c->in_eof = true;     /* end of a pipe or file, or a hung-up terminal */
            }
        }
    }
    return NULL;
}

/* ---- open / close ---- */

static CharDev *chardev_alloc(Machine *m) {
    CharDev *c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "tern: out of memory\n");
        return NULL;
    }
    c->m = m;
    c->out_fd = -1;
    c->in_fd = -1;
    c->wake[0] = c->wake[1] = -1;
    pthread_mutex_init(&c->wlock, NULL);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void chardev_destroy(CharDev *c) {
    if (c->wake[0] >= 0)
        close(c->wake[0]);
    if (c->wake[1] >= 0)
        close(c->wake[1]);
    if (c->own_out_fd && c->out_fd >= 0)
        close(c->out_fd);
    monitor_free(c->mon);
    pthread_mutex_destroy(&c->wlock);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static bool open_stdio(CharDev *c, bool mux) {
    pthread_mutex_lock(&list_lock);
    bool taken = stdio_taken;
    stdio_taken = true;
    pthread_mutex_unlock(&list_lock);
    if (taken) {
        fprintf(stderr, "tern: stdio is already in use by another character device\n");
        return false;
    }
    c->is_stdio = true;
    c->mux = mux;
    c->out_fd = STDOUT_FILENO;
    if (fcntl(STDIN_FILENO, F_GETFD) >= 0)
        c->in_fd = STDIN_FILENO;
    if (mux) {
        c->mon = monitor_new(c->m, monitor_out, c);
        if (!c->mon) {
            fprintf(stderr, "tern: out of memory\n");
            return false;
        }
    }
    if (pipe(c->wake) != 0) {
        fprintf(stderr, "tern: cannot create a pipe: %s\n", strerror(errno));
        return false;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(c->wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(c->wake[i], F_SETFL, O_NONBLOCK);
    }
    /* QEMU: plain stdio keeps ISIG (Ctrl-C stops the emulator); muxed stdio sends it to the
       guest and offers Ctrl-A x instead. */
    if (c->in_fd >= 0)
        c->raw = term_raw_enter(c->in_fd, !mux);
    term_signals_install(c->wake[1]);
    if (pthread_create(&c->thread, NULL, input_thread, c) != 0) {
        fprintf(stderr, "tern: cannot start the console input thread\n");
        term_signals_detach();
        if (c->raw)
            term_restore();
        return false;
    }
    c->thread_started = true;
    return true;
}

CharDev *chardev_open(const char *spec, Machine *m) {
    if (!spec) {
        fprintf(stderr, "tern: missing character device\n");
        return NULL;
    }
    CharDev *c = chardev_alloc(m);
    if (!c)
        return NULL;
    bool ok;
    if (!strcmp(spec, "stdio")) {
        ok = open_stdio(c, false);
    } else if (!strcmp(spec, "mon:stdio")) {
        ok = open_stdio(c, true);
    } else if (!strcmp(spec, "null")) {
        ok = true;
    } else if (!strncmp(spec, "file:", 5) && spec[5]) {
        c->out_fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        c->own_out_fd = true;
        ok = c->out_fd >= 0;
        if (!ok)
            fprintf(stderr, "tern: could not open '%s': %s\n", spec + 5, strerror(errno));
    } else {
        fprintf(stderr,
                "tern: '%s': unsupported character device (stdio, mon:stdio, null, file:PATH)\n",
                spec);
        ok = false;
    }
    if (!ok) {
        if (c->is_stdio) {
            pthread_mutex_lock(&list_lock);
            stdio_taken = false;
            pthread_mutex_unlock(&list_lock);
        }
        chardev_destroy(c);
        return NULL;
    }
    pthread_mutex_lock(&list_lock);
    c->next = open_list;
    open_list = c;
    pthread_mutex_unlock(&list_lock);
    return c;
}

void chardev_close(CharDev *c) {
    if (!c)
        return;
    pthread_mutex_lock(&list_lock);
    for (CharDev **pp = &open_list; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    pthread_mutex_unlock(&list_lock);
    if (c->thread_started) {
        __atomic_store_n(&c->quit, 1, __ATOMIC_RELEASE);
        wake_reader(c);
        pthread_join(c->thread, NULL);
    }
    if (c->is_stdio) {
        term_signals_detach();
        if (c->raw)
            term_restore();
        pthread_mutex_lock(&list_lock);
        stdio_taken = false;
        pthread_mutex_unlock(&list_lock);
    }
    chardev_destroy(c);
}
