#!/bin/sh
# SPDX-License-Identifier: MIT
# QEMU command-line behaviour that scripts rely on: disk image locks (tern against tern, and
# against QEMU when it is installed), -m bounds and size syntax, empty -m/-smp, the first
# -serial on the first UART, -D errors, --help, read-only hints, and the addresses that -gdb
# and hostfwd listen on. Fixtures are assembled at test time (no binaries in git).
# Usage: opts_test.sh TERN CASE     (exit 0 pass, 1 fail, 77 skipped)
set -u
tern=$1
case=$2
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
tmp=$(mktemp -d)
bg_pids=""
cleanup() {
  for p in $bg_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  chattr -i "$tmp"/* 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
rc=0

fail() {
  echo "FAIL [$case]: $*"
  echo "--- stderr:"; head -20 "$tmp/err" 2>/dev/null
  echo "--- stdout:"; tail -20 "$tmp/out" 2>/dev/null
  exit 1
}
skip() { echo "SKIP [$case]: $*"; exit 77; }
run() { timeout 20 "$tern" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# run_for SECONDS ARGS: rc 124 means it was still running.
run_for() { t=$1; shift; timeout "$t" "$tern" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_err() { grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1'"; }
expect_no_err() { [ ! -s "$tmp/err" ] || fail "unexpected stderr"; }
expect_out() { grep -qF -- "$1" "$tmp/out" || fail "stdout lacks '$1'"; }
need_cc() { command -v "$cc" >/dev/null 2>&1 || skip "$cc not found"; }

asm() {
  need_cc
  "$cc" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--no-relax \
    -Wl,-Ttext=0x80000000 -o "$tmp/$1.elf" "$tmp/$1.S" || fail "cannot assemble $1"
}
# virt programs: spin (runs until killed), hello (prints on UART0, powers off through the
# SiFive test device).
fixtures() {
  printf '  .globl _start\n_start:\n1: wfi\n  j 1b\n' >"$tmp/spin.S"
  asm spin
  cat >"$tmp/hello.S" <<'EOF'
  .globl _start
_start:
  li t0, 0x10000000
  la t1, msg
1:lbu t2, 0(t1)
  beqz t2, 2f
  sb t2, 0(t0)
  addi t1, t1, 1
  j 1b
2:li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
3:j 3b
msg: .string "hello from uart0\n"
EOF
  asm hello
}
# start_bg NAME CMD...: a background process whose output goes to $tmp/NAME.err.
start_bg() {
  n=$1; shift
  "$@" </dev/null >"$tmp/$n.out" 2>"$tmp/$n.err" &
  bg_pids="$bg_pids $!"
  last_pid=$!
}
# wait_locked PID FILE: until FILE carries an OFD lock on byte 201 (held by every user that
# does not share "write": a writer or a reader) and PID still runs (10 s).
wait_locked() {
  ino=$(stat -c %i "$2")
  for _ in $(seq 200); do
    grep -q "OFDLCK.*:$ino 201 201\$" /proc/locks && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.05
  done
  echo "--- background stderr:"; cat "$tmp"/*.err 2>/dev/null
  fail "process $1 never locked $2"
}
stop_bg() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
# listening ADDR_HEX PORT: a TCP socket listens on that local address (from /proc/net/tcp;
# 0100007F is 127.0.0.1, 00000000 every interface).
listening() {
  hexport=$(printf '%04X' "$2")
  awk -v a="$1:$hexport" '$2 == a && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}
free_port() { echo $((20000 + ($$ * 7 + $1) % 30000)); }

case "$case" in
image-lock)
  fixtures
  dd if=/dev/zero of="$tmp/disk.img" bs=1M count=4 2>/dev/null
  vm="-machine virt -bios none -nographic -serial null -kernel $tmp/spin.elf"
  # shellcheck disable=SC2086
  start_bg first "$tern" $vm -drive file="$tmp/disk.img",format=raw,if=virtio
  first=$last_pid
  wait_locked "$first" "$tmp/disk.img"
  # shellcheck disable=SC2086
  run_for 5 $vm -drive file="$tmp/disk.img",format=raw,if=virtio
  expect_rc 1
  expect_err 'Failed to get "write" lock'
  expect_err "Is another process using the image [$tmp/disk.img]?"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "the lock error is not one line"
  # read-only and -snapshot users may not read an image that is being written either
  # shellcheck disable=SC2086
  run_for 5 $vm -drive file="$tmp/disk.img",format=raw,if=virtio,readonly=on
  expect_rc 1
  expect_err 'Failed to get shared "write" lock'
  # shellcheck disable=SC2086
  run_for 5 $vm -snapshot -drive file="$tmp/disk.img",format=raw,if=virtio
  expect_rc 1
  expect_err 'Failed to get shared "write" lock'
  # QEMU's spellings turn the check off
  for off in file.locking=off locking=off; do
    # shellcheck disable=SC2086
    run_for 2 $vm -drive file="$tmp/disk.img",format=raw,if=virtio,$off
    expect_rc 124
  done
  run_for 2 -machine virt -drive file="$tmp/disk.img",format=raw,file.locking=maybe
  expect_rc 1
  expect_err "file.locking=maybe"
  stop_bg "$first"
  # readers share: two read-only users (one through -device), a snapshot user beside them
  # shellcheck disable=SC2086
  start_bg ro "$tern" $vm -drive file="$tmp/disk.img",format=raw,if=none,id=d0,readonly=on \
    -device virtio-blk-device,drive=d0
  ro=$last_pid
  wait_locked "$ro" "$tmp/disk.img"
  # shellcheck disable=SC2086
  run_for 2 $vm -drive file="$tmp/disk.img",format=raw,if=virtio,readonly=on
  expect_rc 124
  # shellcheck disable=SC2086
  run_for 2 $vm -snapshot -drive file="$tmp/disk.img",format=raw,if=virtio
  expect_rc 124
  # shellcheck disable=SC2086
  run_for 5 $vm -drive file="$tmp/disk.img",format=raw,if=virtio
  expect_rc 1
  expect_err 'Failed to get "write" lock'
  stop_bg "$ro"
  # tern and QEMU use the same lock bytes: each refuses an image the other writes
  qemu=$(command -v qemu-system-riscv64) || { echo "PASS [$case] (no QEMU for the cross check)"; exit 0; }
  start_bg qemu "$qemu" -machine virt -bios none -display none -serial null -monitor none \
    -kernel "$tmp/spin.elf" -drive file="$tmp/disk.img",format=raw,if=virtio
  q=$last_pid
  wait_locked "$q" "$tmp/disk.img"
  # shellcheck disable=SC2086
  run_for 5 $vm -drive file="$tmp/disk.img",format=raw,if=virtio
  expect_rc 1
  expect_err 'Failed to get "write" lock'
  stop_bg "$q"
  # shellcheck disable=SC2086
  start_bg tern2 "$tern" $vm -drive file="$tmp/disk.img",format=raw,if=virtio
  t2=$last_pid
  wait_locked "$t2" "$tmp/disk.img"
  timeout 10 "$qemu" -machine virt -bios none -display none -serial null -monitor none \
    -kernel "$tmp/spin.elf" -drive file="$tmp/disk.img",format=raw,if=virtio \
    </dev/null >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 1
  expect_err 'Failed to get "write" lock'
  stop_bg "$t2"
  ;;
mem-size)
  fixtures
  run -machine virt -m '' -bios none -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "tern: -m: missing RAM size"
  run -machine virt -smp '' -bios none -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "tern: -smp: missing number of CPUs"
  for m in 64P 1E; do
    for mach in virt spike; do
      run -machine $mach -m $m -bios none -kernel "$tmp/hello.elf"
      expect_rc 1
      expect_err "tern: -m: "
      expect_err "does not fit the memory map of machine $mach"
      [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "-m $m: more than one line"
    done
  done
  run -machine virt -m 17E -bios none -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "invalid RAM size '17E'"
  # more than any host has: a warning, then it runs (RAM is only mapped)
  run -machine virt -m 4T -bios none -nographic -kernel "$tmp/hello.elf"
  expect_rc 0
  expect_err "tern: warning: -m: 4 TiB of guest RAM is more than the host's"
  expect_out "hello from uart0"
  # QEMU's size syntax (fractions need a unit; decimal, not octal; rounded up to 8 KiB): the
  # memory node of the device tree, <0 0x80000000 size-hi size-lo>, holds what QEMU 7.2 gives
  for spec in "1.9G 000000007999a000" "size=1.5G 0000000060000000" "1536M 0000000060000000" \
              "0.5G 0000000020000000" "1.0000001G 0000000040002000" "0100M 0000000006400000" \
              "0x1000M 0000000100000000"; do
    set -- $spec
    rm -f "$tmp/m.dtb"
    run -machine virt,dumpdtb="$tmp/m.dtb" -m "$1"
    od -An -tx1 -v "$tmp/m.dtb" | tr -d ' \n' | grep -q "0000000080000000$2" ||
      fail "-m $1: the memory node is not 0x$2 bytes"
  done
  for bad in 100.5 1.5B 1. .5G 1G5; do
    run -machine virt -m "$bad"
    expect_rc 1
    expect_err "invalid RAM size '$bad'"
  done
  ;;
serial-first)
  fixtures
  # Yocto's runqemu: the console is the first -serial, the null one is for a second UART
  run -machine virt -bios none -nographic -serial mon:stdio -serial null -kernel "$tmp/hello.elf"
  expect_rc 0
  expect_out "hello from uart0"
  run -machine virt -bios none -serial stdio -serial null -serial null -kernel "$tmp/hello.elf"
  expect_rc 0
  expect_out "hello from uart0"
  run -machine virt -bios none -serial null -serial stdio -kernel "$tmp/hello.elf"
  expect_rc 0
  [ ! -s "$tmp/out" ] || fail "the second -serial got the first UART"
  run -machine virt -bios none -serial file:"$tmp/s.log" -serial null -kernel "$tmp/hello.elf"
  expect_rc 0
  grep -q "hello from uart0" "$tmp/s.log" || fail "-serial file: did not get the output"
  run -machine virt -bios none -serial null -serial tcp:x -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "tern: -serial: unsupported backend 'tcp:x'"
  ;;
logfile-error)
  run -D /nonexistent/x.log -kernel /dev/null
  expect_rc 1
  expect_err "tern: -D /nonexistent/x.log: "
  expect_err "No such file or directory"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line"
  ;;
help-long)
  run --help
  expect_rc 0
  expect_out "-drive file=IMG[,if=virtio|none][,id=ID][,readonly=on][,snapshot=on][,file.locking=off]"
  expect_out "raw disk image"
  grep -q "snapsho raw" "$tmp/out" && fail "truncated -drive synopsis"
  expect_out "-gdb tcp:127.0.0.1:1234"
  ;;
drive-eperm)
  fixtures
  dd if=/dev/zero of="$tmp/ro.img" bs=1M count=1 2>/dev/null
  chattr +i "$tmp/ro.img" 2>/dev/null || skip "chattr +i not possible here (needs root and ext4/xfs/btrfs)"
  run -machine virt -bios none -kernel "$tmp/hello.elf" -drive file="$tmp/ro.img",format=raw
  chattr -i "$tmp/ro.img"
  expect_rc 1
  expect_err "cannot open disk image $tmp/ro.img read-write: Operation not permitted"
  expect_err "readonly=on"
  chattr +i "$tmp/ro.img"
  run -machine virt -bios none -nographic -kernel "$tmp/hello.elf" \
    -drive file="$tmp/ro.img",format=raw,readonly=on
  expect_rc 0
  run -machine virt -bios none -nographic -snapshot -kernel "$tmp/hello.elf" \
    -drive file="$tmp/ro.img",format=raw
  chattr -i "$tmp/ro.img"
  expect_rc 0
  ;;
listen-local)
  fixtures
  vm="-machine virt -bios none -nographic -serial null -kernel $tmp/spin.elf"
  p1=$(free_port 1)
  p2=$(free_port 2)
  # shellcheck disable=SC2086
  start_bg gdb "$tern" $vm -gdb tcp:127.0.0.1:$p1 \
    -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$p2-:22 -device virtio-net-device,netdev=n0
  g=$last_pid
  for _ in $(seq 100); do listening 0100007F "$p1" && listening 0100007F "$p2" && break; sleep 0.05; done
  listening 0100007F "$p1" || { cat "$tmp/gdb.err"; fail "-gdb tcp:127.0.0.1:$p1 is not listening on 127.0.0.1"; }
  listening 00000000 "$p1" && fail "-gdb tcp:127.0.0.1 listens on every interface"
  listening 0100007F "$p2" || { cat "$tmp/gdb.err"; fail "hostfwd=tcp:127.0.0.1:$p2 is not listening on 127.0.0.1"; }
  listening 00000000 "$p2" && fail "hostfwd=tcp:127.0.0.1 listens on every interface"
  stop_bg "$g"
  # the short forms listen on every interface, as QEMU's do
  # shellcheck disable=SC2086
  start_bg all "$tern" $vm -gdb tcp::$p1 -nic user,hostfwd=tcp::$p2-:22
  a=$last_pid
  for _ in $(seq 100); do listening 00000000 "$p1" && listening 00000000 "$p2" && break; sleep 0.05; done
  listening 00000000 "$p1" || { cat "$tmp/all.err"; fail "-gdb tcp::$p1 is not on every interface"; }
  listening 00000000 "$p2" || { cat "$tmp/all.err"; fail "hostfwd=tcp::$p2 is not on every interface"; }
  stop_bg "$a"
  ;;
*)
  echo "unknown case '$case'"
  exit 1
  ;;
esac
echo "PASS [$case]"
exit 0
