/* SPDX-License-Identifier: MIT */
/* libslirp glue (QEMU net/slirp.c's role): option parsing, the slirp thread's poll loop
   (slirp_pollfds_fill -> poll -> slirp_pollfds_poll), slirp's timers, and the two hand-offs:
   guest frames queue here (bounded; a full queue makes virtio-net hold the frame in its ring)
   and are fed to slirp_input on the slirp thread; slirp's send_packet, also on that thread,
   passes frames to virtio_net_receive, which queues them for the CPU thread. */
#include "slirp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "system/log.h"

#define POLL_MAX_MS 1000              /* the loop wakes at least this often */
#define POLL_RETRY_MS 100             /* after a failed poll */

typedef struct TxFrame {
    struct TxFrame *next;
    size_t len;
    uint8_t data[];
} TxFrame;

typedef struct SlirpTimer {
    struct SlirpTimer *next;
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms;                /* -1: not armed */
} SlirpTimer;

typedef struct HostFwd {
    int is_udp;
    struct in_addr host_addr, guest_addr;
    int host_port, guest_port;
} HostFwd;

typedef struct SlirpNet {
    NetPeer peer;
    Slirp *slirp;
    char hostname[64];
    bool has_hostname;
    char *tftp, *bootfile, *tftp_name, *domain;   /* -netdev user tftp= bootfile= ... */

    pthread_t thread;
    bool thread_started;
    int quit;                         /* atomic */
    int wake[2];                      /* wakes the poll loop: frames queued, quit, notify */

    pthread_mutex_t lock;             /* the transmit queue */
    TxFrame *tx_head, *tx_tail;
    unsigned tx_count;
    bool tx_refused;                  /* a send was refused: tell the device when drained */

    /* slirp thread only (and the creating thread before it starts) */
    struct pollfd *pfd;
    size_t n_pfd, cap_pfd;
    SlirpTimer *timers;
} SlirpNet;

static SlirpNet *to_sn(NetPeer *p) { return (SlirpNet *)p; }

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void wake_loop(SlirpNet *s) {
    char b = 1;
    ssize_t r = write(s->wake[1], &b, 1);   /* a full pipe already wakes the loop */
    (void)r;
}

/* ---- slirp callbacks (slirp thread) ---- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque) {
    SlirpNet *s = opaque;
    if (s->peer.dev)
        virtio_net_receive(s->peer.dev, buf, len);
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque) {
    (void)opaque;
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("slirp: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque) {
    (void)opaque;
    return now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque) {
    SlirpNet *s = opaque;
    SlirpTimer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    t->next = s->timers;
    s->timers = t;
    return t;
}

static void cb_timer_free(void *timer, void *opaque) {
    SlirpNet *s = opaque;
    for (SlirpTimer **pp = &s->timers; *pp; pp = &(*pp)->next)
        if (*pp == timer) {
            *pp = ((SlirpTimer *)timer)->next;
            free(timer);
            return;
        }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque) {
    (void)opaque;
    if (timer)
        ((SlirpTimer *)timer)->expire_ms = expire_ms;
}

static void cb_register_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }
static void cb_unregister_poll_fd(int fd, void *opaque) { (void)fd; (void)opaque; }

static void cb_notify(void *opaque) { wake_loop(opaque); }

static const SlirpCb slirp_cbs = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

/* ---- the poll loop ---- */

static int add_poll(int fd, int events, void *opaque) {
    SlirpNet *s = opaque;
    if (s->n_pfd == s->cap_pfd) {
        size_t cap = s->cap_pfd ? 2 * s->cap_pfd : 32;
        struct pollfd *n = realloc(s->pfd, cap * sizeof *n);
        if (!n)
            return -1;
        s->pfd = n;
        s->cap_pfd = cap;
    }
    short ev = 0;
    if (events & SLIRP_POLL_IN) ev |= POLLIN;
    if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
    if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
    if (events & SLIRP_POLL_ERR) ev |= POLLERR;
    if (events & SLIRP_POLL_HUP) ev |= POLLHUP;
    s->pfd[s->n_pfd] = (struct pollfd){.fd = fd, .events = ev};
    return (int)s->n_pfd++;
}

