// Active health probes against real loopback sockets.

#include "actors/io/prober.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace net = boost::asio;
using namespace std::chrono_literals;
using switchyard::make_network_prober;
namespace config = switchyard::config;

namespace {

struct outcome {
  bool ok = false;
  std::string detail;
};

config::network_settings probed(config::probe_kind kind, std::vector<std::uint16_t> ports) {
  config::network_settings n;
  n.name = "visa";
  for (auto port : ports)
    n.hosts.push_back({"127.0.0.1", port, 1});
  n.health_check.kind = kind;
  n.health_check.interval_ms = 20;
  n.health_check.jitter_ms = 0;
  n.health_check.timeout_ms = 500;
  return n;
}

// A port on 127.0.0.1 that nothing listens on (bound once, then released).
std::uint16_t closed_port() {
  net::io_context io;
  net::ip::tcp::acceptor a{io, {net::ip::make_address("127.0.0.1"), 0}};
  return a.local_endpoint().port();
}

// Runs `io` until `outcomes` holds `count` entries or two seconds pass.
void run_until(net::io_context& io, const std::vector<outcome>& outcomes, std::size_t count) {
  auto until = std::chrono::steady_clock::now() + 2s;
  while (outcomes.size() < count && std::chrono::steady_clock::now() < until)
    io.run_for(10ms);
}

auto no_echo = [](std::chrono::milliseconds) {
  return false;
};

} // namespace

TEST_SUITE("iso probes") {
  TEST_CASE("no prober runs for kind none") {
    net::io_context io;
    auto strand = net::make_strand(io);
    CHECK(make_network_prober(
            strand, probed(config::probe_kind::none, {1}), [] { return 0.5; }, no_echo,
            [](bool, std::string) {})
          == nullptr);
  }

  TEST_CASE("a tcp_connect probe is healthy while a host accepts, and names the host when not") {
    net::io_context io;
    auto strand = net::make_strand(io);
    net::ip::tcp::acceptor listening{io, {net::ip::make_address("127.0.0.1"), 0}};
    listening.listen();
    auto up = listening.local_endpoint().port();
    auto down = closed_port();
    std::vector<outcome> outcomes;
    auto record = [&](bool ok, std::string detail) {
      outcomes.push_back({ok, std::move(detail)});
    };

    SUBCASE("one of two hosts accepts: healthy") {
      auto p = make_network_prober(
        strand, probed(config::probe_kind::tcp_connect, {down, up}), [] { return 0.5; }, no_echo,
        record);
      REQUIRE(p != nullptr);
      p->start();
      run_until(io, outcomes, 2);
      net::post(strand, [&] { p->stop(); });
      io.run_for(50ms);
      REQUIRE(outcomes.size() >= 2);
      CHECK(outcomes[0].ok);
      CHECK(outcomes[1].ok);
    }
    SUBCASE("no host accepts: unhealthy, with the host and the reason") {
      auto p = make_network_prober(
        strand, probed(config::probe_kind::tcp_connect, {down}), [] { return 0.5; }, no_echo,
        record);
      p->start();
      run_until(io, outcomes, 1);
      net::post(strand, [&] { p->stop(); });
      io.run_for(50ms);
      REQUIRE_FALSE(outcomes.empty());
      CHECK_FALSE(outcomes[0].ok);
      CHECK(outcomes[0].detail.find("127.0.0.1:" + std::to_string(down)) != std::string::npos);
      CHECK(outcomes[0].detail.find("refused") != std::string::npos);
    }
  }

  TEST_CASE("an echo probe asks for an echo test and reports only when none can be sent") {
    net::io_context io;
    auto strand = net::make_strand(io);
    std::vector<outcome> outcomes;
    std::vector<std::chrono::milliseconds> asked;
    bool link_up = true;
    auto p = make_network_prober(
      strand, probed(config::probe_kind::echo, {1}), [] { return 0.5; },
      [&](std::chrono::milliseconds timeout) {
        asked.push_back(timeout);
        return link_up;
      },
      [&](bool ok, std::string detail) {
        outcomes.push_back({ok, std::move(detail)});
      });
    p->start();
    auto until = std::chrono::steady_clock::now() + 2s;
    while (asked.size() < 3 && std::chrono::steady_clock::now() < until)
      io.run_for(10ms);
    REQUIRE(asked.size() >= 3);
    CHECK(asked[0] == 500ms); // the health check's timeout
    CHECK(outcomes.empty());  // the echo's own answer reports, not the prober
    link_up = false;
    run_until(io, outcomes, 1);
    net::post(strand, [&] { p->stop(); });
    io.run_for(50ms);
    REQUIRE_FALSE(outcomes.empty());
    CHECK_FALSE(outcomes[0].ok);
    CHECK(outcomes[0].detail.find("no connection") != std::string::npos);
  }

  TEST_CASE("a stopped prober reports nothing more") {
    net::io_context io;
    auto strand = net::make_strand(io);
    std::vector<outcome> outcomes;
    auto p = make_network_prober(
      strand, probed(config::probe_kind::tcp_connect, {closed_port()}), [] { return 0.5; }, no_echo,
      [&](bool ok, std::string d) {
        outcomes.push_back({ok, d});
      });
    p->start();
    run_until(io, outcomes, 1);
    net::post(strand, [&] { p->stop(); });
    io.run_for(20ms);
    auto seen = outcomes.size();
    io.run_for(200ms);
    CHECK(outcomes.size() == seen);
  }
}
