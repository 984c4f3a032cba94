/* SPDX-License-Identifier: MIT */
/* QEMU's housekeeping options (qemu-options.hx, QEMU 7.2) that command lines from the wild
   carry: -display, -name, -nodefaults, -vga/-parallel none, -pidfile, -echr,
   -net (legacy nic + user pair), -daemonize, -rtc, -k, -no-shutdown, -boot, -L, -enable-kvm and
   hardware accelerators (a warning, then tcg), and the checks that need the whole command
   line. Each either works or is refused with a one-line reason; docs/qemu-compat.md lists
   them. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "options.h"
#include "options_int.h"
#include "system/chardev_opts.h"

bool opt_display(TernOptions *o, const char *arg) {
    (void)o;
    size_t len = strcspn(arg, ",");
    if (len == 4 && !strncmp(arg, "none", 4))
        return true;
    fprintf(stderr, "tern: -display %.*s: tern has no graphical display (use -display none, "
                    "-nographic, or -serial)\n", (int)len, arg);
    return false;
}

/* -name NAME | -name guest=NAME[,process=P][,debug-threads=on|off] */
bool opt_name(TernOptions *o, const char *arg) {
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true, first = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val) {
            free(o->name);
            o->name = dup_or_die(key);
        } else if (!strcmp(key, "guest") && val) {
            free(o->name);
            o->name = dup_or_die(val);
        } else if (!strcmp(key, "process") && val && *val) {
            free(o->process_name);
            o->process_name = dup_or_die(val);
        } else if (!strcmp(key, "debug-threads")) {
            bool on;
            ok = opt_bool("-name", key, val, &on);   /* thread names: nothing to name here */
        } else {
            fprintf(stderr, "tern: -name: unsupported parameter '%s'\n", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    return ok;
}

/* -vga none, -parallel none: the riscv boards have neither device. */
bool opt_none_only(const char *opt, const char *arg, const char *why) {
    if (!strcmp(arg, "none"))
        return true;
    fprintf(stderr, "tern: %s %s: %s (only %s none is accepted)\n", opt, arg, why, opt);
    return false;
}

bool opt_pidfile(TernOptions *o, const char *arg) {
    if (!*arg) {
        fprintf(stderr, "tern: -pidfile: missing file name\n");
        return false;
    }
    o->pidfile = arg;
    return true;
}

/* -echr N: the console escape key as a number (QEMU: strtol base 0; 20 or 0x14 is Ctrl-T). */
bool opt_echr(TernOptions *o, const char *arg) {
    int v;
    if (!parse_int_opt("-echr", arg, 1, 255, &v))
        return false;
    o->echr = v;
    return true;
}

/* Legacy -net: "none", "nic[,model=,macaddr=,...]" and "user[,...]". The nics and user
   backends on QEMU's hub 0 are paired in options_finish. */
bool opt_legacy_net(TernOptions *o, const char *arg) {
    size_t tlen = strcspn(arg, ",");
    if (tlen == 4 && !strncmp(arg, "none", 4)) {
        o->net_none = true;
        return true;
    }
    bool nic = tlen == 3 && !strncmp(arg, "nic", 3);
    bool user = tlen == 4 && !strncmp(arg, "user", 4);
    if (!nic && !user) {
        fprintf(stderr, "tern: -net %.*s: not supported (-net nic, -net user, -net none)\n",
                (int)tlen, arg);
        return false;
    }
    int *n = nic ? &o->n_legacy_nics : &o->n_legacy_users;
    if (*n >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -net: at most %d\n", OPTS_MAX_DEVS);
        return false;
    }
    char *copy = dup_or_die(arg + tlen + (arg[tlen] == ',')), *p = copy, *key, *val;
    char *rest = NULL, *mac = NULL;
    bool ok = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (!strcmp(key, "vlan") || !strcmp(key, "id") || !strcmp(key, "name")) {
            if (!strcmp(key, "vlan") && val && strcmp(val, "0")) {
                fprintf(stderr, "tern: -net: vlan=%s: only hub 0 is supported\n", val);
                ok = false;
            }
        } else if (nic && !strcmp(key, "model") && val) {
            if (strcmp(val, "virtio") && strcmp(val, "virtio-net-device") &&
                strcmp(val, "virtio-net-pci")) {
                fprintf(stderr, "tern: -net nic: model=%s is not supported (virtio)\n", val);
                ok = false;
            }
        } else if (nic && (!strcmp(key, "macaddr") || !strcmp(key, "mac")) && val) {
            free(mac);
            mac = dup_or_die(val);
        } else if (nic && !strcmp(key, "netdev")) {
            fprintf(stderr, "tern: -net nic,netdev=: use -device virtio-net-device,netdev=ID\n");
            ok = false;
        } else if (nic && (!strcmp(key, "addr") || !strcmp(key, "vectors"))) {
            ;                           /* PCI placement: meaningless on virtio-mmio */
        } else if (nic) {
            fprintf(stderr, "tern: -net nic: unsupported parameter '%s'\n", key);
            ok = false;
        } else {
            append_prop(&rest, key, val);   /* user backend options, checked by slirp */
        }
    }
    free(copy);
    if (!ok) {
        free(rest);
        free(mac);
        return false;
    }
    if (nic)
        o->legacy_nic_macs[(*n)++] = mac;
    else
        o->legacy_user_opts[(*n)++] = rest;
    return true;
}

