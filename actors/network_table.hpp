#pragma once

#include "config/settings.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace switchyard {

/// The router's view of the configured networks: which are connected and healthy.
class network_table {
public:
  /// One network row.
  struct entry {
    config::network_settings settings;
    bool connected = false;
    bool healthy = true;
  };

  /// Builds the table from the node's configured networks.
  explicit network_table(const std::vector<config::network_settings>& networks);

  /// Marks `name` connected; returns false if no such network is configured.
  bool connect(const std::string& name);

  /// Marks `name` disconnected (its connector stopped).
  void disconnect(const std::string& name);

  /// Records the health verdict of `name`; returns true if it changed.
  bool set_healthy(const std::string& name, bool healthy);

  /// Returns the row of `name`, if configured.
  const entry* find(const std::string& name) const;

  /// Returns the first network among `name` and then its fallbacks, in order, that is
  /// connected and healthy.
  std::optional<std::string> first_available(const std::string& name) const;

  /// Returns the rows in name order.
  const std::map<std::string, entry>& entries() const { return entries_; }

private:
  std::map<std::string, entry> entries_;
};

} // namespace switchyard
