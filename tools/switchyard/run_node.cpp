#include "tools/switchyard/run_node.hpp"

#include "actors/io/admin_http.hpp"
#include "actors/io/io_runtime.hpp"
#include "actors/io/journal_cipher.hpp"
#include "actors/io/log.hpp"
#include "actors/io/port_directory.hpp"
#include "actors/io/relay_hub.hpp"
#include "actors/io/route_board.hpp"
#include "actors/io/state_dir_lock.hpp"
#include "actors/network_catalog.hpp"
#include "actors/network_change.hpp"
#include "actors/node.hpp"
#include "actors/type_registry.hpp"
#include "config/loader.hpp"
#include "config/runtime_changes.hpp"
#include "core/bin_tables.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"
#include "caf/openssl/manager.hpp"

#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

namespace switchyard {

namespace {

void configure_actor_system(caf::actor_system_config& cfg, const config::gateway_settings& s) {
  cfg.set("scheduler.max-threads", static_cast<std::size_t>(s.node.scheduler_threads));
  // One shared queue suits a node whose workers mostly wait for I/O hand-overs: fewer
  // idle workers spinning and sleeping than with work stealing (tools/bench-iso8583).
  cfg.set("scheduler.policy", caf::atom_from_string(s.node.scheduler_policy));
  cfg.set("middleman.heartbeat-interval",
          caf::timespan{std::chrono::milliseconds(s.cluster.heartbeat_interval_ms)});
  cfg.set("middleman.connection-timeout",
          caf::timespan{std::chrono::milliseconds(s.cluster.connection_timeout_ms)});
  cfg.load<caf::io::middleman>();
  if (s.cluster.tls.enabled) {
    cfg.set("openssl.certificate", s.cluster.tls.cert);
    cfg.set("openssl.key", s.cluster.tls.key);
    cfg.set("openssl.cafile", s.cluster.tls.ca);
    cfg.load<caf::openssl::manager>();
  }
  add_message_types(cfg);
  add_network_change_type(cfg); // members carry out changes here by remote spawn
}

// Turns SIGINT/SIGTERM into an orderly stop of the node supervisor, and SIGHUP into reopening
// the log file (logrotate renames it, then signals). The signals are blocked in every thread
// (CAF's threads inherit the mask) and taken here with sigwait.
class signal_watch {
public:
  explicit signal_watch(caf::actor node) : thread_([this, node] { watch(node); }) {}

  ~signal_watch() {
    done_ = true;
    thread_.join();
  }

private:
  void watch(const caf::actor& node) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    timespec tick{0, 100'000'000};
    while (!done_) {
      int sig = sigtimedwait(&set, nullptr, &tick);
      if (sig == SIGHUP) {
        auto err = reopen_log();
        log(err.empty() ? log_level::info : log_level::error, "node",
            err.empty() ? "SIGHUP: log file reopened" : "SIGHUP: " + err);
      } else if (sig == SIGINT || sig == SIGTERM) {
        log(log_level::info, "node", sig == SIGINT ? "SIGINT: stopping" : "SIGTERM: stopping");
        caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
        return;
      }
    }
  }

  std::atomic<bool> done_{false};
  std::thread thread_;
};

void block_handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// The one line an operator gets when the node does not start: key, port or path, and why.
int cannot_start(const std::string& why) {
  std::cerr << "switchyard: cannot start: " << why << std::endl;
  return 1;
}

// Reads the BIN tables the configuration names: a node never starts on a table it cannot use.
std::shared_ptr<const core::bin_tables> load_bins(const config::gateway_settings& settings) {
  auto began = std::chrono::steady_clock::now();
  auto loaded = core::load_bin_tables(settings);
  for (const auto& e : loaded.errors)
    std::cerr << config::to_string(e) << "\n";
  if (!loaded.errors.empty()) {
    std::cerr << "switchyard: cannot start: " << loaded.errors.size() << " error(s) in BIN tables"
              << std::endl;
    return nullptr;
  }
  if (loaded.files > 0) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                    - began)
                .count();
    log(log_level::info, "node",
        "BIN tables: " + std::to_string(loaded.ranges) + " ranges from "
          + std::to_string(loaded.files) + " file(s) in " + std::to_string(ms) + " ms ("
          + std::to_string(core::memory_bytes(*loaded.tables) / 1024) + " KiB)");
  }
  return loaded.tables;
}

