#pragma once

#include <string>
#include <vector>

namespace switchyard::config::detail {

/// A 1-based line and column in the configuration file; 0:0 when the value was defaulted.
struct position {
  int line = 0;
  int column = 0;
};

/// Where one value was written, with its full key such as `listeners[1].port`.
struct mark {
  std::string key;
  position at;
};

/// Where the parts of one listener that cross-checks report on were written.
struct listener_marks {
  mark name; ///< the name value, or the listener's table when the name was defaulted
  mark port;
};

/// Where the parts of one network that cross-checks report on were written.
struct network_marks {
  mark name;
  std::vector<mark> fallbacks; ///< one per entry of `network_settings::fallbacks`
  mark forward_journal;        ///< position 0:0 when absent
  std::vector<mark> rule_bins; ///< one per entry of `network_settings::rules`, in its order
};

/// Positions kept from parsing so that checks spanning several tables can report them.
struct source_marks {
  mark cluster_port; ///< `node.cluster_port`; position 0:0 when defaulted
  mark admin_port;   ///< `admin_http.port`; position 0:0 when absent
  std::vector<listener_marks> listeners;
  std::vector<network_marks> networks;
};

} // namespace switchyard::config::detail
