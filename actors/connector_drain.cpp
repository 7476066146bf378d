#include "actors/connector_drain.hpp"

namespace switchyard {

connector_drain::connector_drain(clock::time_point now, clock::duration in_flight_bound,
                                 bool wait_owed)
    : in_flight_deadline_(now + in_flight_bound),
      owed_deadline_(in_flight_deadline_ + owed_patience),
      wait_owed_(wait_owed) {}

std::optional<std::string> connector_drain::step(clock::time_point now, const drain_view& view) {
  bool owed_left = wait_owed_ && view.owed > 0 && now < owed_deadline_;
  bool busy = view.routed || view.in_flight > 0 || owed_left;
  if (busy)
    quiet_since_.reset();
  else if (!quiet_since_)
    quiet_since_ = now;
  // A plain stop (the listeners stopped first) has nobody left to hand it anything: quiet at
  // once. Taken over or withdrawn, the port may still be in a session's hands for an instant.
  bool quiet = quiet_since_ && (!view.replaced || now - *quiet_since_ >= quiet_spell);
  if (!quiet && (now < in_flight_deadline_ || owed_left))
    return std::nullopt;
  std::string left;
  if (view.in_flight > 0)
    left += std::to_string(view.in_flight) + " request(s) still in flight (answered unavailable)";
  if (view.owed > 0)
    left.append(left.empty() ? "" : "; ")
      .append(std::to_string(view.owed) + " reversal advice(s) owed, kept in "
              + (view.journal.empty() ? "memory" : view.journal));
  return left;
}

} // namespace switchyard
