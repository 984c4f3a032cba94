#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Usage: run_diff.sh TERN GEN_RANDOM RISCV_GCC FIRST_SEED N_SEEDS N_INSNS
# For each seed: generate a random program, run it under -accel tcg and -accel interp with a
# CPU-state trace at every block, and require identical traces and exit codes; then run it on
# both without traces (chained blocks, jump cache: the program switches privilege through
# mret/sret/ecall) and require the same printed final state and exit code.
set -uo pipefail
tern=$1 gen=$2 gcc=$3 first=$4 count=$5 n=$6
here=$(cd "$(dirname "$0")" && pwd)
ld=$here/../isa/env/link.ld
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for ((s = first; s < first + count; s++)); do
  "$gen" "$s" "$n" >"$tmp/p.S"
  if ! "$gcc" -march=rv64gc_zba_zbb_zbs -mabi=lp64d -nostdlib -nostartfiles -T "$ld" \
       -o "$tmp/p.elf" "$tmp/p.S" 2>"$tmp/as.log"; then
    echo "seed $s: assembler failed"; cat "$tmp/as.log"; fail=$((fail + 1)); continue
  fi
  for accel in tcg interp; do
    timeout 60 "$tern" -accel $accel -machine spike -bios none -nographic \
      -d cpu,exec,nochain -D "$tmp/$accel.log" -kernel "$tmp/p.elf" >"$tmp/$accel.out" 2>&1
    echo "exit $?" >>"$tmp/$accel.out"
    # Host addresses of blocks differ between backends; the guest addresses must not.
    sed -i -E 's/^(Trace [0-9]+: )0x[0-9a-f]+ /\1/' "$tmp/$accel.log"
  done
  for accel in tcg interp; do
    timeout 60 "$tern" -accel $accel -machine spike -bios none -nographic \
      -kernel "$tmp/p.elf" >"$tmp/$accel.fast" 2>&1
    echo "exit $?" >>"$tmp/$accel.fast"
  done
  if cmp -s "$tmp/tcg.log" "$tmp/interp.log" && cmp -s "$tmp/tcg.out" "$tmp/interp.out" &&
     grep -q '^exit 0$' "$tmp/tcg.out" && cmp -s "$tmp/tcg.fast" "$tmp/interp.fast" &&
     cmp -s "$tmp/tcg.fast" "$tmp/tcg.out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "seed $s: JIT and interpreter disagree (gen_random $s $n):"
    tail -2 "$tmp/tcg.out" "$tmp/interp.out" "$tmp/tcg.fast" "$tmp/interp.fast"
    diff "$tmp/tcg.log" "$tmp/interp.log" | head -20
  fi
done
echo "$pass passed, $fail failed"
((fail == 0))
