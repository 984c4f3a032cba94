/* SPDX-License-Identifier: MIT */
/* Command-line parsing with QEMU's option names and value syntax (qemu-options.hx) so that
   scripts written for qemu-system-riscv64 keep working. Options may start with '-' or '--'. */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "machines/boards.h"
#include "system/log.h"
#include "tern_version.h"

enum {
    O_HELP, O_VERSION, O_MACHINE, O_MEM, O_SMP, O_BIOS, O_KERNEL, O_APPEND, O_INITRD,
    O_NOGRAPHIC, O_SERIAL, O_DTB, O_LOG, O_LOGFILE, O_ACCEL, O_SINGLESTEP, O_NOREBOOT, O_GDB_S,
    O_GDB,
};

typedef struct OptDesc {
    const char *name;
    const char *alias;     /* second spelling, or NULL */
    int id;
    const char *arg;       /* metavariable when the option takes an argument, else NULL */
    const char *help;
} OptDesc;

static const OptDesc opt_table[] = {
    {"h", "help", O_HELP, NULL, "print this help and exit"},
    {"version", NULL, O_VERSION, NULL, "print the version and exit"},
    {"machine", "M", O_MACHINE, "NAME[,prop=val]", "select the board ('-machine help' lists them)"},
    {"m", NULL, O_MEM, "SIZE[M|G]", "guest RAM size (default: spike 128M, virt 1G)"},
    {"smp", NULL, O_SMP, "N", "number of harts"},
    {"bios", NULL, O_BIOS, "default|none|FILE",
     "firmware (virt default: OpenSBI; 'none': run the kernel directly)"},
    {"kernel", NULL, O_KERNEL, "FILE", "guest: RISC-V ELF, Linux Image (or Image.gz), raw"},
    {"append", NULL, O_APPEND, "CMDLINE", "kernel command line"},
    {"initrd", NULL, O_INITRD, "FILE", "initial ram disk"},
    {"dtb", NULL, O_DTB, "FILE", "device tree blob to pass instead of the board's"},
    {"nographic", NULL, O_NOGRAPHIC, NULL, "no display; guest console on stdio"},
    {"serial", NULL, O_SERIAL, "DEV", "guest console: stdio, mon:stdio, null, file:PATH"},
    {"d", NULL, O_LOG, "ITEM,...", "enable debug logs ('-d help' lists items)"},
    {"D", NULL, O_LOGFILE, "FILE", "write debug logs to FILE instead of stderr"},
    {"accel", NULL, O_ACCEL, "tcg|interp", "tcg: x86-64 JIT (default); interp: IR interpreter"},
    {"singlestep", NULL, O_SINGLESTEP, NULL, "translate one guest instruction per block"},
    {"no-reboot", NULL, O_NOREBOOT, NULL, "exit instead of rebooting"},
    {"s", NULL, O_GDB_S, NULL, "gdb server on tcp::1234 (not implemented yet)"},
    {"gdb", NULL, O_GDB, "DEV", "gdb server on DEV (not implemented yet)"},
};
#define N_OPTS (sizeof opt_table / sizeof opt_table[0])

void options_init(TernOptions *o) {
    memset(o, 0, sizeof *o);
    o->machine = NULL;
    o->smp = 1;
    o->serial = SERIAL_STDIO;
    o->accel = ACCEL_TCG;
    o->tb_size = OPTS_DEFAULT_TB_SIZE;
}

void options_print_help(FILE *f) {
    fprintf(f, "usage: tern [options]\n"
               "RISC-V (RV64GC) full-system emulator with a dynamic binary translator.\n\n"
               "Options:\n");
    for (size_t i = 0; i < N_OPTS; i++) {
        const OptDesc *d = &opt_table[i];
        char left[64];
        int n = snprintf(left, sizeof left, "-%s", d->name);
        if (d->alias)
            n += snprintf(left + n, sizeof left - (size_t)n, "|-%s%s",
                          strlen(d->alias) > 1 ? "-" : "", d->alias);
        if (d->arg)
            snprintf(left + n, sizeof left - (size_t)n, " %s", d->arg);
        fprintf(f, "  %-28s %s\n", left, d->help);
    }
    fprintf(f, "\nExample: tern -machine spike -bios none -nographic -kernel prog.elf\n");
}

static bool parse_u64(const char *s, uint64_t *out, char **end) {
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, end, 0);
    if (errno)
        return false;
    *out = v;
    return true;
}

