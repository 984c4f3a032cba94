/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/slirp_net.c's poll loop without a guest: when poll() fails with something
   other than EINTR (here EINVAL: more descriptors than RLIMIT_NOFILE allows) the network
   thread says so on stderr and keeps going, and says so again when poll works. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hw/slirp_net.h"

#include "tests/unit/check.h"

static char log_path[] = "/tmp/tern-slirp-test-XXXXXX";
static int logfd = -1;

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Waits up to 3 s for text to appear in the captured stderr (read through the descriptor
   already open: no new one may be opened while RLIMIT_NOFILE is 0). */
static bool wait_log(const char *text) {
    for (int i = 0; i < 300; i++) {
        char buf[4096];
        ssize_t n = pread(logfd, buf, sizeof buf - 1, 0);
        buf[n > 0 ? n : 0] = 0;
        if (strstr(buf, text))
            return true;
        sleep_ms(10);
    }
    return false;
}

static void test_poll_failure(void) {
    char err[256];
    NetPeer *p = slirp_net_create(NULL, err, sizeof err);
    CHECK(p != NULL, "create: %s", err);
    if (!p)
        return;
    logfd = mkstemp(log_path);
    int saved = dup(2);
    CHECK(logfd >= 0 && saved >= 0 && dup2(logfd, 2) == 2, "redirect stderr");
    p->ops->start(p);
    sleep_ms(50);
    struct rlimit old, none = {0, 0};
    CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0, "getrlimit");
    none.rlim_max = old.rlim_max;
    /* The loop wakes at least once a second: its next poll() has one descriptor, over 0. */
    CHECK(setrlimit(RLIMIT_NOFILE, &none) == 0, "setrlimit");
    bool failed = wait_log("tern: user-mode network: poll: Invalid argument");
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "restore rlimit");
    CHECK(failed, "a failing poll() was not reported");
    CHECK(wait_log("tern: user-mode network: poll works again"),
          "the network thread did not keep going");
    p->ops->free(p);
    dup2(saved, 2);
    close(saved);
    close(logfd);
    unlink(log_path);
}

int main(void) {
    test_poll_failure();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