int run_loaded(std::shared_ptr<const config::gateway_settings> settings,
               std::shared_ptr<const core::bin_tables> bins) {
  // Taken before anything opens a journal, and held until every actor is gone.
  std::unique_ptr<state_dir_lock> state_lock;
  if (!settings->node.state_dir.empty()) {
    auto taken = state_dir_lock::take(settings->node.state_dir);
    if (!taken.lock)
      return cannot_start(taken.error);
    state_lock = std::move(taken.lock);
  }
  // Networks added, updated and removed at runtime, as recorded in state_dir.
  auto changes = config::apply_runtime_changes(*settings, settings->node.state_dir);
  if (!changes.errors.empty()) {
    for (const auto& e : changes.errors)
      std::cerr << config::to_string(e) << "\n";
    return cannot_start("the network changes recorded in "
                        + config::runtime_changes_dir(settings->node.state_dir)
                        + " do not apply to this configuration (fix or remove them)");
  }
  if (!changes.networks.empty() || !changes.removed.empty()) {
    log(log_level::info, "node",
        std::to_string(changes.networks.size() + changes.removed.size())
          + " network change(s) made at runtime applied from "
          + config::runtime_changes_dir(settings->node.state_dir));
    settings = std::make_shared<const config::gateway_settings>(std::move(changes.settings));
  }
  // Declared before the actor system so the I/O threads outlive every actor.
  io_runtime io{settings->node.io_threads};
  caf::actor_system_config cfg;
  configure_actor_system(cfg, *settings);
  caf::actor_system sys{cfg};
  node_context ctx{settings, &io.context(), std::make_shared<route_board>(),
                   std::make_shared<port_directory>()};
  ctx.relays = std::make_shared<relay_hub>(io.context());
  ctx.catalog = std::make_shared<network_catalog>(settings, std::move(changes.networks));
  ctx.bins = std::move(bins);
  if (!settings->node.state_key_file.empty()) {
    auto key = journal_cipher::load(settings->node.state_key_file);
    if (!key.cipher) {
      log(log_level::error, "node", "node.state_key_file: " + key.error);
      return 1;
    }
    ctx.state_cipher = std::make_shared<const journal_cipher>(std::move(*key.cipher));
  } else if (!settings->node.state_dir.empty()) {
    log(log_level::warn, "node",
        "reversal journals in " + settings->node.state_dir
          + " hold card data in clear: set node.state_key_file to encrypt them (PCI DSS 3.4)");
  }
  // The admin HTTP endpoint answers from the start ("starting" until the observer's first
  // pages) and is stopped before the actor system and the I/O threads go.
  std::unique_ptr<admin_http_server> admin_http;
  if (const auto& web = settings->admin_http; web.enabled) {
    ctx.admin_pages = std::make_shared<admin_page_board>();
    std::string error;
    admin_http
      = admin_http_server::start(io.context(), web.address, web.port, ctx.admin_pages, error);
    if (!admin_http) {
      log(log_level::error, "node", "admin_http: " + error);
      return 1;
    }
    std::cout << "switchyard: admin http on " << web.address << ":" << admin_http->port()
              << " (/ /metrics /status /healthz /readyz)" << std::endl;
  }
  auto started = start_node(sys, ctx);
  if (!started.node)
    return cannot_start(started.error);
  auto node = std::move(started.node);
  const auto& n = settings->node;
  std::cout << "switchyard: node " << n.name << " running; admin on " << n.cluster_address << ":"
            << node->cluster_port << " (switchyard-shell --connect " << n.cluster_address << ":"
            << node->cluster_port << " status)" << std::endl;
  caf::scoped_actor self{sys};
  self->monitor(node->supervisor);
  caf::error reason;
  {
    signal_watch signals{node->supervisor};
    self->receive([&](caf::down_msg& dm) { reason = std::move(dm.reason); });
  }
  if (reason == caf::exit_reason::user_shutdown) {
    log(log_level::info, "node", "stopped");
    return 0;
  }
  log(log_level::error, "node", "supervision tree failed: " + sys.render(reason));
  return 1;
}

} // namespace

int run_node(const node_options& options) {
  auto loaded = config::load_file(options.config_file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors)
      std::cerr << config::to_string(e) << "\n";
    std::cerr << options.config_file << ": " << loaded.errors.size() << " error(s)\n";
    return 1;
  }
  auto settings = std::make_shared<config::gateway_settings>(std::move(*loaded.settings));
  if (options.cluster_port)
    settings->node.cluster_port = *options.cluster_port;
  // A node that cannot write its configured log would run with no record of what it does.
  if (auto err = configure_log(settings->logging); !err.empty()) {
    std::cerr << "switchyard: logging.file: " << err << "\n";
    return 1;
  }
  auto bins = load_bins(*settings);
  if (!bins)
    return 1;
  block_handled_signals();
  // A file-size limit must make a journal write fail (and be handled), not kill the node.
  std::signal(SIGXFSZ, SIG_IGN);
  return run_loaded(std::move(settings), std::move(bins));
}

} // namespace switchyard
