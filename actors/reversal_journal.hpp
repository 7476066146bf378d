#pragma once

// The reversal advices a network owes, kept on disk so that a restarted connector or node
// still sends them: an append-only file of "owe ID HEX" (the packed 0420) and "done ID"
// lines. Opening it keeps only what is still owed (written to a new file that replaces the
// old one atomically). Plain class: std and POSIX files, no actors, no sockets.

#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/message.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace switchyard {

/// One network's journal of owed reversal advices.
class reversal_journal {
public:
  /// An advice that was owed when the journal was opened, under the id it keeps.
  struct owed_advice {
    std::uint64_t id = 0;
    iso8583::message advice;
  };

  /// What open() found.
  struct opened {
    std::unique_ptr<reversal_journal> journal; ///< null when the file cannot be used
    std::vector<owed_advice> owed;             ///< oldest first
    std::size_t unreadable = 0; ///< lines skipped: torn by a crash, or not this dialect's
    std::string error;          ///< why the journal is null
  };

  /// Opens (creating) the journal at `path` for advices packed with `dialect`, which must
  /// outlive it. Only one journal object holds a path at a time (PATH.lock): this waits up
  /// to `patience` for an earlier holder to let go, then fails.
  static opened open(const std::string& path, const iso8583::dialect& dialect,
                     std::chrono::milliseconds patience = std::chrono::seconds(3));

  ~reversal_journal();

  reversal_journal(const reversal_journal&) = delete;
  reversal_journal& operator=(const reversal_journal&) = delete;

  /// Records that advice `id` is owed (written at the next flush).
  void owe(std::uint64_t id, const iso8583::message& advice);

  /// Records that advice `id` is settled: acknowledged or given up (written at the next flush).
  void settle(std::uint64_t id);

  /// Returns whether records wait for a flush.
  bool dirty() const noexcept { return !buffer_.empty(); }

  /// Writes the records since the last flush and waits until they are on disk; returns an
  /// error text, empty on success (the records stay buffered for the next try then).
  std::string flush();

  /// Returns the journal's path.
  const std::string& path() const noexcept { return path_; }

private:
  reversal_journal(std::string path, int fd, int lock_fd, const iso8583::dialect& dialect);

  std::string path_;
  int fd_ = -1;
  int lock_fd_ = -1; // held (flock) for the journal's lifetime
  const iso8583::dialect& dialect_;
  std::string buffer_;
};

} // namespace switchyard
