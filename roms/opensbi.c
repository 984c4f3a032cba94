/* SPDX-License-Identifier: MIT */
/* Locating Debian's OpenSBI fw_dynamic.bin and building the fw_dynamic_info block (OpenSBI
   docs/firmware/fw_dynamic.md: version 2 adds boot_hart after options). */
#include "opensbi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool opensbi_default_path(char *path, size_t n, char *err, size_t errlen) {
    const char *env = getenv("TERN_OPENSBI");
    const char *p = env && *env ? env : OPENSBI_DEFAULT_PATH;
    struct stat st;
    int rc = stat(p, &st);
    if (rc == 0 && S_ISREG(st.st_mode)) {
        if ((size_t)snprintf(path, n, "%s", p) >= n) {
            snprintf(err, errlen, "firmware path too long: %s", p);
            return false;
        }
        return true;
    }
    const char *why = rc == 0 ? "not a regular file" : strerror(errno);
    if (env && *env)
        snprintf(err, errlen, "-bios default: TERN_OPENSBI=%s: %s", p, why);
    else
        snprintf(err, errlen, "-bios default: OpenSBI firmware %s not found (%s); install it "
                 "with `apt-get install opensbi`, or pass -bios FILE or -bios none", p, why);
    return false;
}

static void put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void opensbi_fw_dynamic_info(uint8_t out[FW_DYNAMIC_INFO_SIZE], uint64_t next_addr,
                             uint64_t next_mode, uint64_t boot_hart) {
    put64(out + 0, FW_DYNAMIC_INFO_MAGIC);
    put64(out + 8, FW_DYNAMIC_INFO_VERSION);
    put64(out + 16, next_addr);
    put64(out + 24, next_mode);
    put64(out + 32, 0);                /* options: keep OpenSBI's boot messages */
    put64(out + 40, boot_hart);
}
