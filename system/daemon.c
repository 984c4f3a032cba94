/* SPDX-License-Identifier: MIT */
/* -daemonize and -pidfile (QEMU os-posix.c os_daemonize/os_setup_post, util/oslib-posix.c
   qemu_write_pidfile). */
#define _GNU_SOURCE
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

bool daemon_start(int *ready_fd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        fprintf(stderr, "tern: -daemonize: cannot create a pipe: %s\n", strerror(errno));
        return false;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "tern: -daemonize: cannot fork: %s\n", strerror(errno));
        return false;
    }
    if (pid > 0) {
        close(fds[1]);
        char status;
        ssize_t n;
        do
            n = read(fds[0], &status, 1);
        while (n < 0 && errno == EINTR);
        /* EOF: the child failed before it was ready (and said why on stderr). */
        if (n != 1) {
            waitpid(pid, NULL, WNOHANG);
            _exit(1);
        }
        _exit(status ? 1 : 0);
    }
    close(fds[0]);
    setsid();
    *ready_fd = fds[1];
    return true;
}

void daemon_ready(int ready_fd) {
    char ok = 0;
    ssize_t n = write(ready_fd, &ok, 1);
    (void)n;
    close(ready_fd);
    if (chdir("/") != 0)
        return;
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
}

static char pid_path[PATH_MAX];

static void pidfile_remove(void) {
    if (pid_path[0])
        unlink(pid_path);
}

/* A termination signal where no console handles them (the stdio console's own handler
   replaces this one and exits normally, through atexit): remove the file, then die of the
   signal as before. */
static void on_fatal_signal(int sig) {
    if (pid_path[0])
        unlink(pid_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

bool pidfile_create(const char *path) {
    for (;;) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            fprintf(stderr, "tern: -pidfile %s: cannot create PID file: %s\n", path,
                    strerror(errno));
            return false;
        }
        if (lockf(fd, F_TLOCK, 0) != 0) {
            fprintf(stderr, "tern: -pidfile %s: cannot lock PID file: %s (is another tern "
                            "running with it?)\n", path, strerror(errno));
            close(fd);
            return false;
        }
        /* The file may have been removed and made anew between open and lock: retry then. */
        struct stat a, b;
        if (fstat(fd, &a) != 0 || stat(path, &b) != 0 || a.st_ino != b.st_ino ||
            a.st_dev != b.st_dev) {
            close(fd);
            continue;
        }
        char buf[32];
        int len = snprintf(buf, sizeof buf, "%d\n", (int)getpid());
        if (ftruncate(fd, 0) != 0 || write(fd, buf, (size_t)len) != len) {
            fprintf(stderr, "tern: -pidfile %s: cannot write PID file: %s\n", path,
                    strerror(errno));
            close(fd);
            return false;
        }
        /* fd stays open: the lock lasts as long as tern. The absolute path survives the
           daemon's chdir("/"). */
        if (!realpath(path, pid_path))
            pid_path[0] = 0;
        atexit(pidfile_remove);
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_fatal_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(sigs[i], &sa, NULL);
        }
        return true;
    }
}
