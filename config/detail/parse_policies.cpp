#include "config/detail/parse_policies.hpp"

namespace switchyard::config::detail {

namespace {

constexpr std::int64_t max_retry_attempts = 10;

// Whether a value read from `key` (ok) or its default (absent) can take part in a cross-check.
bool is_usable(const toml::table& t, std::string_view key, bool ok) {
  return ok || !t.contains(key);
}

// Reports `key` of `t` unless its value is at least the value of `lower_key`.
void check_not_below(const toml::table& t, const std::string& path, std::string_view key,
                     std::string_view lower_key, std::uint32_t value, std::uint32_t lower,
                     toml_reader& reader) {
  if (value < lower && t.contains(key)) {
    reader.fail(position_of(*t.get(key)), join(path, key),
                "an integer >= " + std::string{lower_key} + " (" + std::to_string(lower) + ")");
  } else if (value < lower) {
    reader.fail(position_of(*t.get(lower_key)), join(path, lower_key),
                "an integer <= " + std::string{key} + " (" + std::to_string(value) + ")");
  }
}

void check_probe_suits_protocol(const toml::table& t, const std::string& path,
                                std::optional<protocol_kind> protocol, probe_kind kind,
                                toml_reader& reader) {
  auto iso_only = kind == probe_kind::echo;
  auto jsonrpc_only = kind == probe_kind::jsonrpc_method;
  if (!protocol || (*protocol == protocol_kind::iso8583 ? !jsonrpc_only : !iso_only)) {
    return;
  }
  reader.fail(position_of(*t.get("kind")), join(path, "kind"),
              *protocol == protocol_kind::iso8583
                ? R"(a probe for protocol = "iso8583": "echo", "tcp_connect" or "none")"
                : R"(a probe for protocol = "jsonrpc": "jsonrpc_method", "tcp_connect" or "none")");
}

} // namespace

health_check_settings parse_health_check(const toml::table& t, const std::string& path,
                                         std::optional<protocol_kind> protocol,
                                         toml_reader& reader) {
  health_check_settings result;
  const auto* hc = reader.table(t, path, "health_check");
  if (hc == nullptr) {
    return result;
  }
  auto hc_path = join(path, "health_check");
  reader.check_keys(
    *hc, hc_path,
    "kind interval_ms jitter_ms timeout_ms healthy_threshold unhealthy_threshold method");
  if (auto kind = reader.read_enum<probe_kind>(*hc, hc_path, "kind")) {
    result.kind = *kind;
    check_probe_suits_protocol(*hc, hc_path, protocol, *kind, reader);
  }
  reader.read_integer(*hc, hc_path, "interval_ms", result.interval_ms, 1);
  reader.read_integer(*hc, hc_path, "jitter_ms", result.jitter_ms, 0);
  reader.read_integer(*hc, hc_path, "timeout_ms", result.timeout_ms, 1);
  reader.read_integer(*hc, hc_path, "healthy_threshold", result.healthy_threshold, 1);
  reader.read_integer(*hc, hc_path, "unhealthy_threshold", result.unhealthy_threshold, 1);
  reader.read_string(*hc, hc_path, "method", result.method);
  return result;
}

breaker_settings parse_breaker(const toml::table& t, const std::string& path, toml_reader& reader) {
  breaker_settings result;
  const auto* cb = reader.table(t, path, "circuit_breaker");
  if (cb == nullptr) {
    return result;
  }
  auto cb_path = join(path, "circuit_breaker");
  reader.check_keys(*cb, cb_path,
                    "failure_threshold failure_rate window_size minimum_requests "
                    "recovery_timeout_ms half_open_successes");
  reader.read_integer(*cb, cb_path, "failure_threshold", result.failure_threshold, 1);
  reader.read_ratio(*cb, cb_path, "failure_rate", result.failure_rate, false);
  auto window_ok = reader.read_integer(*cb, cb_path, "window_size", result.window_size, 1);
  auto minimum_ok
    = reader.read_integer(*cb, cb_path, "minimum_requests", result.minimum_requests, 1);
  if (is_usable(*cb, "window_size", window_ok) && is_usable(*cb, "minimum_requests", minimum_ok)) {
    // A minimum above the window size would keep the failure rate from ever applying.
    check_not_below(*cb, cb_path, "window_size", "minimum_requests", result.window_size,
                    result.minimum_requests, reader);
  }
  reader.read_integer(*cb, cb_path, "recovery_timeout_ms", result.recovery_timeout_ms, 1);
  reader.read_integer(*cb, cb_path, "half_open_successes", result.half_open_successes, 1);
  return result;
}

retry_settings parse_retry(const toml::table& t, const std::string& path, toml_reader& reader) {
  retry_settings result;
  const auto* rt = reader.table(t, path, "retry");
  if (rt == nullptr) {
    return result;
  }
  auto rt_path = join(path, "retry");
  reader.check_keys(*rt, rt_path, "max_attempts base_backoff_ms max_backoff_ms budget_ratio");
  reader.read_integer(*rt, rt_path, "max_attempts", result.max_attempts, 1, max_retry_attempts);
  auto base_ok = reader.read_integer(*rt, rt_path, "base_backoff_ms", result.base_backoff_ms, 0);
  auto max_ok = reader.read_integer(*rt, rt_path, "max_backoff_ms", result.max_backoff_ms, 0);
  if (is_usable(*rt, "base_backoff_ms", base_ok) && is_usable(*rt, "max_backoff_ms", max_ok)) {
    check_not_below(*rt, rt_path, "max_backoff_ms", "base_backoff_ms", result.max_backoff_ms,
                    result.base_backoff_ms, reader);
  }
  reader.read_ratio(*rt, rt_path, "budget_ratio", result.budget_ratio, true);
  return result;
}

hedging_settings parse_hedging(const toml::table& t, const std::string& path,
                               std::optional<protocol_kind> protocol, toml_reader& reader) {
  hedging_settings result;
  const auto* hd = reader.table(t, path, "hedging");
  if (hd == nullptr) {
    return result;
  }
  auto hd_path = join(path, "hedging");
  reader.check_keys(*hd, hd_path, "enabled min_delay_ms max_delay_ms max_extra");
  if (reader.read_bool(*hd, hd_path, "enabled", result.enabled) && result.enabled
      && protocol == protocol_kind::iso8583) {
    // A hedged copy of an authorisation could be approved twice.
    reader.fail(position_of(*hd->get("enabled")), join(hd_path, "enabled"),
                "hedging only with protocol = \"jsonrpc\" (ISO 8583 requests are not idempotent)");
  }
  auto min_ok = reader.read_integer(*hd, hd_path, "min_delay_ms", result.min_delay_ms, 1);
  auto max_ok = reader.read_integer(*hd, hd_path, "max_delay_ms", result.max_delay_ms, 1);
  if (is_usable(*hd, "min_delay_ms", min_ok) && is_usable(*hd, "max_delay_ms", max_ok)) {
    check_not_below(*hd, hd_path, "max_delay_ms", "min_delay_ms", result.max_delay_ms,
                    result.min_delay_ms, reader);
  }
  reader.read_integer(*hd, hd_path, "max_extra", result.max_extra, 1);
  return result;
}

} // namespace switchyard::config::detail
