#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Guest-level virtio tests: Debian's riscv64 kernel + tern's busybox initramfs
# (scripts/fetch-debian-riscv64.sh) on -machine virt, driven over the console with
# tests/boot/boot_console.py's Console/Session. Cases:
#   disk     ext4 image built on the host (mke2fs -d) with files of known checksums: the guest
#            mounts /dev/vda, checks them, writes, syncs, powers off; a second boot (long form
#            -drive if=none + -device virtio-blk-device) finds the writes; e2fsck -fn is clean;
#            snapshot=on and -snapshot leave the image bytes unchanged; readonly=on is read-only.
#            if=virtio is a virtio-blk-pci (as QEMU 7.2), virtio-blk-device a virtio-mmio one.
#   net      udhcpc gets 10.0.2.15; wget fetches a file from a host http.server on 127.0.0.1
#            (as 10.0.2.2:PORT), md5 checked; hostfwd: the host talks to the guest's nc -l.
#   rng      /dev/hwrng (virtio_rng) gives bytes.
#   console  hvc0 on virtio-console (-chardev stdio) is the kernel console and the shell's tty.
#   pci-disk virtio over PCI: four functions (an ext4 disk, two raw disks, an entropy device)
#            in slots 1..4, so their INTA reaches all four PLIC inputs 32..35 through the
#            interrupt-map swizzle. The guest's lspci equivalent (sysfs vendor/device/class)
#            lists QEMU's host bridge and the modern virtio IDs, each function is bound to
#            virtio-pci with its BAR 4 placed by Linux, the files of the ext4 disk check out,
#            the raw disks read back the host's bytes and a guest write reaches the image.
#   pci-net  virtio-net-pci: DHCP, wget md5 from a host http server; a second NIC from
#            -nic user,model=virtio-net-pci enumerates at 00:02.0 with the next MAC.
#   pci-rng  virtio-rng-pci placed with addr=0x6 gives bytes; its INTA arrives on PLIC 34.
#   pci-console  virtio-serial-pci + virtconsole: hvc0 is the console, typed input arrives.
#   9p       -virtfs (a virtio-9p-pci) and -fsdev + -device virtio-9p-device,readonly=on: the
#            guest mounts both (9p2000.L), reads a host file (md5), writes one the host then
#            reads, mkdir/rename/unlink/symlink/readdir show on the host, '..' at the share's
#            root stays inside, the read-only share refuses writes and keeps its files; on a
#            mapped-xattr share chown/chmod show in the guest, the host file stays 0600.
#   flush    an acknowledged flush survives kill -9: the guest writes a known pattern to a raw
#            disk with dd conv=fsync, prints a marker only once fsync returned, tern is SIGKILLed
#            at the marker and the host finds the pattern in the image file. Control: a write
#            the guest did not flush (its writeback held back) is not in its image.
# Loopback only; ports are picked free at run time; everything is bounded by timeouts.
# usage: virtio_guest.py CASE --tern TERN [--cache DIR] [--log-dir DIR]
import argparse
import functools
import hashlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
from boot_console import Console, Failure, Session  # noqa: E402

BOOT_TIMEOUT = 180
CMD_TIMEOUT = 60


class Guest:
    def __init__(self, a, name, extra, append="console=ttyS0", serial=True):
        self.cmd = [a.tern, "-machine", "virt", "-m", "512M", "-nographic",
                    "-kernel", os.path.join(a.cache, "Image"),
                    "-initrd", os.path.join(a.cache, "initramfs.cpio.gz"),
                    "-append", append] + ([] if serial else ["-serial", "null"]) + extra
        self.log = os.path.join(a.log_dir, f"virtio_{name}.log")
        print(f"boot {name}: {' '.join(self.cmd)}", flush=True)
        self.con = Console(self.cmd, self.log)
        self.s = Session(self.con, CMD_TIMEOUT)

    def __enter__(self):
        try:
            self.s.boot(1, BOOT_TIMEOUT)
        except BaseException:
            self.__exit__(Failure, None, None)
            raise
        return self.s

    def __exit__(self, et, ev, tb):
        try:
            if et is None:
                self.con.send("poweroff -f\n")
                status = self.con.wait_exit(60)
                if status != 0:
                    raise Failure(f"exit status {status} after poweroff")
            elif et is Failure:
                tail = self.con.text().replace("\r", "").splitlines()[-30:]
                print("--- last console lines ---\n" + "\n".join(tail), flush=True)
        finally:
            self.con.kill()
        log = self.con.text()
        for rx in (r"Oops", r"Kernel panic", r"\bBUG\b", r"tern-init: insmod"):
            if re.search(rx, log):
                raise Failure(f"{rx} in the console log {self.log}")
        return False


def md5(data):
    return hashlib.md5(data).hexdigest()


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(tool):
    if not shutil.which(tool):
        print(f"SKIP: {tool} not installed")
        sys.exit(77)


# ---- disk ----

