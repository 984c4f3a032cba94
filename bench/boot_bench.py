#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Boot benchmark: boots Debian's riscv64 kernel + busybox initramfs (scripts/
# fetch-debian-riscv64.sh) under tern and qemu-system-riscv64, alternately, RUNS times each,
# and prints medians (and min-max) of: seconds to the first line of /init, to the shell prompt,
# of an in-guest busybox workload (awk loop of 1M iterations, then
# seq 1 1500000 | gzip -1 | gzip -dc | md5sum) and to the emulator's exit after poweroff.
# Usage: boot_bench.py [--runs N] [--tern PATH] [--cache DIR] [--no-qemu]
import argparse
import os
import shutil
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "boot"))
from boot_console import Console, Failure  # noqa: E402

WORKLOAD = ("awk 'BEGIN{s=0; for(i=0;i<1000000;i++) s+=i%7; print s}'; "
            "seq 1 1500000 | gzip -1 | gzip -dc | md5sum")


def one_run(cmd):
    con = Console(cmd, None)
    try:
        con.expect(rb"tern-init: start", 120, "/init")
        t_init = time.monotonic() - con.t0
        con.expect(rb"tern-init: up", 120, "the modules of /init")
        # The shell prompt: wait until it answers.
        for i in range(20):
            con.send(f"echo READY{i}-$((6*7))\n")
            try:
                con.expect(rb"READY%d-42" % i, 2, "the shell")
                break
            except Failure:
                continue
        t_shell = time.monotonic() - con.t0
        t0 = time.monotonic()
        con.send(WORKLOAD + "; echo WORK-$((1+1))-DONE\n")
        con.expect(rb"WORK-2-DONE", 600, "the workload")
        t_work = time.monotonic() - t0
        t0 = time.monotonic()
        con.send("poweroff -f\n")
        con.wait_exit(60)
        t_off = time.monotonic() - t0
        return t_init, t_shell, t_work, t_off
    finally:
        con.kill()


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tern", default=os.path.join(here, "..", "build", "tern"))
    ap.add_argument("--cache", default=os.path.join(here, "..", ".cache", "debian-riscv64"))
    ap.add_argument("--no-qemu", action="store_true")
    a = ap.parse_args()
    img = ["-kernel", f"{a.cache}/Image", "-initrd", f"{a.cache}/initramfs.cpio.gz",
           "-append", "console=ttyS0"]
    emus = {"tern": [a.tern, "-machine", "virt", "-m", "1G", "-nographic", "-bios", "default"]
            + img}
    qemu = shutil.which("qemu-system-riscv64")
    if qemu and not a.no_qemu:
        emus["qemu-7.2"] = [qemu, "-machine", "virt", "-m", "1G", "-nographic", "-bios",
                            "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"] + img
    res = {k: [] for k in emus}
    for r in range(a.runs):
        for name, cmd in emus.items():
            res[name].append(one_run(cmd))
            print(f"run {r + 1} {name}: " + " ".join(f"{x:.2f}" for x in res[name][-1]),
                  file=sys.stderr, flush=True)
    cols = ["to /init", "to shell", "workload", "poweroff"]
    print(f"boot benchmark: median (min-max) of {a.runs} runs, seconds")
    print(f"{'':10}" + "".join(f"{c:>22}" for c in cols))
    for name, runs in res.items():
        cells = []
        for i in range(4):
            v = [x[i] for x in runs]
            cells.append(f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})")
        print(f"{name:10}" + "".join(f"{c:>22}" for c in cells))
    if "qemu-7.2" in res:
        t = [statistics.median([x[i] for x in res["tern"]]) for i in range(4)]
        q = [statistics.median([x[i] for x in res["qemu-7.2"]]) for i in range(4)]
        print(f"{'tern/qemu':10}" + "".join(f"{tt / qq:>22.2f}" for tt, qq in zip(t, q)))


if __name__ == "__main__":
    main()
