/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/p9_server.c acting as a hostile 9P2000.L client on a temporary share next
   to a canary file and directory outside it: '..' at the root, names with '/', absolute names,
   symlinks planted by the guest and on the host (relative, absolute, to '..'), a rename racing
   with a fid, malformed and truncated messages, short reply buffers, fid exhaustion and
   duplicate fids; each gets an error and the canary keeps its content, its times and its
   directory listing. Then the normal operations round-trip (read, write, create, mkdir,
   readdir, rename, unlink, symlink/readlink, link, getattr/setattr, statfs, fsync, lock) and a
   readonly=on share refuses every write with EROFS. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "hw/p9_server.h"

#include "tests/unit/check.h"

enum {
    Rlerror = 7, Tstatfs = 8, Tlopen = 12, Tlcreate = 14, Tsymlink = 16, Tmknod = 18,
    Trename = 20, Treadlink = 22, Tgetattr = 24, Tsetattr = 26, Txattrwalk = 30,
    Treaddir = 40, Tfsync = 50, Tlock = 52, Tgetlock = 54, Tlink = 70, Tmkdir = 72,
    Trenameat = 74, Tunlinkat = 76, Tversion = 100, Tattach = 104, Tflush = 108, Twalk = 110,
    Tread = 116, Twrite = 118, Tclunk = 120, Tremove = 122,
};

static char tmp[256], share[300], canary[300], outdir[300];
static struct stat canary_st;
static const char canary_data[] = "canary: must never be read or written\n";

typedef struct Msg {
    uint8_t b[1 << 20];
    size_t n;
} Msg;
static Msg m;
static uint8_t rep[1 << 20];
static size_t rep_len;

static void put(uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; i++)
        m.b[m.n++] = (uint8_t)(v >> (8 * i));
}
static void begin(uint8_t type) {
    m.n = 0;
    put(0, 4);
    put(type, 1);
    put(1, 2);
}
static void pstr(const char *s) {
    put(strlen(s), 2);
    memcpy(m.b + m.n, s, strlen(s));
    m.n += strlen(s);
}
static uint64_t get(size_t off, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)rep[off + i] << (8 * i);
    return v;
}
/* Send the built message; returns 0 for the matching R-message, the errno of an Rlerror. */
static int sendraw(P9Server *s, size_t len, size_t cap) {
    rep_len = p9_server_handle(s, m.b, len, rep, cap);
    if (rep_len < 7 || get(0, 4) != rep_len)
        return -1;
    if (rep[4] == Rlerror)
        return (int)get(7, 4);
    return rep[4] == m.b[4] + 1 ? 0 : -2;
}
static int send(P9Server *s) {
    m.b[0] = (uint8_t)m.n;
    m.b[1] = (uint8_t)(m.n >> 8);
    m.b[2] = (uint8_t)(m.n >> 16);
    m.b[3] = (uint8_t)(m.n >> 24);
    return sendraw(s, m.n, sizeof rep);
}

/* ---- one-line requests ---- */

