#include "actors/iso_connector_adapters.hpp"

#include "actors/iso_connector.hpp"
#include "actors/route_board.hpp"

#include "caf/all.hpp"

namespace switchyard {

namespace {

// Link callbacks arrive on I/O threads: turn each into a message to the connector.
class link_events final : public iso_link_events {
public:
  explicit link_events(iso_connector_actor c) : connector_(std::move(c)) {}

  void on_link_up(std::uint32_t link) override { caf::anon_send(connector_, link_up_atom_v, link); }

  void on_link_down(std::uint32_t link, std::string reason) override {
    caf::anon_send(connector_, link_down_atom_v, link, std::move(reason));
  }

  void on_responses(std::uint32_t link, std::vector<iso8583::message> ms) override {
    caf::anon_send(connector_, upstream_atom_v, link, std::move(ms));
  }

  void on_echo(std::uint32_t link, bool ok, std::string detail) override {
    caf::anon_send(connector_, echo_atom_v, link, ok, std::move(detail));
  }

private:
  iso_connector_actor connector_;
};

class iso_port final : public network_port {
public:
  explicit iso_port(iso_connector_actor c) : connector_(std::move(c)) {}

  void forward(std::vector<iso_exchange_ptr> exchanges) override {
    caf::anon_send(connector_, iso_forward_atom_v, std::move(exchanges));
  }

private:
  iso_connector_actor connector_;
};

} // namespace

std::shared_ptr<iso_link_events> make_link_events(iso_connector_actor connector) {
  return std::make_shared<link_events>(std::move(connector));
}

std::shared_ptr<network_port> make_iso_port(iso_connector_actor connector) {
  return std::make_shared<iso_port>(std::move(connector));
}

} // namespace switchyard
