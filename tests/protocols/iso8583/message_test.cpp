#include "protocols/iso8583/message.hpp"

#include "protocols/iso8583/errc.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <vector>

using namespace switchyard::iso8583;

TEST_SUITE("iso8583 message") {
  TEST_CASE("fields are set, read, tested and removed by number") {
    message m;
    CHECK_FALSE(m.has(11));
    CHECK(m.get(11).empty());
    CHECK_FALSE(m.find(11).has_value());
    CHECK(!m.set(11, "000123"));
    CHECK(m.has(11));
    CHECK(m.get(11) == "000123");
    CHECK(*m.find(11) == "000123");
    CHECK(m.size() == 1);
    m.remove(11);
    CHECK_FALSE(m.has(11));
    CHECK(m.size() == 0);
    m.remove(11);
    CHECK(m.size() == 0);
  }

  TEST_CASE("field numbers outside 2..192 are refused") {
    message m;
    CHECK(m.set(0, "x") == iso8583_errc::field_out_of_range);
    CHECK(m.set(1, "x") == iso8583_errc::field_out_of_range);
    CHECK(m.set(193, "x") == iso8583_errc::field_out_of_range);
    CHECK(m.set(-4, "x") == iso8583_errc::field_out_of_range);
    CHECK_FALSE(m.has(1));
    CHECK_FALSE(m.has(500));
    CHECK(!m.set(192, "x"));
  }

  TEST_CASE("the MTI must be four digits") {
    message m;
    CHECK_FALSE(m.has_mti());
    CHECK(m.mti().empty());
    CHECK(m.set_mti("020") == iso8583_errc::invalid_mti);
    CHECK(m.set_mti("02A0") == iso8583_errc::invalid_mti);
    CHECK_FALSE(m.has_mti());
    CHECK(!m.set_mti("0200"));
    CHECK(m.mti() == "0200");
  }

  TEST_CASE("binary values keep every byte including zeros") {
    message m;
    const std::vector<std::uint8_t> pin = {0x00, 0xFF, 0x10, 0x00};
    CHECK(!m.set_bytes(52, pin));
    REQUIRE(m.bytes(52).size() == 4);
    CHECK(std::equal(pin.begin(), pin.end(), m.bytes(52).begin()));
  }

  TEST_CASE("uint_field reads digits and refuses anything else") {
    message m;
    m.set(11, "000123");
    m.set(12, "12a");
    m.set(13, "");
    m.set(14, "18446744073709551615");
    m.set(15, "18446744073709551616");
    CHECK(m.uint_field(11) == 123U);
    CHECK_FALSE(m.uint_field(12));
    CHECK_FALSE(m.uint_field(13));
    CHECK(m.uint_field(14) == 18446744073709551615ULL);
    CHECK_FALSE(m.uint_field(15));
    CHECK_FALSE(m.uint_field(16));
  }

  TEST_CASE("amount_minor reads plain amounts and signed x+n amounts") {
    message m;
    m.set(4, "000000001000");
    m.set(28, "D00000150");
    m.set(29, "C00000150");
    m.set(30, "X00000150");
    CHECK(m.amount_minor(4) == 1000);
    CHECK(m.amount_minor(28) == -150);
    CHECK(m.amount_minor(29) == 150);
    CHECK_FALSE(m.amount_minor(30));
    CHECK_FALSE(m.amount_minor(31));
  }

  TEST_CASE("set_uint pads to a width and refuses numbers wider than it") {
    message m;
    CHECK(!m.set_uint(11, 42, 6));
    CHECK(m.get(11) == "000042");
    CHECK(!m.set_uint(4, 1234));
    CHECK(m.get(4) == "1234");
    CHECK(m.set_uint(11, 1234567, 6) == iso8583_errc::invalid_value);
    CHECK(m.get(11) == "000042");
  }

  TEST_CASE("set_signed_amount writes the C or D sign and the digits") {
    message m;
    CHECK(!m.set_signed_amount(28, -150, 8));
    CHECK(m.get(28) == "D00000150");
    CHECK(!m.set_signed_amount(29, 7, 8));
    CHECK(m.get(29) == "C00000007");
    CHECK(m.amount_minor(28) == -150);
  }

  TEST_CASE("values survive many overwrites and the buffer compaction they trigger") {
    message m;
    m.set(2, "4761739001010119");
    for (int i = 0; i < 5000; ++i) {
      m.set(48,
            std::string(static_cast<std::size_t>(i % 300) + 1, static_cast<char>('a' + i % 26)));
      m.set(11, std::to_string(i));
    }
    CHECK(m.get(2) == "4761739001010119");
    CHECK(m.get(11) == "4999");
    CHECK(m.get(48) == std::string(4999 % 300 + 1, static_cast<char>('a' + 4999 % 26)));
  }

  TEST_CASE("a field may be set from another field's value") {
    message m;
    m.set(2, "4761739001010119");
    m.set(3, "000000");
    for (int i = 0; i < 100; ++i)
      m.set(100 + i % 50, m.get(2));
    m.set(2, m.get(2).substr(0, 6));
    m.set(34, m.get(3));
    CHECK(m.get(2) == "476173");
    CHECK(m.get(149) == "4761739001010119");
    CHECK(m.get(34) == "000000");
  }

  TEST_CASE("present fields iterate in increasing order across all three bitmaps") {
    message m;
    for (int f : {150, 3, 70, 2, 192, 64, 65, 128, 129})
      m.set(f, "1");
    std::vector<int> seen(m.fields().begin(), m.fields().end());
    CHECK(seen == std::vector<int>{2, 3, 64, 65, 70, 128, 129, 150, 192});
  }

  TEST_CASE("messages compare by MTI and field values") {
    message a;
    message b;
    CHECK(a == b);
    a.set_mti("0200");
    CHECK_FALSE(a == b);
    b.set_mti("0200");
    a.set(11, "1");
    b.set(11, "2");
    CHECK_FALSE(a == b);
    b.set(11, "1");
    CHECK(a == b);
    b.set(12, "");
    CHECK_FALSE(a == b);
    a.clear();
    CHECK_FALSE(a.has_mti());
    CHECK(a.size() == 0);
  }
}
