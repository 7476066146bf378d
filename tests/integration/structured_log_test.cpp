// A real node's log lines as operators and log shippers read them: logfmt by default with the
// network and the transaction's correlation ids (ISO 8583 STAN and RRN, the JSON-RPC client's
// id), one JSON object per line with format = "json".

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"
#include "tests/integration/rpc_test_client.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

#include <map>
#include <sstream>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// Reads a logfmt line back into keys and values (quoted values unescaped), as a log shipper
// would; a line that is not logfmt gives nothing.
std::map<std::string, std::string> parse_logfmt(const std::string& line) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    auto eq = line.find('=', i);
    if (eq == std::string::npos)
      return {};
    auto key = line.substr(i, eq - i);
    if (key.empty() || key.find_first_of(" \"") != std::string::npos)
      return {};
    std::string value;
    i = eq + 1;
    if (i < line.size() && line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] != '\\') {
          value += line[i];
          continue;
        }
        char c = line[++i];
        value += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
      }
      if (i >= line.size())
        return {};
      ++i;
    } else {
      auto end = line.find(' ', i);
      value = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? line.size() : end;
    }
    out[key] = value;
    if (i < line.size() && line[i] == ' ')
      ++i;
  }
  return out;
}

std::string visa_network(std::uint16_t port, const std::string& extra = "") {
  return iso_network("visa", port, "rules = [{ bin_range = \"400000-499999\" }]\n" + extra);
}

switchyard::iso8583::message request_with_rrn(const std::string& stan, const std::string& rrn) {
  auto m = make_request("4111111111111111", 100, stan);
  m.set(37, rrn);
  return m;
}

} // namespace

TEST_SUITE("structured logs") {
  TEST_CASE("a timed-out ISO 8583 request is a logfmt line with network, STAN and RRN") {
    auto sim = start_sim({"--drop-rate", "1"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "timeout_ms = 300"));
    iso_test_client client{gw.iso_port};
    client.send(request_with_rrn("000231", "634000000231"));
    REQUIRE(code_of(client.receive(3s)) == "68");
    auto line = gw.process->wait_for_line("answered 68", 3s);
    REQUIRE_MESSAGE(line.has_value(), gw.process->output());
    INFO(*line);
    auto fields = parse_logfmt(*line);
    REQUIRE_FALSE(fields.empty());
    CHECK(line->rfind("ts=", 0) == 0);
    CHECK(fields["ts"].size() == 24); // 2026-12-06T14:00:00.123Z
    CHECK(fields["ts"].back() == 'Z');
    CHECK(fields["level"] == "warn");
    CHECK(fields["component"] == "visa");
    CHECK(fields["network"] == "visa");
    CHECK(fields["stan"] == "000231");
    CHECK(fields["rrn"] == "634000000231");
    CHECK(fields["reason"] == "timeout");
    CHECK(fields["msg"] == "no answer from the issuer in time: answered 68");
  }

  TEST_CASE("a late ISO 8583 answer is a logfmt line with its STAN, the card number masked") {
    auto sim = start_sim({"--latency-ms", "600"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "timeout_ms = 200"));
    iso_test_client client{gw.iso_port};
    client.send(request_with_rrn("000232", "634000000232"));
    REQUIRE(code_of(client.receive(3s)) == "68");
    auto line = gw.process->wait_for_line("late or unknown response", 3s);
    REQUIRE_MESSAGE(line.has_value(), gw.process->output());
    INFO(*line);
    auto fields = parse_logfmt(*line);
    CHECK(fields["network"] == "visa");
    CHECK(fields["stan"] == "000232");
    CHECK(fields["rrn"] == "634000000232");
    CHECK(fields["msg"].find("411111") != std::string::npos);
    CHECK(line->find("4111111111111111") == std::string::npos);
  }

  TEST_CASE("a JSON-RPC call failed by its provider or refused is logged with the client's id") {
    auto bad = start_sim_jsonrpc({"--http-5xx-rate", "1"});
    auto gw = start_gateway(
      jsonrpc_node() + jsonrpc_network("eth", {bad.port}, "rules = [{ method = \"eth_*\" }]"));
    rpc_test_client client{gw.port_of("rpc")};
    auto failed = client.post(rpc_call("eth_chainId", "4242"));
    REQUIRE(failed.has_value());
    auto line = gw.process->wait_for_line("answered HTTP 503", 3s);
    REQUIRE_MESSAGE(line.has_value(), gw.process->output());
    INFO(*line);
    auto fields = parse_logfmt(*line);
    CHECK(fields["level"] == "warn");
    CHECK(fields["network"] == "eth");
    CHECK(fields["rpc_id"] == "4242");
    CHECK(fields["peer"] == "127.0.0.1:" + std::to_string(bad.port));
    // A call the gateway refuses itself (its method is not a string, JSON-RPC 2.0 §4) names
    // the client's string id, quotes and all read back.
    auto refused = client.post(R"({"jsonrpc":"2.0","id":"call \"7\"","method":5})");
    REQUIRE(refused.has_value());
    auto refusal = gw.process->wait_for_line("refused a call", 3s);
    REQUIRE_MESSAGE(refusal.has_value(), gw.process->output());
    INFO(*refusal);
    auto refusal_fields = parse_logfmt(*refusal);
    CHECK(refusal_fields["component"] == "rpc");
    CHECK(refusal_fields["rpc_id"] == R"(call \"7\")");
  }

  TEST_CASE("format json writes every log line as one JSON object with the same keys") {
    auto sim = start_sim({"--drop-rate", "1"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "timeout_ms = 300")
                            + "\n[logging]\nformat = \"json\"\n");
    iso_test_client client{gw.iso_port};
    client.send(request_with_rrn("000233", "634000000233"));
    REQUIRE(code_of(client.receive(3s)) == "68");
    // A malformed message: a line about bad input, its text quoting the reason.
    std::string body = "02004000000000000000XXbad";
    client.send_raw(std::string{static_cast<char>(0), static_cast<char>(body.size())} + body);
    REQUIRE(code_of(client.receive(3s)) == "30");
    REQUIRE(gw.process->wait_for_line("format error", 3s).has_value());
    REQUIRE(gw.process->wait_for_line("answered 68", 3s).has_value());
    std::istringstream in{gw.process->output()};
    int parsed = 0;
    bool timeout_seen = false;
    for (std::string line; std::getline(in, line);) {
      // The start banner goes to standard output for scripts; every log line is JSON.
      if (line.rfind("switchyard: ", 0) == 0)
        continue;
      INFO(line);
      boost::system::error_code ec;
      auto value = boost::json::parse(line, ec);
      REQUIRE_FALSE(ec);
      REQUIRE(value.is_object());
      const auto& o = value.as_object();
      CHECK(o.contains("ts"));
      CHECK(o.contains("level"));
      CHECK(o.contains("component"));
      CHECK(o.contains("msg"));
      ++parsed;
      if (o.at("msg") == "no answer from the issuer in time: answered 68") {
        timeout_seen = true;
        CHECK(o.at("network") == "visa");
        CHECK(o.at("stan") == "000233");
        CHECK(o.at("rrn") == "634000000233");
      }
    }
    CHECK(parsed >= 3);
    CHECK(timeout_seen);
  }
}
