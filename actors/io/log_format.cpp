#include "actors/io/log_format.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace switchyard {

namespace {

constexpr std::array<std::string_view, 5> level_names{"trace", "debug", "info", "warn", "error"};

constexpr char hex_digits[] = "0123456789abcdef";

// Returns the length of the well-formed UTF-8 sequence (RFC 3629) starting `text` at `i`,
// or 0 when the byte there starts none (a stray continuation byte, an overlong form, a
// surrogate, a cut-off sequence).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  auto b0 = byte(i);
  std::size_t n = b0 < 0xc2 ? 0 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : b0 < 0xf5 ? 4 : 0;
  if (n == 0 || i + n > text.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xc0) != 0x80)
      return 0;
  auto b1 = byte(i + 1);
  if ((b0 == 0xe0 && b1 < 0xa0) || (b0 == 0xed && b1 > 0x9f) || (b0 == 0xf0 && b1 < 0x90)
      || (b0 == 0xf4 && b1 > 0x8f))
    return 0;
  return n;
}

void append_hex_escape(std::string& out, std::string_view prefix, unsigned char c) {
  out.append(prefix);
  out += hex_digits[c >> 4];
  out += hex_digits[c & 0x0f];
}

// Writes `text` escaped for a quoted string; `json` picks \u00XX over logfmt's \xNN for
// bytes without a short escape.
void append_escaped(std::string& out, std::string_view text, bool json) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (auto n = utf8_length(text, i); n > 0) {
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
      append_hex_escape(out, json ? "\\u00" : "\\x", c);
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c < 0x20 || c == 0x7f) {
      append_hex_escape(out, json ? "\\u00" : "\\x", c);
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
}

// logfmt leaves a value bare when a parser cannot mistake where it ends.
bool needs_quotes(std::string_view value) {
  if (value.empty())
    return true;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c >= 0x7f)
      return true;
  }
  return false;
}

// Writes one key and value in the layout; `first` has no separator before it.
class line_writer {
public:
  line_writer(std::string& out, log_format format) : out_(out), format_(format) {}

  void field(std::string_view key, std::string_view value) {
    if (format_ == log_format::json) {
      out_.append(first_ ? "{\"" : ",\"").append(key).append("\":\"");
      append_escaped(out_, value, true);
      out_ += '"';
    } else {
      if (!first_)
        out_ += ' ';
      out_.append(key) += '=';
      if (needs_quotes(value)) {
        out_ += '"';
        append_escaped(out_, value, false);
        out_ += '"';
      } else {
        out_.append(value);
      }
    }
    first_ = false;
  }

  void number(std::string_view key, std::uint64_t value) {
    auto digits = std::to_string(value);
    if (format_ != log_format::json)
      return field(key, digits);
    out_.append(first_ ? "{\"" : ",\"").append(key).append("\":").append(digits);
    first_ = false;
  }

  void optional(std::string_view key, std::string_view value) {
    if (!value.empty())
      field(key, value);
  }

  bool empty() const noexcept { return first_; }

private:
  std::string& out_;
  log_format format_;
  bool first_ = true;
};

void append_fields(line_writer& w, const log_fields& f) {
  w.optional("network", f.network);
  w.optional("stan", f.stan);
  w.optional("rrn", f.rrn);
  w.optional("rpc_id", f.rpc_id);
  w.optional("peer", f.peer);
  w.optional("reason", f.reason);
  if (f.suppressed > 0)
    w.number("suppressed", f.suppressed);
}

// Today's human layout, kept for people reading a terminal: "ts level component: msg", the
// fields after " | " in logfmt.
void append_text_line(std::string& out, const log_record& r) {
  auto level = level_name(r.level);
  out.append(r.ts).append(" ").append(level).append(5 - std::min<std::size_t>(level.size(), 5),
                                                    ' ');
  out.append(" ").append(r.component).append(": ").append(r.msg);
  if (r.fields != nullptr) {
    std::string fields;
    line_writer w{fields, log_format::logfmt};
    append_fields(w, *r.fields);
    if (!w.empty())
      out.append(" | ").append(fields);
  }
  out += '\n';
}

} // namespace

std::string_view level_name(log_level level) {
  return level_names[static_cast<std::size_t>(level)];
}

log_format parse_log_format(std::string_view name) {
  if (name == "json")
    return log_format::json;
  if (name == "text")
    return log_format::text;
  return log_format::logfmt;
}

void append_log_line(std::string& out, log_format format, const log_record& r) {
  if (format == log_format::text)
    return append_text_line(out, r);
  line_writer w{out, format};
  w.field("ts", r.ts);
  w.field("level", level_name(r.level));
  w.field("component", r.component);
  if (r.fields != nullptr)
    append_fields(w, *r.fields);
  w.field("msg", r.msg);
  out.append(format == log_format::json ? "}\n" : "\n");
}

std::string log_timestamp() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis
    = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[32];
  auto n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

} // namespace switchyard
