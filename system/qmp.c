/* SPDX-License-Identifier: MIT */
/* QMP server (QEMU 7.2: docs/interop/qmp-spec.rst, monitor/qmp.c, qapi/qmp-dispatch.c,
   qobject/qjson.c for the output layout). Each chardev carries one session; its input thread
   frames the byte stream into JSON values (brace depth outside strings, as QEMU's
   json-streamer does), json-glib parses each value, the command runs on that thread and the
   reply is written back in one piece. Events go to every session that finished capabilities
   negotiation, from whichever thread raised them. */
#include "qmp.h"

#include <inttypes.h>
#include <stdarg.h>
#include <json-glib/json-glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "system/chardev.h"
#include "system/machine.h"
#include "system/monitor.h"
#include "tern_version.h"

#define QMP_MAX_INPUT (1u << 20)      /* one request; QEMU's limit is larger, no tool nears it */
#define QMP_MAX_DEPTH 1024

struct QmpSession {
    Machine *m;
    CharDev *chr;
    bool pretty;
    bool negotiated;                  /* command mode (under sessions_lock) */
    bool oob;
    GString *in;                      /* the value being framed */
    int depth;
    bool in_str, esc;
    Monitor *hmp;                     /* human-monitor-command */
    QmpSession *next;
};

static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;
static QmpSession *sessions;

/* ---- output: QEMU's layout ("key": value, ", " between members; 4-space indent pretty) ---- */

static void indent(GString *out, int level) {
    g_string_append(out, "\r\n");  /* QEMU's monitor sends every newline as CR LF */
    for (int i = 0; i < level; i++)
        g_string_append(out, "    ");
}

static void to_json(GString *out, JsonNode *n, bool pretty, int level) {
    switch (json_node_get_node_type(n)) {
    case JSON_NODE_OBJECT: {
        JsonObject *o = json_node_get_object(n);
        GList *names = json_object_get_members(o);
        g_string_append_c(out, '{');
        for (GList *l = names; l; l = l->next) {
            if (l != names)
                g_string_append_c(out, ',');
            if (pretty)
                indent(out, level + 1);
            else if (l != names)
                g_string_append_c(out, ' ');
            JsonNode *key = json_node_init_string(json_node_alloc(), l->data);
            char *k = json_to_string(key, FALSE);
            g_string_append_printf(out, "%s: ", k);
            g_free(k);
            json_node_unref(key);
            to_json(out, json_object_get_member(o, l->data), pretty, level + 1);
        }
        if (pretty)
            indent(out, level);
        g_string_append_c(out, '}');
        g_list_free(names);
        break;
    }
    case JSON_NODE_ARRAY: {
        JsonArray *a = json_node_get_array(n);
        guint len = json_array_get_length(a);
        g_string_append_c(out, '[');
        for (guint i = 0; i < len; i++) {
            if (i)
                g_string_append_c(out, ',');
            if (pretty)
                indent(out, level + 1);
            else if (i)
                g_string_append_c(out, ' ');
            to_json(out, json_array_get_element(a, i), pretty, level + 1);
        }
        if (pretty)
            indent(out, level);
        g_string_append_c(out, ']');
        break;
    }
    default: {
        char *s = json_to_string(n, FALSE);
        g_string_append(out, s);
        g_free(s);
        break;
    }
    }
}

/* Sends one message (takes the node): QEMU ends each with CR LF. */
static void send_node(QmpSession *s, JsonNode *n) {
    GString *out = g_string_new(NULL);
    to_json(out, n, s->pretty, 0);
    g_string_append(out, "\r\n");
    chardev_write(s->chr, (const uint8_t *)out->str, out->len);
    g_string_free(out, TRUE);
    json_node_unref(n);
}

static JsonNode *obj_node(JsonObject *o) {
    JsonNode *n = json_node_init_object(json_node_alloc(), o);
    json_object_unref(o);
    return n;
}

