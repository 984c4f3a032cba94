#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SMP boot stress (not in CI: minutes per hundred boots): boots Debian's riscv64 kernel with
# tern's busybox initramfs N times for each -smp count given and counts the boots that do not
# reach /init's first line ("tern-init: start") within the time limit. No earlycon, as a user
# would boot. Logs of failed boots are kept.
# usage: smp_boot_loop.sh [-n N] [-j JOBS] [-t SECS] [--tern PATH] [--cache DIR] [--keep DIR]
#                         [--accel tcg|interp] SMP...      (default: -n 20 -j 1 -t 60, SMP 2 4)
# Exit status 0 when every boot reached /init.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=20 jobs=1 limit=60 accel=tcg
tern=$root/build/tern
cache=$root/.cache/debian-riscv64
keep=""
smps=()
while (($#)); do
  case $1 in
    -n) n=${2:?}; shift 2 ;;
    -j) jobs=${2:?}; shift 2 ;;
    -t) limit=${2:?}; shift 2 ;;
    --tern) tern=${2:?}; shift 2 ;;
    --cache) cache=${2:?}; shift 2 ;;
    --keep) keep=${2:?}; shift 2 ;;
    --accel) accel=${2:?}; shift 2 ;;
    -h|--help) sed -n '3,9p' "$0"; exit 0 ;;
    -*) echo "smp_boot_loop.sh: unknown option $1" >&2; exit 2 ;;
    *) smps+=("$1"); shift ;;
  esac
done
((${#smps[@]})) || smps=(2 4)
for f in Image initramfs.cpio.gz; do
  [[ -s $cache/$f ]] || { echo "smp_boot_loop.sh: no $cache/$f" >&2; exit 1; }
done
[[ -x $tern ]] || { echo "smp_boot_loop.sh: no tern at $tern" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[[ -n $keep ]] || keep=$tmp/failed
mkdir -p "$keep"

# One boot; prints "ok SECONDS" or "hang".
boot_one() {  # smp, index
  local log=$tmp/boot-$1-$2.log pid t0 now
  : >"$log"
  t0=$(date +%s.%N)
  "$tern" -accel "$accel" -machine virt -m 1G -smp "$1" -nographic -bios default \
    -kernel "$cache/Image" -initrd "$cache/initramfs.cpio.gz" -append console=ttyS0 \
    </dev/null >"$log" 2>&1 &
  pid=$!
  while :; do
    if grep -q 'tern-init: start' "$log"; then
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      now=$(date +%s.%N)
      echo "ok $(echo "$now - $t0" | bc -l)"
      rm -f "$log"
      return
    fi
    now=$(date +%s.%N)
    if ! kill -0 "$pid" 2>/dev/null || (($(echo "$now - $t0 > $limit" | bc -l))); then
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      cp "$log" "$keep/hang-smp$1-$2.log"
      rm -f "$log"
      echo "hang"
      return
    fi
    sleep 0.1
  done
}

status=0
for smp in "${smps[@]}"; do
  ok=0 hang=0 running=0
  : >"$tmp/results"
  for ((i = 0; i < n; i++)); do
    boot_one "$smp" "$i" >>"$tmp/results" &
    running=$((running + 1))
    if ((running >= jobs)); then wait -n; running=$((running - 1)); fi
  done
  wait
  ok=$(grep -c '^ok' "$tmp/results")
  hang=$(grep -c '^hang' "$tmp/results")
  med=$(awk '/^ok/ {print $2}' "$tmp/results" | sort -n |
        awk '{a[NR]=$1} END {if (NR) printf "%.2f", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  echo "-smp $smp: $n boots, $ok reached /init, $hang hung (median ${med:-?} s to /init)"
  ((hang == 0)) || status=1
done
((status == 0)) || echo "logs of the failed boots: $keep"
exit $status
