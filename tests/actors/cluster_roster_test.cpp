#include "actors/cluster_roster.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace {

using namespace switchyard;
using namespace std::chrono_literals;

const core::backoff_settings delays{100ms, 1s, core::jitter_kind::none};

member_card card(const std::string& name, std::uint16_t port, std::uint64_t incarnation = 1) {
  return {name, "127.0.0.1", port, incarnation, {}, 0, {}};
}

struct roster_fixture {
  core::time_point t0 = core::time_point{} + 1h;
  cluster_roster roster{
    card("a", 4001), {{"127.0.0.1", 4001}, {"127.0.0.1", 4002}}, delays, [] { return 0.5; }, t0};
};

bool contains(const std::vector<cluster_endpoint>& xs, std::uint16_t port) {
  return std::any_of(xs.begin(), xs.end(), [&](const auto& e) { return e.port == port; });
}

std::string state_of(const cluster_roster& roster, const std::string& name, core::time_point now) {
  for (const auto& row : roster.statuses(now))
    if (row.name == name)
      return row.state;
  return "missing";
}

} // namespace

TEST_CASE_FIXTURE(roster_fixture, "seeds are dialed until they answer, with backoff") {
  auto due = roster.due(t0);
  CHECK(contains(due, 4001));
  CHECK(contains(due, 4002));
  REQUIRE(roster.begin_dial({"127.0.0.1", 4002}));
  CHECK_FALSE(roster.begin_dial({"127.0.0.1", 4002}));
  CHECK_FALSE(contains(roster.due(t0), 4002)); // a dial is under way
  roster.dialed_self({"127.0.0.1", 4001});
  CHECK_FALSE(contains(roster.due(t0), 4001)); // the seed is this node
  CHECK_FALSE(roster.dial_failed({"127.0.0.1", 4002}, "refused", t0).has_value());
  CHECK(roster.failures({"127.0.0.1", 4002}) == 1);
  CHECK_FALSE(contains(roster.due(t0 + 99ms), 4002));
  CHECK(contains(roster.due(t0 + 100ms), 4002));
  // The seed that never answered is shown, with why.
  auto rows = roster.statuses(t0);
  auto seed = std::find_if(rows.begin(), rows.end(),
                           [](const auto& r) { return r.endpoint == "127.0.0.1:4002"; });
  REQUIRE(seed != rows.end());
  CHECK(seed->state == "unreachable");
  CHECK(seed->detail.find("refused") != std::string::npos);
}

TEST_CASE_FIXTURE(roster_fixture, "a joined member is up until lost, then redialed with backoff") {
  REQUIRE(roster.begin_dial({"127.0.0.1", 4002}));
  CHECK(roster.joined({"127.0.0.1", 4002}, card("b", 4002), t0));
  CHECK_FALSE(roster.joined({"127.0.0.1", 4002}, card("b", 4002), t0)); // no news
  CHECK(state_of(roster, "b", t0) == "up");
  CHECK(roster.up_member("b") != nullptr);
  CHECK(roster.up_cards().front().name == "a");
  CHECK(roster.up_cards().size() == 2);
  CHECK_FALSE(contains(roster.due(t0), 4002));
  CHECK_FALSE(roster.wants_dial(card("b", 4002)));
  CHECK(roster.wants_dial(card("b", 4002, 2))); // restarted

  CHECK(roster.lost("b", "connection lost", t0));
  CHECK_FALSE(roster.lost("b", "again", t0));
  CHECK(state_of(roster, "b", t0) == "unreachable");
  CHECK(roster.up_member("b") == nullptr);
  CHECK(roster.up_cards().size() == 1);
  CHECK(roster.wants_dial(card("b", 4002)));
  CHECK_FALSE(contains(roster.due(t0 + 50ms), 4002));
  CHECK(contains(roster.due(t0 + 100ms), 4002));
  // Back again: news.
  REQUIRE(roster.begin_dial({"127.0.0.1", 4002}));
  CHECK(roster.joined({"127.0.0.1", 4002}, card("b", 4002, 2), t0 + 200ms));
  CHECK(state_of(roster, "b", t0 + 200ms) == "up");
}

