#!/bin/sh
# SPDX-License-Identifier: MIT
# Cross-checks the privileged test programs against QEMU 7.2 (the oracle used to write them):
# builds each with the flags of tests/isa/CMakeLists.txt into a temporary directory and runs it
# on the QEMU machine/CPU that implements what it tests (see README.md). Prints one line per
# program and exits non-zero if any run does not exit 0. Usage: tests/isa/priv/qemu_check.sh
set -u
dir=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc="riscv64-unknown-elf-gcc -march=rv64gc_zba_zbb_zbs_zicsr_zifencei -mabi=lp64d -mcmodel=medany
    -static -nostdlib -nostartfiles -Wl,--no-warn-rwx-segments -T $dir/../env/link.ld -I$dir"
qemu="qemu-system-riscv64 -bios none -nographic"
status=0

run() { # name extra-cflags qemu-machine-args...
  name=$1; flags=$2; shift 2
  elf=$out/$name$(echo "$flags" | tr -c 'A-Za-z0-9\n' _).elf
  if ! $cc $flags -o "$elf" "$dir/$name.S" "$dir/priv_env.S"; then
    echo "BUILD FAIL $name $flags"; status=1; return
  fi
  timeout 60 $qemu "$@" -kernel "$elf" </dev/null
  rc=$?
  printf '%-14s %-26s %-40s exit %s\n' "$name" "$flags" "$*" "$rc"
  [ "$rc" -eq 0 ] || status=1
}

for t in csr traps interrupts misaligned vm_sv39 vm_sv48 pmp; do
  run $t "" -machine spike
done
run irq_priority "" -machine spike -cpu rv64,x-smaia=true,x-ssaia=true
run time_sstc -DPRIV_EXIT_SIFIVE_TEST -machine virt
run spec_strict -DPRIV_QEMU72 -machine spike
exit $status
