#include "core/bin_table.hpp"

#include "tests/core/allocation_counter.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using switchyard::core::bin_overlap;
using switchyard::core::bin_range_problem;
using switchyard::core::bin_table;
using switchyard::core::bin_table_builder;
using switchyard::core::check_bin_range;
using switchyard::core::make_pan_key;

namespace {

struct range_text {
  std::string low;
  std::string high;
  std::string network = "visa";
};

// Builds a table of `ranges`, each on the line of its position (1-based); overlaps land in
// `overlaps` when given.
bin_table table_of(const std::vector<range_text>& ranges,
                   std::vector<bin_overlap>* overlaps = nullptr) {
  bin_table_builder builder;
  auto source = builder.add_source("bins.csv");
  std::uint32_t line = 0;
  for (const auto& r : ranges)
    REQUIRE(builder.add(r.low, r.high, builder.add_network(r.network), source, ++line)
            == bin_range_problem::none);
  std::vector<bin_overlap> ignored;
  return builder.build(overlaps != nullptr ? *overlaps : ignored);
}

std::uint64_t pow10(std::size_t n) {
  std::uint64_t x = 1;
  while (n-- > 0)
    x *= 10;
  return x;
}

// The line of the range holding `pan`, or 0 when none does.
std::uint32_t line_of(const bin_table& table, std::string_view pan) {
  auto found = table.find(make_pan_key(pan));
  return found ? table.at(*found).line : 0;
}

} // namespace

