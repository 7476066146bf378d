#include "supervision/restart_policy.hpp"

#include <algorithm>

namespace switchyard::supervision {

bool should_restart(restart_type type, exit_kind kind) {
  switch (type) {
    case restart_type::permanent:
      return true;
    case restart_type::transient:
      return kind == exit_kind::failure;
    case restart_type::temporary:
      return false;
  }
  return false;
}

std::chrono::milliseconds restart_delay(const restart_backoff& backoff, std::size_t failed_starts) {
  auto delay = backoff.first;
  for (std::size_t i = 1; i < failed_starts && delay < backoff.max; ++i)
    delay *= 2;
  return std::min(delay, backoff.max);
}

std::string to_string(strategy x) {
  switch (x) {
    case strategy::one_for_one:
      return "one_for_one";
    case strategy::one_for_all:
      return "one_for_all";
    case strategy::rest_for_one:
      return "rest_for_one";
  }
  return "unknown";
}

std::string to_string(restart_type x) {
  switch (x) {
    case restart_type::permanent:
      return "permanent";
    case restart_type::transient:
      return "transient";
    case restart_type::temporary:
      return "temporary";
  }
  return "unknown";
}

std::string to_string(exit_kind x) {
  switch (x) {
    case exit_kind::normal:
      return "normal";
    case exit_kind::shutdown:
      return "shutdown";
    case exit_kind::failure:
      return "failure";
  }
  return "unknown";
}

} // namespace switchyard::supervision
