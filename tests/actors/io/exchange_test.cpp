// The protocol-neutral exchange: answered exactly once, answering for itself when dropped, and
// its memory recycled on the thread that frees it.

#include "actors/io/exchange.hpp"

#include "tests/core/allocation_counter.hpp"

#include <doctest/doctest.h>

#include <array>
#include <thread>
#include <vector>

using switchyard::errc;
using switchyard::exchange;
using switchyard::make_exchange;

namespace {

// An exchange as large as an ISO 8583 one, recording how it was answered.
class big_exchange final : public exchange {
public:
  explicit big_exchange(std::vector<errc>& answers) : answers_(answers) {}

  bool fail(errc outcome) override {
    if (!claim())
      return false;
    answers_.push_back(outcome);
    return true;
  }

private:
  std::vector<errc>& answers_;
  std::array<char, 2048> payload_{};
};

struct block {
  char bytes[64];
};

using blocks = switchyard::detail::recycled_blocks<block>;

} // namespace

TEST_SUITE("exchange") {
  TEST_CASE("a dropped exchange answers for itself once and its memory is used again") {
    std::vector<errc> answers;
    auto first = make_exchange<big_exchange>(answers);
    const void* where = first.get();
    CHECK(first->fail(errc::upstream_timeout));
    first.reset();
    CHECK(answers == std::vector<errc>{errc::upstream_timeout}); // answered already: not again
    auto before = switchyard::core::testing::allocations();
    auto second = make_exchange<big_exchange>(answers);
    CHECK(switchyard::core::testing::allocations() == before); // no malloc: the block again
    CHECK(static_cast<const void*>(second.get()) == where);
    second.reset();
    CHECK(answers == std::vector<errc>{errc::upstream_timeout, errc::upstream_unavailable});
  }

  TEST_CASE("blocks given back are handed out again on the same thread only, up to a limit") {
    CHECK(blocks::take() == nullptr);
    std::vector<block*> given;
    for (std::size_t i = 0; i < blocks::kept_per_thread + 3; ++i)
      given.push_back(std::allocator<block>{}.allocate(1));
    std::size_t kept = 0;
    for (auto* b : given) {
      if (blocks::keep(b))
        ++kept;
      else
        std::allocator<block>{}.deallocate(b, 1);
    }
    CHECK(kept == blocks::kept_per_thread);
    // Another thread has none of them.
    block* elsewhere = given.front();
    std::thread([&] { elsewhere = blocks::take(); }).join();
    CHECK(elsewhere == nullptr);
    // Last kept, first handed out.
    CHECK(blocks::take() == given[blocks::kept_per_thread - 1]);
    std::size_t taken = 1;
    while (auto* b = blocks::take()) {
      std::allocator<block>{}.deallocate(b, 1);
      ++taken;
    }
    std::allocator<block>{}.deallocate(given[blocks::kept_per_thread - 1], 1);
    CHECK(taken == blocks::kept_per_thread);
  }
}
