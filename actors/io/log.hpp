#pragma once

#include "actors/io/log_format.hpp"
#include "config/settings.hpp"

#include <string>
#include <string_view>

namespace switchyard {

/// Parses "trace".."error"; unknown names give info.
log_level parse_log_level(std::string_view name);

/// Configures the process-wide log sink; returns an error text if the file cannot be opened.
std::string configure_log(const config::logging_settings& settings);

/// Opens the configured log file's path anew and writes there from now on (after logrotate
/// renamed the old file); returns an error text, and keeps the old file, if it cannot.
std::string reopen_log();

/// Returns whether lines of `level` are written.
bool log_enabled(log_level level);

/// Writes one line from `component` (thread-safe). Callers mask card data before this.
void log(log_level level, std::string_view component, std::string_view text);

/// Writes one line from `component` carrying `fields` (network, correlation ids) beside the
/// text (thread-safe). Callers check log_enabled first where building the text costs.
void log(log_level level, std::string_view component, const log_fields& fields,
         std::string_view text);

} // namespace switchyard
