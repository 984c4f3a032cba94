/* SPDX-License-Identifier: MIT */
/* Command-line parsing with QEMU's option names and value syntax (qemu-options.hx) so that
   scripts written for qemu-system-riscv64 keep working. Options may start with '-' or '--'. */
#include "options.h"
#include "options_int.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpus.h"
#include "machines/boards.h"
#include "machines/devices.h"
#include "system/chardev_opts.h"
#include "system/log.h"
#include "tern_version.h"

enum {
    O_HELP, O_VERSION, O_MACHINE, O_MEM, O_SMP, O_BIOS, O_KERNEL, O_APPEND, O_INITRD,
    O_NOGRAPHIC, O_SERIAL, O_DTB, O_LOG, O_LOGFILE, O_ACCEL, O_SINGLESTEP, O_PERFMAP, O_NOREBOOT, O_SEMIHOSTING, O_GDB_S,
    O_GDB, O_GDB_WAIT, O_DRIVE, O_DEVICE, O_NETDEV, O_NIC, O_CHARDEV, O_SNAPSHOT,
    O_DISPLAY, O_NAME, O_NODEFAULTS, O_VGA, O_PARALLEL, O_PIDFILE, O_ECHR, O_MONITOR, O_NET,
    O_DAEMONIZE, O_RTC, O_KEYMAP, O_NOSHUTDOWN, O_BOOT, O_DATADIR, O_ENABLE_KVM, O_OBJECT,
    O_ARCH, O_CPU, O_FSDEV, O_VIRTFS,
    O_QMP, O_QMP_PRETTY, O_MON, O_NO_USER_CONFIG, O_UUID,
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
    {"smp", NULL, O_SMP, "N", "number of CPUs"},
    {"arch", NULL, O_ARCH, "NAME",
     "guest architecture (default riscv64, or the NAME of tern-system-NAME)"},
    {"cpu", NULL, O_CPU, "MODEL", "CPU model ('-cpu help' lists them); selects its architecture"},
    {"bios", NULL, O_BIOS, "default|none|FILE",
     "firmware (virt default: OpenSBI; 'none': run the kernel directly)"},
    {"kernel", NULL, O_KERNEL, "FILE", "guest: RISC-V ELF, Linux Image (or Image.gz), raw"},
    {"append", NULL, O_APPEND, "CMDLINE", "kernel command line"},
    {"initrd", NULL, O_INITRD, "FILE", "initial ram disk"},
    {"dtb", NULL, O_DTB, "FILE", "device tree blob to pass instead of the board's"},
    {"nographic", NULL, O_NOGRAPHIC, NULL, "no display; guest console on stdio"},
    {"serial", NULL, O_SERIAL, "DEV",
     "guest console: stdio, mon:stdio, null, file:PATH, pty, tcp:HOST:PORT[,server=on,"
     "wait=off], unix:PATH[,server,nowait], chardev:ID"},
    {"d", NULL, O_LOG, "ITEM,...", "enable debug logs ('-d help' lists items)"},
    {"D", NULL, O_LOGFILE, "FILE", "write debug logs to FILE instead of stderr"},
    {"accel", NULL, O_ACCEL, "tcg[,tb-size=MiB]|interp|kvm|help",
     "tcg: x86-64 JIT (default); interp: IR interpreter; kvm: a warning, then tcg"},
    {"singlestep", NULL, O_SINGLESTEP, NULL, "translate one guest instruction per block"},
    {"perfmap", NULL, O_PERFMAP, NULL,
     "write /tmp/perf-PID.map so that perf attributes host samples to guest blocks"},
    {"no-reboot", NULL, O_NOREBOOT, NULL, "exit instead of rebooting"},
    {"semihosting", NULL, O_SEMIHOSTING, NULL, "let the guest call the host (Arm semihosting)"},
    {"s", NULL, O_GDB_S, NULL,
     "gdb server on tcp::1234, every interface (-gdb tcp:127.0.0.1:1234: this host only)"},
    {"gdb", NULL, O_GDB, "DEV", "gdb server on DEV (tcp:127.0.0.1:PORT, tcp::PORT = all)"},
    {"S", NULL, O_GDB_WAIT, NULL, "do not start the CPUs until the debugger continues"},
    {"drive", NULL, O_DRIVE,
     "file=IMG[,if=virtio|none][,id=ID][,readonly=on][,snapshot=on][,file.locking=off]",
     "raw disk image: if=virtio is a virtio-blk device; if=none or no if= (QEMU's default) "
     "is for -device virtio-blk-device,drive=ID"},
    {"device", NULL, O_DEVICE, "DRIVER[,prop=val]",
     "virtio-blk-device,drive=ID | virtio-net-device,netdev=ID[,mac=M] | "
     "virtio-rng-device[,rng=ID] | virtio-console-device[,chardev=ID] | loader,file=F[,addr=A]; "
     "-pci instead of -device: on PCI (virt; '-device help' lists them)"},
    {"netdev", NULL, O_NETDEV, "user,id=ID[,hostfwd=tcp:127.0.0.1:H-:G][,net=A/M]",
     "user-mode network backend (slirp) for -device virtio-net-device,netdev=ID; "
     "hostfwd=tcp::H-:G listens on every interface"},
    {"nic", NULL, O_NIC, "user[,hostfwd=...][,mac=M]|none", "a virtio-net device with its backend"},
    {"chardev", NULL, O_CHARDEV, "BACKEND,id=ID[,...]",
     "character backend: stdio[,mux=on] | null | file,path=P | pty | socket,(path=P|host=H,"
     "port=N),server=on|off,wait=on|off[,logfile=F]"},
    {"monitor", NULL, O_MONITOR, "DEV|none",
     "human monitor on DEV (as -serial); none: no monitor (-nographic's console is plain "
     "stdio)"},
    {"qmp", NULL, O_QMP, "DEV", "QMP (JSON) monitor on DEV: unix:P,server,nowait | tcp:... | "
                                "stdio"},
    {"qmp-pretty", NULL, O_QMP_PRETTY, "DEV", "as -qmp, with indented JSON"},
    {"mon", NULL, O_MON, "chardev=ID[,mode=readline|control]", "a monitor on -chardev ID"},
    {"snapshot", NULL, O_SNAPSHOT, NULL, "never write disk images (as snapshot=on on each -drive)"},
    {"object", NULL, O_OBJECT, "rng-random,id=ID[,filename=F]|rng-builtin,id=ID",
     "entropy backend for -device virtio-rng-device,rng=ID"},
    {"fsdev", NULL, O_FSDEV, "local,id=ID,path=DIR,security_model=passthrough|mapped-xattr|none"
     "[,readonly=on]", "host directory for -device virtio-9p-pci,fsdev=ID,mount_tag=TAG"},
    {"virtfs", NULL, O_VIRTFS, "local,path=DIR,mount_tag=TAG,security_model=M[,readonly=on]"
     "[,id=ID]", "share a host directory with the guest (a virtio-9p-pci device; Linux: mount "
     "-t 9p -o trans=virtio,version=9p2000.L TAG DIR)"},
    {"net", NULL, O_NET, "nic[,model=virtio][,macaddr=M]|user[,...]|none",
     "legacy networking: one -net nic joined to one -net user; none: no network"},
    {"name", NULL, O_NAME, "NAME[,process=P]", "guest name (monitor: info name); P names the thread"},
    {"display", NULL, O_DISPLAY, "none", "no graphical display (tern has none)"},
    {"vga", NULL, O_VGA, "none", "no VGA card (the riscv boards have none)"},
    {"parallel", NULL, O_PARALLEL, "none", "no parallel port (the riscv boards have none)"},
    {"nodefaults", NULL, O_NODEFAULTS, NULL, "no default console: the UART is unconnected "
     "unless -serial says otherwise"},
    {"echr", NULL, O_ECHR, "N", "console escape key as a number (default 1, Ctrl-A)"},
    {"pidfile", NULL, O_PIDFILE, "FILE", "write the process id to FILE (locked; removed at exit)"},
    {"daemonize", NULL, O_DAEMONIZE, NULL,
     "detach from the terminal once the machine is set up (no stdio consoles)"},
    {"no-shutdown", NULL, O_NOSHUTDOWN, NULL, "a guest power-off stops the machine instead of "
     "exiting (quit from the monitor)"},
    {"rtc", NULL, O_RTC, "[base=utc|localtime|DATE][,clock=host|rt|vm]",
     "real-time clock start and source"},
    {"boot", NULL, O_BOOT, "[order=DRIVES][,menu=on|off]...",
     "boot order: accepted, no effect (the riscv firmware has none)"},
    {"L", NULL, O_DATADIR, "DIR", "look for firmware (-bios FILE, the default OpenSBI) in DIR"},
    {"k", NULL, O_KEYMAP, "LANG", "keyboard layout of a graphical display: no effect"},
    {"enable-kvm", NULL, O_ENABLE_KVM, NULL, "as -accel kvm: a warning, then tcg"},
    {"no-user-config", NULL, O_NO_USER_CONFIG, NULL,
     "read no user configuration file: no effect (tern reads none)"},
    {"uuid", NULL, O_UUID, "UUID", "the machine's UUID (checked; no effect on these boards)"},
};
#define N_OPTS (sizeof opt_table / sizeof opt_table[0])

