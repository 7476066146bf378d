#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace switchyard {

/// Gathers the replies a network's upstream makes while handling one batch of responses,
/// so each acquirer connection gets one hand-over (one post to its strand) per batch
/// instead of one per response. Thread-local: a batch is open on the thread that opened it.
class reply_batch {
public:
  /// Hands `frames` (`count` replies, concatenated) to `target` from the batch's thread.
  using deliver_function
    = void (*)(const std::shared_ptr<void>& target, std::string frames, std::size_t count);

  /// Opens a batch on this thread until destroyed, then delivers it; nested scopes join
  /// the outer batch.
  class scope {
  public:
    scope();
    ~scope();
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
  };

  /// Counts one reply for `target` and returns the buffer to append its frame to; null
  /// when no batch is open on this thread, in which case the caller delivers it itself.
  static std::string* add(const std::shared_ptr<void>& target, deliver_function deliver);
};

} // namespace switchyard
