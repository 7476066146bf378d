#include "actors/network_table.hpp"

#include <doctest/doctest.h>

using switchyard::network_table;
using switchyard::config::network_settings;

namespace {

network_settings network(std::string name, std::vector<std::string> fallbacks = {}) {
  network_settings n;
  n.name = std::move(name);
  n.fallbacks = std::move(fallbacks);
  return n;
}

network_table three_networks() {
  return network_table{{network("visa", {"local", "backup"}), network("local"), network("backup")}};
}

} // namespace

TEST_SUITE("network_table") {
  TEST_CASE("a configured network starts disconnected and healthy") {
    auto t = three_networks();
    const auto* e = t.find("visa");
    REQUIRE(e != nullptr);
    CHECK_FALSE(e->connected);
    CHECK(e->healthy);
    CHECK(t.find("amex") == nullptr);
  }

  TEST_CASE("connecting an unknown network is refused") {
    auto t = three_networks();
    CHECK_FALSE(t.connect("amex"));
    CHECK(t.connect("visa"));
    CHECK(t.find("visa")->connected);
  }

  TEST_CASE("set_healthy reports only real changes") {
    auto t = three_networks();
    CHECK_FALSE(t.set_healthy("visa", true));
    CHECK(t.set_healthy("visa", false));
    CHECK_FALSE(t.set_healthy("visa", false));
    CHECK(t.set_healthy("visa", true));
    CHECK_FALSE(t.set_healthy("amex", false));
  }

  TEST_CASE("first_available prefers the network itself when connected and healthy") {
    auto t = three_networks();
    t.connect("visa");
    t.connect("local");
    CHECK(t.first_available("visa") == "visa");
  }

  TEST_CASE("first_available walks the fallbacks in order past unhealthy ones") {
    auto t = three_networks();
    for (const char* n : {"visa", "local", "backup"})
      t.connect(n);
    t.set_healthy("visa", false);
    CHECK(t.first_available("visa") == "local");
    t.set_healthy("local", false);
    CHECK(t.first_available("visa") == "backup");
    t.disconnect("backup");
    CHECK_FALSE(t.first_available("visa").has_value());
  }

  TEST_CASE("a disconnected network is not available even when healthy") {
    auto t = three_networks();
    t.connect("visa");
    t.disconnect("visa");
    CHECK_FALSE(t.first_available("visa").has_value());
    CHECK_FALSE(t.first_available("amex").has_value());
  }
}