def case_disk(a, tmp):
    need("mke2fs")
    need("e2fsck")
    need("debugfs")
    root = os.path.join(tmp, "root")
    os.makedirs(os.path.join(root, "sub"))
    files = {"hello.txt": b"hello from the host\n",
             "sub/random.bin": os.urandom(300 * 1024 + 123)}
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
    img = os.path.join(tmp, "disk.img")
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-d", root, img, "16M"], check=True)

    def mount_and_check(s, opts=""):
        rc, out = s.run(f"mount -t ext4 {opts} /dev/vda /mnt && echo MOUNTED")
        s.check(rc == 0 and "MOUNTED" in out, f"mount /dev/vda ({out.strip()[-200:]!r})")
        for name, data in files.items():
            rc, out = s.run(f"md5sum /mnt/{name}")
            s.check(rc == 0 and out.split()[:1] == [md5(data)], f"md5 of {name} ({out.strip()})")

    # Boot 1: short form; read, then write and sync. The guest writes random bytes and says
    # their md5; the host reads the file back out of the image with debugfs.
    guest_md5 = None
    with Guest(a, "disk1", ["-drive", f"file={img},format=raw,if=virtio"]) as s:
        rc, out = s.run("readlink -f /sys/block/vda")
        s.check("/pci0000:00/0000:00:01.0/" in out,
                f"if=virtio is a virtio-blk-pci in slot 1, as QEMU 7.2's ({out.strip()!r})")
        mount_and_check(s)
        rc, out = s.run("dd if=/dev/zero of=/mnt/zero bs=1024 count=512 2>/dev/null && "
                        "echo tern-written-$((6*7)) >/mnt/new.txt && "
                        "dd if=/dev/urandom of=/mnt/rand.bin bs=1024 count=200 2>/dev/null && "
                        "sync && md5sum /mnt/rand.bin && umount /mnt && echo UNMOUNTED")
        m = re.search(r"^([0-9a-f]{32})\s+/mnt/rand.bin", out, re.M)
        guest_md5 = m.group(1) if m else None
        s.check(rc == 0 and m is not None and "UNMOUNTED" in out,
                f"write, sync and umount in the guest ({out.strip()[-160:]!r})")
        failures = list(s.failures)

    def host_check(ok, msg):
        print(("ok    " if ok else "FAIL  ") + msg, flush=True)
        if not ok:
            failures.append(msg)

    r = subprocess.run(["e2fsck", "-fn", img], capture_output=True, text=True)
    host_check(r.returncode == 0, f"e2fsck -fn clean after boot 1 (rc {r.returncode})")
    if r.returncode:
        print(r.stdout + r.stderr)
    r = subprocess.run(["debugfs", "-R", "cat /new.txt", img], capture_output=True)
    host_check(r.stdout.strip() == b"tern-written-42",
               f"host reads the guest's new.txt ({r.stdout[:40]!r})")
    out_file = os.path.join(tmp, "rand.out")
    subprocess.run(["debugfs", "-R", f"dump /rand.bin {out_file}", img], capture_output=True)
    host_md5 = md5(open(out_file, "rb").read()) if os.path.exists(out_file) else None
    host_check(guest_md5 is not None and host_md5 == guest_md5 and
               os.path.getsize(out_file) == 200 * 1024,
               f"host reads the guest's rand.bin with md5 {guest_md5} ({host_md5})")

    # Boot 2: long form; the writes are there.
    with Guest(a, "disk2", ["-drive", f"id=d0,file={img},format=raw,if=none",
                            "-device", "virtio-blk-device,drive=d0"]) as s:
        rc, out = s.run("readlink -f /sys/block/vda")
        s.check("/10008000.virtio_mmio/" in out,
                f"virtio-blk-device is on virtio-mmio slot 7 ({out.strip()!r})")
        mount_and_check(s)
        rc, out = s.run("cat /mnt/new.txt; md5sum /mnt/rand.bin; wc -c </mnt/zero")
        s.check("tern-written-42" in out and str(guest_md5) in out and "524288" in out,
                f"second boot finds the guest's files ({out.strip()!r})")
        rc, out = s.run("umount /mnt && echo UNMOUNTED")
        s.check("UNMOUNTED" in out, "umount")
        failures += s.failures

    # Boots 3 and 4: snapshot=on and -snapshot: the guest writes, the image stays the same.
    for name, extra in (("disk3", ["-drive", f"file={img},format=raw,if=virtio,snapshot=on"]),
                        ("disk4", ["-snapshot", "-drive", f"file={img},format=raw,if=virtio"])):
        before = sha256_file(img)
        with Guest(a, name, extra) as s:
            mount_and_check(s)
            rc, out = s.run("rm /mnt/new.txt && dd if=/dev/urandom of=/mnt/junk bs=1024 "
                            "count=256 2>/dev/null && sync && umount /mnt && "
                            "mount -t ext4 /dev/vda /mnt && ls /mnt && umount /mnt")
            s.check(rc == 0 and "junk" in out and "new.txt" not in out,
                    f"{name}: the guest sees its own writes ({out.strip()!r})")
            failures += s.failures
        host_check(sha256_file(img) == before, f"{name}: image unchanged")

    # Boot 5: readonly=on.
    before = sha256_file(img)
    with Guest(a, "disk5", ["-drive", f"file={img},format=raw,if=virtio,readonly=on"]) as s:
        rc, out = s.run("cat /sys/block/vda/ro")
        s.check(out.strip() == "1", f"readonly=on: /sys/block/vda/ro is 1 ({out.strip()!r})")
        mount_and_check(s, "-o ro,noload")
        s.run("umount /mnt")
        failures += s.failures
    host_check(sha256_file(img) == before, "readonly=on: image unchanged")
    r = subprocess.run(["e2fsck", "-fn", img], capture_output=True, text=True)
    host_check(r.returncode == 0, f"e2fsck -fn clean after all boots (rc {r.returncode})")
    return failures


