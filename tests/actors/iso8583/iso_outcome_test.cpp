#include "actors/iso8583/iso_outcome.hpp"

#include "actors/iso8583/pending_errc.hpp"

#include <doctest/doctest.h>

#include <map>

using switchyard::errc;
using switchyard::field39_for;

TEST_SUITE("iso_outcome") {
  TEST_CASE("every outcome has its ISO 8583 field 39") {
    const std::map<errc, std::string_view> table = {
      {errc::no_route, "92"},          {errc::unknown_network, "92"},
      {errc::duplicate_network, "96"}, {errc::upstream_unavailable, "91"},
      {errc::upstream_timeout, "68"},  {errc::invalid_request, "30"},
      {errc::unknown_actor, "96"},     {errc::not_ready, "91"},
      {errc::shutting_down, "91"},     {errc::limit_exceeded, "91"},
      {errc::upstream_error, "96"},    {errc::duplicate_request, "94"},
      {errc::internal_error, "96"},
    };
    CHECK(table.size() == static_cast<std::size_t>(switchyard::last_errc));
    for (auto [outcome, code] : table) {
      INFO(to_string(outcome));
      CHECK(field39_for(outcome) == code);
    }
  }

  TEST_CASE("a refusal of the pending table becomes the outcome it means") {
    using switchyard::outcome_of_refusal;
    using switchyard::pending_errc;
    CHECK(outcome_of_refusal(pending_errc::no_free_stan) == errc::internal_error);
    CHECK(outcome_of_refusal(pending_errc::key_in_use) == errc::duplicate_request);
    CHECK(outcome_of_refusal(pending_errc::duplicate) == errc::duplicate_request);
    CHECK(outcome_of_refusal(pending_errc::missing_match_field) == errc::invalid_request);
    CHECK(outcome_of_refusal(pending_errc::missing_mti) == errc::invalid_request);
    CHECK(outcome_of_refusal(pending_errc::not_a_request) == errc::invalid_request);
  }
}
