#!/usr/bin/env bash
# Configures and builds Switchyard into build/ (executables in build/bin/).
# Sourced by tools/up and tools/test so both share one build tree.
set -euo pipefail

switchyard_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
switchyard_build="${SWITCHYARD_BUILD_DIR:-$switchyard_root/build}"

build_switchyard() {
  local jobs
  jobs="${SWITCHYARD_JOBS:-$(nproc)}"
  local generator=()
  if [ ! -f "$switchyard_build/CMakeCache.txt" ] && command -v ninja >/dev/null; then
    generator=(-G Ninja)
  fi
  cmake -S "$switchyard_root" -B "$switchyard_build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE="${SWITCHYARD_BUILD_TYPE:-Release}" \
    -DSWITCHYARD_WERROR="${SWITCHYARD_WERROR:-ON}" >/dev/null
  cmake --build "$switchyard_build" --parallel "$jobs" "$@"
}
