#!/bin/sh
# SPDX-License-Identifier: MIT
# Command-line behaviour of tern: exit statuses and messages for options and for good, broken
# and foreign -kernel files. Fixtures are built at test time with riscv64-unknown-elf-gcc and
# corrupted with head/dd/printf (no binaries in git).
# Usage: cli_test.sh TERN VERSION CASE     (exit 0 pass, 1 fail, 77 skipped)
set -u
tern=$1
version=$2
case=$3
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
rc=0

fail() {
  echo "FAIL [$case]: $*"
  echo "--- stderr:"; head -20 "$tmp/err" 2>/dev/null
  echo "--- stdout:"; head -40 "$tmp/out" 2>/dev/null
  exit 1
}
run() { timeout 20 "$tern" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# Run with a time limit; rc 124 means it was still running (the guest never exits).
run_for() { t=$1; shift; timeout "$t" "$tern" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_err() { grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1'"; }
expect_out() { grep -qF -- "$1" "$tmp/out" || fail "stdout lacks '$1'"; }
expect_no_err() { [ ! -s "$tmp/err" ] || fail "unexpected stderr"; }
need_cc() {
  command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: $cc not found"; exit 77; }
}

# build_elf NAME CODE [TEXT_ADDR]: a bare-metal program that exits through HTIF with CODE.
build_elf() {
  need_cc
  cat >"$tmp/$1.S" <<EOF
  .globl _start
_start:
  la t0, tohost
  li t1, ($2 << 1) | 1
  sd t1, 0(t0)
1: j 1b
  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .size tohost, 8
  .align 6
  .globl fromhost
fromhost: .dword 0
  .size fromhost, 8
EOF
  "$cc" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static \
    -Wl,--no-relax -Wl,-Ttext=${3:-0x80000000} -o "$tmp/$1" "$tmp/$1.S" || fail "cannot build fixture $1"
}

# patch FILE OFFSET BYTES(printf escapes): overwrite bytes in place.
patch() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

case "$case" in
help)
  for flag in -h --help; do
    run $flag
    expect_rc 0
    for opt in -h -version -machine -M -m -smp -bios -kernel -append -initrd -nographic \
               -serial -d -D -accel -singlestep -no-reboot -s -gdb; do
      grep -qE -- "^  $opt([ |]|$)|\\|$opt( |$)" "$tmp/out" || fail "$flag does not list $opt"
    done
  done
  ;;
version)
  for flag in -version --version; do
    run $flag
    expect_rc 0
    # QEMU's first line, which tools parse, with tern in the package slot
    [ "$(head -1 "$tmp/out")" = "QEMU emulator version 7.2.0 (tern $version)" ] ||
      fail "$flag printed '$(head -1 "$tmp/out")'"
    grep -q "^tern $version: " "$tmp/out" || fail "$flag does not say what tern is"
  done
  ;;
unknown-option)
  run -foo
  expect_rc 1
  expect_err "tern: unknown option '-foo'"
  expect_err "tern -h"
  run -kernel
  expect_rc 1
  expect_err "requires an argument"
  run stray-argument
  expect_rc 1
  expect_err "unexpected argument 'stray-argument'"
  ;;
missing-kernel)
  run -machine spike -bios none -nographic -kernel "$tmp/does-not-exist.elf"
  expect_rc 1
  expect_err "could not load kernel '$tmp/does-not-exist.elf'"
  expect_err "No such file"
  run -machine spike -bios none
  expect_rc 1
  expect_err "-kernel"
  : >"$tmp/empty"
  run -kernel "$tmp/empty"
  expect_rc 1
  expect_err "empty file"
  ;;
arch-cpu)
  # The architecture comes from tern-system-ARCH's name, -arch or the -cpu model.
  build_elf ok.elf 21
  sys="$(dirname "$tern")/tern-system-riscv64"
  [ -x "$sys" ] || fail "$sys not built next to tern"
  timeout 20 "$sys" -machine spike -bios none -nographic -kernel "$tmp/ok.elf" \
    >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 21
  ln -s "$tern" "$tmp/tern-system-sparc64"
  timeout 20 "$tmp/tern-system-sparc64" -kernel "$tmp/ok.elf" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect_rc 1
  expect_err "tern: tern-system-sparc64: not an architecture of this tern (built: riscv64"
  run -arch riscv64 -cpu rv64 -machine spike -bios none -nographic -kernel "$tmp/ok.elf"
  expect_rc 21
  run -cpu rv64 -machine spike -bios none -nographic -kernel "$tmp/ok.elf"
  expect_rc 21
  run -arch sparc64 -kernel "$tmp/ok.elf"
  expect_rc 1
  expect_err "tern: -arch sparc64: not an architecture of this tern"
  run -cpu pentium -machine spike -kernel "$tmp/ok.elf"
  expect_rc 1
  expect_err "tern: -cpu pentium: unknown CPU model (try -cpu help)"
  run -cpu rv64,zzz=off -machine spike -kernel "$tmp/ok.elf"
  expect_rc 1
  expect_err "tern: -cpu rv64,zzz=off: property 'zzz' not found"
  run -cpu help
  expect_rc 0
  expect_out "Available CPUs (riscv64):"
  expect_out "rv64"
  ;;
