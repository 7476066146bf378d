#include "actors/tree_path.hpp"

#include <doctest/doctest.h>

using switchyard::join_tree_path;
using switchyard::split_tree_path;

TEST_SUITE("tree_path") {
  TEST_CASE("the root name is optional when splitting a path") {
    using v = std::vector<std::string>;
    CHECK(split_tree_path("node/connectors/visa") == v{"connectors", "visa"});
    CHECK(split_tree_path("connectors/visa") == v{"connectors", "visa"});
    CHECK(split_tree_path("router") == v{"router"});
  }

  TEST_CASE("empty segments and the bare root give no segments to walk") {
    CHECK(split_tree_path("").empty());
    CHECK(split_tree_path("node").empty());
    CHECK(split_tree_path("//").empty());
    CHECK(split_tree_path("/router//").size() == 1);
  }

  TEST_CASE("joining puts the root back in front") {
    CHECK(join_tree_path({"connectors", "visa"}) == "node/connectors/visa");
    CHECK(join_tree_path({}) == "node");
  }
}