/* -uuid as QEMU's qemu_uuid_parse takes it: 8-4-4-4-12 hex digits. QEMU's riscv boards
   have no SMBIOS table, so it only names the machine (QMP query-uuid). */
static bool opt_uuid(TernOptions *o, const char *arg) {
    static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    bool ok = strlen(arg) == sizeof form - 1;
    for (size_t i = 0; ok && form[i]; i++)
        ok = form[i] == '-' ? arg[i] == '-' : isxdigit((unsigned char)arg[i]) != 0;
    if (!ok) {
        fprintf(stderr, "tern: -uuid %s: Fail to parse UUID string. Wrong format.\n", arg);
        return false;
    }
    memcpy(o->uuid, arg, sizeof form);
    return true;
}

void options_init(TernOptions *o) {
    memset(o, 0, sizeof *o);
    o->machine = NULL;
    o->smp = 1;
    o->serial = SERIAL_STDIO;
    o->accel = ACCEL_TCG;
    o->tb_size = OPTS_DEFAULT_TB_SIZE;
}

#define HELP_WIDTH 68u                  /* help text columns after the 31 of the synopsis */

void options_print_help(FILE *f) {
    fprintf(f, "usage: tern [options]\n"
               "RISC-V (RV64GC) full-system emulator with a dynamic binary translator.\n\n"
               "Options:\n");
    for (size_t i = 0; i < N_OPTS; i++) {
        const OptDesc *d = &opt_table[i];
        char left[256];
        int n = snprintf(left, sizeof left, "-%s", d->name);
        if (d->alias)
            n += snprintf(left + n, sizeof left - (size_t)n, "|-%s%s",
                          strlen(d->alias) > 1 ? "-" : "", d->alias);
        if (d->arg)
            snprintf(left + n, sizeof left - (size_t)n, " %s", d->arg);
        if (strlen(left) > 28)          /* a long synopsis gets a line of its own */
            fprintf(f, "  %s\n  %-28s ", left, "");
        else
            fprintf(f, "  %-28s ", left);
        /* the help wrapped at word boundaries to 99 columns, continued under itself */
        const char *h = d->help;
        while (*h) {
            size_t len = strlen(h);
            if (len > HELP_WIDTH) {
                len = HELP_WIDTH;
                while (len > 0 && h[len] != ' ')
                    len--;
                if (len == 0)
                    len = strcspn(h, " ");
            }
            fprintf(f, "%.*s\n", (int)len, h);
            h += len;
            while (*h == ' ')
                h++;
            if (*h)
                fprintf(f, "  %-28s ", "");
        }
    }
    fprintf(f, "\nExample: tern -machine spike -bios none -nographic -kernel prog.elf\n");
}

