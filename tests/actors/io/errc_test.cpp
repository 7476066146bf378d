#include "actors/io/errc.hpp"

#include <doctest/doctest.h>

#include <set>

using switchyard::errc;

TEST_SUITE("errc") {
  TEST_CASE("every error code has its own readable name") {
    const std::pair<errc, const char*> table[] = {
      {errc::no_route, "no_route"},
      {errc::unknown_network, "unknown_network"},
      {errc::duplicate_network, "duplicate_network"},
      {errc::upstream_unavailable, "upstream_unavailable"},
      {errc::upstream_timeout, "upstream_timeout"},
      {errc::invalid_request, "invalid_request"},
      {errc::unknown_actor, "unknown_actor"},
      {errc::not_ready, "not_ready"},
      {errc::shutting_down, "shutting_down"},
      {errc::limit_exceeded, "limit_exceeded"},
      {errc::upstream_error, "upstream_error"},
      {errc::duplicate_request, "duplicate_request"},
      {errc::internal_error, "internal_error"},
    };
    CHECK(std::size(table) == static_cast<std::size_t>(switchyard::last_errc));
    std::set<std::string> seen;
    for (auto [code, name] : table) {
      CHECK(to_string(code) == name);
      seen.insert(to_string(code));
    }
    CHECK(seen.size() == std::size(table));
  }

  TEST_CASE("an unknown code renders with its number") {
    CHECK(to_string(static_cast<errc>(200)) == "errc(200)");
  }
}