static int get_revents(int idx, void *opaque) {
    SlirpNet *s = opaque;
    if (idx < 0 || (size_t)idx >= s->n_pfd)
        return 0;
    short r = s->pfd[idx].revents;
    int ev = 0;
    if (r & POLLIN) ev |= SLIRP_POLL_IN;
    if (r & POLLOUT) ev |= SLIRP_POLL_OUT;
    if (r & POLLPRI) ev |= SLIRP_POLL_PRI;
    if (r & POLLERR) ev |= SLIRP_POLL_ERR;
    if (r & POLLHUP) ev |= SLIRP_POLL_HUP;
    return ev;
}

/* Fire expired timers one at a time: a callback may re-arm or free any timer. */
static void run_timers(SlirpNet *s) {
    for (;;) {
        int64_t now = now_ns() / 1000000;
        SlirpTimer *due = NULL;
        for (SlirpTimer *t = s->timers; t; t = t->next)
            if (t->expire_ms >= 0 && t->expire_ms <= now) {
                due = t;
                break;
            }
        if (!due)
            return;
        due->expire_ms = -1;
        due->cb(due->cb_opaque);
    }
}

static int timers_timeout_ms(const SlirpNet *s, int timeout) {
    int64_t now = now_ns() / 1000000;
    for (const SlirpTimer *t = s->timers; t; t = t->next)
        if (t->expire_ms >= 0) {
            int64_t d = t->expire_ms - now;
            if (d < 0)
                d = 0;
            if (d < timeout)
                timeout = (int)d;
        }
    return timeout;
}

static void feed_guest_frames(SlirpNet *s) {
    pthread_mutex_lock(&s->lock);
    TxFrame *f = s->tx_head;
    s->tx_head = s->tx_tail = NULL;
    s->tx_count = 0;
    bool refused = s->tx_refused;
    s->tx_refused = false;
    pthread_mutex_unlock(&s->lock);
    while (f) {
        TxFrame *next = f->next;
        slirp_input(s->slirp, f->data, (int)f->len);
        free(f);
        f = next;
    }
    if (refused && s->peer.dev)
        virtio_net_peer_ready(s->peer.dev);
}

static void *slirp_thread(void *arg) {
    SlirpNet *s = arg;
    bool failing = false;
    while (!__atomic_load_n(&s->quit, __ATOMIC_ACQUIRE)) {
        s->n_pfd = 0;
        add_poll(s->wake[0], SLIRP_POLL_IN, s);
        uint32_t timeout = POLL_MAX_MS;
        slirp_pollfds_fill(s->slirp, &timeout, add_poll, s);
        int ms = timers_timeout_ms(s, timeout > POLL_MAX_MS ? POLL_MAX_MS : (int)timeout);
        int r = poll(s->pfd, s->n_pfd, ms);
        if (r < 0 && errno != EINTR) {
            /* ENOMEM passes; EINVAL (more sockets than RLIMIT_NOFILE) may pass when slirp
               closes some. Say so once and keep the network up, slowly, rather than leave the
               guest with a link that silently stopped. */
            if (!failing)
                fprintf(stderr, "tern: user-mode network: poll: %s (retrying every %d ms)\n",
                        strerror(errno), POLL_RETRY_MS);
            failing = true;
            struct timespec ts = {0, POLL_RETRY_MS * 1000000L};
            nanosleep(&ts, NULL);
        } else if (r >= 0 && failing) {
            fprintf(stderr, "tern: user-mode network: poll works again\n");
            failing = false;
        }
        if (r > 0 && (s->pfd[0].revents & POLLIN)) {
            char buf[64];
            while (read(s->wake[0], buf, sizeof buf) > 0) {
            }
        }
        slirp_pollfds_poll(s->slirp, r < 0, get_revents, s);
        run_timers(s);
        feed_guest_frames(s);
    }
    return NULL;
}

