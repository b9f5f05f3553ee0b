# Shared set-up for scripts/serve and scripts/test (sourced, not run). Installs only what is
# missing or at the wrong version, so running it again costs a few seconds.
#
# Needs: rustup + cargo (stable ≥ 1.95), node + npm. Honours CARGO_TARGET_DIR.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132
PLAYWRIGHT_VERSION=1.65.1
AXE_VERSION=4.14.1
TOOLS="$ROOT/.tools"

if [ -t 1 ]; then
  say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
else
  say() { printf '==> %s\n' "$*"; }
fi
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The binaryen wasm-opt that trunk must use (Debian's is too old for rustc's output).
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

require_base_tools() {
  local tool
  for tool in rustup cargo node npm; do
    command -v "$tool" >/dev/null || die "$tool is not installed (needed: rustup stable, node, npm)"
  done
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: installed"
  else
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# ensure_cargo_tool BINARY "EXPECTED --version OUTPUT" cargo-install-args...
ensure_cargo_tool() {
  local bin="$1" want="$2"
  shift 2
  if [ "$("$bin" --version 2>/dev/null || true)" = "$want" ]; then
    say "$want: installed"
  else
    say "installing $want (cargo install $*; several minutes on 2 cores)"
    # Build in cargo's own temporary folder, not the project's target dir.
    env -u CARGO_TARGET_DIR cargo install "$@"
  fi
}

ensure_trunk() {
  ensure_cargo_tool trunk "trunk $TRUNK_VERSION" trunk --version "$TRUNK_VERSION" --locked
}

ensure_wasm_bindgen() {
  # Not --locked: its lock file names a webpki-roots the registry no longer has.
  ensure_cargo_tool wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" \
    wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  if [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-test-runner $WASM_BINDGEN_VERSION"
    env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

ensure_binaryen() {
  if "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_$BINARYEN_VERSION"; then
    say "wasm-opt (binaryen $BINARYEN_VERSION, npm): installed"
  else
    say "installing binaryen@$BINARYEN_VERSION from npm into .tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
  fi
}

# trunk builds with --offline (Trunk.toml), so every crate must already be in cargo's cache.
fetch_crates() {
  say "cargo fetch (host and wasm32)"
  cargo fetch --locked
  cargo fetch --locked --target wasm32-unknown-unknown
}

ensure_build_tools() {
  require_base_tools
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_binaryen
  fetch_crates
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium + chromedriver: installed ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
    return
  fi
  say "installing Debian's chromium and chromium-driver"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "chromium is missing and this user cannot apt-get install it"
    sudo="sudo"
  fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
}

ensure_playwright() {
  local have axe
  have="$(node -p "require('./e2e/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
  axe="$(node -p "require('./e2e/node_modules/axe-core/package.json').version" 2>/dev/null || true)"
  if [ "$have" = "$PLAYWRIGHT_VERSION" ] && [ "$axe" = "$AXE_VERSION" ]; then
    say "playwright-core $PLAYWRIGHT_VERSION, axe-core $AXE_VERSION: installed"
  else
    say "installing playwright-core $PLAYWRIGHT_VERSION and axe-core $AXE_VERSION into e2e/ (npm ci)"
    (cd e2e && npm ci --no-audit --no-fund)
  fi
}
