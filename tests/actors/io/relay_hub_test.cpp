#include "actors/io/relay_hub.hpp"

#include "actors/io/data_path.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <optional>

namespace {

using namespace switchyard;
using namespace std::chrono_literals;

// An exchange that remembers how it was failed.
struct recorded_exchange final : exchange {
  std::optional<errc> outcome;

  bool fail(errc x) override {
    if (!claim())
      return false;
    outcome = x;
    return true;
  }
};

// Never asked anything: the hub only keeps a pointer to it.
class unused_protocol final : public protocol_factory {
public:
  std::string make_network(const network_setup&, std::shared_ptr<network_path>&) const override {
    return "unused";
  }

  std::string start_listener(const listener_setup&,
                             std::shared_ptr<listener_path>&) const override {
    return "unused";
  }

  std::string relay_request(const exchange&) const override { return {}; }

  bool answer_relayed(exchange&, std::string_view) const override { return false; }

  exchange_ptr accept_relayed(const std::string&, std::string_view, relayed_reply,
                              std::string&) const override {
    return nullptr;
  }
};

struct hub_fixture {
  boost::asio::io_context io;
  relay_hub hub{io};
  unused_protocol protocol;
  core::time_point t0 = core::time_point{} + 1h;

  std::shared_ptr<recorded_exchange> make() { return make_exchange<recorded_exchange>(); }
};

} // namespace

TEST_CASE_FIXTURE(hub_fixture,
                  "an answer takes its request once and a second answer finds nothing") {
  auto x = make();
  auto id = hub.add("c", x, protocol, t0 + 1s);
  CHECK(hub.in_flight() == 1);
  auto taken = hub.take(id);
  REQUIRE(taken.has_value());
  CHECK(taken->request == x);
  CHECK(taken->protocol == &protocol);
  CHECK(taken->node == "c");
  CHECK_FALSE(hub.take(id).has_value());
  CHECK(hub.in_flight() == 0);
  CHECK_FALSE(x->outcome.has_value());
}

TEST_CASE_FIXTURE(hub_fixture, "a lost node's requests are answered at once, others stay") {
  auto to_c1 = make();
  auto to_c2 = make();
  auto to_b = make();
  auto id_c1 = hub.add("c", to_c1, protocol, t0 + 1s);
  hub.add("c", to_c2, protocol, t0 + 1s);
  auto id_b = hub.add("b", to_b, protocol, t0 + 1s);
  CHECK(hub.fail_node("c", errc::upstream_unavailable) == 2);
  CHECK(to_c1->outcome == errc::upstream_unavailable);
  CHECK(to_c2->outcome == errc::upstream_unavailable);
  CHECK_FALSE(to_b->outcome.has_value());
  CHECK_FALSE(hub.take(id_c1).has_value()); // a late answer changes nothing
  CHECK(hub.take(id_b).has_value());
}

TEST_CASE_FIXTURE(hub_fixture, "requests past their deadline are answered as timed out") {
  auto early = make();
  auto late = make();
  hub.add("c", early, protocol, t0 + 1s);
  hub.add("c", late, protocol, t0 + 5s);
  CHECK(hub.sweep(t0 + 999ms) == 0);
  CHECK(hub.sweep(t0 + 1s) == 1);
  CHECK(early->outcome == errc::upstream_timeout);
  CHECK_FALSE(late->outcome.has_value());
  CHECK(hub.in_flight() == 1);
}

TEST_CASE_FIXTURE(hub_fixture, "deferred work runs on the I/O threads, after what they are doing") {
  int runs = 0;
  hub.defer([&] { ++runs; });
  CHECK(runs == 0);
  io.run();
  CHECK(runs == 1);
}
