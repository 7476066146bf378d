// The replies a connection owes and their delivery guards: which guard hears "delivered" and
// which "undelivered" after direct writes, partial writes and a close.

#include "actors/io/guarded_output.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

using switchyard::guard_list;
using switchyard::guarded_output;

namespace {

// Records what it heard.
struct recording_guard final : switchyard::delivery_guard {
  explicit recording_guard(bool urgent = false) : urgent_(urgent) {}

  void undelivered() override { heard.push_back("undelivered"); }

  void delivered() override { heard.push_back("delivered"); }

  bool is_urgent() const noexcept override { return urgent_; }

  std::vector<std::string> heard;
  bool urgent_;
};

using heard = std::vector<std::string>;

} // namespace

TEST_SUITE("guarded_output") {
  TEST_CASE("a direct write settles the replies it wrote in full and keeps the rest queued") {
    guarded_output out;
    auto a = std::make_shared<recording_guard>();
    auto b = std::make_shared<recording_guard>();
    // Two replies of 4 bytes each, handed over together; both guarded.
    CHECK_FALSE(out.queue("AAAABBBB", guard_list{{4, a}, {8, b}}));
    CHECK(out.unwritten() == 8);
    out.wrote_queued(6); // all of A, half of B
    CHECK(a->heard == heard{"delivered"});
    CHECK(b->heard.empty());
    CHECK(out.queued() == "BB");
    // B's end moved with the bytes: the next write of 2 completes it.
    CHECK(out.begin_write() == "BB");
    CHECK(out.nothing_queued());
    out.end_write(2);
    CHECK(b->heard == heard{"delivered"});
    CHECK(out.unwritten() == 0);
  }

  TEST_CASE("a write that fails part way delivers only the replies before the failure") {
    guarded_output out;
    auto a = std::make_shared<recording_guard>();
    auto b = std::make_shared<recording_guard>(true);
    CHECK(out.queue("AAAA", guard_list{{4, a}}) == false);
    CHECK(out.queue("BBBB", guard_list{{4, b}})); // urgent
    CHECK(out.begin_write() == "AAAABBBB");
    out.queue("CC", {}); // arrives during the write: queued for the next one
    CHECK(out.unwritten() == 10);
    out.end_write(5);
    CHECK(a->heard == heard{"delivered"});
    CHECK(b->heard == heard{"undelivered"});
    CHECK(out.queued() == "CC");
  }

  TEST_CASE("a closed connection settles what is queued and what arrives later as undelivered") {
    guarded_output out;
    auto a = std::make_shared<recording_guard>();
    out.queue("AAAA", guard_list{{4, a}});
    out.drop_queued();
    CHECK(a->heard == heard{"undelivered"});
    CHECK(out.nothing_queued());
    auto late = std::make_shared<recording_guard>();
    guard_list guards{{4, late}};
    guarded_output::never_delivered(guards);
    CHECK(late->heard == heard{"undelivered"});
    CHECK(guards.empty());
    out.release();
    CHECK(out.unwritten() == 0);
  }
}
