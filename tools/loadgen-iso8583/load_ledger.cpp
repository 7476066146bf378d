#include "tools/loadgen-iso8583/load_ledger.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <system_error>

namespace switchyard::loadgen {

namespace {

// Large enough that writes cost little next to the traffic, small enough to bound memory.
constexpr std::size_t flush_threshold = std::size_t{64} * 1024;

// Appends `value`, or "-" when empty; bytes that would break the line's shape (tabs,
// newlines, binary) become '?' since an answer can carry anything.
void add_column(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += '-';
    return;
  }
  for (const char c : value)
    out += c > ' ' && c < 0x7f ? c : '?';
}

} // namespace

std::unique_ptr<load_ledger> load_ledger::open(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open the ledger " + path + ": "
            + std::error_code{errno, std::generic_category()}.message();
    return nullptr;
  }
  return std::unique_ptr<load_ledger>{new load_ledger(fd)};
}

load_ledger::~load_ledger() {
  flush();
  ::close(fd_);
}

void load_ledger::sent(std::string_view rrn, std::uint32_t stan, std::string_view tid) {
  std::array<char, 8> digits{};
  std::snprintf(digits.data(), digits.size(), "%06u", stan % 1000000);
  append({"sent", rrn, digits.data(), tid});
}

void load_ledger::answer(std::string_view rrn, std::string_view code) {
  append({"answer", rrn, code});
}

void load_ledger::unanswered(std::string_view rrn, std::string_view why) {
  append({"unanswered", rrn, why});
}

void load_ledger::late(std::string_view rrn, std::string_view code) {
  append({"late", rrn, code});
}

bool load_ledger::flush() {
  const std::lock_guard lock{mutex_};
  return write_buffer() && !failed_;
}

void load_ledger::append(std::initializer_list<std::string_view> columns) {
  const std::lock_guard lock{mutex_};
  bool first = true;
  for (const auto column : columns) {
    if (!first)
      buffer_ += '\t';
    first = false;
    add_column(buffer_, column);
  }
  buffer_ += '\n';
  if (buffer_.size() >= flush_threshold)
    write_buffer();
}

bool load_ledger::write_buffer() {
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    const auto written = ::write(fd_, rest.data(), rest.size());
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0) {
      failed_ = true;
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
  buffer_.clear();
  return rest.empty();
}

} // namespace switchyard::loadgen
