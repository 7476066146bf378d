#pragma once

// The acquirer's ledger (loadgen-iso8583 --ledger): what was sent and what came back, by
// RRN (field 37), so that a test can join it with the issuer's ledger afterwards.

#include "tools/common/ledger_file.hpp"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace switchyard::loadgen {

/// Tab-separated lines, "sent RRN STAN TID", "answer RRN CODE", "unanswered RRN timeout|lost"
/// and "late RRN CODE" (an answer that came after its request was given up), buffered and
/// appended to a file opened with O_APPEND; safe to use from several threads.
class load_ledger {
public:
  /// Opens (creating if needed) `path` for appending; null with `error` set on failure.
  static std::unique_ptr<load_ledger> open(const std::string& path, std::string& error);

  /// Writes what is still buffered.
  ~load_ledger();

  load_ledger(const load_ledger&) = delete;
  load_ledger& operator=(const load_ledger&) = delete;

  /// Records a request sent with `rrn`, `stan` and terminal `tid`.
  void sent(std::string_view rrn, std::uint32_t stan, std::string_view tid);

  /// Records the answer to the request with `rrn`, with response code `code` (field 39).
  void answer(std::string_view rrn, std::string_view code);

  /// Records that the request with `rrn` got no answer, `why` ("timeout" or "lost").
  void unanswered(std::string_view rrn, std::string_view why);

  /// Records an answer carrying `rrn` and `code` that matched no request in flight.
  void late(std::string_view rrn, std::string_view code);

  /// Writes what is buffered; false when the file refused some of it.
  bool flush();

private:
  explicit load_ledger(std::unique_ptr<tools::ledger_file> file) : file_(std::move(file)) {}

  void append(std::initializer_list<std::string_view> columns);
  bool write_buffer();

  std::mutex mutex_;
  std::string buffer_;
  std::unique_ptr<tools::ledger_file> file_;
  bool failed_ = false;
};

} // namespace switchyard::loadgen