static JsonObject *version_object(void) {
    JsonObject *q = json_object_new();
    json_object_set_int_member(q, "micro", 0);
    json_object_set_int_member(q, "minor", 2);
    json_object_set_int_member(q, "major", 7);
    JsonObject *v = json_object_new();
    json_object_set_object_member(v, "qemu", q);
    json_object_set_string_member(v, "package", "tern " TERN_VERSION);
    return v;
}

static void send_greeting(QmpSession *s) {
    JsonObject *qmp = json_object_new();
    json_object_set_object_member(qmp, "version", version_object());
    JsonArray *caps = json_array_new();
    json_array_add_string_element(caps, "oob");
    json_object_set_array_member(qmp, "capabilities", caps);
    JsonObject *root = json_object_new();
    json_object_set_object_member(root, "QMP", qmp);
    send_node(s, obj_node(root));
}

static void send_return(QmpSession *s, JsonNode *ret, JsonNode *id) {
    JsonObject *root = json_object_new();
    json_object_set_member(root, "return", ret);
    if (id)
        json_object_set_member(root, "id", json_node_copy(id));
    send_node(s, obj_node(root));
}

static void send_error(QmpSession *s, const char *cls, const char *desc, JsonNode *id) {
    JsonObject *e = json_object_new();
    json_object_set_string_member(e, "class", cls);
    json_object_set_string_member(e, "desc", desc);
    JsonObject *root = json_object_new();
    json_object_set_object_member(root, "error", e);
    if (id)
        json_object_set_member(root, "id", json_node_copy(id));
    send_node(s, obj_node(root));
}

/* ---- events ---- */

static const char *event_name(MachineEventKind k) {
    switch (k) {
    case MEV_SHUTDOWN: return "SHUTDOWN";
    case MEV_RESET: return "RESET";
    case MEV_POWERDOWN: return "POWERDOWN";
    case MEV_STOP: return "STOP";
    case MEV_RESUME: return "RESUME";
    }
    return "UNKNOWN";
}

static void on_machine_event(void *opaque, MachineEventKind kind, ShutdownCause cause) {
    (void)opaque;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    pthread_mutex_lock(&sessions_lock);
    for (QmpSession *s = sessions; s; s = s->next) {
        if (!s->negotiated || !s->chr)
            continue;
        JsonObject *ts = json_object_new();
        json_object_set_int_member(ts, "seconds", (gint64)tv.tv_sec);
        json_object_set_int_member(ts, "microseconds", (gint64)tv.tv_usec);
        JsonObject *ev = json_object_new();
        json_object_set_object_member(ev, "timestamp", ts);
        json_object_set_string_member(ev, "event", event_name(kind));
        if (kind == MEV_SHUTDOWN || kind == MEV_RESET) {
            JsonObject *d = json_object_new();
            json_object_set_boolean_member(d, "guest", shutdown_cause_is_guest(cause));
            json_object_set_string_member(d, "reason", shutdown_cause_name(cause));
            json_object_set_object_member(ev, "data", d);
        }
        send_node(s, obj_node(ev));
    }
    pthread_mutex_unlock(&sessions_lock);
}

/* ---- commands ---- */

typedef enum { AFTER_NONE, AFTER_QUIT, AFTER_RESET, AFTER_POWERDOWN } After;

typedef struct Call {
    QmpSession *s;
    JsonObject *args;                 /* never NULL */
    JsonNode *ret;                    /* set on success */
    const char *err_class;
    char err[256];
    After after;
} Call;

typedef struct ArgSpec {
    const char *name;
    JsonNodeType type;                /* JSON_NODE_VALUE: a string or an integer, see gtype */
    GType gtype;                      /* G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN, or 0 */
    bool required;
} ArgSpec;

