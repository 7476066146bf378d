#pragma once

#include "actors/io/route_board.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace switchyard {

/// The data-path port of every network whose connector runs, by network name. A connector
/// puts its port before announcing itself; the router reads it when the announcement
/// comes, so sessions reach the network without going through the connector actor.
class port_directory {
public:
  /// Makes `port` the way into `network`, replacing an earlier connector's.
  void put(const std::string& network, std::shared_ptr<network_port> port);

  /// Removes `network`'s port if it is still `port` (a successor's stays).
  void erase(const std::string& network, const network_port* port);

  /// Returns `network`'s port, or null.
  std::shared_ptr<network_port> find(const std::string& network) const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<network_port>> ports_;
};

} // namespace switchyard
