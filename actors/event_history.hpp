#pragma once

// The latest events a node reported to its watchers (shells running `watch`), numbered, and up
// to which event each watcher that went away had them: CAF 0.17 may take a watching shell's
// link for lost when a third node dies, and the shell comes back; it then gets what it missed.
// Plain class: the admin actor names watchers by their address's text.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace switchyard {

class event_history {
public:
  /// Keeps the latest `kept` events and remembers at most `max_gone` watchers that went away
  /// (the longest gone are forgotten first).
  event_history(std::size_t kept, std::size_t max_gone);

  /// Records `line`, sent to the watchers now.
  void record(std::string line);

  /// Remembers that `watcher` went away having had every event recorded so far.
  void went_away(const std::string& watcher);

  /// Returns the events `watcher` missed since it went away (none for one never seen go, or
  /// for events no longer kept), oldest first, and forgets it went away.
  std::vector<std::string> missed_by(const std::string& watcher);

private:
  std::size_t kept_;
  std::size_t max_gone_;
  std::deque<std::pair<std::uint64_t, std::string>> recent_;
  std::uint64_t recorded_ = 0;
  std::map<std::string, std::uint64_t> gone_; // watcher -> the last event it had
  std::deque<std::string> gone_order_;        // oldest departure first
};

} // namespace switchyard
