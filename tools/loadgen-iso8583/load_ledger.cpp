#include "tools/loadgen-iso8583/load_ledger.hpp"

#include <array>
#include <cstdio>

namespace switchyard::loadgen {

namespace {

// Large enough that writes cost little next to the traffic, small enough to bound memory.
constexpr std::size_t flush_threshold = std::size_t{64} * 1024;

} // namespace

std::unique_ptr<load_ledger> load_ledger::open(const std::string& path, std::string& error) {
  auto file = tools::ledger_file::open(path, error);
  if (!file)
    return nullptr;
  return std::unique_ptr<load_ledger>{new load_ledger(std::move(file))};
}

load_ledger::~load_ledger() {
  flush();
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
    tools::add_ledger_column(buffer_, column);
  }
  buffer_ += '\n';
  if (buffer_.size() >= flush_threshold)
    write_buffer();
}

bool load_ledger::write_buffer() {
  bool written = file_->append(buffer_);
  failed_ = failed_ || !written;
  buffer_.clear();
  return written;
}

} // namespace switchyard::loadgen
