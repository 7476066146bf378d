#include "actors/io/reply_batch.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using switchyard::reply_batch;

namespace {

struct delivered {
  const void* target = nullptr;
  std::string frames;
  std::size_t count = 0;
  switchyard::guard_list guards;
};

std::vector<delivered> deliveries;

void record(const std::shared_ptr<void>& target, std::string frames, std::size_t count,
            switchyard::guard_list guards) {
  deliveries.push_back({target.get(), std::move(frames), count, std::move(guards)});
}

struct counting_guard final : switchyard::delivery_guard {
  int calls = 0;

  void undelivered() override { ++calls; }

  bool is_urgent() const noexcept override { return false; }

  void delivered() override {}
};

} // namespace

TEST_SUITE("reply_batch") {
  TEST_CASE("without an open batch the caller delivers the reply itself") {
    auto target = std::make_shared<int>(1);
    CHECK(reply_batch::add(target, &record) == nullptr);
  }

  TEST_CASE("replies for one target are gathered into one delivery when the batch closes") {
    deliveries.clear();
    auto a = std::make_shared<int>(1);
    auto b = std::make_shared<int>(2);
    {
      reply_batch::scope batch;
      *reply_batch::add(a, &record) += "A1";
      *reply_batch::add(b, &record) += "B1";
      *reply_batch::add(a, &record) += "A2";
      CHECK(deliveries.empty()); // nothing goes out before the batch closes
    }
    REQUIRE(deliveries.size() == 2);
    CHECK(deliveries[0].target == a.get());
    CHECK(deliveries[0].frames == "A1A2");
    CHECK(deliveries[0].count == 2);
    CHECK(deliveries[1].target == b.get());
    CHECK(deliveries[1].frames == "B1");
    CHECK(deliveries[1].count == 1);
  }

  TEST_CASE("a nested batch joins the outer one") {
    deliveries.clear();
    auto a = std::make_shared<int>(1);
    {
      reply_batch::scope outer;
      {
        reply_batch::scope inner;
        *reply_batch::add(a, &record) += "x";
      }
      CHECK(deliveries.empty());
      *reply_batch::add(a, &record) += "y";
    }
    REQUIRE(deliveries.size() == 1);
    CHECK(deliveries[0].frames == "xy");
    CHECK(deliveries[0].count == 2);
  }

  TEST_CASE("a reply that encodes to nothing still counts as answered") {
    deliveries.clear();
    auto a = std::make_shared<int>(1);
    {
      reply_batch::scope batch;
      reply_batch::add(a, &record); // the caller appended nothing
    }
    REQUIRE(deliveries.size() == 1);
    CHECK(deliveries[0].frames.empty());
    CHECK(deliveries[0].count == 1);
  }

  TEST_CASE("a guard travels with its target's hand-over and marks where its frame ends") {
    deliveries.clear();
    auto a = std::make_shared<int>(1);
    auto b = std::make_shared<int>(2);
    auto guard = std::make_shared<counting_guard>();
    {
      reply_batch::scope batch;
      *reply_batch::add(a, &record) += "A1";
      *reply_batch::add(b, &record) += "B1";
      *reply_batch::add(a, &record) += "A22";
      reply_batch::guard(a, guard);
    }
    REQUIRE(deliveries.size() == 2);
    REQUIRE(deliveries[0].guards.size() == 1);
    CHECK(deliveries[0].guards[0].end == 5); // "A1A22"
    CHECK(deliveries[0].guards[0].guard == guard);
    CHECK(deliveries[1].guards.empty());
    CHECK(guard->calls == 0);
  }

  TEST_CASE("deferred commits run once per target when the outermost scope closes") {
    static std::vector<const void*> committed;
    committed.clear();
    auto commit = [](const std::shared_ptr<void>& target) {
      committed.push_back(target.get());
    };
    auto a = std::make_shared<int>(1);
    auto b = std::make_shared<int>(2);
    {
      switchyard::delivery_commit::scope outer;
      {
        switchyard::delivery_commit::scope inner;
        switchyard::delivery_commit::defer(a, commit);
        switchyard::delivery_commit::defer(b, commit);
      }
      switchyard::delivery_commit::defer(a, commit);
      CHECK(committed.empty());
    }
    CHECK(committed == std::vector<const void*>{a.get(), b.get()});
    switchyard::delivery_commit::defer(a, commit); // no scope: at once
    CHECK(committed.size() == 3);
  }
}
