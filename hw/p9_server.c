/* SPDX-License-Identifier: MIT */
/* 9P2000.L server (see p9_server.h). Message layouts: Linux include/net/9p/9p.h, the
   9P2000.L notes of diod (protocol.md) and QEMU hw/9pfs/9p.c. Each fid holds an O_PATH fd of
   its file (type-stable: a fid never changes what it names), the open fd after Tlopen or
   Tlcreate, and its path below the root as validated names ("" is the root). Operations that
   need the parent re-walk that path from the root fd one name at a time, never following a
   symlink, and check the result is still the fid's inode (a rename racing with it gives
   ESTALE). '..' pops a name; at the root it stays at the root. */
#define _GNU_SOURCE
#include "p9_server.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

enum {
    Tlerror = 6, Rlerror = 7, Tstatfs = 8, Tlopen = 12, Tlcreate = 14, Tsymlink = 16,
    Tmknod = 18, Trename = 20, Treadlink = 22, Tgetattr = 24, Tsetattr = 26,
    Txattrwalk = 30, Txattrcreate = 32, Treaddir = 40, Tfsync = 50, Tlock = 52,
    Tgetlock = 54, Tlink = 70, Tmkdir = 72, Trenameat = 74, Tunlinkat = 76,
    Tversion = 100, Tauth = 102, Tattach = 104, Tflush = 108, Twalk = 110, Tread = 116,
    Twrite = 118, Tclunk = 120, Tremove = 122,
};

#define P9_NOFID 0xffffffffu
#define P9_MAXWELEM 16
#define QT_DIR 0x80
#define QT_SYMLINK 0x02
#define P9_AT_REMOVEDIR 0x200
/* Tsetattr valid bits */
#define SA_MODE 0x1
#define SA_UID 0x2
#define SA_GID 0x4
#define SA_SIZE 0x8
#define SA_ATIME 0x10
#define SA_MTIME 0x20
#define SA_ATIME_SET 0x80
#define SA_MTIME_SET 0x100
/* 9P2000.L open flags (Linux's generic values) */
#define L_ACCMODE 3u
#define L_TRUNC 01000u
#define L_APPEND 02000u
#define L_CREATE 0100u
#define L_EXCL 0200u

typedef struct Fid {
    uint32_t num;
    uint32_t uid;                /* Tattach's n_uname: owner of what this fid creates */
    int fd;                      /* O_PATH|O_NOFOLLOW of the file */
    int ofd;                     /* open fd, -1 before Tlopen */
    char *path;                  /* below the root; "" is the root */
    mode_t type;                 /* S_IFMT bits */
} Fid;

struct P9Server {
    int root;
    bool readonly;
    P9SecurityModel sm;
    uint32_t msize;
    GHashTable *fids;            /* num -> Fid* */
    bool no_openat2;
};

/* ---- message reading and writing ---- */

typedef struct Rd {
    const uint8_t *p;
    size_t len, pos;
    bool bad;
} Rd;

