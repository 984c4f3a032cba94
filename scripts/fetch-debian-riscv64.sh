#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The riscv64 guest image (Debian trixie kernel + busybox initramfs) in .cache/debian-riscv64:
# scripts/fetch-debian-guest.sh --arch riscv64, kept under the name tests and scripts use.
exec "$(dirname "$0")/fetch-debian-guest.sh" --arch riscv64 "$@"
