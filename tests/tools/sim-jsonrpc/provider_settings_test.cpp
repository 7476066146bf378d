#include "tools/sim-jsonrpc/provider_settings.hpp"

#include <doctest/doctest.h>

using namespace switchyard::rpc_sim;

TEST_SUITE("sim-jsonrpc settings") {
  TEST_CASE("an empty sim-jsonrpc command line gives the defaults") {
    const auto parsed = parse_provider_settings({});
    REQUIRE(parsed.settings);
    const auto& s = *parsed.settings;
    CHECK(s.host == "127.0.0.1");
    CHECK(s.port == 0);
    CHECK(s.name == "sim");
    CHECK(s.threads == 1);
    CHECK_FALSE(s.seed);
    CHECK(s.chain_id == 1);
    CHECK(s.start_block == 0x1000000);
    CHECK(s.block_interval == std::chrono::milliseconds{1000});
    CHECK(s.faults.transport_total() == 0);
    CHECK(s.faults.error == 0);
    CHECK(s.tls_cert.empty());
    CHECK(s.idle_timeout == std::chrono::seconds{300});
    CHECK_FALSE(s.verbose);
  }

  TEST_CASE("every sim-jsonrpc option is parsed") {
    const auto parsed = parse_provider_settings({"--listen",
                                                 "[::1]:8545",
                                                 "--name",
                                                 "eth",
                                                 "--threads",
                                                 "2",
                                                 "--seed",
                                                 "9",
                                                 "--chain-id",
                                                 "0x89",
                                                 "--start-block",
                                                 "100",
                                                 "--block-interval-ms",
                                                 "50",
                                                 "--latency-ms",
                                                 "uniform:1:10",
                                                 "--error-rate",
                                                 "0.1",
                                                 "--http-429-rate",
                                                 "0.05",
                                                 "--http-5xx-rate",
                                                 "0.05",
                                                 "--hang-rate",
                                                 "0.01",
                                                 "--malformed-rate",
                                                 "0.02",
                                                 "--drop-rate",
                                                 "0.03",
                                                 "--tls-cert",
                                                 "server.pem",
                                                 "--tls-key",
                                                 "server.key",
                                                 "--idle-timeout-s",
                                                 "0",
                                                 "--verbose"});
    REQUIRE_MESSAGE(parsed.settings, parsed.error);
    const auto& s = *parsed.settings;
    CHECK(s.host == "::1");
    CHECK(s.port == 8545);
    CHECK(s.name == "eth");
    CHECK(s.threads == 2);
    CHECK(s.seed == 9);
    CHECK(s.chain_id == 137);
    CHECK(s.start_block == 100);
    CHECK(s.block_interval == std::chrono::milliseconds{50});
    CHECK(s.latency.shape == switchyard::sim::latency_shape::uniform);
    CHECK(s.faults.error == doctest::Approx(0.1));
    CHECK(s.faults.http_429 == doctest::Approx(0.05));
    CHECK(s.faults.http_5xx == doctest::Approx(0.05));
    CHECK(s.faults.hang == doctest::Approx(0.01));
    CHECK(s.faults.malformed == doctest::Approx(0.02));
    CHECK(s.faults.drop == doctest::Approx(0.03));
    CHECK(s.tls_cert == "server.pem");
    CHECK(s.tls_key == "server.key");
    CHECK(s.idle_timeout.count() == 0);
    CHECK(s.verbose);
  }

  TEST_CASE("chain ids and start blocks take hex with 0x or decimal") {
    CHECK(parse_provider_settings({"--chain-id", "0xa"}).settings->chain_id == 10);
    CHECK(parse_provider_settings({"--chain-id", "10"}).settings->chain_id == 10);
    CHECK(parse_provider_settings({"--start-block", "0x0"}).settings->start_block == 0);
  }

  TEST_CASE("invalid values are usage errors naming the option") {
    const std::vector<std::vector<std::string>> bad{
      {"--listen", "nowhere"}, {"--threads", "0"},           {"--threads", "65"},
      {"--chain-id", "0"},     {"--chain-id", "0x"},         {"--chain-id", "1f"},
      {"--start-block", "-1"}, {"--block-interval-ms", "0"}, {"--latency-ms", "uniform:5:1"},
      {"--error-rate", "1.5"}, {"--drop-rate", "-0.1"},      {"--hang-rate", "x"},
      {"--http-429-rate", ""}, {"--idle-timeout-s", "-1"},   {"--name", ""},
    };
    for (const auto& args : bad) {
      CAPTURE(args[0]);
      CAPTURE(args[1]);
      const auto parsed = parse_provider_settings(args);
      CHECK_FALSE(parsed.settings);
      CHECK(parsed.error.find(args[0]) != std::string::npos);
    }
  }

  TEST_CASE("unknown options, missing values and --help") {
    CHECK(parse_provider_settings({"--bogus"}).error.find("--bogus") != std::string::npos);
    CHECK(parse_provider_settings({"--seed"}).error.find("--seed") != std::string::npos);
    CHECK(parse_provider_settings({"--seed", "1", "--help"}).help);
  }

  TEST_CASE("faults that replace the whole answer may not add up to more than 1") {
    const auto over = parse_provider_settings({"--drop-rate", "0.6", "--hang-rate", "0.5"});
    CHECK_FALSE(over.settings);
    CHECK(over.error.find("more than 1") != std::string::npos);
    CHECK(parse_provider_settings({"--drop-rate", "0.5", "--hang-rate", "0.5"}).settings);
    // The error rate applies to calls inside answers, so it does not count.
    CHECK(parse_provider_settings({"--drop-rate", "1", "--error-rate", "1"}).settings);
  }

  TEST_CASE("a certificate needs its key") {
    CHECK_FALSE(parse_provider_settings({"--tls-cert", "a.pem"}).settings);
    CHECK_FALSE(parse_provider_settings({"--tls-key", "a.key"}).settings);
  }
}