# ---- net ----

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def case_net(a, tmp):
    www = os.path.join(tmp, "www")
    os.makedirs(www)
    payload = os.urandom(512 * 1024 + 77)
    with open(os.path.join(www, "payload.bin"), "wb") as f:
        f.write(payload)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(QuietHandler, directory=www))
    http_port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    fwd_port = free_port()
    extra = ["-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{fwd_port}-:7777",
             "-device", "virtio-net-device,netdev=n0"]
    try:
        with Guest(a, "net", extra) as s:
            rc, out = s.run("cat /sys/class/net/eth0/address")
            s.check(out.strip() == "52:54:00:12:34:56", f"MAC is QEMU's ({out.strip()})")
            rc, out = s.run("ip link set eth0 up && udhcpc -i eth0 -n -q -t 10 -T 2 2>&1 && "
                            "ip -4 addr show eth0 && ip route", timeout=90)
            s.check(rc == 0 and "inet 10.0.2.15/24" in out,
                    f"DHCP lease 10.0.2.15/24 ({' '.join(out.split())[-200:]!r})")
            s.check("default via 10.0.2.2" in out, "default route via 10.0.2.2")
            rc, out = s.run("grep nameserver /etc/resolv.conf")
            s.check("10.0.2.3" in out, f"DNS server 10.0.2.3 ({out.strip()!r})")
            rc, out = s.run(f"wget -q -O /tmp/p http://10.0.2.2:{http_port}/payload.bin && "
                            "md5sum /tmp/p", timeout=120)
            s.check(rc == 0 and md5(payload) in out,
                    f"wget from the host's http server, md5 {md5(payload)} ({out.strip()!r})")

            # hostfwd: the guest listens, the host connects through slirp.
            s.con.send("echo guest-says-hi | nc -l -p 7777 >/tmp/nc.out &\n")
            got, deadline = b"", time.monotonic() + 60
            while time.monotonic() < deadline and b"guest-says-hi" not in got:
                try:
                    with socket.create_connection(("127.0.0.1", fwd_port), timeout=5) as c:
                        c.settimeout(10)
                        c.sendall(b"host-says-hello\n")
                        got = b""
                        while b"\n" not in got:
                            chunk = c.recv(4096)
                            if not chunk:
                                break
                            got += chunk
                except OSError:
                    pass
                if b"guest-says-hi" not in got:
                    time.sleep(1)      # the guest's nc was not listening yet: slirp reset us
            s.check(b"guest-says-hi" in got, f"host reads the guest's line via hostfwd ({got!r})")
            rc, out = s.run("sleep 1; cat /tmp/nc.out")
            s.check("host-says-hello" in out, f"guest reads the host's line ({out.strip()!r})")
            return s.failures
    finally:
        httpd.shutdown()


# ---- rng ----

def case_rng(a, tmp):
    with Guest(a, "rng", ["-device", "virtio-rng-device"]) as s:
        rc, out = s.run("cat /sys/class/misc/hw_random/rng_current")
        s.check(out.strip().startswith("virtio_rng"), f"hwrng is virtio_rng ({out.strip()!r})")
        rc, out = s.run("dd if=/dev/hwrng bs=64 count=4 2>/dev/null | od -An -tx1 -v")
        data = bytes.fromhex("".join(out.split()))
        s.check(len(data) == 256, f"256 bytes from /dev/hwrng (got {len(data)})")
        s.check(len(set(data)) > 64, f"they look random ({len(set(data))} distinct values)")
        rc, out = s.run("dd if=/dev/hwrng bs=64 count=4 2>/dev/null | od -An -tx1 -v")
        s.check(bytes.fromhex("".join(out.split())) != data, "two reads differ")
        return s.failures


# ---- console ----

def case_console(a, tmp, pci=False):
    # The UART is on null: everything the test sees comes through hvc0.
    extra = ["-chardev", "stdio,id=con0", "-device", "virtio-console-device,chardev=con0"]
    if pci:
        extra = ["-chardev", "stdio,id=con0", "-device", "virtio-serial-pci",
                 "-device", "virtconsole,chardev=con0"]
    with Guest(a, "pci-console" if pci else "console", extra, append="console=hvc0",
               serial=False) as s:
        if pci:
            check_lspci(s, {"00:00.0": ("0x1b36", "0x0008", "0x060000"),
                            "00:01.0": ("0x1af4", "0x1043", "0x078000")})
        rc, out = s.run("cat /sys/class/tty/console/active; tty")
        s.check("hvc0" in out and "/dev/hvc0" in out, f"console and tty are hvc0 ({out!r})")
        rc, out = s.run("grep -c virtio /proc/interrupts")
        s.check(rc == 0 and int(out.strip() or 0) >= 1, "virtio interrupt registered")
        # 3 KiB typed into a reader: more than one receive buffer's worth in flight.
        lines = "".join(f"{i:03d}" + "abcdefghij" * 9 + "\n" for i in range(32)).encode()
        s.con.send(f"head -c {len(lines)} | md5sum | sed 's/^/SUM=/'\n")
        time.sleep(1)
        s.con.send(lines.decode())
        m = s.con.expect(rb"SUM=([0-9a-f]{32})", CMD_TIMEOUT, "the md5 of the typed lines")
        s.check(m.group(1).decode() == md5(lines),
                f"{len(lines)} typed bytes reach the guest intact")
        s.wait_shell()
        rc, out = s.run("seq 1 2000 | md5sum")
        want = md5("".join(f"{i}\n" for i in range(1, 2001)).encode())
        s.check(want in out, "guest output intact")
        return s.failures