static const uint8_t *rd_take(Rd *r, size_t n) {
    if (r->bad || n > r->len - r->pos) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *p = r->p + r->pos;
    r->pos += n;
    return p;
}
static uint64_t rd_le(Rd *r, unsigned n) {
    const uint8_t *p = rd_take(r, n);
    uint64_t v = 0;
    for (unsigned i = 0; p && i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}
static uint8_t rd8(Rd *r) { return (uint8_t)rd_le(r, 1); }
static uint16_t rd16(Rd *r) { return (uint16_t)rd_le(r, 2); }
static uint32_t rd32(Rd *r) { return (uint32_t)rd_le(r, 4); }
static uint64_t rd64(Rd *r) { return rd_le(r, 8); }
/* A string[s] copied NUL-terminated into buf (refused when it holds a NUL or does not fit). */
static void rd_str(Rd *r, char *buf, size_t n) {
    uint16_t l = rd16(r);
    const uint8_t *p = rd_take(r, l);
    buf[0] = 0;
    if (!p || l >= n || memchr(p, 0, l)) {
        r->bad = true;
        return;
    }
    memcpy(buf, p, l);
    buf[l] = 0;
}

typedef struct Wr {
    uint8_t *p;
    size_t cap, pos;
    bool bad;
} Wr;

static uint8_t *wr_take(Wr *w, size_t n) {
    if (w->bad || n > w->cap - w->pos) {
        w->bad = true;
        return NULL;
    }
    uint8_t *p = w->p + w->pos;
    w->pos += n;
    return p;
}
static void wr_le(Wr *w, uint64_t v, unsigned n) {
    uint8_t *p = wr_take(w, n);
    for (unsigned i = 0; p && i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void wr8(Wr *w, uint8_t v) { wr_le(w, v, 1); }
static void wr16(Wr *w, uint16_t v) { wr_le(w, v, 2); }
static void wr32(Wr *w, uint32_t v) { wr_le(w, v, 4); }
static void wr64(Wr *w, uint64_t v) { wr_le(w, v, 8); }
static void wr_str(Wr *w, const char *s) {
    size_t l = strlen(s);
    if (l > 0xffff) {
        w->bad = true;
        return;
    }
    wr16(w, (uint16_t)l);
    uint8_t *p = wr_take(w, l);
    if (p)
        memcpy(p, s, l);
}
static void wr_qid(Wr *w, const struct stat *st) {
    uint8_t t = S_ISDIR(st->st_mode) ? QT_DIR : S_ISLNK(st->st_mode) ? QT_SYMLINK : 0;
    wr8(w, t);
    wr32(w, 0);
    wr64(w, (uint64_t)st->st_ino);
}

/* ---- confined file access ---- */

/* A single name a guest may use: not empty, no '/', not "." or "..", fits NAME_MAX. */
static bool name_ok(const char *n) {
    size_t l = strlen(n);
    return l && l <= 255 && !strchr(n, '/') && strcmp(n, ".") && strcmp(n, "..");
}

/* Open name (one validated component, or ".") below dir without following any symlink. */
static int open_at(P9Server *s, int dir, const char *name, int flags, mode_t mode) {
    flags |= O_NOFOLLOW | O_CLOEXEC;
    if (!s->no_openat2) {
        struct open_how how = {.flags = (uint64_t)flags,
                               .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
                               .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
                                          RESOLVE_NO_MAGICLINKS};
        long fd = syscall(SYS_openat2, dir, name, &how, sizeof how);
        if (fd >= 0 || errno != ENOSYS)
            return (int)fd;
        s->no_openat2 = true;
    }
    if (strchr(name, '/') || !strcmp(name, ".."))
        return errno = EINVAL, -1;
    return openat(dir, name, flags, mode);
}

/* O_PATH fd of the directory at path[0, n) below the root, walked a name at a time. */
static int open_dir_path(P9Server *s, const char *path, size_t n) {
    int cur = fcntl(s->root, F_DUPFD_CLOEXEC, 0);
    size_t i = 0;
    while (cur >= 0 && i < n) {
        size_t j = i;
        while (j < n && path[j] != '/')
            j++;
        char comp[256];
        if (j - i == 0 || j - i > 255) {
            close(cur);
            return errno = EINVAL, -1;
        }
        memcpy(comp, path + i, j - i);
        comp[j - i] = 0;
        int next = open_at(s, cur, comp, O_PATH | O_DIRECTORY, 0);
        int e = errno;
        close(cur);
        cur = next;
        errno = e;
        i = j + 1;
    }
    return cur;
}

static bool same_file(int fd, const struct stat *b) {
    struct stat a;
    return fstat(fd, &a) == 0 && a.st_dev == b->st_dev && a.st_ino == b->st_ino;
}

/* mapped-xattr (QEMU hw/9pfs/9p-local.c): the guest's uid, gid, mode and rdev live in
   user.virtfs.* xattrs; host files are 0600 and directories 0700 to the host user. The xattrs
   are reached through /proc/self/fd of the file's own O_PATH fd (the same inode, no path
   walk); symlinks carry none (user.* xattrs are not allowed on them). */
#define SM_FILE_MODE 0600
#define SM_DIR_MODE 0700

static bool mapped(const P9Server *s, mode_t type) {
    return s->sm == P9_SM_MAPPED_XATTR && !S_ISLNK(type);
}

static int xset(int fd, const char *name, uint32_t v) {
    char p[40];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    return setxattr(p, name, &v, sizeof v, 0);
}

static bool xget(int fd, const char *name, uint32_t *v) {
    char p[40];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    return getxattr(p, name, v, sizeof *v) == (ssize_t)sizeof *v;
}

/* Record the guest's view of a file just made below dir (a no-op unless mapped-xattr). */
static int mapped_create(P9Server *s, int dir, const char *name, uint32_t uid, uint32_t gid,
                         uint32_t mode, uint32_t rdev) {
    if (s->sm != P9_SM_MAPPED_XATTR)
        return 0;
    int fd = open_at(s, dir, name, O_PATH, 0);
    if (fd < 0)
        return errno;
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) < 0)
        err = errno;
    else if (!S_ISLNK(st.st_mode) &&
             (xset(fd, "user.virtfs.uid", uid) < 0 || xset(fd, "user.virtfs.gid", gid) < 0 ||
              xset(fd, "user.virtfs.mode", mode) < 0 || xset(fd, "user.virtfs.rdev", rdev) < 0))
        err = errno;
    close(fd);
    return err;
}

/* The fid's parent directory (O_PATH fd) and its name in it ("." for the root), checked to
   still name the fid's file. Returns -1 with errno set. */
static int fid_parent(P9Server *s, Fid *f, const char **name) {
    struct stat want, got;
    if (fstat(f->fd, &want) < 0)
        return -1;
    const char *slash = strrchr(f->path, '/');
    int dir;
    if (!*f->path) {
        *name = ".";
        dir = fcntl(s->root, F_DUPFD_CLOEXEC, 0);
    } else if (!slash) {
        *name = f->path;
        dir = fcntl(s->root, F_DUPFD_CLOEXEC, 0);
    } else {
        *name = slash + 1;
        dir = open_dir_path(s, f->path, (size_t)(slash - f->path));
    }
    if (dir < 0)
        return -1;
    if (fstatat(dir, *name, &got, AT_SYMLINK_NOFOLLOW) < 0 || got.st_dev != want.st_dev ||
        got.st_ino != want.st_ino) {
        close(dir);
        return errno = ESTALE, -1;
    }
    return dir;
}

/* Reopen the fid's file with flags (never O_CREAT), checked to be the same inode. */
static int fid_reopen(P9Server *s, Fid *f, int flags) {
    const char *name;
    struct stat want;
    if (S_ISLNK(f->type))
        return errno = ELOOP, -1;
    if (fstat(f->fd, &want) < 0)
        return -1;
    int dir = fid_parent(s, f, &name);
    if (dir < 0)
        return -1;
    int fd = open_at(s, dir, name, flags, 0);
    int e = errno;
    close(dir);
    if (fd >= 0 && !same_file(fd, &want)) {
        close(fd);
        return errno = ESTALE, -1;
    }
    errno = e;
    return fd;
}

/* ---- fids ---- */

static void fid_free(gpointer p) {
    Fid *f = p;
    if (f->fd >= 0)
        close(f->fd);
    if (f->ofd >= 0)
        close(f->ofd);
    free(f->path);
    free(f);
}

static Fid *fid_get(P9Server *s, uint32_t num) {
    return g_hash_table_lookup(s->fids, GUINT_TO_POINTER(num));
}

/* A new fid num for the file fd (taken over) at path (copied). errno EEXIST / EMFILE. */
static Fid *fid_new(P9Server *s, uint32_t num, int fd, const char *path) {
    struct stat st;
    if (num == P9_NOFID || fid_get(s, num)) {
        close(fd);
        return errno = EEXIST, NULL;
    }
    if (g_hash_table_size(s->fids) >= P9_MAX_FIDS) {
        close(fd);
        return errno = EMFILE, NULL;
    }
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return errno = e, NULL;
    }
    Fid *f = calloc(1, sizeof *f);
    char *p = strdup(path);
    if (!f || !p) {
        free(f);
        free(p);
        close(fd);
        return errno = ENOMEM, NULL;
    }
    f->num = num;
    f->fd = fd;
    f->ofd = -1;
    f->path = p;
    f->type = st.st_mode & S_IFMT;
    g_hash_table_insert(s->fids, GUINT_TO_POINTER(num), f);
    return f;
}

