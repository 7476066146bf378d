#include "actors/io/log.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace switchyard {

namespace {

struct log_sink {
  std::mutex mutex;
  std::FILE* file = stderr;
  std::string path; ///< empty while writing to standard error
  std::atomic<log_format> format{log_format::logfmt};
  std::atomic<log_level> threshold{log_level::info};
};

log_sink& sink() {
  static log_sink instance;
  return instance;
}

} // namespace

log_level parse_log_level(std::string_view name) {
  constexpr log_level levels[]
    = {log_level::trace, log_level::debug, log_level::info, log_level::warn, log_level::error};
  for (auto level : levels)
    if (name == level_name(level))
      return level;
  return log_level::info;
}

std::string configure_log(const config::logging_settings& settings) {
  auto& s = sink();
  {
    std::lock_guard<std::mutex> guard{s.mutex};
    s.threshold = parse_log_level(settings.level);
    s.format = parse_log_format(settings.format);
  }
  if (settings.file.empty())
    return {};
  auto* f = std::fopen(settings.file.c_str(), "a");
  if (f == nullptr)
    return "cannot open log file " + settings.file + ": " + std::strerror(errno);
  std::lock_guard<std::mutex> guard{s.mutex};
  if (s.file != stderr)
    std::fclose(s.file);
  s.file = f;
  s.path = settings.file;
  return {};
}

std::string reopen_log() {
  auto& s = sink();
  std::string path;
  {
    std::lock_guard<std::mutex> guard{s.mutex};
    path = s.path;
  }
  if (path.empty())
    return {};
  // Opened before the old file is closed: when the new one cannot be opened, lines keep going
  // to the old (renamed) file rather than being lost.
  auto* f = std::fopen(path.c_str(), "a");
  if (f == nullptr)
    return "cannot reopen log file " + path + ": " + std::strerror(errno);
  std::lock_guard<std::mutex> guard{s.mutex};
  std::fclose(s.file);
  s.file = f;
  return {};
}

bool log_enabled(log_level level) {
  return level >= sink().threshold.load(std::memory_order_relaxed);
}

void log(log_level level, std::string_view component, std::string_view text) {
  if (!log_enabled(level))
    return;
  log(level, component, log_fields{}, text);
}

void log(log_level level, std::string_view component, const log_fields& fields,
         std::string_view text) {
  if (!log_enabled(level))
    return;
  auto& s = sink();
  auto ts = log_timestamp();
  // Formatted before the lock and written in one call: threads only wait for the write.
  thread_local std::string line;
  line.clear();
  auto format = s.format.load(std::memory_order_relaxed);
  append_log_line(line, format, {ts, level, component, &fields, text});
  std::lock_guard<std::mutex> guard{s.mutex};
  std::fwrite(line.data(), 1, line.size(), s.file);
  std::fflush(s.file);
}

} // namespace switchyard
