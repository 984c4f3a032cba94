#!/bin/sh
# SPDX-License-Identifier: MIT
# The serial console on a real terminal: tern runs on the slave side of a pseudo-terminal
# (python3's pty support) with a bare-metal echo program on -machine virt's UART. Checks raw
# mode while running and the exact terminal settings after every way out: C-a x, the monitor's
# quit, SIGTERM, SIGHUP, Ctrl-C (plain -serial stdio), Ctrl-Z/fg; and C-a x on a pipe.
# Usage: console_test.sh TERN CASE     (exit 0 pass, 1 fail, 77 skipped)
set -u
tern=$1
case=$2
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: $cc not found"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

# Prints "ready\n", then echoes every byte it receives; 'q' exits through the test device.
cat >"$tmp/echo.S" <<'EOF'
  .globl _start
_start:
  li s0, 0x10000000
  la a1, msg
1: lbu a0, 0(a1)
  beqz a0, 2f
  sb a0, 0(s0)
  addi a1, a1, 1
  j 1b
2: lbu t0, 5(s0)
  andi t0, t0, 1
  beqz t0, 2b
  lbu a0, 0(s0)
  li t1, 'q'
  beq a0, t1, 3f
  sb a0, 0(s0)
  j 2b
3: li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
4: j 4b
msg: .asciz "ready\n"
EOF
"$cc" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--no-relax \
  -Wl,-Ttext=0x80000000 -o "$tmp/echo.elf" "$tmp/echo.S" || { echo "FAIL: fixture"; exit 1; }

cat >"$tmp/drive.py" <<'EOF'
import fcntl, os, select, signal, subprocess, sys, termios, time

tern, kernel, case = sys.argv[1], sys.argv[2], sys.argv[3]
LF = 3  # index of lflag in a termios list

def fail(msg, out=b""):
    print("FAIL [%s]: %s" % (case, msg))
    if out:
        print("--- output:\n" + out.decode("latin-1")[-2000:])
    sys.exit(1)

class Tern:
    """tern with a pseudo-terminal as stdin/stdout/stderr and controlling terminal."""
    def __init__(self, *extra):
        try:
            self.master, self.slave = os.openpty()
        except OSError as e:
            print("SKIP: no pseudo-terminal: %s" % e)
            sys.exit(77)
        self.before = termios.tcgetattr(self.slave)
        def child():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.p = subprocess.Popen(
            [tern, "-machine", "virt", "-bios", "none", "-kernel", kernel] + list(extra),
            stdin=self.slave, stdout=self.slave, stderr=self.slave, preexec_fn=child,
            close_fds=True)
        self.out = b""

    def read_until(self, what, secs=10):
        end = time.time() + secs
        while what not in self.out:
            left = end - time.time()
            if left <= 0:
                self.kill()
                fail("timed out waiting for %r" % what, self.out)
            r, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if r:
                try:
                    self.out += os.read(self.master, 4096)
                except OSError:
                    self.kill()
                    fail("terminal closed waiting for %r" % what, self.out)

    def drain(self, secs):
        end = time.time() + secs
        while time.time() < end:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if r:
                try:
                    self.out += os.read(self.master, 4096)
                except OSError:
                    return

    def send(self, b):
        os.write(self.master, b)

    def attrs(self):
        return termios.tcgetattr(self.slave)

    def check_raw(self, isig):
        a = self.attrs()
        if a[LF] & (termios.ICANON | termios.ECHO):
            fail("terminal not in raw mode while running", self.out)
        if bool(a[LF] & termios.ISIG) != isig:
            fail("ISIG is %s, expected %s" % (bool(a[LF] & termios.ISIG), isig), self.out)
        if a[0] & termios.ICRNL:
            fail("ICRNL still set in raw mode", self.out)
        if not a[1] & termios.OPOST:
            fail("output post-processing was turned off", self.out)

    def wait(self, secs=10):
        end = time.time() + secs
        while self.p.poll() is None:
            if time.time() > end:
                self.kill()
                fail("tern did not exit", self.out)
            self.drain(0.05)
        self.drain(0.1)
        return self.p.returncode

    def check_restored(self):
        after = self.attrs()
        if after != self.before:
            fail("terminal settings changed: before %r after %r" % (self.before, after),
                 self.out)

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()

def expect_rc(rc, want, t):
    if rc != want:
        fail("exit status %d, expected %d" % (rc, want), t.out)