static char *join(const char *dir, const char *name) {
    return *dir ? g_strdup_printf("%s/%s", dir, name) : g_strdup(name);
}

/* After a rename of from to to: fids at or below from now live below to. */
static void fix_paths(P9Server *s, const char *from, const char *to) {
    size_t n = strlen(from);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->fids);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        Fid *f = v;
        if (strncmp(f->path, from, n) || (f->path[n] && f->path[n] != '/'))
            continue;
        char *np = g_strdup_printf("%s%s", to, f->path + n);
        free(f->path);
        f->path = strdup(np);
        g_free(np);
        if (!f->path)
            f->path = strdup("");
    }
}

/* ---- requests ---- */

typedef struct Req {
    P9Server *s;
    Rd *r;
    Wr *w;
} Req;

/* Each handler reads its arguments, writes its reply body after the header and returns 0,
   or returns an errno for Rlerror. */

static int do_version(Req *q) {
    uint32_t msize = rd32(q->r);
    char ver[64];
    rd_str(q->r, ver, sizeof ver);
    if (q->r->bad)
        return EPROTO;
    if (msize < 4096)
        return EINVAL;
    p9_server_reset(q->s);
    q->s->msize = msize < P9_MAX_MSIZE ? msize : P9_MAX_MSIZE;
    wr32(q->w, q->s->msize);
    wr_str(q->w, strncmp(ver, "9P2000.L", 8) ? "unknown" : "9P2000.L");
    return 0;
}

