// Networks added, updated and removed at runtime, between real node processes: the shell on
// node A adds networks on node C (ISO 8583 and JSON-RPC), A routes to them, survives C's
// kill -9 by failing over, and C comes back with them from its state_dir; and a network
// updated and then removed under load from the load generator leaves no request unanswered
// and no reversal lost (the issuer's and the acquirer's ledgers, judged by
// chaos-ledger-check); a JSON-RPC network updated and removed under calls on keep-alive
// connections answers every call with a result.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

namespace fs = std::filesystem;

// A folder for state and snippets, removed at the end.
struct work_dir {
  fs::path path;

  work_dir() {
    std::string pattern = (fs::temp_directory_path() / "switchyard-runtime-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }

  ~work_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }

  std::string write(const std::string& name, const std::string& text) const {
    auto file = (path / name).string();
    std::ofstream{file} << text;
    return file;
  }
};

std::string requests_of(const gateway_process& gw, const std::string& network) {
  auto row = table_row(shell(gw, {"stats"}), {network});
  return row.size() > 2 ? row[2] : "missing";
}

// Waits until `network`'s row on `gw` reads `state` (up, down, or missing: no row).
std::string network_state(const gateway_process& gw, const std::string& network,
                          const std::string& state, int attempts = 100) {
  auto read = [&](const std::string& out) {
    auto row = table_row(out, {network});
    return row.size() > 2 ? row[2] : std::string{"missing"};
  };
  return read(shell_until(
    gw, {"networks"}, [&](const std::string& o) { return read(o) == state; }, attempts));
}

std::string sale_code(iso_test_client& client, const std::string& pan, int n) {
  auto stan = std::to_string(n % 1000000);
  client.send(make_request(pan, 1000, std::string(6 - stan.size(), '0') + stan));
  return code_of(client.receive(3s));
}

constexpr const char* amex_pan = "371449635398431";

// eth_blockNumber calls, one at a time on each of `connections` keep-alive connections, until
// finish(): what each got, a result, an error object, or nothing (then a new connection).
class rpc_load {
public:
  rpc_load(std::uint16_t port, int connections) {
    for (int c = 0; c < connections; ++c)
      threads_.emplace_back([this, port, c] { run(port, c); });
  }

  ~rpc_load() { finish(); }

  void finish() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable())
        t.join();
  }

  std::uint64_t results() const { return results_; }

  std::uint64_t errors() const { return errors_; }

  std::uint64_t unanswered() const { return unanswered_; }

  std::string samples() {
    std::lock_guard guard{mutex_};
    return samples_;
  }

private:
  void note(const std::string& what) {
    std::lock_guard guard{mutex_};
    if (samples_.size() < 2000)
      samples_.append(what).append("\n");
  }

  void run(std::uint16_t port, int c) {
    std::unique_ptr<rpc_test_client> client;
    for (std::uint64_t n = 0; !stop_; ++n) {
      if (!client)
        client = std::make_unique<rpc_test_client>(port);
      auto id = std::to_string(c * 10000000 + n);
      auto answer = client->post(rpc_call("eth_blockNumber", id), "/", 5s);
      if (!answer || answer->status != 200) {
        ++unanswered_;
        note("call " + id + ": " + (answer ? "HTTP " + std::to_string(answer->status) : "none"));
        client.reset();
        continue;
      }
      auto value = parse_json(answer->body);
      const auto* object = value.if_object();
      const auto* got = object ? object->if_contains("id") : nullptr;
      if (got == nullptr || boost::json::serialize(*got) != id) {
        ++unanswered_;
        note("call " + id + " got " + answer->body);
      } else if (object->contains("result")) {
        ++results_;
      } else {
        ++errors_;
        note("call " + id + " got " + answer->body);
      }
    }
  }

  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> results_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> unanswered_{0};
  std::mutex mutex_;
  std::string samples_;
  std::vector<std::thread> threads_;
};

struct cluster_of_three {
  sim_process amex = start_sim({"--name", "amex-sim", "--latency-ms", "150"});
  sim_process backup = start_sim({"--name", "backup-sim"});
  sim_process eth = start_sim_jsonrpc({"--chain-id", "12", "--name", "eth-sim"});
  std::uint16_t pa = unused_port();
  std::uint16_t pb = unused_port();
  std::uint16_t pc = unused_port();
  work_dir dir;

