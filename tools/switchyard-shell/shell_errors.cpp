#include "tools/switchyard-shell/shell_errors.hpp"

#include "actors/io/errc.hpp"

#include "caf/atom.hpp"
#include "caf/message.hpp"
#include "caf/sec.hpp"

namespace switchyard::shell {

namespace {

// The text an admin actor attached to its error (a path, a reason), if any.
std::string context_text(const caf::error& err) {
  const auto& context = err.context();
  if (context.size() == 1 && context.match_element<std::string>(0))
    return context.get_as<std::string>(0);
  return {};
}

} // namespace

std::string describe(const caf::error& err, std::string_view endpoint, long timeout_s,
                     const std::string& fallback) {
  auto where = std::string{endpoint};
  if (err.category() == caf::atom("system")) {
    switch (static_cast<caf::sec>(err.code())) {
      case caf::sec::disconnect_during_handshake:
        return where
               + " closed the connection during the handshake: a node with [cluster.tls] takes "
                 "only shells presenting a certificate of its cluster CA (--tls-ca, --tls-cert, "
                 "--tls-key), and a node without it takes no TLS";
      case caf::sec::cannot_connect_to_node:
        return "cannot reach " + where
               + ": nothing accepts connections there (is the node running, and is this its "
                 "cluster port?)";
      case caf::sec::unexpected_actor_messaging_interface:
        return where
               + " is a CAF node, but what it publishes is not this version's Switchyard admin "
                 "actor";
      case caf::sec::request_timeout:
        return "the node at " + where + " did not answer within " + std::to_string(timeout_s)
               + " s";
      case caf::sec::request_receiver_down:
        return "the actor answering this is restarting; try again";
      default:
        return fallback;
    }
  }
  if (err.category() == caf::atom("switchyard")) {
    auto text = context_text(err);
    switch (static_cast<errc>(err.code())) {
      case errc::unknown_actor:
        return "no actor at '" + text + "' (status lists the paths)";
      default:
        return text.empty() ? to_string(static_cast<errc>(err.code())) : text;
    }
  }
  return fallback;
}

} // namespace switchyard::shell
