/* SPDX-License-Identifier: MIT */
/* Character backends (QEMU chardev/char-stdio.c, char-file.c, char-mux.c, char-pty.c,
   char-socket.c): stdio, mon:stdio (stdio muxed with the monitor, Ctrl-A escapes, Ctrl-C to
   the guest), null, file:PATH, pty, and tcp/unix sockets (server or client, one client at a
   time, output dropped while none is connected, as QEMU does). An input thread reads the host
   side into a bounded buffer and kicks CPU 0; the CPU thread moves bytes to the device in
   chardev_poll. A full buffer stops reading (no loss). Monitors (HMP, QMP) take the input on
   the input thread instead, through ChardevHandlers. */
#define _GNU_SOURCE                  /* ptsname_r */
#include "chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "system/chardev_opts.h"

#include "system/machine.h"
#include "system/monitor.h"
#include "system/term.h"

#define CHARDEV_BUF 4096              /* input buffered for the guest */
static uint8_t escape_char = 0x01;    /* Ctrl-A, QEMU's default -echr */
#define SIGNAL_GRACE_MS 3000          /* after a signal: time for a clean shutdown, then _exit */

enum { OUT_BLOCKING, OUT_SOCKET, OUT_DROP_FULL };

struct CharDev {
    Machine *m;
    char *label;                      /* -chardev id, "serial0", "compat_monitor0"... */
    bool anonymous;                   /* opened without a label: chardev_find skips it */
    char pty_name[256];               /* pty: the slave's path */
    ChardevSpec spec;
    int out_fd;                       /* -1: output discarded */
    int out_mode;                     /* OUT_*: how a write that cannot finish is handled */
    bool own_out_fd;
    bool out_broken;                  /* a write failed for good (EPIPE, EIO): stop trying */
    int log_fd;                       /* logfile=: a copy of the output, or -1 */
    pthread_mutex_t wlock;            /* one writer at a time: CPU thread, monitor, escapes;
                                         also guards out_fd while a socket client comes and goes */
    int listen_fd;                    /* socket server, or -1 */
    int pty_slave;                    /* kept open so the pty never hangs up, or -1 */
    bool connected;                   /* socket: a client (or the server, as client) is there */
    ChardevHandlers h;                /* monitors: input goes here on the input thread */
    void *h_opaque;

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
/* The chardev whose input thread turns SIGINT/SIGTERM/SIGHUP into a clean shutdown (with the
   SHUTDOWN event, reason host-signal): the first one with a thread (list_lock). */
static CharDev *signal_owner;

/* ---- output ---- */

static bool write_all(int fd, const uint8_t *p, size_t n, int mode) {
    while (n > 0) {
        ssize_t w = mode == OUT_SOCKET ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
                   mode == OUT_DROP_FULL) {
            return true;              /* a pty nobody reads: drop, as QEMU does */
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
    if (!c || n == 0)
        return;
    pthread_mutex_lock(&c->wlock);
    if (c->log_fd >= 0 && !write_all(c->log_fd, buf, n, OUT_BLOCKING)) {
        close(c->log_fd);
        c->log_fd = -1;
    }
    /* A socket client that went away is noticed (and dropped) by the input thread. */
    if (!c->out_broken && c->out_fd >= 0 && !write_all(c->out_fd, buf, n, c->out_mode) &&
        c->out_mode != OUT_SOCKET)
        c->out_broken = true;
    pthread_mutex_unlock(&c->wlock);
}

static void write_str(CharDev *c, const char *s) { chardev_write(c, (const uint8_t *)s, strlen(s)); }

/* The muxed monitor's output. A terminal on stdio adds the CR itself (ONLCR); elsewhere
   (sockets, a raw pty) each newline goes out as CR LF, as QEMU's monitor_puts does. */
static void monitor_out(void *opaque, const char *text) {
    CharDev *c = opaque;
    if (c->is_stdio) {
        write_str(c, text);
        return;
    }
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        chardev_write(c, (const uint8_t *)s, n);
        s += n;
        if (*s == '\n') {
            chardev_write(c, (const uint8_t *)"\r\n", 2);
            s++;
        }
    }
}

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
        machine_request_shutdown(c->m, 0, SHUTDOWN_HOST_UI);
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
        else if (c->h.input && !c->mux) {
            /* A monitor owns all of the input: hand over the whole run at once. */
            size_t k = c->pend_len - c->pend_off;
            c->h.input(c->h_opaque, c, c->pend + c->pend_off, k);
            c->pend_off += k;
            continue;
        } else if (!ring_put(c, b))
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

/* A socket client arrived (fd) or left (fd < 0): swap the descriptors under the write lock. */
static void set_client(CharDev *c, int fd) {
    pthread_mutex_lock(&c->wlock);
    int old = c->in_fd;
    c->in_fd = c->out_fd = fd;
    c->connected = fd >= 0;
    c->out_broken = false;
    pthread_mutex_unlock(&c->wlock);
    if (old >= 0 && old != fd)
        close(old);
    c->pend_off = c->pend_len = 0;
    c->in_eof = fd < 0;
}

static void accept_client(CharDev *c) {
    int fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    set_client(c, fd);
    if (c->h.opened)
        c->h.opened(c->h_opaque, c);
}

static void drop_client(CharDev *c) {
    set_client(c, -1);
    if (c->h.closed)
        c->h.closed(c->h_opaque, c);
}

static void *input_thread(void *arg) {
    CharDev *c = arg;
    uint64_t deadline = 0;            /* after a termination signal: when to give up */
    int exit_sig = 0;
    bool is_socket = c->spec.backend == CHR_SOCKET;
    if (c->h.opened && (!is_socket || c->connected))
        c->h.opened(c->h_opaque, c);
    while (!__atomic_load_n(&c->quit, __ATOMIC_ACQUIRE)) {
        int sig = __atomic_load_n(&signal_owner, __ATOMIC_ACQUIRE) == c ? term_take_signal() : 0;
        if (sig && !exit_sig) {
            char msg[64];
            snprintf(msg, sizeof msg, "tern: terminating on signal %d\n", sig);
            ssize_t r = write(2, msg, strlen(msg));
            (void)r;
            exit_sig = sig;
            deadline = host_clock_ns() + SIGNAL_GRACE_MS * 1000000ull;
            machine_request_shutdown(c->m, 128 + sig, SHUTDOWN_HOST_SIGNAL);
            c->in_eof = true;
        }
        if (!c->in_eof)
            process_pending(c);
        bool want_read = !c->in_eof && c->in_fd >= 0 && c->pend_len == 0;
        bool want_accept = c->listen_fd >= 0 && !c->connected && !exit_sig;
        struct pollfd fds[3] = {{.fd = c->wake[0], .events = POLLIN},
                                {.fd = want_read ? c->in_fd : -1, .events = POLLIN},
                                {.fd = want_accept ? c->listen_fd : -1, .events = POLLIN}};
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
        int r = poll(fds, 3, timeout);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        if (fds[0].revents)
            drain_wake(c);
        if (want_accept && fds[2].revents)
            accept_client(c);
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
                if (is_socket)
                    drop_client(c);   /* a server listens again for the next client */
                else
                    c->in_eof = true; /* end of a pipe or file, or a hung-up terminal */
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
    c->log_fd = -1;
    c->listen_fd = -1;
    c->pty_slave = -1;
    c->wake[0] = c->wake[1] = -1;
    pthread_mutex_init(&c->wlock, NULL);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void close_fd(int *fd) {
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void chardev_destroy(CharDev *c) {
    close_fd(&c->wake[0]);
    close_fd(&c->wake[1]);
    if (c->own_out_fd) {
        if (c->in_fd == c->out_fd)
            c->in_fd = -1;
        close_fd(&c->out_fd);
    }
    close_fd(&c->log_fd);
    close_fd(&c->pty_slave);
    if (c->listen_fd >= 0) {
        close_fd(&c->listen_fd);
        if (c->spec.is_unix && c->spec.server)
            unlink(c->spec.path);     /* QEMU removes the socket it made */
    }
    monitor_free(c->mon);
    pthread_mutex_destroy(&c->wlock);
    pthread_mutex_destroy(&c->lock);
    free(c->label);
    free(c);
}

static bool make_wake_pipe(CharDev *c) {
    if (pipe(c->wake) != 0) {
        fprintf(stderr, "tern: cannot create a pipe: %s\n", strerror(errno));
        return false;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(c->wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(c->wake[i], F_SETFL, O_NONBLOCK);
    }
    return true;
}

static void release_signals(CharDev *c) {
    pthread_mutex_lock(&list_lock);
    if (signal_owner == c) {
        term_signals_detach();
        __atomic_store_n(&signal_owner, NULL, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&list_lock);
}

static bool start_thread(CharDev *c) {
    pthread_mutex_lock(&list_lock);
    if (!signal_owner) {
        __atomic_store_n(&signal_owner, c, __ATOMIC_RELEASE);
        term_signals_install(c->wake[1]);
    }
    pthread_mutex_unlock(&list_lock);
    if (pthread_create(&c->thread, NULL, input_thread, c) != 0) {
        fprintf(stderr, "tern: cannot start the input thread of chardev '%s'\n", c->label);
        release_signals(c);
        return false;
    }
    c->thread_started = true;
    return true;
}

static bool open_stdio(CharDev *c) {
    pthread_mutex_lock(&list_lock);
    bool taken = stdio_taken;
    stdio_taken = true;
    pthread_mutex_unlock(&list_lock);
    if (taken) {
        fprintf(stderr, "tern: stdio is already in use by another character device\n");
        return false;
    }
    c->is_stdio = true;
    c->out_fd = STDOUT_FILENO;
    if (fcntl(STDIN_FILENO, F_GETFD) >= 0)
        c->in_fd = STDIN_FILENO;
    if (!make_wake_pipe(c))
        return false;
    /* QEMU: plain stdio keeps ISIG (Ctrl-C stops the emulator); muxed stdio sends it to the
       guest and offers Ctrl-A x instead. */
    if (c->in_fd >= 0)
        c->raw = term_raw_enter(c->in_fd, !c->mux);
    if (!start_thread(c)) {
        if (c->raw)
            term_restore();
        return false;
    }
    return true;
}

/* QEMU char-pty.c: a new pseudo-terminal in raw mode, its name printed for the user. */
static bool open_pty(CharDev *c) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char name[256];
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
        ptsname_r(master, name, sizeof name) != 0) {
        fprintf(stderr, "tern: chardev '%s': cannot create a pseudo-terminal: %s\n", c->label,
                strerror(errno));
        if (master >= 0)
            close(master);
        return false;
    }
    /* Holding the slave open keeps the master from hanging up while no one has it open. */
    c->pty_slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    struct termios t;
    if (c->pty_slave >= 0 && tcgetattr(c->pty_slave, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(c->pty_slave, TCSANOW, &t);
    }
    fcntl(master, F_SETFL, O_NONBLOCK);
    c->in_fd = c->out_fd = master;
    c->own_out_fd = true;
    c->out_mode = OUT_DROP_FULL;
    snprintf(c->pty_name, sizeof c->pty_name, "%s", name);
    fprintf(stderr, "tern: char device redirected to %s (label %s)\n", name, c->label);
    return make_wake_pipe(c) && start_thread(c);
}

static void socket_name(const ChardevSpec *s, char *buf, size_t n) {
    if (s->is_unix)
        snprintf(buf, n, "unix:%s", s->path);
    else
        snprintf(buf, n, "tcp:%s:%s", s->host, s->port);
}

static int unix_socket(const char *path, struct sockaddr_un *sa) {
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa->sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa->sun_path, path);
    return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

/* Listening (server) or connected (client) socket; -1 with errno. */
static int socket_open(const ChardevSpec *s) {
    if (s->is_unix) {
        struct sockaddr_un sa;
        int fd = unix_socket(s->path, &sa);
        if (fd < 0)
            return -1;
        int r;
        if (s->server) {
            unlink(s->path);          /* QEMU replaces a stale socket file */
            r = bind(fd, (struct sockaddr *)&sa, sizeof sa);
            if (r == 0)
                r = listen(fd, 1);
        } else {
            r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
        }
        if (r != 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        return fd;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
                             .ai_flags = s->server ? AI_PASSIVE : 0};
    struct addrinfo *res = NULL;
    const char *host = s->host[0] ? s->host : (s->server ? NULL : "localhost");
    int g = getaddrinfo(host, s->port, &hints, &res);
    if (g != 0) {
        errno = g == EAI_SYSTEM ? errno : EADDRNOTAVAIL;
        return -1;
    }
    int fd = -1, e = EADDRNOTAVAIL;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1, r;
        if (s->server) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            r = bind(fd, a->ai_addr, a->ai_addrlen);
            if (r == 0)
                r = listen(fd, 1);
        } else {
            r = connect(fd, a->ai_addr, a->ai_addrlen);
        }
        if (r != 0) {
            e = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        errno = e;
    return fd;
}

static bool open_socket(CharDev *c) {
    const ChardevSpec *s = &c->spec;
    char name[CHR_PATH_MAX + 16];
    socket_name(s, name, sizeof name);
    int fd = socket_open(s);
    if (fd < 0) {
        fprintf(stderr, "tern: chardev '%s': %s %s: %s\n", c->label,
                s->server ? "cannot listen on" : "failed to connect to", name, strerror(errno));
        return false;
    }
    c->out_mode = OUT_SOCKET;
    if (!s->server) {
        c->in_fd = c->out_fd = fd;
        c->connected = true;
    } else {
        c->listen_fd = fd;
        if (s->wait) {
            /* QEMU blocks until the first client connects (wait=on, the server default). */
            fprintf(stderr, "tern: chardev '%s': waiting for connection on: disconnected:%s,"
                            "server=on\n", c->label, name);
            int cfd;
            do
                cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
            while (cfd < 0 && errno == EINTR);
            if (cfd < 0) {
                fprintf(stderr, "tern: chardev '%s': accept: %s\n", c->label, strerror(errno));
                return false;
            }
            c->in_fd = c->out_fd = cfd;
            c->connected = true;
        }
    }
    return make_wake_pipe(c) && start_thread(c);
}

static bool open_backend(CharDev *c, const char *spec) {
    char err[1200];
    if (!chardev_spec_parse(spec, &c->spec, err, sizeof err)) {
        fprintf(stderr, "tern: %s\n", err);
        return false;
    }
    ChardevSpec *s = &c->spec;
    c->mux = s->mux;
    if (s->mux && (s->backend == CHR_NULL || s->backend == CHR_FILE)) {
        fprintf(stderr, "tern: '%s': the monitor needs a backend with input\n", spec);
        return false;
    }
    if (s->mux) {
        c->mon = monitor_new(c->m, monitor_out, c);
        if (!c->mon) {
            fprintf(stderr, "tern: out of memory\n");
            return false;
        }
    }
    if (s->logfile[0]) {
        c->log_fd = open(s->logfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (c->log_fd < 0) {
            fprintf(stderr, "tern: could not open '%s': %s\n", s->logfile, strerror(errno));
            return false;
        }
    }
    switch (s->backend) {
    case CHR_STDIO: return open_stdio(c);
    case CHR_NULL: return true;
    case CHR_FILE:
        c->out_fd = open(s->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        c->own_out_fd = true;
        if (c->out_fd < 0) {
            fprintf(stderr, "tern: could not open '%s': %s\n", s->path, strerror(errno));
            return false;
        }
        return true;
    case CHR_PTY: return open_pty(c);
    case CHR_SOCKET:
        c->own_out_fd = true;
        return open_socket(c);
    }
    return false;
}

CharDev *chardev_open_handled(const char *spec, const char *label, Machine *m,
                              const ChardevHandlers *h, void *opaque) {
    if (!spec) {
        fprintf(stderr, "tern: missing character device\n");
        return NULL;
    }
    if (label && chardev_find(label)) {
        fprintf(stderr, "tern: chardev '%s' is already in use\n", label);
        return NULL;
    }
    CharDev *c = chardev_alloc(m);
    if (!c)
        return NULL;
    c->label = strdup(label ? label : "serial0");
    c->anonymous = !label;
    if (h) {
        c->h = *h;
        c->h_opaque = opaque;
    }
    if (!c->label || !open_backend(c, spec)) {
        if (c->thread_started) {
            __atomic_store_n(&c->quit, 1, __ATOMIC_RELEASE);
            wake_reader(c);
            pthread_join(c->thread, NULL);
        }
        release_signals(c);
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

CharDev *chardev_open_labeled(const char *spec, const char *label, Machine *m) {
    return chardev_open_handled(spec, label, m, NULL, NULL);
}

CharDev *chardev_open(const char *spec, Machine *m) {
    return chardev_open_handled(spec, NULL, m, NULL, NULL);
}

CharDev *chardev_find(const char *label) {
    pthread_mutex_lock(&list_lock);
    CharDev *c = open_list;
    while (c && (c->anonymous || strcmp(c->label, label)))
        c = c->next;
    pthread_mutex_unlock(&list_lock);
    return c;
}

bool chardev_has_monitor(const CharDev *c) { return c && c->mon; }

/* QEMU's ChardevInfo filename (chardev/char-*.c: qemu_chr_compute_filename and friends). */
static void filename(CharDev *c, char *buf, size_t n) {
    const ChardevSpec *s = &c->spec;
    switch (s->backend) {
    case CHR_NULL: snprintf(buf, n, "null"); break;
    case CHR_STDIO: snprintf(buf, n, "stdio"); break;
    case CHR_FILE: snprintf(buf, n, "file"); break;
    case CHR_PTY: snprintf(buf, n, "pty:%s", c->pty_name); break;
    case CHR_SOCKET: {
        pthread_mutex_lock(&c->wlock);
        bool up = c->connected;
        pthread_mutex_unlock(&c->wlock);
        const char *pre = up ? "" : "disconnected:", *srv = s->server ? ",server=on" : "";
        if (s->is_unix)
            snprintf(buf, n, "%sunix:%s%s", pre, s->path, srv);
        else
            snprintf(buf, n, "%stcp:%s:%s%s", pre, s->host, s->port, srv);
        break;
    }
    }
}

void chardev_foreach(void (*fn)(void *opaque, const char *label, const char *filename),
                     void *opaque) {
    pthread_mutex_lock(&list_lock);
    for (CharDev *c = open_list; c; c = c->next) {
        if (c->anonymous)
            continue;
        char name[CHR_PATH_MAX + 64];
        filename(c, name, sizeof name);
        fn(opaque, c->label, name);
    }
    pthread_mutex_unlock(&list_lock);
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
    release_signals(c);
    if (c->is_stdio) {
        if (c->raw)
            term_restore();
        pthread_mutex_lock(&list_lock);
        stdio_taken = false;
        pthread_mutex_unlock(&list_lock);
    }
    chardev_destroy(c);
}
