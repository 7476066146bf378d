#pragma once

#include "config/settings.hpp"
#include "core/bin_tables.hpp"
#include "core/routable.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace switchyard::core {

/// What routing decided for one request.
enum class route_outcome : std::uint8_t {
  routed,      ///< a network was chosen
  no_route,    ///< no rule matched (ISO 8583 response code 92, JSON-RPC -32601)
  unavailable, ///< a rule matched but its network and all its fallbacks are unavailable (91)
};

/// Returns "routed", "no_route" or "unavailable".
const char* to_string(route_outcome x);

/// The result of routing one request; the names view the table's data and stay valid while
/// the table that decided, or any copy of it, lives.
struct route_decision {
  /// The index value that stands for "no network" or "no rule".
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  route_outcome outcome = route_outcome::no_route; ///< what happened
  std::size_t network = none;                      ///< the chosen network; none unless routed
  std::string_view network_name;                   ///< its name; empty unless routed
  std::size_t matched_network = none;              ///< the network whose rule matched
  std::string_view matched_network_name;           ///< its name; empty on no_route
  std::size_t rule = none;      ///< index of the matching rule in that network's `rules`
  std::size_t bin_group = none; ///< a BIN table matched: the index of its group in bins()
  std::size_t bin_range = none; ///< and of the range in that group's table

  /// Returns true when a BIN table's range, rather than a rule, chose the network.
  bool by_bin_table() const noexcept { return bin_range != none; }

  /// Returns true when a network was chosen.
  bool is_routed() const noexcept { return outcome == route_outcome::routed; }

  /// Returns true when the request goes to a fallback of the network whose rule matched.
  bool used_fallback() const noexcept { return is_routed() && network != matched_network; }
};

/// The routing rules of every network of a node, compiled once into predicates, plus one
/// availability flag per network. Copies share the compiled rules and own their flags, so a
/// copy with new availability is cheap; a table is never changed after construction.
class routing_table {
public:
  /// Compiles the rules of `networks`; every network starts available. Fallbacks naming an
  /// unknown network, the network itself or a network of another protocol are ignored. Each
  /// group of `bins` acts as one rule at its priority, after the rules of equal priority: a
  /// range holding the card number picks its network (ranges naming a network not in
  /// `networks` match nothing).
  explicit routing_table(const std::vector<config::network_settings>& networks,
                         std::shared_ptr<const bin_tables> bins = nullptr);

  /// Routes a request with the rules of the iso8583 networks (conditions on fields) and the
  /// BIN tables: lower priority first, equal priorities in network then rule order and BIN
  /// tables after them, default rules last. Never allocates.
  route_decision route(const routable& r) const;

  /// Routes any message type message_view can read (an ISO 8583 message, say).
  template <class Message>
  requires(!std::is_base_of_v<routable, Message>) route_decision route(const Message& m)
  const { return route(message_view<Message>{m}); }

  /// Routes a JSON-RPC call with the method and default rules of the jsonrpc networks, in
  /// the same order as route(). Never allocates.
  route_decision route_method(std::string_view method) const;

  /// Routes to network `network` itself (a JSON-RPC call addressed by path): the network
  /// when available, else its first available fallback. Never allocates.
  route_decision route_to(std::size_t network) const;

  /// Returns a copy whose networks named in `changes` take the given availability; other
  /// networks keep theirs and unknown names are ignored.
  routing_table with_availability(const std::map<std::string, bool>& changes) const;

  /// Returns whether the network named `name` is available; false for an unknown name.
  bool is_available(std::string_view name) const;

  /// Returns the index of the network named `name`, or nothing.
  std::optional<std::size_t> find(std::string_view name) const;

  /// Returns the BIN tables routed with; null when there are none.
  const std::shared_ptr<const bin_tables>& bins() const noexcept;

  /// Returns the number of networks.
  std::size_t size() const noexcept;

  /// Returns the name of network `index` (which must be below size()).
  std::string_view name(std::size_t index) const;

  /// Returns the protocol of network `index` (which must be below size()).
  config::protocol_kind protocol(std::size_t index) const;

  /// Returns the text of rule `rule` of network `network`, e.g. "priority 10: bin
  /// 400000-499999 and mti 01??"; card numbers configured in field values are masked.
  const std::string& describe_rule(std::size_t network, std::size_t rule) const;

  /// Returns a one-line account of `decision` for logs and the admin shell: the matching
  /// rule and any fallback taken. It shows configured rules only, never a request's values.
  std::string explain(const route_decision& decision) const;

private:
  struct compiled;

  static void add_bin_rules(compiled& data);
  route_decision decide(std::size_t network, std::size_t rule) const;
  std::optional<route_decision> decide_by_table(std::size_t group, pan_key pan) const;
  std::string explain_match(const route_decision& decision) const;

  std::shared_ptr<const compiled> compiled_;
  std::vector<char> available_;
};

} // namespace switchyard::core
