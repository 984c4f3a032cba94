/* SPDX-License-Identifier: MIT */
/* Parsing of QEMU character device specifications (qemu-options.hx "-chardev", "-serial";
   chardev/char.c qemu_chr_parse_compat; chardev/char-socket.c qemu_chr_parse_socket). */
#include "chardev_opts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/options.h"

__attribute__((format(printf, 3, 4)))
static bool errf(char *err, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return false;
}

static bool copy(char *dst, size_t n, const char *src, size_t len) {
    if (len >= n)
        return false;
    memcpy(dst, src, len);
    dst[len] = 0;
    return true;
}

/* QEMU's boolean values; a bare key means on. */
static bool parse_bool(const char *key, const char *val, bool *out, char *err, size_t n) {
    if (!val || !strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true"))
        *out = true;
    else if (!strcmp(val, "off") || !strcmp(val, "no") || !strcmp(val, "false"))
        *out = false;
    else
        return errf(err, n, "%s=%s: expected on or off", key, val);
    return true;
}

/* One socket parameter (key, val may be NULL) shared by both syntaxes; false on error. A
   parameter this file does not know sets *known false and returns true. */
static bool socket_param(ChardevSpec *s, const char *key, const char *val, bool *wait_set,
                         bool *known, char *err, size_t n) {
    *known = true;
    if (!strcmp(key, "server"))
        return parse_bool(key, val, &s->server, err, n);
    if (!strcmp(key, "wait")) {
        *wait_set = true;
        return parse_bool(key, val, &s->wait, err, n);
    }
    if (!strcmp(key, "nowait") && !val) {
        *wait_set = true;
        s->wait = false;
        return true;
    }
    if (!strcmp(key, "logfile") && val && *val) {
        if (!copy(s->logfile, sizeof s->logfile, val, strlen(val)))
            return errf(err, n, "logfile path too long");
        return true;
    }
    if (!strcmp(key, "telnet") || !strcmp(key, "tn3270") || !strcmp(key, "websocket")) {
        bool on = false;
        if (!parse_bool(key, val, &on, err, n))
            return false;
        if (on)
            return errf(err, n, "%s=on is not supported", key);
        return true;
    }
    if (!strcmp(key, "reconnect") && val) {
        if (strcmp(val, "0"))
            return errf(err, n, "reconnect=%s is not supported", val);
        return true;
    }
    /* Tuning that changes nothing here: Nagle, address families, the logfile mode. */
    if (!strcmp(key, "nodelay") || !strcmp(key, "ipv4") || !strcmp(key, "ipv6") ||
        !strcmp(key, "logappend") || !strcmp(key, "delay") || !strcmp(key, "signal") ||
        !strcmp(key, "to") || !strcmp(key, "abstract") || !strcmp(key, "tight"))
        return true;
    *known = false;
    return true;
}

static void socket_defaults(ChardevSpec *s, bool wait_set) {
    if (!wait_set)
        s->wait = s->server;        /* QEMU: a server waits for its first client unless told */
    if (!s->server)
        s->wait = false;
}

/* "HOST:PORT" or ":PORT" (host may be [v6]). */
static bool parse_host_port(const char *hp, size_t len, ChardevSpec *s, char *err, size_t n) {
    const char *colon = NULL;
    for (size_t i = 0; i < len; i++)
        if (hp[i] == ':')
            colon = hp + i;
    if (!colon || colon == hp + len - 1)
        return errf(err, n, "'%.*s': expected HOST:PORT", (int)len, hp);
    const char *h = hp;
    size_t hl = (size_t)(colon - hp);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    size_t pl = (size_t)(hp + len - colon - 1);
    if (!copy(s->host, sizeof s->host, h, hl) || !copy(s->port, sizeof s->port, colon + 1, pl))
        return errf(err, n, "'%.*s': host or port too long", (int)len, hp);
    for (const char *p = s->port; *p; p++)
        if (*p < '0' || *p > '9')
            return errf(err, n, "'%s': invalid port", s->port);
    return true;
}

static bool parse_socket(const char *rest, bool is_unix, ChardevSpec *s, char *err, size_t n) {
    s->backend = CHR_SOCKET;
    s->is_unix = is_unix;
    size_t len = strcspn(rest, ",");
    if (is_unix) {
        if (len == 0)
            return errf(err, n, "unix: missing socket path");
        if (!copy(s->path, sizeof s->path, rest, len))
            return errf(err, n, "unix: socket path too long");
    } else if (!parse_host_port(rest, len, s, err, n)) {
        return false;
    }
    bool wait_set = false;
    char *opts = strdup(rest + len), *p = opts;
    if (!opts)
        return errf(err, n, "out of memory");
    bool ok = true;
    while (ok && p && *p) {
        if (*p == ',') {
            p++;
            continue;
        }
        char *key = p, *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        p = comma ? comma + 1 : NULL;
        char *eq = strchr(key, '=');
        char *val = NULL;
        if (eq) {
            *eq = 0;
            val = eq + 1;
        }
        bool known;
        ok = socket_param(s, key, val, &wait_set, &known, err, n);
        if (ok && !known)
            ok = errf(err, n, "unsupported socket parameter '%s'", key);
    }
    free(opts);
    socket_defaults(s, wait_set);
    return ok;
}

bool chardev_spec_parse(const char *str, ChardevSpec *s, char *err, size_t n) {
    memset(s, 0, sizeof *s);
    if (!strncmp(str, "mon:", 4)) {
        s->mux = true;
        str += 4;
    }
    if (!strcmp(str, "stdio")) {
        s->backend = CHR_STDIO;
    } else if (!strcmp(str, "null")) {
        s->backend = CHR_NULL;
    } else if (!strcmp(str, "pty")) {
        s->backend = CHR_PTY;
    } else if (!strncmp(str, "file:", 5)) {
        s->backend = CHR_FILE;
        if (!str[5])
            return errf(err, n, "file: missing path");
        if (!copy(s->path, sizeof s->path, str + 5, strlen(str + 5)))
            return errf(err, n, "file: path too long");
    } else if (!strncmp(str, "tcp:", 4)) {
        return parse_socket(str + 4, false, s, err, n);
    } else if (!strncmp(str, "unix:", 5)) {
        return parse_socket(str + 5, true, s, err, n);
    } else {
        return errf(err, n, "'%s': unsupported character device (stdio, mon:stdio, null, pty, "
                            "file:PATH, tcp:HOST:PORT[,server=on,wait=off], unix:PATH[,server,"
                            "nowait], chardev:ID)", str);
    }
    return true;
}

bool chardev_spec_format(const ChardevSpec *s, char *buf, size_t n) {
    const char *mon = s->mux ? "mon:" : "";
    int r;
    switch (s->backend) {
    case CHR_NULL: r = snprintf(buf, n, "%snull", mon); break;
    case CHR_STDIO: r = snprintf(buf, n, "%sstdio", mon); break;
    case CHR_PTY: r = snprintf(buf, n, "%spty", mon); break;
    case CHR_FILE: r = snprintf(buf, n, "%sfile:%s", mon, s->path); break;
    case CHR_SOCKET: {
        bool v6 = strchr(s->host, ':') != NULL;
        if (s->is_unix)
            r = snprintf(buf, n, "%sunix:%s", mon, s->path);
        else
            r = snprintf(buf, n, "%stcp:%s%s%s:%s", mon, v6 ? "[" : "", s->host, v6 ? "]" : "",
                         s->port);
        if (r < 0 || (size_t)r >= n)
            return false;
        r += snprintf(buf + r, n - (size_t)r, ",server=%s,wait=%s", s->server ? "on" : "off",
                      s->wait ? "on" : "off");
        break;
    }
    default: return false;
    }
    if (r < 0 || (size_t)r >= n)
        return false;
    if (s->logfile[0]) {
        if (s->backend != CHR_SOCKET)
            return false;
        int k = snprintf(buf + r, n - (size_t)r, ",logfile=%s", s->logfile);
        if (k < 0 || (size_t)k >= n - (size_t)r)
            return false;
    }
    return true;
}

const char *chardev_opts_ref(const char *s) {
    return !strncmp(s, "chardev:", 8) && s[8] ? s + 8 : NULL;
}

bool chardev_opts_parse(const char *arg, char **id_out, char **spec_out) {
    char err[256] = "";
    char *buf = strdup(arg), *p = buf;
    if (!buf) {
        fprintf(stderr, "tern: out of memory\n");
        return false;
    }
    ChardevSpec s;
    memset(&s, 0, sizeof s);
    const char *backend = NULL, *id = NULL, *path = NULL, *host = NULL, *port = NULL;
    bool ok = true, first = true, wait_set = false;
    while (ok && p && *p) {
        char *key = p, *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        p = comma ? comma + 1 : NULL;
        char *eq = strchr(key, '=');
        char *val = NULL;
        if (eq) {
            *eq = 0;
            val = eq + 1;
        }
        bool was_first = first;
        first = false;
        bool known = true;
        if (was_first && !val)
            backend = key;
        else if (!strcmp(key, "backend") && val)
            backend = val;
        else if (!strcmp(key, "id") && val && *val)
            id = val;
        else if (!strcmp(key, "path") && val && *val)
            path = val;
        else if (!strcmp(key, "host") && val)
            host = val;
        else if (!strcmp(key, "port") && val && *val)
            port = val;
        else if (!strcmp(key, "mux"))
            ok = parse_bool(key, val, &s.mux, err, sizeof err);
        else if (!strcmp(key, "append"))
            ;                       /* file: the output file is created anew either way */
        else {
            ok = socket_param(&s, key, val, &wait_set, &known, err, sizeof err);
            if (ok && !known)
                ok = errf(err, sizeof err, "unsupported parameter '%s'", key);
        }
    }
    if (ok && !backend)
        ok = errf(err, sizeof err, "missing backend (stdio, null, file, pty, socket)");
    if (ok && !id)
        ok = errf(err, sizeof err, "missing id=ID");
    if (ok) {
        if (!strcmp(backend, "stdio")) {
            s.backend = CHR_STDIO;
        } else if (!strcmp(backend, "null")) {
            s.backend = CHR_NULL;
        } else if (!strcmp(backend, "pty")) {
            s.backend = CHR_PTY;
        } else if (!strcmp(backend, "file")) {
            s.backend = CHR_FILE;
            if (!path)
                ok = errf(err, sizeof err, "file: missing path=FILE");
            else if (!copy(s.path, sizeof s.path, path, strlen(path)))
                ok = errf(err, sizeof err, "path too long");
        } else if (!strcmp(backend, "socket")) {
            s.backend = CHR_SOCKET;
            if (path && (host || port))
                ok = errf(err, sizeof err, "socket: path= and host=/port= exclude each other");
            else if (path) {
                s.is_unix = true;
                if (!copy(s.path, sizeof s.path, path, strlen(path)))
                    ok = errf(err, sizeof err, "path too long");
            } else if (!port) {
                ok = errf(err, sizeof err, "socket: needs path=PATH or host=HOST,port=PORT");
            } else {
                char hp[512];
                snprintf(hp, sizeof hp, "%s:%s", host ? host : "", port);
                ok = parse_host_port(hp, strlen(hp), &s, err, sizeof err);
            }
            socket_defaults(&s, wait_set);
        } else {
            ok = errf(err, sizeof err, "backend '%s' is not supported (stdio, null, file, pty, "
                                       "socket)", backend);
        }
    }
    if (ok && s.backend != CHR_SOCKET && (host || port))
        ok = errf(err, sizeof err, "host= and port= are socket parameters");
    if (ok && path && s.backend != CHR_SOCKET && s.backend != CHR_FILE)
        ok = errf(err, sizeof err, "path= is not a parameter of the %s backend", backend);
    if (ok && s.backend != CHR_SOCKET && (s.server || wait_set || s.logfile[0])) {
        /* QEMU takes logfile= on every backend; tern only keeps it for sockets. */
        if (s.logfile[0])
            ok = errf(err, sizeof err, "logfile= is only supported with the socket backend");
        else
            ok = errf(err, sizeof err, "server/wait are socket parameters");
    }
    char spec[CHR_PATH_MAX * 2 + 512];
    if (ok && !chardev_spec_format(&s, spec, sizeof spec))
        ok = errf(err, sizeof err, "specification too long");
    if (ok) {
        *id_out = strdup(id);
        *spec_out = strdup(spec);
        if (!*id_out || !*spec_out) {
            free(*id_out);
            free(*spec_out);
            ok = errf(err, sizeof err, "out of memory");
        }
    }
    if (!ok)
        fprintf(stderr, "tern: -chardev %s: %s\n", arg, err);
    free(buf);
    return ok;
}

bool chardev_opts_check(const char *opt, const char *arg) {
    if (chardev_opts_ref(arg))
        return true;
    ChardevSpec s;
    char err[1200];
    if (!chardev_spec_parse(arg, &s, err, sizeof err)) {
        fprintf(stderr, "tern: %s %s: %s\n", opt, arg, err);
        return false;
    }
    if (s.mux && (s.backend == CHR_NULL || s.backend == CHR_FILE)) {
        fprintf(stderr, "tern: %s %s: the monitor needs a backend with input\n", opt, arg);
        return false;
    }
    return true;
}

static bool add_monitor(TernOptions *o, const char *opt, const char *spec, bool control,
                        bool pretty) {
    o->no_default_monitor = true;
    if (o->n_monitors >= OPTS_MAX_MONITORS) {
        fprintf(stderr, "tern: %s: at most %d monitors\n", opt, OPTS_MAX_MONITORS);
        return false;
    }
    char *d = strdup(spec);
    if (!d) {
        fprintf(stderr, "tern: out of memory\n");
        return false;
    }
    o->monitors[o->n_monitors++] = (TernMonitor){.spec = d, .control = control, .pretty = pretty};
    return true;
}

bool chardev_opts_monitor(TernOptions *o, const char *opt, const char *arg, bool control,
                          bool pretty) {
    if (!control && (!strcmp(arg, "none") || !strcmp(arg, "null"))) {
        o->no_default_monitor = o->monitor_none = true;
        return true;
    }
    if (!chardev_opts_check(opt, arg))
        return false;
    return add_monitor(o, opt, arg, control, pretty);
}

bool chardev_opts_mon(TernOptions *o, const char *arg) {
    char *c = strdup(arg), *p = c;
    if (!c) {
        fprintf(stderr, "tern: out of memory\n");
        return false;
    }
    const char *id = NULL;
    bool control = false, pretty = false, ok = true;
    char err[256] = "";
    while (ok && p && *p) {
        char *key = p, *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        p = comma ? comma + 1 : NULL;
        char *eq = strchr(key, '=');
        char *val = NULL;
        if (eq) {
            *eq = 0;
            val = eq + 1;
        }
        if (!strcmp(key, "chardev") && val && *val)
            id = val;
        else if (!strcmp(key, "mode") && val && !strcmp(val, "readline"))
            control = false;
        else if (!strcmp(key, "mode") && val && !strcmp(val, "control"))
            control = true;
        else if (!strcmp(key, "mode"))
            ok = errf(err, sizeof err, "mode=%s: expected readline or control", val ? val : "");
        else if (!strcmp(key, "pretty"))
            ok = parse_bool(key, val, &pretty, err, sizeof err);
        else if (!strcmp(key, "id") || (!strcmp(key, "default") && !val))
            ;                       /* a name for the monitor itself; the old default flag */
        else
            ok = errf(err, sizeof err, "unsupported parameter '%s'", key);
    }
    if (ok && !id)
        ok = errf(err, sizeof err, "missing chardev=ID");
    char spec[300];
    if (ok && (size_t)snprintf(spec, sizeof spec, "chardev:%s", id) >= sizeof spec)
        ok = errf(err, sizeof err, "chardev id too long");
    if (!ok)
        fprintf(stderr, "tern: -mon %s: %s\n", arg, err);
    else
        ok = add_monitor(o, "-mon", spec, control, pretty);
    free(c);
    return ok;
}

static bool ref_known(const TernOptions *o, const char *opt, const char *spec) {
    const char *id = spec ? chardev_opts_ref(spec) : NULL;
    if (!id)
        return true;
    for (int i = 0; i < o->n_chardevs; i++)
        if (!strcmp(o->chardevs[i].id, id))
            return true;
    fprintf(stderr, "tern: %s: chardev '%s' not found (define it with -chardev ...,id=%s)\n",
            opt, id, id);
    return false;
}

bool chardev_opts_check_refs(const TernOptions *o) {
    for (int i = 0; i < o->n_serials; i++)
        if (!ref_known(o, "-serial", o->serial_specs[i]))
            return false;
    for (int i = 0; i < o->n_monitors; i++)
        if (!ref_known(o, o->monitors[i].control ? "-qmp" : "-monitor", o->monitors[i].spec))
            return false;
    return true;
}

static bool uses_stdio(const TernOptions *o, const char *spec) {
    const char *id = chardev_opts_ref(spec);
    for (int i = 0; id && i < o->n_chardevs; i++)
        if (!strcmp(o->chardevs[i].id, id))
            spec = o->chardevs[i].spec;
    return !strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio");
}

const char *chardev_opts_default_serial(const TernOptions *o) {
    if (!o->no_default_monitor)
        return "mon:stdio";
    for (int i = 0; i < o->n_monitors; i++)
        if (uses_stdio(o, o->monitors[i].spec))
            return "null";
    return "stdio";
}