static int do_attach(Req *q) {
    uint32_t fid = rd32(q->r);
    rd32(q->r);                               /* afid: no authentication */
    char uname[256], aname[256];
    rd_str(q->r, uname, sizeof uname);
    rd_str(q->r, aname, sizeof aname);
    uint32_t uid = rd32(q->r);                /* n_uname */
    if (q->r->bad)
        return EPROTO;
    int fd = fcntl(q->s->root, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return errno;
    Fid *f = fid_new(q->s, fid, fd, "");
    if (!f)
        return errno;
    f->uid = uid;
    struct stat st;
    if (fstat(f->fd, &st) < 0)
        return errno;
    wr_qid(q->w, &st);
    return 0;
}

static int do_walk(Req *q) {
    P9Server *s = q->s;
    uint32_t fid = rd32(q->r), newfid = rd32(q->r);
    uint16_t n = rd16(q->r);
    if (q->r->bad)
        return EPROTO;
    if (n > P9_MAXWELEM)
        return EINVAL;
    char names[P9_MAXWELEM][256];
    for (unsigned i = 0; i < n; i++)
        rd_str(q->r, names[i], sizeof names[i]);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(s, fid);
    if (!f)
        return EBADF;
    if (newfid != fid && fid_get(s, newfid))
        return EEXIST;
    int cur = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
    if (cur < 0)
        return errno;
    GString *path = g_string_new(f->path);
    struct stat qids[P9_MAXWELEM];
    unsigned done = 0;
    int err = 0;
    for (; done < n; done++) {
        const char *nm = names[done];
        int next;
        if (!strcmp(nm, "..")) {
            char *sl = strrchr(path->str, '/');
            g_string_truncate(path, sl ? (gsize)(sl - path->str) : 0);
            next = open_dir_path(s, path->str, path->len);
        } else if (!strcmp(nm, ".")) {
            next = fcntl(cur, F_DUPFD_CLOEXEC, 0);
        } else if (!name_ok(nm)) {
            next = -1;
            errno = EINVAL;
        } else {
            next = open_at(s, cur, nm, O_PATH, 0);
            if (next >= 0) {
                if (path->len)
                    g_string_append_c(path, '/');
                g_string_append(path, nm);
            }
        }
        if (next < 0) {
            err = errno;
            break;
        }
        close(cur);
        cur = next;
        if (fstat(cur, &qids[done]) < 0) {
            err = errno;
            break;
        }
    }
    if (done == 0 && n > 0) {
        close(cur);
        g_string_free(path, TRUE);
        return err ? err : ENOENT;
    }
    if (done == n) {
        if (newfid == fid) {
            close(f->fd);
            f->fd = cur;
            free(f->path);
            f->path = strdup(path->str);
            if (!f->path)
                f->path = strdup("");
            if (f->ofd >= 0)
                close(f->ofd);
            f->ofd = -1;
            struct stat st;
            if (fstat(cur, &st) == 0)
                f->type = st.st_mode & S_IFMT;
        } else {
            uint32_t uid = f->uid;
            Fid *nf = fid_new(s, newfid, cur, path->str);
            if (!nf) {
                g_string_free(path, TRUE);
                return errno;
            }
            nf->uid = uid;
        }
    } else {
        close(cur);
    }
    g_string_free(path, TRUE);
    wr16(q->w, (uint16_t)done);
    for (unsigned i = 0; i < done; i++)
        wr_qid(q->w, &qids[i]);
    return 0;
}

static int open_flags(uint32_t lf, bool dir) {
    int fl = (int)(lf & L_ACCMODE);
    if (fl == 3)
        fl = O_RDWR;
    if (lf & L_TRUNC)
        fl |= O_TRUNC;
    if (lf & L_APPEND)
        fl |= O_APPEND;
    if (dir)
        fl = O_RDONLY | O_DIRECTORY;
    return fl;
}

static bool writes(uint32_t lf) { return (lf & L_ACCMODE) != 0 || (lf & (L_TRUNC | L_CREATE)); }

static int do_lopen(Req *q) {
    uint32_t fid = rd32(q->r), lf = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f)
        return EBADF;
    if (f->ofd >= 0)
        return EBADF;
    if (q->s->readonly && writes(lf))
        return EROFS;
    if (S_ISDIR(f->type) && (lf & L_ACCMODE))
        return EISDIR;
    int fd = fid_reopen(q->s, f, open_flags(lf, S_ISDIR(f->type)) | O_NONBLOCK);
    if (fd < 0)
        return errno;
    /* O_NONBLOCK only so that a FIFO cannot hang the server at open */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    f->ofd = fd;
    struct stat st;
    if (fstat(fd, &st) < 0)
        return errno;
    wr_qid(q->w, &st);
    wr32(q->w, 0);
    return 0;
}

/* chown of a file just made (dir fd + name), as the security model says. */
static int set_owner(P9Server *s, int dir, const char *name, uid_t uid, gid_t gid) {
    if (fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) == 0)
        return 0;
    if (s->sm != P9_SM_PASSTHROUGH || errno != EPERM)
        return 0;
    return errno;
}

static int do_lcreate(Req *q) {
    P9Server *s = q->s;
    uint32_t fid = rd32(q->r);
    char name[256];
    rd_str(q->r, name, sizeof name);
    uint32_t lf = rd32(q->r), mode = rd32(q->r), gid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(s, fid);
    if (!f)
        return EBADF;
    if (!name_ok(name))
        return EINVAL;
    if (!S_ISDIR(f->type) || f->ofd >= 0)
        return ENOTDIR;
    if (s->readonly)
        return EROFS;
    bool map = s->sm == P9_SM_MAPPED_XATTR;
    int fd = open_at(s, f->fd, name, open_flags(lf, false) | O_CREAT | O_EXCL,
                     map ? SM_FILE_MODE : (mode_t)(mode & 07777));
    if (fd < 0)
        return errno;
    int merr = mapped_create(s, f->fd, name, f->uid, gid, S_IFREG | (mode & 07777), 0);
    if (merr) {
        close(fd);
        unlinkat(f->fd, name, 0);
        return merr;
    }
    int pfd = open_at(s, f->fd, name, O_PATH, 0);
    if (pfd < 0) {
        int e = errno;
        close(fd);
        return e;
    }
    struct stat st;
    fstat(fd, &st);
    close(f->fd);
    f->fd = pfd;
    f->ofd = fd;
    f->type = S_IFREG;
    char *np = join(f->path, name);
    free(f->path);
    f->path = strdup(np);
    g_free(np);
    if (!f->path)
        f->path = strdup("");
    wr_qid(q->w, &st);
    wr32(q->w, 0);
    return 0;
}

/* Reply qid of dir/name (a file just made). */
static int reply_qid_at(Req *q, int dir, const char *name) {
    struct stat st;
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno;
    wr_qid(q->w, &st);
    return 0;
}

static Fid *dir_fid(Req *q, uint32_t num, int *err) {
    Fid *f = fid_get(q->s, num);
    *err = !f ? EBADF : !S_ISDIR(f->type) ? ENOTDIR : q->s->readonly ? EROFS : 0;
    return *err ? NULL : f;
}