TEST_SUITE("bin_table") {
  TEST_CASE("a card number's key holds its leading digits padded to 19") {
    auto key = make_pan_key("4111111111111111");
    CHECK(key.digits == 16);
    CHECK(key.value == 4111111111111111000ULL);
    CHECK(make_pan_key("41x5").digits == 2);
    CHECK(make_pan_key("41x5").value == 4100000000000000000ULL);
    CHECK(make_pan_key("").digits == 0);
    CHECK(make_pan_key("12345678901234567890123").digits == 19);
    CHECK(make_pan_key("12345678901234567890123").value == 1234567890123456789ULL);
  }

  TEST_CASE("a range is checked for digits, length, equal lengths and order") {
    CHECK(check_bin_range("400000", "499999") == bin_range_problem::none);
    CHECK(check_bin_range("400000", "400000") == bin_range_problem::none);
    CHECK(check_bin_range("", "499999") == bin_range_problem::not_digits);
    CHECK(check_bin_range("4000a0", "499999") == bin_range_problem::not_digits);
    CHECK(check_bin_range("400000", " 499999") == bin_range_problem::not_digits);
    CHECK(check_bin_range("40000000000000000000", "49999999999999999999")
          == bin_range_problem::too_long);
    CHECK(check_bin_range("400000", "4999999") == bin_range_problem::unequal_lengths);
    CHECK(check_bin_range("499999", "400000") == bin_range_problem::reversed);
  }

  TEST_CASE("both bounds of a range are inclusive and card numbers between ranges match none") {
    auto table = table_of({{"400000", "449999"}, {"460000", "499999"}});
    CHECK(line_of(table, "4000000000000000") == 1);
    CHECK(line_of(table, "4499999999999999") == 1);
    CHECK(line_of(table, "4500000000000000") == 0);
    CHECK(line_of(table, "4599999999999999") == 0);
    CHECK(line_of(table, "4600000000000000") == 2);
    CHECK(line_of(table, "4999999999999999") == 2);
    CHECK(line_of(table, "3999999999999999") == 0);
    CHECK(line_of(table, "5000000000000000") == 0);
  }

  TEST_CASE("ranges of different digit counts hold card numbers by their own prefix length") {
    auto table = table_of({{"3", "3"},
                           {"51", "55"},
                           {"601100", "601109"},
                           {"6011100000000000000", "6011100000000000009"}});
    CHECK(line_of(table, "378282246310005") == 1);
    CHECK(line_of(table, "5105105105105100") == 2);
    CHECK(line_of(table, "5599999999999999") == 2);
    CHECK(line_of(table, "5600000000000000") == 0);
    CHECK(line_of(table, "6011000990139424") == 3);
    CHECK(line_of(table, "6011100000000000005") == 4);
    CHECK(line_of(table, "6011100000000000010") == 0);
  }

  TEST_CASE("a card number shorter than a range's bounds is not in it") {
    auto table = table_of({{"41111111", "41111111"}, {"00000000", "00000009"}});
    CHECK(line_of(table, "41111111") == 1);
    CHECK(line_of(table, "4111111") == 0);
    CHECK(line_of(table, "4111") == 0);
    CHECK(line_of(table, "") == 0);
    CHECK(line_of(table, "00000005") == 2);
    CHECK(line_of(table, "0000000") == 0);
  }

  TEST_CASE("a card number with a non-digit within a range's prefix is not in it") {
    auto table = table_of({{"400000", "499999"}});
    CHECK(line_of(table, "41111X1111111111") == 0);
    CHECK(line_of(table, "411111X111111111") == 1);
  }

  TEST_CASE("a range starting in an earlier bucket of the index holds keys of later buckets") {
    // 1000 ranges index by three leading digits; "10".."29" spans buckets 100 to 299, and
    // 9000000-9000999 has a key in the last bucket.
    std::vector<range_text> ranges{{"10", "29"}};
    for (int i = 0; i < 998; ++i)
      ranges.push_back(
        {std::to_string(5000000 + i * 1000), std::to_string(5000000 + i * 1000 + 9)});
    ranges.push_back({"9990000", "9999999"});
    auto table = table_of(ranges);
    CHECK(line_of(table, "1000000000000000") == 1);
    CHECK(line_of(table, "2550000000000000") == 1);
    CHECK(line_of(table, "2999999999999999999") == 1);
    CHECK(line_of(table, "3000000000000000") == 0);
    CHECK(line_of(table, "0999999999999999") == 0);
    CHECK(line_of(table, "5000005000000000") == 2);
    CHECK(line_of(table, "5000015000000000") == 0);
    CHECK(line_of(table, "9999999999999999999") == 1000);
    CHECK(line_of(table, "9989999999999999999") == 0);
  }

  TEST_CASE("lookups agree with a scan of every range, for random tables of mixed lengths") {
    std::mt19937_64 random{7};
    for (std::size_t size : {5U, 150U, 2000U, 12000U}) {
      // Disjoint ranges, one in each slice of the 19-digit space, of random lengths (as many
      // digits as still tell two slices apart, up to 19) and widths (half a slice at most).
      std::vector<range_text> ranges;
      const std::uint64_t step = 9000000000000000000ULL / size;
      std::size_t fewest = 1;
      while (pow10(19 - fewest) > step / 2)
        ++fewest;
      for (std::size_t i = 0; i < size; ++i) {
        auto start = 500000000000000000ULL + i * step;
        auto digits = fewest + random() % (20 - fewest);
        auto scale = pow10(19 - digits);
        auto low = (start + scale - 1) / scale;
        auto high = low + random() % std::max<std::uint64_t>(1, step / 2 / scale);
        auto text = [&](std::uint64_t v) {
          auto t = std::to_string(v);
          return std::string(digits - t.size(), '0') + t;
        };
        ranges.push_back({text(low), text(high)});
      }
      std::vector<bin_overlap> overlaps;
      auto table = table_of(ranges, &overlaps);
      REQUIRE(overlaps.empty());
      // Probes in proportion, so that the scan stays cheap; two in three start with a bound.
      for (std::size_t probe = 0; probe < std::min<std::size_t>(20000, 8000000 / size); ++probe) {
        auto pan = std::to_string(random() % 9000000000000000000ULL + 1000000000000000000ULL)
                     .substr(0, 12 + random() % 8);
        if (probe % 3 != 0) {
          const auto& r = ranges[random() % ranges.size()];
          const auto& bound = probe % 3 == 1 ? r.low : r.high;
          pan = bound + pan.substr(0, pan.size() > bound.size() ? pan.size() - bound.size() : 0);
        }
        std::uint32_t expected = 0;
        for (std::size_t i = 0; i < ranges.size(); ++i) {
          const auto& r = ranges[i];
          auto prefix = pan.substr(0, r.low.size());
          if (pan.size() >= r.low.size() && prefix >= r.low && prefix <= r.high)
            expected = static_cast<std::uint32_t>(i + 1);
        }
        INFO("size ", size, ", card number ", pan);
        REQUIRE(line_of(table, pan) == expected);
      }
    }
  }

  TEST_CASE("an empty table holds nothing") {
    auto table = table_of({});
    CHECK(table.size() == 0);
    CHECK(line_of(table, "4111111111111111") == 0);
  }

  TEST_CASE("bounds read back as written") {
    auto table = table_of({{"0400", "0499"}, {"6011100000000000000", "6011100000000000009"}});
    CHECK(table.low_text(0) == "0400");
    CHECK(table.high_text(0) == "0499");
    CHECK(table.low_text(1) == "6011100000000000000");
    CHECK(table.high_text(1) == "6011100000000000009");
  }

  TEST_CASE("overlapping ranges are reported against the range they overlap") {
    std::vector<bin_overlap> overlaps;
    auto table = table_of({{"400000", "499999"},
                           {"450000", "450099"},
                           {"500000", "500099"},
                           {"500099", "500199"},
                           {"6", "6"},
                           {"601100", "601199"},
                           {"700000", "700099"},
                           {"700100", "700199"}},
                          &overlaps);
    REQUIRE(overlaps.size() == 3);
    auto lines = [&](const bin_overlap& o) {
      return std::pair{table.at(o.earlier).line, table.at(o.later).line};
    };
    CHECK(lines(overlaps[0]) == std::pair<std::uint32_t, std::uint32_t>{1, 2});
    CHECK(lines(overlaps[1]) == std::pair<std::uint32_t, std::uint32_t>{3, 4});
    CHECK(lines(overlaps[2]) == std::pair<std::uint32_t, std::uint32_t>{5, 6});
  }

  TEST_CASE("ranges sharing a single card number overlap, ranges that touch do not") {
    std::vector<bin_overlap> overlaps;
    table_of({{"4000000000000000000", "4000000000000000005"},
              {"4000000000000000005", "4000000000000000009"},
              {"4000000000000000010", "4000000000000000019"}},
             &overlaps);
    REQUIRE(overlaps.size() == 1);
    CHECK(overlaps[0].earlier == 0);
    CHECK(overlaps[0].later == 1);
  }

  TEST_CASE("a range inside a wide one is reported even after other nested ranges") {
    std::vector<bin_overlap> overlaps;
    auto table
      = table_of({{"400000", "499999"}, {"410000", "410099"}, {"420000", "420099"}}, &overlaps);
    REQUIRE(overlaps.size() == 2);
    CHECK(table.at(overlaps[1].earlier).line == 1);
    CHECK(table.at(overlaps[1].later).line == 3);
  }

  TEST_CASE("a range's network, source and attributes are kept, attributes interned once") {
    bin_table_builder builder;
    auto source = builder.add_source("visa.csv");
    CHECK(builder.add_source("visa.csv") == source);
    for (std::uint32_t i = 0; i < 1000; ++i) {
      auto low = std::to_string(400000 + i * 10);
      auto network = builder.add_network(i % 2 == 0 ? "visa" : "plus");
      builder.add(low, low, network, source, i + 1,
                  {"VISA", i % 2 == 0 ? "CREDIT" : "DEBIT", "US"});
    }
    std::vector<bin_overlap> overlaps;
    auto table = builder.build(overlaps);
    CHECK(overlaps.empty());
    REQUIRE(table.size() == 1000);
    auto found = table.find(make_pan_key("4000101234567890"));
    REQUIRE(found.has_value());
    const auto& r = table.at(*found);
    CHECK(r.line == 2);
    CHECK(table.network_name(r.network) == "plus");
    CHECK(table.source_name(r.source) == "visa.csv");
    auto a = table.attributes(*found);
    CHECK(a.brand == "VISA");
    CHECK(a.product == "DEBIT");
    CHECK(a.country == "US");
    CHECK(table.networks() == 2);
    // Two attribute sets and four strings ("" VISA CREDIT DEBIT US) for a thousand ranges.
    CHECK(table.memory_bytes() < 1000 * 40);
  }

  TEST_CASE("a range costs at most 64 bytes, measured on 100 000 ranges with attributes") {
    CHECK(sizeof(bin_table::range) <= 24);
    bin_table_builder builder;
    auto source = builder.add_source("bins.csv");
    const char* countries[] = {"US", "GB", "DE", "FR", "JP"};
    for (std::uint32_t i = 0; i < 100000; ++i) {
      auto low = std::to_string(4000000000ULL + i * 100ULL);
      auto high = std::to_string(4000000000ULL + i * 100ULL + 99);
      builder.add(low, high, builder.add_network(i % 3 == 0 ? "visa" : "local"), source, i + 1,
                  {"VISA", i % 2 == 0 ? "CREDIT" : "DEBIT", countries[i % 5]});
    }
    std::vector<bin_overlap> overlaps;
    auto table = builder.build(overlaps);
    REQUIRE(table.size() == 100000);
    CHECK(overlaps.empty());
    auto per_range = static_cast<double>(table.memory_bytes()) / static_cast<double>(table.size());
    INFO("bytes per range: ", per_range);
    CHECK(per_range <= 64.0);
    CHECK(per_range >= 32.0);
  }

  TEST_CASE("a lookup allocates nothing") {
    auto table = table_of({{"400000", "499999"}, {"510000", "559999"}});
    auto key = make_pan_key("5500000000000004");
    auto before = switchyard::core::testing::allocations();
    auto found = table.find(key);
    auto after = switchyard::core::testing::allocations();
    CHECK(found.has_value());
    CHECK(after == before);
  }
}
