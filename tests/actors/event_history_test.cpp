#include "actors/event_history.hpp"

#include <doctest/doctest.h>

using switchyard::event_history;
using lines = std::vector<std::string>;

TEST_SUITE("event_history") {
  TEST_CASE("a watcher that comes back gets the events recorded while it was away") {
    event_history h{200, 64};
    h.record("node a: network visa unhealthy");
    h.went_away("shell-1");
    h.record("node a: cluster: node c unreachable");
    h.record("node a: breaker opened on network visa host 127.0.0.1:9583");
    CHECK(h.missed_by("shell-1")
          == lines{"node a: cluster: node c unreachable",
                   "node a: breaker opened on network visa host 127.0.0.1:9583"});
    CHECK(h.missed_by("shell-1").empty()); // told once
    CHECK(h.missed_by("never-gone").empty());
  }

  TEST_CASE("only the latest events are kept, and only the latest departures remembered") {
    event_history h{2, 2};
    h.went_away("w1");
    h.went_away("w2");
    h.went_away("w3"); // w1 is forgotten
    for (int i = 1; i <= 3; ++i)
      h.record(std::string{"e"}.append(std::to_string(i)));
    CHECK(h.missed_by("w1").empty());
    CHECK(h.missed_by("w2") == lines{"e2", "e3"}); // e1 is no longer kept
    h.went_away("w2");
    h.record("e4");
    CHECK(h.missed_by("w2") == lines{"e4"});
    CHECK(h.missed_by("w3") == lines{"e3", "e4"});
  }
}