static int do_mkdir(Req *q) {
    uint32_t dfid = rd32(q->r);
    char name[256];
    rd_str(q->r, name, sizeof name);
    uint32_t mode = rd32(q->r), gid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    int err;
    Fid *d = dir_fid(q, dfid, &err);
    if (!d)
        return err;
    if (!name_ok(name))
        return EINVAL;
    bool map = q->s->sm == P9_SM_MAPPED_XATTR;
    if (mkdirat(d->fd, name, map ? SM_DIR_MODE : (mode_t)(mode & 07777)) < 0)
        return errno;
    if ((err = mapped_create(q->s, d->fd, name, d->uid, gid, S_IFDIR | (mode & 07777), 0))) {
        unlinkat(d->fd, name, AT_REMOVEDIR);
        return err;
    }
    return reply_qid_at(q, d->fd, name);
}

static int do_symlink(Req *q) {
    uint32_t dfid = rd32(q->r);
    char name[256], target[4096];
    rd_str(q->r, name, sizeof name);
    rd_str(q->r, target, sizeof target);
    rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    int err;
    Fid *d = dir_fid(q, dfid, &err);
    if (!d)
        return err;
    if (!name_ok(name))
        return EINVAL;
    if (symlinkat(target, d->fd, name) < 0)      /* the target is data: never followed */
        return errno;
    return reply_qid_at(q, d->fd, name);
}

static int do_mknod(Req *q) {
    uint32_t dfid = rd32(q->r);
    char name[256];
    rd_str(q->r, name, sizeof name);
    uint32_t mode = rd32(q->r), major = rd32(q->r), minor = rd32(q->r), gid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    int err;
    Fid *d = dir_fid(q, dfid, &err);
    if (!d)
        return err;
    if (!name_ok(name))
        return EINVAL;
    if (q->s->sm == P9_SM_MAPPED_XATTR) {
        /* a regular file standing for the node: the xattrs say what it is */
        int fd = open_at(q->s, d->fd, name, O_WRONLY | O_CREAT | O_EXCL, SM_FILE_MODE);
        if (fd < 0)
            return errno;
        close(fd);
        if ((err = mapped_create(q->s, d->fd, name, d->uid, gid, mode,
                                 (uint32_t)makedev(major, minor)))) {
            unlinkat(d->fd, name, 0);
            return err;
        }
        return reply_qid_at(q, d->fd, name);
    }
    /* Device nodes would give the guest the host's devices: only FIFOs, sockets and files. */
    if (!S_ISFIFO(mode) && !S_ISSOCK(mode) && !S_ISREG(mode))
        return EPERM;
    if (mknodat(d->fd, name, (mode_t)mode, makedev(major, minor)) < 0)
        return errno;
    return reply_qid_at(q, d->fd, name);
}

static int do_link(Req *q) {
    P9Server *s = q->s;
    uint32_t dfid = rd32(q->r), fid = rd32(q->r);
    char name[256];
    rd_str(q->r, name, sizeof name);
    if (q->r->bad)
        return EPROTO;
    int err;
    Fid *d = dir_fid(q, dfid, &err);
    if (!d)
        return err;
    Fid *f = fid_get(s, fid);
    if (!f)
        return EBADF;
    if (!name_ok(name))
        return EINVAL;
    if (S_ISDIR(f->type))
        return EPERM;
    const char *old;
    int od = fid_parent(s, f, &old);
    if (od < 0)
        return errno;
    int r = linkat(od, old, d->fd, name, 0);   /* 0: a symlink is linked, not followed */
    err = r < 0 ? errno : 0;
    close(od);
    return err;
}

static int do_unlinkat(Req *q) {
    P9Server *s = q->s;
    uint32_t dfid = rd32(q->r);
    char name[256];
    rd_str(q->r, name, sizeof name);
    uint32_t fl = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    int err;
    Fid *d = dir_fid(q, dfid, &err);
    if (!d)
        return err;
    if (!name_ok(name))
        return EINVAL;
    if (unlinkat(d->fd, name, (fl & P9_AT_REMOVEDIR) ? AT_REMOVEDIR : 0) < 0)
        return errno;
    (void)s;
    return 0;
}

static int rename_at(P9Server *s, Fid *od, const char *oname, Fid *nd, const char *nname) {
    if (!name_ok(oname) || !name_ok(nname))
        return EINVAL;
    if (renameat(od->fd, oname, nd->fd, nname) < 0)
        return errno;
    char *from = join(od->path, oname), *to = join(nd->path, nname);
    fix_paths(s, from, to);
    g_free(from);
    g_free(to);
    return 0;
}

static int do_renameat(Req *q) {
    uint32_t ofid = rd32(q->r);
    char oname[256], nname[256];
    rd_str(q->r, oname, sizeof oname);
    uint32_t nfid = rd32(q->r);
    rd_str(q->r, nname, sizeof nname);
    if (q->r->bad)
        return EPROTO;
    int err;
    Fid *od = dir_fid(q, ofid, &err);
    if (!od)
        return err;
    Fid *nd = dir_fid(q, nfid, &err);
    if (!nd)
        return err;
    return rename_at(q->s, od, oname, nd, nname);
}

static int do_rename(Req *q) {
    P9Server *s = q->s;
    uint32_t fid = rd32(q->r), dfid = rd32(q->r);
    char name[256];
    rd_str(q->r, name, sizeof name);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(s, fid);
    if (!f)
        return EBADF;
    int err;
    Fid *nd = dir_fid(q, dfid, &err);
    if (!nd)
        return err;
    if (!*f->path)
        return EBUSY;                               /* the root */
    if (!name_ok(name))
        return EINVAL;
    const char *old;
    int od = fid_parent(s, f, &old);
    if (od < 0)
        return errno;
    err = renameat(od, old, nd->fd, name) < 0 ? errno : 0;
    close(od);
    if (!err) {
        char *from = g_strdup(f->path), *to = join(nd->path, name);
        fix_paths(s, from, to);
        g_free(from);
        g_free(to);
    }
    return err;
}

