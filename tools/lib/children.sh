#!/usr/bin/env bash
# Child processes of the measuring scripts (bench, soak): a work directory, the children
# started in the background, and a trap that stops them all and removes the directory.
# Sourced; the caller sets `work` with new_work_dir and adds each child's pid to `children`.

children=()
work=""

new_work_dir() { # PREFIX
  work="$(mktemp -d -t "$1.XXXXXX")"
  trap stop_children EXIT
}

stop_children() {
  for pid in "${children[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$work" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$work"
}

port_of() { # FILE PATTERN: waits for "PATTERN 127.0.0.1:PORT" in FILE and prints PORT
  for _ in $(seq 1 100); do
    local p
    p="$(grep -oE "$2 127\.0\.0\.1:[0-9]+" "$1" 2>/dev/null | head -n 1 | sed 's/.*://')"
    [ -n "$p" ] && { echo "$p"; return 0; }
    sleep 0.1
  done
  echo "no '$2' in $1" >&2
  cat "$1" >&2
  exit 1
}
