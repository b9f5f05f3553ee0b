#!/usr/bin/env bash
# Builds the timeline bench page with trunk and runs the frame-time benchmark.
#   bench/frame/run.sh [ROUNDS]
# Honours CARGO_TARGET_DIR. Needs the tools scripts/setup.sh installs (trunk, wasm-bindgen,
# wasm-opt under .tools/, Chromium, playwright-core under e2e/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
DIST="${CARGO_TARGET_DIR:-$ROOT/target}/bench-frame"
trunk build bench/frame/index.html --release --dist "$DIST"
node bench/frame/run.mjs "$DIST" "${1:-5}"
