// The node's network catalog: configured networks changed at runtime, networks learned from
// peers, generations that tell a connector it has a successor, and the card's definitions.

#include "actors/network_catalog.hpp"

#include "config/loader.hpp"

#include <doctest/doctest.h>

using namespace switchyard;

namespace {

config::network_settings network(const std::string& name, const std::string& node = "") {
  config::network_settings n;
  n.name = name;
  n.node = node;
  n.hosts.push_back({"127.0.0.1", 9000, 1});
  config::rule_settings r;
  r.is_default = true;
  n.rules.push_back(r);
  return n;
}

std::shared_ptr<const config::gateway_settings> node_a() {
  auto s = std::make_shared<config::gateway_settings>();
  s->node.name = std::string{"a"}; // assigning the literal trips GCC 12's -Wrestrict
  s->networks = {network("visa"), network("mc")};
  return s;
}

std::vector<std::string> names(const network_catalog& c) {
  std::vector<std::string> out;
  for (const auto& n : *c.networks())
    out.push_back(n.name);
  return out;
}

} // namespace

TEST_SUITE("network catalog") {
  TEST_CASE(
    "puts add and replace networks and removes drop them while readers keep their snapshot") {
    network_catalog catalog{node_a()};
    auto before = catalog.networks();
    auto visa_generation = catalog.generation("visa");
    CHECK(visa_generation != 0);
    catalog.put(network("amex"), "snippet of amex");
    CHECK(names(catalog) == std::vector<std::string>{"visa", "mc", "amex"});
    CHECK(before->size() == 2); // a snapshot taken before is not changed under its reader
    CHECK(catalog.generation("visa") == visa_generation); // untouched networks keep theirs

    auto changed = network("visa");
    changed.timeout_ms = 1234;
    catalog.put(changed, "snippet of visa");
    CHECK(catalog.find("visa")->timeout_ms == 1234);
    CHECK(catalog.generation("visa") != visa_generation); // its connector has a successor
    CHECK(catalog.effective()->networks.size() == 3);

    CHECK(catalog.remove("mc"));
    CHECK_FALSE(catalog.remove("mc"));
    CHECK(catalog.find("mc") == nullptr);
    CHECK(catalog.generation("mc") == 0);
    // An updated network keeps its place: routing breaks priority ties by network order.
    CHECK(names(catalog) == std::vector<std::string>{"visa", "amex"});
  }

  TEST_CASE("the card's definitions hold the runtime networks hosted here stripped for peers") {
    network_catalog catalog{node_a()};
    CHECK(catalog.definitions().empty()); // configured networks are in every node's file
    auto amex = network("amex");
    amex.tls.enabled = true;
    amex.tls.ca = "/etc/switchyard/amex-ca.pem";
    amex.health_check.kind = config::probe_kind::echo;
    amex.forward_journal = true; // would need a state_dir on every peer
    catalog.put(amex, "the operator's snippet");
    catalog.put(network("remote", "c"), "hosted elsewhere");
    auto defs = catalog.definitions();
    REQUIRE(defs.size() == 1);
    // A peer reads it as a snippet: this node's name, no TLS files, no probes.
    auto loaded = config::load_string(defs.front(), "card");
    REQUIRE(loaded.ok());
    REQUIRE(loaded.settings->networks.size() == 1);
    const auto& back = loaded.settings->networks.front();
    CHECK(back.name == "amex");
    CHECK(back.node == "a");
    CHECK_FALSE(back.tls.enabled);
    CHECK(back.health_check.kind == config::probe_kind::none);
    CHECK_FALSE(back.forward_journal);
    CHECK(back.rules.size() == 1);
  }

  TEST_CASE("networks learned from a member follow its card and never shadow known ones") {
    network_catalog catalog{node_a()};
    std::vector<std::string> ignored;
    CHECK(catalog.learn("c", {network("amex", "c"), network("visa", "c")}, &ignored));
    CHECK(ignored == std::vector<std::string>{"visa"});
    CHECK(catalog.find("amex")->node == "c");
    CHECK(catalog.find("visa")->node.empty()); // this node's own definition stays
    CHECK(catalog.learn("c", {}));
    CHECK(catalog.find("amex") == nullptr);
    CHECK_FALSE(catalog.learn("c", {})); // nothing learned before, nothing now
    // A network put here replaces what a member defined under that name.
    CHECK(catalog.learn("c", {network("amex", "c")}));
    catalog.put(network("amex"), "ours now");
    CHECK(catalog.find("amex")->node.empty());
    CHECK(names(catalog) == std::vector<std::string>{"visa", "mc", "amex"});
  }

  TEST_CASE("one operator's change of a network at a time, others' networks unaffected") {
    network_catalog catalog{node_a()};
    CHECK(catalog.begin_change("visa"));
    CHECK_FALSE(catalog.begin_change("visa"));
    CHECK(catalog.begin_change("amex")); // a network being added has a name too
    catalog.end_change("visa");
    CHECK(catalog.begin_change("visa"));
  }
}
