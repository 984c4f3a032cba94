/* SPDX-License-Identifier: MIT */
/* tern's command line: QEMU-compatible option names (-machine, -m, -smp, -bios, -kernel, -d,
   -D, -accel, ...) parsed into TernOptions. Parsing never exits; main decides what to do. */
#ifndef TERN_OPTIONS_H
#define TERN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum { ACCEL_TCG = 0, ACCEL_INTERP = 1 } TernAccel;

#define OPTS_MAX_DEVS 16
#define OPTS_MAX_SERIALS 4          /* QEMU's MAX_SERIAL_PORTS */

/* -drive file=IMG[,format=raw][,if=virtio|none][,id=ID][,readonly=on][,snapshot=on]
          [,file.locking=on|off|auto] */
typedef struct TernDrive {
    const char *id;             /* NULL: anonymous (if=virtio only) */
    const char *file;
    /* if=virtio: a virtio-blk device of its own; if=none, or no if= (QEMU's default on the
       riscv boards), waits for a -device ...,drive=ID */
    bool if_virtio;
    bool if_given;
    bool readonly, snapshot;
    bool no_locking;            /* file.locking=off (or locking=off): no image locks */
} TernDrive;

/* -netdev TYPE,id=ID[,opts] and -nic TYPE[,opts] (opts kept for the backend to parse). */
typedef struct TernNetdev {
    const char *type;           /* "user" */
    const char *id;             /* NULL for -nic */
    const char *opts;           /* backend options without type= and id=: "hostfwd=...,net=..." */
    const char *mac;            /* -nic mac=..., else NULL */
    bool model_pci;             /* -nic model=virtio-net-pci */
} TernNetdev;

/* -device DRIVER[,prop=val...] */
typedef struct TernDevice {
    const char *driver;
    const char *props;          /* NULL or "prop=val,..." */
} TernDevice;

/* -object rng-random,id=ID[,filename=F] | rng-builtin,id=ID */
typedef struct TernObject {
    char *type;
    char *id;
    char *filename;             /* rng-random: the entropy source (default /dev/urandom) */
} TernObject;

/* -fsdev local,id=ID,path=DIR,security_model=M[,readonly=on] (and -virtfs's) */
typedef struct TernFsdev {
    char *id;
    char *path;
    int security_model;         /* P9SecurityModel: 0 passthrough, 1 mapped-xattr, 2 none */
    bool readonly;
} TernFsdev;

/* -chardev BACKEND,id=ID[,path=P]: spec in system/chardev.h syntax ("stdio", "file:P", ...) */
typedef struct TernChardev {
    const char *id;
    const char *spec;
} TernChardev;
typedef enum { SERIAL_STDIO = 0, SERIAL_NULL = 1 } TernSerial;
/* -rtc base= and clock= */
typedef enum { RTC_BASE_UTC = 0, RTC_BASE_LOCALTIME, RTC_BASE_DATE } TernRtcBase;
typedef enum { RTC_CLOCK_HOST = 0, RTC_CLOCK_RT, RTC_CLOCK_VM } TernRtcClock;
#define OPTS_MAX_DATA_DIRS 8

#define OPTS_MAX_MONITORS 8
/* -monitor DEV, -qmp DEV, -qmp-pretty DEV, -mon chardev=ID[,mode=readline|control][,pretty=on]
   (parsed in system/chardev_opts.c). */
typedef struct TernMonitor {
    const char *spec;           /* legacy chardev spec, or "chardev:ID" for -mon (malloc'ed) */
    bool control;               /* QMP; else the human monitor */
    bool pretty;
} TernMonitor;
/* -accel tcg,thread=: one host thread per CPU or all CPUs round-robin on one. */
enum { TCG_THREAD_DEFAULT = 0, TCG_THREAD_SINGLE = 1, TCG_THREAD_MULTI = 2 };