static void fail(Call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(Call *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->err_class = "GenericError";
}

static JsonNode *empty_return(void) { return obj_node(json_object_new()); }

static void cmd_capabilities(Call *c) {
    JsonNode *en = json_object_get_member(c->args, "enable");
    if (en) {
        JsonArray *a = json_node_get_array(en);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonNode *e = json_array_get_element(a, i);
            const char *cap = JSON_NODE_HOLDS_VALUE(e) &&
                                      json_node_get_value_type(e) == G_TYPE_STRING
                                  ? json_node_get_string(e)
                                  : NULL;
            if (!cap || strcmp(cap, "oob")) {
                fail(c, "Capability '%s' not available", cap ? cap : "?");
                return;
            }
        }
        c->s->oob = json_array_get_length(a) > 0;
    }
    pthread_mutex_lock(&sessions_lock);
    c->s->negotiated = true;
    pthread_mutex_unlock(&sessions_lock);
    c->ret = empty_return();
}

static void cmd_query_version(Call *c) { c->ret = obj_node(version_object()); }

static void cmd_query_status(Call *c) {
    Machine *m = c->s->m;
    bool down = __atomic_load_n(&m->exit_claimed, __ATOMIC_ACQUIRE) != 0 ||
                __atomic_load_n(&m->guest_shut_down, __ATOMIC_ACQUIRE) != 0;
    bool paused = __atomic_load_n(&m->paused, __ATOMIC_ACQUIRE) != 0;
    const char *st = down ? "shutdown" : !paused ? "running" : m->prelaunch ? "prelaunch"
                                                                            : "paused";
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "status", st);
    json_object_set_boolean_member(o, "singlestep", false);
    json_object_set_boolean_member(o, "running", !down && !paused);
    c->ret = obj_node(o);
}

static void cmd_query_name(Call *c) {
    JsonObject *o = json_object_new();
    if (c->s->m->name)
        json_object_set_string_member(o, "name", c->s->m->name);
    c->ret = obj_node(o);
}

static void cmd_query_cpus_fast(Call *c) {
    Machine *m = c->s->m;
    JsonArray *a = json_array_new();
    for (int i = 0; i < m->n_cpus; i++) {
        JsonObject *props = json_object_new();
        json_object_set_int_member(props, "core-id", i);
        JsonObject *cpu = json_object_new();
        /* Every CPU runs on the thread that runs the machine (tern's main thread). */
        json_object_set_int_member(cpu, "thread-id", (gint64)getpid());
        json_object_set_object_member(cpu, "props", props);
        char path[128];
        snprintf(path, sizeof path, "%s[%d]",
                 m->cpu_qom_prefix ? m->cpu_qom_prefix : "/machine/unattached/device", i);
        json_object_set_string_member(cpu, "qom-path", path);
        json_object_set_int_member(cpu, "cpu-index", i);
        json_object_set_string_member(cpu, "target", m->cpu_class->name);
        json_array_add_object_element(a, cpu);
    }
    c->ret = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
}

static void cmd_query_kvm(Call *c) {
    JsonObject *o = json_object_new();
    json_object_set_boolean_member(o, "enabled", false);
    json_object_set_boolean_member(o, "present", false);
    c->ret = obj_node(o);
}

static void add_chardev(void *opaque, const char *label, const char *filename) {
    JsonObject *o = json_object_new();
    json_object_set_boolean_member(o, "frontend-open", true);
    json_object_set_string_member(o, "filename", filename);
    json_object_set_string_member(o, "label", label);
    json_array_add_object_element(opaque, o);
}

static void cmd_query_chardev(Call *c) {
    JsonArray *a = json_array_new();
    chardev_foreach(add_chardev, a);
    c->ret = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
}

static void cmd_stop(Call *c) {
    machine_pause(c->s->m);          /* STOP goes out before the reply, as in QEMU */
    c->ret = empty_return();
}

static void cmd_cont(Call *c) {
    if (__atomic_load_n(&c->s->m->guest_shut_down, __ATOMIC_ACQUIRE)) {
        fail(c, "Resetting the Virtual Machine is required");   /* -no-shutdown, as QEMU */
        return;
    }
    machine_resume(c->s->m);
    c->ret = empty_return();
}

static void cmd_system_reset(Call *c) {
    c->after = AFTER_RESET;
    c->ret = empty_return();
}