static int do_remove(Req *q) {
    P9Server *s = q->s;
    uint32_t fid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(s, fid);
    if (!f)
        return EBADF;
    int err = 0;
    if (s->readonly)
        err = EROFS;
    else if (!*f->path)
        err = EBUSY;
    else {
        const char *name;
        int d = fid_parent(s, f, &name);
        if (d < 0)
            err = errno;
        else {
            if (unlinkat(d, name, S_ISDIR(f->type) ? AT_REMOVEDIR : 0) < 0)
                err = errno;
            close(d);
        }
    }
    g_hash_table_remove(s->fids, GUINT_TO_POINTER(fid));     /* clunked even on error */
    return err;
}

static int do_getattr(Req *q) {
    uint32_t fid = rd32(q->r);
    rd64(q->r);                                           /* request mask: all is given */
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f)
        return EBADF;
    struct stat st;
    if (fstat(f->fd, &st) < 0)
        return errno;
    if (mapped(q->s, f->type)) {
        uint32_t v;
        if (xget(f->fd, "user.virtfs.uid", &v))
            st.st_uid = v;
        if (xget(f->fd, "user.virtfs.gid", &v))
            st.st_gid = v;
        if (xget(f->fd, "user.virtfs.mode", &v))
            st.st_mode = (st.st_mode & S_IFMT) | (v & 07777);
        if (xget(f->fd, "user.virtfs.mode", &v) && S_ISREG(st.st_mode) &&
            (S_ISFIFO(v) || S_ISSOCK(v) || S_ISCHR(v) || S_ISBLK(v)))
            st.st_mode = v;                               /* a node made by Tmknod */
        if (xget(f->fd, "user.virtfs.rdev", &v))
            st.st_rdev = v;
    }
    wr64(q->w, 0x7ffull);                                 /* P9_STATS_BASIC */
    wr_qid(q->w, &st);
    wr32(q->w, st.st_mode);
    wr32(q->w, st.st_uid);
    wr32(q->w, st.st_gid);
    wr64(q->w, st.st_nlink);
    wr64(q->w, st.st_rdev);
    wr64(q->w, (uint64_t)st.st_size);
    wr64(q->w, (uint64_t)st.st_blksize);
    wr64(q->w, (uint64_t)st.st_blocks);
    wr64(q->w, (uint64_t)st.st_atim.tv_sec);
    wr64(q->w, (uint64_t)st.st_atim.tv_nsec);
    wr64(q->w, (uint64_t)st.st_mtim.tv_sec);
    wr64(q->w, (uint64_t)st.st_mtim.tv_nsec);
    wr64(q->w, (uint64_t)st.st_ctim.tv_sec);
    wr64(q->w, (uint64_t)st.st_ctim.tv_nsec);
    for (int i = 0; i < 4; i++)
        wr64(q->w, 0);                                    /* btime, gen, data_version */
    return 0;
}