  // Every node knows "backup" (hosted on a, takes whatever no other rule takes) and nothing
  // else: amex and eth come at runtime.
  std::string node(const std::string& name, std::uint16_t port) const {
    return "[node]\nname = \"" + name + "\"\ncluster_port = " + std::to_string(port)
           + "\nstate_dir = \"" + (dir.path / ("state-" + name)).string()
           + "\"\n\n[cluster]\nseeds = [\"127.0.0.1:" + std::to_string(pa)
           + "\"]\nheartbeat_interval_ms = 200\nconnection_timeout_ms = 1000\n\n"
             "[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n\n"
             "[[listeners]]\nname = \"rpc\"\nprotocol = \"jsonrpc\"\nport = 0\n"
           + iso_network("backup", backup.port,
                         "node = \"a\"\nrules = [{ default = true, priority = 900 }]");
  }

  std::string amex_snippet() const {
    return iso_network("amex", amex.port,
                       "fallbacks = [\"backup\"]\n"
                       "rules = [{ bin_range = \"370000-379999\", priority = 10 }]");
  }

  std::string eth_snippet() const {
    return jsonrpc_network("eth", {eth.port}, "rules = [{ method = \"eth_*\" }]");
  }
};

} // namespace

TEST_CASE("the shell on one node adds networks on another that routes to them and keeps "
          "them across a kill -9") {
  cluster_of_three up;
  auto c = start_gateway(up.node("c", up.pc));
  auto b = start_gateway(up.node("b", up.pb));
  auto a = start_gateway(up.node("a", up.pa));
  REQUIRE(network_state(a, "backup", "up") == "up");
  auto members_up = [](const std::string& out) {
    auto row_b = table_row(out, {"b"});
    auto row_c = table_row(out, {"c"});
    return row_b.size() > 2 && row_b[2] == "up" && row_c.size() > 2 && row_c[2] == "up";
  };
  REQUIRE(members_up(shell_until(a, {"nodes"}, members_up, 150)));
  iso_test_client acquirer{a.iso_port};
  rpc_test_client client{a.port_of("rpc")};

  // Before: amex cards go to the default network, eth calls have no route.
  REQUIRE(sale_code(acquirer, amex_pan, 1) == "00");
  CHECK(requests_of(a, "backup") == "1");
  auto none = client.post(rpc_call("eth_chainId", "1"));
  REQUIRE(none.has_value());
  CHECK(none->body.find("-32601") != std::string::npos);

  SUBCASE("a snippet with a mistake is refused with its line and key, and nothing changes") {
    auto bad = up.dir.write("bad.toml", "[[networks]]\nname = \"amex\"\nprotocol = \"iso8583\"\n"
                                        "hosts = [{ address = \"127.0.0.1\", port = 70000 }]\n");
    auto out = shell(a, {"add-network", bad, "--node", "c"});
    INFO(out);
    CHECK(out.find("the snippet:4") != std::string::npos);
    CHECK(out.find("port") != std::string::npos);
    CHECK(network_state(a, "amex", "missing", 1) == "missing");
    CHECK(network_state(c, "amex", "missing", 1) == "missing");
    auto unknown = shell(
      a, {"add-network", up.dir.write("amex.toml", up.amex_snippet()), "--node", "nowhere"});
    CHECK(unknown.find("node 'nowhere' is not a member up now") != std::string::npos);
  }

  SUBCASE("added on c from a's shell, routed from a and b, failed over and back after kill -9") {
    auto added
      = shell(a, {"add-network", up.dir.write("amex.toml", up.amex_snippet()), "--node", "c"});
    INFO(added);
    CHECK(added.find("network amex added on node c") != std::string::npos);
    auto eth_added
      = shell(a, {"add-network", up.dir.write("eth.toml", up.eth_snippet()), "--node", "c"});
    CHECK(eth_added.find("network eth added on node c") != std::string::npos);
    // Hosted on c (its connector), learned by a and b (routes through c).
    REQUIRE(network_state(a, "amex", "up") == "up");
    REQUIRE(network_state(a, "eth", "up") == "up");
    CHECK_FALSE(table_row(shell(c, {"stats"}), {"amex"}).empty());
    CHECK(table_row(shell(a, {"stats"}), {"amex"}).empty());
    CHECK(shell(c, {"config"}).find("name = \"amex\"") != std::string::npos);
    CHECK(shell(a, {"config"}).find("amex on node c") != std::string::npos);

    REQUIRE(sale_code(acquirer, amex_pan, 2) == "00");
    CHECK(requests_of(c, "amex") == "1");
    CHECK(requests_of(a, "backup") == "1");
    auto answer = client.post(rpc_call("eth_chainId", "2"));
    REQUIRE(answer.has_value());
    CHECK(answer->body.find("\"result\":\"0xc\"") != std::string::npos);
    REQUIRE(network_state(b, "amex", "up") == "up");
    iso_test_client via_b{b.iso_port};
    REQUIRE(sale_code(via_b, amex_pan, 3) == "00");
    CHECK(requests_of(c, "amex") == "2");

    // kill -9 of c: what was in flight is answered at once, then amex's fallback takes over.
    for (int i = 0; i < 4; ++i)
      acquirer.send(make_request(amex_pan, 1000, "00070" + std::to_string(i)));
    std::this_thread::sleep_for(50ms);
    c.process->signal(SIGKILL);
    auto killed = std::chrono::steady_clock::now();
    for (int i = 0; i < 4; ++i)
      CHECK(code_of(acquirer.receive(2s)) == "91");
    auto run = send_until_failed_over(
      killed, 4s, [&](int n) { return sale_code(acquirer, amex_pan, 100 + n); },
      [&] { return std::stoi(requests_of(a, "backup")) > 1; });
    CHECK(run.answered == run.sent);
    REQUIRE(run.failed_over.has_value());
    MESSAGE("failed over after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(*run.failed_over).count()
            << " ms");
    CHECK(*run.failed_over < 2s);
    auto gone = client.post(rpc_call("eth_chainId", "3"));
    REQUIRE(gone.has_value());
    CHECK(gone->body.find("\"error\"") != std::string::npos);

    // c restarts on its unchanged file: its state_dir brings amex and eth back.
    c = start_gateway(up.node("c", up.pc));
    REQUIRE(network_state(a, "amex", "up") == "up");
    REQUIRE(sale_code(acquirer, amex_pan, 900) == "00");
    CHECK(requests_of(c, "amex") == "1");
    auto back = client.post(rpc_call("eth_chainId", "4"));
    REQUIRE(back.has_value());
    CHECK(back->body.find("\"result\":\"0xc\"") != std::string::npos);

    // Removed from a's shell (handed to c): routes withdrawn everywhere.
    auto removed = shell(a, {"remove-network", "amex"}, 120s);
    CHECK(removed.find("network amex removed from node c") != std::string::npos);
    CHECK(network_state(a, "amex", "missing") == "missing");
    CHECK(network_state(c, "amex", "missing") == "missing");
    auto before = std::stoi(requests_of(a, "backup"));
    REQUIRE(sale_code(acquirer, amex_pan, 901) == "00");
    CHECK(std::stoi(requests_of(a, "backup")) == before + 1);
  }
}

