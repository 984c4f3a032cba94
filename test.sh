#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds tern and runs its whole test suite (unit, ISA programs, differential, bad input).
# Extra arguments go to ctest (e.g. ./test.sh -L unit, ./test.sh -R isa.rv64um).
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
build=${TERN_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j "$(nproc)" "$@"
