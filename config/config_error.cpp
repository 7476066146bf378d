#include "config/config_error.hpp"

namespace switchyard::config {

std::string to_string(const config_error& x) {
  std::string result = x.file;
  if (x.line > 0) {
    result += ':' + std::to_string(x.line) + ':' + std::to_string(x.column);
  }
  result += ": ";
  if (!x.key.empty()) {
    result += x.key + ": ";
  }
  result += "expected " + x.expected;
  return result;
}

} // namespace switchyard::config