# ---- flush ----

def flush_pattern(prefix, lines):
    """What the guest's awk writes (computed here independently of the guest)."""
    return "".join(f"{prefix}{i:05d}\n" for i in range(lines)).encode()


def case_flush(a, tmp):
    size = 8 << 20
    off = 2 << 20              # where both patterns go (dd bs=4096 seek=512)
    lines = 65536              # 17-byte lines: 1088 KiB, several requests, 4 KiB aligned
    pats = {"flush": flush_pattern("tern-flush-", lines),
            "nosync": flush_pattern("tern-nsync-", lines)}
    assert len(pats["flush"]) % 4096 == 0 and len(pats["flush"]) == len(pats["nosync"])
    imgs = {k: os.path.join(tmp, f"{k}.img") for k in pats}
    failures = []

    def host_check(ok, msg):
        print(("ok    " if ok else "FAIL  ") + msg, flush=True)
        if not ok:
            failures.append(msg)

    def at_offset(path):
        with open(path, "rb") as f:
            f.seek(off)
            return f.read(len(pats["flush"]))

    for k, path in imgs.items():
        with open(path, "wb") as f:
            f.truncate(size)
        with open(path, "rb") as f:
            before = f.read()
        host_check(pats[k][:17] not in before,
                   f"{k}.img does not hold its pattern before the boot")

    # vda: the flushed write; vdb: the control, written but never flushed.
    g = Guest(a, "flush", ["-drive", f"file={imgs['flush']},format=raw,if=virtio",
                           "-drive", f"file={imgs['nosync']},format=raw,if=virtio"])
    s = g.__enter__()
    try:
        rc, out = s.run("cat /sys/block/vda/size /sys/block/vdb/size")
        s.check(out.split() == [str(size // 512)] * 2,
                f"vda and vdb are the 8 MiB images ({out.split()})")
        rc, out = s.run("cat /sys/block/vda/queue/write_cache")
        # Without VIRTIO_BLK_F_FLUSH the kernel would never send a flush to test.
        s.check(out.strip() == "write back",
                f"vda has a volatile write cache, so the kernel sends flushes ({out.strip()!r})")
        # The control's dirty pages must stay in the guest's page cache: no periodic writeback,
        # and background writeback far above 1 MiB, also for each disk's own share of it (a new
        # device's share of the background threshold is near zero: mm/page-writeback.c).
        rc, out = s.run("echo 0 >/proc/sys/vm/dirty_writeback_centisecs && "
                        "echo 360000 >/proc/sys/vm/dirty_expire_centisecs && "
                        "echo 134217728 >/proc/sys/vm/dirty_background_bytes && "
                        "echo 268435456 >/proc/sys/vm/dirty_bytes && "
                        "echo 45 >/sys/block/vda/bdi/min_ratio && "
                        "echo 45 >/sys/block/vdb/bdi/min_ratio && echo SET")
        s.check(rc == 0 and "SET" in out, "guest writeback held back (sysctls, bdi min_ratio)")
        # The last close of a block device writes its dirty pages back (blkdev_put): the shell
        # holds both open, so only an fsync makes anything durable.
        rc, out = s.run("exec 4</dev/vda 5</dev/vdb && echo HELD-$((6*7))")
        s.check(rc == 0 and "HELD-42" in out, "shell holds /dev/vda and /dev/vdb open")
        for k, prefix in (("flush", "tern-flush-"), ("nosync", "tern-nsync-")):
            awk = f"BEGIN{{for(i=0;i<{lines};i++) printf \"{prefix}%05d\\n\", i}}"
            rc, out = s.run(f"awk '{awk}' >/tmp/{k}.pat && md5sum /tmp/{k}.pat", timeout=120)
            s.check(md5(pats[k]) in out,
                    f"guest made the {k} pattern, md5 {md5(pats[k])} ({out.strip()!r})")
        blocks = len(pats["nosync"]) // 4096
        rc, out = s.run(f"dd if=/tmp/nosync.pat of=/dev/vdb bs=4096 seek={off // 4096} "
                        f"2>/dev/null && dd if=/dev/vdb bs=4096 skip={off // 4096} "
                        f"count={blocks} 2>/dev/null | md5sum")
        s.check(md5(pats["nosync"]) in out,
                f"guest reads its unflushed vdb write back ({out.strip()!r})")
        # Field 16 of /sys/block/DEV/stat counts completed flushes (Documentation/block/stat.rst).
        rc, out = s.run("cat /sys/block/vda/stat")
        flushes0 = int(out.split()[15]) if len(out.split()) >= 17 else None
        # The marker comes only after dd's fsync returned: the flush was acknowledged.
        g.con.send(f"dd if=/tmp/flush.pat of=/dev/vda bs=4096 seek={off // 4096} conv=fsync "
                   "2>/dev/null && echo FLUSHED-$((6*7)) $(cat /sys/block/vda/stat) :END\n")
        m = g.con.expect(rb"FLUSHED-42 ([0-9 ]+) :END", CMD_TIMEOUT, "the flushed marker")
        os.killpg(g.con.proc.pid, signal.SIGKILL)
        t_kill = time.monotonic()
        status = g.con.proc.wait(30)
        print(f"tern SIGKILLed at the marker (exit status {status}, waited "
              f"{time.monotonic() - t_kill:.3f} s)", flush=True)
        stat1 = m.group(1).split()
        flushes1 = int(stat1[15]) if len(stat1) >= 17 else None
        s.check(flushes0 is not None and flushes1 is not None and flushes1 > flushes0,
                f"the guest sent flushes to vda and they completed ({flushes0} -> {flushes1})")
        failures += s.failures
    finally:
        g.con.kill()
    if re.search(r"Oops|Kernel panic|\bBUG\b", g.con.text()):
        failures.append("kernel error in the console log")

    got = at_offset(imgs["flush"])
    host_check(got == pats["flush"],
               f"flushed pattern at offset {off} of flush.img after kill -9 "
               f"({sum(x == y for x, y in zip(got, pats['flush']))} of {len(got)} bytes match)")
    got = at_offset(imgs["nosync"])
    # Control: what the guest wrote but never flushed is not in the image, so the pattern in
    # flush.img is there because of the fsync, and a missing write does show.
    host_check(got == bytes(len(got)),
               f"control: nosync.img still zero where the unflushed pattern went "
               f"({got.count(0)} zero bytes of {len(got)})")
    return failures


# ---- virtio over PCI ----

HOST_BRIDGE = ("0x1b36", "0x0008", "0x060000")   # QEMU's gpex-root


def check_lspci(s, want):
    """The guest's lspci from sysfs is exactly want: {"00:01.0": (vendor, device, class)};
    every virtio function is bound to virtio-pci with BAR 4 placed in a host window."""
    rc, out = s.run("for d in /sys/bus/pci/devices/*; do echo LSPCI ${d##*/} $(cat $d/vendor "
                    "$d/device $d/class) $(basename $(readlink $d/driver) 2>/dev/null); done")
    got = {}
    for m in re.finditer(r"^LSPCI 0000:(\S+) (\S+) (\S+) (\S+) ?(\S*)", out, re.M):
        got[m.group(1)] = (m.group(2), m.group(3), m.group(4), m.group(5))
    s.check({k: v[:3] for k, v in got.items()} == want,
            f"lspci: {sorted(want.items())} (guest: {sorted(got.items())})")
    for bdf, ids in want.items():
        if ids[0] != "0x1af4":
            continue
        s.check(got.get(bdf, ("",) * 4)[3] == "virtio-pci", f"{bdf} bound to virtio-pci")
        rc, out = s.run(f"sed -n 5p /sys/bus/pci/devices/0000:{bdf}/resource")
        m = re.search(r"^(0x[0-9a-f]+) (0x[0-9a-f]+) 0x[0-9a-f]+\s*$", out, re.M)
        base, end = (int(m.group(1), 16), int(m.group(2), 16)) if m else (0, 0)
        s.check(end - base + 1 == 0x4000 and
                (0x40000000 <= base < 0x80000000 or base >= 0x400000000),
                f"{bdf}: BAR 4 is 16 KiB in a PCI window ({base:#x}..{end:#x})")


def pci_block(s, bdf):
    rc, out = s.run(f"ls /sys/bus/pci/devices/0000:00:{bdf}/virtio*/block/")
    m = re.search(r"^(vd[a-z]+)\s*$", out, re.M)
    name = m.group(1) if rc == 0 and m else "missing"
    s.check(m is not None, f"00:{bdf} is a virtio disk ({name})")
    return name


def plic_irqs(s):
    """{PLIC source: count} of the virtio interrupts in /proc/interrupts."""
    rc, out = s.run("grep virtio /proc/interrupts")
    return {int(m.group(2)): int(m.group(1))
            for m in re.finditer(r"^\s*\d+:\s+(\d+)\s+SiFive PLIC\s+(\d+)", out, re.M)}


def case_pci_disk(a, tmp):
    need("mke2fs")
    need("e2fsck")
    need("debugfs")
    root = os.path.join(tmp, "root")
    os.makedirs(root)
    files = {"hello.txt": b"hello over PCI\n", "random.bin": os.urandom(256 * 1024 + 5)}
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
    img = os.path.join(tmp, "ext4.img")
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-d", root, img, "16M"], check=True)
    raws = {k: os.path.join(tmp, f"{k}.img") for k in ("raw2", "raw4")}
    pats = {k: os.urandom(1 << 20) for k in raws}
    for k, path in raws.items():
        with open(path, "wb") as f:
            f.write(pats[k])
    extra = ["-drive", f"if=none,id=d1,file={img},format=raw",
             "-drive", f"if=none,id=d2,file={raws['raw2']},format=raw",
             "-drive", f"if=none,id=d4,file={raws['raw4']},format=raw",
             "-device", "virtio-blk-pci,drive=d1", "-device", "virtio-blk-pci,drive=d2",
             "-device", "virtio-rng-pci", "-device", "virtio-blk-pci,drive=d4"]
    with Guest(a, "pci-disk", extra) as s:
        blk = ("0x1af4", "0x1042", "0x010000")
        check_lspci(s, {"00:00.0": HOST_BRIDGE, "00:01.0": blk, "00:02.0": blk,
                        "00:03.0": ("0x1af4", "0x1044", "0x00ff00"), "00:04.0": blk})
        vd = {bdf: pci_block(s, bdf) for bdf in ("01.0", "02.0", "04.0")}
        rc, out = s.run(f"mount -t ext4 /dev/{vd['01.0']} /mnt && md5sum /mnt/*.bin "
                        "/mnt/hello.txt")
        for name, data in files.items():
            s.check(md5(data) in out, f"ext4 over virtio-blk-pci: md5 of {name}")
        rc, out = s.run("echo written-over-pci >/mnt/new.txt && sync && umount /mnt && echo OK")
        s.check("OK" in out, "write, sync, umount")
        for bdf, k in (("02.0", "raw2"), ("04.0", "raw4")):
            rc, out = s.run(f"md5sum /dev/{vd[bdf]}")
            s.check(md5(pats[k]) in out, f"{bdf}: /dev/{vd[bdf]} reads the host's bytes")
        rc, out = s.run("head -c 32 /dev/hwrng | od -An -tx1 | wc -w")
        s.check(out.strip() == "32", f"virtio-rng-pci in slot 3 gives bytes ({out.strip()!r})")
        rc, out = s.run(f"dd if=/dev/urandom of=/tmp/w.bin bs=4096 count=16 2>/dev/null && "
                        f"dd if=/tmp/w.bin of=/dev/{vd['04.0']} bs=4096 seek=8 conv=fsync "
                        "2>/dev/null && md5sum /tmp/w.bin")
        m = re.search(r"^([0-9a-f]{32})\s+/tmp/w.bin", out, re.M)
        wmd5 = m.group(1) if m else None
        s.check(wmd5 is not None, "guest wrote 64 KiB to the slot-4 disk")
        irqs = plic_irqs(s)
        s.check(all(irqs.get(src, 0) > 0 for src in (32, 33, 34, 35)),
                f"INTx of slots 1..4 arrive on PLIC 33, 34, 35, 32 ({irqs})")
        failures = list(s.failures)
    with open(raws["raw4"], "rb") as f:
        f.seek(8 * 4096)
        got = f.read(16 * 4096)
    ok = md5(got) == wmd5
    print(("ok    " if ok else "FAIL  ") + "the guest's write is in the slot-4 image", flush=True)
    if not ok:
        failures.append("slot-4 write")
    r = subprocess.run(["debugfs", "-R", "cat /new.txt", img], capture_output=True)
    ok = r.stdout.strip() == b"written-over-pci"
    print(("ok    " if ok else "FAIL  ") + f"host reads new.txt ({r.stdout[:40]!r})", flush=True)
    if not ok:
        failures.append("new.txt")
    r = subprocess.run(["e2fsck", "-fn", img], capture_output=True, text=True)
    ok = r.returncode == 0
    print(("ok    " if ok else "FAIL  ") + f"e2fsck -fn clean (rc {r.returncode})", flush=True)
    if not ok:
        failures.append("e2fsck")
    return failures


def case_pci_net(a, tmp):
    www = os.path.join(tmp, "www")
    os.makedirs(www)
    payload = os.urandom(512 * 1024 + 77)
    with open(os.path.join(www, "payload.bin"), "wb") as f:
        f.write(payload)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(QuietHandler, directory=www))
    http_port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    extra = ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0",
             "-nic", "user,model=virtio-net-pci,mac=52:54:00:12:34:99"]
    try:
        with Guest(a, "pci-net", extra) as s:
            net = ("0x1af4", "0x1041", "0x020000")
            check_lspci(s, {"00:00.0": HOST_BRIDGE, "00:01.0": net, "00:02.0": net})
            rc, out = s.run("ls /sys/bus/pci/devices/0000:00:01.0/virtio*/net/; "
                            "cat /sys/bus/pci/devices/0000:00:0[12].0/virtio*/net/*/address")
            s.check(out.split()[:3] == ["eth0", "52:54:00:12:34:56", "52:54:00:12:34:99"],
                    f"eth0 is 00:01.0 with QEMU's MAC, the -nic has its mac= ({out.split()})")
            rc, out = s.run("ip link set eth0 up && udhcpc -i eth0 -n -q -t 10 -T 2 2>&1 && "
                            "ip -4 addr show eth0", timeout=90)
            s.check(rc == 0 and "inet 10.0.2.15/24" in out,
                    f"DHCP lease 10.0.2.15/24 ({' '.join(out.split())[-200:]!r})")
            rc, out = s.run(f"wget -q -O /tmp/p http://10.0.2.2:{http_port}/payload.bin && "
                            "md5sum /tmp/p", timeout=120)
            s.check(rc == 0 and md5(payload) in out,
                    f"wget over virtio-net-pci, md5 {md5(payload)} ({out.strip()!r})")
            return s.failures
    finally:
        httpd.shutdown()