/* "2006-06-17T16:01:21" or "2006-06-17", UTC, to seconds since the epoch. */
static bool parse_rtc_date(const char *s, int64_t *out) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end || *end) {
        memset(&tm, 0, sizeof tm);
        end = strptime(s, "%Y-%m-%d", &tm);
    }
    if (!end || *end || tm.tm_year < 70)
        return false;
    *out = (int64_t)timegm(&tm);
    return true;
}

/* -rtc [base=utc|localtime|DATE][,clock=host|rt|vm][,driftfix=none|slew] */
bool opt_rtc(TernOptions *o, const char *arg) {
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (!strcmp(key, "base") && val) {
            if (!strcmp(val, "utc")) {
                o->rtc_base = RTC_BASE_UTC;
            } else if (!strcmp(val, "localtime")) {
                o->rtc_base = RTC_BASE_LOCALTIME;
            } else if (parse_rtc_date(val, &o->rtc_date)) {
                o->rtc_base = RTC_BASE_DATE;
            } else {
                fprintf(stderr, "tern: -rtc: invalid base=%s (utc, localtime, or a date like "
                                "2006-06-17T16:01:21)\n", val);
                ok = false;
            }
        } else if (!strcmp(key, "clock") && val) {
            if (!strcmp(val, "host"))
                o->rtc_clock = RTC_CLOCK_HOST;
            else if (!strcmp(val, "rt"))
                o->rtc_clock = RTC_CLOCK_RT;
            else if (!strcmp(val, "vm"))
                o->rtc_clock = RTC_CLOCK_VM;
            else {
                fprintf(stderr, "tern: -rtc: invalid clock=%s (host, rt or vm)\n", val);
                ok = false;
            }
        } else if (!strcmp(key, "driftfix") && val) {
            /* slew only matters for the x86 RTC's lost timer ticks */
            if (strcmp(val, "none") && strcmp(val, "slew")) {
                fprintf(stderr, "tern: -rtc: invalid driftfix=%s (none or slew)\n", val);
                ok = false;
            }
        } else {
            fprintf(stderr, "tern: -rtc: unsupported parameter '%s'\n", key);
            ok = false;
        }
    }
    free(copy);
    return ok;
}

static bool boot_letters(const char *opt, const char *v) {
    for (const char *c = v; *c; c++)
        if (*c < 'a' || *c > 'p' || strchr(c + 1, *c)) {
            fprintf(stderr, "tern: -boot %s=%s: invalid boot device list (letters a-p, each "
                            "once)\n", opt, v);
            return false;
        }
    return true;
}

/* -boot [order=drives][,once=drives][,menu=on|off][,splash=F][,splash-time=T]
   [,reboot-timeout=T][,strict=on|off], or a bare drive list ("c", "cd"). Boot order is for
   firmware that reads it from fw_cfg; the riscv boards' firmware (OpenSBI, then the kernel
   given) has none, so a valid -boot changes nothing, as with QEMU on these boards. */
