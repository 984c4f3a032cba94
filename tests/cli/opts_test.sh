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
# probe NAME ADDR [LOAD]: a virt program that exits with the low byte at ADDR, read with LOAD
# (default lbu; virtio-mmio registers need lw), through the test device's fail code: exit
# status = the byte.
probe() {
  cat >"$tmp/$1.S" <<EOF
  .globl _start
_start:
  li t0, $2
  ${3:-lbu} t1, 0(t0)
  andi t1, t1, 0xff
  slli t1, t1, 16
  li t2, 0x3333
  or t1, t1, t2
  li t0, 0x100000
  sw t1, 0(t0)
1: j 1b
EOF
  asm "$1"
}
# rtcprint: prints the goldfish RTC's seconds since the epoch in decimal, then powers off.
rtcprint() {
  cat >"$tmp/rtc.S" <<'EOF'
  .globl _start
_start:
  li t0, 0x101000
  lwu t1, 0(t0)          /* TIME_LOW latches TIME_HIGH */
  lwu t2, 4(t0)
  slli t2, t2, 32
  or t1, t1, t2
  li t2, 1000000000
  divu t1, t1, t2
  la t3, end             /* digits right to left */
  li t4, 10
1:remu t5, t1, t4
  addi t5, t5, '0'
  addi t3, t3, -1
  sb t5, 0(t3)
  divu t1, t1, t4
  bnez t1, 1b
  li t0, 0x10000000
2:lbu t5, 0(t3)
  beqz t5, 3f
  sb t5, 0(t0)
  addi t3, t3, 1
  j 2b
3:li t5, '\n'
  sb t5, 0(t0)
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
4:j 4b
  .data
buf: .space 32
end: .byte 0
EOF
  asm rtc
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
# free_port N: a TCP port no socket uses now (from /proc/net/tcp*), different for each N.
free_port() {
  port=$((20000 + ($$ * 7 + $1 * 101) % 30000))
  while grep -qi ":$(printf '%04X' "$port") " /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

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
  expect_err "tern: -serial tcp:x: 'x': expected HOST:PORT"
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
  run -machine virt -bios none -kernel "$tmp/hello.elf" -drive file="$tmp/ro.img",format=raw,if=virtio
  chattr -i "$tmp/ro.img"
  expect_rc 1
  expect_err "cannot open disk image $tmp/ro.img read-write: Operation not permitted"
  expect_err "readonly=on"
  chattr +i "$tmp/ro.img"
  run -machine virt -bios none -nographic -kernel "$tmp/hello.elf" \
    -drive file="$tmp/ro.img",format=raw,if=virtio,readonly=on
  expect_rc 0
  run -machine virt -bios none -nographic -snapshot -kernel "$tmp/hello.elf" \
    -drive file="$tmp/ro.img",format=raw,if=virtio
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
housekeeping)
  fixtures
  # options scripts carry that change nothing on these boards: accepted, and the guest runs
  run -machine virt -bios none -display none -name guest0 -vga none -parallel none \
    -k en-us -boot order=c,menu=off -rtc base=utc,clock=host,driftfix=slew -serial mon:stdio \
    -monitor none -nodefaults -no-user-config -uuid 1ccfd97d-5eb4-478a-bbe6-88d254c16db7 \
    -kernel "$tmp/hello.elf"
  expect_rc 0
  expect_no_err
  expect_out "hello from uart0"
  run -machine virt -bios none -boot c -kernel "$tmp/hello.elf"
  expect_rc 0
  # and what they cannot do is refused in one line, naming the option
  for bad in "-display gtk:display" "-display sdl:display" "-vga std:-vga std" \
             "-parallel stdio:-parallel stdio" "-monitor vc:-monitor vc" \
             "-boot order=z:-boot order=z" "-boot foo=1:unsupported parameter 'foo'" \
             "-rtc base=never:invalid base=never" "-rtc clock=wall:invalid clock=wall" \
             "-echr x:-echr" "-echr 300:-echr" "-name x,bogus=1:unsupported parameter 'bogus'" \
             "-net tap:-net tap" "-object memory-backend-ram,id=m:-object memory-backend-ram" \
             "-uuid 1ccfd97d-5eb4-478a-bbe6-88d254c16db:-uuid 1ccfd97d" \
             "-uuid 1ccfd97d_5eb4-478a-bbe6-88d254c16db7:Wrong format" \
             "-uuid 1ccfd97d-5eb4-478a-bbe6-88d254c16dbz:Wrong format"; do
    opt=${bad%%:*}
    msg=${bad#*:}
    # shellcheck disable=SC2086
    run -machine virt -bios none $opt -kernel "$tmp/hello.elf"
    expect_rc 1
    expect_err "$msg"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$opt: not one line"
  done
  run -machine virt -bios none -pidfile '' -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "tern: -pidfile: missing file name"
  ;;
console-defaults)
  fixtures
  # -nodefaults: no console unless -serial gives one (QEMU leaves the UART unconnected)
  run -machine virt -bios none -nographic -nodefaults -kernel "$tmp/hello.elf"
  expect_rc 0
  [ ! -s "$tmp/out" ] || fail "-nodefaults still printed the UART"
  # -monitor none: -nographic's console is plain stdio; Ctrl-A is an ordinary byte
  printf '\001x' >"$tmp/in"
  timeout 5 "$tern" -machine virt -bios none -nographic -monitor none -kernel "$tmp/spin.elf" \
    <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 124
  timeout 5 "$tern" -machine virt -bios none -nographic -kernel "$tmp/spin.elf" \
    <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 0
  # -echr 20: Ctrl-T is the escape key, Ctrl-A no longer is
  timeout 5 "$tern" -machine virt -bios none -nographic -echr 20 -kernel "$tmp/spin.elf" \
    <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 124
  printf '\024h\024x' >"$tmp/in"
  timeout 5 "$tern" -machine virt -bios none -nographic -echr 0x14 -kernel "$tmp/spin.elf" \
    <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 0
  expect_out "C-t x    exit emulator"
  expect_out "C-t C-t  sends C-t"
  ;;
name-pidfile)
  fixtures
  # shellcheck disable=SC2086
  start_bg named "$tern" -machine virt -bios none -serial null -name guest0,process=tern-guest0 \
    -pidfile "$tmp/pid" -kernel "$tmp/spin.elf"
  p=$last_pid
  for _ in $(seq 100); do [ -s "$tmp/pid" ] && break; sleep 0.05; done
  [ "$(cat "$tmp/pid" 2>/dev/null)" = "$p" ] || fail "-pidfile holds '$(cat "$tmp/pid" 2>/dev/null)', not $p"
  [ "$(cat "/proc/$p/comm")" = "tern-guest0" ] || fail "process= did not name the process ($(cat "/proc/$p/comm"))"
  run -machine virt -bios none -serial null -pidfile "$tmp/pid" -kernel "$tmp/spin.elf"
  expect_rc 1
  expect_err "tern: -pidfile $tmp/pid: cannot lock PID file"
  stop_bg "$p"
  [ ! -e "$tmp/pid" ] || fail "the PID file outlived tern"
  # the monitor tells the name (and nothing without -name, as QEMU)
  { sleep 1; printf '\001cinfo name\nquit\n'; } | timeout 10 "$tern" -machine virt -bios none \
    -nographic -name guest0 -kernel "$tmp/spin.elf" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 0
  grep -q "^guest0" "$tmp/out" || fail "info name did not print guest0"
  ;;