static int do_setattr(Req *q) {
    P9Server *s = q->s;
    uint32_t fid = rd32(q->r), valid = rd32(q->r), mode = rd32(q->r), uid = rd32(q->r),
             gid = rd32(q->r);
    uint64_t size = rd64(q->r), as = rd64(q->r), an = rd64(q->r), ms = rd64(q->r),
             mn = rd64(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(s, fid);
    if (!f)
        return EBADF;
    if (s->readonly)
        return EROFS;
    const char *name;
    int d = fid_parent(s, f, &name);
    if (d < 0)
        return errno;
    int err = 0;
    if (mapped(s, f->type) && (valid & (SA_MODE | SA_UID | SA_GID))) {
        uint32_t old;
        if (!xget(f->fd, "user.virtfs.mode", &old))
            old = f->type;
        if (((valid & SA_MODE) &&
             xset(f->fd, "user.virtfs.mode", (old & S_IFMT) | (mode & 07777)) < 0) ||
            ((valid & SA_UID) && xset(f->fd, "user.virtfs.uid", uid) < 0) ||
            ((valid & SA_GID) && xset(f->fd, "user.virtfs.gid", gid) < 0))
            err = errno;
        valid &= ~(uint32_t)(SA_MODE | SA_UID | SA_GID);
    }
    if (!err && (valid & SA_MODE)) {
        if (S_ISLNK(f->type))
            err = EOPNOTSUPP;
        else if (fchmodat(d, name, (mode_t)(mode & 07777), 0) < 0)
            err = errno;
    }
    if (!err && (valid & (SA_UID | SA_GID))) {
        uid_t u = (valid & SA_UID) ? (uid_t)uid : (uid_t)-1;
        gid_t g = (valid & SA_GID) ? (gid_t)gid : (gid_t)-1;
        err = set_owner(s, d, name, u, g);
    }
    if (!err && (valid & SA_SIZE)) {
        if (!S_ISREG(f->type))
            err = EINVAL;
        else {
            int fd = f->ofd >= 0 && (fcntl(f->ofd, F_GETFL) & O_ACCMODE) != O_RDONLY
                         ? dup(f->ofd) : open_at(s, d, name, O_WRONLY, 0);
            struct stat want;
            if (fd >= 0 && (fstat(f->fd, &want) < 0 || !same_file(fd, &want))) {
                close(fd);
                fd = -1;
                errno = ESTALE;
            }
            if (fd < 0)
                err = errno;
            else {
                if (ftruncate(fd, (off_t)size) < 0)
                    err = errno;
                close(fd);
            }
        }
    }
    if (!err && (valid & (SA_ATIME | SA_MTIME))) {
        struct timespec ts[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
        if (valid & SA_ATIME)
            ts[0] = (valid & SA_ATIME_SET) ? (struct timespec){(time_t)as, (long)an}
                                           : (struct timespec){0, UTIME_NOW};
        if (valid & SA_MTIME)
            ts[1] = (valid & SA_MTIME_SET) ? (struct timespec){(time_t)ms, (long)mn}
                                           : (struct timespec){0, UTIME_NOW};
        if (utimensat(d, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
            err = errno;
    }
    close(d);
    return err;
}

static int do_readlink(Req *q) {
    uint32_t fid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f)
        return EBADF;
    if (!S_ISLNK(f->type))
        return EINVAL;
    char buf[4097];
    ssize_t n = readlinkat(f->fd, "", buf, sizeof buf - 1);
    if (n < 0)
        return errno;
    buf[n] = 0;
    wr_str(q->w, buf);
    return 0;
}

static int do_statfs(Req *q) {
    uint32_t fid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f)
        return EBADF;
    struct statfs sf;
    if (fstatfs(f->fd, &sf) < 0)
        return errno;
    wr32(q->w, (uint32_t)sf.f_type);
    wr32(q->w, (uint32_t)sf.f_bsize);
    wr64(q->w, sf.f_blocks);
    wr64(q->w, sf.f_bfree);
    wr64(q->w, sf.f_bavail);
    wr64(q->w, sf.f_files);
    wr64(q->w, sf.f_ffree);
    uint64_t fsid;
    memcpy(&fsid, &sf.f_fsid, sizeof fsid);
    wr64(q->w, fsid);
    wr32(q->w, (uint32_t)sf.f_namelen);
    return 0;
}

/* Room for data in a reply whose body so far is w->pos bytes and adds hdr more. */
static uint32_t room(Req *q, size_t extra, uint32_t want) {
    size_t cap = q->w->cap < q->s->msize ? q->w->cap : q->s->msize;
    size_t left = cap > q->w->pos + extra ? cap - q->w->pos - extra : 0;
    return want < left ? want : (uint32_t)left;
}

static int do_read(Req *q) {
    uint32_t fid = rd32(q->r);
    uint64_t off = rd64(q->r);
    uint32_t count = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f || f->ofd < 0)
        return EBADF;
    if (S_ISDIR(f->type))
        return EISDIR;
    if (off > INT64_MAX)
        return EINVAL;
    count = room(q, 4, count);
    size_t at = q->w->pos;
    wr32(q->w, 0);
    uint8_t *buf = wr_take(q->w, count);
    if (!buf)
        return EPROTO;
    ssize_t n = pread(f->ofd, buf, count, (off_t)off);
    if (n < 0)
        return errno;
    q->w->pos = at;
    wr32(q->w, (uint32_t)n);
    q->w->pos += (size_t)n;
    return 0;
}

static int do_write(Req *q) {
    uint32_t fid = rd32(q->r);
    uint64_t off = rd64(q->r);
    uint32_t count = rd32(q->r);
    const uint8_t *data = rd_take(q->r, count);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f || f->ofd < 0)
        return EBADF;
    if (q->s->readonly)
        return EROFS;
    if (off > INT64_MAX)
        return EINVAL;
    ssize_t n = pwrite(f->ofd, data, count, (off_t)off);
    if (n < 0)
        return errno;
    wr32(q->w, (uint32_t)n);
    return 0;
}

static int do_readdir(Req *q) {
    uint32_t fid = rd32(q->r);
    uint64_t off = rd64(q->r);
    uint32_t count = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f || f->ofd < 0)
        return EBADF;
    if (!S_ISDIR(f->type))
        return ENOTDIR;
    count = room(q, 4, count);
    if (lseek(f->ofd, (off_t)off, SEEK_SET) == (off_t)-1)
        return errno;
    size_t at = q->w->pos;
    wr32(q->w, 0);
    size_t start = q->w->pos;
    char buf[8192] __attribute__((aligned(8)));   /* linux_dirent64 records are 8-aligned */
    bool full = false;
    while (!full) {
        long n = syscall(SYS_getdents64, f->ofd, buf, sizeof buf);
        if (n < 0)
            return errno;
        if (n == 0)
            break;
        for (long p = 0; p < n;) {
            struct dirent64 *de = (struct dirent64 *)(buf + p);
            size_t nl = strlen(de->d_name);
            size_t need = 13 + 8 + 1 + 2 + nl;
            if (q->w->pos - start + need > count) {
                full = true;
                break;
            }
            uint8_t t = de->d_type == DT_DIR ? QT_DIR : de->d_type == DT_LNK ? QT_SYMLINK : 0;
            wr8(q->w, t);
            wr32(q->w, 0);
            wr64(q->w, de->d_ino);
            wr64(q->w, (uint64_t)de->d_off);
            wr8(q->w, de->d_type);
            wr_str(q->w, de->d_name);
            p += de->d_reclen;
        }
    }
    size_t end = q->w->pos;
    q->w->pos = at;
    wr32(q->w, (uint32_t)(end - start));
    q->w->pos = end;
    return 0;
}

