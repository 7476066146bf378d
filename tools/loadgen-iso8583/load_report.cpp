#include "tools/loadgen-iso8583/load_report.hpp"

#include <algorithm>
#include <cstdio>

namespace switchyard::loadgen {

namespace {

int digit_of(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

char char_of(std::size_t digit) noexcept {
  return static_cast<char>(digit < 10 ? '0' + digit : 'A' + (digit - 10));
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, value);
  return buf;
}

// Microseconds as milliseconds with three decimals: microsecond precision.
std::string ms(std::uint64_t us) {
  return fixed(static_cast<double>(us) / 1000.0, 3);
}

} // namespace

void response_code_counts::record(std::string_view code) noexcept {
  const int hi = code.size() == 2 ? digit_of(code[0]) : -1;
  const int lo = code.size() == 2 ? digit_of(code[1]) : -1;
  if (hi < 0 || lo < 0)
    ++counts_.back();
  else
    ++counts_[static_cast<std::size_t>(hi) * radix + static_cast<std::size_t>(lo)];
}

void response_code_counts::merge(const response_code_counts& other) noexcept {
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
}

std::vector<std::pair<std::string, std::uint64_t>> response_code_counts::seen() const {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (std::size_t i = 0; i + 1 < counts_.size(); ++i) {
    if (counts_[i] > 0)
      out.emplace_back(std::string{char_of(i / radix), char_of(i % radix)}, counts_[i]);
  }
  if (counts_.back() > 0)
    out.emplace_back("??", counts_.back());
  return out;
}

void load_stats::merge(const load_stats& other) {
  sent += other.sent;
  answered += other.answered;
  timeouts += other.timeouts;
  lost += other.lost;
  unsent += other.unsent;
  unmatched += other.unmatched;
  malformed += other.malformed;
  failed_connections += other.failed_connections;
  codes.merge(other.codes);
  latency.merge(other.latency);
  timeline.merge(other.timeline);
  if (other.first_sent && (!first_sent || *other.first_sent < *first_sent))
    first_sent = other.first_sent;
  if (other.last_answer && (!last_answer || *other.last_answer > *last_answer))
    last_answer = other.last_answer;
}

double load_summary::elapsed_seconds() const {
  if (!totals.first_sent || !totals.last_answer || *totals.last_answer < *totals.first_sent)
    return 0;
  return std::chrono::duration<double>(*totals.last_answer - *totals.first_sent).count();
}

double load_summary::throughput() const {
  const double elapsed = elapsed_seconds();
  return elapsed > 0 ? static_cast<double>(totals.answered) / elapsed : 0;
}

std::string format_text(const load_summary& s) {
  const auto& t = s.totals;
  const auto& h = t.latency;
  std::string out = "loadgen-iso8583: " + std::to_string(t.answered) + "/" + std::to_string(t.sent)
                    + " answered in " + fixed(s.elapsed_seconds(), 3) + " s over "
                    + std::to_string(s.connections) + " connection(s), "
                    + std::to_string(s.in_flight) + " in flight\n";
  out += "throughput: " + fixed(s.throughput(), 1) + " req/s\n";
  out += "latency ms: p50 " + ms(h.percentile(0.50)) + " p95 " + ms(h.percentile(0.95)) + " p99 "
         + ms(h.percentile(0.99)) + " p99.9 " + ms(h.percentile(0.999)) + " max " + ms(h.max())
         + " mean " + fixed(h.mean() / 1000.0, 3) + "\n";
  out += "response codes:";
  for (const auto& [code, count] : t.codes.seen())
    out += " " + code + "=" + std::to_string(count);
  out += "\ntimeouts " + std::to_string(t.timeouts) + ", lost " + std::to_string(t.lost)
         + ", unsent " + std::to_string(t.unsent) + ", unmatched " + std::to_string(t.unmatched)
         + ", malformed " + std::to_string(t.malformed) + ", failed connections "
         + std::to_string(t.failed_connections) + "\n";
  return out;
}

std::string format_json(const load_summary& s) {
  const auto& t = s.totals;
  const auto& h = t.latency;
  const auto num = [](std::uint64_t n) {
    return std::to_string(n);
  };
  std::string codes;
  for (const auto& [code, count] : t.codes.seen())
    codes += (codes.empty() ? "\"" : ",\"") + code + "\":" + num(count);
  return "{\"connections\":" + num(s.connections) + ",\"in_flight\":" + num(s.in_flight)
         + ",\"sent\":" + num(t.sent) + ",\"answered\":" + num(t.answered) + ",\"elapsed_s\":"
         + fixed(s.elapsed_seconds(), 6) + ",\"throughput_rps\":" + fixed(s.throughput(), 1)
         + ",\"latency_ms\":{\"p50\":" + ms(h.percentile(0.50))
         + ",\"p95\":" + ms(h.percentile(0.95)) + ",\"p99\":" + ms(h.percentile(0.99))
         + ",\"p999\":" + ms(h.percentile(0.999)) + ",\"max\":" + ms(h.max())
         + ",\"mean\":" + fixed(h.mean() / 1000.0, 3) + "},\"codes\":{" + codes + "},\"timeouts\":"
         + num(t.timeouts) + ",\"lost\":" + num(t.lost) + ",\"unsent\":" + num(t.unsent)
         + ",\"unmatched\":" + num(t.unmatched) + ",\"malformed\":" + num(t.malformed)
         + ",\"failed_connections\":" + num(t.failed_connections)
         + (t.timeline.is_enabled()
              ? ",\"timeline\":" + t.timeline.to_json(s.timeline_origin_unix_ms)
              : std::string{})
         + "}";
}

int exit_code(const load_stats& totals) noexcept {
  const bool unanswered = totals.timeouts + totals.lost + totals.unsent > 0
                          || totals.failed_connections > 0 || totals.answered < totals.sent;
  return unanswered ? 1 : 0;
}

} // namespace switchyard::loadgen
