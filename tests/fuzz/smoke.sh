#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (clang, ASan + UBSan, build dir build-fuzz), replays the committed
# corpus through them, then fuzzes each target for TERN_FUZZ_SECONDS (default 60) seconds,
# TERN_FUZZ_JOBS (default 1) targets at a time. Installs clang and its runtime when missing
# (scripts/deps.sh --fuzz).
# A crash, leak, sanitizer report or per-input timeout fails the run; the input is kept in
# $TERN_FUZZ_OUT/<target>/ (default build-fuzz/fuzz-out) for tests/fuzz/corpus/ (see
# docs/fuzzing.md). Usage: tests/fuzz/smoke.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${TERN_FUZZ_SECONDS:-60}
jobs=${TERN_FUZZ_JOBS:-1}
build=${TERN_FUZZ_BUILD_DIR:-build-fuzz}
out=${TERN_FUZZ_OUT:-$build/fuzz-out}
all=(virtqueue virtio_blk virtio_net virtio_console virtio_rng loader dtb gdbstub monitor options)
(($# > 0)) && targets=("$@") || targets=("${all[@]}")

scripts/deps.sh --fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTERN_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
(cd "$build" && ctest --output-on-failure -j "$jobs" -L fuzz)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
run_one() {
  local t=$1 dir=$out/$1
  rm -rf "$dir"
  mkdir -p "$dir/corpus"
  if nice "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=30 -close_fd_mask=3 \
       -print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" "tests/fuzz/corpus/$t" \
       >"$dir/log" 2>&1; then
    local last
    last=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -1 || true)
    last=${last//$'\t'/ }
    echo "fuzz $t: ok: runs ${last#\#}"
  else
    echo "fuzz $t: FAILED (log: $dir/log)"
    grep -E 'ERROR|SUMMARY|Test unit written' "$dir/log" | head -5
    return 1
  fi
}

fail=0
pids=()
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do
    wait -n || fail=1
  done
  run_one "$t" &
  pids+=($!)
done
for p in "${pids[@]}"; do
  wait "$p" || fail=1
done
((fail == 0)) && echo "fuzz: all ${#targets[@]} targets ran ${secs}s without a finding"
exit $fail