if case == "escape-exit":
    t = Tern("-nographic")
    t.read_until(b"ready")
    t.check_raw(isig=False)
    t.send(b"hi")
    t.read_until(b"hi")
    t.send(b"\x01x")
    expect_rc(t.wait(), 0, t)
    if b"tern: terminated" not in t.out:
        fail("no termination message", t.out)
    t.check_restored()
elif case == "guest-exit":
    t = Tern("-serial", "mon:stdio")
    t.read_until(b"ready")
    t.check_raw(isig=False)
    t.send(b"q")
    expect_rc(t.wait(), 0, t)
    t.check_restored()
elif case in ("sigterm", "sighup"):
    sig = signal.SIGTERM if case == "sigterm" else signal.SIGHUP
    t = Tern("-nographic")
    t.read_until(b"ready")
    t.check_raw(isig=False)
    t.p.send_signal(sig)
    expect_rc(t.wait(), 128 + sig, t)
    t.check_restored()
elif case == "ctrl-c-guest":
    # mon:stdio: Ctrl-C is a byte for the guest (it echoes it back), not a signal.
    t = Tern("-nographic")
    t.read_until(b"ready")
    t.send(b"a\x03b")
    t.read_until(b"a\x03b")
    if t.p.poll() is not None:
        fail("Ctrl-C stopped tern", t.out)
    t.send(b"\x01x")
    expect_rc(t.wait(), 0, t)
    t.check_restored()
elif case == "ctrl-c-stdio":
    # plain stdio keeps ISIG: Ctrl-C stops tern (QEMU's signal=on), status 128+SIGINT.
    t = Tern("-serial", "stdio")
    t.read_until(b"ready")
    t.check_raw(isig=True)
    t.send(b"\x01x")                 # no escapes on plain stdio: the guest gets both bytes
    t.read_until(b"\x01x")
    t.send(b"\x03")
    expect_rc(t.wait(), 128 + signal.SIGINT, t)
    t.check_restored()
elif case == "suspend":
    t = Tern("-serial", "stdio")
    t.read_until(b"ready")
    t.send(b"\x1a")                  # Ctrl-Z
    end = time.time() + 10
    while True:
        pid, status = os.waitpid(t.p.pid, os.WUNTRACED | os.WNOHANG)
        if pid and os.WIFSTOPPED(status):
            break
        if time.time() > end:
            t.kill()
            fail("Ctrl-Z did not stop tern", t.out)
        time.sleep(0.02)
    t.check_restored()               # a stopped tern leaves the terminal usable
    os.kill(t.p.pid, signal.SIGCONT)
    end = time.time() + 10
    while t.attrs()[LF] & termios.ICANON:
        if time.time() > end:
            t.kill()
            fail("raw mode not back after SIGCONT", t.out)
        time.sleep(0.02)
    t.check_raw(isig=True)
    t.send(b"zz")
    t.read_until(b"zz")
    t.send(b"q")
    expect_rc(t.wait(), 0, t)
    t.check_restored()
elif case == "monitor":
    t = Tern("-nographic")
    t.read_until(b"ready")
    t.send(b"\x01c")
    t.read_until(b"(qemu) ")
    t.send(b"info status\r")
    t.read_until(b"VM status: running")
    t.send(b"stop\rinfo status\r")
    t.read_until(b"VM status: paused")
    t.send(b"xp /1xw 0x80000000\r")
    t.read_until(b"0000000080000000: 0x")
    t.send(b"cont\r\x01c")
    t.send(b"e1")                    # back on the console: the guest echoes
    t.read_until(b"e1")
    t.send(b"\x01cquit\r")
    expect_rc(t.wait(), 0, t)
    t.check_restored()
elif case == "pipe-escape":
    # QEMU applies the mux escapes to -nographic's stdio even when it is a pipe.
    p = subprocess.Popen([tern, "-machine", "virt", "-bios", "none", "-kernel", kernel,
                          "-nographic"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    first = p.stdout.readline()      # the guest is up (a loaded host may take a while)
    p.stdin.write(b"ab\x01\x01cd")
    p.stdin.flush()
    first += p.stdout.read(5)        # the echo, before C-a x ends it
    p.stdin.write(b"\x01x")
    p.stdin.flush()
    try:
        out, _ = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("C-a x on a pipe did not exit")
    out = first + out
    if p.returncode != 0:
        fail("exit status %d" % p.returncode, out)
    if b"ready\nab\x01cd" not in out or b"tern: terminated" not in out:
        fail("unexpected output", out)
else:
    fail("unknown case")
print("PASS [%s]" % case)
EOF
timeout 60 python3 "$tmp/drive.py" "$tern" "$tmp/echo.elf" "$case"
