/* SPDX-License-Identifier: MIT */
/* -fsdev local,id=ID,path=DIR,security_model=M[,readonly=on] and its shorthand -virtfs
   local,path=DIR,mount_tag=TAG,security_model=M[,readonly=on][,id=ID] (QEMU's
   qemu-options.hx): a host directory for a virtio-9p device (hw/virtio_9p.c). -virtfs adds
   the -fsdev (id: ID, else the mount tag, as QEMU) and a -device virtio-9p-pci, the device
   QEMU's -virtfs makes on riscv virt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options_int.h"

const TernFsdev *options_find_fsdev(const TernOptions *o, const char *id) {
    for (int i = 0; i < o->n_fsdevs; i++)
        if (!strcmp(o->fsdevs[i].id, id))
            return &o->fsdevs[i];
    return NULL;
}

static bool parse_fsdev(const char *opt, const char *arg, TernFsdev *fs, char **tag) {
    char *copy = dup_or_die(arg), *p = copy, *key, *val;
    bool ok = true, first = true, have_sm = false;
    while (ok && next_prop(&p, &key, &val)) {
        if (first && !val) {
            if (strcmp(key, "local")) {
                fprintf(stderr, "tern: %s %s: unsupported file system driver (only local)\n",
                        opt, key);
                ok = false;
            }
        } else if (!strcmp(key, "id") && val && *val) {
            free(fs->id);
            fs->id = dup_or_die(val);
        } else if (!strcmp(key, "path") && val && *val) {
            free(fs->path);
            fs->path = dup_or_die(val);
        } else if (!strcmp(key, "security_model") && val) {
            have_sm = true;
            if (!strcmp(val, "passthrough"))
                fs->security_model = 0;
            else if (!strcmp(val, "mapped-xattr") || !strcmp(val, "mapped"))
                fs->security_model = 1;
            else if (!strcmp(val, "none"))
                fs->security_model = 2;
            else {
                fprintf(stderr, "tern: %s: security_model=%s: expected passthrough, "
                                "mapped-xattr or none\n", opt, val);
                ok = false;
            }
        } else if (!strcmp(key, "readonly")) {
            ok = opt_bool(opt, key, val, &fs->readonly);
        } else if (tag && !strcmp(key, "mount_tag") && val && *val) {
            free(*tag);
            *tag = dup_or_die(val);
        } else {
            fprintf(stderr, "tern: %s: unsupported parameter '%s'\n", opt, key);
            ok = false;
        }
        first = false;
    }
    free(copy);
    if (ok && !fs->path) {
        fprintf(stderr, "tern: %s: missing path=DIR\n", opt);
        ok = false;
    }
    if (ok && !have_sm) {
        fprintf(stderr, "tern: %s: security_model is mandatory (passthrough, mapped-xattr or "
                        "none)\n", opt);
        ok = false;
    }
    if (ok && tag && !*tag) {
        fprintf(stderr, "tern: %s: missing mount_tag=TAG\n", opt);
        ok = false;
    }
    return ok;
}

static bool add_fsdev(TernOptions *o, const char *opt, TernFsdev *fs) {
    if (o->n_fsdevs >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: %s: at most %d\n", opt, OPTS_MAX_DEVS);
        return false;
    }
    if (options_find_fsdev(o, fs->id)) {
        fprintf(stderr, "tern: %s: duplicate id '%s'\n", opt, fs->id);
        return false;
    }
    o->fsdevs[o->n_fsdevs++] = *fs;
    return true;
}

static void free_fs(TernFsdev *fs) {
    free(fs->id);
    free(fs->path);
}

bool opt_fsdev(TernOptions *o, const char *arg) {
    TernFsdev fs = {0};
    bool ok = parse_fsdev("-fsdev", arg, &fs, NULL);
    if (ok && !fs.id) {
        fprintf(stderr, "tern: -fsdev: missing id=ID\n");
        ok = false;
    }
    ok = ok && add_fsdev(o, "-fsdev", &fs);
    if (!ok)
        free_fs(&fs);
    return ok;
}

bool opt_virtfs(TernOptions *o, const char *arg) {
    TernFsdev fs = {0};
    char *tag = NULL;
    bool ok = parse_fsdev("-virtfs", arg, &fs, &tag);
    if (ok && !fs.id)
        fs.id = dup_or_die(tag);
    if (ok && o->n_devices >= OPTS_MAX_DEVS) {
        fprintf(stderr, "tern: -virtfs: at most %d devices\n", OPTS_MAX_DEVS);
        ok = false;
    }
    ok = ok && add_fsdev(o, "-virtfs", &fs);
    if (!ok) {
        free_fs(&fs);
        free(tag);
        return false;
    }
    char *props = NULL;
    append_prop(&props, "fsdev", fs.id);
    append_prop(&props, "mount_tag", tag);
    free(tag);
    o->devices[o->n_devices].driver = dup_or_die("virtio-9p-pci");
    o->devices[o->n_devices].props = props;
    o->n_devices++;
    return true;
}

void options_free_fsdevs(TernOptions *o) {
    for (int i = 0; i < o->n_fsdevs; i++)
        free_fs(&o->fsdevs[i]);
    o->n_fsdevs = 0;
}
