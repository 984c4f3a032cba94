#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/ir.md must list exactly the ops of translate/ir_ops.h.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
code=$(sed -n 's/^DEF(\([a-z_0-9]*\),.*/\1/p' "$root/translate/ir_ops.h" | sort)
docs=$(sed -n 's/^| `\([a-z_0-9]*\)` |.*/\1/p' "$root/docs/ir.md" | sort)
if [[ "$code" != "$docs" ]]; then
  diff <(echo "$code") <(echo "$docs") || true
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
