/* SPDX-License-Identifier: MIT */
/* The host terminal on stdin: raw mode for the guest console (QEMU's qemu_chr_set_echo_stdio
   settings) and its restoration on every way out of the process: exit (atexit), termination
   signals (SIGINT/SIGTERM/SIGHUP), crash signals, job control (SIGTSTP/SIGCONT). */
#ifndef TERN_TERM_H
#define TERN_TERM_H

#include <stdbool.h>

/* Put fd (a terminal) in raw mode. allow_signals keeps ISIG, so Ctrl-C/Ctrl-Z reach tern
   instead of the guest (QEMU's stdio "signal=on"). False (nothing changed) when fd is not a
   terminal. The saved settings are restored by term_restore and at exit. */
bool term_raw_enter(int fd, bool allow_signals);
/* Put the terminal back as it was before term_raw_enter; idempotent, async-signal-safe. */
void term_restore(void);
/* Whether raw mode is in effect now. */
bool term_is_raw(void);

/* SIGINT, SIGTERM and SIGHUP restore the terminal and then write one byte to wake_fd, so the
   thread reading it can shut the machine down cleanly (exit status 128+signal). With
   wake_fd < 0, or on a second signal, the process leaves at once with _exit(128+signal). */
void term_signals_install(int wake_fd);
/* Stop notifying wake_fd (its reader is going away); signals then _exit(128+signal). */
void term_signals_detach(void);
/* The termination signal received since the last call, or 0. */
int term_take_signal(void);

#endif