bool opt_boot(const char *arg) {
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true, first = true, b;
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val)
            ok = boot_letters("order", key);
        else if ((!strcmp(key, "order") || !strcmp(key, "once")) && val)
            ok = boot_letters(key, val);
        else if (!strcmp(key, "menu") || !strcmp(key, "strict"))
            ok = opt_bool("-boot", key, val, &b);
        else if (!strcmp(key, "splash") && val)
            ;
        else if ((!strcmp(key, "splash-time") || !strcmp(key, "reboot-timeout")) && val) {
            char *end;
            strtol(val, &end, 10);
            if (end == val || *end) {
                fprintf(stderr, "tern: -boot: %s=%s: expected milliseconds\n", key, val);
                ok = false;
            }
        } else {
            fprintf(stderr, "tern: -boot: unsupported parameter '%s'\n", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    return ok;
}

bool opt_data_dir(TernOptions *o, const char *arg) {
    if (o->n_data_dirs >= OPTS_MAX_DATA_DIRS) {
        fprintf(stderr, "tern: -L: at most %d directories\n", OPTS_MAX_DATA_DIRS);
        return false;
    }
    if (!strcmp(arg, "help")) {
        o->data_dir_help = true;
        return true;
    }
    o->data_dirs[o->n_data_dirs++] = arg;
    return true;
}

/* -object rng-random,id=ID[,filename=F] | rng-builtin,id=ID: entropy backends for
   -device virtio-rng-device,rng=ID. Other object types are refused by name. */
bool opt_object(TernOptions *o, const char *arg) {
    if (o->n_objects >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -object: at most %d\n", OPTS_MAX_DEVS);
        return false;
    }
    TernObject ob = {0};
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true, first = true;
    while (ok && next_prop(&p, &key, &val)) {
        if ((first && !val) || (!strcmp(key, "qom-type") && val)) {
            free(ob.type);
            ob.type = dup_or_die(first && !val ? key : val);
        } else if (!strcmp(key, "id") && val && *val) {
            free(ob.id);
            ob.id = dup_or_die(val);
        } else if (!strcmp(key, "filename") && val && *val && ob.type &&
                   !strcmp(ob.type, "rng-random")) {
            free(ob.filename);
            ob.filename = dup_or_die(val);
        } else {
            fprintf(stderr, "tern: -object %s: unsupported parameter '%s'\n",
                    ob.type ? ob.type : "", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    if (ok && (!ob.type || (strcmp(ob.type, "rng-random") && strcmp(ob.type, "rng-builtin")))) {
        fprintf(stderr, "tern: -object %s: not supported (rng-random, rng-builtin)\n",
                ob.type ? ob.type : "");
        ok = false;
    }
    if (ok && !ob.id) {
        fprintf(stderr, "tern: -object %s: missing id=ID\n", ob.type);
        ok = false;
    }
    if (ok && options_find_object(o, ob.id)) {
        fprintf(stderr, "tern: -object: duplicate id '%s'\n", ob.id);
        ok = false;
    }
    if (!ok) {
        free(ob.type);
        free(ob.id);
        free(ob.filename);
        return false;
    }
    if (!strcmp(ob.type, "rng-random") && !ob.filename)
        ob.filename = dup_or_die("/dev/urandom");     /* QEMU's default */
    o->objects[o->n_objects++] = ob;
    return true;
}

const TernObject *options_find_object(const TernOptions *o, const char *id) {
    for (int i = 0; i < o->n_objects; i++)
        if (!strcmp(o->objects[i].id, id))
            return &o->objects[i];
    return NULL;
}

static bool is_hw_accel(const char *name) {
    static const char *const hw[] = {"kvm", "hvf", "whpx", "xen", "nvmm", "hax", NULL};
    for (int i = 0; hw[i]; i++)
        if (!strcmp(name, hw[i]))
            return true;
    return false;
}

/* QEMU tries accelerators in command-line order and keeps the first that starts. Hardware
   ones never start here (KVM, HVF... run a guest of the host's own architecture only): they
   are noted, and options_finish warns and falls back to tcg. */
bool opt_accel_name(TernOptions *o, const char *name, bool *chosen) {
    *chosen = false;
    if (!strcmp(name, "help")) {
        o->accel_help = true;
        return true;
    }
    if (is_hw_accel(name)) {
        if (!o->hw_accel)
            o->hw_accel = dup_or_die(name);
        return true;
    }
    TernAccel a;
    if (!strcmp(name, "tcg"))
        a = ACCEL_TCG;
    else if (!strcmp(name, "interp"))
        a = ACCEL_INTERP;
    else {
        fprintf(stderr, "tern: -accel: unknown accelerator '%s' (tcg or interp; '-accel help' "
                        "lists them)\n", name);
        return false;
    }
    if (!o->accel_chosen) {
        o->accel = a;
        o->accel_chosen = true;
        *chosen = true;
    }
    return true;
}

/* Pairs -net nic with -net user: QEMU's hub 0 joins them; tern joins the one NIC to the one
   backend (a NIC per backend). */
static bool pair_legacy_net(TernOptions *o) {
    int nn = o->n_legacy_nics, nu = o->n_legacy_users;
    if (!nn && !nu)
        return true;
    if (o->net_none) {
        fprintf(stderr, "tern: -net none cannot be combined with -net nic or -net user\n");
        return false;
    }
    if (nn != 1 || nu != 1) {
        fprintf(stderr, "tern: -net: %d nic and %d user on hub 0: tern joins exactly one "
                        "-net nic to one -net user (use -nic user,... for each NIC)\n", nn, nu);
        return false;
    }
    if (o->n_nics >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -net: too many NICs\n");
        return false;
    }
    o->nics[o->n_nics++] = (TernNetdev){.type = dup_or_die("user"),
                                        .opts = o->legacy_user_opts[0],
                                        .mac = o->legacy_nic_macs[0]};
    o->legacy_user_opts[0] = NULL;
    o->legacy_nic_macs[0] = NULL;
    return true;
}

static bool uses_stdio(const char *spec) {
    return spec && (!strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio"));
}

bool options_finish(TernOptions *o) {
    if (o->hw_accel) {
        fprintf(stderr, "tern: warning: -accel %s: not available (it runs guests of the host's "
                        "own architecture only); falling back to %s\n", o->hw_accel,
                o->accel == ACCEL_INTERP ? "interp" : "tcg");
    }
    if (!pair_legacy_net(o))
        return false;
    if (o->daemonize) {
        if (o->nographic) {
            fprintf(stderr, "tern: -nographic cannot be used with -daemonize\n");
            return false;
        }
        for (int i = 0; i < o->n_serials; i++)
            if (uses_stdio(o->serial_specs[i])) {
                fprintf(stderr, "tern: -serial %s: cannot use stdio with -daemonize\n",
                        o->serial_specs[i]);
                return false;
            }
        for (int i = 0; i < o->n_monitors; i++)
            if (uses_stdio(o->monitors[i].spec)) {
                fprintf(stderr, "tern: %s %s: cannot use stdio with -daemonize\n",
                        o->monitors[i].control ? "-qmp" : "-monitor", o->monitors[i].spec);
                return false;
            }
        for (int i = 0; i < o->n_chardevs; i++)
            if (uses_stdio(o->chardevs[i].spec)) {
                fprintf(stderr, "tern: -chardev %s: cannot use stdio with -daemonize\n",
                        o->chardevs[i].id);
                return false;
            }
    }
    /* The console when no -serial was given: QEMU's -nodefaults leaves the UART unconnected,
       -daemonize has no terminal, -monitor none takes the monitor off it. */
    if (!o->n_serials) {
        if (o->nodefaults || o->daemonize) {
            o->serial_spec = "null";
            o->serial = SERIAL_NULL;
        } else if (o->no_default_monitor) {
            /* -monitor none, or a monitor elsewhere (-monitor, -qmp, -mon) */
            o->serial_spec = chardev_opts_default_serial(o);
        }
    }
    return true;
}
