/* SPDX-License-Identifier: MIT */
/* Unit tests of system/chardev_opts.c: QEMU's legacy chardev specs (-serial, -monitor, -qmp)
   and -chardev BACKEND,id=ID,... parse to the same backends, with QEMU's defaults (a server
   waits for its first client unless told otherwise), the old "server,nowait" spellings, and
   one-line refusals; -mon and the default console when monitors are given. */
#include <stdlib.h>
#include <string.h>

#include "system/chardev_opts.h"
#include "system/options.h"
#include "tests/unit/check.h"

static ChardevSpec parse_ok(const char *s) {
    ChardevSpec sp;
    char err[256] = "";
    bool ok = chardev_spec_parse(s, &sp, err, sizeof err);
    CHECK(ok, "'%s' refused: %s", s, err);
    return sp;
}

static void parse_bad(const char *s, const char *want) {
    ChardevSpec sp;
    char err[1200] = "";
    CHECK(!chardev_spec_parse(s, &sp, err, sizeof err), "'%s' accepted", s);
    CHECK(strstr(err, want) != NULL, "'%s': error '%s' lacks '%s'", s, err, want);
}

/* -chardev ARG gives the legacy spec want (NULL: refused). */
static void chardev(const char *arg, const char *want_id, const char *want) {
    char *id = NULL, *spec = NULL;
    bool ok = chardev_opts_parse(arg, &id, &spec);
    if (!want) {
        CHECK(!ok, "-chardev %s accepted as '%s'", arg, spec ? spec : "");
    } else {
        CHECK(ok, "-chardev %s refused", arg);
        CHECK(ok && !strcmp(id, want_id), "-chardev %s: id '%s'", arg, id ? id : "");
        CHECK(ok && !strcmp(spec, want), "-chardev %s: spec '%s', want '%s'", arg,
              spec ? spec : "", want);
    }
    free(id);
    free(spec);
}

static void test_legacy(void) {
    ChardevSpec s = parse_ok("tcp:127.0.0.1:4444,server=on,wait=off");
    CHECK(s.backend == CHR_SOCKET && !s.is_unix && s.server && !s.wait, "tcp server nowait");
    CHECK(!strcmp(s.host, "127.0.0.1") && !strcmp(s.port, "4444"), "host/port");
    s = parse_ok("tcp::4444,server");
    CHECK(s.server && s.wait && !s.host[0], "server alone waits (QEMU's default), any host");
    s = parse_ok("tcp:localhost:4444");
    CHECK(!s.server && !s.wait, "no server: a client");
    s = parse_ok("unix:/tmp/a.sock,server,nowait");
    CHECK(s.is_unix && s.server && !s.wait && !strcmp(s.path, "/tmp/a.sock"), "unix nowait");
    s = parse_ok("unix:/tmp/b,server=on,wait=on,logfile=/tmp/l");
    CHECK(s.wait && !strcmp(s.logfile, "/tmp/l"), "wait=on, logfile");
    s = parse_ok("tcp:[::1]:5,server,nowait,nodelay,ipv6");
    CHECK(!strcmp(s.host, "::1") && !strcmp(s.port, "5"), "v6 host '%s'", s.host);
    s = parse_ok("mon:tcp:1.2.3.4:5,server,nowait");
    CHECK(s.mux && s.backend == CHR_SOCKET, "mon: before a socket");
    CHECK(parse_ok("pty").backend == CHR_PTY, "pty");
    CHECK(parse_ok("mon:stdio").mux, "mon:stdio");
    CHECK(parse_ok("file:/x").backend == CHR_FILE, "file");
    parse_bad("tcp:nohost", "expected HOST:PORT");
    parse_bad("tcp:h:port", "invalid port");
    parse_bad("unix:", "missing socket path");
    parse_bad("unix:/x,server,telnet=on", "telnet=on is not supported");
    parse_bad("unix:/x,bogus=1", "unsupported socket parameter 'bogus'");
    parse_bad("unix:/x,server=maybe", "expected on or off");
    parse_bad("vc:80Cx24C", "unsupported character device");
    CHECK(chardev_opts_ref("chardev:c0") && !strcmp(chardev_opts_ref("chardev:c0"), "c0"),
          "chardev:ID");
    CHECK(!chardev_opts_ref("chardev:") && !chardev_opts_ref("stdio"), "not a reference");
}

