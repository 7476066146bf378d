#pragma once

// The reversal advices a network owes, kept on disk so that a restarted connector or node
// still sends them. An append-only file of records, one a line:
//   owe ID PAYLOAD   an advice is owed (never sent yet)
//   fwd ID PAYLOAD   a financial request went upstream; owed unless settled (forward journal)
//   sent ID          the advice went out: any later attempt is a repeat (0421)
//   done ID          settled: acknowledged, or the request's answer reached the acquirer
// PAYLOAD is the packed 0420 in hex, sealed with AES-256-GCM when a key is configured.
// Opening keeps only what is still open (written to a new file that replaces the old one
// atomically); lines that cannot be read are moved to PATH.quarantine, never deleted. A
// write that fails is cut back off the file so no torn line joins the next one. Plain
// class: std, POSIX files and OpenSSL; no actors, no sockets.

#include "actors/io/journal_cipher.hpp"
#include "protocols/iso8583/dialect.hpp"
#include "protocols/iso8583/message.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace switchyard {

/// One network's journal of owed reversal advices; safe to use from several threads (a
/// network's strand records and syncs; acquirer connections settle what they delivered).
class reversal_journal {
public:
  /// An advice that was owed when the journal was opened, under the id it keeps.
  struct owed_advice {
    std::uint64_t id = 0;
    iso8583::message advice;
    bool sent_before = false; ///< it may have gone out already: send it as a repeat (0421)
  };

  /// What open() found.
  struct opened {
    std::unique_ptr<reversal_journal> journal; ///< null when the file cannot be used
    std::vector<owed_advice> owed;             ///< oldest first
    std::size_t quarantined_now = 0; ///< unreadable lines moved to the quarantine file now
    std::string error;               ///< why the journal is null
  };

  /// Opens (creating) the journal at `path` for advices packed with `dialect`, which must
  /// outlive it; `cipher` (may be null: records in clear) must outlive it too. Only one
  /// journal object holds a path at a time (PATH.lock): this waits up to `patience` for an
  /// earlier holder to let go, then fails.
  static opened open(const std::string& path, const iso8583::dialect& dialect,
                     const journal_cipher* cipher = nullptr,
                     std::chrono::milliseconds patience = std::chrono::seconds(3));

  /// Returns whether another journal object (of this process or another) holds `path` now.
  static bool is_held(const std::string& path);

  ~reversal_journal();

  reversal_journal(const reversal_journal&) = delete;
  reversal_journal& operator=(const reversal_journal&) = delete;

  /// Records that advice `id` is owed (written at the next flush).
  void owe(std::uint64_t id, const iso8583::message& advice);

  /// Records that a financial request went upstream: `advice` reverses it unless settled.
  void forward(std::uint64_t id, const iso8583::message& advice);

  /// Records that advice `id` went out, so a restart sends it as a repeat.
  void sent(std::uint64_t id);

  /// Records that `id` is settled: acknowledged, or its answer reached the acquirer.
  void settle(std::uint64_t id);

  /// Returns whether records wait for a flush.
  bool dirty() const;

  /// Writes the records since the last flush and waits until they are on disk; returns an
  /// error text, empty on success. On failure nothing of the attempt stays in the file and
  /// the records stay buffered for the next try.
  std::string flush();

  /// Returns whether the last flush failed (records may not be durable).
  bool is_failing() const noexcept { return failing_.load(std::memory_order_acquire); }

  /// Rewrites the file with only the open records when settled ones make up most of it;
  /// returns an error text, empty when nothing failed. Call when not dirty.
  std::string compact();

  /// Returns the number of open records (owed advices and unsettled forwards).
  std::size_t open_records() const;

  /// Returns the journal's path and its quarantine file's path.
  const std::string& path() const noexcept { return path_; }

  std::string quarantine_path() const { return path_ + ".quarantine"; }

  /// Returns the number of lines in the quarantine file (all time).
  std::size_t quarantined() const noexcept { return quarantined_; }

private:
  reversal_journal(std::string path, int fd, int lock_fd, const iso8583::dialect& dialect,
                   const journal_cipher* cipher);

  void append(std::string_view kind, std::uint64_t id, const iso8583::message& advice);
  std::string flush_locked();

  std::string path_;
  int fd_ = -1;
  int lock_fd_ = -1; // held (flock) for the journal's lifetime
  const iso8583::dialect& dialect_;
  const journal_cipher* cipher_;
  mutable std::mutex mutex_; // guards what follows (but failing_)
  std::string buffer_;
  std::uint64_t size_ = 0; // bytes of whole records in the file
  bool torn_ = false;      // a failed write could not be cut off: start with a line break
  std::atomic<bool> failing_{false};
  std::uint64_t settled_since_compaction_ = 0;

  struct live_record {
    std::string line;  // the owe or fwd record as written
    bool sent = false; // a sent record followed it
  };

  std::map<std::uint64_t, live_record> live_; // open records by id
  std::size_t quarantined_ = 0;
};

} // namespace switchyard
