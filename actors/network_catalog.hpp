#pragma once

#include "config/runtime_changes.hpp"
#include "config/settings.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace switchyard {

/// The networks a node knows now: those of its configuration file, changed at runtime by
/// operators (add, update, remove) and joined by those other members of the cluster host and
/// defined at runtime (learned from their cards). The router, the connector supervisor, the
/// health monitor and the relay read it; the admin actor and the router write it. Readers get
/// immutable snapshots, so any thread may read while a change is made.
class network_catalog {
public:
  using network_list = std::vector<config::network_settings>;

  /// A network defined at runtime on this node: its settings and the snippet they came from.
  using runtime_network = config::runtime_network_record;

  /// Starts from `settings` (the configuration file with the changes recorded in state_dir
  /// applied); `runtime` names the networks among them that were defined at runtime.
  network_catalog(std::shared_ptr<const config::gateway_settings> settings,
                  std::vector<runtime_network> runtime = {});

  /// Returns the networks now, in a stable order (this node's in the file's order, those
  /// added at runtime after them, then those learned), never null.
  std::shared_ptr<const network_list> networks() const;

  /// Returns the node's settings with the networks now (for validating a change, `config`).
  std::shared_ptr<const config::gateway_settings> effective() const;

  /// Returns the network called `name`, if known (null otherwise).
  std::shared_ptr<const config::network_settings> find(const std::string& name) const;

  /// Adds `network` or replaces the network of that name, as defined by `snippet` on this node.
  void put(config::network_settings network, std::string snippet);

  /// Removes the network called `name` (configured, runtime or learned); false if unknown.
  bool remove(const std::string& name);

  /// The runtime networks this node hosts as peers need them to route to it (its card's
  /// definitions): snippets without what only the hosting node uses (TLS material, probes,
  /// a dialect file, BIN files, the forward journal, transformations), so a peer on another
  /// machine can read them.
  std::vector<std::string> definitions() const;

  /// The networks `member` defines at runtime now (parsed from its card by the caller, each
  /// with `node` set to the member): replaces what was learned from it before. A name this
  /// node already knows otherwise is not taken over (returned in `ignored`). Returns false when
  /// nothing was or is learned from it (callers call it when the member's definitions changed).
  bool learn(const std::string& member, std::vector<config::network_settings> networks,
             std::vector<std::string>* ignored = nullptr);

  /// Returns the generation of the network called `name`: it changes whenever the network is
  /// put; 0 when no such network is known (removed).
  std::uint64_t generation(const std::string& name) const;

  /// Grows with every change (readers compare it to notice one).
  std::uint64_t version() const;

  /// Marks an operator's change of network `name` (add, update, remove) as under way here;
  /// false when one is already (two changes racing would validate against the same state and
  /// start two successors in turn). Whoever got true calls end_change.
  bool begin_change(const std::string& name);

  /// Ends the change of `name` begun with begin_change.
  void end_change(const std::string& name);

private:
  void rebuild_locked();

  mutable std::mutex mutex_;
  std::set<std::string> changing_; // networks with an operator's change under way

  // One of this node's own networks, in the order routing ties are broken by: configured
  // ones where the file has them (also once changed at runtime), added ones after them.
  struct own_network {
    config::network_settings settings;
    std::optional<std::string> snippet; ///< set when defined at runtime
  };

  std::shared_ptr<const config::gateway_settings> base_; ///< as started, networks included
  std::vector<own_network> own_;
  std::map<std::string, network_list> learned_; ///< by member
  std::shared_ptr<const network_list> snapshot_;
  std::shared_ptr<const config::gateway_settings> effective_;
  std::map<std::string, std::uint64_t> generations_;
  std::uint64_t version_ = 0;
};

} // namespace switchyard
