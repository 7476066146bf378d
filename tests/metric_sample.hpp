#pragma once

// Reads one sample of a Prometheus text exposition, as the tests of the admin HTTP endpoint
// check its metrics.

#include <sstream>
#include <string>

namespace switchyard::testing {

/// Returns the value of sample `series` (name and labels exactly as rendered) in `text`, or ""
/// when there is no such sample.
inline std::string metric_sample(const std::string& text, const std::string& series) {
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(series + " ", 0) == 0)
      return line.substr(series.size() + 1);
  return {};
}

} // namespace switchyard::testing
