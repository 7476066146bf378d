#pragma once

#include <memory>
#include <string>

namespace switchyard {

/// An exclusive hold on a node's state_dir (flock on STATE_DIR/switchyard.lock, the holder's
/// pid written inside), kept for the life of the process: two nodes sharing reversal
/// journals would each replay and settle the other's records.
class state_dir_lock {
public:
  /// The outcome of take: a lock, or one sentence naming node.state_dir and the reason.
  struct taken {
    std::unique_ptr<state_dir_lock> lock;
    std::string error;
  };

  /// Creates `state_dir` when missing and takes its lock without waiting.
  static taken take(const std::string& state_dir);

  ~state_dir_lock();

  state_dir_lock(const state_dir_lock&) = delete;
  state_dir_lock& operator=(const state_dir_lock&) = delete;

private:
  explicit state_dir_lock(int fd) : fd_(fd) {}

  int fd_;
};

} // namespace switchyard
