/* SPDX-License-Identifier: MIT */
/* A 9P2000.L file server for one host directory (the protocol Linux's net/9p and fs/9p speak;
   message layouts as in Linux include/net/9p/9p.h and QEMU's hw/9pfs/9p.c). Transport-free:
   p9_server_handle takes one whole request and writes one reply. Confinement: every host file
   is reached from the share's root directory fd one name at a time with openat2(RESOLVE_BENEATH
   | RESOLVE_NO_SYMLINKS) (O_NOFOLLOW|O_PATH without openat2), never by a path string, so no
   guest request reaches a host file outside the share. */
#ifndef TERN_P9_SERVER_H
#define TERN_P9_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    P9_SM_PASSTHROUGH = 0,   /* real ownership (as far as the host user can) */
    P9_SM_MAPPED_XATTR,      /* guest uid/gid/mode/rdev in user.virtfs.* xattrs, as QEMU */
    P9_SM_NONE,              /* as passthrough, ownership changes that fail are ignored */
} P9SecurityModel;

#define P9_MAX_MSIZE (512u * 1024u)   /* largest message (Tversion msize) the server takes */
#define P9_MAX_FIDS 4096u             /* fids live at once; more get EMFILE */
#define P9_HDR 7u                     /* size[4] type[1] tag[2] */

typedef struct P9Server P9Server;

/* Opens root (a directory). NULL with a message in err on failure. */
P9Server *p9_server_open(const char *root, P9SecurityModel sm, bool readonly, char *err,
                         size_t errlen);
void p9_server_free(P9Server *s);
/* Forget every fid (Tversion; device reset). */
void p9_server_reset(P9Server *s);
/* The negotiated msize (P9_MAX_MSIZE before Tversion). */
uint32_t p9_server_msize(const P9Server *s);
/* Handle the request req[0, len) and write the reply into out[0, cap); returns the reply's
   length, 0 when cap cannot hold even an Rlerror (11 bytes). Never reads past len. */
size_t p9_server_handle(P9Server *s, const uint8_t *req, size_t len, uint8_t *out, size_t cap);
/* Live fids (tests). */
unsigned p9_server_nfids(const P9Server *s);

#endif