daemonize)
  fixtures
  timeout 20 "$tern" -daemonize -pidfile "$tmp/pid" -machine virt -bios none \
    -kernel "$tmp/spin.elf" </dev/null >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 0
  expect_no_err
  p=$(cat "$tmp/pid" 2>/dev/null)
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || fail "no daemon running (pid '$p')"
  bg_pids="$bg_pids $p"
  [ "$(ps -o sid= -p "$p" | tr -d ' ')" = "$p" ] || fail "the daemon is not a session leader"
  [ "$(readlink "/proc/$p/fd/1")" = /dev/null ] || fail "the daemon's stdout is $(readlink "/proc/$p/fd/1")"
  kill "$p"
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$p" 2>/dev/null && fail "the daemon did not stop on SIGTERM"
  [ ! -e "$tmp/pid" ] || fail "the PID file outlived the daemon"
  # a failing set-up is reported on the terminal, and the parent exits 1
  run -daemonize -machine virt -bios none -kernel "$tmp/nonexistent.elf"
  expect_rc 1
  expect_err "could not load kernel '$tmp/nonexistent.elf'"
  run -daemonize -nographic -machine virt -bios none -kernel "$tmp/spin.elf"
  expect_rc 1
  expect_err "tern: -nographic cannot be used with -daemonize"
  run -daemonize -serial mon:stdio -machine virt -bios none -kernel "$tmp/spin.elf"
  expect_rc 1
  expect_err "cannot use stdio with -daemonize"
  ;;