static int do_fsync(Req *q) {
    uint32_t fid = rd32(q->r);
    uint32_t datasync = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    Fid *f = fid_get(q->s, fid);
    if (!f)
        return EBADF;
    if (f->ofd >= 0 && (datasync ? fdatasync(f->ofd) : fsync(f->ofd)) < 0)
        return errno;
    return 0;
}

static int do_clunk(Req *q) {
    uint32_t fid = rd32(q->r);
    if (q->r->bad)
        return EPROTO;
    return g_hash_table_remove(q->s->fids, GUINT_TO_POINTER(fid)) ? 0 : EBADF;
}

static int do_lock(Req *q, bool get) {
    uint32_t fid = rd32(q->r);
    uint8_t type = rd8(q->r);
    if (!get)
        rd32(q->r);                                       /* flags */
    uint64_t start = rd64(q->r), length = rd64(q->r);
    uint32_t proc = rd32(q->r);
    char client[256];
    rd_str(q->r, client, sizeof client);
    if (q->r->bad)
        return EPROTO;
    if (!fid_get(q->s, fid))
        return EBADF;
    (void)type;
    if (!get) {
        wr8(q->w, 0);                                     /* P9_LOCK_SUCCESS, as QEMU */
        return 0;
    }
    wr8(q->w, 2);                                         /* F_UNLCK: nothing conflicts */
    wr64(q->w, start);
    wr64(q->w, length);
    wr32(q->w, proc);
    wr_str(q->w, client);
    return 0;
}

static int dispatch(Req *q, uint8_t type) {
    switch (type) {
    case Tversion: return do_version(q);
    case Tauth: return EOPNOTSUPP;
    case Tattach: return do_attach(q);
    case Tflush: rd16(q->r); return q->r->bad ? EPROTO : 0;   /* every request is done */
    case Twalk: return do_walk(q);
    case Tlopen: return do_lopen(q);
    case Tlcreate: return do_lcreate(q);
    case Tread: return do_read(q);
    case Twrite: return do_write(q);
    case Tclunk: return do_clunk(q);
    case Tremove: return do_remove(q);
    case Tgetattr: return do_getattr(q);
    case Tsetattr: return do_setattr(q);
    case Treaddir: return do_readdir(q);
    case Tstatfs: return do_statfs(q);
    case Tmkdir: return do_mkdir(q);
    case Tsymlink: return do_symlink(q);
    case Treadlink: return do_readlink(q);
    case Tunlinkat: return do_unlinkat(q);
    case Trenameat: return do_renameat(q);
    case Trename: return do_rename(q);
    case Tlink: return do_link(q);
    case Tmknod: return do_mknod(q);
    case Tfsync: return do_fsync(q);
    case Tlock: return do_lock(q, false);
    case Tgetlock: return do_lock(q, true);
    case Txattrwalk: case Txattrcreate: return EOPNOTSUPP;
    default: return EOPNOTSUPP;
    }
}

size_t p9_server_handle(P9Server *s, const uint8_t *req, size_t len, uint8_t *out, size_t cap) {
    if (cap < P9_HDR + 4)
        return 0;
    Rd r = {.p = req, .len = len};
    uint32_t size = rd32(&r);
    uint8_t type = rd8(&r);
    uint16_t tag = r.bad ? 0xffff : rd16(&r);
    Wr w = {.p = out, .cap = cap < s->msize ? cap : s->msize, .pos = P9_HDR};
    int err;
    if (r.bad || size < P9_HDR || size > len || size > s->msize)
        err = EPROTO;
    else if (type & 1)
        err = EPROTO;                                     /* an R-message from the guest */
    else {
        r.len = size;
        Req q = {s, &r, &w};
        err = dispatch(&q, type);
        if (!err && w.bad)
            err = EPROTO;
    }
    if (err) {
        w.bad = false;
        w.pos = P9_HDR;
        wr32(&w, (uint32_t)err);
        type = Tlerror;
    }
    size_t n = w.pos;
    w.pos = 0;
    wr32(&w, (uint32_t)n);
    wr8(&w, (uint8_t)(type + 1));
    wr16(&w, tag);
    return n;
}

P9Server *p9_server_open(const char *root, P9SecurityModel sm, bool readonly, char *err,
                         size_t errlen) {
    int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open directory %s: %s", root, strerror(errno));
        return NULL;
    }
    P9Server *s = calloc(1, sizeof *s);
    if (!s) {
        close(fd);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->root = fd;
    s->sm = sm;
    s->readonly = readonly;
    s->msize = P9_MAX_MSIZE;
    s->fids = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, fid_free);
    /* Each fid may hold two fds: allow as many as the hard limit does. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    return s;
}

void p9_server_reset(P9Server *s) { g_hash_table_remove_all(s->fids); }

void p9_server_free(P9Server *s) {
    if (!s)
        return;
    g_hash_table_destroy(s->fids);
    close(s->root);
    free(s);
}

uint32_t p9_server_msize(const P9Server *s) { return s->msize; }

unsigned p9_server_nfids(const P9Server *s) { return g_hash_table_size(s->fids); }