bool options_parse_size(const char *s, uint64_t *bytes) {
    uint64_t v;
    char *end;
    if (!parse_u64(s, &v, &end))
        return false;
    unsigned shift = 20;               /* QEMU: a bare number means MiB */
    if (*end) {
        switch (toupper((unsigned char)*end)) {
        case 'B': shift = 0; break;
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        case 'T': shift = 40; break;
        default: return false;
        }
        end++;
        /* accept "MB", "MiB" style too */
        if (shift && (*end == 'i' || *end == 'I'))
            end++;
        if (shift && (*end == 'b' || *end == 'B'))
            end++;
        if (*end)
            return false;
    }
    if (v == 0 || v > (UINT64_MAX >> shift))
        return false;
    *bytes = v << shift;
    return true;
}

/* Splits "key=val,key=val" in place; returns false at the end. */
static bool next_prop(char **p, char **key, char **val) {
    if (!*p || !**p)
        return false;
    char *s = *p;
    char *comma = strchr(s, ',');
    if (comma) {
        *comma = 0;
        *p = comma + 1;
    } else {
        *p = s + strlen(s);
    }
    char *eq = strchr(s, '=');
    *key = s;
    *val = NULL;
    if (eq) {
        *eq = 0;
        *val = eq + 1;
    }
    return true;
}

