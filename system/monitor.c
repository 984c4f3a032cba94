/* SPDX-License-Identifier: MIT */
/* HMP-style monitor: command parsing and commands (QEMU monitor/hmp-cmds.c, monitor/misc.c:
   memory_dump's /Nfu formats and output layout), plus a small line editor for terminal input.
   Every parse error prints one line and leaves the machine alone. Memory is only read from
   RAM: device registers have read side effects and belong to the CPU thread. */
#include "monitor.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/chardev.h"
#include "system/machine.h"
#include "system/memmap.h"
#include "tern_version.h"
#include "translate/tb.h"

#define MON_LINE_MAX 512
#define MON_HIST 16
#define MON_MAX_UNITS 65536       /* x/xp count limit: keeps a typo from flooding the console */

struct Monitor {
    Machine *m;
    MonitorOutFn out;
    void *opaque;
    int cpu;                      /* CPU used by x, $reg and `info registers` order */
    char last_format;             /* QEMU keeps the last format and unit size for x/xp */
    int last_size;
    /* line editor */
    char line[MON_LINE_MAX];
    size_t len;
    int esc;                      /* 0 none, 1 after ESC, 2 inside CSI/SS3 */
    char esc_final;               /* collected final byte of an escape sequence */
    bool after_cr;                /* swallow the LF of a CR LF pair */
    bool banner_done;
    char *hist[MON_HIST];
    int n_hist, hist_pos;
};

typedef struct Out {
    MonitorOutFn fn;
    void *opaque;
} Out;

static void out_str(const Out *o, const char *s) {
    if (o->fn && *s)
        o->fn(o->opaque, s);
}

__attribute__((format(printf, 2, 3))) static void outf(const Out *o, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof buf) {
        out_str(o, buf);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        return;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    out_str(o, big);
    free(big);
}

Monitor *monitor_new(Machine *m, MonitorOutFn out, void *opaque) {
    Monitor *mon = calloc(1, sizeof *mon);
    if (!mon)
        return NULL;
    mon->m = m;
    mon->out = out;
    mon->opaque = opaque;
    mon->last_format = 'x';
    mon->last_size = 4;
    return mon;
}

void monitor_free(Monitor *mon) {
    if (!mon)
        return;
    for (int i = 0; i < mon->n_hist; i++)
        free(mon->hist[i]);
    free(mon);
}

static const char *skip_ws(const char *p) {
    while (*p && isspace((unsigned char)*p))
        p++;
    return p;
}

static CPUCommon *mon_cpu(Monitor *mon) {
    Machine *m = mon->m;
    if (!m || mon->cpu < 0 || mon->cpu >= m->n_cpus)
        return NULL;
    return m->cpus[mon->cpu];
}

/* ---- expressions: NUM | $reg, joined by + and - ---- */

static bool reg_value(Monitor *mon, const char *name, uint64_t *v) {
    CPUCommon *env = mon_cpu(mon);
    return env && env->ops->reg_by_name && env->ops->reg_by_name(env, name, v);
}

/* Parses all of s; on error writes a message to err. */
static bool parse_expr(Monitor *mon, const char *s, uint64_t *val, char *err, size_t errn) {
    uint64_t acc = 0;
    int sign = 1;
    const char *p = skip_ws(s);
    if (!*p) {
        snprintf(err, errn, "missing address");
        return false;
    }
    for (;;) {
        p = skip_ws(p);
        uint64_t t;
        if (*p == '$') {
            char name[16];
            size_t n = 0;
            p++;
            while (isalnum((unsigned char)*p) && n < sizeof name - 1)
                name[n++] = (char)tolower((unsigned char)*p++);
            name[n] = 0;
            if (isalnum((unsigned char)*p) || !reg_value(mon, name, &t)) {
                snprintf(err, errn, "unknown register '$%s'", name);
                return false;
            }
        } else if (isdigit((unsigned char)*p)) {
            char *end;
            errno = 0;
            t = strtoull(p, &end, 0);
            if (errno || isalnum((unsigned char)*end)) {
                snprintf(err, errn, "invalid number '%.*s'", (int)strcspn(p, " \t+-"), p);
                return false;
            }
            p = end;
        } else {
            if (*p)
                snprintf(err, errn, "invalid char '%c' in expression", *p);
            else
                snprintf(err, errn, "missing operand in expression");
            return false;
        }
        acc = sign > 0 ? acc + t : acc - t;
        p = skip_ws(p);
        if (!*p)
            break;
        if (*p == '+' || *p == '-') {
            sign = *p == '+' ? 1 : -1;
            p++;
            continue;
        }
        snprintf(err, errn, "invalid char '%c' in expression", *p);
        return false;
    }
    *val = acc;
    return true;
}

