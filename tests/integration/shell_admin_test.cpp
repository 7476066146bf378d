// The shell's admin commands against a real node: route-test explains a route without
// sending anything, set-status overrides the health checks (traffic moves to the fallback
// and back), shutdown stops the node in order. Errors name what was wrong, exit code 1.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

run_result shell_run(const gateway_process& gw, const std::vector<std::string>& command) {
  std::vector<std::string> args{"--connect", gw.admin};
  args.insert(args.end(), command.begin(), command.end());
  return run(bin_path("switchyard-shell"), args);
}

std::string requests_of(const gateway_process& gw, const std::string& network) {
  auto row = table_row(shell(gw, {"stats"}), {network});
  return row.size() > 2 ? row[2] : "missing";
}

// Waits up to `timeout` until `process` printed `count` lines holding `needle`.
bool printed(child_process& process, const std::string& needle, std::size_t count,
             std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::size_t seen = 0;
    for (auto at = process.output().find(needle); at != std::string::npos;
         at = process.output().find(needle, at + needle.size()))
      ++seen;
    if (seen >= count)
      return true;
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    process.wait_for_line("\x01never\x01", 100ms); // reads what came meanwhile
  }
}

} // namespace

TEST_CASE("route-test, set-status and shutdown from the shell") {
  auto visa = start_sim({"--name", "visa-sim"});
  auto backup = start_sim({"--name", "backup-sim"});
  auto gw = start_gateway(
    iso_node()
    + iso_network("visa", visa.port,
                  "fallbacks = [\"backup\"]\nrules = [{ bin_range = \"400000-499999\" }]")
    + iso_network("backup", backup.port, ""));
  iso_test_client acquirer{gw.iso_port};

  auto routed = shell_run(gw, {"route-test", "0200", "2=4111111111111111", "4=000000001000"});
  CHECK(routed.exit_code == 0);
  CHECK(routed.output.find("network \"visa\" rule #0 (") != std::string::npos);
  CHECK(routed.output.find("routed to \"visa\"") != std::string::npos);
  CHECK(routed.output.find("4111111111111111") == std::string::npos);
  auto unrouted = shell_run(gw, {"route-test", "0200", "2=5500000000000004"});
  CHECK(unrouted.output.find("answered 92") != std::string::npos);
  auto json = shell_run(gw, {"--json", "route-test", "0200", "2=4111111111111111"});
  CHECK(json.exit_code == 0);
  CHECK(json.output.find("\"command\":\"route-test\"") != std::string::npos);
  CHECK(json.output.find("routed to \\\"visa\\\"") != std::string::npos);
  auto wrong = shell_run(gw, {"route-test", "0200", "junk"});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.output.find("'junk' is neither an MTI") != std::string::npos);
  CHECK(requests_of(gw, "visa") == "0"); // a route test sends nothing

  acquirer.send(make_request("4111111111111111", 1000, "000001"));
  CHECK(code_of(acquirer.receive()) == "00");
  CHECK(requests_of(gw, "visa") == "1");

  auto down = shell_run(gw, {"set-status", "visa", "unhealthy"});
  CHECK(down.exit_code == 0);
  CHECK(down.output.find("visa is unhealthy until set-status visa auto") != std::string::npos);
  CHECK(table_row(shell(gw, {"networks"}), {"visa"}).at(3) == "unhealthy");
  CHECK(
    shell_run(gw, {"route-test", "0200", "2=4111111111111111"}).output.find("routed to \"backup\"")
    != std::string::npos);
  acquirer.send(make_request("4111111111111111", 1000, "000002"));
  CHECK(code_of(acquirer.receive()) == "00");
  CHECK(requests_of(gw, "backup") == "1");
  CHECK(requests_of(gw, "visa") == "1");

  auto back = shell_run(gw, {"set-status", "visa", "auto"});
  CHECK(back.exit_code == 0);
  CHECK(back.output.find("visa is healthy (the health monitor decides again)")
        != std::string::npos);
  acquirer.send(make_request("4111111111111111", 1000, "000003"));
  CHECK(code_of(acquirer.receive()) == "00");
  CHECK(requests_of(gw, "visa") == "2");

  auto unknown = shell_run(gw, {"set-status", "nope", "healthy"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.output.find("no network 'nope' on this node") != std::string::npos);
  auto bad_mode = shell_run(gw, {"set-status", "visa", "sometimes"});
  CHECK(bad_mode.exit_code == 1);
  CHECK(bad_mode.output.find("healthy, unhealthy or auto, not 'sometimes'") != std::string::npos);

  auto stop = shell_run(gw, {"shutdown"});
  CHECK(stop.exit_code == 0);
  CHECK(stop.output.find("node e2e stopping") != std::string::npos);
  CHECK(gw.process->wait(10s) == 0);
}

