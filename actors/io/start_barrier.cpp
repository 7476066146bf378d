#include "actors/io/start_barrier.hpp"

namespace switchyard {

start_barrier::start_barrier(std::set<std::string> keys) : missing_(std::move(keys)) {}

bool start_barrier::started(const std::string& key) {
  std::lock_guard guard{mutex_};
  if (phase_ != phase::waiting)
    return false;
  missing_.erase(key);
  if (missing_.empty())
    decided_.notify_all();
  return true;
}

bool start_barrier::failed(const std::string& key, const std::string& line) {
  std::lock_guard guard{mutex_};
  if (phase_ == phase::running)
    return false;
  // Failures after the first come from a tree being stopped (restarts of the same failing
  // child): the operator gets the first, not a storm.
  if (phase_ == phase::waiting) {
    phase_ = phase::failed;
    failure_ = line;
    missing_.erase(key);
    decided_.notify_all();
  }
  return true;
}

std::optional<std::string> start_barrier::await(std::chrono::milliseconds timeout) {
  std::unique_lock guard{mutex_};
  decided_.wait_for(guard, timeout, [this] { return phase_ == phase::failed || missing_.empty(); });
  if (phase_ == phase::failed)
    return failure_;
  if (missing_.empty()) {
    phase_ = phase::running;
    return std::nullopt;
  }
  std::string keys;
  for (const auto& key : missing_)
    keys += (keys.empty() ? "" : ", ") + key;
  phase_ = phase::failed;
  failure_ = keys + " did not start within "
             + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count())
             + " s";
  return failure_;
}

} // namespace switchyard