TEST_CASE_FIXTURE(roster_fixture, "a failed redial of a member up makes it unreachable") {
  roster.begin_dial({"127.0.0.1", 4003});
  roster.joined({"127.0.0.1", 4003}, card("c", 4003), t0);
  roster.begin_dial({"127.0.0.1", 4003});
  auto changed = roster.dial_failed({"127.0.0.1", 4003}, "nothing accepts connections", t0);
  REQUIRE(changed.has_value());
  CHECK(*changed == "c");
  CHECK(state_of(roster, "c", t0) == "unreachable");
}

TEST_CASE_FIXTURE(roster_fixture, "names are unique in the cluster") {
  CHECK(roster.conflict(card("a", 4001)).empty()); // this node's own card, gossiped back
  CHECK_FALSE(roster.conflict(card("a", 4009)).empty());
  CHECK_FALSE(roster.conflict(card("a", 4001, 7)).empty());
  CHECK_FALSE(roster.wants_dial(card("a", 4001)));
  roster.begin_dial({"127.0.0.1", 4002});
  roster.joined({"127.0.0.1", 4002}, card("b", 4002), t0);
  auto why = roster.conflict(card("b", 4005));
  CHECK(why.find("taken by the node at 127.0.0.1:4002") != std::string::npos);
  CHECK_FALSE(roster.wants_dial(card("b", 4005)));
  // Once the holder is unreachable, the name may move (a node restarted on another port).
  roster.lost("b", "gone", t0);
  CHECK(roster.conflict(card("b", 4005)).empty());
}

TEST_CASE_FIXTURE(roster_fixture, "a member's newer card replaces the older, never the reverse") {
  auto b1 = card("b", 4002);
  b1.networks = {"visa"};
  b1.version = 1;
  roster.begin_dial({"127.0.0.1", 4002});
  CHECK(roster.joined({"127.0.0.1", 4002}, b1, t0));
  auto b2 = b1;
  b2.networks = {};
  b2.version = 2;
  CHECK(roster.joined({"127.0.0.1", 4002}, b2, t0)); // visa went down on b: news
  CHECK(roster.up_member("b")->networks.empty());
  CHECK_FALSE(roster.joined({"127.0.0.1", 4002}, b1, t0)); // a stale copy passed on by a peer
  CHECK(roster.up_member("b")->networks.empty());
  auto restarted = b1; // a new incarnation starts its versions over
  restarted.incarnation = 2;
  restarted.version = 0;
  CHECK(roster.joined({"127.0.0.1", 4002}, restarted, t0));
  CHECK(roster.up_member("b")->networks == std::vector<std::string>{"visa"});
}

TEST_CASE_FIXTURE(roster_fixture, "what this node serves is on its card, versioned") {
  CHECK(roster.self().version == 0);
  CHECK(roster.serve({"visa"}));
  CHECK(roster.self().version == 1);
  CHECK_FALSE(roster.serve({"visa"}));
  CHECK(roster.self().version == 1);
  CHECK(roster.serve({}));
  CHECK(roster.up_cards().front().version == 2);
  CHECK(roster.up_cards().front().networks.empty());
}

TEST_CASE_FIXTURE(roster_fixture, "networks defined at runtime are on the card and a change of them is news") {
  CHECK(roster.define({"[[networks]]\nname = \"amex\"\n"}));
  CHECK(roster.self().version == 1);
  CHECK_FALSE(roster.define({"[[networks]]\nname = \"amex\"\n"}));
  CHECK(roster.up_cards().front().definitions.size() == 1);
  // A member's card whose definitions changed (a network removed there) is news, so the
  // router hears of it and withdraws the network's routes.
  auto b1 = card("b", 4002);
  b1.definitions = {"[[networks]]\nname = \"amex\"\n"};
  b1.version = 1;
  roster.begin_dial({"127.0.0.1", 4002});
  CHECK(roster.joined({"127.0.0.1", 4002}, b1, t0));
  auto b2 = b1;
  b2.definitions.clear();
  b2.version = 2;
  CHECK(roster.joined({"127.0.0.1", 4002}, b2, t0));
  CHECK(roster.up_member("b")->definitions.empty());
}