bool parse_u64(const char *s, uint64_t *out, char **end) {
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
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    v = strtoull(s, &end, hex ? 16 : 10);     /* QEMU: "010M" is ten MiB, not octal */
    if (errno)
        return false;
    /* A decimal fraction, as QEMU's qemu_strtosz: "1.9G". */
    const char *frac = NULL;
    if (*end == '.' && !hex) {
        frac = end + 1;
        end++;
        while (isdigit((unsigned char)*end))
            end++;
        if (end == frac)
            return false;
    }
    unsigned shift = 20;               /* QEMU: a bare number means MiB */
    bool suffix = *end != 0;
    if (suffix) {
        switch (toupper((unsigned char)*end)) {
        case 'B': shift = 0; break;
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        case 'T': shift = 40; break;
        case 'P': shift = 50; break;
        case 'E': shift = 60; break;
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
    if (v > (UINT64_MAX >> shift))
        return false;
    uint64_t total = v << shift;
    if (frac) {
        if (!suffix || shift == 0)
            return false;              /* QEMU: "1.5" and "1.5B" are errors, "1.5M" is not */
        /* digits / 10^n scaled by 2^shift, without floating point: at most 18 digits count */
        uint64_t num = 0, den = 1;
        for (const char *c = frac; isdigit((unsigned char)*c) && den < 1000000000000000000ull;
             c++) {
            num = num * 10 + (uint64_t)(*c - '0');
            den *= 10;
        }
        unsigned __int128 part = ((unsigned __int128)num << shift) / den;
        if (part > UINT64_MAX - total)
            return false;
        total += (uint64_t)part;
    }
    if (total == 0)
        return false;
    *bytes = total;
    return true;
}

/* Splits "key=val,key=val" in place; returns false at the end. */
bool next_prop(char **p, char **key, char **val) {
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

bool parse_int_opt(const char *opt, const char *s, int lo, int hi, int *out) {
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
    o->machine_props = NULL;
    if (name[len] != ',' || !name[len + 1])
        return true;
    /* accel=A[:B...] is QEMU's generic machine property: the boards see the rest. */
    char *copy = dup_or_die(name + len + 1), *p = copy, *key, *val;
    char *rest = NULL;
    bool ok = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (!strcmp(key, "accel") && val) {
            for (char *a = strtok(val, ":"); ok && a; a = strtok(NULL, ":")) {
                bool chosen;
                ok = opt_accel_name(o, a, &chosen);
            }
        } else {
            append_prop(&rest, key, val);
        }
    }
    free(copy);
    if (ok && rest) {
        if (strlen(rest) >= sizeof o->machine_props_buf) {
            fprintf(stderr, "tern: -machine: properties too long\n");
            ok = false;
        } else {
            strcpy(o->machine_props_buf, rest);
            o->machine_props = o->machine_props_buf;
        }
    }
    free(rest);
    return ok;
}

/* -m [size=]SIZE[,slots=N,maxmem=SIZE]: slots and maxmem reserve room for memory hot-plug,
   which the riscv boards do not have (QEMU 7.2 checks them and then ignores them too). */
static bool opt_mem(TernOptions *o, const char *arg) {
    if (!*arg) {
        fprintf(stderr, "tern: -m: missing RAM size (e.g. -m 1G)\n");
        return false;
    }
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true, first = true, has_slots = false;
    uint64_t maxmem = 0;
    while (ok && next_prop(&p, &key, &val)) {
        if ((first && !val) || (val && !strcmp(key, "size"))) {
            const char *sz = val ? val : key;
            if (!options_parse_size(sz, &o->ram_size)) {
                fprintf(stderr, "tern: -m: invalid RAM size '%s'\n", sz);
                ok = false;
            }
        } else if (val && !strcmp(key, "maxmem")) {
            if (!options_parse_size(val, &maxmem)) {
                fprintf(stderr, "tern: -m: invalid maxmem '%s'\n", val);
                ok = false;
            }
        } else if (val && !strcmp(key, "slots")) {
            int slots;
            ok = parse_int_opt("-m slots", val, 0, 256, &slots);
            has_slots = slots > 0;
        } else {
            fprintf(stderr, "tern: -m: unsupported parameter '%s'\n", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    /* QEMU rounds the size up to 8 KiB (vl.c set_memory_options). */
    if (ok && o->ram_size > UINT64_MAX - 8191) {
        fprintf(stderr, "tern: -m: invalid RAM size '%s'\n", arg);
        ok = false;
    }
    if (ok)
        o->ram_size = (o->ram_size + 8191) & ~8191ull;
    if (ok && has_slots && !maxmem) {
        fprintf(stderr, "tern: -m: slots= needs maxmem=\n");
        ok = false;
    }
    if (ok && maxmem && o->ram_size && maxmem < o->ram_size) {
        fprintf(stderr, "tern: -m: maxmem (0x%" PRIx64 ") must be at least the RAM size "
                        "(0x%" PRIx64 ")\n", maxmem, o->ram_size);
        ok = false;
    }
    return ok;
}

static bool opt_smp(TernOptions *o, const char *arg) {
    if (!*arg) {
        fprintf(stderr, "tern: -smp: missing number of CPUs (e.g. -smp 2)\n");
        return false;
    }
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
    bool ok = copy != NULL, first = true, chosen = false, hw = false;   /* hw: unused */
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val) {
            /* QEMU's lists (-machine accel=kvm:tcg) are taken here too: the first that works */
            hw = true;
            for (char *a = strtok(key, ":"); ok && a; a = strtok(NULL, ":")) {
                bool c;
                ok = opt_accel_name(o, a, &c);
                chosen = chosen || c;
                hw = hw && !c;          /* not the accelerator used: its properties neither */
            }
        } else if (hw) {
            ;                       /* properties of an accelerator that is not used */
        } else if (val && !strcmp(key, "tb-size")) {
            uint64_t mib;
            char *end;
            if (!parse_u64(val, &mib, &end) || *end || mib == 0 || mib > 4096) {
                fprintf(stderr, "tern: -accel: invalid tb-size '%s' (MiB, 1..4096)\n", val);
                ok = false;
            } else if (chosen) {
                o->tb_size = mib << 20;
            }
        } else if (val && !strcmp(key, "thread")) {
            if (strcmp(val, "single") && strcmp(val, "multi")) {
                fprintf(stderr, "tern: -accel: invalid thread '%s'\n", val);
                ok = false;
            } else if (chosen) {
                o->tcg_thread = strcmp(val, "multi") ? TCG_THREAD_SINGLE : TCG_THREAD_MULTI;
            }
        } else if (!strcmp(key, "split-wx")) {
            bool on;
            ok = opt_bool("-accel", key, val, &on);  /* tern's code buffer is never W+X */
        } else {
            fprintf(stderr, "tern: -accel: unsupported parameter '%s'\n", key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    return ok;
}

/* QEMU gives the first -serial to the first UART, the next to the second, and so on; boards
   with one UART use serial_specs[0] (so Yocto's "-serial mon:stdio -serial null" keeps its
   console). Every -serial is checked. */
static bool opt_serial(TernOptions *o, const char *arg) {
    const char *spec;
    if (!strcmp(arg, "stdio") || !strcmp(arg, "mon:stdio")) {
        spec = arg;
    } else if (!strcmp(arg, "null") || !strcmp(arg, "none")) {
        spec = "null";
    } else if (chardev_opts_check("-serial", arg)) {
        spec = arg;
    } else {
        return false;
    }
    if (o->n_serials >= OPTS_MAX_SERIALS) {
        fprintf(stderr, "tern: -serial: at most %d serial ports\n", OPTS_MAX_SERIALS);
        return false;
    }
    o->serial_specs[o->n_serials++] = spec;
    if (o->n_serials == 1) {
        o->serial_spec = spec;
        /* boards without chardevs (spike) drop the output of anything but stdio */
        o->serial = !strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio") ? SERIAL_STDIO
                                                                         : SERIAL_NULL;
    }
    return true;
}

bool opt_bool(const char *opt, const char *key, const char *val, bool *out) {
    if (!val || !strcmp(val, "on") || !strcmp(val, "true") || !strcmp(val, "yes"))
        *out = true;
    else if (!strcmp(val, "off") || !strcmp(val, "false") || !strcmp(val, "no"))
        *out = false;
    else {
        fprintf(stderr, "tern: %s: %s=%s: expected on or off\n", opt, key, val);
        return false;
    }
    return true;
}

char *dup_or_die(const char *s) {
    char *d = strdup(s);
    if (!d) {
        fprintf(stderr, "tern: out of memory\n");
        exit(1);
    }
    return d;
}

/* Appends "key=val" (or "key") to a malloc'ed comma list. */
void append_prop(char **list, const char *key, const char *val) {
    size_t old = *list ? strlen(*list) : 0;
    size_t add = strlen(key) + (val ? strlen(val) + 1 : 0) + 2;
    char *n = realloc(*list, old + add);
    if (!n) {
        fprintf(stderr, "tern: out of memory\n");
        exit(1);
    }
    snprintf(n + old, add, "%s%s%s%s", old ? "," : "", key, val ? "=" : "", val ? val : "");
    *list = n;
}

bool options_get_prop(const char *props, const char *key, char *buf, size_t n) {
    if (!props)
        return false;
    size_t klen = strlen(key);
    bool found = false;
    for (const char *p = props; *p;) {
        size_t len = strcspn(p, ",");
        if (len >= klen && !strncmp(p, key, klen) && (len == klen || p[klen] == '=')) {
            const char *v = len == klen ? p + len : p + klen + 1;
            size_t vlen = (size_t)(p + len - v);
            if (vlen >= n)
                return false;
            memcpy(buf, v, vlen);
            buf[vlen] = 0;
            found = true;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return found;
}

static bool opt_drive(TernOptions *o, const char *arg) {
    if (o->n_drives >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -drive: at most %d drives\n", OPTS_MAX_DEVS);
        return false;
    }
    TernDrive d = {.if_virtio = false};
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (!strcmp(key, "file") && val && *val) {
            d.file = (free((char *)d.file), dup_or_die(val));   /* the last one counts */
        } else if (!strcmp(key, "id") && val && *val) {
            d.id = (free((char *)d.id), dup_or_die(val));
        } else if (!strcmp(key, "format") && val) {
            if (strcmp(val, "raw")) {
                fprintf(stderr, "tern: -drive: format=%s is not supported: only raw images "
                                "(convert with 'qemu-img convert -O raw IMG OUT')\n", val);
                ok = false;
            }
        } else if (!strcmp(key, "if") && val) {
            d.if_given = true;
            if (!strcmp(val, "virtio"))
                d.if_virtio = true;
            else if (!strcmp(val, "none"))
                d.if_virtio = false;
            else {
                fprintf(stderr, "tern: -drive: if=%s is not supported (virtio or none)\n", val);
                ok = false;
            }
        } else if (!strcmp(key, "readonly")) {
            ok = opt_bool("-drive", key, val, &d.readonly);
        } else if (!strcmp(key, "snapshot")) {
            ok = opt_bool("-drive", key, val, &d.snapshot);
        } else if (!strcmp(key, "file.locking") || !strcmp(key, "locking")) {
            bool on = true;
            if (!val || strcmp(val, "auto"))     /* auto: on where the file system can lock */
                ok = opt_bool("-drive", key, val, &on);
            d.no_locking = !on;
        } else if ((!strcmp(key, "media") && val && !strcmp(val, "disk")) ||
                   !strcmp(key, "cache") || !strcmp(key, "aio") || !strcmp(key, "discard")) {
            ;                   /* QEMU tuning knobs with no meaning here */
        } else {
            fprintf(stderr, "tern: -drive: unsupported parameter '%s'\n", key);
            ok = false;
        }
    }
    free(copy);
    if (ok && !d.file) {
        fprintf(stderr, "tern: -drive: missing file=IMG\n");
        ok = false;
    }
    if (ok && d.if_given && !d.if_virtio && !d.id) {
        fprintf(stderr, "tern: -drive if=none needs id=ID (for -device ...,drive=ID)\n");
        ok = false;
    }
    for (int i = 0; ok && d.id && i < o->n_drives; i++)
        if (o->drives[i].id && !strcmp(o->drives[i].id, d.id)) {
            fprintf(stderr, "tern: -drive: duplicate id '%s'\n", d.id);
            ok = false;
        }
    if (!ok) {
        free((char *)d.file);
        free((char *)d.id);
        return false;
    }
    o->drives[o->n_drives++] = d;
    return true;
}

/* -netdev user,id=ID,... and -nic user,...: the backend options stay a list for it to parse. */
static bool opt_net(TernOptions *o, const char *arg, bool nic) {
    const char *opt = nic ? "-nic" : "-netdev";
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        o->probe = PROBE_NETDEVS;
        return true;
    }
    int *count = nic ? &o->n_nics : &o->n_netdevs;
    if (*count >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: %s: at most %d\n", opt, OPTS_MAX_DEVS);
        return false;
    }
    TernNetdev n = {0};
    char *rest = NULL, *type = NULL, *id = NULL, *mac = NULL;
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true, first = true;
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val)
            type = dup_or_die(key);
        else if (!strcmp(key, "type") && val)
            type = (free(type), dup_or_die(val));
        else if (!nic && !strcmp(key, "id") && val && *val)
            id = (free(id), dup_or_die(val));
        else if (nic && !strcmp(key, "mac") && val)
            mac = (free(mac), dup_or_die(val));
        else if (nic && !strcmp(key, "model") && val) {
            if (strcmp(val, "virtio") && strcmp(val, "virtio-net-device") &&
                strcmp(val, "virtio-net-pci")) {
                fprintf(stderr, "tern: -nic: model=%s is not supported (virtio)\n", val);
                ok = false;
            }
            n.model_pci = !strcmp(val, "virtio-net-pci");
        } else
            append_prop(&rest, key, val);
        first = false;
    }
    free(copy);
    if (ok && (!type || (strcmp(type, "user") && !(nic && !strcmp(type, "none"))))) {
        fprintf(stderr, "tern: %s: %s%s: only user-mode networking ('user') is supported\n",
                opt, type ? "unsupported type " : "missing type", type ? type : "");
        ok = false;
    }
    if (ok && !nic && !id) {
        fprintf(stderr, "tern: -netdev: missing id=ID\n");
        ok = false;
    }
    for (int i = 0; ok && !nic && i < o->n_netdevs; i++)
        if (!strcmp(o->netdevs[i].id, id)) {
            fprintf(stderr, "tern: -netdev: duplicate id '%s'\n", id);
            ok = false;
        }
    if (!ok) {
        free(rest);
        free(type);
        free(id);
        free(mac);
        return false;
    }
    if (nic && !strcmp(type, "none")) {      /* QEMU: no network at all */
        free(rest);
        free(type);
        free(mac);
        return true;
    }
    n.type = type;
    n.id = id;
    n.opts = rest;
    n.mac = mac;
    if (nic)
        o->nics[(*count)++] = n;
    else
        o->netdevs[(*count)++] = n;
    return true;
}

static bool opt_device(TernOptions *o, const char *arg) {
    /* Probes: -device help | ? | NAME,help */
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        o->probe = PROBE_DEVICES;
        return true;
    }
    size_t nl = strcspn(arg, ",");
    if (arg[nl] == ',' && (!strcmp(arg + nl + 1, "help") || !strcmp(arg + nl + 1, "?"))) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)nl, arg);
        if (!device_find(name)) {
            fprintf(stderr, "tern: -device %s: unknown device ('-device help' lists them)\n",
                    name);
            return false;
        }
        o->probe = PROBE_DEVICE_PROPS;
        snprintf(o->probe_arg, sizeof o->probe_arg, "%s", name);
        return true;
    }
    if (o->n_devices >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -device: at most %d devices\n", OPTS_MAX_DEVS);
        return false;
    }
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    char *driver = NULL, *props = NULL;
    bool first = true;
    while (next_prop(&p, &key, &val)) {
        if (first && !val)
            driver = dup_or_die(key);
        else if (!strcmp(key, "driver") && val)
            driver = (free(driver), dup_or_die(val));
        else
            append_prop(&props, key, val);
        first = false;
    }
    free(copy);
    if (!driver || !*driver) {
        fprintf(stderr, "tern: -device: missing driver name\n");
        free(driver);
        free(props);
        return false;
    }
    o->devices[o->n_devices++] = (TernDevice){.driver = driver, .props = props};
    return true;
}

