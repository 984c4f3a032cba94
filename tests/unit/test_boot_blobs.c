/* SPDX-License-Identifier: MIT */
/* Unit tests of system/boot_blobs.c: boot images written back to guest RAM at reset, from a
   copy or from the still-open file; a file changed in place is refused, a file replaced by
   rename still gives the contents that were loaded. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/boot_blobs.h"
#include "system/loader.h"
#include "system/memmap.h"
#include "tests/unit/check.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x100000ull

static char dir[] = "/tmp/tern-blobs-XXXXXX";

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f))
        abort();
}

int main(void) {
    if (!mkdtemp(dir))
        return 1;
    char path[256], other[256], err[512];
    snprintf(path, sizeof path, "%s/image", dir);
    snprintf(other, sizeof other, "%s/new", dir);
    MemMap mem;
    memmap_init(&mem);
    if (!memmap_add_ram(&mem, "ram", RAM_BASE, RAM_SIZE))
        return 1;
    uint8_t *ram = memmap_ram_ptr(&mem, RAM_BASE, RAM_SIZE);
    const char *e = NULL;

    /* A copy: RAM as it was when added */
    BootBlobs *b = boot_blobs_new();
    memcpy(ram + 0x100, "firmware", 8);
    CHECK(boot_blobs_add(b, &mem, RAM_BASE + 0x100, 8, &e), "add: %s", e);
    CHECK(!boot_blobs_add(b, &mem, 0x1000, 8, &e), "an address outside RAM is refused");

    /* A file: loaded as the loader does it, then RAM is scribbled on */
    write_file(path, "kernel-v1");
    uint8_t *buf;
    size_t len;
    int fd;
    struct stat st;
    CHECK(loader_read_file_fd(path, &buf, &len, &fd, &st, err, sizeof err), "%s", err);
    memcpy(ram + 0x1000, buf, len);
    free(buf);
    CHECK(boot_blobs_add_file(b, RAM_BASE + 0x1000, len, fd, &st, path, &e), "%s", e);
    memset(ram, 0xee, RAM_SIZE);
    CHECK(boot_blobs_restore(b, &mem, err, sizeof err), "%s", err);
    CHECK(!memcmp(ram + 0x100, "firmware", 8) && !memcmp(ram + 0x1000, "kernel-v1", 9) &&
          ram[0x1009] == 0xee, "restored");

    /* Replaced by rename: the open file still has the old contents */
    write_file(other, "kernel-v2");
    CHECK(rename(other, path) == 0, "rename");
    memset(ram, 0xee, RAM_SIZE);
    CHECK(boot_blobs_restore(b, &mem, err, sizeof err), "%s", err);
    CHECK(!memcmp(ram + 0x1000, "kernel-v1", 9), "the loaded contents, not the new file's");
    boot_blobs_free(b);

    /* Changed in place: refused with the file's name */
    b = boot_blobs_new();
    CHECK(loader_read_file_fd(path, &buf, &len, &fd, &st, err, sizeof err), "%s", err);
    free(buf);
    CHECK(boot_blobs_add_file(b, RAM_BASE, len, fd, &st, path, &e), "%s", e);
    /* (it grows: a same-size write in the same clock tick as the load keeps the mtime) */
    int w = open(path, O_WRONLY);
    CHECK(w >= 0 && pwrite(w, "K", 1, (off_t)len) == 1, "in-place write");
    if (w >= 0)
        close(w);
    CHECK(!boot_blobs_restore(b, &mem, err, sizeof err) && strstr(err, path) &&
          strstr(err, "modified"), "got '%s'", err);
    boot_blobs_free(b);

    unlink(path);
    rmdir(dir);
    memmap_free(&mem);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
