#!/usr/bin/env bash
# --help and usage errors for the scripts under tools/, as the C++ programs do them
# (tools/common/manual.hpp): the script defines manual(), which prints its whole manual page
# (NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES), answers -h|--help with
# `manual; exit 0`, and reports a bad command line with usage_error.

# usage_error WHY: prints "tools/NAME: WHY", the manual's SYNOPSIS and where to read the rest
# on standard error, and exits 2.
usage_error() {
  local program="tools/${0##*/}"
  {
    printf '%s: %s\n' "$program" "$1"
    manual | awk '/^SYNOPSIS$/ { on = 1; next } /^[A-Z]/ { on = 0 }
                  on && NF { sub(/^ +/, ""); print (n++ ? "       " : "usage: ") $0 }'
    printf "Try '%s --help' for the whole manual.\n" "$program"
  } >&2
  exit 2
}

# need_value OPTION [VALUE...]: a usage error unless OPTION is followed by its value (call it
# with "$@" from the option's case arm).
need_value() {
  [ $# -ge 2 ] || usage_error "option $1 needs a value"
}
