#include "protocols/iso8583/bitmap.hpp"

#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <vector>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

TEST_SUITE("iso8583 bitmap") {
  TEST_CASE("bit 1 is the leftmost bit of the first block") {
    bitmap b;
    b.set(1);
    b.set(64);
    b.set(65);
    b.set(192);
    CHECK(b.word(0) == 0x8000000000000001ULL);
    CHECK(b.word(1) == 0x8000000000000000ULL);
    CHECK(b.word(2) == 0x0000000000000001ULL);
    CHECK(b.count() == 4);
    b.reset(64);
    CHECK(b.word(0) == 0x8000000000000000ULL);
  }

  TEST_CASE("next walks set bits in order and ends with zero") {
    bitmap b;
    CHECK(b.next(0) == 0);
    CHECK(b.empty());
    for (int bit : {2, 63, 64, 127, 128, 129, 192})
      b.set(bit);
    std::vector<int> bits;
    for (int bit = b.next(0); bit != 0; bit = b.next(bit))
      bits.push_back(bit);
    CHECK(bits == std::vector<int>{2, 63, 64, 127, 128, 129, 192});
    CHECK(b.next(192) == 0);
    CHECK_FALSE(b.test(0));
    CHECK_FALSE(b.test(193));
  }

  TEST_CASE("blocks are written and read in binary and hex-ASCII") {
    std::uint8_t out[16];
    write_bitmap_block(0x7220000020809200ULL, bitmap_encoding::binary, out);
    CHECK(std::string(reinterpret_cast<char*>(out), 8) == bytes_of("7220000020809200"));
    write_bitmap_block(0x7220000020809200ULL, bitmap_encoding::hex, out);
    CHECK(std::string(reinterpret_cast<char*>(out), 16) == "7220000020809200");
    std::uint64_t w = 0;
    const std::string lower = "7220000020809a00";
    CHECK(read_bitmap_block(reinterpret_cast<const std::uint8_t*>(lower.data()),
                            bitmap_encoding::hex, w));
    CHECK(w == 0x7220000020809A00ULL);
    const std::string bad = "72200000208092Z0";
    CHECK_FALSE(read_bitmap_block(reinterpret_cast<const std::uint8_t*>(bad.data()),
                                  bitmap_encoding::hex, w));
  }
}
