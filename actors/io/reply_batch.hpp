#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard {

/// What must happen when a reply that matters could not be written to its connection (it
/// closed first, or the write failed): an approval the acquirer never saw is reversed.
class delivery_guard {
public:
  virtual ~delivery_guard() = default;

  /// The reply this guard watches did not reach its connection; called once, on the
  /// connection's thread.
  virtual void undelivered() = 0;

  /// The reply this guard watches was written to its connection in full; called once, on
  /// the connection's thread, right after the write.
  virtual void delivered() = 0;

  /// Returns whether the reply should be written at once rather than gathered with others
  /// (its delivery is on record already: the sooner it is written, the smaller the window a
  /// crash could fall into).
  virtual bool is_urgent() const noexcept = 0;
};

/// Runs deferred commits once the outermost scope on this thread closes: a connection that
/// reports several deliveries after one write has each network record them with one sync.
class delivery_commit {
public:
  /// Commits a target's deliveries.
  using commit_function = void (*)(const std::shared_ptr<void>& target);

  /// Defers commits on this thread until destroyed; nested scopes join the outer one.
  class scope {
  public:
    scope();
    ~scope();
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;
  };

  /// Calls `commit(target)` when the outermost scope closes, once per target; at once when
  /// no scope is open.
  static void defer(const std::shared_ptr<void>& target, commit_function commit);
};

/// A guard and where its reply ends in the frames it was handed over with.
struct guarded_frame {
  std::size_t end = 0; ///< offset just past the reply's frame
  std::shared_ptr<delivery_guard> guard;
};

/// The guards of one hand-over.
using guard_list = std::vector<guarded_frame>;

/// Gathers the replies a network's upstream makes while handling one batch of responses,
/// so each acquirer connection gets one hand-over (one post to its strand) per batch
/// instead of one per response. Thread-local: a batch is open on the thread that opened it.
class reply_batch {
public:
  /// Hands `frames` (`count` replies, concatenated, with the guards of those that need
  /// one) to `target` from the batch's thread.
  using deliver_function = void (*)(const std::shared_ptr<void>& target, std::string frames,
                                    std::size_t count, guard_list guards);

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

  /// Attaches `guard` to the frame just appended for `target` (after add).
  static void guard(const std::shared_ptr<void>& target, std::shared_ptr<delivery_guard> guard);
};

} // namespace switchyard