static int walk(P9Server *s, uint32_t fid, uint32_t nfid, int n, const char *const *names) {
    begin(Twalk);
    put(fid, 4);
    put(nfid, 4);
    put((uint64_t)n, 2);
    for (int i = 0; i < n; i++)
        pstr(names[i]);
    int r = send(s);
    if (r == 0 && (int)get(7, 2) != n)
        return -3;                      /* partial walk */
    return r;
}
static int walk1(P9Server *s, uint32_t fid, uint32_t nfid, const char *name) {
    return walk(s, fid, nfid, 1, &name);
}
static int clunk(P9Server *s, uint32_t fid) {
    begin(Tclunk);
    put(fid, 4);
    return send(s);
}
static int lopen(P9Server *s, uint32_t fid, uint32_t flags) {
    begin(Tlopen);
    put(fid, 4);
    put(flags, 4);
    return send(s);
}
static int lcreate(P9Server *s, uint32_t fid, const char *name, uint32_t flags) {
    begin(Tlcreate);
    put(fid, 4);
    pstr(name);
    put(flags, 4);
    put(0644, 4);
    put(getgid(), 4);
    return send(s);
}
static int mkdir9(P9Server *s, uint32_t dfid, const char *name) {
    begin(Tmkdir);
    put(dfid, 4);
    pstr(name);
    put(0755, 4);
    put(getgid(), 4);
    return send(s);
}
static int symlink9(P9Server *s, uint32_t dfid, const char *name, const char *target) {
    begin(Tsymlink);
    put(dfid, 4);
    pstr(name);
    pstr(target);
    put(getgid(), 4);
    return send(s);
}
static int unlinkat9(P9Server *s, uint32_t dfid, const char *name, uint32_t flags) {
    begin(Tunlinkat);
    put(dfid, 4);
    pstr(name);
    put(flags, 4);
    return send(s);
}
static int renameat9(P9Server *s, uint32_t ofid, const char *on, uint32_t nfid, const char *nn) {
    begin(Trenameat);
    put(ofid, 4);
    pstr(on);
    put(nfid, 4);
    pstr(nn);
    return send(s);
}
static int read9(P9Server *s, uint32_t fid, uint64_t off, uint32_t count) {
    begin(Tread);
    put(fid, 4);
    put(off, 8);
    put(count, 4);
    return send(s);
}
static int write9(P9Server *s, uint32_t fid, uint64_t off, const char *data) {
    begin(Twrite);
    put(fid, 4);
    put(off, 8);
    put(strlen(data), 4);
    memcpy(m.b + m.n, data, strlen(data));
    m.n += strlen(data);
    return send(s);
}
static int setattr9(P9Server *s, uint32_t fid, uint32_t valid, uint32_t mode, uint64_t size) {
    begin(Tsetattr);
    put(fid, 4);
    put(valid, 4);
    put(mode, 4);
    put(0, 4);
    put(0, 4);
    put(size, 8);
    put(12345, 8);
    put(0, 8);
    put(12345, 8);
    put(0, 8);
    return send(s);
}

static P9Server *start_sm(bool readonly, P9SecurityModel sm, uint32_t uid) {
    char err[256];
    P9Server *s = p9_server_open(share, sm, readonly, err, sizeof err);
    CHECK(s != NULL, "open: %s", err);
    begin(Tversion);
    put(65536, 4);
    pstr("9P2000.L");
    CHECK(send(s) == 0 && get(7, 4) == 65536, "version");
    begin(Tattach);
    put(0, 4);
    put(0xffffffffu, 4);
    pstr("user");
    pstr("");
    put(uid, 4);
    CHECK(send(s) == 0, "attach");
    return s;
}

static P9Server *start(bool readonly) { return start_sm(readonly, P9_SM_NONE, getuid()); }

static void setup(void) {
    snprintf(tmp, sizeof tmp, "/tmp/tern-p9-XXXXXX");
    if (!mkdtemp(tmp))
        exit(1);
    snprintf(share, sizeof share, "%s/share", tmp);
    snprintf(canary, sizeof canary, "%s/canary", tmp);
    snprintf(outdir, sizeof outdir, "%s/outdir", tmp);
    mkdir(share, 0755);
    mkdir(outdir, 0755);
    FILE *f = fopen(canary, "w");
    fputs(canary_data, f);
    fclose(f);
    /* atime before mtime: a read under relatime would move atime */
    struct timespec ts[2] = {{1000000000, 0}, {1100000000, 0}};
    utimensat(AT_FDCWD, canary, ts, 0);
    chmod(canary, 0644);
    stat(canary, &canary_st);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && printf 'hello 9p\\n' > hello && mkdir sub && ln -s ../canary esc && "
             "ln -s %s abs && ln -s .. updir && ln -s ../outdir outlink", share, canary);
    if (system(cmd) != 0)
        printf("setup failed\n");
}

