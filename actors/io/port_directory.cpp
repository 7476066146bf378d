#include "actors/io/port_directory.hpp"

namespace switchyard {

void port_directory::put(const std::string& network, std::shared_ptr<network_port> port) {
  std::lock_guard guard{mutex_};
  ports_[network] = std::move(port);
}

void port_directory::erase(const std::string& network, const network_port* port) {
  std::lock_guard guard{mutex_};
  if (auto i = ports_.find(network); i != ports_.end() && i->second.get() == port)
    ports_.erase(i);
}

std::shared_ptr<network_port> port_directory::find(const std::string& network) const {
  std::lock_guard guard{mutex_};
  auto i = ports_.find(network);
  return i == ports_.end() ? nullptr : i->second;
}

} // namespace switchyard
