#!/bin/sh
# SPDX-License-Identifier: MIT
# `-machine virt` from the command line: dumpdtb, -dtb, kernel formats (ELF, Image header,
# gzip) and their error exits, bare-metal programs that end through the SiFive test device,
# the boot registers (a0 hartid, a1 DTB, a2 fw_dynamic_info), system reset and -no-reboot,
# -smp, and a boot through OpenSBI. Fixtures are assembled at test time (no binaries in git).
# Usage: virt_test.sh TERN CASE     (exit 0 pass, 1 fail, 77 skipped)
set -u
tern=$1
case=$2
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
objcopy=${RISCV_ELF_OBJCOPY:-riscv64-unknown-elf-objcopy}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
rc=0

fail() {
  echo "FAIL [$case]: $*"
  echo "--- stderr:"; head -20 "$tmp/err" 2>/dev/null
  echo "--- stdout:"; tail -40 "$tmp/out" 2>/dev/null
  exit 1
}
skip() { echo "SKIP [$case]: $*"; exit 77; }
run() { timeout 30 "$tern" "$@" <"/dev/null" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_err() { grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1'"; }
expect_out() { grep -qF -- "$1" "$tmp/out" || fail "stdout lacks '$1'"; }
need_cc() { command -v "$cc" >/dev/null 2>&1 || skip "$cc not found"; }
have_dtc() { command -v dtc >/dev/null 2>&1; }

# Test device values (SiFive test finisher at 0x100000).
PASS=0x5555
RESET=0x7777

# asm NAME [LINK_ADDR]: assemble $tmp/NAME.S (RV64GC, no C library) into $tmp/NAME.elf.
asm() {
  need_cc
  "$cc" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--no-relax \
    -Wl,-Ttext=${2:-0x80000000} -o "$tmp/$1.elf" "$tmp/$1.S" || fail "cannot assemble $1"
}
# bare NAME VALUE: a program that writes VALUE to the test device.
bare() {
  cat >"$tmp/$1.S" <<EOF
  .globl _start
_start:
  li t0, 0x100000
  li t1, $2
  sw t1, 0(t0)
1: j 1b
EOF
  asm "$1"
}
# image NAME TEXT_OFFSET IMAGE_SIZE [BODY]: a flat Linux-style Image (boot-image-header.rst)
# whose code jumps over the 64-byte header to BODY (default: power off).
image() {
  cat >"$tmp/$1.S" <<EOF
  .option norvc
  .globl _start
_start:
  j body
  .word 0
  .dword $2
  .dword $3
  .dword 0
  .word 0x2
  .word 0
  .dword 0
  .ascii "RISCV\\0\\0\\0"
  .ascii "RSC\\005"
  .word 0
body:
${4:-  li t0, 0x100000
  li t1, $PASS
  sw t1, 0(t0)
1: j 1b}
EOF
  asm "$1"
  "$objcopy" -O binary "$tmp/$1.elf" "$tmp/$1.bin" || fail "objcopy $1"
}
# patch FILE OFFSET BYTES(printf escapes): overwrite bytes in place.
patch() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

# Checks run by a bare-metal program on the boot registers: a0 = this hart, a1 = a DTB (magic
# d00dfeed, big-endian), a2 = fw_dynamic_info (magic "OSBI", version 2, next_mode S). Each
# failed check exits through the test device with its own code.
regs_check() {
  cat <<'EOF'
  li t0, 0x100000
  lwu t1, 0(a1)
  li t2, 0xedfe0dd0
  li t3, 0x3333 | (3 << 16)
  bne t1, t2, bad
  ld t1, 0(a2)
  li t2, 0x4942534f
  li t3, 0x3333 | (4 << 16)
  bne t1, t2, bad
  ld t1, 8(a2)
  li t2, 2
  li t3, 0x3333 | (6 << 16)
  bne t1, t2, bad
  ld t1, 24(a2)
  li t2, 1
  li t3, 0x3333 | (7 << 16)
  bne t1, t2, bad
EOF
}

case "$case" in
virt-bare)
  bare pass $PASS
  bare fail "0x3333 | (5 << 16)"
  for accel in tcg interp; do
    run -machine virt -bios none -nographic -accel $accel -kernel "$tmp/pass.elf"
    expect_rc 0
    run -machine virt -bios none -nographic -accel $accel -kernel "$tmp/fail.elf"
    expect_rc 5
  done
  run -machine virt -bios none
  expect_rc 1
  expect_err "-kernel"
  ;;
virt-boot-regs)
  # Every hart enters the guest from the boot ROM with QEMU's registers.
  { echo "  .globl _start"; echo "_start:"; regs_check
    echo "  bnez a0, 1f"; echo "  li t1, $PASS"; echo "  sw t1, 0(t0)"; echo "1: j 1b"
    echo "bad: sw t3, 0(t0)"; echo "2: j 2b"; } >"$tmp/regs.S"
  asm regs
  run -machine virt -bios none -kernel "$tmp/regs.elf"
  expect_rc 0
  run -machine virt -bios none -smp 3 -kernel "$tmp/regs.elf"
  expect_rc 0
  ;;
