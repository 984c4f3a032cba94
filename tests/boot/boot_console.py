#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Boot test driver: runs an emulator whose serial console is on stdio, boots the busybox
# initramfs from scripts/fetch-debian-riscv64.sh, types commands on the console and checks what
# the kernel and the shell answer, then reboots once and powers off. Standard library only.
import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
import hashlib


class Failure(Exception):
    pass


class Console:
    """The emulator process and everything it has printed so far."""

    def __init__(self, cmd, log_path):
        self.log = open(log_path, "wb") if log_path else None
        self.buf = bytearray()
        self.cond = threading.Condition()
        self.eof = False
        self.t0 = time.monotonic()
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            sys.exit(f"boot test: cannot run {cmd[0]}: {e}")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.pos = 0  # expect() searches from here on

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            with self.cond:
                if not chunk:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.buf += chunk
                if self.log:
                    self.log.write(chunk)
                    self.log.flush()
                self.cond.notify_all()

    def text(self, start=0, end=None):
        with self.cond:
            return self.buf[start:end].decode("utf-8", "replace")

    def expect(self, pattern, timeout, what):
        """Waits for a regex (bytes) after self.pos; moves self.pos past the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = rx.search(self.buf, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")
                if self.eof:
                    raise Failure(f"emulator output ended while waiting for {what}")
                self.cond.wait(min(left, 0.5))

    def send(self, text):
        # Small chunks with pauses: a UART without input flow control then still keeps up.
        data = text.encode()
        try:
            for i in range(0, len(data), 8):
                self.proc.stdin.write(data[i:i + 8])
                self.proc.stdin.flush()
                time.sleep(0.005)
        except BrokenPipeError:
            raise Failure("emulator closed its input")

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"emulator still running {timeout:.0f} s after poweroff")

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self.reader.join(5)
        if self.log:
            self.log.close()


class Session:
    def __init__(self, con, cmd_timeout):
        self.con = con
        self.cmd_timeout = cmd_timeout
        self.n = 0
        self.failures = []

    def check(self, ok, msg):
        print(("ok    " if ok else "FAIL  ") + msg, flush=True)
        if not ok:
            self.failures.append(msg)

    def wait_shell(self):
        # Typed text before the shell reads the tty may be echoed or dropped: retry a probe
        # whose answer ($((...)) expanded) differs from its echo.
        for _ in range(10):
            self.n += 1
            self.con.send(f"echo SYNC{self.n}-$((40+2))\n")
            try:
                self.con.expect(rb"SYNC%d-42" % self.n, 3, "the shell")
                return
            except Failure:
                pass
        raise Failure("the shell does not answer on the console")

    def run(self, cmd, timeout=None):
        """Runs one shell command; returns (exit status, output)."""
        self.n += 1
        tag = f"@@END{self.n}:"
        start = len(self.con.buf)
        self.con.send(f"{cmd}; echo '{tag}'$?@@\n")
        m = self.con.expect(re.escape(tag.encode()) + rb"(\d+)@@", timeout or self.cmd_timeout,
                            f"the end of '{cmd}'")
        out = self.con.text(start, m.start())
        # Drop the echo of the typed line (it ends with the unexpanded tag). A line typed while
        # the shell is still busy is echoed twice (by the tty as typeahead, then by the shell's
        # line editor): drop up to the last echo.
        echo_end = out.rfind(f"{tag}'$?@@")
        if echo_end >= 0:
            nl = out.find("\n", echo_end)
            out = out[nl + 1:] if nl >= 0 else ""
        return int(m.group(1)), out.replace("\r", "")

    def boot(self, n, timeout):
        m = self.con.expect(rb"tern-init: up", timeout, f"'tern-init: up' (boot {n})")
        del m
        secs = time.monotonic() - self.con.t0
        print(f"boot {n}: 'tern-init: up' after {secs:.2f} s", flush=True)
        self.wait_shell()
        return secs


def guest_checks(s, cpuinfo_expect=()):
    rc, out = s.run("uname -m")
    s.check(rc == 0 and out.strip() == "riscv64", f"uname -m is riscv64 (got {out.strip()!r})")

    rc, out = s.run("cat /proc/cpuinfo")
    harts = re.findall(r"^hart\s*:\s*(\d+)", out, re.M)
    isa = re.search(r"^isa\s*:\s*(rv64\S*)", out, re.M)
    s.check(rc == 0 and len(harts) >= 1, f"/proc/cpuinfo lists harts {harts}")
    base = isa.group(1).split("_")[0] if isa else ""
    s.check(bool(isa) and all(x in base[4:] for x in "imafdc"),
            f"/proc/cpuinfo isa is RV64 with IMAFDC ({isa.group(1) if isa else None})")
    for pat in cpuinfo_expect:
        s.check(re.search(pat, out, re.M) is not None,
                f"/proc/cpuinfo matches {pat!r}")

    rc, out = s.run("cat /proc/uptime; sleep 1; cat /proc/uptime")
    ups = [float(x) for x in re.findall(r"^(\d+\.\d+) ", out, re.M)]
    s.check(len(ups) == 2 and ups[1] - ups[0] >= 0.95,
            f"sleep 1 advances /proc/uptime by a second ({ups})")

    rc, out = s.run("cat /proc/interrupts")
    def irq_count(name):
        m = re.search(r"^\s*\S+:\s+(\d+)\s.*\b" + re.escape(name) + r"\s*$", out, re.M)
        return int(m.group(1)) if m else None
    timer, uart = irq_count("riscv-timer"), irq_count("ttyS0")
    s.check(timer is not None and timer > 0, f"/proc/interrupts: riscv-timer fired ({timer})")
    s.check(uart is not None and uart > 0, f"/proc/interrupts: ttyS0 fired ({uart})")

    rc, out = s.run("date; date +%s")
    m = re.search(r"^(\d+)\s*$", out, re.M)
    guest = int(m.group(1)) if m else 0
    s.check(abs(guest - time.time()) < 86400,
            f"guest date is the host's within a day (RTC): {out.strip().splitlines()}")

    rc, out = s.run("grep -c ' /tmp tmpfs ' /proc/mounts")
    s.check(out.strip() == "1", "/tmp is a tmpfs")
    rc, out = s.run("echo tern-$((6*7)) >/tmp/t && cat /tmp/t")
    s.check(rc == 0 and out.strip() == "tern-42", f"tmpfs write+read ({out.strip()!r})")
    size = 512 * 1024
    rc, out = s.run(f"dd if=/dev/zero bs=1024 count={size // 1024} 2>/dev/null | tr '\\0' x "
                    ">/tmp/f && wc -c </tmp/f && md5sum /tmp/f && rm /tmp/f")
    want = hashlib.md5(b"x" * size).hexdigest()
    s.check(rc == 0 and str(size) in out.split() and want in out,
            f"tmpfs 512 KiB file has size {size} and md5 {want}")

    # Ctrl-C reaches the foreground job only if the shell owns the console as its controlling
    # tty (cttyhack) and the UART delivers the byte while the guest sleeps in the timer.
    # Each step waits for the console to show the previous one: under load a Ctrl-C typed
    # before the shell ran sleep, or a command typed before the shell printed its new prompt,
    # would be eaten by the line editor rather than test anything.
    s.con.send("sleep 30\n")
    s.con.expect(rb"sleep 30\r?\n", 30, "the echo of 'sleep 30'")
    time.sleep(1.5)
    s.con.send("\x03")
    t = time.monotonic()
    try:
        s.con.expect(rb"\^C[^\n]*\n(?:[^\n]*\n)*?[^\n]*# ", 10, "the prompt after Ctrl-C")
        rc, out = s.run("echo interrupted", timeout=10)
        s.check(out.strip() == "interrupted",
                f"Ctrl-C ends a foreground sleep ({time.monotonic() - t:.1f} s)")
    except Failure:
        s.check(False, "Ctrl-C ends a foreground sleep (shell still busy after 10 s)")
        s.con.expect(rb"interrupted", 30, "the shell after sleep 30")

    rc, out = s.run("cat /proc/modules")
    loaded = {line.split()[0] for line in out.splitlines() if line.strip()}
    for mod in ("virtio_mmio", "virtio_blk", "virtio_net"):
        s.check(mod in loaded, f"module {mod} loaded")


def log_checks(s, log):
    for rx, what in [(r"Oops", "Oops"), (r"\bBUG\b", "BUG"), (r"WARNING", "WARNING"),
                     (r"rcu_sched", "rcu_sched"), (r"\bstall", "stall"),
                     (r"Kernel panic", "Kernel panic"), (r"tern-init: insmod", "insmod failure")]:
        hits = [line for line in log.splitlines() if re.search(rx, line)]
        s.check(not hits, f"no {what} in the log" + (f": {hits[0].strip()!r}" if hits else ""))
    for rx, what in [(r"ttyS0 at MMIO 0x10000000", "8250 UART ttyS0 at 0x10000000"),
                     (r"riscv-plic: \S+: mapped \d+ interrupts", "PLIC (riscv-plic)"),
                     (r"riscv-timer|riscv_timer|clint", "timer (riscv-timer/clint)"),
                     (r"goldfish_rtc \S+: registered as rtc0|rtc-goldfish", "goldfish RTC")]:
        s.check(re.search(rx, log) is not None, f"probed: {what}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--log", help="write the console transcript here")
    ap.add_argument("--boot-timeout", type=float, default=120)
    ap.add_argument("--cmd-timeout", type=float, default=30)
    ap.add_argument("--no-reboot", action="store_true", help="skip the reboot check")
    ap.add_argument("--expect-cpuinfo", action="append", default=[], metavar="REGEX",
                    help="a line /proc/cpuinfo must have (re.M); repeatable")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no emulator command")
    print("boot test: " + " ".join(cmd), flush=True)

    con = Console(cmd, a.log)
    s = Session(con, a.cmd_timeout)
    try:
        s.boot(1, a.boot_timeout)
        guest_checks(s, a.expect_cpuinfo)
        if not a.no_reboot:
            con.send("reboot -f\n")
            s.boot(2, a.boot_timeout)
            rc, out = s.run("uname -m")
            s.check(out.strip() == "riscv64", "shell works after reboot")
        con.send("poweroff -f\n")
        status = con.wait_exit(60)
        s.check(status == 0, f"emulator exit status after poweroff is 0 ({status})")
    except Failure as e:
        s.check(False, str(e))
        tail = con.text().replace("\r", "").splitlines()[-40:]
        print("--- last console lines ---\n" + "\n".join(tail), flush=True)
    finally:
        con.kill()
    log = con.text().replace("\r", "")
    if log.count("tern-init: up") >= 1:
        log_checks(s, log)
    if a.log:
        print(f"transcript: {a.log}")
    if s.failures:
        print(f"boot test FAILED ({len(s.failures)} check(s))")
        return 1
    print("boot test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
