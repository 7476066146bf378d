#!/usr/bin/env bash
# The benchmark report's renderer on a fixed set of results (fixture/): the machine, each
# suite's table with its ratios against the peers of the same run, the failover figures, the
# micro-benchmarks, and real PNG plots drawn by gnuplot for every plot the report shows. Also:
# a leg compared with a peer absent from its group, or a missing machine.json, is an error.
#   check_report.sh RENDERER FIXTURE_DIR
set -euo pipefail
renderer="$1"
fixture="$2"
work="$(mktemp -d -t switchyard-bench-report.XXXXXX)"
trap 'rm -rf "$work"' EXIT
failures=0

expect() { # FILE TEXT: TEXT appears in FILE as a whole line
  if ! grep -qxF -- "$2" "$1"; then
    echo "FAIL: no line '$2' in $(basename "$1")"
    failures=$((failures + 1))
  fi
}

cp -r "$fixture" "$work/run"
"$renderer" "$work/run"
report="$work/run/report.md"

expect "$report" "| CPU | Test CPU @ 3.00GHz |"
expect "$report" "| load average at start | 0.50 0.40 0.30 |"
expect "$report" "| git commit | 0123456789ab |"
expect "$report" "| leg | throughput (req/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | errors | runs | against the peer in this run |"
expect "$report" "| direct | 40,000 | 1.500 | 3.000 | 4.000 | 0 | 3 | peer |"
expect "$report" "| switchyard | 24,000 | 2.500 | 6.000 | 8.000 | 0 | 3 | 60.0 % of direct's throughput, p99 2.00x; 80.0 % of haproxy's throughput, p99 1.50x |"
expect "$report" "| switchyard (16 connections) | 25,000 | 0.600 | 1.000 | 2.000 | 2 | 1 | 50.0 % of direct's throughput, p99 1.11x; 125.0 % of nginx's throughput, p99 0.50x |"
expect "$report" "| switchyard (1 connection) | 4,000 | 0.250 | 0.500 | 0.700 | 0 | 1 | 80.0 % of nginx's throughput, p99 1.25x |"
expect "$report" "| haproxy | 0.50 | 0.75 |"
expect "$report" "| switchyard | 2.50 | 1.25 |"
expect "$report" "| answered with another code than 00 (in flight to the killed upstream) | 7 |"
expect "$report" "| from the kill to the last failed answer (ms) | 12 |"
expect "$report" "| stall without an approved answer at the kill (ms) | 20 |"
expect "$report" "| longest stall elsewhere in the run: the machine's noise (ms) | 30 |"
expect "$report" "| BM_decode_0200 | 850 ns | 1,175,000 |"
expect "$report" "| BM_pack_0210 | 1.25 us |  |"
if grep -q "BM_pack_0210_mean" "$report"; then
  echo "FAIL: an aggregate row (BM_pack_0210_mean) is in the micro-benchmark table"
  failures=$((failures + 1))
fi
# Sections in a fixed order, whatever the order of the files.
order="$(grep -E '^## ' "$report" | tr '\n' '|')"
if [ "$order" != "## Machine|## ISO 8583 end to end|## JSON-RPC against nginx|## Failover: kill -9 of one of two upstreams|## Micro-benchmarks (Google Benchmark)|" ]; then
  echo "FAIL: sections: $order"
  failures=$((failures + 1))
fi

# Every plot the report shows is a PNG gnuplot drew, of a plausible size.
plots="$(grep -oE '\]\([a-z0-9-]+\.png\)' "$report" | tr -d '()]' | sort -u)"
if [ "$(wc -l <<<"$plots")" -ne 5 ]; then
  echo "FAIL: expected 5 plots, the report shows: $plots"
  failures=$((failures + 1))
fi
for png in $plots; do
  file="$work/run/$png"
  if [ ! -f "$file" ] || [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    echo "FAIL: $png is not a PNG"
    failures=$((failures + 1))
  elif [ "$(stat -c %s "$file")" -lt 4000 ] || [ "$(stat -c %s "$file")" -gt 200000 ]; then
    echo "FAIL: $png has $(stat -c %s "$file") bytes"
    failures=$((failures + 1))
  fi
done

# A failed suite is shown as failed, not left out.
cp -r "$fixture" "$work/failed"
echo '{"suite": "cluster", "title": "Cluster hop", "failed": "exit 1; node c did not start"}' \
  >"$work/failed/cluster.json"
"$renderer" "$work/failed"
expect "$work/failed/report.md" "**Failed**: exit 1; node c did not start"

# A peer that answered nothing (it did not start) gives no ratio, not a division by zero.
cp -r "$fixture" "$work/silent"
sed -i 's/{"name": "haproxy", "throughput_rps": 30000, "latency_ms": {"p50": 2.0, "p99": 4.0, "p999": 5.0}, "errors": 0/{"name": "haproxy", "throughput_rps": 0, "latency_ms": {"p50": 0, "p99": 0, "p999": 0}, "errors": 4/' \
  "$work/silent/iso8583.json"
"$renderer" "$work/silent"
expect "$work/silent/report.md" "| switchyard | 24,000 | 2.500 | 6.000 | 8.000 | 0 | 3 | 60.0 % of direct's throughput, p99 2.00x; none against haproxy (it answered nothing) |"

# Malformed results are refused with a sentence, not rendered half.
cp -r "$fixture" "$work/bad"
sed -i 's/"compare_to": \["direct", "haproxy"\]/"compare_to": ["nginx"]/' "$work/bad/iso8583.json"
if "$renderer" "$work/bad" 2>"$work/bad.err"; then
  echo "FAIL: a leg compared with a peer absent from the run was rendered"
  failures=$((failures + 1))
fi
expect "$work/bad.err" "bench-report: leg switchyard compares to nginx, which is not in its group"
rm "$work/bad/machine.json"
if "$renderer" "$work/bad" 2>/dev/null; then
  echo "FAIL: a run without machine.json was rendered"
  failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed; the report:"
  cat "$report"
  exit 1
fi
echo "bench-report: every check passed"
