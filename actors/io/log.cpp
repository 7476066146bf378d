#include "actors/io/log.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>

namespace switchyard {

namespace {

struct log_sink {
  std::mutex mutex;
  std::FILE* file = stderr;
  std::string path; ///< empty while writing to standard error
  bool json = false;
  std::atomic<log_level> threshold{log_level::info};
};

log_sink& sink() {
  static log_sink instance;
  return instance;
}

const char* level_name(log_level level) {
  constexpr const char* names[] = {"trace", "debug", "info", "warn", "error"};
  return names[static_cast<int>(level)];
}

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis
    = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[32];
  auto n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
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
    s.json = settings.format == "json";
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
  auto& s = sink();
  auto ts = timestamp();
  std::lock_guard<std::mutex> guard{s.mutex};
  if (s.json)
    std::fprintf(s.file, "{\"ts\":\"%s\",\"level\":\"%s\",\"component\":\"%s\",\"msg\":\"%s\"}\n",
                 ts.c_str(), level_name(level), json_escape(component).c_str(),
                 json_escape(text).c_str());
  else
    std::fprintf(s.file, "%s %-5s %.*s: %.*s\n", ts.c_str(), level_name(level),
                 static_cast<int>(component.size()), component.data(),
                 static_cast<int>(text.size()), text.data());
  std::fflush(s.file);
}

} // namespace switchyard
