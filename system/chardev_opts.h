/* SPDX-License-Identifier: MIT */
/* Character device specifications as QEMU writes them (qemu-options.hx, chardev/char.c
   qemu_chr_parse_compat): the legacy forms of -serial, -monitor and -qmp ("tcp:HOST:PORT,
   server=on,wait=off", "unix:PATH,server,nowait", "pty", "stdio", "mon:stdio", "null",
   "file:PATH") and the -chardev BACKEND,id=ID,... form, which is turned into the legacy one.
   The legacy string is what chardev_open takes. */
#ifndef TERN_CHARDEV_OPTS_H
#define TERN_CHARDEV_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#define CHR_PATH_MAX 1024

typedef enum { CHR_NULL, CHR_STDIO, CHR_FILE, CHR_PTY, CHR_SOCKET } ChrBackend;

typedef struct ChardevSpec {
    ChrBackend backend;
    bool mux;                       /* "mon:" prefix / mux=on: Ctrl-A escapes and the monitor */
    bool is_unix;                   /* socket: unix path, else tcp host:port */
    bool server, wait;              /* socket: listen (server=on), block until a client (wait=on) */
    char path[CHR_PATH_MAX];        /* file path, unix socket path */
    char host[256], port[32];       /* tcp; empty host = every address */
    char logfile[CHR_PATH_MAX];     /* copy of the output, "" for none */
} ChardevSpec;

/* Parses a legacy spec; on error writes a one-line reason (no "tern:" prefix) to err.
   "chardev:ID" is not a backend: callers resolve it first (chardev_opts_ref). */
bool chardev_spec_parse(const char *s, ChardevSpec *out, char *err, size_t errn);
/* The legacy string for spec (round-trips through chardev_spec_parse). */
bool chardev_spec_format(const ChardevSpec *spec, char *buf, size_t n);
/* "chardev:ID": the ID, else NULL. */
const char *chardev_opts_ref(const char *s);
/* -chardev BACKEND,id=ID,... (stdio, null, file, pty, socket, with QEMU's parameters and the
   old "server", "nowait" spellings). On success *id and *spec are malloc'ed strings, spec in
   legacy form. On error prints "tern: -chardev: ..." and returns false. */
bool chardev_opts_parse(const char *arg, char **id, char **spec);

struct TernOptions;
/* Checks a -serial / -monitor / -qmp DEV (a legacy spec or chardev:ID); prints
   "tern: OPT: ..." and returns false when it is not one. */
bool chardev_opts_check(const char *opt, const char *arg);
/* -monitor DEV (control false), -qmp / -qmp-pretty DEV (control true); "none": no monitor. */
bool chardev_opts_monitor(struct TernOptions *o, const char *opt, const char *arg, bool control,
                          bool pretty);
/* -mon chardev=ID[,mode=readline|control][,pretty=on|off] */
bool chardev_opts_mon(struct TernOptions *o, const char *arg);
/* After the whole command line: every chardev:ID names a -chardev. */
bool chardev_opts_check_refs(const struct TernOptions *o);
/* The first serial port's backend when no -serial is given (QEMU vl.c
   qemu_create_default_devices): mon:stdio without monitor options; with one, stdio unless a
   monitor has stdio, then null. */
const char *chardev_opts_default_serial(const struct TernOptions *o);

#endif