no-shutdown)
  fixtures
  run_for 3 -machine virt -bios none -nographic -no-shutdown -kernel "$tmp/hello.elf"
  expect_rc 124
  expect_out "hello from uart0"
  { sleep 1; printf '\001cinfo status\ncont\nquit\n'; } | timeout 10 "$tern" -machine virt \
    -bios none -nographic -no-shutdown -kernel "$tmp/hello.elf" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 0
  expect_out "VM status: paused (shutdown)"
  expect_out "Resetting the Virtual Machine is required"
  ;;
accel)
  fixtures
  for a in "-accel kvm" "-enable-kvm" "-accel kvm:tcg" "-accel kvm -accel tcg" \
           "-machine virt,accel=kvm:tcg" "-accel hvf"; do
    # shellcheck disable=SC2086
    run -machine virt -bios none -nographic $a -kernel "$tmp/hello.elf"
    expect_rc 0
    expect_out "hello from uart0"
    expect_err "tern: warning: -accel"
    expect_err "falling back to tcg"
  done
  run -machine virt -bios none -nographic -accel kvm -accel interp -kernel "$tmp/hello.elf"
  expect_rc 0
  expect_err "falling back to interp"
  # the first accelerator that works is the one used (QEMU): the JIT's host code, or the
  # interpreter's "[interp: ...]" blocks, in -d out_asm
  run -machine virt -bios none -nographic -accel tcg,thread=multi,tb-size=32 -accel interp \
    -d out_asm -D "$tmp/oa.log" -kernel "$tmp/hello.elf"
  expect_rc 0
  grep -q "jmp " "$tmp/oa.log" && ! grep -q "\[interp:" "$tmp/oa.log" || fail "tcg first: not the JIT"
  run -machine virt -bios none -nographic -accel interp -accel tcg -enable-kvm \
    -d out_asm -D "$tmp/oa.log" -kernel "$tmp/hello.elf"
  expect_rc 0
  grep -q "\[interp:" "$tmp/oa.log" || fail "interp first: not the interpreter"
  expect_err "falling back to interp"
  run -accel help
  expect_rc 0
  expect_out "tcg"
  expect_out "interp"
  run -accel foo -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "unknown accelerator 'foo'"
  ;;
