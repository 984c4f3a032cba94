#!/bin/sh
# SPDX-License-Identifier: MIT
# How aarch64 is chosen (as qemu-system-aarch64 would be): tern-system-aarch64 with no -cpu,
# tern -arch aarch64, tern -cpu cortex-a72, tern-system-aarch64 -cpu max (max is riscv64's too); -cpu help lists the models; a riscv board with
# an Arm model is a clear error. usage: names.sh BUILD_DIR ELF (the exit test: status 42)
b=$1 elf=$2
[ -f "$elf" ] || { echo "SKIP: $elf not built"; exit 77; }
fail=0
expect() {   # expect STATUS CMD...: run, compare the exit status
  want=$1; shift
  timeout 60 "$@" >/dev/null 2>&1 </dev/null
  rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL: $* -> $rc, expected $want"; fail=1; else echo "ok: $*"; fi
}
expect 42 "$b/tern-system-aarch64" -nographic -semihosting -kernel "$elf"
expect 42 "$b/tern-system-aarch64" -machine virt -cpu cortex-a57 -nographic -semihosting -kernel "$elf"
expect 42 "$b/tern" -arch aarch64 -machine virt -nographic -semihosting -kernel "$elf"
expect 42 "$b/tern" -cpu cortex-a72 -nographic -semihosting -kernel "$elf"
expect 42 "$b/tern-system-aarch64" -machine virt -cpu max -nographic -semihosting -kernel "$elf"
expect 42 "$b/tern" -machine virt -cpu cortex-a53 -nographic -semihosting -kernel "$elf"
# Without -semihosting HLT is UNDEFINED: the program's handler exits... there is none that
# can print, so it loops; PSCI-less exit is not possible: expect the timeout (124).
expect 124 timeout 3 "$b/tern" -cpu cortex-a57 -nographic -kernel "$elf"
out=$("$b/tern" -cpu help 2>&1)
for m in cortex-a57 cortex-a53 cortex-a72 max rv64; do
  echo "$out" | grep -q "^  $m " || { echo "FAIL: -cpu help lacks $m"; fail=1; }
done
err=$("$b/tern" -machine spike -cpu cortex-a57 -nographic -kernel "$elf" 2>&1)
rc=$?
case "$rc:$err" in
  1:"tern: machine spike is a riscv64 board; no such machine for aarch64") echo "ok: spike + cortex-a57 refused" ;;
  *) echo "FAIL: spike + cortex-a57: $rc: $err"; fail=1 ;;
esac
err=$("$b/tern-system-aarch64" -cpu rv64 -kernel "$elf" 2>&1)
[ $? = 1 ] && echo "$err" | grep -q "a riscv64 model, not aarch64" && echo "ok: rv64 on aarch64 refused" || { echo "FAIL: $err"; fail=1; }
exit $fail