static bool parse_int_opt(const char *opt, const char *s, int lo, int hi, int *out) {
    uint64_t v;
    char *end;
    if (!parse_u64(s, &v, &end) || *end || v < (uint64_t)lo || v > (uint64_t)hi) {
        fprintf(stderr, "tern: %s: invalid number '%s' (expected %d..%d)\n", opt, s, lo, hi);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool opt_machine(TernOptions *o, const char *arg) {
    /* QEMU form: NAME[,prop=val...] or type=NAME[,...] */
    const char *name = arg;
    if (!strncmp(name, "type=", 5))
        name += 5;
    size_t len = strcspn(name, ",");
    if (len == 0) {
        fprintf(stderr, "tern: -machine: missing machine name\n");
        return false;
    }
    if (len >= sizeof o->machine_name) {
        fprintf(stderr, "tern: -machine: unsupported machine '%.*s'\n", (int)len, name);
        return false;
    }
    memcpy(o->machine_name, name, len);
    o->machine_name[len] = 0;
    o->machine = o->machine_name;
    o->machine_props = name[len] == ',' && name[len + 1] ? name + len + 1 : NULL;
    return true;
}

static bool opt_mem(TernOptions *o, const char *arg) {
    char *copy = strdup(arg), *p = copy, *key, *val;
    bool ok = copy != NULL;
    bool first = true;
    while (ok && next_prop(&p, &key, &val)) {
        const char *sz = NULL;
        if (first && !val)
            sz = key;
        else if (val && !strcmp(key, "size"))
            sz = val;
        else {
            fprintf(stderr, "tern: -m: unsupported parameter '%s'\n", key);
            ok = false;
            break;
        }
        if (!options_parse_size(sz, &o->ram_size)) {
            fprintf(stderr, "tern: -m: invalid RAM size '%s'\n", sz);
            ok = false;
        }
        first = false;
    }
    free(copy);
    return ok;
}

static bool opt_smp(TernOptions *o, const char *arg) {
    char *copy = strdup(arg), *p = copy, *key, *val;
    bool ok = copy != NULL, first = true;
    int cpus = 0, sockets = 1, cores = 1, threads = 1;
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val)
            ok = parse_int_opt("-smp", key, 1, 4096, &cpus);
        else if (val && !strcmp(key, "cpus"))
            ok = parse_int_opt("-smp cpus", val, 1, 4096, &cpus);
        else if (val && !strcmp(key, "sockets"))
            ok = parse_int_opt("-smp sockets", val, 1, 4096, &sockets);
        else if (val && !strcmp(key, "cores"))
            ok = parse_int_opt("-smp cores", val, 1, 4096, &cores);
        else if (val && !strcmp(key, "threads"))
            ok = parse_int_opt("-smp threads", val, 1, 4096, &threads);
        else if (val && !strcmp(key, "maxcpus"))
            ;                       /* hot-plug limit: nothing to do without hot-plug */
        else {
            fprintf(stderr, "tern: -smp: unsupported parameter '%s'\n", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    if (!ok)
        return false;
    o->smp = cpus ? cpus : sockets * cores * threads;
    return true;
}

static bool opt_accel(TernOptions *o, const char *arg) {
    char *copy = strdup(arg), *p = copy, *key, *val;
    bool ok = copy != NULL, first = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val) {
            if (!strcmp(key, "tcg"))
                o->accel = ACCEL_TCG;
            else if (!strcmp(key, "interp"))
                o->accel = ACCEL_INTERP;
            else {
                fprintf(stderr, "tern: -accel: unknown accelerator '%s' (tcg or interp)\n", key);
                ok = false;
            }
        } else if (val && !strcmp(key, "tb-size")) {
            uint64_t mib;
            char *end;
            if (!parse_u64(val, &mib, &end) || *end || mib == 0 || mib > 4096) {
                fprintf(stderr, "tern: -accel: invalid tb-size '%s' (MiB, 1..4096)\n", val);
                ok = false;
            } else {
                o->tb_size = mib << 20;
            }
        } else if (val && !strcmp(key, "thread")) {
            if (strcmp(val, "single") && strcmp(val, "multi")) {
                fprintf(stderr, "tern: -accel: invalid thread '%s'\n", val);
                ok = false;
            }
        } else {
            fprintf(stderr, "tern: -accel: unsupported parameter '%s'\n", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    return ok;
}

static bool opt_serial(TernOptions *o, const char *arg) {
    if (!strcmp(arg, "stdio") || !strcmp(arg, "mon:stdio")) {
        o->serial = SERIAL_STDIO;
        o->serial_spec = arg;
    } else if (!strcmp(arg, "null") || !strcmp(arg, "none")) {
        o->serial = SERIAL_NULL;
        o->serial_spec = "null";
    } else if (!strncmp(arg, "file:", 5) && arg[5]) {
        o->serial = SERIAL_NULL;        /* boards without chardevs (spike) drop the output */
        o->serial_spec = arg;
    } else {
        fprintf(stderr, "tern: -serial: unsupported backend '%s' (stdio, mon:stdio, null or "
                        "file:PATH)\n", arg);
        return false;
    }
    return true;
}

static const OptDesc *find_opt(const char *name) {
    for (size_t i = 0; i < N_OPTS; i++)
        if (!strcmp(name, opt_table[i].name) ||
            (opt_table[i].alias && !strcmp(name, opt_table[i].alias)))
            return &opt_table[i];
    return NULL;
}

OptsResult options_parse(TernOptions *o, int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            fprintf(stderr, "tern: unexpected argument '%s' (disk images are not supported; "
                            "use -kernel FILE)\n", a);
            return OPTS_ERROR;
        }
        const char *name = a + 1;
        if (name[0] == '-')
            name++;               /* --opt == -opt, as in QEMU */
        const OptDesc *d = find_opt(name);
        if (!d) {
            fprintf(stderr, "tern: unknown option '%s'\nTry 'tern -h' for a list of options.\n",
                    a);
            return OPTS_ERROR;
        }
        const char *arg = NULL;
        if (d->arg) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tern: option '%s' requires an argument (%s)\n", a, d->arg);
                return OPTS_ERROR;
            }
            arg = argv[++i];
        }
        bool ok = true;
        switch (d->id) {
        case O_HELP:
            options_print_help(stdout);
            return OPTS_EXIT_OK;
        case O_VERSION:
            printf("tern version %s\n", TERN_VERSION);
            return OPTS_EXIT_OK;
        case O_MACHINE: ok = opt_machine(o, arg); break;
        case O_MEM: ok = opt_mem(o, arg); break;
        case O_SMP: ok = opt_smp(o, arg); break;
        case O_BIOS: o->bios = arg; break;
        case O_KERNEL: o->kernel = arg; break;
        case O_APPEND: o->append = arg; break;
        case O_INITRD: o->initrd = arg; break;
        case O_DTB: o->dtb = arg; break;
        case O_NOGRAPHIC: o->nographic = true; break;
        case O_SERIAL: ok = opt_serial(o, arg); break;
        case O_LOG:
            if (!strcmp(arg, "help"))
                o->log_help = true;
            else
                ok = log_parse_items(arg, &o->log_mask);
            break;
        case O_LOGFILE: o->log_file = arg; break;
        case O_ACCEL: ok = opt_accel(o, arg); break;
        case O_SINGLESTEP: o->singlestep = true; break;
        case O_NOREBOOT: o->no_reboot = true; break;
        case O_GDB_S:
        case O_GDB:
            fprintf(stderr, "tern: %s: the gdb stub is not implemented yet\n", a);
            return OPTS_ERROR;
        }
        if (!ok)
            return OPTS_ERROR;
    }
    if (o->log_help) {
        log_print_items(stdout);
        return OPTS_EXIT_OK;
    }
    if (o->machine && !strcmp(o->machine, "help")) {
        boards_print(stdout);
        return OPTS_EXIT_OK;
    }
    return OPTS_RUN;
}
