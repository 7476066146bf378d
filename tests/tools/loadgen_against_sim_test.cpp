// Runs loadgen-iso8583 against sim-iso8583 as real processes on loopback.

#include "tests/tools/tool_processes.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::testing;

namespace {

std::uint64_t count_of(const run_result& r, const std::string& key) {
  const auto n = json_number(r.output, key);
  INFO(r.output);
  REQUIRE_MESSAGE(n.has_value(), "no \"" << key << "\" in the summary");
  return *n;
}

} // namespace

TEST_SUITE("loadgen against sim") {
  TEST_CASE("200 requests with 16 in flight are all approved and exit 0") {
    const auto sim = start_sim({"--seed", "1"});
    const auto r = run_loadgen(sim, {"--requests", "200", "--in-flight", "16"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r, "answered") == 200);
    CHECK(count_of(r, "00") == 200);
    CHECK(count_of(r, "unmatched") == 0);
  }

  TEST_CASE("amounts above the decline threshold are counted as 51") {
    const auto sim = start_sim({"--decline-above", "5000"});
    const auto r = run_loadgen(
      sim, {"--requests", "50", "--in-flight", "8", "--amount", "9000", "--connections", "2"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r, "51") == 50);
    CHECK(r.output.find("\"00\"") == std::string::npos);
  }

  TEST_CASE("dropped requests time out and make the exit code 1") {
    const auto sim = start_sim({"--drop-rate", "1"});
    const auto r
      = run_loadgen(sim, {"--requests", "10", "--in-flight", "5", "--timeout-ms", "200"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(count_of(r, "timeouts") == 10);
    CHECK(count_of(r, "answered") == 0);
  }

  TEST_CASE("answers delayed out of order are matched by STAN and terminal") {
    const auto sim = start_sim({"--latency-ms", "uniform:1:20", "--seed", "7", "--threads", "2"});
    const auto r = run_loadgen(sim, {"--requests", "300", "--in-flight", "64", "--connections", "4",
                                     "--bins", "4111111111111111,550000"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r, "answered") == 300);
    CHECK(count_of(r, "unmatched") == 0);
  }

  TEST_CASE("the error rate turns approvals into 96") {
    const auto sim = start_sim({"--error-rate", "1"});
    const auto r = run_loadgen(sim, {"--requests", "20", "--mti", "0100"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r, "96") == 20);
  }

  TEST_CASE("a connection closed by disconnect-after leaves requests unanswered") {
    const auto sim = start_sim({"--disconnect-after", "5"});
    const auto r = run_loadgen(sim, {"--requests", "20"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(count_of(r, "answered") == 5);
    CHECK(count_of(r, "unsent") + count_of(r, "lost") == 15);
  }

  TEST_CASE("a fixed rate spreads the requests over time") {
    const auto sim = start_sim({});
    const auto r = run_loadgen(sim, {"--requests", "100", "--rate", "500", "--in-flight", "10"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r, "answered") == 100);
    const auto elapsed = json_value(r.output, "elapsed_s");
    REQUIRE(elapsed);
    CHECK(*elapsed >= 0.18);
  }

  TEST_CASE("TLS works with the CA and mutual TLS refuses a client without a certificate") {
    temp_dir certs;
    REQUIRE(generate_certificates(certs));
    const auto& d = certs.path();
    const auto sim = start_sim(
      {"--tls-cert", d + "/server.pem", "--tls-key", d + "/server.key", "--tls-ca", d + "/ca.pem"});
    const auto with_cert
      = run_loadgen(sim, {"--requests", "50", "--in-flight", "4", "--tls-ca", d + "/ca.pem",
                          "--tls-cert", d + "/client.pem", "--tls-key", d + "/client.key"});
    INFO(with_cert.output);
    CHECK(with_cert.exit_code == 0);
    CHECK(count_of(with_cert, "00") == 50);
    const auto without_cert
      = run_loadgen(sim, {"--requests", "50", "--in-flight", "4", "--tls-ca", d + "/ca.pem"});
    INFO(without_cert.output);
    CHECK(without_cert.exit_code == 1);
    CHECK(count_of(without_cert, "answered") == 0);
  }

  TEST_CASE("TLS without client certificates needs only the CA") {
    temp_dir certs;
    REQUIRE(generate_certificates(certs));
    const auto& d = certs.path();
    const auto sim = start_sim({"--tls-cert", d + "/server.pem", "--tls-key", d + "/server.key"});
    const auto r = run_loadgen(sim, {"--requests", "50", "--in-flight", "4", "--tls-ca",
                                     d + "/ca.pem", "--framing", "len2"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r, "00") == 50);
  }

  TEST_CASE("usage errors exit 2") {
    CHECK(run(tool_path("loadgen-iso8583"), {"--connections", "2"}).exit_code == 2);
    CHECK(run(tool_path("loadgen-iso8583"), {"--target", "127.0.0.1:1", "--rate", "1", "--max"})
            .exit_code
          == 2);
    CHECK(run(tool_path("sim-iso8583"), {"--drop-rate", "2"}).exit_code == 2);
    CHECK(run(tool_path("sim-iso8583"), {"--dialect", "/nonexistent.toml"}).exit_code == 2);
  }

  TEST_CASE("an unreachable target fails the run with exit code 1") {
    running_sim nowhere;
    nowhere.endpoint = "127.0.0.1:1";
    const auto r = run_loadgen(nowhere, {"--requests", "5"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(count_of(r, "failed_connections") == 1);
    CHECK(count_of(r, "unsent") == 5);
  }
}
