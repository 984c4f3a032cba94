#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs every Debian/Ubuntu package that building tern, its tests (./test.sh, including the
# slow label) and its scripts (run.sh, the guest-image fetchers, the rootfs builder) need, when
# any is missing; with --fuzz, the fuzzing toolchain too. Nothing else in the repository
# installs packages: a test or script that needs a host tool relies on this list.
set -euo pipefail
pkgs=(
  # build
  build-essential cmake ninja-build pkg-config libglib2.0-dev libcapstone-dev zlib1g-dev
  libfdt-dev libslirp-dev libjson-glib-dev
  # bare-metal guest programs (ISA tests, cpubench) and Linux user programs (FPU oracle);
  # libc6-dev-riscv64-cross is only a recommendation of gcc-riscv64-linux-gnu
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf gcc-riscv64-linux-gnu
  libc6-dev-riscv64-cross qemu-user
  # AArch64: bare-metal test programs (tests/a64) and the qemu-aarch64 oracle's static program
  # (tests/a64_risu)
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  # guest images: private apt fetch, initramfs, firmware, disk images, rootfs builder
  apt dpkg debian-archive-keyring xz-utils gzip cpio binutils opensbi e2fsprogs debootstrap
  openssh-client
  # test drivers
  bc gdb-multiarch python3
)
# --fuzz: also clang and its sanitizer/libFuzzer runtime for tests/fuzz/smoke.sh (./test.sh
# replays the fuzz corpus with the gcc build and does not need them).
if [[ ${1:-} == --fuzz ]]; then
  pkgs+=(clang libclang-rt-dev)
fi
# Debian's OpenSBI firmware, which the virt board loads by default (-bios default).
fw_dynamic=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# opensbi may be "installed" with its files excluded (dpkg path-exclude): reinstall it then.
reinstall=()
if [[ ! -f $fw_dynamic && " ${missing[*]} " != *" opensbi "* ]]; then
  missing+=(opensbi)
  reinstall=(--reinstall)
fi
((${#missing[@]} == 0)) && exit 0
echo "tern: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
  "${reinstall[@]}" "${missing[@]}"
[[ -f $fw_dynamic ]] || { echo "tern: $fw_dynamic missing after installing opensbi" >&2; exit 1; }
