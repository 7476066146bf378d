#!/usr/bin/env bash
# Configures and builds Switchyard into build/ (executables in build/bin/).
# Sourced by tools/up and tools/test so both share one build tree.
set -euo pipefail

switchyard_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
switchyard_build="${SWITCHYARD_BUILD_DIR:-$switchyard_root/build}"

# SWITCHYARD_SKIP_BUILD=1: the caller built every target already (tools/bench for its suites).
# SWITCHYARD_BUILD_LOCK=FILE: configure and build under flock FILE (a tree shared by several).
build_switchyard() {
  if [ -n "${SWITCHYARD_SKIP_BUILD:-}" ]; then
    return 0
  fi
  local lock=()
  if [ -n "${SWITCHYARD_BUILD_LOCK:-}" ]; then
    lock=(flock "$SWITCHYARD_BUILD_LOCK")
  fi
  local jobs
  jobs="${SWITCHYARD_JOBS:-$(nproc)}"
  local generator=()
  if [ ! -f "$switchyard_build/CMakeCache.txt" ] && command -v ninja >/dev/null; then
    generator=(-G Ninja)
  fi
  "${lock[@]}" cmake -S "$switchyard_root" -B "$switchyard_build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE="${SWITCHYARD_BUILD_TYPE:-Release}" \
    -DSWITCHYARD_WERROR="${SWITCHYARD_WERROR:-ON}" >/dev/null
  "${lock[@]}" cmake --build "$switchyard_build" --parallel "$jobs" "$@"
}
