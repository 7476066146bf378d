// Failure handling end to end: timeouts, a dying upstream, malformed acquirer input.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

std::string visa_network(std::uint16_t port, const std::string& extra = "") {
  return iso_network("visa", port, "rules = [{ bin_range = \"400000-499999\" }]\n" + extra);
}

} // namespace

TEST_SUITE("iso8583 failures end to end") {
  TEST_CASE("an unanswered request is answered 68 after the network timeout") {
    auto sim = start_sim({"--drop-rate", "1"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "timeout_ms = 300"));
    iso_test_client client{gw.iso_port};
    auto sent = std::chrono::steady_clock::now();
    client.send(make_request("4111111111111111", 100, "000031"));
    auto r = client.receive(3s);
    auto took = std::chrono::steady_clock::now() - sent;
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "68");
    CHECK(r->get(11) == "000031");
    CHECK(took >= 300ms);
    CHECK(took < 2s);
    auto stats = shell(gw, {"stats"});
    INFO(stats);
    std::smatch m;
    REQUIRE(
      std::regex_search(stats, m, std::regex{R"(visa\s+\S+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+))"}));
    CHECK(m[1] == "1"); // requests
    CHECK(m[2] == "0"); // answered by the upstream
    CHECK(m[4] == "1"); // timeouts
  }

  TEST_CASE("a timed-out sale is reversed upstream with an 0420 until a 0430 acknowledges it") {
    auto sim = start_sim({"--latency-ms", "500", "--verbose"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port, "timeout_ms = 200"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 100, "000035"));
    CHECK(code_of(client.receive(3s)) == "68");
    auto advice = sim.process->wait_for_line("request 0420", 3s);
    REQUIRE(advice.has_value());
    CHECK(advice->find("11=000035") != std::string::npos);
    CHECK(advice->find("39=68") != std::string::npos);
    CHECK(advice->find("90=0200000035") != std::string::npos);
    auto stats = shell_until(
      gw, {"stats"}, [](const std::string& out) { return out.find(" 0/1") != std::string::npos; });
    INFO(stats);
    CHECK(stats.find(" 0/1") != std::string::npos); // nothing owed, one acknowledged
  }

  TEST_CASE("reversals owed when the node crashes are sent after it restarts on its state_dir") {
    char pattern[] = "/tmp/switchyard-state-XXXXXX";
    std::string state_dir = ::mkdtemp(pattern);
    auto node_with_state = [&](std::uint16_t sim_port) {
      return "[node]\nname = \"e2e\"\ncluster_port = 0\nstate_dir = \"" + state_dir
             + "\"\n\n[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n"
             + visa_network(sim_port, "timeout_ms = 200");
    };
    {
      // An issuer that answers nothing: the sale times out and its 0420 is never acknowledged.
      auto silent = start_sim({"--drop-rate", "1"});
      auto gw = start_gateway(node_with_state(silent.port));
      iso_test_client client{gw.iso_port};
      client.send(make_request("4111111111111111", 100, "000077"));
      REQUIRE(code_of(client.receive(3s)) == "68");
      std::this_thread::sleep_for(100ms); // the advice is on disk by the end of that step
      gw.process->signal(SIGKILL);
      gw.process->wait(2s);
    }
    auto issuer = start_sim({"--verbose"});
    auto gw = start_gateway(node_with_state(issuer.port));
    auto repeat = issuer.process->wait_for_line("request 0421", 5s);
    REQUIRE(repeat.has_value());
    CHECK(repeat->find("11=000077") != std::string::npos);
    CHECK(repeat->find("90=0200000077") != std::string::npos);
    auto stats = shell_until(
      gw, {"stats"}, [](const std::string& out) { return out.find(" 0/1") != std::string::npos; });
    INFO(stats);
    CHECK(stats.find(" 0/1") != std::string::npos); // nothing owed, one acknowledged
    std::filesystem::remove_all(state_dir);
  }

  TEST_CASE("a killed upstream gets requests in flight answered 91 at once and is reconnected") {
    auto sim = start_sim({"--latency-ms", "3000"});
    auto port = sim.port;
    auto gw = start_gateway(iso_node() + visa_network(port, "timeout_ms = 10000"));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 100, "000041"));
    std::this_thread::sleep_for(300ms);
    auto killed_at = std::chrono::steady_clock::now();
    sim.process->signal(SIGKILL);
    auto r = client.receive(3s);
    auto took = std::chrono::steady_clock::now() - killed_at;
    REQUIRE(r.has_value());
    CHECK(code_of(r) == "91");
    CHECK(took < 100ms);
    client.send(make_request("4111111111111111", 100, "000042"));
    CHECK(code_of(client.receive(2s)) == "91");
    auto revived = start_sim({}, port);
    std::string code;
    for (int attempt = 0; attempt < 60 && code != "00"; ++attempt) {
      client.send(make_request("4111111111111111", 100, "0005" + std::to_string(10 + attempt)));
      code = code_of(client.receive(2s));
      if (code != "00")
        std::this_thread::sleep_for(100ms);
    }
    CHECK(code == "00");
  }

  TEST_CASE("a restarted connector takes traffic again and every request gets an answer") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    for (int i = 0; i < 5; ++i) {
      client.send(make_request("4111111111111111", 100, "00009" + std::to_string(i)));
      REQUIRE(code_of(client.receive(3s)) == "00");
    }
    auto killed = shell(gw, {"restart", "connectors/visa"});
    INFO(killed);
    std::string code;
    int approved_after = 0;
    for (int attempt = 0; attempt < 40 && code != "00"; ++attempt) {
      client.send(make_request("4111111111111111", 100, "0006" + std::to_string(10 + attempt)));
      code = code_of(client.receive(2s));
      CHECK(code != "(no answer)");
      approved_after += code == "00";
      if (code != "00")
        std::this_thread::sleep_for(50ms);
    }
    CHECK(code == "00");
    auto stats = shell(gw, {"stats"});
    INFO(stats);
    std::smatch m;
    // A network's counts outlive its connector (issue 11): the five answered before count.
    REQUIRE(std::regex_search(stats, m, std::regex{R"(visa\s+\S+\s+(\d+)\s+(\d+))"}));
    CHECK(std::stoi(m[2]) == 5 + approved_after);
  }

  TEST_CASE("a flood of malformed messages is logged once a second with a count, all answered") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    std::string body = "02004000000000000000XXbad";
    std::string frame = std::string{static_cast<char>(0), static_cast<char>(body.size())} + body;
    for (int i = 0; i < 200; ++i)
      client.send_raw(frame);
    for (int i = 0; i < 200; ++i)
      REQUIRE(code_of(client.receive(2s)) == "30");
    // What the limit held back is reported once its second is over, without another frame.
    auto summary = gw.process->wait_for_line("similar lines", 3s);
    REQUIRE_MESSAGE(summary.has_value(), gw.process->output());
    CHECK(summary->find("reason=\"format error\"") != std::string::npos);
    CHECK(summary->find("msg=\"suppressed ") != std::string::npos);
    // The flood made a line a second and a summary per second it lasted (one or two on a busy
    // machine), which together account for every frame.
    std::this_thread::sleep_for(1300ms);
    std::size_t lines = 0;
    std::uint64_t accounted = 0;
    std::istringstream out{gw.process->output()};
    std::regex suppressed{R"( suppressed=(\d+) )"};
    for (std::string line; std::getline(out, line);) {
      if (line.find("reason=\"format error\"") == std::string::npos)
        continue;
      ++lines;
      std::smatch m;
      accounted += std::regex_search(line, m, suppressed) ? std::stoull(m[1]) : 1;
    }
    CHECK(lines >= 2);
    CHECK(lines <= 4);
    CHECK(accounted == 200);
  }

  TEST_CASE("a malformed message with a readable MTI gets 30 and the connection stays open") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    // MTI 0200, a bitmap announcing field 2, then a non-numeric length prefix.
    std::string body = "02004000000000000000XXbad";
    std::string frame{static_cast<char>(0), static_cast<char>(body.size())};
    client.send_raw(frame + body);
    auto r = client.receive(2s);
    REQUIRE(r.has_value());
    CHECK(r->mti() == "0210");
    CHECK(code_of(r) == "30");
    client.send(make_request("4111111111111111", 100, "000061"));
    auto ok = client.receive(2s);
    CHECK(code_of(ok) == "00");
    auto listeners = shell(gw, {"listeners"});
    INFO(listeners);
    std::smatch m;
    REQUIRE(std::regex_search(
      listeners, m, std::regex{R"(iso8583-0\s+\S+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+))"}));
    CHECK(m[3] == "2"); // requests
    CHECK(m[4] == "2"); // answered
    CHECK(m[5] == "1"); // format errors
  }

  TEST_CASE("unframeable input closes only that connection") {
    auto sim = start_sim({});
    auto gw = start_gateway(iso_node("max_frame_bytes = 512") + visa_network(sim.port));
    iso_test_client bad{gw.iso_port};
    iso_test_client good{gw.iso_port};
    // A length prefix of 65535 bytes is over the listener's frame limit.
    bad.send_raw(std::string{"\xff\xff", 2} + "0200");
    CHECK(bad.is_closed_by_peer(2s));
    good.send(make_request("4111111111111111", 100, "000071"));
    CHECK(code_of(good.receive(2s)) == "00");
  }

  TEST_CASE("SIGTERM lets requests already read get their answers and the node exits 0") {
    auto sim = start_sim({"--latency-ms", "300"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client client{gw.iso_port};
    client.send(make_request("4111111111111111", 1, "000081"));
    REQUIRE(code_of(client.receive(3s)) == "00"); // the links are up
    for (int i = 0; i < 10; ++i)
      client.send(make_request("4111111111111111", 100 + i, "0009" + std::to_string(10 + i)));
    std::this_thread::sleep_for(50ms);
    auto stopped_at = std::chrono::steady_clock::now();
    gw.process->signal(SIGTERM);
    int approved = 0;
    for (int i = 0; i < 10; ++i)
      approved += code_of(client.receive(2s)) == "00";
    CHECK(approved == 10);
    auto code = gw.process->wait(3s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(std::chrono::steady_clock::now() - stopped_at < 2s);
  }

  TEST_CASE("responses to concurrent requests come back on their own connections") {
    auto sim = start_sim({"--latency-ms", "uniform:1:20"});
    auto gw = start_gateway(iso_node() + visa_network(sim.port));
    iso_test_client a{gw.iso_port};
    iso_test_client b{gw.iso_port};
    for (int i = 0; i < 20; ++i) {
      a.send(make_request("4111111111111111", 100 + i, "1000" + std::to_string(10 + i)));
      b.send(make_request("4111111111111111", 200 + i, "2000" + std::to_string(10 + i)));
    }
    int matched = 0;
    for (int i = 0; i < 20; ++i) {
      auto ra = a.receive(3s);
      auto rb = b.receive(3s);
      REQUIRE(ra.has_value());
      REQUIRE(rb.has_value());
      matched += ra->get(11).substr(0, 4) == "1000" && rb->get(11).substr(0, 4) == "2000";
    }
    CHECK(matched == 20);
  }
}
