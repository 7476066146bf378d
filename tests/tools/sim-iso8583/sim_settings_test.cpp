#include "tools/sim-iso8583/sim_settings.hpp"

#include <doctest/doctest.h>

using namespace switchyard::sim;

TEST_SUITE("sim settings") {
  TEST_CASE("an empty command line gives the defaults") {
    const auto parsed = parse_sim_settings({});
    REQUIRE(parsed.settings);
    CHECK(parsed.settings->host == "127.0.0.1");
    CHECK(parsed.settings->port == 0);
    CHECK(parsed.settings->dialect == "iso87-ascii");
    CHECK(parsed.settings->rules.decline_above == 100000);
    CHECK(parsed.settings->threads == 1);
    CHECK(parsed.settings->rules.advice_error_rate == 0);
    CHECK(parsed.settings->ledger.empty());
  }

  TEST_CASE("every option is parsed") {
    const auto parsed = parse_sim_settings({"--listen",
                                            "[::1]:9000",
                                            "--dialect",
                                            "iso87-binary",
                                            "--framing",
                                            "bcd2",
                                            "--header-bytes",
                                            "5",
                                            "--name",
                                            "visa",
                                            "--latency-ms",
                                            "uniform:1:10",
                                            "--error-rate",
                                            "0.1",
                                            "--drop-rate",
                                            "0.2",
                                            "--disconnect-after",
                                            "7",
                                            "--decline-above",
                                            "5000",
                                            "--seed",
                                            "9",
                                            "--threads",
                                            "2",
                                            "--idle-timeout-s",
                                            "0",
                                            "--advice-error-rate",
                                            "0.25",
                                            "--ledger",
                                            "/tmp/issuer.ledger",
                                            "--verbose"});
    REQUIRE_MESSAGE(parsed.settings, parsed.error);
    const auto& s = *parsed.settings;
    CHECK(s.host == "::1");
    CHECK(s.port == 9000);
    CHECK(s.framing.kind == switchyard::iso8583::framing_kind::bcd2);
    CHECK(s.framing.header_bytes == 5);
    CHECK(s.name == "visa");
    CHECK(s.latency.shape == latency_shape::uniform);
    CHECK(s.rules.error_rate == doctest::Approx(0.1));
    CHECK(s.rules.drop_rate == doctest::Approx(0.2));
    CHECK(s.disconnect_after == 7);
    CHECK(s.rules.decline_above == 5000);
    CHECK(s.seed == 9u);
    CHECK(s.threads == 2);
    CHECK(s.idle_timeout.count() == 0);
    CHECK(s.rules.advice_error_rate == doctest::Approx(0.25));
    CHECK(s.ledger == "/tmp/issuer.ledger");
    CHECK(s.verbose);
  }

  TEST_CASE("bad values and unknown options are usage errors") {
    const std::vector<std::vector<std::string>> bad = {
      {"--error-rate", "1.5"}, {"--advice-error-rate", "-0.1"},
      {"--ledger", ""},        {"--ledger"},
      {"--listen", "nowhere"}, {"--framing", "len3"},
      {"--threads", "0"},      {"--latency-ms", "-3"},
      {"--bogus", "1"},        {"--seed"},
      {"--tls-cert", "a.pem"}, {"--tls-ca", "ca.pem"},
    };
    for (const auto& args : bad) {
      CAPTURE(args.front());
      const auto parsed = parse_sim_settings(args);
      CHECK_FALSE(parsed.settings);
      CHECK_FALSE(parsed.error.empty());
    }
  }

  TEST_CASE("help is recognised") {
    CHECK(parse_sim_settings({"--help"}).help);
  }
}
