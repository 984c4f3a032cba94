#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots Debian's riscv64 kernel + tern's busybox initramfs under an emulator (tern or
# qemu-system-riscv64, same arguments) and checks the console session (boot_console.py).
# usage: boot_test.sh [--fetch] [--cache DIR] [--log FILE] [--no-reboot] [--expect-cpuinfo RE]...
#                     [--] EMULATOR_CMD...
# Without -kernel in EMULATOR_CMD, "-kernel Image -initrd initramfs.cpio.gz -append ..." from
# the cache are appended. Exit status 0 = passed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=$root/.cache/debian-riscv64
fetch=0
log=""
extra=()
while (($#)); do
  case $1 in
    --fetch) fetch=1; shift ;;
    --cache) cache=${2:?}; shift 2 ;;
    --log) log=${2:?}; shift 2 ;;
    --no-reboot) extra+=(--no-reboot); shift ;;
    --expect-cpuinfo) extra+=(--expect-cpuinfo "${2:?}"); shift 2 ;;
    --) shift; break ;;
    -*) echo "boot_test.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
(($#)) || { echo "usage: $0 [--fetch] [--cache DIR] [--log FILE] [--] EMULATOR_CMD..." >&2; exit 2; }

if ((fetch)); then
  "$root/scripts/fetch-debian-riscv64.sh" --cache "$cache"
fi

cmd=("$@")
has_kernel=0
for a in "${cmd[@]}"; do [[ $a == -kernel ]] && has_kernel=1; done
if ((!has_kernel)); then
  for f in Image initramfs.cpio.gz; do
    [[ -s $cache/$f ]] || { echo "boot_test.sh: no $cache/$f (run with --fetch)" >&2; exit 1; }
  done
  cmd+=(-kernel "$cache/Image" -initrd "$cache/initramfs.cpio.gz"
        -append "console=ttyS0 earlycon=sbi")
fi
[[ -n $log ]] || log=$(mktemp "${TMPDIR:-/tmp}/tern-boot.XXXXXX.log")
extra+=(--log "$log")

exec python3 "$here/boot_console.py" "${extra[@]}" -- "${cmd[@]}"