/* ---- NetPeer ---- */

static void sn_start(NetPeer *p) {
    SlirpNet *s = to_sn(p);
    if (s->thread_started)
        return;
    if (pthread_create(&s->thread, NULL, slirp_thread, s) != 0) {
        fprintf(stderr, "tern: cannot start the user-mode network thread\n");
        return;
    }
    s->thread_started = true;
}

static bool sn_send(NetPeer *p, const uint8_t *frame, size_t len) {
    SlirpNet *s = to_sn(p);
    if (!s->thread_started)
        return true;                  /* no network: the frame is lost, as on a dead link */
    TxFrame *f = malloc(sizeof *f + len);
    if (!f)
        return true;
    f->next = NULL;
    f->len = len;
    memcpy(f->data, frame, len);
    pthread_mutex_lock(&s->lock);
    bool ok = s->tx_count < SLIRP_NET_TX_MAX;
    if (ok) {
        if (s->tx_tail)
            s->tx_tail->next = f;
        else
            s->tx_head = f;
        s->tx_tail = f;
        s->tx_count++;
    } else {
        s->tx_refused = true;
    }
    pthread_mutex_unlock(&s->lock);
    if (!ok)
        free(f);
    wake_loop(s);
    return ok;
}

static void sn_free(NetPeer *p) {
    SlirpNet *s = to_sn(p);
    if (s->thread_started) {
        __atomic_store_n(&s->quit, 1, __ATOMIC_RELEASE);
        wake_loop(s);
        pthread_join(s->thread, NULL);
    }
    if (s->slirp)
        slirp_cleanup(s->slirp);      /* frees its timers through cb_timer_free */
    while (s->timers) {
        SlirpTimer *t = s->timers;
        s->timers = t->next;
        free(t);
    }
    while (s->tx_head) {
        TxFrame *f = s->tx_head;
        s->tx_head = f->next;
        free(f);
    }
    for (int i = 0; i < 2; i++)
        if (s->wake[i] >= 0)
            close(s->wake[i]);
    pthread_mutex_destroy(&s->lock);
    free(s->pfd);
    free(s->tftp);
    free(s->bootfile);
    free(s->tftp_name);
    free(s->domain);
    free(s);
}

static const NetPeerOps slirp_peer_ops = {
    .start = sn_start,
    .send = sn_send,
    .free = sn_free,
};

/* ---- options ---- */

__attribute__((format(printf, 3, 4)))
static bool bad(char *err, size_t errlen, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}

static bool parse_addr(const char *s, struct in_addr *a) { return inet_pton(AF_INET, s, a) == 1; }

/* ADDR[/BITS|/MASK] */
static bool parse_net(const char *v, struct in_addr *net, struct in_addr *mask) {
    char buf[64];
    if (snprintf(buf, sizeof buf, "%s", v) >= (int)sizeof buf)
        return false;
    char *slash = strchr(buf, '/');
    uint32_t m = 0xffffff00u;          /* QEMU: /24 when no mask is given */
    if (slash) {
        *slash = 0;
        char *end;
        unsigned long bits = strtoul(slash + 1, &end, 10);
        if (!*end && end != slash + 1) {
            if (bits < 1 || bits > 30)
                return false;
            m = 0xffffffffu << (32 - bits);
        } else {
            struct in_addr ma;
            if (!parse_addr(slash + 1, &ma))
                return false;
            m = ntohl(ma.s_addr);
        }
    }
    if (!parse_addr(buf, net))
        return false;
    mask->s_addr = htonl(m);
    net->s_addr &= mask->s_addr;
    return true;
}

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT */
static bool parse_hostfwd(const char *v, HostFwd *f) {
    char buf[128];
    if (snprintf(buf, sizeof buf, "%s", v) >= (int)sizeof buf)
        return false;
    char *p = buf;
    memset(f, 0, sizeof *f);
    if (!strncmp(p, "tcp:", 4)) {
        p += 4;
    } else if (!strncmp(p, "udp:", 4)) {
        f->is_udp = 1;
        p += 4;
    } else if (*p == ':') {
        p++;                          /* empty protocol: tcp */
    }
    char *dash = strchr(p, '-');
    if (!dash)
        return false;
    *dash = 0;
    char *hcolon = strrchr(p, ':'), *g = dash + 1, *gcolon = strrchr(g, ':');
    if (!hcolon || !gcolon)
        return false;
    *hcolon = 0;
    *gcolon = 0;
    if (*p && !parse_addr(p, &f->host_addr))
        return false;
    if (*g && !parse_addr(g, &f->guest_addr))
        return false;
    char *end;
    long hp = strtol(hcolon + 1, &end, 10);
    if (*end || end == hcolon + 1 || hp < 0 || hp > 65535)
        return false;
    long gp = strtol(gcolon + 1, &end, 10);
    if (*end || end == gcolon + 1 || gp < 1 || gp > 65535)
        return false;
    f->host_port = (int)hp;
    f->guest_port = (int)gp;
    return true;
}

