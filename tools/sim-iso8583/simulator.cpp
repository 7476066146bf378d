#include "tools/sim-iso8583/simulator.hpp"

#include "actors/io/tls_context.hpp"
#include "protocols/iso8583/dialect_loader.hpp"
#include "tools/common/accept_loop.hpp"
#include "tools/common/run_threads.hpp"
#include "tools/sim-iso8583/session.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>

#include <csignal>
#include <iostream>
#include <optional>
#include <random>
#include <vector>

namespace switchyard::sim {

namespace {

using boost::beast::error_code;

std::string prefix(const sim_settings& s) {
  return "sim-iso8583[" + s.name + "]: ";
}

// Loads the server certificate, key and, for mutual TLS, the CA client certificates need.
std::shared_ptr<asio::ssl::context> make_server_tls(const sim_settings& s, std::string& error) {
  config::tls_settings tls;
  tls.enabled = true;
  tls.cert = s.tls_cert;
  tls.key = s.tls_key;
  tls.ca = s.tls_ca;
  tls.require_peer_cert = !s.tls_ca.empty();
  auto made = switchyard::make_server_tls(tls);
  error = "TLS setup: " + made.error;
  return made.context;
}

// Loads the dialect and the TLS files into `ctx` and `tls` and opens the ledger; false
// (logged) when one fails.
bool prepare(const sim_settings& settings, sim_context& ctx,
             std::shared_ptr<asio::ssl::context>& tls, std::unique_ptr<ledger_file>& ledger) {
  auto dialect = iso8583::resolve_dialect(settings.dialect);
  if (!dialect.ok()) {
    for (const auto& e : dialect.errors)
      std::cerr << prefix(settings) << iso8583::to_string(e) << "\n";
    return false;
  }
  std::string error;
  if (!settings.tls_cert.empty() && !(tls = make_server_tls(settings, error))) {
    std::cerr << prefix(settings) << error << "\n";
    return false;
  }
  if (!settings.ledger.empty() && !(ledger = ledger_file::open(settings.ledger, error))) {
    std::cerr << prefix(settings) << error << "\n";
    return false;
  }
  ctx.settings = settings;
  ctx.ledger = ledger.get();
  ctx.dialect = std::move(*dialect.value);
  ctx.tls = tls.get();
  ctx.seed = settings.seed ? *settings.seed : std::random_device{}();
  return true;
}

} // namespace

int run_simulator(const sim_settings& settings) {
  sim_context ctx;
  std::shared_ptr<asio::ssl::context> tls;
  std::unique_ptr<ledger_file> ledger;
  if (!prepare(settings, ctx, tls, ledger))
    return 2;
  asio::io_context ioc{settings.threads};
  auto acceptor = std::make_shared<tools::accept_loop<session, sim_context>>(
    ioc, ctx, [&settings](const std::string& what) { log_line(prefix(settings) + what); });
  if (!acceptor->listen(settings.host, settings.port, prefix(settings)))
    return 1;
  std::cout << prefix(settings) << "listening on "
            << tools::describe_endpoint(acceptor->local_endpoint()) << " (" << ctx.dialect.name
            << ", " << iso8583::to_string(settings.framing.kind) << (tls ? ", tls" : "")
            << (settings.tls_ca.empty() ? "" : ", client certificates") << ")" << std::endl;
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait([&](error_code ec, int sig) {
    if (ec)
      return;
    log_line(prefix(settings) + "stopping on signal " + std::to_string(sig));
    ioc.stop();
  });
  acceptor->run();
  tools::run_threads(ioc, settings.threads);
  std::cout << prefix(settings) << "stats " << to_string(ctx.stats) << std::endl;
  return 0;
}

} // namespace switchyard::sim