static void test_chardev_option(void) {
    chardev("socket,id=s0,path=/tmp/q,server=on,wait=off", "s0",
            "unix:/tmp/q,server=on,wait=off");
    chardev("socket,id=s1,host=127.0.0.1,port=4321,server,nowait", "s1",
            "tcp:127.0.0.1:4321,server=on,wait=off");
    chardev("socket,id=s2,port=4321,server=on", "s2", "tcp::4321,server=on,wait=on");
    chardev("socket,id=s3,host=localhost,port=7", "s3", "tcp:localhost:7,server=off,wait=off");
    chardev("socket,id=s4,path=/s,server=on,wait=off,logfile=/tmp/log,logappend=on", "s4",
            "unix:/s,server=on,wait=off,logfile=/tmp/log");
    chardev("pty,id=p", "p", "pty");
    chardev("stdio,id=c,mux=on,signal=off", "c", "mon:stdio");
    chardev("stdio,id=c", "c", "stdio");
    chardev("null,id=n", "n", "null");
    chardev("file,id=f,path=/tmp/out", "f", "file:/tmp/out");
    chardev("socket,id=s", NULL, NULL);
    chardev("socket,id=s,path=/a,port=3", NULL, NULL);
    chardev("socket,path=/a", NULL, NULL);
    chardev("file,id=f", NULL, NULL);
    chardev("pty,id=p,server=on", NULL, NULL);
    chardev("file,id=f,path=/x,logfile=/y", NULL, NULL);
    chardev("serial,id=s,path=/dev/ttyS0", NULL, NULL);
    chardev("id=x", NULL, NULL);
    chardev("pty,id=p,path=/tmp/x", NULL, NULL);
    chardev("file,id=f,path=/x,port=3", NULL, NULL);
}

static void test_monitors(void) {
    TernOptions o;
    options_init(&o);
    CHECK(!strcmp(chardev_opts_default_serial(&o), "mon:stdio"), "no monitor option");
    CHECK(chardev_opts_monitor(&o, "-monitor", "none", false, false), "-monitor none");
    CHECK(o.n_monitors == 0 && !strcmp(chardev_opts_default_serial(&o), "stdio"),
          "-monitor none: a plain stdio console");
    CHECK(chardev_opts_monitor(&o, "-qmp", "unix:/q,server,nowait", true, false), "-qmp");
    CHECK(o.n_monitors == 1 && o.monitors[0].control, "-qmp is QMP");
    CHECK(!strcmp(chardev_opts_default_serial(&o), "stdio"), "QMP on a socket: stdio console");
    CHECK(chardev_opts_monitor(&o, "-monitor", "stdio", false, false), "-monitor stdio");
    CHECK(!strcmp(chardev_opts_default_serial(&o), "null"), "the monitor has stdio");
    CHECK(!chardev_opts_monitor(&o, "-qmp", "tcp:x", true, false), "bad -qmp accepted");
    CHECK(chardev_opts_mon(&o, "chardev=m0,mode=control,pretty=on"), "-mon control");
    CHECK(o.n_monitors == 3 && o.monitors[2].control && o.monitors[2].pretty &&
              !strcmp(o.monitors[2].spec, "chardev:m0"), "-mon recorded");
    CHECK(!chardev_opts_check_refs(&o), "-mon chardev=m0 without -chardev m0 accepted");
    CHECK(!chardev_opts_mon(&o, "mode=readline"), "-mon without chardev= accepted");
    CHECK(!chardev_opts_mon(&o, "chardev=x,mode=json"), "mode=json accepted");
    options_free(&o);
}

int main(void) {
    test_legacy();
    test_chardev_option();
    test_monitors();
    printf("test_chardev_opts: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
