#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds every tests/isa/{rv64u,priv}/*.S with the same command line as tests/isa/CMakeLists.txt
# and runs each on the QEMU oracle (`-machine spike`, HTIF exit status: 0 = pass, n = case n
# failed). Prints PASS/FAIL per program; exits non-zero if any program fails or does not build.
# A directory's *_env.S files are shared run-time sources: they are linked into every other
# program of that directory and are not run on their own.
# Usage: tests/isa/run-on-qemu.sh [program-name-substring]
set -u
here=$(cd "$(dirname "$0")" && pwd)
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
qemu=${QEMU:-qemu-system-riscv64}
march=${ISA_MARCH:-rv64gc_zba_zbb_zbs_zicsr_zifencei}
filter=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

npass=0
nfail=0
for sub in rv64u priv; do
  [ -d "$here/$sub" ] || continue
  envsrcs=
  for e in "$here/$sub"/*_env.S; do
    [ -e "$e" ] && envsrcs="$envsrcs $e"
  done
  for src in "$here/$sub"/*.S; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .S)
    case "$name" in *_env) continue ;; esac
    case "$name" in *"$filter"*) ;; *) continue ;; esac
    elf="$tmp/$name.elf"
    if ! "$cc" -march="$march" -mabi=lp64d -mcmodel=medany -static -nostdlib -nostartfiles \
         -T "$here/env/link.ld" -I"$here/env" -o "$elf" "$src" $envsrcs >"$tmp/$name.log" 2>&1; then
      echo "FAIL $sub/$name (build)"
      cat "$tmp/$name.log"
      nfail=$((nfail + 1))
      continue
    fi
    timeout 30 "$qemu" -machine spike -bios none -nographic -kernel "$elf" \
      </dev/null >"$tmp/$name.out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
      echo "PASS $sub/$name"
      npass=$((npass + 1))
    elif [ "$rc" -eq 124 ]; then
      echo "FAIL $sub/$name (timeout)"
      nfail=$((nfail + 1))
    else
      echo "FAIL $sub/$name (exit $rc: case $rc)"
      nfail=$((nfail + 1))
    fi
  done
done
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
