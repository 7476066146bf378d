#include "tools/sim-jsonrpc/chain.hpp"

#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <doctest/doctest.h>

using namespace switchyard::rpc_sim;
using std::chrono::milliseconds;

namespace {

const auto t0 = chain::clock::time_point{} + std::chrono::hours{1};

chain make_chain() {
  return chain{1, 0x1000000, milliseconds{1000}, t0, 1'700'000'000'000};
}

} // namespace

TEST_SUITE("sim-jsonrpc chain") {
  TEST_CASE("the head advances by one block every interval from the start block") {
    const auto c = make_chain();
    CHECK(c.head(t0 - milliseconds{5}) == 0x1000000);
    CHECK(c.head(t0) == 0x1000000);
    CHECK(c.head(t0 + milliseconds{999}) == 0x1000000);
    CHECK(c.head(t0 + milliseconds{1000}) == 0x1000001);
    CHECK(c.head(t0 + milliseconds{10'500}) == 0x100000a);
  }

  TEST_CASE("a block becomes the head at its time") {
    const auto c = make_chain();
    CHECK(c.time_of(0x1000000) == t0);
    CHECK(c.time_of(5) == t0);
    CHECK(c.time_of(0x1000003) == t0 + milliseconds{3000});
    CHECK(c.head(c.time_of(0x1000007)) == 0x1000007);
  }

  TEST_CASE("blocks chain by parent hash and carry their number and time") {
    const auto c = make_chain();
    const auto h = c.header(0x1000002);
    CHECK(h.at("number").as_string() == "0x1000002");
    CHECK(h.at("hash").as_string() == c.hash_of(0x1000002));
    CHECK(h.at("parentHash").as_string() == c.hash_of(0x1000001));
    CHECK(h.at("timestamp").as_string() == to_quantity(1'700'000'002));
    CHECK(c.hash_of(7) != c.hash_of(8));
    CHECK(c.header(0).at("parentHash").as_string() == "0x" + std::string(64, '0'));
    CHECK(c.timestamp_of(0) <= 1'700'000'000);
  }

  TEST_CASE("a block depends on the chain id and its number only") {
    const auto a = make_chain();
    const chain b{1, 0x1000000, milliseconds{1000}, t0, 1'700'000'000'000};
    const chain polygon{137, 0x1000000, milliseconds{1000}, t0, 1'700'000'000'000};
    CHECK(a.block(42, true) == b.block(42, true));
    CHECK(a.hash_of(42) != polygon.hash_of(42));
  }

  TEST_CASE("blocks list transaction hashes, or whole transactions when asked") {
    const auto c = make_chain();
    for (std::uint64_t n = 0x1000000; n < 0x1000010; ++n) {
      const auto hashes = c.block(n, false).at("transactions").as_array();
      const auto full = c.block(n, true).at("transactions").as_array();
      REQUIRE(hashes.size() == full.size());
      CHECK(hashes.size() <= 3);
      for (std::size_t i = 0; i < hashes.size(); ++i) {
        CHECK(hashes[i].as_string() == full[i].at("hash").as_string());
        CHECK(full[i].at("blockHash").as_string() == c.hash_of(n));
      }
    }
  }
}
