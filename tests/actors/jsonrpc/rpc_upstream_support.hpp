#pragma once

// What the upstream tests share: a network's upstream started against scripted providers on
// loopback and driven on the test's thread, calls handed to it as a session would, and the
// error answers the gateway gives.

#include "actors/jsonrpc/rpc_exchange.hpp"
#include "actors/jsonrpc/rpc_upstream.hpp"
#include "tests/actors/jsonrpc/fake_provider.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::test {

/// Network events nobody listens to.
struct no_events final : network_events {
  void on_health(bool, std::string, bool) override {}
};

/// Returns network "eth" over 127.0.0.1 at `ports`: one connection per host, a 2 s timeout.
inline config::network_settings eth(const std::vector<std::uint16_t>& ports) {
  config::network_settings n;
  n.name = "eth";
  n.protocol = config::protocol_kind::jsonrpc;
  for (auto port : ports)
    n.hosts.push_back({"127.0.0.1", port, 1});
  n.pool_size = 1;
  n.timeout_ms = 2000;
  n.connect_timeout_ms = 500;
  return n;
}

/// What the client heard for one request body.
struct heard {
  std::string body;
  bool empty = false;
  int times = 0;
  std::chrono::steady_clock::time_point at;
};

/// A network's upstream started against providers on loopback, driven on the test's thread.
struct upstream_under_test {
  boost::asio::io_context& io;
  std::shared_ptr<rpc_upstream> upstream;

  upstream_under_test(boost::asio::io_context& context, const config::network_settings& n,
                      std::uint32_t links_up = 1)
      : io(context) {
    rpc_upstream_setup setup;
    setup.network = n;
    setup.events = std::make_shared<no_events>();
    upstream = make_rpc_upstream(io, setup);
    upstream->start();
    run_until([&] { return upstream->numbers().links_up == links_up; });
  }

  ~upstream_under_test() {
    upstream->stop();
    io.run_for(std::chrono::milliseconds(50));
  }

  upstream_under_test(const upstream_under_test&) = delete;
  upstream_under_test& operator=(const upstream_under_test&) = delete;

  /// Runs the io_context until `done`, for at most `within`, and requires it.
  void run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds within = std::chrono::seconds(3)) {
    auto until = std::chrono::steady_clock::now() + within;
    while (!done() && std::chrono::steady_clock::now() < until)
      io.run_for(std::chrono::milliseconds(2));
    REQUIRE(done());
  }

  /// Hands the calls of `body` to the upstream as a session does (notifications settled at
  /// once) and returns where their answer lands.
  std::shared_ptr<heard> send(std::string body) {
    auto h = std::make_shared<heard>();
    auto batch = std::make_shared<rpc_batch>(std::move(body), jsonrpc::limits{},
                                             [h](std::string answer, bool empty) {
                                               h->body = std::move(answer);
                                               h->empty = empty;
                                               h->at = std::chrono::steady_clock::now();
                                               ++h->times;
                                             });
    std::vector<exchange_ptr> exchanges;
    std::vector<rpc_exchange_ptr> notifications;
    for (std::size_t i = 0; i < batch->calls().size(); ++i) {
      auto x = make_exchange<rpc_exchange>(batch, i, "eth");
      if (x->is_notification())
        notifications.push_back(x);
      exchanges.push_back(std::move(x));
    }
    upstream->forward(std::move(exchanges));
    for (auto& n : notifications)
      n->settle_notification();
    return h;
  }

  /// Sends `body` and waits for its answer.
  std::string call(std::string body) {
    auto h = send(std::move(body));
    run_until([&] { return h->times > 0; });
    CHECK(h->times == 1);
    return h->body;
  }
};

/// Returns the provider as the gateway names it ("127.0.0.1:PORT").
inline std::string where(const fake_provider& p) {
  return "127.0.0.1:" + std::to_string(p.port());
}

/// Returns the error answer for call id `id` of eth_call with `code`, `message` and `reason`.
inline std::string gateway_error(std::string_view id, int code, std::string_view message,
                                 std::string_view reason) {
  return R"({"jsonrpc":"2.0","id":)" + std::string{id} + R"(,"error":{"code":)"
         + std::to_string(code) + R"(,"message":")" + std::string{message}
         + R"(","data":{"method":"eth_call","network":"eth","reason":")" + std::string{reason}
         + R"("}}})";
}

/// Returns whether `id` is one the gateway assigns upstream (a plain integer).
inline bool is_gateway_token(const std::string& id) {
  return !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
}

/// A call of eth_call with id 5.
inline constexpr std::string_view eth_call
  = R"({"jsonrpc":"2.0","method":"eth_call","params":[],"id":5})";

/// Returns a reply that never comes (until released).
inline provider_reply no_answer() {
  provider_reply r;
  r.what = provider_reply::kind::hold;
  return r;
}

} // namespace switchyard::test
