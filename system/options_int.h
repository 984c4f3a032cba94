/* SPDX-License-Identifier: MIT */
/* Helpers shared by the option parsers (options.c, options_misc.c); not for other callers. */
#ifndef TERN_OPTIONS_INT_H
#define TERN_OPTIONS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

/* A number (decimal, 0x hex, 0 octal) at s; *end after it. */
bool parse_u64(const char *s, uint64_t *out, char **end);
/* Splits "key=val,key=val" in place: the next key and value (NULL without '='); false at the
   end. */
bool next_prop(char **p, char **key, char **val);
/* A whole-string number in lo..hi, else a message naming opt. */
bool parse_int_opt(const char *opt, const char *s, int lo, int hi, int *out);
/* on/off/yes/no/true/false (a bare key is on), else a message naming opt and key. */
bool opt_bool(const char *opt, const char *key, const char *val, bool *out);
char *dup_or_die(const char *s);
/* Appends "key=val" (or "key") to a malloc'ed comma list. */
void append_prop(char **list, const char *key, const char *val);

/* options_misc.c: the options that change little (QEMU housekeeping) and the checks after
   the whole command line is read. Each returns false after printing a one-line message. */
bool opt_display(TernOptions *o, const char *arg);
bool opt_name(TernOptions *o, const char *arg);
bool opt_none_only(const char *opt, const char *arg, const char *why);
bool opt_pidfile(TernOptions *o, const char *arg);
bool opt_echr(TernOptions *o, const char *arg);
bool opt_legacy_net(TernOptions *o, const char *arg);
bool opt_rtc(TernOptions *o, const char *arg);
bool opt_boot(const char *arg);
bool opt_data_dir(TernOptions *o, const char *arg);
bool opt_object(TernOptions *o, const char *arg);
/* options_fsdev.c */
bool opt_fsdev(TernOptions *o, const char *arg);
bool opt_virtfs(TernOptions *o, const char *arg);
void options_free_fsdevs(TernOptions *o);
/* One accelerator name from -accel NAME, -enable-kvm or -machine accel=A:B. */
bool opt_accel_name(TernOptions *o, const char *name, bool *chosen);
bool options_finish(TernOptions *o);

#endif