/* ---- memory access for x / xp ---- */

typedef struct MemCursor {
    Monitor *mon;
    bool phys;
    uint64_t vpage, ppage;        /* last translated page (virtual mode) */
    bool have_page;
} MemCursor;

static bool translate_va(MemCursor *c, uint64_t va, uint64_t *pa) {
    uint64_t page = va & TARGET_PAGE_MASK;
    if (!c->have_page || c->vpage != page) {
        CPUCommon *env = mon_cpu(c->mon);
        if (!env)
            return false;
        /* The view of the CPU's current privilege (the fetch MMU index of its TB flags). */
        int idx = cpu_fetch_mmu(env->ops, env->ops->tb_flags(env));
        uint64_t p;
        int prot;
        bool large;
        if (!env->ops->tlb_fill(env, page, MMU_READ, idx, true, &p, &prot, &large) &&
            !env->ops->tlb_fill(env, page, MMU_EXEC, idx, true, &p, &prot, &large))
            return false;
        c->vpage = page;
        c->ppage = p & TARGET_PAGE_MASK;
        c->have_page = true;
    }
    *pa = c->ppage | (va & ~TARGET_PAGE_MASK);
    return true;
}

static bool mem_read(MemCursor *c, uint64_t addr, unsigned size, uint64_t *val) {
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t a = addr + i, pa = a;
        if (!c->phys && !translate_va(c, a, &pa))
            return false;
        const uint8_t *h = memmap_ram_ptr(&c->mon->m->mem, pa, 1);
        if (!h)
            return false;
        v |= (uint64_t)*h << (8 * i);
    }
    *val = v;
    return true;
}

static void print_char(const Out *o, uint64_t v) {
    int ch = (int)(v & 0xff);
    switch (ch) {
    case '\'': outf(o, " '\\''"); break;
    case '\\': outf(o, " '\\\\'"); break;
    case '\n': outf(o, " '\\n'"); break;
    case '\r': outf(o, " '\\r'"); break;
    default:
        if (ch >= 32 && ch <= 126)
            outf(o, " '%c'", ch);
        else
            outf(o, " '\\x%02x'", ch);
        break;
    }
}

static bool dump_insns(Monitor *mon, const Out *o, MemCursor *c, uint64_t addr, long count) {
    CPUCommon *env = mon_cpu(mon);
    if (!env && mon->m->n_cpus > 0)
        env = mon->m->cpus[0];
    if (!env || !env->ops->disas) {
        outf(o, "no disassembler for this machine\n");
        return false;
    }
    for (long k = 0; k < count; k++) {
        uint64_t lo, hi = 0;
        int want = 2;
        if (!mem_read(c, addr, 2, &lo) ||
            ((want = env->ops->insn_len((uint16_t)lo)) == 4 && !mem_read(c, addr + 2, 2, &hi))) {
            outf(o, "%016" PRIx64 ": Cannot access memory\n", addr);
            return false;
        }
        uint32_t insn = (uint32_t)(lo | hi << 16);
        char text[128] = "";
        int len = env->ops->disas(addr, insn, text, sizeof text);
        bool known = len > 0;
        if (!known)
            len = want;
        if (len == 2)
            outf(o, "%016" PRIx64 ":  %04x      %s\n", addr, insn & 0xffff,
                 known ? text : "(unknown)");
        else
            outf(o, "%016" PRIx64 ":  %08x  %s\n", addr, insn, known ? text : "(unknown)");
        addr += (uint64_t)len;
    }
    return true;
}

