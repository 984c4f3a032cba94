/* SPDX-License-Identifier: MIT */
/* Opening the command line's monitors (QEMU monitor/monitor.c monitor_init, vl.c
   monitor_parse: -monitor and -qmp make a chardev labelled compat_monitorN; -mon takes a
   -chardev by id). A human monitor on a chardev of its own gets all of its input; a chardev
   with mux=on already carries one, reached with Ctrl-A c. */
#include "monitors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/chardev.h"
#include "system/chardev_opts.h"
#include "system/machine.h"
#include "system/monitor.h"
#include "system/options.h"
#include "system/qmp.h"

typedef struct HmpPort {
    Monitor *mon;
    CharDev *chr;
} HmpPort;

struct Monitors {
    int n;
    struct {
        QmpSession *qmp;
        HmpPort *hmp;
    } e[OPTS_MAX_MONITORS];
};

/* QEMU's monitor writes CR LF for each newline (monitor_puts). */
static void hmp_out(void *opaque, const char *text) {
    HmpPort *p = opaque;
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        chardev_write(p->chr, (const uint8_t *)s, n);
        s += n;
        if (*s == '\n') {
            chardev_write(p->chr, (const uint8_t *)"\r\n", 2);
            s++;
        }
    }
}

static void hmp_input(void *opaque, CharDev *c, const uint8_t *buf, size_t n) {
    HmpPort *p = opaque;
    p->chr = c;
    for (size_t i = 0; i < n; i++)
        monitor_feed(p->mon, buf[i]);
}

static void hmp_opened(void *opaque, CharDev *c) {
    HmpPort *p = opaque;
    p->chr = c;
    monitor_greet(p->mon);
}

static HmpPort *hmp_open(Machine *m, const char *spec, const char *label) {
    HmpPort *p = calloc(1, sizeof *p);
    if (!p || !(p->mon = monitor_new(m, hmp_out, p))) {
        free(p);
        fprintf(stderr, "tern: out of memory\n");
        return NULL;
    }
    static const ChardevHandlers h = {hmp_input, hmp_opened, NULL};
    CharDev *c = chardev_open_handled(spec, label, m, &h, p);
    if (!c) {
        monitor_free(p->mon);
        free(p);
        return NULL;
    }
    p->chr = c;
    return p;
}

static void hmp_close(HmpPort *p) {
    if (!p)
        return;
    chardev_close(p->chr);
    monitor_free(p->mon);
    free(p);
}

Monitors *monitors_open(Machine *m, const TernOptions *o) {
    Monitors *ms = calloc(1, sizeof *ms);
    if (!ms) {
        fprintf(stderr, "tern: out of memory\n");
        return NULL;
    }
    int compat = 0;
    for (int i = 0; i < o->n_monitors; i++) {
        const TernMonitor *mo = &o->monitors[i];
        const char *spec = mo->spec, *id = chardev_opts_ref(spec);
        char label[32];
        if (id) {
            CharDev *open = chardev_find(id);
            if (open && !mo->control && chardev_has_monitor(open))
                continue;             /* -chardev ...,mux=on shared with a serial port */
            if (open) {
                fprintf(stderr, "tern: -mon chardev=%s: chardev '%s' is already in use\n", id,
                        id);
                monitors_close(ms);
                return NULL;
            }
            for (int k = 0; k < o->n_chardevs; k++)
                if (!strcmp(o->chardevs[k].id, id))
                    spec = o->chardevs[k].spec;
            /* A mux chardev no serial port took: the monitor has it to itself. */
            if (!mo->control && !strncmp(spec, "mon:", 4))
                spec += 4;
        } else {
            snprintf(label, sizeof label, "compat_monitor%d", compat++);
            id = label;
        }
        if (mo->control && !strncmp(spec, "mon:", 4)) {
            fprintf(stderr, "tern: QMP on '%s': a chardev with mux=on is not supported\n",
                    spec);
            monitors_close(ms);
            return NULL;
        }
        if (mo->control)
            ms->e[ms->n].qmp = qmp_open(m, spec, id, mo->pretty);
        else
            ms->e[ms->n].hmp = hmp_open(m, spec, id);
        if (!ms->e[ms->n].qmp && !ms->e[ms->n].hmp) {
            monitors_close(ms);
            return NULL;
        }
        ms->n++;
    }
    return ms;
}

void monitors_close(Monitors *ms) {
    if (!ms)
        return;
    for (int i = 0; i < ms->n; i++) {
        qmp_close(ms->e[i].qmp);
        hmp_close(ms->e[i].hmp);
    }
    free(ms);
}