virt-dumpdtb)
  bare pass $PASS
  printf 'initrd contents\n' >"$tmp/initrd"
  run -machine virt,dumpdtb="$tmp/t.dtb" -smp 2 -m 256M -bios none -kernel "$tmp/pass.elf" \
      -initrd "$tmp/initrd" -append "console=ttyS0 quiet"
  expect_rc 0
  [ -s "$tmp/t.dtb" ] || fail "no DTB written"
  [ "$(od -An -tx1 -N4 "$tmp/t.dtb" | tr -d ' ')" = "d00dfeed" ] || fail "bad DTB magic"
  have_dtc || { echo "PASS [$case] (dtc not installed: DTB contents not checked)"; exit 0; }
  dtc -I dtb -O dts -o "$tmp/t.dts" "$tmp/t.dtb" 2>"$tmp/err" || fail "dtc rejects the DTB"
  for s in 'bootargs = "console=ttyS0 quiet"' 'linux,initrd-start' 'cpu@1 {' \
           'reg = <0x00 0x80000000 0x00 0x10000000>' 'compatible = "ns16550a"' \
           'stdout-path = "/soc/serial@10000000"' 'riscv,ndev = <0x60>'; do
    grep -qF "$s" "$tmp/t.dts" || fail "DTB lacks '$s'"
  done
  # -dtb: the user's tree is used, with bootargs from -append as QEMU does.
  run -machine virt,dumpdtb="$tmp/u.dtb" -bios none -kernel "$tmp/pass.elf" -dtb "$tmp/t.dtb" \
      -append "root=/dev/vda"
  expect_rc 0
  dtc -I dtb -O dts -o "$tmp/u.dts" "$tmp/u.dtb" 2>"$tmp/err" || fail "dtc rejects -dtb output"
  grep -qF 'bootargs = "root=/dev/vda"' "$tmp/u.dts" || fail "-append not applied to -dtb"
  grep -qF 'cpu@1 {' "$tmp/u.dts" || fail "-dtb tree not used (2 harts expected)"
  ;;
virt-bad-dtb)
  bare pass $PASS
  printf 'not a device tree\n' >"$tmp/junk.dtb"
  run -machine virt -bios none -kernel "$tmp/pass.elf" -dtb "$tmp/junk.dtb"
  expect_rc 1
  expect_err "not a valid flattened device tree"
  run -machine virt,foo=bar -bios none -kernel "$tmp/pass.elf"
  expect_rc 1
  expect_err "unknown or unsupported property 'foo=bar'"
  run -machine virt -smp 9 -bios none -kernel "$tmp/pass.elf"
  expect_rc 1
  expect_err "-smp 9"
  ;;
virt-pci-options)
  # -device NAME-pci properties (bus, addr, disable-legacy/-modern, romfile) and refusals.
  bare pass $PASS
  dtb() { run -machine virt,dumpdtb="$tmp/p.dtb" -bios none -kernel "$tmp/pass.elf" "$@"; }
  dtb -device virtio-rng-pci,addr=0x5,bus=pcie.0,disable-legacy=on,disable-modern=off,romfile= \
      -device virtio-rng-pci,addr=06.0 -device virtio-rng-pci -device virtio-rng,addr=7
  expect_rc 0
  dtb -device virtio-rng-pci,addr=0
  expect_rc 1
  expect_err "slot 0 is the host bridge"
  dtb -device virtio-rng-pci,addr=3 -device virtio-rng-pci,addr=03.0
  expect_rc 1
  expect_err "PCI slot 3 is already in use"
  dtb -device virtio-rng-pci,addr=0x20
  expect_rc 1
  expect_err "expected a slot 1..0x1f, function 0"
  dtb -device virtio-rng-pci,addr=3.1
  expect_rc 1
  expect_err "expected a slot 1..0x1f, function 0"
  dtb -device virtio-rng-pci,bus=pcie.1
  expect_rc 1
  expect_err "the only PCI bus is pcie.0"
  dtb -device virtio-rng-pci,disable-legacy=off
  expect_rc 1
  expect_err "no legacy interface"
  dtb -device virtio-rng-pci,romfile=efi-virtio.rom
  expect_rc 1
  expect_err "option ROMs are not supported"
  dtb -device virtio-rng-device,addr=3
  expect_rc 1
  expect_err "unsupported property 'addr'"
  dtb -device virtio-blk-pci
  expect_rc 1
  expect_err "missing drive=ID"
  dtb -device virtio-net-pci,netdev=nope
  expect_rc 1
  expect_err "no -netdev with id 'nope'"
  dtb -device virtconsole
  expect_rc 1
  expect_err "needs a -device virtio-serial-pci"
  dtb -device virtio-gpu-pci
  expect_rc 1
  expect_err "unknown device"
  dtb -device virtio-9p-pci
  expect_rc 1
  expect_err "missing fsdev=ID"
  ;;