static bool memory_dump(Monitor *mon, const Out *o, bool phys, long count, char format,
                        int size, uint64_t addr) {
    MemCursor c = {.mon = mon, .phys = phys};
    if (!phys && !mon_cpu(mon)) {
        outf(o, "no CPU to translate virtual addresses (use xp)\n");
        return false;
    }
    if (format == 'i')
        return dump_insns(mon, o, &c, addr, count);
    if (format == 'c')
        size = 1;
    int digits;
    switch (format) {
    case 'o': digits = (size * 8 + 2) / 3; break;
    case 'u':
    case 'd': digits = (size * 8 * 10 + 32) / 33; break;
    default: digits = size * 2; break;
    }
    uint64_t len = (uint64_t)count * (uint64_t)size;
    uint64_t line_size = size == 1 ? 8 : 16;
    while (len > 0) {
        outf(o, "%016" PRIx64 ":", addr);
        uint64_t l = len < line_size ? len : line_size;
        for (uint64_t i = 0; i < l; i += (uint64_t)size) {
            uint64_t v;
            if (!mem_read(&c, addr + i, (unsigned)size, &v)) {
                outf(o, " Cannot access memory\n");
                return false;
            }
            switch (format) {
            case 'o': outf(o, " %#*" PRIo64, digits, v); break;
            case 'u': outf(o, " %*" PRIu64, digits, v); break;
            case 'd': {
                int sh = 64 - 8 * size;
                outf(o, " %*" PRId64, digits, (int64_t)(v << sh) >> sh);
                break;
            }
            case 'c': print_char(o, v); break;
            default: outf(o, " 0x%0*" PRIx64, digits, v); break;
            }
        }
        outf(o, "\n");
        addr += l;
        len -= l;
    }
    return true;
}

/* x/xp [/Nfu] ADDR */
static bool cmd_memory(Monitor *mon, const Out *o, const char *cmd, const char *args, bool phys) {
    const char *p = skip_ws(args);
    long count = 1;
    char format = mon->last_format;
    int size = mon->last_size;
    if (*p == '/') {
        p++;
        if (isdigit((unsigned char)*p)) {
            char *end;
            errno = 0;
            count = strtol(p, &end, 10);
            if (errno || count > MON_MAX_UNITS) {
                outf(o, "%s: count too large (at most %d)\n", cmd, MON_MAX_UNITS);
                return false;
            }
            p = end;
        }
        char f = 0;
        int s = 0;
        for (; *p && !isspace((unsigned char)*p); p++) {
            switch (*p) {
            case 'o': case 'd': case 'u': case 'x': case 'i': case 'c': f = *p; break;
            case 'b': s = 1; break;
            case 'h': s = 2; break;
            case 'w': s = 4; break;
            case 'g': case 'L': s = 8; break;
            default:
                outf(o, "%s: invalid char in format: '%c'\n", cmd, *p);
                return false;
            }
        }
        if (f)
            format = f;
        if (s)
            size = s;
        if (format != 'i')
            mon->last_size = size;
        mon->last_format = format;
    }
    uint64_t addr;
    char err[96];
    if (!parse_expr(mon, p, &addr, err, sizeof err)) {
        outf(o, "%s: %s\n", cmd, err);
        return false;
    }
    return memory_dump(mon, o, phys, count, format, size, addr);
}

/* ---- info ---- */

static void print_stream(const Out *o, void (*fn)(void *arg, FILE *f), void *arg) {
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) {
        outf(o, "out of memory\n");
        return;
    }
    fn(arg, f);
    fclose(f);
    if (buf)
        out_str(o, buf);
    free(buf);
}

