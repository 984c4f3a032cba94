#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs one public riscv64 QEMU command line from tests/wild/lines.txt (tern issue 10) with tern
# in place of qemu-system-riscv64: the options stay as published, only the file names are
# replaced by the project's guest image (Debian's kernel, the busybox initramfs, Debian's
# OpenSBI, scratch ext4 disks made by mke2fs). Then it watches the serial console on stdio for
# the entry's EXPECT marker and powers the guest off (or stops the emulator where the guest
# cannot get that far). Exit 0 = as expected, 1 = not, 77 = the line needs what we lack.
# usage: run_line.py [--emulator PATH] [--qemu] [--cache DIR] [--lines FILE] [--log F] NAME
import argparse
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic"

MARKERS = {
    "init": re.compile(rb"tern-init: up"),
    # No initrd on the line: Debian's kernel has virtio_blk and ext4 as modules, so it gets as
    # far as looking for its root device (or panicking without one) and no further.
    "kernel": re.compile(rb"Waiting for root device|VFS: Unable to mount root|"
                         rb"Kernel panic - not syncing"),
    "sbi": re.compile(rb"OpenSBI v\d"),
}


def load(lines, name):
    with open(lines) as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            n, source, expect, cmd = [p.strip() for p in raw.split(" | ", 3)]
            if n == name:
                return source, expect, cmd
    sys.exit(f"run_line: no entry {name!r} in {lines}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_disk(tmp, name):
    path = os.path.join(tmp, name + ".ext4")
    with open(path, "wb") as f:
        f.truncate(32 << 20)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-L", "rootfs", path], check=True)
    return path


def substitute(args, cache, tmp):
    """Replaces each {placeholder} by a file we have; returns (argv, what was substituted)."""
    kernel = os.path.join(cache, "Image")
    notes = []
    disks = {}

    def file_for(ph, opt):
        if ph == "kernel":
            return kernel, None
        if ph == "initrd":
            return os.path.join(cache, "initramfs.cpio.gz"), None
        if ph in ("rootfs", "disk", "disk2"):
            if ph not in disks:
                disks[ph] = make_disk(tmp, ph)
            return disks[ph], "a blank 32 MiB ext4 image (mke2fs)"
        if ph == "secret":
            path = os.path.join(tmp, "master-key.aes")
            with open(path, "wb") as f:
                f.write(os.urandom(32))
            return path, "a random 32-byte key file"
        if ph == "fw_jump":
            if opt == "-kernel":
                # Where a line puts an OpenSBI build in the kernel slot we keep Debian's.
                return os.path.join(OPENSBI, "fw_jump.elf"), "Debian's OpenSBI fw_jump.elf"
            return os.path.join(OPENSBI, "fw_jump.elf"), None
        if ph in ("uboot", "uboot_spl", "rustsbi") and opt == "-bios":
            # M-mode firmware we do not have: Debian's OpenSBI fw_jump (next stage 0x80200000).
            return os.path.join(OPENSBI, "fw_jump.elf"), "Debian's OpenSBI fw_jump.elf"
        if ph in ("uboot", "uboot_itb", "fw_payload", "bbl", "os_bin"):
            # S-mode payloads we do not have (U-Boot, OpenSBI+Linux, bbl, a teaching kernel):
            # Debian's kernel in their place.
            return kernel, "Debian's kernel Image"
        sys.exit(f"run_line: unknown placeholder {{{ph}}}")

    out = []
    prev = None
    for a in args:
        def repl(m):
            ph = m.group(1)
            if ph == "port":
                return str(free_port())
            path, note = file_for(ph, prev)
            if note:
                notes.append(f"{{{ph}}} -> {note}")
            return path
        # {name} placeholders only; JSON braces ({"qom-type":...}) are left alone.
        out.append(re.sub(r"\{([a-z_0-9]+)\}", repl, a))
        prev = a
    return out, notes


class Console:
    def __init__(self, argv, log):
        self.buf = bytearray()
        self.cond = threading.Condition()
        self.log = open(log, "wb") if log else None
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            with self.cond:
                if not data:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.buf += data
                if self.log:
                    self.log.write(data)
                    self.log.flush()
                self.cond.notify_all()

    eof = False

    def wait_for(self, regex, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                m = regex.search(self.buf)
                if m:
                    return m
                left = end - time.monotonic()
                if left <= 0 or self.eof:
                    return None
                self.cond.wait(min(left, 0.5))

    def wait_eof(self, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while not self.eof and time.monotonic() < end:
                self.cond.wait(0.2)

    def send(self, text):
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def refused(con, pattern):
    """The line is refused today: tern must say why in one line and exit non-zero."""
    try:
        rc = con.proc.wait(15)
    except subprocess.TimeoutExpired:
        print("  FAIL: tern accepted the line (still running after 15 s): "
              "lines.txt should now expect init, kernel or sbi")
        return 1
    con.wait_eof(5)
    out = bytes(con.buf).decode(errors="replace")
    errs = [line for line in out.splitlines() if line.startswith("tern: ")]
    if rc == 0 or not re.search(pattern, out):
        print(f"  FAIL: expected a refusal matching {pattern!r}, got exit {rc}:\n{out[-1500:]}")
        return 1
    print(f"  refused as expected (exit {rc}): {errs[0] if errs else out.strip()}")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True, help="tern (or qemu-system-riscv64)")
    ap.add_argument("--cache", default=os.path.join(ROOT, ".cache", "debian-riscv64"))
    ap.add_argument("--lines", default=os.path.join(HERE, "lines.txt"))
    ap.add_argument("--log")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("name")
    opt = ap.parse_args()

    source, expect, cmd = load(opt.lines, opt.name)
    print(f"wild.{opt.name}: {source}")
    print(f"  published: {cmd}")
    if expect.startswith("skip:"):
        print(f"  SKIP: {expect[5:]}")
        return 77
    for f in ("Image", "initramfs.cpio.gz"):
        if not os.path.exists(os.path.join(opt.cache, f)):
            print(f"  SKIP: no {f} in {opt.cache} (scripts/fetch-debian-riscv64.sh)")
            return 77

    args = shlex.split(cmd)
    assert args[0] == "qemu-system-riscv64", args[0]
    with tempfile.TemporaryDirectory(prefix="tern-wild.") as tmp:
        argv, notes = substitute(args[1:], opt.cache, tmp)
        argv = [opt.emulator] + argv
        for n in sorted(set(notes)):
            print(f"  substituted: {n}")
        print("  running: " + " ".join(shlex.quote(a) for a in argv), flush=True)
        t0 = time.monotonic()
        con = Console(argv, opt.log)
        try:
            if expect.startswith("refused:"):
                return refused(con, expect[len("refused:"):])
            m = con.wait_for(MARKERS[expect], opt.timeout)
            dt = time.monotonic() - t0
            if not m:
                tail = bytes(con.buf[-1500:]).decode(errors="replace")
                status = con.proc.poll()
                print(f"  FAIL: no {MARKERS[expect].pattern.decode()!r} after {dt:.1f} s "
                      f"(emulator {'exited ' + str(status) if status is not None else 'running'})")
                print("  --- console/stderr tail ---\n" + tail)
                return 1
            print(f"  reached {m.group(0).decode()!r} in {dt:.1f} s")
            if expect == "init":
                # Leaving /init's shell powers the guest off (poweroff -f).
                con.wait_for(re.compile(rb"# $", re.M), 10)
                con.send("exit\n")
                try:
                    rc = con.proc.wait(30)
                except subprocess.TimeoutExpired:
                    print("  FAIL: the guest did not power off within 30 s")
                    return 1
                if rc != 0:
                    print(f"  FAIL: emulator exit status {rc} after the guest's poweroff")
                    return 1
                print(f"  powered off, exit status 0, {time.monotonic() - t0:.1f} s in all")
            return 0
        finally:
            con.stop()


if __name__ == "__main__":
    sys.exit(main())