static void cmd_system_powerdown(Call *c) {
    c->after = AFTER_POWERDOWN;
    c->ret = empty_return();
}

static void cmd_quit(Call *c) {
    c->after = AFTER_QUIT;
    c->ret = empty_return();
}

/* HMP output as QEMU returns it: each newline as CR LF (monitor_puts). */
static void collect(void *opaque, const char *text) {
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            g_string_append_c(opaque, '\r');
        g_string_append_c(opaque, *p);
    }
}

static void cmd_hmp(Call *c) {
    QmpSession *s = c->s;
    const char *line = json_object_get_string_member(c->args, "command-line");
    GString *out = g_string_new(NULL);
    if (json_object_has_member(c->args, "cpu-index")) {
        gint64 cpu = json_object_get_int_member(c->args, "cpu-index");
        char cmd[48];
        snprintf(cmd, sizeof cmd, "cpu %" PRId64, (int64_t)cpu);
        if (!monitor_execute(s->hmp, cmd, collect, out)) {
            g_string_free(out, TRUE);
            fail(c, "Parameter 'cpu-index' expects a CPU number");
            return;
        }
    }
    monitor_execute(s->hmp, line, collect, out);
    c->ret = json_node_init_string(json_node_alloc(), out->str);
    g_string_free(out, TRUE);
}

static void cmd_query_commands(Call *c);

static const ArgSpec no_args[] = {{NULL, 0, 0, false}};
static const ArgSpec caps_args[] = {{"enable", JSON_NODE_ARRAY, 0, false}, {NULL, 0, 0, false}};
static const ArgSpec hmp_args[] = {{"command-line", JSON_NODE_VALUE, G_TYPE_STRING, true},
                                   {"cpu-index", JSON_NODE_VALUE, G_TYPE_INT64, false},
                                   {NULL, 0, 0, false}};

static const struct {
    const char *name;
    void (*fn)(Call *c);
    const ArgSpec *args;
} commands[] = {
    {"qmp_capabilities", cmd_capabilities, caps_args},
    {"query-version", cmd_query_version, no_args},
    {"query-status", cmd_query_status, no_args},
    {"query-name", cmd_query_name, no_args},
    {"query-cpus-fast", cmd_query_cpus_fast, no_args},
    {"query-commands", cmd_query_commands, no_args},
    {"query-kvm", cmd_query_kvm, no_args},
    {"query-chardev", cmd_query_chardev, no_args},
    {"stop", cmd_stop, no_args},
    {"cont", cmd_cont, no_args},
    {"system_reset", cmd_system_reset, no_args},
    {"system_powerdown", cmd_system_powerdown, no_args},
    {"quit", cmd_quit, no_args},
    {"human-monitor-command", cmd_hmp, hmp_args},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void cmd_query_commands(Call *c) {
    JsonArray *a = json_array_new();
    for (size_t i = 0; i < N_COMMANDS; i++) {
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "name", commands[i].name);
        json_array_add_object_element(a, o);
    }
    c->ret = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
}

static const char *type_name(const ArgSpec *a) {
    if (a->type == JSON_NODE_ARRAY)
        return "array";
    return a->gtype == G_TYPE_STRING ? "string" : a->gtype == G_TYPE_INT64 ? "integer" : "bool";
}

static bool check_args(Call *c, const ArgSpec *spec) {
    GList *names = json_object_get_members(c->args);
    bool ok = true;
    for (GList *l = names; l && ok; l = l->next) {
        const ArgSpec *a = spec;
        while (a->name && strcmp(a->name, l->data))
            a++;
        if (!a->name) {
            fail(c, "Parameter '%s' is unexpected", (const char *)l->data);
            ok = false;
            break;
        }
        JsonNode *v = json_object_get_member(c->args, a->name);
        bool type_ok = JSON_NODE_TYPE(v) == a->type &&
                       (a->type != JSON_NODE_VALUE || json_node_get_value_type(v) == a->gtype);
        if (!type_ok) {
            fail(c, "Invalid parameter type for '%s', expected: %s", a->name, type_name(a));
            ok = false;
        }
    }
    g_list_free(names);
    for (const ArgSpec *a = spec; ok && a->name; a++)
        if (a->required && !json_object_has_member(c->args, a->name)) {
            fail(c, "Parameter '%s' is missing", a->name);
            ok = false;
        }
    return ok;
}