data-dir)
  fixtures
  mkdir -p "$tmp/fw" "$tmp/elsewhere"
  cp "$tmp/hello.elf" "$tmp/fw/opensbi-riscv64-generic-fw_dynamic.bin"
  cp "$tmp/hello.elf" "$tmp/fw/myfw.elf"
  # the default firmware under QEMU's name in -L DIR: "hello" runs as the firmware
  run -machine virt -nographic -L "$tmp/fw"
  expect_rc 0
  expect_out "hello from uart0"
  (cd "$tmp/elsewhere" && timeout 20 "$tern" -machine virt -nographic -L "$tmp/fw" -bios myfw.elf \
    </dev/null >"$tmp/out" 2>"$tmp/err")
  rc=$?
  expect_rc 0
  expect_out "hello from uart0"
  (cd "$tmp/elsewhere" && timeout 20 "$tern" -machine virt -nographic -bios myfw.elf \
    </dev/null >"$tmp/out" 2>"$tmp/err")
  rc=$?
  expect_rc 1
  expect_err "myfw.elf"
  # QEMU's firmware name as kunit's riscv config passes it: QEMU's data directory or tern's OpenSBI
  if [ -f /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ]; then
    (cd "$tmp/elsewhere" && timeout 5 "$tern" -machine virt -nographic \
      -bios opensbi-riscv64-generic-fw_dynamic.bin </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
    expect_rc 124
    expect_out "OpenSBI v"
  fi
  run -L "$tmp/fw" -L /usr/share/qemu -L help
  expect_rc 0
  expect_out "$tmp/fw"
  ;;
rtc)
  fixtures
  rtcprint
  run -machine virt -bios none -nographic -rtc base=2006-06-17T16:01:21 -kernel "$tmp/rtc.elf"
  expect_rc 0
  t=$(head -1 "$tmp/out" | tr -d '\r')
  [ "$t" -ge 1150560081 ] && [ "$t" -le 1150560141 ] || fail "base=DATE: RTC reads $t"
  run -machine virt -bios none -nographic -rtc base=2006-06-17 -kernel "$tmp/rtc.elf"
  t=$(head -1 "$tmp/out" | tr -d '\r')
  [ "$t" -ge 1150502400 ] && [ "$t" -le 1150502460 ] || fail "base=DAY: RTC reads $t"
  for clock in host rt vm; do
    run -machine virt -bios none -nographic -rtc base=utc,clock=$clock -kernel "$tmp/rtc.elf"
    t=$(head -1 "$tmp/out" | tr -d '\r')
    now=$(date +%s)
    [ $((now - t)) -ge -2 ] && [ $((now - t)) -le 60 ] || fail "clock=$clock: RTC $t, host $now"
  done
  # localtime: the host's local time read as UTC (here 5 hours east of UTC)
  TZ=UTC-5 timeout 20 "$tern" -machine virt -bios none -nographic -rtc base=localtime \
    -kernel "$tmp/rtc.elf" </dev/null >"$tmp/out" 2>"$tmp/err"
  t=$(head -1 "$tmp/out" | tr -d '\r')
  now=$(date +%s)
  d=$((t - now - 18000))
  [ "$d" -ge -2 ] && [ "$d" -le 60 ] || fail "base=localtime (UTC-5): RTC $t, host $now"
  ;;
drive-claim)
  fixtures
  probe devid 0x10008008 lw     # slot 7 (the first device): virtio DeviceID
  dd if=/dev/zero of="$tmp/d.img" bs=1M count=1 2>/dev/null
  # QEMU 7.2: no if= is if=none on riscv virt; -device takes the drive by id
  run -machine virt -bios none -drive file="$tmp/d.img",format=raw,id=hd0 \
    -device virtio-blk-device,drive=hd0 -kernel "$tmp/devid.elf"
  expect_rc 2
  expect_no_err
  run -machine virt -bios none -drive file="$tmp/d.img",format=raw,if=none,id=hd0 \
    -device virtio-blk-device,drive=hd0 -kernel "$tmp/devid.elf"
  expect_rc 2
  # if=virtio is a virtio-blk-pci function (QEMU 7.2 on virt): slot 7 stays empty, 00:01.0's
  # device ID is 0x1042 (its low byte read through ECAM)
  run -machine virt -bios none -drive file="$tmp/d.img",format=raw,if=virtio -kernel "$tmp/devid.elf"
  expect_rc 0
  probe pciid 0x30008002
  run -machine virt -bios none -drive file="$tmp/d.img",format=raw,if=virtio -kernel "$tmp/pciid.elf"
  expect_rc 66
  # a drive no device takes: opened (its errors count) but not seen, with a warning
  run -machine virt -bios none -drive file="$tmp/d.img",format=raw -kernel "$tmp/devid.elf"
  expect_rc 0
  expect_err "tern: warning: -drive file=$tmp/d.img has no if= and no -device uses it"
  run -machine virt -bios none -drive file="$tmp/nope.img",format=raw -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "cannot open disk image $tmp/nope.img"
  run -machine virt -bios none -drive file="$tmp/d.img",format=raw,if=virtio,id=hd0 \
    -device virtio-blk-device,drive=hd0 -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "already in use"
  ;;
