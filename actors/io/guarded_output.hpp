#pragma once

// What a connection owes its peer: bytes queued for the next write, bytes of the write in
// progress, and the delivery guards of the replies among them, told whether their reply was
// written in full. Plain: the connection owns the socket and says what its writes did.

#include "actors/io/reply_batch.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace switchyard {

/// The replies a connection has to write and the guards waiting on them.
class guarded_output {
public:
  /// Queues `frames` (replies handed over together) with the guards of those that need one
  /// (offsets within `frames`); returns whether one of them must be written at once.
  bool queue(std::string_view frames, guard_list guards);

  /// Returns the bytes queued and not yet taken by a write.
  const std::string& queued() const noexcept { return queued_; }

  /// Returns whether nothing is queued.
  bool nothing_queued() const noexcept { return queued_.empty(); }

  /// Returns the bytes queued or being written.
  std::size_t unwritten() const noexcept { return queued_.size() + writing_.size(); }

  /// The first `n` queued bytes were written by a direct write: the replies among them
  /// reached the connection (their guards hear so now); the rest stays queued.
  void wrote_queued(std::size_t n);

  /// Takes everything queued for one write; the bytes stay valid until end_write().
  const std::string& begin_write();

  /// The write begun ended after `written` bytes: replies written in full were delivered,
  /// the others never will be.
  void end_write(std::size_t written);

  /// The connection closed: nothing queued will be written (the write in progress, if any,
  /// is settled by end_write).
  void drop_queued();

  /// Gives back the memory of a burst once nothing is queued or being written.
  void release();

  /// Replies handed over after the connection closed: their guards hear they never reach it.
  static void never_delivered(guard_list& guards) { settle(guards, 0); }

private:
  static void settle(guard_list& guards, std::size_t written);

  std::string queued_;
  std::string writing_;
  guard_list queued_guards_;  // of replies in queued_, offsets into it
  guard_list writing_guards_; // of replies in writing_
};

} // namespace switchyard