static void check_canary(const char *when) {
    struct stat st;
    char buf[256] = {0};
    CHECK(stat(canary, &st) == 0, "%s: canary stat", when);
    CHECK(st.st_atim.tv_sec == canary_st.st_atim.tv_sec &&
              st.st_mtim.tv_sec == canary_st.st_mtim.tv_sec &&
              st.st_ctim.tv_sec == canary_st.st_ctim.tv_sec &&
              st.st_ctim.tv_nsec == canary_st.st_ctim.tv_nsec && st.st_mode == canary_st.st_mode &&
              st.st_size == canary_st.st_size && st.st_nlink == 1,
          "%s: canary times/mode/links changed", when);
    int fd = open(canary, O_RDONLY | O_NOATIME);
    if (fd < 0)
        fd = open(canary, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    CHECK(n == (ssize_t)strlen(canary_data) && !strcmp(buf, canary_data), "%s: canary content",
          when);
    /* nothing new outside the share */
    DIR *d = opendir(tmp);
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        count += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    CHECK(count == 3, "%s: %d entries next to the share (want 3)", when, count);
    d = opendir(outdir);
    count = 0;
    while ((de = readdir(d)))
        count += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    CHECK(count == 0, "%s: outdir has %d entries", when, count);
}

static uint64_t root_ino(void) {
    struct stat st;
    stat(share, &st);
    return st.st_ino;
}

static void test_escapes(void) {
    P9Server *s = start(false);
    /* '..' at the root stays at the root */
    CHECK(walk1(s, 0, 1, "..") == 0 && get(9 + 5, 8) == root_ino(), "'..' at root");
    CHECK(clunk(s, 1) == 0, "clunk");
    const char *up2[] = {"..", "..", "canary"};
    CHECK(walk(s, 0, 1, 3, up2) == -3 && get(7, 2) == 2 && clunk(s, 1) == EBADF,
          "../../canary: a partial walk that stops at the root's missing canary");
    const char *sub_up[] = {"sub", "..", "..", "hello"};
    CHECK(walk(s, 0, 1, 4, sub_up) == 0, "sub/../../hello stays inside");
    CHECK(read9(s, 1, 0, 100) == ENOENT || lopen(s, 1, 0) == 0, "open");
    CHECK(read9(s, 1, 0, 100) == 0 && get(7, 4) == 9 && !memcmp(rep + 11, "hello 9p\n", 9),
          "read hello via sub/../..");
    clunk(s, 1);
    /* names with '/', absolute names, '.' tricks */
    static const char *const bad[] = {"../canary", "/etc/passwd", "sub/../../canary", "",
                                      "a/b", "/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(walk1(s, 0, 1, bad[i]) == EINVAL, "walk '%s'", bad[i]);
        CHECK(lcreate(s, 0, bad[i], 0101) == EINVAL, "lcreate '%s'", bad[i]);
        CHECK(mkdir9(s, 0, bad[i]) == EINVAL, "mkdir '%s'", bad[i]);
        CHECK(symlink9(s, 0, bad[i], "x") == EINVAL, "symlink '%s'", bad[i]);
        CHECK(unlinkat9(s, 0, bad[i], 0) == EINVAL, "unlinkat '%s'", bad[i]);
        CHECK(renameat9(s, 0, "hello", 0, bad[i]) == EINVAL, "renameat to '%s'", bad[i]);
    }
    CHECK(lcreate(s, 0, "..", 0101) == EINVAL && mkdir9(s, 0, "..") == EINVAL &&
              unlinkat9(s, 0, "..", 0x200) == EINVAL && unlinkat9(s, 0, ".", 0x200) == EINVAL,
          "'..' and '.' as names");
    /* host symlinks out of the share: a fid on the link itself, never its target */
    static const char *const links[] = {"esc", "abs", "updir", "outlink"};
    for (size_t i = 0; i < 4; i++) {
        CHECK(walk1(s, 0, 1, links[i]) == 0 && rep[9] == 0x02, "walk to link %s", links[i]);
        CHECK(lopen(s, 1, 0) == ELOOP, "lopen link %s", links[i]);
        CHECK(lopen(s, 1, 2) == ELOOP, "lopen rw link %s", links[i]);
        CHECK(setattr9(s, 1, 0x1, 0777, 0) == EOPNOTSUPP, "chmod link %s", links[i]);
        CHECK(setattr9(s, 1, 0x8, 0, 0) == EINVAL, "truncate link %s", links[i]);
        CHECK(lcreate(s, 1, "x", 0101) == ENOTDIR, "create below link %s", links[i]);
        CHECK(mkdir9(s, 1, "x") == ENOTDIR, "mkdir below link %s", links[i]);
        begin(Tgetattr);
        put(1, 4);
        put(0x7ff, 8);
        CHECK(send(s) == 0 && (get(7 + 8 + 13, 4) & 0170000) == 0120000, "getattr of link");
        clunk(s, 1);
        const char *through[] = {links[i], "canary"};
        CHECK(walk(s, 0, 1, 2, through) != 0, "walk through %s", links[i]);
        CHECK(lcreate(s, 0, links[i], 0101) == EEXIST, "O_CREAT over link %s", links[i]);
    }
    /* guest-planted symlinks */
    CHECK(symlink9(s, 0, "mine", "../canary") == 0, "plant symlink");
    CHECK(symlink9(s, 0, "mine2", canary) == 0, "plant absolute symlink");
    const char *mine_c[] = {"mine", "x"};
    CHECK(walk(s, 0, 1, 2, mine_c) != 0, "walk through planted link");
    CHECK(walk1(s, 0, 1, "mine2") == 0 && lopen(s, 1, 0) == ELOOP, "open planted link");
    begin(Tlink);                               /* hard link of a symlink: the link itself */
    put(0, 4);
    put(1, 4);
    pstr("mine3");
    CHECK(send(s) == 0, "link a symlink");
    clunk(s, 1);
    CHECK(walk1(s, 0, 1, "mine3") == 0 && rep[9] == 0x02 && lopen(s, 1, 0) == ELOOP,
          "the hard link is a symlink too");
    clunk(s, 1);
    check_canary("after symlink attempts");

    /* a rename racing with a fid: sub/f is moved and sub becomes a link out of the share */
    CHECK(walk1(s, 0, 1, "sub") == 0 && lcreate(s, 1, "f", 0102) == 0, "create sub/f");
    clunk(s, 1);
    const char *sub_f[] = {"sub", "f"};
    CHECK(walk(s, 0, 1, 2, sub_f) == 0, "walk sub/f");
    char a[400], b[400];
    snprintf(a, sizeof a, "%s/sub", share);
    snprintf(b, sizeof b, "%s/sub2", share);
    CHECK(rename(a, b) == 0 && symlink(outdir, a) == 0, "host swaps sub for a link");
    snprintf(a, sizeof a, "%s/f", outdir);
    FILE *of = fopen(a, "w");                   /* a decoy with the same name outside */
    fclose(of);
    CHECK(lopen(s, 1, 2) != 0, "lopen after swap fails");
    CHECK(setattr9(s, 1, 0x1 | 0x8, 0777, 0) != 0, "setattr after swap fails");
    begin(Tremove);
    put(1, 4);
    CHECK(send(s) != 0, "remove after swap fails");
    struct stat st;
    CHECK(stat(a, &st) == 0 && (st.st_mode & 0777) != 0777, "decoy outside untouched");
    unlink(a);
    snprintf(a, sizeof a, "%s/sub", share);
    unlink(a);
    rename(b, a);
    check_canary("after rename race");
    p9_server_free(s);
}

static void test_malformed(void) {
    P9Server *s = start(false);
    /* size field below the header, beyond the buffer, beyond msize */
    begin(Tclunk);
    put(0, 4);
    m.b[0] = 3;
    CHECK(sendraw(s, m.n, sizeof rep) == EPROTO, "size < 7");
    m.b[0] = 200;
    CHECK(sendraw(s, m.n, sizeof rep) == EPROTO, "size > length");
    CHECK(sendraw(s, 3, sizeof rep) == EPROTO, "3-byte message");
    CHECK(sendraw(s, 0, sizeof rep) == EPROTO, "empty message");
    /* every request type cut short at every length gets Rlerror, never a crash */
    static const uint8_t types[] = {Tstatfs, Tlopen, Tlcreate, Tsymlink, Tmknod, Trename,
                                    Treadlink, Tgetattr, Tsetattr, Txattrwalk, Treaddir, Tfsync,
                                    Tlock, Tgetlock, Tlink, Tmkdir, Trenameat, Tunlinkat,
                                    Tattach, Tflush, Twalk, Tread, Twrite, Tclunk, Tremove};
    int crashes = 0;
    for (size_t t = 0; t < sizeof types; t++)
        for (size_t len = 7; len < 16; len++) {
            begin(types[t]);
            memset(m.b + 7, 0xff, 16);
            m.n = len;
            int r = send(s);
            crashes += r < 0;
        }
    CHECK(crashes == 0, "%d truncated requests without a reply", crashes);
    /* a string longer than the message */
    begin(Twalk);
    put(0, 4);
    put(5, 4);
    put(1, 2);
    put(60000, 2);
    CHECK(send(s) == EPROTO, "string past the end");
    /* a NUL inside a name */
    begin(Twalk);
    put(0, 4);
    put(5, 4);
    put(1, 2);
    put(5, 2);
    memcpy(m.b + m.n, "ab\0cd", 5);
    m.n += 5;
    CHECK(send(s) == EPROTO, "NUL in a name");
    /* Twrite count beyond the data */
    CHECK(walk1(s, 0, 1, "hello") == 0 && lopen(s, 1, 2) == 0, "open hello rw");
    begin(Twrite);
    put(1, 4);
    put(0, 8);
    put(0x7fffffff, 4);
    memcpy(m.b + m.n, "XX", 2);
    m.n += 2;
    CHECK(send(s) == EPROTO, "write count > data");
    CHECK(read9(s, 1, 0, 5) == 0 && !memcmp(rep + 11, "hello", 5), "hello unchanged");
    /* huge read count is cut to the reply buffer and msize */
    CHECK(read9(s, 1, 0, 0xffffffffu) == 0 && get(7, 4) == 9, "huge read count");
    begin(Tread);
    put(1, 4);
    put(0, 8);
    put(100, 4);
    m.b[0] = (uint8_t)m.n;
    CHECK(sendraw(s, m.n, 10) == -1 && rep_len == 0, "reply buffer < 11 bytes: no reply");
    CHECK(sendraw(s, m.n, 16) == 0 && get(7, 4) == 5, "short reply buffer: short read");
    CHECK(read9(s, 1, (uint64_t)1 << 63, 10) == EINVAL, "offset 2^63");
    /* too many walk names, R-messages, unknown types, unknown fids */
    begin(Twalk);
    put(0, 4);
    put(5, 4);
    put(17, 2);
    for (int i = 0; i < 17; i++)
        pstr("sub");
    CHECK(send(s) == EINVAL, "17 walk names");
    begin(Rlerror);
    CHECK(send(s) == EPROTO, "an R-message");
    begin(250);
    CHECK(send(s) == EOPNOTSUPP, "unknown type");
    begin(Txattrwalk);
    put(0, 4);
    put(9, 4);
    pstr("user.x");
    CHECK(send(s) == EOPNOTSUPP, "xattrwalk");
    CHECK(lopen(s, 777, 0) == EBADF && clunk(s, 777) == EBADF && read9(s, 777, 0, 1) == EBADF,
          "unknown fid");
    CHECK(read9(s, 0, 0, 1) == EBADF, "read of an unopened fid");
    /* mknod of a device node is refused */
    begin(Tmknod);
    put(0, 4);
    pstr("dev");
    put(020644, 4);
    put(1, 4);
    put(3, 4);
    put(0, 4);
    CHECK(send(s) == EPERM, "mknod of /dev/null's numbers");
    p9_server_free(s);
    check_canary("after malformed");
}

static void test_fids(void) {
    P9Server *s = start(false);
    /* duplicate fids */
    CHECK(walk1(s, 0, 1, "sub") == 0, "walk");
    CHECK(walk1(s, 0, 1, "hello") == EEXIST, "duplicate newfid");
    begin(Tattach);
    put(1, 4);
    put(0xffffffffu, 4);
    pstr("u");
    pstr("");
    put(0, 4);
    CHECK(send(s) == EEXIST, "attach to a live fid");
    CHECK(walk(s, 0, 0xffffffffu, 0, NULL) == EEXIST, "NOFID as newfid");
    /* exhaustion */
    unsigned made = 0;
    int r = 0;
    for (uint32_t f = 100; f < 100 + P9_MAX_FIDS + 10; f++) {
        r = walk(s, 0, f, 0, NULL);
        if (r)
            break;
        made++;
    }
    CHECK(r == EMFILE && p9_server_nfids(s) == P9_MAX_FIDS, "exhaustion: %d after %u", r, made);
    CHECK(clunk(s, 100) == 0 && walk(s, 0, 100, 0, NULL) == 0, "a clunk frees a slot");
    /* Tversion forgets every fid */
    begin(Tversion);
    put(8192, 4);
    pstr("9P2000.L");
    CHECK(send(s) == 0 && p9_server_nfids(s) == 0, "version resets fids");
    begin(Tversion);
    put(8192, 4);
    pstr("9P2000.u");
    CHECK(send(s) == 0 && !memcmp(rep + 13, "unknown", 7), "other versions: unknown");
    p9_server_free(s);
}

static void test_ops(void) {
    P9Server *s = start(false);
    /* read a host file */
    CHECK(walk1(s, 0, 1, "hello") == 0 && lopen(s, 1, 0) == 0, "open hello");
    CHECK(read9(s, 1, 0, 100) == 0 && get(7, 4) == 9 && !memcmp(rep + 11, "hello 9p\n", 9),
          "read hello");
    CHECK(read9(s, 1, 6, 100) == 0 && get(7, 4) == 3, "read at offset");
    CHECK(lopen(s, 1, 0) == EBADF, "second lopen");
    begin(Tgetattr);
    put(1, 4);
    put(0x7ff, 8);
    CHECK(send(s) == 0 && get(7 + 8 + 13 + 12 + 16, 8) == 9, "getattr size");
    clunk(s, 1);
    /* create, write, host sees it */
    CHECK(walk(s, 0, 2, 0, NULL) == 0 && lcreate(s, 2, "new.txt", 0102) == 0, "lcreate");
    CHECK(write9(s, 2, 0, "written by the guest") == 0 && get(7, 4) == 20, "write");
    begin(Tfsync);
    put(2, 4);
    put(0, 4);
    CHECK(send(s) == 0, "fsync");
    char p[400], buf[64] = {0};
    snprintf(p, sizeof p, "%s/new.txt", share);
    FILE *f = fopen(p, "r");
    CHECK(f && fread(buf, 1, sizeof buf - 1, f) == 20 && !strcmp(buf, "written by the guest"),
          "host sees the write");
    if (f)
        fclose(f);
    CHECK(setattr9(s, 2, 0x1 | 0x8 | 0x10 | 0x20 | 0x80 | 0x100, 0600, 7) == 0, "setattr");
    struct stat st;
    CHECK(stat(p, &st) == 0 && st.st_size == 7 && (st.st_mode & 0777) == 0600 &&
              st.st_mtim.tv_sec == 12345, "setattr applied (size 7, mode 0600, mtime)");
    begin(Tlock);
    put(2, 4);
    put(1, 1);
    put(0, 4);
    put(0, 8);
    put(0, 8);
    put(1, 4);
    pstr("c");
    CHECK(send(s) == 0 && rep[7] == 0, "lock");
    begin(Tgetlock);
    put(2, 4);
    put(1, 1);
    put(0, 8);
    put(0, 8);
    put(1, 4);
    pstr("c");
    CHECK(send(s) == 0 && rep[7] == 2, "getlock: unlocked");
    clunk(s, 2);
    /* mkdir, rename, readdir, symlink, readlink, unlink, remove */
    CHECK(mkdir9(s, 0, "d") == 0 && rep[7] == 0x80, "mkdir");
    CHECK(walk1(s, 0, 3, "d") == 0, "walk d");
    CHECK(renameat9(s, 0, "new.txt", 3, "moved.txt") == 0, "renameat");
    snprintf(p, sizeof p, "%s/d/moved.txt", share);
    CHECK(access(p, F_OK) == 0, "host sees the rename");
    CHECK(symlink9(s, 3, "ln", "moved.txt") == 0, "symlink");
    const char *dln[] = {"d", "ln"};
    CHECK(walk(s, 0, 4, 2, dln) == 0, "walk d/ln");
    begin(Treadlink);
    put(4, 4);
    CHECK(send(s) == 0 && get(7, 2) == 9 && !memcmp(rep + 9, "moved.txt", 9), "readlink");
    clunk(s, 4);
    CHECK(walk(s, 3, 5, 0, NULL) == 0 && lopen(s, 5, 0) == 0, "open d");
    CHECK(read9(s, 5, 0, 10) == EISDIR, "read of a directory");
    begin(Treaddir);
    put(5, 4);
    put(0, 8);
    put(4096, 4);
    CHECK(send(s) == 0, "readdir");
    int names = 0;
    bool moved = false, ln = false;
    for (size_t o = 11; o < 11 + get(7, 4);) {
        size_t nl = get(o + 22, 2);
        moved |= nl == 9 && !memcmp(rep + o + 24, "moved.txt", 9);
        ln |= nl == 2 && !memcmp(rep + o + 24, "ln", 2);
        names++;
        o += 24 + nl;
    }
    CHECK(names == 4 && moved && ln, "readdir lists . .. moved.txt ln (%d)", names);
    /* readdir in a tiny buffer: one entry at a time, resumed by offset */
    uint64_t off = 0;
    int seen = 0;
    for (int i = 0; i < 10; i++) {
        begin(Treaddir);
        put(5, 4);
        put(off, 8);
        put(40, 4);
        if (send(s) != 0 || get(7, 4) == 0)
            break;
        off = get(11 + 13, 8);
        seen++;
    }
    CHECK(seen == 4, "readdir resumed by offsets saw %d", seen);
    clunk(s, 5);
    begin(Trename);                              /* Trename: fid d renamed to e */
    put(3, 4);
    put(0, 4);
    pstr("e");
    CHECK(send(s) == 0, "rename d -> e");
    const char *e_m[] = {"moved.txt"};
    CHECK(walk(s, 3, 6, 1, e_m) == 0 && lopen(s, 6, 0) == 0, "fid follows its rename");
    clunk(s, 6);
    CHECK(unlinkat9(s, 3, "ln", 0) == 0 && unlinkat9(s, 3, "moved.txt", 0) == 0, "unlinkat");
    CHECK(unlinkat9(s, 0, "e", 0x200) == 0, "rmdir");
    snprintf(p, sizeof p, "%s/e", share);
    CHECK(access(p, F_OK) != 0, "gone on the host");
    CHECK(walk(s, 0, 7, 0, NULL) == 0 && lcreate(s, 7, "tmp", 0101) == 0, "create tmp");
    begin(Tremove);
    put(7, 4);
    CHECK(send(s) == 0, "remove");
    CHECK(clunk(s, 7) == EBADF, "remove clunks");
    begin(Tstatfs);
    put(0, 4);
    CHECK(send(s) == 0 && get(7 + 4, 4) > 0, "statfs");
    begin(Tflush);
    put(3, 2);
    CHECK(send(s) == 0, "flush");
    p9_server_free(s);
    check_canary("after ops");
}

static void test_readonly(void) {
    P9Server *s = start(true);
    CHECK(walk1(s, 0, 1, "hello") == 0 && lopen(s, 1, 0) == 0 && read9(s, 1, 0, 5) == 0,
          "readonly reads");
    CHECK(write9(s, 1, 0, "XX") == EROFS, "write");
    CHECK(walk1(s, 0, 2, "hello") == 0 && lopen(s, 2, 1) == EROFS, "lopen for write");
    CHECK(lopen(s, 2, 01000) == EROFS, "lopen O_TRUNC");
    CHECK(setattr9(s, 2, 0x8, 0, 0) == EROFS && setattr9(s, 2, 0x1, 0777, 0) == EROFS,
          "setattr");
    CHECK(lcreate(s, 0, "x", 0101) == EROFS && mkdir9(s, 0, "x") == EROFS &&
              symlink9(s, 0, "x", "y") == EROFS && unlinkat9(s, 0, "hello", 0) == EROFS &&
              renameat9(s, 0, "hello", 0, "h2") == EROFS, "namespace changes");
    begin(Tremove);
    put(2, 4);
    CHECK(send(s) == EROFS, "remove");
    char p[400], buf[32] = {0};
    snprintf(p, sizeof p, "%s/hello", share);
    FILE *f = fopen(p, "r");
    CHECK(f && fread(buf, 1, sizeof buf, f) == 9 && !strcmp(buf, "hello 9p\n"),
          "hello unchanged");
    if (f)
        fclose(f);
    p9_server_free(s);
    char err[128];
    CHECK(!p9_server_open("/nonexistent/dir", P9_SM_NONE, false, err, sizeof err) &&
              strstr(err, "cannot open"), "bad root: %s", err);
}

/* getattr of fid: mode, uid, gid, rdev */
static void getattr9(P9Server *s, uint32_t fid, uint32_t *mode, uint32_t *uid, uint32_t *gid,
                     uint64_t *rdev) {
    begin(Tgetattr);
    put(fid, 4);
    put(0x7ff, 8);
    int r = send(s);
    CHECK(r == 0, "getattr %u: %d", fid, r);
    *mode = (uint32_t)get(28, 4);
    *uid = (uint32_t)get(32, 4);
    *gid = (uint32_t)get(36, 4);
    *rdev = get(48, 8);
}

static void test_mapped(void) {
    char p[400];
    snprintf(p, sizeof p, "%s/xattr-probe", share);
    FILE *f = fopen(p, "w");
    fclose(f);
    int ok = setxattr(p, "user.probe", "1", 1, 0);
    unlink(p);
    if (ok < 0) {
        printf("mapped-xattr: skipped (no user xattrs on %s: %s)\n", share, strerror(errno));
        return;
    }
    P9Server *s = start_sm(false, P9_SM_MAPPED_XATTR, 4321);
    uint32_t mode, uid, gid;
    uint64_t rdev;
    CHECK(walk(s, 0, 1, 0, NULL) == 0, "clone");
    begin(Tlcreate);
    put(1, 4);
    pstr("m.txt");
    put(0102, 4);
    put(0640, 4);
    put(777, 4);
    CHECK(send(s) == 0, "mapped lcreate");
    getattr9(s, 1, &mode, &uid, &gid, &rdev);
    CHECK(mode == 0100640 && uid == 4321 && gid == 777, "guest view %o %u %u", mode, uid, gid);
    struct stat st;
    snprintf(p, sizeof p, "%s/m.txt", share);
    CHECK(stat(p, &st) == 0 && (st.st_mode & 07777) == 0600 && st.st_uid == getuid(),
          "host file is 0600 and the host user's (%o)", st.st_mode);
    begin(Tsetattr);
    put(1, 4);
    put(0x1 | 0x2 | 0x4, 4);
    put(04755, 4);
    put(0, 4);
    put(0, 4);
    for (int i = 0; i < 5; i++)
        put(0, 8);
    CHECK(send(s) == 0, "mapped chmod/chown to root");
    getattr9(s, 1, &mode, &uid, &gid, &rdev);
    CHECK(mode == 0104755 && uid == 0 && gid == 0, "setuid root in the guest's view only");
    CHECK(stat(p, &st) == 0 && (st.st_mode & 07777) == 0600, "host mode still 0600");
    begin(Tmknod);
    put(0, 4);
    pstr("null");
    put(020666, 4);
    put(1, 4);
    put(3, 4);
    put(0, 4);
    CHECK(send(s) == 0, "mapped mknod of a char device");
    CHECK(walk1(s, 0, 2, "null") == 0, "walk null");
    getattr9(s, 2, &mode, &uid, &gid, &rdev);
    CHECK(mode == 020666 && rdev == makedev(1, 3), "a char device to the guest (%o)", mode);
    snprintf(p, sizeof p, "%s/null", share);
    CHECK(lstat(p, &st) == 0 && S_ISREG(st.st_mode), "a regular file on the host");
    CHECK(mkdir9(s, 0, "md") == 0, "mapped mkdir");
    snprintf(p, sizeof p, "%s/md", share);
    CHECK(stat(p, &st) == 0 && (st.st_mode & 07777) == 0700, "host dir 0700");
    p9_server_free(s);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf %s/m.txt %s/null %s/md", share, share, share);
    CHECK(system(cmd) == 0, "cleanup");
    check_canary("after mapped");
}

int main(void) {
    setup();
    check_canary("start");
    test_escapes();
    test_malformed();
    test_fids();
    test_ops();
    test_readonly();
    test_mapped();
    check_canary("end");
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    if (system(cmd) != 0)
        printf("cleanup failed\n");
    printf("test_p9_server: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
