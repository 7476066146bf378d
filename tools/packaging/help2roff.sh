#!/bin/sh
# Writes the man page (section 1, gzipped) of a program from its --help, which every Switchyard
# program prints in man's sections (tools/common/manual.hpp): titles at column 0, text indented
# by 4, an option's text by 8 under the option.
#   help2roff.sh PROGRAM NAME VERSION OUT.1.gz
set -eu
program=$1 name=$2 version=$3 out=$4
"$program" --help | awk -v name="$name" -v version="$version" '
  function roff(line) {
    gsub(/\\/, "\\e", line)
    gsub(/-/, "\\-", line)
    if (line ~ /^[.'"'"']/) line = "\\&" line
    return line
  }
  BEGIN { printf ".TH %s 1 \"\" \"switchyard %s\" \"Switchyard\"\n", toupper(name), version }
  /^[A-Z]/ { if (verbatim) print ".fi"; section = $0; print ".SH " section
             verbatim = section != "NAME" && section != "DESCRIPTION" && section != "OPTIONS"
             if (verbatim) print ".nf"; next }
  /^$/ { if (!verbatim) print ".PP"; else print ""; next }
  section == "OPTIONS" && /^    [^ ]/ {
    sub(/^    /, ""); split($0, head, " "); rest = substr($0, length(head[1]) + 2)
    print ".TP"; print "\\fB" roff(head[1]) "\\fR" (rest == "" ? "" : " \\fI" roff(rest) "\\fR"); next }
  section == "OPTIONS" && /^ +default: / { print ".br" }
  { if (verbatim) sub(/^    /, ""); else sub(/^ +/, ""); print roff($0) }
  END { if (verbatim) print ".fi" }
' | gzip -9n > "$out"