TEST_CASE("a network updated and then removed under load answers every request and sends "
          "every reversal owed") {
  work_dir dir;
  auto issuer_ledger = (dir.path / "issuer.ledger").string();
  auto acquirer_ledger = (dir.path / "acquirer.ledger").string();
  // A quarter of the answers come after the gateway's 300 ms timeout and 2 % never come:
  // the gateway answers 68 and owes a reversal for each, across the changes.
  auto sim = start_sim({"--name", "issuer", "--latency-ms", "uniform:1:367", "--drop-rate", "0.02",
                        "--advice-error-rate", "0.1", "--ledger", issuer_ledger});
  auto network = [&](const std::string& name, const std::string& extra) {
    return iso_network(name, sim.port, "timeout_ms = 300\n" + extra)
           + "\n[networks.circuit_breaker]\nfailure_threshold = 1000000\nfailure_rate = 1.0\n"
             "window_size = 100\nminimum_requests = 100\n";
  };
  auto gw = start_gateway("[node]\nname = \"load\"\ncluster_port = 0\nstate_dir = \""
                          + (dir.path / "state").string()
                          + "\"\n\n[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n"
                            "max_in_flight_per_connection = 4096\n"
                          + network("visa", "fallbacks = [\"backup\"]\n"
                                            "rules = [{ bin_range = \"400000-499999\", "
                                            "priority = 10 }]")
                          + network("backup", "rules = [{ default = true }]"));
  REQUIRE(network_state(gw, "visa", "up") == "up");
  child_process load{bin_path("loadgen-iso8583"),
                     {"--target", "127.0.0.1:" + std::to_string(gw.iso_port), "--connections", "2",
                      "--in-flight", "16", "--max", "--duration", "9", "--timeout-ms", "2000",
                      "--amount", "100:120000", "--ledger", acquirer_ledger}};
  std::this_thread::sleep_for(2s);
  // The same network with three connections instead of two.
  auto visa_snippet = network("visa", "fallbacks = [\"backup\"]\n"
                                      "rules = [{ bin_range = \"400000-499999\", priority = 10 }]");
  visa_snippet.replace(visa_snippet.find("pool_size = 2"), 13, "pool_size = 3");
  auto updated = dir.write("visa.toml", visa_snippet);
  auto out = shell(gw, {"update-network", "visa", updated}, 120s);
  INFO(out);
  CHECK(out.find("network visa updated on node load") != std::string::npos);
  std::this_thread::sleep_for(2s);
  // The updated connector serves: its pool has three connections now.
  auto pools = shell_until(gw, {"pools"}, [](const std::string& o) {
    auto row = table_row(o, {"visa"});
    return row.size() > 2 && row[2] == "3";
  });
  auto visa_pool = table_row(pools, {"visa"});
  REQUIRE(visa_pool.size() > 2);
  CHECK(visa_pool[2] == "3");
  // Removing waits for what visa has in flight and owes (reversals the issuer answers 96 are
  // repeated with backoff).
  out = shell(gw, {"remove-network", "visa"}, 120s);
  CHECK(out.find("network visa removed from node load") != std::string::npos);
  MESSAGE(out);
  CHECK(network_state(gw, "visa", "missing") == "missing");
  auto status = load.wait(30s);
  REQUIRE(status.has_value());
  MESSAGE(load.output());
  CHECK(*status == 0); // every request answered (68, 91 and 00 are answers)
  // What backup still owes is sent; then the ledgers must agree.
  auto settled = shell_until(
    gw, {"saf"},
    [](const std::string& o) {
      auto row = table_row(o, {"backup:"});
      return row.size() > 1 && row[1] == "0";
    },
    600);
  MESSAGE(settled);
  gw.process->signal(SIGTERM);
  gw.process->wait(15s);
  sim.process->signal(SIGTERM);
  sim.process->wait(10s);
  auto check = run(bin_path("chaos-ledger-check"), {"--issuer", issuer_ledger, acquirer_ledger});
  MESSAGE(check.output);
  CHECK(check.exit_code == 0);
}

