/* SPDX-License-Identifier: MIT */
/* Raw mode of the host terminal and its restoration. The raw settings are QEMU's for a stdio
   chardev (chardev/char-stdio.c): no echo, no canonical input, no CR/LF translation of input,
   8-bit, output post-processing kept (ONLCR as the user had it); ISIG only when signals are
   allowed. Everything reachable from a signal handler here is async-signal-safe. */
#include "term.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_tio, raw_tio;
static int term_fd = -1;
static volatile sig_atomic_t raw_active;   /* raw settings are on the terminal now */
static volatile sig_atomic_t raw_wanted;   /* put them back after a job-control stop */
static volatile sig_atomic_t wake_fd = -1;
static int pending_sig;                    /* atomic: set in a handler, taken by a thread */
static volatile sig_atomic_t n_term_signals;

static void put_raw(void) {
    /* Only the foreground job may change the terminal; a background tcsetattr would stop us
       with SIGTTOU. The next SIGCONT (fg) retries. */
    if (raw_active || !raw_wanted || tcgetpgrp(term_fd) != getpgrp())
        return;
    if (tcsetattr(term_fd, TCSANOW, &raw_tio) == 0)
        raw_active = 1;
}

static void put_saved(void) {
    if (!raw_active)
        return;
    raw_active = 0;
    tcsetattr(term_fd, TCSANOW, &saved_tio);
}

void term_restore(void) {
    int e = errno;
    raw_wanted = 0;
    put_saved();
    errno = e;
}

bool term_is_raw(void) { return raw_active != 0; }

static void at_exit_restore(void) { term_restore(); }

/* Crash and broken-pipe signals: restore, then die of the signal as if we had no handler
   (SA_RESETHAND already put the default action back). */
static void on_fatal_signal(int sig) {
    term_restore();
    raise(sig);
}

static void on_tstp(int sig) {
    (void)sig;
    int e = errno;
    put_saved();
    kill(getpid(), SIGSTOP);
    /* Continued: on_cont puts raw mode back if we are in the foreground. */
    errno = e;
}

static void on_cont(int sig) {
    (void)sig;
    int e = errno;
    put_raw();
    errno = e;
}

static void install_if_default(int sig, void (*fn)(int), int flags) {
    struct sigaction old;
    if (sigaction(sig, NULL, &old) != 0)
        return;
    /* Leave handlers installed by someone else (sanitizers, a debugger stub) alone. */
    if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

bool term_raw_enter(int fd, bool allow_signals) {
    struct termios t;
    if (!isatty(fd) || tcgetattr(fd, &t) != 0)
        return false;
    if (term_fd < 0) {
        term_fd = fd;
        saved_tio = t;
        atexit(at_exit_restore);
        static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGQUIT,
                                    SIGPIPE, SIGXCPU, SIGXFSZ};
        for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
            install_if_default(fatal[i], on_fatal_signal, SA_RESETHAND | SA_NODEFER);
        install_if_default(SIGTSTP, on_tstp, SA_RESTART);
        install_if_default(SIGCONT, on_cont, SA_RESTART);
    } else if (fd != term_fd) {
        return false;                 /* one terminal only: its saved state is what we restore */
    }
    raw_tio = saved_tio;
    raw_tio.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
                                   IXON);
    raw_tio.c_oflag |= OPOST;
    raw_tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN);
    if (allow_signals)
        raw_tio.c_lflag |= ISIG;
    else
        raw_tio.c_lflag &= ~(tcflag_t)ISIG;
    raw_tio.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    raw_tio.c_cflag |= CS8;
    raw_tio.c_cc[VMIN] = 1;
    raw_tio.c_cc[VTIME] = 0;
    raw_wanted = 1;
    raw_active = 0;
    if (tcgetpgrp(fd) != getpgrp()) {
        /* Started in the background: wait for SIGCONT (fg) to take the terminal. */
        return true;
    }
    if (tcsetattr(fd, TCSANOW, &raw_tio) != 0) {
        raw_wanted = 0;
        return false;
    }
    raw_active = 1;
    return true;
}

static void on_term_signal(int sig) {
    int e = errno;
    term_restore();
    n_term_signals++;
    int fd = wake_fd;
    if (n_term_signals > 1 || fd < 0)
        _exit(128 + sig);
    __atomic_store_n(&pending_sig, sig, __ATOMIC_RELEASE);
    char b = 's';
    if (write(fd, &b, 1) != 1)
        _exit(128 + sig);
    errno = e;
}

void term_signals_install(int fd) {
    wake_fd = fd;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term_signal;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        for (size_t j = 0; j < sizeof sigs / sizeof sigs[0]; j++)
            sigaddset(&sa.sa_mask, sigs[j]);
        sigaction(sigs[i], &sa, NULL);
    }
}

void term_signals_detach(void) { wake_fd = -1; }

int term_take_signal(void) {
    return __atomic_exchange_n(&pending_sig, 0, __ATOMIC_ACQ_REL);
}
