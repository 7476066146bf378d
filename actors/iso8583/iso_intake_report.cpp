#include "actors/iso8583/iso_intake_report.hpp"

#include "actors/io/log.hpp"
#include "actors/iso8583/iso_log_fields.hpp"
#include "actors/iso8583/iso_outcome.hpp"
#include "protocols/iso8583/describe.hpp"

#include <string>

namespace switchyard {

void report_intake(const iso8583::message& request, const intake_decision& decision,
                   iso_listener_context& ctx, std::string_view peer) {
  auto& counters = ctx.counters;
  const auto& listener = ctx.settings.name;
  const std::string from{peer};
  if (decision.action == intake_action::drop) {
    counters.rejected_frames.fetch_add(1, std::memory_order_relaxed);
    return log_limited(counters.log_limits, log_level::warn, listener, "no request MTI",
                       iso_log_fields(request, {}, from),
                       "dropped a message from " + from + ": " + decision.reason);
  }
  if (decision.code == "00") {
    if (log_enabled(log_level::debug))
      log(log_level::debug, listener, iso_log_fields(request, {}, from),
          decision.reason + " from " + from);
    return;
  }
  bool format_error = decision.code == field39_for(errc::invalid_request);
  (format_error ? counters.format_errors : counters.rejected_frames)
    .fetch_add(1, std::memory_order_relaxed);
  if (log_enabled(log_level::info))
    log_limited(counters.log_limits, log_level::info, listener,
                format_error ? "format error" : "invalid transaction",
                iso_log_fields(request, {}, from),
                "answered " + std::string{decision.code} + " to " + from + ": " + decision.reason
                  + ": " + iso8583::describe(request, *ctx.dialect));
}

} // namespace switchyard