virt-image)
  # A flat Image runs at RAM base without firmware; gzip'ed, it is inflated first.
  image ok 0x200000 0x10000
  run -machine virt -bios none -kernel "$tmp/ok.bin"
  expect_rc 0
  gzip -c "$tmp/ok.bin" >"$tmp/ok.bin.gz"
  run -machine virt -bios none -kernel "$tmp/ok.bin.gz"
  expect_rc 0
  ;;
virt-bad-image)
  image odd 0x123 0x10000
  run -machine virt -bios none -kernel "$tmp/odd.bin"
  expect_rc 1
  expect_err "malformed RISC-V Image header: text_offset 0x123"
  image small 0x200000 0x10
  run -machine virt -bios none -kernel "$tmp/small.bin"
  expect_rc 1
  expect_err "image_size 0x10 is smaller than the file"
  image big 0x200000 0x40000000
  run -machine virt -m 64M -bios none -kernel "$tmp/big.bin"
  expect_rc 1
  expect_err "too big for RAM"
  image ok 0x200000 0x10000
  head -c 60 "$tmp/ok.bin" >"$tmp/cut.bin"
  run -machine virt -bios none -kernel "$tmp/cut.bin"
  expect_rc 1
  expect_err "truncated RISC-V Image"
  ;;
virt-corrupt-gzip)
  image ok 0x200000 0x10000
  # Incompressible filler so that damage lands in deflate data, not in padding.
  head -c 65536 /dev/urandom >>"$tmp/ok.bin"
  gzip -c "$tmp/ok.bin" >"$tmp/ok.gz"
  cp "$tmp/ok.gz" "$tmp/bad.gz"
  patch "$tmp/bad.gz" 30 '\377\377\377\377\377\377\377\377'
  run -machine virt -bios none -kernel "$tmp/bad.gz"
  expect_rc 1
  expect_err "could not load kernel"
  expect_err "gzip"
  size=$(wc -c <"$tmp/ok.gz")
  head -c $((size / 2)) "$tmp/ok.gz" >"$tmp/cut.gz"
  run -machine virt -bios none -kernel "$tmp/cut.gz"
  expect_rc 1
  expect_err "truncated gzip data"
  ;;
virt-initrd)
  bare pass $PASS
  # 16 MiB: the initrd goes 8 MiB above the kernel, the DTB 2 MiB below the end of RAM.
  head -c 7340032 /dev/zero >"$tmp/initrd"
  run -machine virt -m 16M -bios none -kernel "$tmp/pass.elf" -initrd "$tmp/initrd"
  expect_rc 1
  expect_err "overlaps the device tree"
  head -c 20000000 /dev/zero >"$tmp/initrd"
  run -machine virt -m 32M -bios none -kernel "$tmp/pass.elf" -initrd "$tmp/initrd"
  expect_rc 1
  expect_err "does not fit in RAM"
  run -machine virt -bios none -kernel "$tmp/pass.elf" -initrd "$tmp/nonexistent"
  expect_rc 1
  expect_err "could not load initrd"
  ;;
virt-reset)
  # Count boots in RAM outside the loaded image (RAM survives a reset, the image is
  # reloaded): the first boot asks for a reset, the second exits with the count. The first
  # boot also dirties a word of its own image: the reset must restore it (else exit 9).
  cat >"$tmp/boots.S" <<EOF
  .globl _start
