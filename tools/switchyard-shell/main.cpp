// switchyard-shell: sends admin requests to a running node over CAF's middleman, one command
// from the command line or many from a prompt.

#include "actors/type_registry.hpp"
#include "tools/switchyard-shell/commands.hpp"
#include "tools/switchyard-shell/interactive.hpp"
#include "tools/switchyard-shell/node_link.hpp"
#include "tools/switchyard-shell/options.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"
#include "caf/openssl/manager.hpp"

#include <cstdlib>
#include <iostream>

using namespace switchyard;
using namespace switchyard::shell;

namespace {

int run(caf::actor_system& sys, const options& opts, bool& stuck) {
  node_link link{sys, *opts.target, opts.timeout_s, opts.tls.has_value()};
  int rc = 0;
  if (!opts.one_shot) {
    rc = run_interactive(link, opts);
  } else if (auto why = link.ensure()) {
    fail(*why);
    rc = 1;
  } else {
    rc = run_command(link, opts, opts.command);
    if (rc == 2)
      std::cerr << tools::render_usage(shell_manual());
  }
  stuck = link.has_stuck_handshake();
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  auto opts = parse_options(argc, argv);
  if (!opts)
    return 2;
  if (!opts->command.empty() && opts->command[0] == "help")
    return tools::print_manual(shell_manual());
  if (!opts->target)
    return tools::usage_error(
      shell_manual(),
      "--connect HOST:PORT is missing (the node's log says \"admin on HOST:PORT\")");
  if (opts->one_shot && opts->command.empty())
    return tools::usage_error(shell_manual(), "no command given");
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", std::size_t{1});
  cfg.load<caf::io::middleman>();
  if (opts->tls) {
    cfg.set("openssl.cafile", opts->tls->ca);
    cfg.set("openssl.certificate", opts->tls->cert);
    cfg.set("openssl.key", opts->tls->key);
    cfg.load<caf::openssl::manager>();
  }
  add_message_types(cfg);
  caf::actor_system sys{cfg};
  bool stuck = false;
  auto rc = run(sys, *opts, stuck);
  if (stuck) {
    // The handshake thread cannot be interrupted, so the actor system cannot shut down.
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(rc);
  }
  return rc;
}