static void dump_cpu(void *arg, FILE *f) {
    CPUCommon *env = arg;
    env->ops->dump_state(env, f);
}

static void print_jit(void *arg, FILE *f) { tb_cache_print_stats(arg, f); }

static void mtree_line(void *ctx, const char *line) { outf(ctx, "  %s\n", line); }

static void chardev_line(void *ctx, const char *label, const char *filename) {
    outf(ctx, "%s: filename=%s\n", label, filename);
}

static bool cmd_info(Monitor *mon, const Out *o, const char *args) {
    Machine *m = mon->m;
    const char *p = skip_ws(args);
    size_t n = strcspn(p, " \t");
    char what[32];
    if (n == 0) {
        outf(o, "info: missing argument; one of: registers, mtree, jit, status, cpus, name, "
                "chardev\n");
        return false;
    }
    snprintf(what, sizeof what, "%.*s", (int)n, p);
    const char *rest = skip_ws(p + n);
    if (*rest) {
        outf(o, "info %s: extraneous characters at the end of line\n", what);
        return false;
    }
    if (!strcmp(what, "registers")) {
        if (m->n_cpus == 0) {
            outf(o, "no CPU\n");
            return false;
        }
        for (int i = 0; i < m->n_cpus; i++) {
            if (m->n_cpus > 1)
                outf(o, "CPU#%d\n", i);
            print_stream(o, dump_cpu, m->cpus[i]);
        }
        return true;
    }
    if (!strcmp(what, "mtree")) {
        outf(o, "address-space: memory\n");
        memmap_print(&m->mem, mtree_line, (void *)o);
        return true;
    }
    if (!strcmp(what, "jit")) {
        if (!m->tbc) {
            outf(o, "no translator\n");
            return false;
        }
        print_stream(o, print_jit, m->tbc);
        return true;
    }
    if (!strcmp(what, "status")) {
        outf(o, "VM status: %s\n", !m->paused ? "running"
                                   : m->guest_shut_down ? "paused (shutdown)"
                                   : m->prelaunch ? "paused (prelaunch)" : "paused");
        return true;
    }
    if (!strcmp(what, "name")) {
        if (m->name)                     /* QEMU prints nothing without -name */
            outf(o, "%s\n", m->name);
        return true;
    }
    if (!strcmp(what, "chardev")) {
        chardev_foreach(chardev_line, (void *)o);
        return true;
    }
    if (!strcmp(what, "cpus")) {
        for (int i = 0; i < m->n_cpus; i++)
            outf(o, "%c CPU #%d: pc=0x%016" PRIx64 "%s\n", i == mon->cpu ? '*' : ' ', i,
                 m->cpus[i]->pc, m->cpus[i]->halted ? " (halted)" : "");
        return true;
    }
    outf(o, "info: unknown item '%s'; one of: registers, mtree, jit, status, cpus, name, "
            "chardev\n", what);
    return false;
}

/* ---- run control ---- */

static bool cmd_cpu(Monitor *mon, const Out *o, const char *args) {
    char *end;
    const char *p = skip_ws(args);
    errno = 0;
    long n = strtol(p, &end, 10);
    if (!isdigit((unsigned char)*p) || errno || *skip_ws(end) || n < 0 || n >= mon->m->n_cpus) {
        outf(o, "cpu: invalid CPU index '%s' (0..%d)\n", p, mon->m->n_cpus - 1);
        return false;
    }
    mon->cpu = (int)n;
    return true;
}

typedef enum { C_HELP, C_INFO, C_X, C_XP, C_STOP, C_CONT, C_QUIT, C_CPU, C_RESET,
               C_POWERDOWN } CmdId;

