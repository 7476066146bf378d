#include "actors/jsonrpc/rpc_outcome.hpp"

#include "protocols/jsonrpc/json_text.hpp"

#include <doctest/doctest.h>

#include <map>

using switchyard::errc;
using switchyard::rpc_error_for;

TEST_SUITE("rpc_outcome") {
  TEST_CASE("every outcome has its JSON-RPC error object, naming method and network") {
    const std::map<errc, int> table = {
      {errc::no_route, -32601},          {errc::unknown_network, -32601},
      {errc::duplicate_network, -32603}, {errc::upstream_unavailable, -32000},
      {errc::upstream_timeout, -32001},  {errc::invalid_request, -32600},
      {errc::unknown_actor, -32603},     {errc::not_ready, -32000},
      {errc::shutting_down, -32000},     {errc::limit_exceeded, -32002},
      {errc::upstream_error, -32003},    {errc::duplicate_request, -32004},
      {errc::internal_error, -32603},
    };
    CHECK(table.size() == static_cast<std::size_t>(switchyard::last_errc));
    for (auto [outcome, code] : table) {
      INFO(to_string(outcome));
      auto e = rpc_error_for(outcome, "eth-mainnet", "eth_call");
      CHECK(e.code == code);
      CHECK_FALSE(e.message.empty());
      CHECK(e.data == R"({"method":"eth_call","network":"eth-mainnet"})");
      CHECK_FALSE(switchyard::jsonrpc::validate_json(e.data, 4));
    }
  }

  TEST_CASE("no route names the method, and no network when none was chosen") {
    auto e = rpc_error_for(errc::no_route, "", "foo_\"bar");
    CHECK(e.code == -32601);
    CHECK(e.data == R"({"method":"foo_\"bar"})");
  }

  TEST_CASE("a reason goes into data, escaped") {
    auto e = rpc_error_for(errc::upstream_error, "eth", "eth_call", "HTTP 429 from \"a\"");
    CHECK(e.data == R"({"method":"eth_call","network":"eth","reason":"HTTP 429 from \"a\""})");
  }
}
