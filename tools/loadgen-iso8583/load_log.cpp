#include "tools/loadgen-iso8583/load_log.hpp"

#include <cstdio>
#include <mutex>

namespace switchyard::loadgen {

void log_line(std::string_view text) {
  static std::mutex mutex;
  const std::lock_guard lock{mutex};
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
}

} // namespace switchyard::loadgen