static const struct {
    const char *name, *alias, *args, *help;
    CmdId id;
} commands[] = {
    {"help", "?", "", "show this help", C_HELP},
    {"info", NULL, "registers|mtree|jit|status|cpus|name|chardev", "show machine state",
     C_INFO},
    {"x", NULL, "/fmt addr", "dump virtual memory (fmt: count, x d u o c i, b h w g)", C_X},
    {"xp", NULL, "/fmt addr", "dump physical memory", C_XP},
    {"cpu", NULL, "index", "select the CPU for x, $reg and info cpus", C_CPU},
    {"stop", NULL, "", "stop emulation", C_STOP},
    {"cont", "c", "", "resume emulation", C_CONT},
    {"system_reset", NULL, "", "reset the system", C_RESET},
    {"system_powerdown", NULL, "", "send system power down event", C_POWERDOWN},
    {"quit", "q", "", "quit the emulator", C_QUIT},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static bool no_args(const Out *o, const char *cmd, const char *args) {
    if (*skip_ws(args)) {
        outf(o, "%s: extraneous characters at the end of line\n", cmd);
        return false;
    }
    return true;
}

bool monitor_execute(Monitor *mon, const char *line, MonitorOutFn fn, void *opaque) {
    Out o = {fn, opaque};
    Machine *m = mon->m;
    const char *p = skip_ws(line);
    if (!*p)
        return true;
    size_t n = 0;
    while (p[n] && !isspace((unsigned char)p[n]) && p[n] != '/')
        n++;
    char name[32];
    if (n >= sizeof name) {
        outf(&o, "unknown command: '%.*s...'\n", 20, p);
        return false;
    }
    memcpy(name, p, n);
    name[n] = 0;
    const char *args = p + n;
    int k = -1;
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(name, commands[i].name) ||
            (commands[i].alias && !strcmp(name, commands[i].alias)))
            k = (int)i;
    if (k < 0) {
        outf(&o, "unknown command: '%s'\n", name);
        return false;
    }
    switch (commands[k].id) {
    case C_HELP:
        for (size_t i = 0; i < N_COMMANDS; i++) {
            char left[64];
            snprintf(left, sizeof left, "%s%s%s %s", commands[i].name,
                     commands[i].alias ? "|" : "", commands[i].alias ? commands[i].alias : "",
                     commands[i].args);
            outf(&o, "%-42s -- %s\n", left, commands[i].help);
        }
        return true;
    case C_INFO: return cmd_info(mon, &o, args);
    case C_X: return cmd_memory(mon, &o, "x", args, false);
    case C_XP: return cmd_memory(mon, &o, "xp", args, true);
    case C_CPU: return cmd_cpu(mon, &o, args);
    case C_STOP:
        if (!no_args(&o, name, args))
            return false;
        machine_pause(m);
        return true;
    case C_CONT:
        if (!no_args(&o, name, args))
            return false;
        if (__atomic_load_n(&m->guest_shut_down, __ATOMIC_ACQUIRE)) {
            outf(&o, "Resetting the Virtual Machine is required\n");   /* QEMU's words */
            return false;
        }
        machine_resume(m);
        return true;
    case C_QUIT:
        if (!no_args(&o, name, args))
            return false;
        machine_request_shutdown(m, 0, SHUTDOWN_HOST_QMP_QUIT);
        return true;
    case C_RESET:
        if (!no_args(&o, name, args))
            return false;
        /* exits instead when the board cannot reset */
        machine_request_reset_cause(m, SHUTDOWN_HOST_QMP_SYSTEM_RESET);
        return true;
    case C_POWERDOWN:
        if (!no_args(&o, name, args))
            return false;
        machine_request_powerdown(m);
        return true;
    }
    return false;
}

/* ---- line editor ---- */

static void echo(Monitor *mon, const char *s) {
    if (mon->out && *s)
        mon->out(mon->opaque, s);
}

static void prompt(Monitor *mon) { echo(mon, "(qemu) "); }

