/* SPDX-License-Identifier: MIT */
/* GDB remote stub (QEMU's -s / -gdb tcp::PORT / -S): one debugger over TCP drives the CPUs
   (stop, continue, single-step, software breakpoints kept in the stub), reads and writes
   registers and memory (through the MMU). All-stop: one GDB thread per CPU. */
#ifndef TERN_GDBSTUB_H
#define TERN_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct Machine;

/* Listen on spec ("tcp::1234", "tcp:HOST:PORT", ":PORT", "PORT"; "none" starts nothing;
   port 0 picks a free port and prints it on stderr). With wait_for_attach (-S) the CPUs stay
   stopped before their first instruction until a debugger continues them. Call after
   machine_create and before machine_run. False with a message on stderr on failure. */
bool gdbstub_start(struct Machine *m, const char *spec, bool wait_for_attach);
/* Tell an attached debugger that the machine exited (W packet), close the connection and
   release the CPUs. Call after machine_run returns and before machine_free. */
void gdbstub_stop(struct Machine *m);

/* For tests: a stub with no socket, thread or execution hook over a machine whose CPUs are
   not running. gdbstub_handle_packet takes one packet's payload (no framing) and writes the
   reply payload to out; it returns the reply length, or -1 when the packet gets no reply now
   (a resume: the stop reply comes later; kill; detach closes). */
typedef struct GdbStub GdbStub;
GdbStub *gdbstub_new(struct Machine *m);
void gdbstub_free(GdbStub *s);
long gdbstub_handle_packet(GdbStub *s, const uint8_t *pkt, size_t len, uint8_t *out,
                           size_t cap);
/* Which CPUs the last resume asked to run/step (bit i: CPU i single-steps); -1 if the stub
   has not resumed since the last stop. */
long gdbstub_test_resumed(const GdbStub *s);

#endif
