#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the bare-metal CPU benchmark (bench/cpubench.c) under tern's JIT, tern's IR interpreter
# and, when installed, qemu-system-riscv64 -machine spike; prints the median wall time of
# RUNS runs each, guest MIPS and the ratio to QEMU. Usage: bench/run.sh [RUNS] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
build=${TERN_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target tern cpubench >/dev/null
elf=$build/bench/cpubench.elf
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Guest instructions retired, from tern's exact instret count.
"$build/tern" -machine spike -bios none -nographic -kernel "$elf" >"$out"
insns=$(sed -n 's/.*instret \([0-9]*\).*/\1/p' "$out")
want=$(head -1 "$out")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
measure() {  # name, command...
  local name=$1; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$out" 2>&1 || { echo "$name: exit status $? on run $i" >&2; cat "$out" >&2; return 1; }
    t1=$(date +%s.%N)
    [[ $(head -1 "$out") == "$want" ]] || { echo "$name: wrong checksum: $(head -1 "$out")" >&2; return 1; }
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | median)
  printf '%s %s %s\n' "$name" "$med" "$(printf '%s,' "${times[@]}")"
}

results=()
results+=("$(measure tern-jit "$build/tern" -machine spike -bios none -nographic -kernel "$elf")")
results+=("$(measure tern-interp "$build/tern" -accel interp -machine spike -bios none -nographic -kernel "$elf")")
if command -v qemu-system-riscv64 >/dev/null; then
  results+=("$(measure qemu-7.2 qemu-system-riscv64 -machine spike -bios none -nographic -kernel "$elf")")
fi
qemu_t=$(printf '%s\n' "${results[@]}" | awk '$1 ~ /^qemu/ {print $2}')
echo "cpubench: $insns guest instructions, median of $runs runs"
printf '%-12s %10s %10s %12s  %s\n' config "median s" MIPS "time/QEMU" "all runs (s)"
for r in "${results[@]}"; do
  read -r name t all <<<"$r"
  mips=$(echo "$insns / $t / 1000000" | bc -l)
  ratio="-"
  [[ -n $qemu_t ]] && ratio=$(printf '%.2f' "$(echo "$t / $qemu_t" | bc -l)")
  printf '%-12s %10.3f %10.0f %12s  %s\n' "$name" "$t" "$mips" "$ratio" "${all%,}"
done