TEST_CASE("a JSON-RPC network updated and then removed under calls answers every call") {
  work_dir dir;
  // Calls take up to 30 ms upstream, so some are in flight whenever a change comes.
  auto eth = start_sim_jsonrpc({"--name", "eth-sim", "--latency-ms", "uniform:1:30"});
  auto eth2 = start_sim_jsonrpc({"--name", "eth-sim-2", "--latency-ms", "uniform:1:30"});
  auto backup = start_sim_jsonrpc({"--name", "backup-sim"});
  auto eth_network = [&](const std::vector<std::uint16_t>& ports) {
    return jsonrpc_network(
      "eth", ports, "fallbacks = [\"backup\"]\nrules = [{ method = \"eth_*\", priority = 10 }]");
  };
  auto gw = start_gateway(
    "[node]\nname = \"load\"\ncluster_port = 0\nstate_dir = \"" + (dir.path / "state").string()
    + "\"\n\n[[listeners]]\nname = \"rpc\"\nprotocol = \"jsonrpc\"\nport = 0\n"
    + eth_network({eth.port})
    + jsonrpc_network("backup", {backup.port}, "rules = [{ default = true, priority = 900 }]"));
  REQUIRE(network_state(gw, "eth", "up") == "up");
  rpc_load load{gw.port_of("rpc"), 4};
  std::this_thread::sleep_for(1500ms);

  // Updated: a second provider. The new connector takes the calls that come from now on.
  auto out = shell(
    gw, {"update-network", "eth", dir.write("eth.toml", eth_network({eth.port, eth2.port}))}, 60s);
  INFO(out);
  CHECK(out.find("network eth updated on node load") != std::string::npos);
  auto second = "127.0.0.1:" + std::to_string(eth2.port);
  // The new provider's connections are open (OPEN, the fifth column).
  auto open_to_second = [&](const std::string& o) {
    auto row = table_row(o, {"eth", second});
    return row.size() > 4 && row[4] != "0";
  };
  CHECK(open_to_second(shell_until(gw, {"pools"}, open_to_second)));
  std::this_thread::sleep_for(1500ms);
  auto before_removal = load.results();

  // Removed: its calls go to the fallback once the routes are withdrawn.
  out = shell(gw, {"remove-network", "eth"}, 60s);
  CHECK(out.find("network eth removed from node load") != std::string::npos);
  CHECK(network_state(gw, "eth", "missing") == "missing");
  auto backup_before = std::stoull(requests_of(gw, "backup"));
  std::this_thread::sleep_for(1500ms);
  load.finish();
  MESSAGE(load.results() << " results, " << load.errors() << " errors, " << load.unanswered()
                         << " unanswered");
  INFO(load.samples());
  CHECK(load.unanswered() == 0);
  CHECK(load.errors() == 0);
  CHECK(before_removal > 100);
  CHECK(load.results() > before_removal);
  CHECK(std::stoull(requests_of(gw, "backup")) > backup_before);
}
