#pragma once

// How one log line is written: the fields every line may carry and the three layouts
// (logfmt, JSON, and the older human text). Pure functions: no clock, no sink, no locks.

#include <cstdint>
#include <string>
#include <string_view>

namespace switchyard {

/// Severity of a log line, lowest first.
enum class log_level : std::uint8_t { trace, debug, info, warn, error };

/// Returns "trace".."error".
std::string_view level_name(log_level level);

/// Layout of the log lines.
enum class log_format : std::uint8_t { logfmt, json, text };

/// Parses "logfmt", "json" or "text"; unknown names give logfmt (the validator refuses them).
log_format parse_log_format(std::string_view name);

/// What a line is about, beside its text: where a call site knows the network or the
/// message's correlation ids it names them here. Empty views and a zero count are left out.
/// The views must outlive the call that writes the line.
struct log_fields {
  std::string_view network;     ///< the network (upstream) the line concerns
  std::string_view stan;        ///< ISO 8583 field 11
  std::string_view rrn;         ///< ISO 8583 field 37
  std::string_view rpc_id;      ///< the JSON-RPC client's id, as the client sent it
  std::string_view peer;        ///< "address:port" of the other end of a connection
  std::string_view reason;      ///< the kind of a rate-limited line
  std::uint64_t suppressed = 0; ///< lines of this kind held back by the rate limit

  /// Returns fields naming only `network_name`.
  static log_fields of_network(std::string_view network_name) {
    log_fields f;
    f.network = network_name;
    return f;
  }
};

/// One line to write: `ts` an ISO 8601 UTC time with milliseconds.
struct log_record {
  std::string_view ts;
  log_level level = log_level::info;
  std::string_view component;
  const log_fields* fields = nullptr; ///< null: none
  std::string_view msg;
};

/// Appends `record` as one line in `format`, newline included. Keys come in a fixed order
/// (ts level component network stan rrn rpc_id peer reason suppressed msg); logfmt quotes a
/// value holding a space, '=', a quote, a backslash or a control character and escapes
/// those; JSON escapes per RFC 8259. Bytes that are not UTF-8 are written as escapes.
void append_log_line(std::string& out, log_format format, const log_record& record);

/// Returns the current time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string log_timestamp();

} // namespace switchyard
