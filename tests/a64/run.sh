#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one bare-metal A64 test program on tern (JIT and IR interpreter) and checks its exit
# status; when qemu-system-aarch64 is installed, runs it there too (the oracle) and requires the
# same output and status.
# usage: run.sh TERN ELF EXPECTED_STATUS CPU (run as tern-system-aarch64, next to TERN)
tern=$(dirname "$1")/tern-system-aarch64 elf=$2 want=$3 cpu=$4
shift 4
[ -f "$elf" ] || { echo "SKIP: $elf not built (no aarch64-linux-gnu-gcc)"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
for accel in tcg interp; do
  timeout 60 "$tern" -machine virt -cpu "$cpu" -nographic -semihosting -accel $accel \
      -kernel "$elf" >"$out/$accel" 2>&1 </dev/null
  rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL: -accel $accel: exit status $rc, expected $want"; cat "$out/$accel"; fail=1
  fi
done
cmp -s "$out/tcg" "$out/interp" || { echo "FAIL: JIT and interpreter differ"; diff "$out/tcg" "$out/interp"; fail=1; }
cat "$out/tcg"
if command -v qemu-system-aarch64 >/dev/null 2>&1; then
  timeout 60 qemu-system-aarch64 -M virt -cpu "$cpu" -nographic -semihosting \
      -kernel "$elf" >"$out/qemu" 2>&1 </dev/null
  rc=$?
  [ "$rc" = "$want" ] || { echo "FAIL: qemu exit status $rc, expected $want"; fail=1; }
  if ! cmp -s "$out/qemu" "$out/tcg"; then
    echo "FAIL: output differs from qemu-system-aarch64 (< qemu, > tern)"; diff "$out/qemu" "$out/tcg"; fail=1
  else
    echo "same output as qemu-system-aarch64"
  fi
fi
exit $fail
