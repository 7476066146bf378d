#include "tools/loadgen-iso8583/request_factory.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard::loadgen;
using namespace switchyard::iso8583;

namespace {

loadgen_settings settings_with(std::vector<std::string> pans) {
  loadgen_settings s;
  s.pans = std::move(pans);
  return s;
}

// 2024-03-05 14:30:15 UTC.
const auto fixed_time = std::chrono::system_clock::time_point{std::chrono::seconds{1709649015}};

bool luhn_valid(const std::string& pan) {
  int sum = 0;
  for (std::size_t i = 0; i < pan.size(); ++i) {
    int d = pan[pan.size() - 1 - i] - '0';
    if (i % 2 == 1 && (d *= 2) > 9)
      d -= 9;
    sum += d;
  }
  return sum % 10 == 0;
}

} // namespace

TEST_SUITE("loadgen request factory") {
  TEST_CASE("requests carry the thirteen fields and pack in every built-in dialect") {
    const auto s = settings_with({"4111111111111111"});
    request_factory factory{s, 3, 1};
    message m;
    factory.build(m, 42, 7, fixed_time);
    CHECK(m.mti() == "0200");
    for (int f : {2, 3, 4, 7, 11, 12, 13, 22, 25, 37, 41, 42, 49})
      CHECK(m.has(f));
    CHECK(m.size() == 13);
    CHECK(m.get(7) == "0305143015");
    CHECK(m.get(12) == "143015");
    CHECK(m.get(13) == "0305");
    CHECK(m.get(11) == "000042");
    CHECK(m.get(41) == "LG000003");
    CHECK(factory.terminal_id() == "LG000003");
    CHECK(m.get(37) == "003000000007");
    CHECK(factory.response_mti() == "0210");
    for (auto name : builtin_dialect_names) {
      CAPTURE(name);
      std::string wire;
      const auto& d = *find_builtin_dialect(name);
      REQUIRE(pack(m, d, wire).ok());
      message back;
      REQUIRE(unpack(as_byte_view(wire), d, back).ok());
      CHECK(back == m);
    }
  }

  TEST_CASE("an RRN prefix leads field 37, then three digits of connection and eight of sequence") {
    auto s = settings_with({"4111111111111111"});
    s.rrn_prefix = 4;
    request_factory factory{s, 12, 1};
    message m;
    factory.build(m, 1, 123456789, fixed_time);
    CHECK(m.get(37) == "401223456789");
    CHECK(factory.rrn_text(123456789) == "401223456789");
    CHECK(factory.rrn(5) == 401200000005ULL);
    s.rrn_prefix = 0;
    request_factory first{s, 0, 1};
    CHECK(first.rrn_text(5) == "000000000005");
  }

  TEST_CASE("without a prefix the RRN is three digits of connection and nine of sequence") {
    const auto s = settings_with({"4111111111111111"});
    request_factory factory{s, 1001, 1};
    CHECK(factory.rrn_text(1234567890) == "001234567890");
  }

  TEST_CASE("card numbers rotate with the sequence") {
    const auto s = settings_with({"4111111111111111", "5500000000000004"});
    request_factory factory{s, 0, 1};
    message m;
    factory.build(m, 1, 0, fixed_time);
    CHECK(m.get(2) == "4111111111111111");
    factory.build(m, 2, 1, fixed_time);
    CHECK(m.get(2) == "5500000000000004");
    factory.build(m, 3, 2, fixed_time);
    CHECK(m.get(2) == "4111111111111111");
  }

  TEST_CASE("amounts are drawn within the range and repeat with the seed") {
    auto s = settings_with({"4111111111111111"});
    s.amount_min = 100;
    s.amount_max = 200;
    request_factory a{s, 0, 5};
    request_factory b{s, 0, 5};
    message ma;
    message mb;
    for (std::uint32_t i = 0; i < 100; ++i) {
      a.build(ma, i + 1, i, fixed_time);
      b.build(mb, i + 1, i, fixed_time);
      const auto amount = ma.amount_minor(4);
      REQUIRE(amount);
      CHECK(*amount >= 100);
      CHECK(*amount <= 200);
      CHECK(ma.get(4) == mb.get(4));
    }
  }

  TEST_CASE("a BIN is expanded to a sixteen-digit Luhn-valid card number") {
    const auto pan = expand_pan("411111", 12345);
    CHECK(pan.size() == 16);
    CHECK(pan.rfind("411111", 0) == 0);
    CHECK(luhn_valid(pan));
    CHECK(expand_pan("411111", 1) != expand_pan("411111", 2));
    CHECK(expand_pan("4111111111111111", 9) == "4111111111111111");
    CHECK(luhn_valid(expand_pan("55", 4294967295U)));
  }
}