/* One complete JSON value from the client. */
static void dispatch(QmpSession *s, const char *text, size_t len) {
    JsonParser *p = json_parser_new();
    GError *gerr = NULL;
    if (!json_parser_load_from_data(p, text, (gssize)len, &gerr)) {
        char desc[300];
        snprintf(desc, sizeof desc, "JSON parse error, %s", gerr ? gerr->message : "invalid");
        g_clear_error(&gerr);
        send_error(s, "GenericError", desc, NULL);
        g_object_unref(p);
        return;
    }
    JsonNode *root = json_parser_get_root(p);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        send_error(s, "GenericError", "QMP input must be a JSON object", NULL);
        g_object_unref(p);
        return;
    }
    JsonObject *req = json_node_get_object(root);
    JsonNode *id = json_object_get_member(req, "id");
    const char *cmd = NULL;
    JsonObject *args = NULL;
    char err[300] = "";
    GList *names = json_object_get_members(req);
    for (GList *l = names; l && !err[0]; l = l->next) {
        const char *k = l->data;
        JsonNode *v = json_object_get_member(req, k);
        if (!strcmp(k, "execute") || !strcmp(k, "exec-oob")) {
            if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) != G_TYPE_STRING)
                snprintf(err, sizeof err, "QMP input member '%s' must be a string", k);
            else if (!strcmp(k, "exec-oob") && !s->oob)
                snprintf(err, sizeof err, "QMP input member 'exec-oob' is unexpected");
            else
                cmd = json_node_get_string(v);
        } else if (!strcmp(k, "arguments")) {
            if (!JSON_NODE_HOLDS_OBJECT(v))
                snprintf(err, sizeof err, "QMP input member 'arguments' must be an object");
            else
                args = json_node_get_object(v);
        } else if (strcmp(k, "id")) {
            snprintf(err, sizeof err, "QMP input member '%s' is unexpected", k);
        }
    }
    g_list_free(names);
    if (!err[0] && !cmd)
        snprintf(err, sizeof err, "QMP input lacks member 'execute'");
    if (err[0]) {
        send_error(s, "GenericError", err, id);
        g_object_unref(p);
        return;
    }
    bool caps = !strcmp(cmd, "qmp_capabilities");
    pthread_mutex_lock(&sessions_lock);
    bool negotiated = s->negotiated;
    pthread_mutex_unlock(&sessions_lock);
    int k = -1;
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, cmd))
            k = (int)i;
    if (!negotiated && !caps) {
        send_error(s, "CommandNotFound",
                   "Expecting capabilities negotiation with 'qmp_capabilities'", id);
    } else if (negotiated && caps) {
        send_error(s, "CommandNotFound",
                   "Capabilities negotiation is already complete, command ignored", id);
    } else if (k < 0) {
        char desc[300];
        snprintf(desc, sizeof desc, "The command %s has not been found", cmd);
        send_error(s, "CommandNotFound", desc, id);
    } else {
        JsonObject *empty = json_object_new();
        Call c = {.s = s, .args = args ? args : empty};
        if (check_args(&c, commands[k].args))
            commands[k].fn(&c);
        if (c.ret)
            send_return(s, c.ret, id);
        else
            send_error(s, c.err_class ? c.err_class : "GenericError", c.err, id);
        json_object_unref(empty);
        /* Actions whose event QEMU sends after the reply (from its main loop). */
        switch (c.after) {
        case AFTER_NONE: break;
        case AFTER_QUIT: machine_request_shutdown(s->m, 0, SHUTDOWN_HOST_QMP_QUIT); break;
        case AFTER_RESET:
            machine_request_reset_cause(s->m, SHUTDOWN_HOST_QMP_SYSTEM_RESET);
            break;
        case AFTER_POWERDOWN: machine_request_powerdown(s->m); break;
        }
    }
    g_object_unref(p);
}

