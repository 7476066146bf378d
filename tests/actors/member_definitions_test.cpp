#include "actors/member_definitions.hpp"

#include <doctest/doctest.h>

using namespace switchyard;
using lines = std::vector<std::string>;

namespace {

config::gateway_settings node_a() {
  config::gateway_settings s;
  s.node.name = std::string{"a"}; // assigning the literal trips GCC 12's -Wrestrict
  config::network_settings visa;
  visa.name = std::string{"visa"};
  visa.hosts.push_back({"127.0.0.1", 9000, 1});
  visa.rules.emplace_back().is_default = true;
  s.networks.push_back(visa);
  return s;
}

std::string definition(const std::string& name, const std::string& extra = "") {
  return "[[networks]]\nname = \"" + name
         + "\"\nprotocol = \"iso8583\"\nhosts = [{ address = \"127.0.0.1\", port = 9100 }]\n"
           "rules = [{ bin_range = \"370000-379999\" }]\n"
         + extra;
}

} // namespace

TEST_SUITE("member_definitions") {
  TEST_CASE("a member's definitions are routed to it and broken ones say why") {
    auto read = read_member_definitions(
      node_a(), "c",
      {definition("amex"), definition("visa"), definition("diners", "timeout_ms = \"soon\"\n")});
    REQUIRE(read.usable.size() == 1);
    CHECK(read.usable[0].name == "amex");
    CHECK(read.usable[0].node == "c");
    REQUIRE(read.unusable.size() == 2);
    CHECK(read.unusable[0].find("visa") != std::string::npos); // this node has one already
    CHECK(read.unusable[1].find("timeout_ms") != std::string::npos);
  }

  TEST_CASE("what was learned from the member before does not stand in the way of its update") {
    auto settings = node_a();
    auto amex = read_member_definitions(settings, "c", {definition("amex")}).usable.at(0);
    settings.networks.push_back(amex); // learned from c earlier
    auto again = read_member_definitions(settings, "c", {definition("amex", "timeout_ms = 900\n")});
    REQUIRE(again.usable.size() == 1);
    CHECK(again.usable[0].timeout_ms == 900);
    // Another member defining the same name is refused: c's stays.
    CHECK(read_member_definitions(settings, "b", {definition("amex")}).usable.empty());
  }

  TEST_CASE("watchers hear the networks a member defines and withdraws") {
    CHECK(definition_events("c", {"amex", "eth"}, {"eth", "jcb"})
          == lines{"network jcb defined on node c: its traffic goes there",
                   "network amex withdrawn by node c"});
    CHECK(definition_events("c", {"eth"}, {"eth"}).empty());
  }
}
