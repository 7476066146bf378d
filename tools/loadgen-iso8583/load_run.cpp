#include "tools/loadgen-iso8583/load_run.hpp"

#include "actors/io/tls_context.hpp"
#include "protocols/iso8583/dialect_loader.hpp"
#include "tools/common/run_threads.hpp"
#include "tools/loadgen-iso8583/connection.hpp"
#include "tools/loadgen-iso8583/load_log.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>

#include <csignal>
#include <iostream>
#include <random>

namespace switchyard::loadgen {

namespace {

using boost::beast::error_code;

// Trusts the CA of --tls-ca and presents --tls-cert/--tls-key when given (mutual TLS).
std::shared_ptr<asio::ssl::context> make_client_tls(const loadgen_settings& s, std::string& error) {
  config::tls_settings tls;
  tls.enabled = true;
  tls.ca = s.tls_ca;
  tls.cert = s.tls_cert;
  tls.key = s.tls_key;
  auto made = switchyard::make_client_tls(tls);
  error = "TLS setup: " + made.error;
  return made.context;
}

// Loads the dialect and the TLS files into `ctx` and `tls` and opens the ledger; false
// (logged) when one fails.
bool prepare(const loadgen_settings& settings, load_context& ctx,
             std::shared_ptr<asio::ssl::context>& tls, std::unique_ptr<load_ledger>& ledger) {
  auto dialect = iso8583::resolve_dialect(settings.dialect);
  if (!dialect.ok()) {
    for (const auto& e : dialect.errors)
      log_line("loadgen-iso8583: " + iso8583::to_string(e));
    return false;
  }
  std::string error;
  if (!settings.tls_ca.empty() && !(tls = make_client_tls(settings, error))) {
    log_line("loadgen-iso8583: " + error);
    return false;
  }
  if (!settings.ledger.empty() && !(ledger = load_ledger::open(settings.ledger, error))) {
    log_line("loadgen-iso8583: " + error);
    return false;
  }
  ctx.settings = &settings;
  ctx.ledger = ledger.get();
  ctx.dialect = std::move(*dialect.value);
  ctx.tls = tls.get();
  ctx.seed = settings.seed ? *settings.seed : std::random_device{}();
  return true;
}

std::optional<asio::ip::tcp::endpoint> resolve_target(asio::io_context& ioc,
                                                      const loadgen_settings& s) {
  asio::ip::tcp::resolver resolver{ioc};
  error_code ec;
  const auto results = resolver.resolve(s.host, std::to_string(s.port), ec);
  if (ec || results.empty())
    return std::nullopt;
  return results.begin()->endpoint();
}

// Spreads --in-flight, --requests and --rate evenly; the first connections take remainders.
connection_plan plan_for(const loadgen_settings& s, std::uint32_t index) {
  connection_plan plan;
  plan.index = index;
  plan.in_flight = s.in_flight / s.connections + (index < s.in_flight % s.connections ? 1 : 0);
  if (s.requests > 0)
    plan.quota = s.requests / s.connections + (index < s.requests % s.connections ? 1 : 0);
  plan.rate = s.rate / s.connections;
  return plan;
}

load_summary summarize(const loadgen_settings& s, const std::vector<load_stats>& stats,
                       std::int64_t timeline_origin_unix_ms) {
  load_summary summary;
  summary.timeline_origin_unix_ms = timeline_origin_unix_ms;
  summary.connections = s.connections;
  summary.in_flight = s.in_flight;
  for (const auto& one : stats)
    summary.totals.merge(one);
  return summary;
}

} // namespace

int run_load(const loadgen_settings& settings) {
  load_context ctx;
  std::shared_ptr<asio::ssl::context> tls;
  std::unique_ptr<load_ledger> ledger;
  if (!prepare(settings, ctx, tls, ledger))
    return 2;
  asio::io_context ioc{settings.threads};
  const auto endpoint = resolve_target(ioc, settings);
  if (!endpoint) {
    log_line("loadgen-iso8583: cannot resolve " + settings.host);
    return 1;
  }
  ctx.endpoint = *endpoint;
  ctx.deadline = settings.duration.count() > 0
                   ? std::chrono::steady_clock::now() + settings.duration
                   : std::chrono::steady_clock::time_point::max();
  ctx.active = settings.connections;
  ctx.on_all_finished = [&ioc] {
    ioc.stop();
  };
  std::vector<load_stats> stats(settings.connections);
  // One origin for every connection's timeline, read from both clocks at once so that a
  // benchmark can place its own events (a kill) on it.
  const auto timeline_origin = std::chrono::steady_clock::now();
  const auto timeline_origin_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
  for (auto& one : stats)
    one.timeline.start(timeline_origin, settings.timeline);
  std::vector<std::shared_ptr<connection>> connections;
  for (std::uint32_t i = 0; i < settings.connections; ++i)
    connections.push_back(std::make_shared<connection>(ioc, ctx, plan_for(settings, i), stats[i]));
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait([&connections](error_code ec, int) {
    if (!ec)
      for (auto& c : connections)
        c->stop();
  });
  for (auto& c : connections)
    c->start();
  tools::run_threads(ioc, settings.threads);
  const auto summary = summarize(settings, stats, timeline_origin_unix_ms);
  std::cout << (settings.json ? format_json(summary) + "\n" : format_text(summary)) << std::flush;
  if (ledger && !ledger->flush()) {
    log_line("loadgen-iso8583: cannot write the ledger " + settings.ledger);
    return 1;
  }
  return exit_code(summary.totals);
}

} // namespace switchyard::loadgen
