#include "tools/sim-jsonrpc/server.hpp"

#include "actors/io/tls_context.hpp"
#include "tools/common/accept_loop.hpp"
#include "tools/common/run_threads.hpp"
#include "tools/sim-jsonrpc/eth_encoding.hpp"
#include "tools/sim-jsonrpc/http_session.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>

#include <csignal>
#include <iostream>
#include <optional>
#include <random>

namespace switchyard::rpc_sim {

namespace {

using boost::beast::error_code;

std::string prefix(const provider_settings& s) {
  return "sim-jsonrpc[" + s.name + "]: ";
}

// The server certificate and key; null (and logged) when they cannot be loaded.
std::shared_ptr<asio::ssl::context> load_tls(const provider_settings& s) {
  config::tls_settings tls;
  tls.enabled = true;
  tls.cert = s.tls_cert;
  tls.key = s.tls_key;
  auto made = switchyard::make_server_tls(tls);
  if (!made.context)
    std::cerr << prefix(s) << "TLS setup: " << made.error << "\n";
  return made.context;
}

std::int64_t unix_now_ms() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
}

} // namespace

int run_server(const provider_settings& settings) {
  std::shared_ptr<asio::ssl::context> tls;
  if (!settings.tls_cert.empty() && !(tls = load_tls(settings)))
    return 2;
  provider_stats stats;
  const chain blocks{settings.chain_id, settings.start_block, settings.block_interval,
                     chain::clock::now(), unix_now_ms()};
  const provider answers{settings, blocks, stats};
  server_context ctx{settings, answers, tls.get(),
                     settings.seed ? *settings.seed : std::random_device{}()};
  asio::io_context ioc{settings.threads};
  auto acceptor = std::make_shared<tools::accept_loop<http_session, server_context>>(
    ioc, ctx, [&ctx](const std::string& what) { log_event(ctx, 0, what); });
  if (!acceptor->listen(settings.host, settings.port, prefix(settings)))
    return 1;
  std::cout << prefix(settings) << "listening on "
            << tools::describe_endpoint(acceptor->local_endpoint()) << " (chain "
            << to_quantity(settings.chain_id) << ", http+ws" << (tls ? ", tls" : "") << ")"
            << std::endl;
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait([&](error_code ec, int sig) {
    if (ec)
      return;
    log_event(ctx, 0, "stopping on signal " + std::to_string(sig));
    ioc.stop();
  });
  acceptor->run();
  tools::run_threads(ioc, settings.threads);
  std::cout << prefix(settings) << "stats " << to_string(stats) << std::endl;
  return 0;
}

} // namespace switchyard::rpc_sim