_start:
  bnez a0, 3f
  li t0, 0x100000
  la s1, flag
  lw t1, 0(s1)
  beqz t1, 4f
  li t3, (9 << 16) | 0x3333
  sw t3, 0(t0)
4: li t1, 1
  sw t1, 0(s1)
  li s0, 0x80100000
  lw t1, 0(s0)
  addi t1, t1, 1
  sw t1, 0(s0)
  li t2, 2
  bge t1, t2, 1f
  li t3, $RESET
  sw t3, 0(t0)
2: j 2b
1: slli t1, t1, 16
  li t3, 0x3333
  or t1, t1, t3
  sw t1, 0(t0)
3: j 3b
  .align 3
flag: .word 0
EOF
  asm boots
  run -machine virt -bios none -kernel "$tmp/boots.elf"
  expect_rc 2
  run -machine virt -bios none -smp 2 -kernel "$tmp/boots.elf"
  expect_rc 2
  run -machine virt -bios none -no-reboot -kernel "$tmp/boots.elf"
  expect_rc 0
  ;;
virt-smp)
  # Hart 1 sets a flag that hart 0 waits for: both harts must run.
  cat >"$tmp/smp.S" <<EOF
  .globl _start
_start:
  li s0, 0x80100000
  bnez a0, other
  li t0, 0x100000
1: lw t1, 0(s0)
  beqz t1, 1b
  li t1, $PASS
  sw t1, 0(t0)
2: j 2b
other:
  li t1, 1
  sw t1, 0(s0)
3: wfi
  j 3b
EOF
  asm smp
  run -machine virt -bios none -smp 2 -kernel "$tmp/smp.elf"
  expect_rc 0
  ;;
virt-rtc-alarm)
  # M-mode program: goldfish RTC alarm 20 ms ahead -> PLIC source 11 -> MEIP, hart in WFI.
  # Nothing else would wake the hart: the board must schedule the alarm itself.
  cat >"$tmp/rtc.S" <<EOF
  .globl _start
_start:
  bnez a0, park
  la t0, trap
  csrw mtvec, t0
  li s0, 0x101000
  lwu t1, 0(s0)
  lwu t2, 4(s0)
  slli t2, t2, 32
  or t1, t1, t2
  li t3, 20000000
  add t1, t1, t3
  srli t2, t1, 32
  sw t2, 0xc(s0)
  sw t1, 0x8(s0)
  li t1, 1
  sw t1, 0x10(s0)
  li s1, 0xc000000
  sw t1, 44(s1)
  li t1, 0x800
  li t2, 0xc002000
  sw t1, 0(t2)
  li t2, 0xc200000
  sw zero, 0(t2)
  csrw mie, t1
  csrsi mstatus, 8
1: wfi
  j 1b
trap:
  li t0, 0x100000
  li t2, 0xc200004
  lw t1, 0(t2)
  li t3, 11
  bne t1, t3, bad
  li t1, $PASS
  sw t1, 0(t0)
bad:
  li t1, 0x3333 | (9 << 16)
  sw t1, 0(t0)
park:
  wfi
  j park
EOF
  asm rtc
  run -machine virt -bios none -kernel "$tmp/rtc.elf"
  expect_rc 0
  ;;
virt-opensbi)
  # The default firmware boots and enters an S-mode Image at RAM base + 2 MiB with a0 = 0,
  # a1 = the DTB; powering off goes through the test device.
  fw=${TERN_OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
  [ -f "$fw" ] || skip "OpenSBI not installed ($fw)"
  body="  li t0, 0x100000
  lwu t1, 0(a1)
  li t2, 0xedfe0dd0
  li t3, 0x3333 | (3 << 16)
  bne t1, t2, bad
  auipc t1, 0
  li t2, 0x80200000
  li t3, 0x3333 | (4 << 16)
  bltu t1, t2, bad
  li t1, $PASS
  sw t1, 0(t0)
1: j 1b
bad: sw t3, 0(t0)
2: j 2b"
  image sbi 0x200000 0x10000 "$body"
  run -machine virt -nographic -kernel "$tmp/sbi.bin" -append "console=ttyS0"
  expect_rc 0
  expect_out "OpenSBI v"
  expect_out "Domain0 Next Address      : 0x0000000080200000"
  TERN_OPENSBI=$tmp/nonexistent run -machine virt -kernel "$tmp/sbi.bin"
  expect_rc 1
  expect_err "TERN_OPENSBI"
  ;;
*)
  echo "unknown case '$case'"
  exit 1
  ;;
esac
echo "PASS [$case]"
exit 0
