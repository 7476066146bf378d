#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace switchyard {

/// Where a node's listeners and connectors report their first start, so that the node says
/// "running" only once each of them serves, and otherwise stops with the first failure.
class start_barrier {
public:
  /// Expects one report from each of `keys` (config keys such as "listeners[0]").
  explicit start_barrier(std::set<std::string> keys);

  /// Records that `key` started; false once the start is decided (the caller carries on).
  bool started(const std::string& key);

  /// Records that `key` failed with `line` (one sentence naming key, what and why); false once
  /// the node runs: the failure is then a runtime one, for supervision and the log.
  bool failed(const std::string& key, const std::string& line);

  /// Waits up to `timeout` for every report; returns the first failure, or nothing when all
  /// started. A timeout is a failure naming the keys still missing.
  std::optional<std::string> await(std::chrono::milliseconds timeout);

private:
  enum class phase { waiting, failed, running };

  std::mutex mutex_;
  std::condition_variable decided_;
  std::set<std::string> missing_;
  phase phase_ = phase::waiting;
  std::string failure_;
};

} // namespace switchyard
