#include "actors/jsonrpc/rpc_subscription_hosts.hpp"

#include <doctest/doctest.h>

using namespace switchyard;
using namespace std::chrono_literals;

namespace {

const auto t0 = subscription_hosts::clock::time_point{} + 1h;

} // namespace

TEST_SUITE("subscription_hosts") {
  TEST_CASE("providers take turns while none has a link") {
    subscription_hosts hosts{3};
    CHECK(hosts.choose(t0) == 0);
    CHECK(hosts.choose(t0) == 1);
    CHECK(hosts.choose(t0) == 2);
    CHECK(hosts.choose(t0) == 0);
  }

  TEST_CASE("a provider whose link is up comes first and one being connected next") {
    subscription_hosts hosts{3};
    hosts.connecting(1);
    CHECK(hosts.choose(t0) == 1);
    CHECK(hosts.choose(t0) == 1);
    hosts.up(2);
    CHECK(hosts.choose(t0) == 2);
    hosts.up(0);
    CHECK(hosts.choose(t0) == 0);
    CHECK(hosts.choose(t0) == 2); // the up ones take turns
  }

  TEST_CASE("an unreachable provider rests unless every other rests too") {
    subscription_hosts hosts{2, 5s};
    hosts.connecting(0);
    hosts.down(0, false, t0);
    CHECK(hosts.is_resting(0, t0 + 1s));
    CHECK(hosts.choose(t0 + 1s) == 1);
    CHECK(hosts.choose(t0 + 1s) == 1);
    hosts.connecting(1);
    hosts.down(1, false, t0 + 2s);
    // Both rest: the one that failed longest ago is tried.
    CHECK(hosts.choose(t0 + 3s) == 0);
    CHECK(hosts.choose(t0 + 3s) == 0);
    CHECK_FALSE(hosts.is_resting(0, t0 + 5s));
    hosts.up(1);
    CHECK_FALSE(hosts.is_resting(1, t0 + 3s));
  }

  TEST_CASE("a link lost after it was up does not make its provider rest") {
    subscription_hosts hosts{2};
    hosts.up(0);
    hosts.down(0, true, t0);
    CHECK_FALSE(hosts.is_resting(0, t0));
  }

  TEST_CASE("a provider whose calls fail comes after every provider whose calls work") {
    subscription_hosts hosts{3};
    hosts.up(0);
    hosts.calls_down(0, true);
    hosts.calls_down(1, true);
    // 0 has a link but its calls fail, 1 fails too: 2 (no link yet, calls fine) wins.
    CHECK(hosts.choose(t0) == 2);
    CHECK(hosts.choose(t0) == 2);
    hosts.calls_down(2, true);
    // Every provider's calls fail: the usual order (a link up first) decides.
    CHECK(hosts.choose(t0) == 0);
    hosts.calls_down(1, false);
    CHECK(hosts.choose(t0) == 1);
  }
}