/* ---- input framing ---- */

static void reset_input(QmpSession *s) {
    g_string_truncate(s->in, 0);
    s->depth = 0;
    s->in_str = s->esc = false;
}

static void qmp_input(void *opaque, CharDev *chr, const uint8_t *buf, size_t n) {
    (void)chr;
    QmpSession *s = opaque;
    for (size_t i = 0; i < n; i++) {
        char ch = (char)buf[i];
        if (s->in->len == 0 && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'))
            continue;
        if ((uint8_t)ch == 0xff) {    /* QEMU: 0xff resets the parser */
            reset_input(s);
            continue;
        }
        g_string_append_c(s->in, ch);
        bool done = false;
        if (s->in_str) {
            if (s->esc)
                s->esc = false;
            else if (ch == '\\')
                s->esc = true;
            else if (ch == '"')
                s->in_str = false;
        } else if (ch == '"') {
            s->in_str = true;
        } else if (ch == '{' || ch == '[') {
            s->depth++;
        } else if (ch == '}' || ch == ']') {
            done = --s->depth <= 0;
        } else if (s->depth == 0 && ch == '\n') {
            done = true;              /* a stray scalar or junk at the top level */
        }
        if (s->in->len > QMP_MAX_INPUT || s->depth > QMP_MAX_DEPTH) {
            send_error(s, "GenericError", "JSON parse error, input too large", NULL);
            reset_input(s);
            continue;
        }
        if (done) {
            GString *text = g_string_new_len(s->in->str, (gssize)s->in->len);
            reset_input(s);
            dispatch(s, text->str, text->len);
            g_string_free(text, TRUE);
        }
    }
}

static void qmp_opened(void *opaque, CharDev *chr) {
    QmpSession *s = opaque;
    pthread_mutex_lock(&sessions_lock);
    s->chr = chr;
    s->negotiated = false;
    s->oob = false;
    pthread_mutex_unlock(&sessions_lock);
    reset_input(s);
    send_greeting(s);
}

static void qmp_closed(void *opaque, CharDev *chr) {
    (void)chr;
    QmpSession *s = opaque;
    pthread_mutex_lock(&sessions_lock);
    s->negotiated = false;
    pthread_mutex_unlock(&sessions_lock);
}

QmpSession *qmp_open(Machine *m, const char *spec, const char *label, bool pretty) {
    QmpSession *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "tern: out of memory\n");
        return NULL;
    }
    s->m = m;
    s->pretty = pretty;
    s->in = g_string_new(NULL);
    s->hmp = monitor_new(m, NULL, NULL);
    pthread_mutex_lock(&sessions_lock);
    s->next = sessions;
    sessions = s;
    pthread_mutex_unlock(&sessions_lock);
    m->event = on_machine_event;
    static const ChardevHandlers h = {qmp_input, qmp_opened, qmp_closed};
    CharDev *chr = s->hmp ? chardev_open_handled(spec, label, m, &h, s) : NULL;
    if (!chr) {
        qmp_close(s);
        return NULL;
    }
    pthread_mutex_lock(&sessions_lock);
    s->chr = chr;
    pthread_mutex_unlock(&sessions_lock);
    return s;
}

void qmp_close(QmpSession *s) {
    if (!s)
        return;
    /* Out of the list first: no event is written to it from now on. */
    pthread_mutex_lock(&sessions_lock);
    for (QmpSession **pp = &sessions; *pp; pp = &(*pp)->next)
        if (*pp == s) {
            *pp = s->next;
            break;
        }
    bool last = sessions == NULL;
    pthread_mutex_unlock(&sessions_lock);
    if (last && s->m->event == on_machine_event)
        s->m->event = NULL;
    /* Its input thread ends here: no command of this session runs after this. */
    chardev_close(s->chr);
    monitor_free(s->hmp);
    g_string_free(s->in, TRUE);
    free(s);
}