typedef struct TernOptions {
    const char *machine;        /* board name (points to machine_name); "help" lists them */
    char machine_name[64];
    const char *machine_props;  /* what followed NAME, (key=val,...), or NULL */
    uint64_t ram_size;          /* bytes; 0 = the board's default */
    int smp;                    /* number of CPUs (>= 1) */
    const char *arch;           /* -arch NAME or tern-system-NAME; NULL: from -cpu or board */
    const char *cpu_model;      /* -cpu MODEL; NULL: the architecture's default */
    const char *bios;           /* NULL = board default, "default", "none", or a file */
    const char *kernel;
    const char *append;
    const char *initrd;
    const char *dtb;            /* -dtb FILE: the user's device tree instead of the board's */
    bool nographic;
    TernSerial serial;
    /* chardev spec of the first serial port (system/chardev.h): "stdio", "mon:stdio", "null",
       "file:PATH"; NULL = the default, mon:stdio with -nographic, else stdio. */
    const char *serial_spec;
    /* Every -serial in order: the first UART, the second UART... (QEMU's serial_hds). */
    const char *serial_specs[OPTS_MAX_SERIALS];
    int n_serials;
    unsigned log_mask;
    bool log_help;              /* -d help: list items and exit */
    const char *log_file;
    TernAccel accel;
    uint64_t tb_size;           /* JIT code buffer in bytes (-accel tcg,tb-size=MiB) */
    int tcg_thread;             /* -accel ...,thread=: TCG_THREAD_* */
    bool singlestep;
    bool perfmap;               /* -perfmap: /tmp/perf-PID.map for perf */
    bool no_reboot;
    bool semihosting;           /* -semihosting */
    bool snapshot;              /* -snapshot: every drive as with snapshot=on */
    /* In command-line order of each kind. */
    TernDrive drives[OPTS_MAX_DEVS];
    int n_drives;
    TernNetdev netdevs[OPTS_MAX_DEVS];
    int n_netdevs;
    TernNetdev nics[OPTS_MAX_DEVS];
    int n_nics;
    TernDevice devices[OPTS_MAX_DEVS];
    int n_devices;
    TernChardev chardevs[OPTS_MAX_DEVS];
    int n_chardevs;
    TernMonitor monitors[OPTS_MAX_MONITORS];
    int n_monitors;
    bool no_default_monitor;    /* a monitor option was given (even -monitor none) */
    const char *gdb_spec;       /* -gdb DEV / -s (tcp::1234); NULL: no gdb stub */
    bool gdb_wait;              /* -S: CPUs wait for the debugger */
    /* QEMU housekeeping (options_misc.c) */
    char *name;                 /* -name NAME (the monitor's info name) */
    char uuid[37];              /* -uuid, as given; "" without */
    char *process_name;         /* -name ...,process=P: the host thread name */
    bool nodefaults;            /* -nodefaults: no default console */
    bool monitor_none;          /* -monitor none */
    bool daemonize;             /* -daemonize */
    bool no_shutdown;           /* -no-shutdown: a guest power-off pauses instead of exiting */
    const char *pidfile;        /* -pidfile FILE */
    int echr;                   /* -echr: console escape key; 0 = Ctrl-A */
    TernRtcBase rtc_base;
    int64_t rtc_date;           /* base=DATE: seconds since the epoch, UTC */
    TernRtcClock rtc_clock;
    const char *data_dirs[OPTS_MAX_DATA_DIRS];   /* -L DIR: firmware looked up here first */
    int n_data_dirs;
    bool data_dir_help;         /* -L help */
    bool accel_chosen;          /* the first working -accel was taken */
    bool accel_help;            /* -accel help */
    char *hw_accel;             /* a hardware accelerator asked for (kvm...): fell back */
    bool net_none;              /* -net none */
    char *legacy_nic_macs[OPTS_MAX_DEVS];     /* -net nic: macaddr= or NULL */
    int n_legacy_nics;
    char *legacy_user_opts[OPTS_MAX_DEVS];    /* -net user: its options or NULL */
    int n_legacy_users;
    char machine_props_buf[1024];             /* -machine properties less accel= */
    TernObject objects[OPTS_MAX_DEVS];
    int n_objects;
    TernFsdev fsdevs[OPTS_MAX_DEVS];
    int n_fsdevs;
    /* tool probes (-device help, -device NAME,help, -netdev help): print and exit */
    enum { PROBE_NONE, PROBE_DEVICES, PROBE_DEVICE_PROPS, PROBE_NETDEVS } probe;
    char probe_arg[128];
} TernOptions;

typedef enum {
    OPTS_RUN = 0,    /* start the machine */
    OPTS_EXIT_OK,    /* something was printed (-h, -version, -d help, -machine help): exit 0 */
    OPTS_ERROR,      /* a message is on stderr: exit 1 */
} OptsResult;

#define OPTS_DEFAULT_TB_SIZE (64ull << 20)

void options_init(TernOptions *o);
OptsResult options_parse(TernOptions *o, int argc, char **argv);
void options_print_help(FILE *f);
/* QEMU size syntax: a number with optional B/K/M/G/T suffix (no suffix = MiB).
   Returns false on junk, zero or overflow. */
bool options_parse_size(const char *s, uint64_t *bytes);
/* Looks a property up in a "key=val,key=val" list (props may be NULL): the value of the last
   occurrence of key copied to buf (empty for a bare key); false when absent or too long. */
bool options_get_prop(const char *props, const char *key, char *buf, size_t n);
/* Frees what options_parse allocated (the device, drive, netdev and chardev strings). */
void options_free(TernOptions *o);
/* The -object with that id, or NULL. */
const TernObject *options_find_object(const TernOptions *o, const char *id);
/* The -fsdev (or -virtfs) with that id, or NULL. */
const TernFsdev *options_find_fsdev(const TernOptions *o, const char *id);
/* FILE for a firmware name as QEMU's qemu_find_file does: as given when it exists or holds a
   '/', else the first -L DIR/FILE, else /usr/share/qemu/FILE, that exists. false when none
   does (path: the name). */
bool options_find_firmware(const TernOptions *o, const char *name, char *path, size_t n);

#endif