static bool opt_chardev(TernOptions *o, const char *arg) {
    if (o->n_chardevs >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -chardev: at most %d\n", OPTS_MAX_DEVS);
        return false;
    }
    char *id, *spec;
    if (!chardev_opts_parse(arg, &id, &spec))
        return false;
    for (int i = 0; i < o->n_chardevs; i++)
        if (!strcmp(o->chardevs[i].id, id)) {
            fprintf(stderr, "tern: -chardev: duplicate id '%s'\n", id);
            free(id);
            free(spec);
            return false;
        }
    o->chardevs[o->n_chardevs++] = (TernChardev){.id = id, .spec = spec};
    return true;
}

void options_free(TernOptions *o) {
    for (int i = 0; i < o->n_drives; i++) {
        free((char *)o->drives[i].id);
        free((char *)o->drives[i].file);
    }
    for (int k = 0; k < 2; k++) {
        TernNetdev *n = k ? o->nics : o->netdevs;
        int cnt = k ? o->n_nics : o->n_netdevs;
        for (int i = 0; i < cnt; i++) {
            free((char *)n[i].type);
            free((char *)n[i].id);
            free((char *)n[i].opts);
            free((char *)n[i].mac);
        }
    }
    for (int i = 0; i < o->n_devices; i++) {
        free((char *)o->devices[i].driver);
        free((char *)o->devices[i].props);
    }
    for (int i = 0; i < o->n_chardevs; i++) {
        free((char *)o->chardevs[i].id);
        free((char *)o->chardevs[i].spec);
    }
    for (int i = 0; i < o->n_monitors; i++)
        free((char *)o->monitors[i].spec);
    o->n_monitors = 0;
    o->n_drives = o->n_nics = o->n_netdevs = o->n_devices = o->n_chardevs = 0;
    for (int i = 0; i < o->n_legacy_nics; i++)
        free(o->legacy_nic_macs[i]);
    for (int i = 0; i < o->n_legacy_users; i++)
        free(o->legacy_user_opts[i]);
    o->n_legacy_nics = o->n_legacy_users = 0;
    for (int i = 0; i < o->n_objects; i++) {
        free(o->objects[i].type);
        free(o->objects[i].id);
        free(o->objects[i].filename);
    }
    o->n_objects = 0;
    options_free_fsdevs(o);
    free(o->name);
    free(o->process_name);
    free(o->hw_accel);
    o->name = o->process_name = o->hw_accel = NULL;
}