cpu-models)
  # -cpu MODEL,PROPS with QEMU's model and property names (cpu/riscv/models.c).
  build_elf ok.elf 21
  for cpu in rv64 any max shakti-c sifive-u54 rv64,sv48=on rv64,sv39=on rv64,mmu=off \
      rv64,pmp=true rv64,pmp=false rv64,pmp=off rv64,zba=off,zbb=yes,zbs=no,zihintpause=n \
      rv64,Zicsr=on,Zifencei=true,sstc=off rv64,priv_spec=v1.12.0 rv64,h=off,v=off,zbc=off \
      rv64,mvendorid=0x489,marchid=1,mimpid=2 max,zihpm=off,sv48=off rv64,g=on,m sifive-u54,zba; do
    run -machine spike -bios none -nographic -cpu "$cpu" -kernel "$tmp/ok.elf"
    [ "$rc" -eq 21 ] || fail "-cpu $cpu: exit status $rc, expected 21"
    expect_no_err
  done
  refuse() {
    run -machine spike -bios none -nographic -cpu "$1" -kernel "$tmp/ok.elf"
    expect_rc 1
    expect_err "tern: -cpu $1: $2"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "-cpu $1: more than one line of error"
  }
  refuse rva23s64,pmp=true "profile rva23s64 needs extensions tern does not implement: zicbom"
  grep -qF ", v, " "$tmp/err" && grep -qF ", h, " "$tmp/err" || fail "rva23s64: V and H unnamed"
  refuse rva22s64 "profile rva22s64 needs extensions tern does not implement: zicbom, zicbop, zicboz, zfhmin, svpbmt, svinval"
  refuse sifive-e51 "an M/U-only hart (RV64IMAC, no S mode, no MMU) is not implemented"
  refuse x-rv128 "RV128 is not implemented"
  refuse rv64,h=on "h=on: extension h is not implemented by tern"
  refuse rv64,zicbom=on "zicbom=on: extension zicbom is not implemented by tern"
  refuse rv64,Zfh=true "Zfh=true: extension Zfh is not implemented by tern"
  refuse rv64,v=on "v=on: extension v is not implemented by tern"
  refuse rv64,vlen=256 "vlen: not implemented by tern (a V extension property; tern has no V)"
  refuse rv64,sv57=on "sv57=on: Sv57 paging is not implemented"
  refuse rv64,sv39=off "cannot disable sv39 when sv48 is on"
  refuse rv64,mmu=off,sv48=on "sv48=on needs mmu=on"
  refuse rv64,foo=on "property 'foo' not found"
  refuse rv64,c=maybe "c=maybe: not a boolean"
  refuse rv64,i=off "i=off: tern's harts always have the I base"
  refuse rv64,s=off "s=off: harts without S mode are not implemented"
  refuse rv64,f=off "D extension requires F extension"
  refuse rv64,priv_spec=v1.10.0 "priv_spec=v1.10.0: tern implements privileged spec v1.12.0 only"
  refuse rv64,mvendorid=0x100000000 "mvendorid=0x100000000: not a number (up to 32 bits)"
  refuse rv64,marchid=-1 "marchid=-1: not a number"
  refuse rv64,,c=on "empty property"
  run -cpu help
  expect_rc 0
  for m in rv64 any max shakti-c sifive-u54; do
    grep -q "^  $m " "$tmp/out" || fail "-cpu help lacks $m"
  done
  for m in sifive-e51 rva22s64 rva23s64 x-rv128; do
    grep -q "$m" "$tmp/out" && fail "-cpu help lists $m, which is refused"
  done
  grep -q "^  rv64 .*(default)" "$tmp/out" || fail "-cpu help: rv64 is not the default"
  ;;
good-elf)
  build_elf ok.elf 21
  for accel in tcg interp; do
    run -machine spike -bios none -nographic -accel $accel -kernel "$tmp/ok.elf"
    expect_rc 21
    expect_no_err
  done
  build_elf zero.elf 0
  run -M spike -m 64M -bios none -nographic -kernel "$tmp/zero.elf"
  expect_rc 0
  ;;
truncated-elf)
  build_elf ok.elf 0
  for n in 3 40 100 300; do
    head -c $n "$tmp/ok.elf" >"$tmp/cut.elf"
    run -kernel "$tmp/cut.elf"
    expect_rc 1
    expect_err "could not load kernel '$tmp/cut.elf'"
    expect_err "truncated"
  done
  ;;
