#!/usr/bin/env bash
# Installs the Debian packages Switchyard needs, only those that are missing.
# apt-get update runs only when something must be installed, so a machine that
# already has everything pays one dpkg query.
set -euo pipefail

switchyard_packages=(
  cmake g++ ninja-build pkg-config openssl
  libcaf-dev libcaf-openssl0.17
  libboost1.81-dev libboost-json1.81-dev
  libssl-dev libtomlplusplus-dev doctest-dev
  libbenchmark-dev
  # The reversal journal's fault tests: a file-size limit (prlimit), an immutable file
  # (chattr) and a system-call trace (strace).
  util-linux e2fsprogs strace
  # tools/up shows JSON-RPC calls made with curl.
  curl
  # switchyard-shell's prompt (libedit: line editing, history, completion) and its test,
  # which drives the prompt under tmux.
  libedit-dev tmux
  # The status page's browser test: headless Chromium loads the admin endpoint's GET /.
  chromium
  # The metrics tests: promtool checks /metrics, a Prometheus server scrapes a node.
  prometheus
  # The package tests: cpack's DEB generator finds library dependencies with dpkg-shlibdeps
  # (dpkg-dev), systemd-analyze verify checks the unit, and the install test brings up
  # loopback (ip, from iproute2) in the network namespace it installs the package in.
  dpkg-dev systemd iproute2
  # tools/bench-report draws the benchmark report's plots, and its test checks them.
  gnuplot-nox
)

missing_packages() { # [EXTRA_PACKAGE...]
  local p
  for p in "${switchyard_packages[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$p"
    fi
  done
}

# Installs what Switchyard needs and the extra packages named (a benchmark's peers, say).
install_missing_packages() { # [EXTRA_PACKAGE...]
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "switchyard: installing ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  install_missing_packages
fi