def case_pci_rng(a, tmp):
    extra = ["-device", "virtio-rng-pci,addr=0x6,bus=pcie.0,disable-legacy=on"]
    with Guest(a, "pci-rng", extra) as s:
        check_lspci(s, {"00:00.0": HOST_BRIDGE, "00:06.0": ("0x1af4", "0x1044", "0x00ff00")})
        rc, out = s.run("cat /sys/class/misc/hw_random/rng_current")
        s.check(out.strip().startswith("virtio_rng"), f"hwrng is virtio_rng ({out.strip()!r})")
        before = plic_irqs(s).get(34, 0)
        rc, out = s.run("dd if=/dev/hwrng bs=64 count=4 2>/dev/null | od -An -tx1 -v")
        data = bytes.fromhex("".join(out.split()))
        s.check(len(data) == 256 and len(set(data)) > 64,
                f"256 random bytes from /dev/hwrng ({len(data)}, {len(set(data))} distinct)")
        after = plic_irqs(s).get(34, 0)
        s.check(after > before, f"slot 6's INTA interrupts on PLIC 34 ({before} -> {after})")
        return s.failures


# ---- wild: a QEMU command line as public docs write it ----

def case_wild(a, tmp):
    """Options from real QEMU command lines (issue 10) in one boot: -drive without if=
    claimed by -device, -object rng-random, the legacy -net nic/-net user pair with a TFTP
    root, fractional -m with slots/maxmem, accel=kvm:tcg, and the housekeeping options."""
    tftp = os.path.join(tmp, "tftp")
    os.makedirs(tftp)
    payload = os.urandom(200 * 1024 + 5)
    with open(os.path.join(tftp, "payload.bin"), "wb") as f:
        f.write(payload)
    img = os.path.join(tmp, "disk.img")
    disk = os.urandom(256 * 1024)
    with open(img, "wb") as f:
        f.write(disk)
    extra = ["-machine", "virt,accel=kvm:tcg", "-m", "0.75G,slots=2,maxmem=2G",
             "-display", "none", "-name", "wild,process=tern-wild", "-nodefaults",
             "-serial", "mon:stdio", "-vga", "none", "-parallel", "none", "-k", "en-us",
             "-boot", "order=c,menu=off", "-rtc", "base=utc,clock=host",
             "-accel", "tcg,thread=multi",
             "-drive", f"file={img},format=raw,id=hd0", "-device", "virtio-blk-device,drive=hd0",
             "-object", "rng-random,filename=/dev/urandom,id=rng0",
             "-device", "virtio-rng-device,rng=rng0",
             "-net", "nic,model=virtio,macaddr=52:54:00:12:34:99",
             "-net", f"user,tftp={tftp},bootfile=payload.bin"]
    with Guest(a, "wild", extra) as s:
        rc, out = s.run("grep MemTotal /proc/meminfo")
        kb = int(out.split()[1]) if len(out.split()) > 1 else 0
        s.check(640 * 1024 < kb <= 768 * 1024, f"-m 0.75G (not the 512M before it) gives 768 MiB "
                f"less the kernel's ({out.strip()!r})")
        rc, out = s.run("dd if=/dev/vda bs=4096 count=64 2>/dev/null | md5sum")
        s.check(md5(disk) in out, f"-drive (no if=) + -device: /dev/vda holds the image ({out!r})")
        rc, out = s.run("cat /sys/class/misc/hw_random/rng_current; "
                        "dd if=/dev/hwrng bs=64 count=1 2>/dev/null | wc -c")
        s.check(out.startswith("virtio_rng") and out.split()[-1] == "64",
                f"-object rng-random: /dev/hwrng gives bytes ({out.strip()!r})")
        rc, out = s.run("cat /sys/class/net/eth0/address")
        s.check(out.strip() == "52:54:00:12:34:99", f"-net nic,macaddr= ({out.strip()})")
        rc, out = s.run("ip link set eth0 up && udhcpc -i eth0 -n -q -t 10 -T 2 2>&1 && "
                        "tftp -g -r payload.bin -l /tmp/p 10.0.2.2 && md5sum /tmp/p",
                        timeout=120)
        s.check(rc == 0 and md5(payload) in out,
                f"-net user,tftp=: tftp fetches the file, md5 {md5(payload)} "
                f"({' '.join(out.split())[-160:]!r})")
        return s.failures