segment-outside-ram)
  build_elf low.elf 0 0x10000000
  run -machine spike -bios none -kernel "$tmp/low.elf"
  expect_rc 1
  expect_err "could not load kernel '$tmp/low.elf'"
  expect_err "not inside guest RAM"
  # the same program fits at 0x80000000 but not past the end of a 1M RAM
  build_elf high.elf 0 0x80100000
  run -machine spike -m 1M -bios none -kernel "$tmp/high.elf"
  expect_rc 1
  expect_err "not inside guest RAM"
  ;;
wrong-machine)
  build_elf x86.elf 0
  patch "$tmp/x86.elf" 18 '\076\000'          # e_machine = EM_X86_64
  run -kernel "$tmp/x86.elf"
  expect_rc 1
  expect_err "could not load kernel '$tmp/x86.elf'"
  expect_err "x86-64"
  expect_err "not RISC-V"
  build_elf c32.elf 0
  patch "$tmp/c32.elf" 4 '\001'               # EI_CLASS = ELFCLASS32
  run -kernel "$tmp/c32.elf"
  expect_rc 1
  expect_err "not a 64-bit ELF"
  ;;
garbage-kernel)
  # Like QEMU, a file that is not an ELF is a raw image at the start of RAM: accepted and
  # run. This one is text, so the hart traps forever and never exits.
  printf 'this is not a RISC-V program\n' >"$tmp/garbage.bin"
  run_for 2 -machine spike -bios none -nographic -kernel "$tmp/garbage.bin"
  expect_rc 124
  if grep -q "tern:" "$tmp/err"; then fail "garbage raw image was rejected"; fi
  ;;
log-items)
  run -d foo -kernel /dev/null
  expect_rc 1
  expect_err "unknown log item 'foo'"
  run -d in_asm,bogus
  expect_rc 1
  expect_err "unknown log item 'bogus'"
  run -d help
  expect_rc 0
  expect_out "in_asm"
  expect_out "stats"
  build_elf ok.elf 3
  run -d in_asm -D "$tmp/log.txt" -kernel "$tmp/ok.elf"
  expect_rc 3
  grep -q "sd	t1,0(t0)" "$tmp/log.txt" || fail "-d in_asm -D did not log the guest code"
  ;;
machine-options)
  run -machine help
  expect_rc 0
  expect_out "spike"
  run -machine nosuchboard -kernel /dev/null
  expect_rc 1
  expect_err "unsupported machine 'nosuchboard'"
  run -machine spike,foo=bar -kernel /dev/null
  expect_rc 1
  expect_err "unknown property 'foo'"
  run -bios fw.bin -kernel /dev/null
  expect_rc 1
  expect_err "use -bios none"
  run -smp 2 -kernel /dev/null
  expect_rc 1
  expect_err "-smp 2"
  run -smp 100 -kernel /dev/null
  expect_rc 1
  expect_err "-smp 100"
  run -m 12X -kernel /dev/null
  expect_rc 1
  expect_err "invalid RAM size '12X'"
  run -accel qtest -kernel /dev/null
  expect_rc 1
  expect_err "unknown accelerator 'qtest'"
  run -serial tcp:x -kernel /dev/null
  expect_rc 1
  expect_err "-serial"
  ;;
serial)
  need_cc
  cat >"$tmp/hello.S" <<'EOF'
  .globl _start
_start:
  la s0, msg
  la s1, tohost
  la s2, fromhost
1:lbu t1, 0(s0)
  beqz t1, 3f
  li t0, 0x0101000000000000       /* device 1 (console), command 1 (putchar) */
  or t0, t0, t1
  sd t0, 0(s1)
2:ld t2, 0(s2)
  beqz t2, 2b
  sd zero, 0(s2)
  addi s0, s0, 1
  j 1b
3:li t0, 1
  sd t0, 0(s1)
4:j 4b
msg: .string "hello from htif\n"
  .section .tohost, "aw", @progbits
  .align 6
  .globl tohost
tohost: .dword 0
  .size tohost, 8
  .align 6
  .globl fromhost
fromhost: .dword 0
  .size fromhost, 8
EOF
  "$cc" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--no-relax \
    -Wl,-Ttext=0x80000000 -o "$tmp/hello.elf" "$tmp/hello.S" || fail "cannot build hello.elf"
  run -machine spike -bios none -nographic -kernel "$tmp/hello.elf"
  expect_rc 0
  [ "$(cat "$tmp/out")" = "hello from htif" ] || fail "console output '$(cat "$tmp/out")'"
  run -machine spike -bios none -serial null -kernel "$tmp/hello.elf"
  expect_rc 0
  [ ! -s "$tmp/out" ] || fail "-serial null still printed"
  ;;
*)
  echo "unknown case '$case'"
  exit 1
  ;;
esac
echo "PASS [$case]"
exit 0
