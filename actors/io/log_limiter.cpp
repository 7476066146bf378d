#include "actors/io/log_limiter.hpp"

#include <algorithm>
#include <condition_variable>
#include <thread>

namespace switchyard {

namespace {

// Writes the summaries of every background limiter a few times per second, so a flood that
// stopped still reports what it held back. Started with the first such limiter, stopped at
// exit; a limiter leaves it in its destructor, which waits for a flush in progress.
class summary_flusher {
public:
  summary_flusher() {
    // The sink is built first, so it is destroyed after this thread is joined.
    log_enabled(log_level::error);
    thread_ = std::jthread{[this](std::stop_token stop) {
      run(stop);
    }};
  }

  ~summary_flusher() {
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
  }

  summary_flusher(const summary_flusher&) = delete;
  summary_flusher& operator=(const summary_flusher&) = delete;

  void join(log_limiter* limiter) {
    std::lock_guard guard{mutex_};
    limiters_.push_back(limiter);
  }

  void leave(log_limiter* limiter) {
    std::lock_guard guard{mutex_};
    std::erase(limiters_, limiter);
  }

private:
  static constexpr auto period = std::chrono::milliseconds(200);

  void run(const std::stop_token& stop) {
    std::unique_lock lock{mutex_};
    while (!stop.stop_requested()) {
      wake_.wait_for(lock, stop, period, [] { return false; });
      for (auto* limiter : limiters_)
        for (const auto& s : limiter->flush())
          log_summary(s);
    }
  }

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<log_limiter*> limiters_;
  std::jthread thread_;
};

summary_flusher& flusher() {
  static summary_flusher instance;
  return instance;
}

} // namespace

log_limiter::log_limiter(std::chrono::milliseconds interval, std::uint32_t burst, summaries who)
    : interval_(interval),
      burst_(std::max<std::uint32_t>(burst, 1)),
      background_(who == summaries::background) {
  if (background_)
    flusher().join(this);
}

log_limiter::~log_limiter() {
  if (background_)
    flusher().leave(this);
}

log_limiter::verdict log_limiter::admit(std::string_view key, clock::time_point now,
                                        log_level level, std::string_view component,
                                        std::string_view network) {
  std::lock_guard guard{mutex_};
  auto [it, fresh] = keys_.try_emplace(std::string{key});
  auto& s = it->second;
  verdict v;
  if (fresh || now - s.window_start >= interval_) {
    v.suppressed = s.held;
    s.window_start = now;
    s.passed = 0;
    s.held = 0;
  }
  if (s.passed < burst_) {
    ++s.passed;
    v.write = true;
    return v;
  }
  if (s.held++ == 0) {
    s.level = level;
    s.component = component;
    s.network = network;
  }
  return v;
}

std::vector<log_limiter::summary> log_limiter::flush(clock::time_point now) {
  std::vector<summary> due;
  std::lock_guard guard{mutex_};
  for (auto it = keys_.begin(); it != keys_.end();) {
    auto& s = it->second;
    if (now - s.window_start < interval_) {
      ++it;
      continue;
    }
    if (s.held > 0)
      due.push_back({s.level, s.component, s.network, it->first, s.held});
    // The key's next line starts a fresh interval, as if it had never been seen.
    it = keys_.erase(it);
  }
  return due;
}

void log_summary(const log_limiter::summary& s) {
  log_fields fields;
  fields.network = s.network;
  fields.reason = s.key;
  fields.suppressed = s.suppressed;
  log(s.level, s.component, fields,
      "suppressed " + std::to_string(s.suppressed) + " similar line"
        + (s.suppressed == 1 ? "" : "s"));
}

void log_limited(log_limiter& limits, log_level level, std::string_view component,
                 std::string_view key, const log_fields& fields, std::string_view text) {
  if (!log_enabled(level))
    return;
  auto v = limits.admit(key, log_limiter::clock::now(), level, component, fields.network);
  if (v.suppressed > 0)
    log_summary(
      {level, std::string{component}, std::string{fields.network}, std::string{key}, v.suppressed});
  if (!v.write)
    return;
  auto with_reason = fields;
  with_reason.reason = key;
  log(level, component, with_reason, text);
}

void log_limited(log_limiter& limits, log_level level, std::string_view component,
                 std::string_view key, std::string_view text) {
  log_limited(limits, level, component, key, log_fields{}, text);
}

} // namespace switchyard