static bool parse_onoff(const char *v, bool *out) {
    if (!v || !strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "y") || !strcmp(v, "true"))
        *out = true;
    else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "n") || !strcmp(v, "false"))
        *out = false;
    else
        return false;
    return true;
}

NetPeer *slirp_net_create(const char *opts, char *err, size_t errlen) {
    struct in_addr net, mask, host = {0}, dhcp = {0}, dns = {0};
    inet_pton(AF_INET, "10.0.2.0", &net);
    inet_pton(AF_INET, "255.255.255.0", &mask);
    bool have_host = false, have_dhcp = false, have_dns = false;
    bool restricted = false, ipv4 = true, ipv6 = true;
    HostFwd fwd[SLIRP_NET_MAX_FWD];
    int n_fwd = 0;
    SlirpNet *s = calloc(1, sizeof *s);
    if (!s) {
        bad(err, errlen, "out of memory");
        return NULL;
    }
    s->wake[0] = s->wake[1] = -1;
    pthread_mutex_init(&s->lock, NULL);
    s->peer.ops = &slirp_peer_ops;

    char *copy = strdup(opts ? opts : "");
    bool ok = copy != NULL;
    if (!ok)
        bad(err, errlen, "out of memory");
    for (char *p = copy; ok && p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        char *key = p, *val = strchr(p, '=');
        if (val)
            *val++ = 0;
        p = comma ? comma + 1 : NULL;
        if (!strcmp(key, "net") && val) {
            ok = parse_net(val, &net, &mask) ||
                 bad(err, errlen, "-netdev user: bad net=%s (ADDR[/BITS])", val);
        } else if (!strcmp(key, "host") && val) {
            ok = (have_host = parse_addr(val, &host)) ||
                 bad(err, errlen, "-netdev user: bad host=%s", val);
        } else if (!strcmp(key, "dhcpstart") && val) {
            ok = (have_dhcp = parse_addr(val, &dhcp)) ||
                 bad(err, errlen, "-netdev user: bad dhcpstart=%s", val);
        } else if (!strcmp(key, "dns") && val) {
            ok = (have_dns = parse_addr(val, &dns)) ||
                 bad(err, errlen, "-netdev user: bad dns=%s", val);
        } else if (!strcmp(key, "restrict")) {
            ok = parse_onoff(val, &restricted) || bad(err, errlen, "-netdev user: bad restrict=");
        } else if (!strcmp(key, "ipv4")) {
            ok = parse_onoff(val, &ipv4) || bad(err, errlen, "-netdev user: bad ipv4=");
        } else if (!strcmp(key, "ipv6")) {
            ok = parse_onoff(val, &ipv6) || bad(err, errlen, "-netdev user: bad ipv6=");
        } else if (!strcmp(key, "hostname") && val) {
            snprintf(s->hostname, sizeof s->hostname, "%s", val);
            s->has_hostname = true;
        } else if (!strcmp(key, "tftp") && val && *val) {
            struct stat st;
            free(s->tftp);
            s->tftp = strdup(val);
            ok = (stat(val, &st) == 0 && S_ISDIR(st.st_mode)) ||
                 bad(err, errlen, "-netdev user: tftp=%s: not a directory", val);
        } else if (!strcmp(key, "bootfile") && val && *val) {
            free(s->bootfile);
            s->bootfile = strdup(val);
        } else if (!strcmp(key, "tftp-server-name") && val && *val) {
            free(s->tftp_name);
            s->tftp_name = strdup(val);
        } else if (!strcmp(key, "domainname") && val && *val) {
            free(s->domain);
            s->domain = strdup(val);
        } else if (!strcmp(key, "hostfwd") && val) {
            if (n_fwd == SLIRP_NET_MAX_FWD)
                ok = bad(err, errlen, "-netdev user: at most %d hostfwd rules",
                         SLIRP_NET_MAX_FWD);
            else
                ok = parse_hostfwd(val, &fwd[n_fwd++]) ||
                     bad(err, errlen, "-netdev user: bad hostfwd=%s (expected "
                         "[tcp|udp]:[HOSTADDR]:PORT-[GUESTADDR]:PORT)", val);
        } else {
            ok = bad(err, errlen, "-netdev user: unsupported parameter '%s'", key);
        }
    }
    free(copy);
    uint32_t nb = ntohl(net.s_addr), mb = ntohl(mask.s_addr);
    if (!have_host)
        host.s_addr = htonl(nb | 2);
    if (!have_dhcp)
        dhcp.s_addr = htonl(nb | 15);
    if (!have_dns)
        dns.s_addr = htonl(nb | 3);
    if (ok && (!ipv4 && !ipv6))
        ok = bad(err, errlen, "-netdev user: ipv4=off and ipv6=off leave no network");
    if (ok && ((ntohl(host.s_addr) & mb) != nb || (ntohl(dhcp.s_addr) & mb) != nb ||
               (ntohl(dns.s_addr) & mb) != nb))
        ok = bad(err, errlen, "-netdev user: host, dhcpstart and dns must be inside net");
    if (ok && pipe(s->wake) != 0)
        ok = bad(err, errlen, "cannot create a pipe: %s", strerror(errno));
    for (int i = 0; ok && i < 2; i++) {
        fcntl(s->wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(s->wake[i], F_SETFL, O_NONBLOCK);
    }
    if (ok) {
        SlirpConfig cfg = {
            .version = 1,
            .restricted = restricted,
            .in_enabled = ipv4,
            .vnetwork = net, .vnetmask = mask, .vhost = host,
            .in6_enabled = ipv6,
            .vprefix_len = 64,
            .vhostname = s->has_hostname ? s->hostname : NULL,
            .vdhcp_start = dhcp, .vnameserver = dns,
            .tftp_path = s->tftp, .bootfile = s->bootfile, .tftp_server_name = s->tftp_name,
            .vdomainname = s->domain,
        };
        inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
        inet_pton(AF_INET6, "fec0::2", &cfg.vhost6);
        inet_pton(AF_INET6, "fec0::3", &cfg.vnameserver6);
        s->slirp = slirp_new(&cfg, &slirp_cbs, s);
        if (!s->slirp)
            ok = bad(err, errlen, "-netdev user: slirp refused the configuration");
    }
    for (int i = 0; ok && i < n_fwd; i++) {
        struct in_addr g = fwd[i].guest_addr.s_addr ? fwd[i].guest_addr : dhcp;
        /* Binds the host socket now; slirp accepts on it from its thread. */
        if (slirp_add_hostfwd(s->slirp, fwd[i].is_udp, fwd[i].host_addr, fwd[i].host_port, g,
                              fwd[i].guest_port) < 0)
            ok = bad(err, errlen, "-netdev user: could not set up host forwarding of %s port "
                     "%d: %s", fwd[i].is_udp ? "udp" : "tcp", fwd[i].host_port,
                     strerror(errno));
    }
    if (!ok) {
        sn_free(&s->peer);
        return NULL;
    }
    return &s->peer;
}