void monitor_focus(Monitor *mon) {
    if (!mon->banner_done) {
        echo(mon, "tern " TERN_VERSION " monitor - type 'help' for more information\n");
        mon->banner_done = true;
    } else {
        echo(mon, "\n");
    }
    prompt(mon);
    mon->line[mon->len] = 0;
    echo(mon, mon->line);
}

void monitor_greet(Monitor *mon) {
    mon->len = 0;
    mon->esc = 0;
    mon->after_cr = false;
    mon->banner_done = true;
    echo(mon, "tern " TERN_VERSION " monitor - type 'help' for more information\n");
    prompt(mon);
}

static void erase_line(Monitor *mon) {
    while (mon->len) {
        mon->len--;
        echo(mon, "\b \b");
    }
}

static void set_line(Monitor *mon, const char *s) {
    erase_line(mon);
    size_t n = strlen(s);
    if (n >= MON_LINE_MAX)
        n = MON_LINE_MAX - 1;
    memcpy(mon->line, s, n);
    mon->len = n;
    mon->line[n] = 0;
    echo(mon, mon->line);
}

static void hist_add(Monitor *mon, const char *s) {
    if (!*skip_ws(s) || (mon->n_hist && !strcmp(mon->hist[mon->n_hist - 1], s)))
        return;
    char *d = strdup(s);
    if (!d)
        return;
    if (mon->n_hist == MON_HIST) {
        free(mon->hist[0]);
        memmove(mon->hist, mon->hist + 1, (MON_HIST - 1) * sizeof mon->hist[0]);
        mon->n_hist--;
    }
    mon->hist[mon->n_hist++] = d;
}

static void key_arrow(Monitor *mon, char dir) {
    if (dir == 'A' && mon->hist_pos > 0) {
        mon->hist_pos--;
        set_line(mon, mon->hist[mon->hist_pos]);
    } else if (dir == 'B' && mon->hist_pos < mon->n_hist) {
        mon->hist_pos++;
        set_line(mon, mon->hist_pos < mon->n_hist ? mon->hist[mon->hist_pos] : "");
    }
}

static void run_line(Monitor *mon) {
    mon->line[mon->len] = 0;
    echo(mon, "\n");
    char cmd[MON_LINE_MAX];
    memcpy(cmd, mon->line, mon->len + 1);
    mon->len = 0;
    hist_add(mon, cmd);
    mon->hist_pos = mon->n_hist;
    monitor_execute(mon, cmd, mon->out, mon->opaque);
    if (!machine_should_stop(mon->m))
        prompt(mon);
}

void monitor_feed(Monitor *mon, uint8_t b) {
    bool after_cr = mon->after_cr;
    mon->after_cr = false;
    if (mon->esc == 1) {
        mon->esc = (b == '[' || b == 'O') ? 2 : 0;
        return;
    }
    if (mon->esc == 2) {
        if (b >= 0x40 && b <= 0x7e) {       /* final byte of the sequence */
            mon->esc = 0;
            if (b == 'A' || b == 'B')
                key_arrow(mon, (char)b);
        }
        return;
    }
    switch (b) {
    case 0x1b: mon->esc = 1; return;
    case '\r': mon->after_cr = true; run_line(mon); return;
    case '\n':
        if (!after_cr)
            run_line(mon);
        return;
    case 0x7f:
    case '\b':
        if (mon->len) {
            mon->len--;
            echo(mon, "\b \b");
        }
        return;
    case 0x15: erase_line(mon); return;                 /* Ctrl-U */
    case 0x03:                                          /* Ctrl-C: drop the line */
        mon->len = 0;
        echo(mon, "\n");
        prompt(mon);
        return;
    case 0x10: key_arrow(mon, 'A'); return;             /* Ctrl-P */
    case 0x0e: key_arrow(mon, 'B'); return;             /* Ctrl-N */
    default: break;
    }
    if (b < 0x20 || b > 0x7e || mon->len >= MON_LINE_MAX - 1)
        return;
    mon->line[mon->len++] = (char)b;
    char s[2] = {(char)b, 0};
    echo(mon, s);
}
