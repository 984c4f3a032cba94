#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds tern, fetches Debian's riscv64 kernel and a busybox initramfs (cached in .cache/), and
# boots them on the virt board to a shell on this terminal. Ctrl-A x quits, Ctrl-A h helps.
# Extra arguments go to tern (e.g. ./run.sh -smp 2, ./run.sh -d int -D trace.log).
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target tern
scripts/fetch-debian-riscv64.sh
cache=.cache/debian-riscv64
exec build/tern -machine virt -m 1G -nographic -bios default \
  -kernel "$cache/Image" -initrd "$cache/initramfs.cpio.gz" -append "console=ttyS0" "$@"