bool options_find_firmware(const TernOptions *o, const char *name, char *path, size_t n) {
    snprintf(path, n, "%s", name);
    if (strchr(name, '/') || access(name, R_OK) == 0)
        return access(name, R_OK) == 0;
    /* -L directories, then QEMU's own data directory (where Debian's qemu-system-data puts
       the firmware, e.g. for kunit's -bios opensbi-riscv64-generic-fw_dynamic.bin) */
    for (int i = 0; i <= o->n_data_dirs; i++) {
        const char *dir = i < o->n_data_dirs ? o->data_dirs[i] : "/usr/share/qemu";
        if ((size_t)snprintf(path, n, "%s/%s", dir, name) < n && access(path, R_OK) == 0)
            return true;
    }
    snprintf(path, n, "%s", name);
    return false;
}

static const OptDesc *find_opt(const char *name) {
    for (size_t i = 0; i < N_OPTS; i++)
        if (!strcmp(name, opt_table[i].name) ||
            (opt_table[i].alias && !strcmp(name, opt_table[i].alias)))
            return &opt_table[i];
    return NULL;
}

static bool opt_arch(TernOptions *o, const char *name, const char *what) {
    if (!cpu_class_find(name)) {
        fprintf(stderr, "tern: %s%s: not an architecture of this tern (built: %s)\n", what, name,
                cpu_class_names());
        return false;
    }
    o->arch = name;
    return true;
}