object-rng)
  fixtures
  probe devid 0x10008008 lw
  for obj in "rng-random,filename=/dev/urandom,id=rng0" "rng-random,id=rng0" \
             "rng-builtin,id=rng0" "qom-type=rng-random,id=rng0"; do
    run -machine virt -bios none -object "$obj" -device virtio-rng-device,rng=rng0 \
      -kernel "$tmp/devid.elf"
    expect_rc 4
    expect_no_err
  done
  run -machine virt -bios none -object rng-random,filename="$tmp/none",id=rng0 \
    -device virtio-rng-device,rng=rng0 -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "-object rng-random,id=rng0: cannot open $tmp/none"
  run -machine virt -bios none -device virtio-rng-device,rng=nope -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "no -object with id 'nope'"
  run -machine virt -bios none -object rng-random,id=r -object rng-builtin,id=r -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "duplicate id 'r'"
  ;;
virtfs)
  fixtures
  probe devid 0x10008008 lw
  mkdir -p "$tmp/share"
  # -fsdev + virtio-9p-device: device ID 9 in the first virtio-mmio slot
  run -machine virt -bios none -fsdev local,id=fs0,path="$tmp/share",security_model=none \
    -device virtio-9p-device,fsdev=fs0,mount_tag=host0 -kernel "$tmp/devid.elf"
  expect_rc 9
  expect_no_err
  run -machine virt -bios none -fsdev local,id=fs0,path="$tmp/share",security_model=passthrough,readonly=on \
    -device virtio-9p-device,fsdev=fs0,mount_tag=host0 -kernel "$tmp/devid.elf"
  expect_rc 9
  # -virtfs makes a virtio-9p-pci (the mmio slot stays empty: device ID 0)
  run -machine virt -bios none -virtfs local,path="$tmp/share",mount_tag=t,security_model=none \
    -kernel "$tmp/devid.elf"
  expect_rc 0
  expect_no_err
  run -machine virt -bios none -virtfs local,path="$tmp/share",mount_tag=t \
    -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "tern: -virtfs: security_model is mandatory"
  run -machine virt -bios none -virtfs local,path="$tmp/nope",mount_tag=t,security_model=none \
    -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "cannot open directory $tmp/nope"
  run -machine virt -bios none -virtfs local,security_model=none,mount_tag=t -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "tern: -virtfs: missing path=DIR"
  run -machine virt -bios none -virtfs local,path="$tmp/share",security_model=none -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "tern: -virtfs: missing mount_tag=TAG"
  run -machine virt -bios none -virtfs proxy,sock_fd=3,mount_tag=t,security_model=none -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "unsupported file system driver"
  run -machine virt -bios none -fsdev local,id=a,path="$tmp/share",security_model=mapped-file \
    -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "security_model=mapped-file"
  run -machine virt -bios none -device virtio-9p-device,fsdev=nope,mount_tag=t -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "no -fsdev with id 'nope'"
  run -machine virt -bios none -fsdev local,id=a,path="$tmp/share",security_model=none \
    -device virtio-9p-pci,fsdev=a -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "missing mount_tag=TAG"
  run -machine virt -bios none -fsdev local,id=a,path="$tmp/share",security_model=none \
    -fsdev local,id=a,path="$tmp/share",security_model=none -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "duplicate id 'a'"
  ;;
legacy-net)
  fixtures
  probe devid 0x10008008 lw
  probe mac5 0x10008105         # virtio-net config: mac[5]
  run -machine virt -bios none -net nic,model=virtio,macaddr=52:54:00:12:34:99 -net user \
    -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_no_err
  run -machine virt -bios none -net nic,model=virtio,macaddr=52:54:00:12:34:99 \
    -net user,hostfwd=tcp:127.0.0.1:$(free_port 3)-:22 -kernel "$tmp/mac5.elf"
  expect_rc 153
  run -machine virt -bios none -net none -kernel "$tmp/devid.elf"
  expect_rc 0
  run -machine virt -bios none -net nic -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "-net: 1 nic and 0 user"
  run -machine virt -bios none -net nic,model=e1000 -net user -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "model=e1000 is not supported"
  # -netdev user's TFTP server (the guest side is in virtio.wild)
  mkdir -p "$tmp/tftp"
  run -machine virt -bios none -netdev user,id=n0,tftp="$tmp/tftp",bootfile=boot.bin \
    -device virtio-net-device,netdev=n0 -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_no_err
  run -machine virt -bios none -netdev user,id=n0,tftp="$tmp/nodir" \
    -device virtio-net-device,netdev=n0 -kernel "$tmp/devid.elf"
  expect_rc 1
  expect_err "tftp=$tmp/nodir: not a directory"
  ;;
