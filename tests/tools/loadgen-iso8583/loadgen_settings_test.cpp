#include "tools/loadgen-iso8583/loadgen_settings.hpp"

#include <doctest/doctest.h>

using namespace switchyard::loadgen;

TEST_SUITE("loadgen settings") {
  TEST_CASE("defaults fill in-flight and the request count") {
    const auto parsed
      = parse_loadgen_settings({"--target", "127.0.0.1:9000", "--connections", "4"});
    REQUIRE_MESSAGE(parsed.settings, parsed.error);
    const auto& s = *parsed.settings;
    CHECK(s.port == 9000);
    CHECK(s.in_flight == 4);
    CHECK(s.requests == 1000);
    CHECK(s.rate == 0);
    CHECK(s.pans == std::vector<std::string>{"4111111111111111"});
    CHECK(s.timeout.count() == 5000);
    CHECK_FALSE(s.rrn_prefix);
    CHECK(s.ledger.empty());
  }

  TEST_CASE("every option is parsed") {
    const auto parsed = parse_loadgen_settings({"--target",       "localhost:1",
                                                "--connections",  "2",
                                                "--in-flight",    "64",
                                                "--rate",         "500",
                                                "--duration",     "1.5",
                                                "--dialect",      "iso87-binary",
                                                "--framing",      "ascii4",
                                                "--header-bytes", "5",
                                                "--bins",         "4111111111111111,550000",
                                                "--mti",          "0100",
                                                "--amount",       "10:20",
                                                "--currency",     "978",
                                                "--timeout-ms",   "250",
                                                "--seed",         "3",
                                                "--threads",      "2",
                                                "--rrn-prefix",   "7",
                                                "--ledger",       "/tmp/acquirer.ledger",
                                                "--timeline-ms",  "20",
                                                "--json"});
    REQUIRE_MESSAGE(parsed.settings, parsed.error);
    const auto& s = *parsed.settings;
    CHECK(s.host == "localhost");
    CHECK(s.in_flight == 64);
    CHECK(s.rate == 500);
    CHECK(s.duration.count() == 1500000);
    CHECK(s.requests == 0);
    CHECK(s.pans.size() == 2);
    CHECK(s.mti == "0100");
    CHECK(s.amount_min == 10);
    CHECK(s.amount_max == 20);
    CHECK(s.currency == "978");
    CHECK(s.timeout.count() == 250);
    CHECK(s.framing.header_bytes == 5);
    CHECK(s.threads == 2);
    CHECK(s.rrn_prefix == 7);
    CHECK(s.ledger == "/tmp/acquirer.ledger");
    CHECK(s.json);
    CHECK(s.timeline.count() == 20);
  }

  TEST_CASE("contradictory or invalid command lines are usage errors") {
    const std::vector<std::vector<std::string>> bad = {
      {},
      {"--target", "127.0.0.1"},
      {"--target", "127.0.0.1:0"},
      {"--target", "127.0.0.1:1", "--rate", "10", "--max"},
      {"--target", "127.0.0.1:1", "--connections", "4", "--in-flight", "2"},
      {"--target", "127.0.0.1:1", "--mti", "0210"},
      {"--target", "127.0.0.1:1", "--amount", "20:10"},
      {"--target", "127.0.0.1:1", "--bins", "41x1"},
      {"--target", "127.0.0.1:1", "--tls-cert", "c.pem", "--tls-key", "c.key"},
      {"--target", "127.0.0.1:1", "--timeout-ms", "0"},
      {"--target", "127.0.0.1:1", "--unknown"},
      {"--target", "127.0.0.1:1", "--rrn-prefix", "10"},
      {"--target", "127.0.0.1:1", "--rrn-prefix", "x"},
      {"--target", "127.0.0.1:1", "--rrn-prefix", ""},
      {"--target", "127.0.0.1:1", "--ledger", ""},
      {"--target", "127.0.0.1:1", "--timeline-ms", "0", "--json"},
      {"--target", "127.0.0.1:1", "--timeline-ms", "10"},
    };
    for (const auto& args : bad) {
      CAPTURE(args.size());
      const auto parsed = parse_loadgen_settings(args);
      CHECK_FALSE(parsed.settings);
      CHECK_FALSE(parsed.error.empty());
    }
  }
}