/* tern-system-ARCH is tern with -arch ARCH, as qemu-system-ARCH (one program, several names). */
static bool arch_from_program_name(TernOptions *o, const char *argv0) {
    static const char prefix[] = "tern-system-";
    const char *base = argv0 ? strrchr(argv0, '/') : NULL;
    base = base ? base + 1 : argv0;
    if (!base || strncmp(base, prefix, sizeof prefix - 1))
        return true;
    return opt_arch(o, base + sizeof prefix - 1, "tern-system-");
}

OptsResult options_parse(TernOptions *o, int argc, char **argv) {
    if (argc > 0 && !arch_from_program_name(o, argv[0]))
        return OPTS_ERROR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            fprintf(stderr, "tern: unexpected argument '%s' (use -kernel FILE, and "
                            "-drive file=IMG,format=raw for a disk)\n", a);
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
            /* Tools read QEMU's first line ("QEMU emulator version X.Y.Z (package)"), so it
               names the command-line version tern follows, with tern in the package slot. */
            printf("QEMU emulator version %s (tern %s)\n"
                   "tern %s: a RISC-V full-system emulator with QEMU %s's command line "
                   "(not QEMU)\n", TERN_QEMU_VERSION, TERN_VERSION, TERN_VERSION,
                   TERN_QEMU_VERSION);
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
        case O_PERFMAP: o->perfmap = true; break;
        case O_NOREBOOT: o->no_reboot = true; break;
        case O_SEMIHOSTING: o->semihosting = true; break;
        case O_GDB_S: o->gdb_spec = "tcp::1234"; break;
        case O_GDB: o->gdb_spec = arg; break;
        case O_GDB_WAIT: o->gdb_wait = true; break;
        case O_DRIVE: ok = opt_drive(o, arg); break;
        case O_DEVICE: ok = opt_device(o, arg); break;
        case O_NETDEV: ok = opt_net(o, arg, false); break;
        case O_NIC: ok = opt_net(o, arg, true); break;
        case O_CHARDEV: ok = opt_chardev(o, arg); break;
        case O_SNAPSHOT: o->snapshot = true; break;
        case O_DISPLAY: ok = opt_display(o, arg); break;
        case O_NAME: ok = opt_name(o, arg); break;
        case O_NODEFAULTS: o->nodefaults = true; break;
        case O_VGA: ok = opt_none_only("-vga", arg, "tern has no display"); break;
        case O_PARALLEL: ok = opt_none_only("-parallel", arg, "the riscv boards have no parallel "
                                            "port"); break;
        case O_PIDFILE: ok = opt_pidfile(o, arg); break;
        case O_ECHR: ok = opt_echr(o, arg); break;
        case O_MONITOR: ok = chardev_opts_monitor(o, "-monitor", arg, false, false); break;
        case O_NET: ok = opt_legacy_net(o, arg); break;
        case O_DAEMONIZE: o->daemonize = true; break;
        case O_RTC: ok = opt_rtc(o, arg); break;
        case O_KEYMAP: break;               /* QEMU too ignores it without VNC/SDL/GTK */
        case O_NOSHUTDOWN: o->no_shutdown = true; break;
        case O_BOOT: ok = opt_boot(arg); break;
        case O_DATADIR: ok = opt_data_dir(o, arg); break;
        case O_OBJECT: ok = opt_object(o, arg); break;
        case O_FSDEV: ok = opt_fsdev(o, arg); break;
        case O_VIRTFS: ok = opt_virtfs(o, arg); break;
        case O_ENABLE_KVM: {
            bool chosen;
            ok = opt_accel_name(o, "kvm", &chosen);
            break;
        }
        case O_ARCH: ok = opt_arch(o, arg, "-arch "); break;
        case O_CPU: o->cpu_model = arg; break;
        case O_QMP: ok = chardev_opts_monitor(o, "-qmp", arg, true, false); break;
        case O_QMP_PRETTY: ok = chardev_opts_monitor(o, "-qmp-pretty", arg, true, true); break;
        case O_MON: ok = chardev_opts_mon(o, arg); break;
        case O_NO_USER_CONFIG: break;
        case O_UUID: ok = opt_uuid(o, arg); break;
        }
        if (!ok)
            return OPTS_ERROR;
    }
    if (!chardev_opts_check_refs(o))
        return OPTS_ERROR;
    if (o->log_help) {
        log_print_items(stdout);
        return OPTS_EXIT_OK;
    }
    switch (o->probe) {
    case PROBE_NONE: break;
    case PROBE_DEVICES: devices_print(stdout); return OPTS_EXIT_OK;
    case PROBE_DEVICE_PROPS: device_print_props(stdout, o->probe_arg); return OPTS_EXIT_OK;
    case PROBE_NETDEVS: printf("Available netdev backend types:\nuser\n"); return OPTS_EXIT_OK;
    }
    if (o->accel_help) {
        printf("Accelerators supported in tern:\ntcg\ninterp\n");
        return OPTS_EXIT_OK;
    }
    if (o->data_dir_help) {
        for (int i = 0; i < o->n_data_dirs; i++)
            printf("%s\n", o->data_dirs[i]);
        return OPTS_EXIT_OK;
    }
    if (o->cpu_model && !strcmp(o->cpu_model, "help")) {
        cpu_models_print(stdout, o->arch ? cpu_class_find(o->arch) : NULL);
        return OPTS_EXIT_OK;
    }
    if (o->machine && (!strcmp(o->machine, "help") || !strcmp(o->machine, "?"))) {
        boards_print(stdout);
        return OPTS_EXIT_OK;
    }
    return options_finish(o) ? OPTS_RUN : OPTS_ERROR;
}