loader)
  fixtures
  probe peek 0x80100000
  printf '\052' >"$tmp/byte.bin"
  run -machine virt -bios none -device loader,file="$tmp/byte.bin",addr=0x80100000 \
    -kernel "$tmp/peek.elf"
  expect_rc 42
  run -machine virt -bios none -device loader,addr=0x80100000,data=0x1234567b,data-len=4 \
    -kernel "$tmp/peek.elf"
  expect_rc 123
  run -machine virt -bios none -device loader,addr=0x80100000,data=0x7b000000,data-len=4,data-be=on \
    -kernel "$tmp/peek.elf"
  expect_rc 123
  # an ELF goes where its headers say: hello.elf as the only program
  run -machine virt -bios none -nographic -device loader,file="$tmp/hello.elf" -kernel "$tmp/hello.elf"
  expect_rc 1
  expect_err "overlaps the kernel"
  run -machine virt -nographic -L /nonexistent -bios "$tmp/spin.elf" -device loader,file="$tmp/hello.elf",addr=0x80000000,force-raw=on
  expect_rc 1
  expect_err "overlaps the firmware"
  run -machine virt -bios none -device loader,file="$tmp/byte.bin" -kernel "$tmp/peek.elf"
  expect_rc 1
  expect_err "give addr="
  run -machine virt -bios none -device loader,addr=0x80100000,cpu-num=0 -kernel "$tmp/peek.elf"
  expect_rc 1
  expect_err "cpu-num= is not supported"
  ;;
probes)
  for p in "-machine help" "-machine ?" "-M help"; do
    # shellcheck disable=SC2086
    run $p
    expect_rc 0
    expect_out "virt"
  done
  run -device help
  expect_rc 0
  expect_out 'name "virtio-blk-device", bus virtio-bus'
  expect_out 'name "virtio-rng-device"'
  run -device virtio-blk-device,help
  expect_rc 0
  expect_out "drive=<str>"
  run -device nosuch,help
  expect_rc 1
  expect_err "unknown device"
  run -netdev help
  expect_rc 0
  expect_out "user"
  run -version
  expect_rc 0
  head -1 "$tmp/out" | grep -qE '^QEMU emulator version 7\.2\.[0-9]+ \(tern [0-9.]+\)$' ||
    fail "first line '$(head -1 "$tmp/out")' is not QEMU's format"
  expect_out "not QEMU"
  ;;
mem-slots)
  run -machine virt,dumpdtb="$tmp/x.dtb" -m 1G,slots=2,maxmem=4G
  expect_rc 0
  run -machine virt,dumpdtb="$tmp/x.dtb" -m size=1G,slots=2
  expect_rc 1
  expect_err "slots= needs maxmem="
  run -machine virt,dumpdtb="$tmp/x.dtb" -m size=4G,maxmem=2G
  expect_rc 1
  expect_err "maxmem (0x80000000) must be at least the RAM size (0x100000000)"
  ;;
compat-doc)
  # docs/qemu-compat.md has a row for every option tern -h lists
  doc=$(dirname "$0")/../../docs/qemu-compat.md
  [ -f "$doc" ] || fail "no $doc"
  run -h
  expect_rc 0
  opts=$(sed -n 's/^  -\([A-Za-z][A-Za-z0-9-]*\).*/\1/p' "$tmp/out")
  [ -n "$opts" ] || fail "no options in tern -h"
  for o in $opts; do
    grep -q "^| .*\`-$o[ ,\`\[]" "$doc" || fail "docs/qemu-compat.md has no row for -$o"
  done
  ;;
*)
  echo "unknown case '$case'"
  exit 1
  ;;
esac
echo "PASS [$case]"
exit 0