TEST_CASE("reset-breaker closes a host's breaker the recovery timeout would keep open") {
  // The issuer never answers: two timeouts open visa's breaker for ten minutes.
  auto silent = start_sim({"--name", "silent", "--drop-rate", "1.0"});
  auto gw = start_gateway(iso_node()
                          + iso_network("visa", silent.port,
                                        "timeout_ms = 200\nrules = [{ default = true }]\n"
                                        "[networks.circuit_breaker]\nfailure_threshold = 2\n"
                                        "recovery_timeout_ms = 600000"));
  iso_test_client acquirer{gw.iso_port};
  // An operator watching sees the breaker open, and close again on reset-breaker.
  child_process watcher{bin_path("switchyard-shell"), {"--connect", gw.admin, "watch"}};
  REQUIRE(watcher.wait_for_line("watching node e2e", 10s));
  for (int i = 1; i <= 3; ++i) {
    acquirer.send(make_request("4111111111111111", 1000, "00000" + std::to_string(i)));
    CHECK(code_of(acquirer.receive(3s)) != "(no answer)");
  }
  auto breaker_of = [&](const std::string& want) {
    auto out = shell_until(gw, {"pools"}, [&](const std::string& o) {
      auto row = table_row(o, {"visa"});
      return row.size() > 9 && row[9] == want;
    });
    auto row = table_row(out, {"visa"});
    return row.size() > 9 ? row[9] : "missing";
  };
  REQUIRE(breaker_of("open") == "open");
  auto host = "127.0.0.1:" + std::to_string(silent.port);
  auto wrong = shell_run(gw, {"reset-breaker", "visa", "127.0.0.1:1"});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.output.find("network visa has no host 127.0.0.1:1 (its hosts: " + host + ")")
        != std::string::npos);
  auto unknown = shell_run(gw, {"reset-breaker", "amex"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.output.find("no connector of network 'amex'") != std::string::npos);
  auto reset = shell_run(gw, {"reset-breaker", "visa", host});
  CHECK(reset.exit_code == 0);
  CHECK(reset.output.find("breaker closed on " + host + " of network visa") != std::string::npos);
  CHECK(breaker_of("closed") == "closed");
  CHECK(watcher.wait_for_line("node e2e: breaker opened on network visa host " + host, 5s));
  CHECK(watcher.wait_for_line("node e2e: breaker closed on network visa host " + host, 5s));
  watcher.signal(SIGINT);
  CHECK(watcher.wait(5s) == 0);
}

TEST_CASE("watch prints the node's events until Ctrl-C") {
  auto visa = start_sim({"--name", "visa-sim"});
  auto gw
    = start_gateway(iso_node() + iso_network("visa", visa.port, "rules = [{ default = true }]"));
  child_process watcher{bin_path("switchyard-shell"), {"--connect", gw.admin, "watch"}};
  REQUIRE(watcher.wait_for_line("watching node e2e", 10s));
  CHECK(shell_run(gw, {"set-status", "visa", "unhealthy"}).exit_code == 0);
  CHECK(watcher.wait_for_line("node e2e: network visa unhealthy (set-status unhealthy)", 5s));
  CHECK(shell_run(gw, {"set-status", "visa", "auto"}).exit_code == 0);
  CHECK(watcher.wait_for_line("node e2e: network visa healthy (set-status auto)", 5s));
  watcher.signal(SIGINT);
  CHECK(watcher.wait(5s) == 0);

  child_process json_watcher{bin_path("switchyard-shell"),
                             {"--connect", gw.admin, "--json", "watch"}};
  std::this_thread::sleep_for(500ms); // until its watch request is in
  CHECK(shell_run(gw, {"set-status", "visa", "unhealthy"}).exit_code == 0);
  CHECK(json_watcher.wait_for_line(
    "{\"event\":\"node e2e: network visa unhealthy (set-status unhealthy)\"}", 5s));
  gw.process->signal(SIGKILL);
  CHECK(json_watcher.wait(10s) == 1); // the node went away
}

TEST_CASE("stats and saf take a network, and saf NETWORK sends what it owes at once") {
  // The issuer never answers: a sale times out (68) and its reversal advice is repeated after
  // 1, 2, 4, 8 s ... (each after its 1 s wait for a 0430) unless an operator says the issuer
  // is back.
  auto silent = start_sim({"--name", "silent", "--drop-rate", "1.0", "--verbose"});
  auto gw = start_gateway(iso_node()
                          + iso_network("visa", silent.port,
                                        "timeout_ms = 200\nrules = [{ default = "
                                        "true }]\n[networks.circuit_breaker]\n"
                                        "failure_threshold = 1000"));
  iso_test_client acquirer{gw.iso_port};
  acquirer.send(make_request("4111111111111111", 1000, "000001"));
  REQUIRE(code_of(acquirer.receive(3s)) == "68");

  auto one = shell_run(gw, {"stats", "visa"});
  CHECK(one.exit_code == 0);
  CHECK(table_row(one.output, {"visa"}).size() > 2);
  auto none = shell_run(gw, {"stats", "amex"});
  CHECK(none.exit_code == 1);
  CHECK(none.output.find("no network 'amex' on this node (its networks: visa)")
        != std::string::npos);
  CHECK(shell_run(gw, {"stats", "visa", "amex"}).exit_code == 2);

  // The 0420 and three 0421s went out; the next repeat would wait 8 s more.
  REQUIRE(printed(*silent.process, "request 0421", 3, 15s));
  std::this_thread::sleep_for(1300ms); // the repeat timed out: the advice waits again
  auto retried = shell_run(gw, {"saf", "visa"});
  INFO(retried.output);
  CHECK(retried.exit_code == 0);
  CHECK(retried.output.find("network visa: 1 owed advice(s) sent again now") != std::string::npos);
  CHECK(retried.output.find("visa: 1 reversal advice(s) owed") != std::string::npos);
  CHECK(retried.output.find("4111111111111111") == std::string::npos); // masked
  CHECK(printed(*silent.process, "request 0421", 4, 3s));

  auto json = shell_run(gw, {"--json", "saf", "visa"});
  CHECK(json.exit_code == 0);
  CHECK(json.output.find("\"command\":\"saf\"") != std::string::npos);
  CHECK(json.output.find("\"saf\":[{\"network\":\"visa\"") != std::string::npos);
  auto unknown = shell_run(gw, {"saf", "amex"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.output.find("no connector of network 'amex'") != std::string::npos);
}