# ---- 9p ----

def case_9p(a, tmp):
    share, ro = os.path.join(tmp, "share"), os.path.join(tmp, "ro")
    mp = os.path.join(tmp, "mapped")
    os.makedirs(os.path.join(share, "sub"))
    os.makedirs(ro)
    os.makedirs(mp)
    payload = os.urandom(300 * 1024 + 77)
    with open(os.path.join(share, "data.bin"), "wb") as f:
        f.write(payload)
    with open(os.path.join(ro, "keep.txt"), "w") as f:
        f.write("read-only\n")
    with open(os.path.join(tmp, "canary"), "w") as f:
        f.write("outside\n")
    os.symlink("../canary", os.path.join(share, "esc"))
    extra = ["-virtfs", f"local,path={share},mount_tag=host0,security_model=none",
             "-fsdev", f"local,id=rofs,path={ro},security_model=passthrough,readonly=on",
             "-device", "virtio-9p-device,fsdev=rofs,mount_tag=ro",
             "-fsdev", f"local,id=mapfs,path={mp},security_model=mapped-xattr",
             "-device", "virtio-9p-pci,fsdev=mapfs,mount_tag=mapped"]
    with Guest(a, "9p", extra) as s:
        rc, out = s.run("mkdir -p /mnt/s /mnt/r && "
                        "mount -t 9p -o trans=virtio,version=9p2000.L host0 /mnt/s && "
                        "mount -t 9p -o trans=virtio,version=9p2000.L,ro ro /mnt/r && echo MOUNTED")
        s.check(rc == 0 and "MOUNTED" in out, f"mount both shares ({out.strip()[-200:]!r})")
        rc, out = s.run("for d in /sys/bus/virtio/drivers/9pnet_virtio/virtio*; do "
                        "echo $(cat $d/mount_tag) $(readlink -f $d); done")
        s.check(re.search(r"^host0 \S*/pci0000:00/", out, re.M) and
                re.search(r"^ro /sys/devices/platform/\S*virtio_mmio", out, re.M),
                f"-virtfs is on PCI, virtio-9p-device on virtio-mmio ({out.strip()!r})")
        rc, out = s.run("md5sum /mnt/s/data.bin")
        s.check(out.split()[:1] == [md5(payload)], f"md5 of a host file ({out.strip()!r})")
        rc, out = s.run("echo written-by-guest-$((6*7)) > /mnt/s/new.txt && "
                        "mkdir /mnt/s/dir && mv /mnt/s/new.txt /mnt/s/dir/moved.txt && "
                        "ln -s moved.txt /mnt/s/dir/link && rm /mnt/s/sub -r && "
                        "dd if=/dev/urandom of=/mnt/s/rand.bin bs=1024 count=100 2>/dev/null && "
                        "md5sum /mnt/s/rand.bin && ls /mnt/s/dir && cat /mnt/s/dir/link && "
                        "sync && echo DONE")
        m = re.search(r"^([0-9a-f]{32})\s+/mnt/s/rand.bin", out, re.M)
        s.check(rc == 0 and "DONE" in out and m and "link" in out and "moved.txt" in out and
                "written-by-guest-42" in out, f"write, mkdir, mv, ln -s, rm, ls ({out[-200:]!r})")
        rc, out = s.run("ls /mnt/s/.. /mnt/s/../.. | grep -c canary; cat /mnt/s/esc; "
                        "readlink /mnt/s/esc")
        s.check("outside" not in out, f"nothing from outside the share ({out.strip()!r})")
        rc, out = s.run("cat /mnt/r/keep.txt; touch /mnt/r/x; echo rc=$?")
        s.check("read-only" in out and "rc=1" in out, f"read-only share ({out.strip()!r})")
        rc, out = s.run("mount -o remount,rw /mnt/r 2>&1; echo y > /mnt/r/keep.txt; echo rc=$?; "
                        "mkdir /mnt/r/d; echo rc=$?")
        s.check(out.count("rc=1") == 2, f"remounted rw, the host still refuses ({out.strip()!r})")
        rc, out = s.run("mkdir -p /mnt/m && mount -t 9p -o trans=virtio,version=9p2000.L "
                        "mapped /mnt/m && touch /mnt/m/f && chown 1234:5678 /mnt/m/f && "
                        "chmod 4750 /mnt/m/f && stat -c 'ST %u %g %a' /mnt/m/f && umount /mnt/m")
        s.check("ST 1234 5678 4750" in out,
                f"mapped-xattr: the guest's owner and mode ({out.strip()[-120:]!r})")
        rc, out = s.run("umount /mnt/s && umount /mnt/r && echo UNMOUNTED")
        s.check("UNMOUNTED" in out, f"umount ({out.strip()!r})")
        failures = list(s.failures)

    def host_check(ok, msg):
        print(("ok    " if ok else "FAIL  ") + msg, flush=True)
        if not ok:
            failures.append(msg)

    def read(p):
        try:
            with open(p, "rb") as f:
                return f.read()
        except OSError:
            return None
    host_check(read(os.path.join(share, "dir", "moved.txt")) == b"written-by-guest-42\n",
               "the host sees the guest's file, renamed")
    host_check(os.readlink(os.path.join(share, "dir", "link")) == "moved.txt",
               "the host sees the guest's symlink")
    host_check(not os.path.exists(os.path.join(share, "sub")), "the guest's rm reached the host")
    rb = read(os.path.join(share, "rand.bin"))
    host_check(rb is not None and m is not None and md5(rb) == m.group(1),
               "100 KiB written by the guest, same md5 on the host")
    host_check(read(os.path.join(ro, "keep.txt")) == b"read-only\n" and
               sorted(os.listdir(ro)) == ["keep.txt"], "read-only share unchanged")
    host_check(read(os.path.join(tmp, "canary")) == b"outside\n", "canary unchanged")
    st = os.stat(os.path.join(mp, "f"))
    host_check(st.st_uid == os.getuid() and (st.st_mode & 0o7777) == 0o600 and
               os.getxattr(os.path.join(mp, "f"), "user.virtfs.uid") == (1234).to_bytes(4, "little"),
               f"mapped-xattr: the host file is the host user's, 0600 ({oct(st.st_mode)}), "
               "with the guest's uid in user.virtfs.uid")
    return failures


CASES = {"disk": case_disk, "net": case_net, "rng": case_rng, "console": case_console,
         "flush": case_flush, "pci-disk": case_pci_disk, "pci-net": case_pci_net,
         "pci-rng": case_pci_rng,
         "pci-console": functools.partial(case_console, pci=True), "wild": case_wild, "9p": case_9p}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--tern", required=True)
    ap.add_argument("--cache", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                    ".cache", "debian-riscv64"))
    ap.add_argument("--log-dir", default=tempfile.gettempdir())
    a = ap.parse_args()
    for f in ("Image", "initramfs.cpio.gz"):
        if not os.path.isfile(os.path.join(a.cache, f)):
            print(f"virtio test: no {a.cache}/{f} (run scripts/fetch-debian-riscv64.sh)")
            return 1
    os.makedirs(a.log_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tern-virtio-") as tmp:
        try:
            failures = CASES[a.case](a, tmp)
        except Failure as e:
            print(f"FAIL  {e}")
            failures = [str(e)]
    if failures:
        print(f"virtio {a.case}: FAILED ({len(failures)}): {failures}")
        return 1
    print(f"virtio {a.case}: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
