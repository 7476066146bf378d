#include "protocols/iso8583/field_codec.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/concat.hpp"
#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <random>
#include <string>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

namespace {

field_spec make_spec(field_type type, length_kind length, std::uint32_t max,
                     data_encoding encoding = data_encoding::ascii,
                     prefix_encoding prefix = prefix_encoding::ascii) {
  field_spec s;
  s.defined = true;
  s.type = type;
  s.length = length;
  s.max_length = max;
  s.encoding = encoding;
  s.prefix = prefix;
  return s;
}

// Encodes one field alone and returns its wire bytes (empty on error, with `ec` set).
std::string encoded(const field_spec& spec, std::string_view value, std::error_code& ec) {
  std::uint8_t buf[4096];
  byte_writer w{buf, buf + sizeof(buf)};
  ec = make_error_code(encode_field(spec, value, w));
  return ec ? std::string{} : std::string(reinterpret_cast<char*>(buf), w.pos - buf);
}

std::string encoded(const field_spec& spec, std::string_view value) {
  std::error_code ec;
  std::string out = encoded(spec, value, ec);
  REQUIRE_MESSAGE(!ec, ec.message());
  return out;
}

// Decodes one field from `wire`, which it must consume entirely.
std::string decoded(const field_spec& spec, const std::string& wire) {
  message m;
  m.hold_wire(as_byte_view(wire));
  std::size_t pos = 0;
  const std::error_code ec = decode_field(spec, 2, as_byte_view(wire), pos, m);
  REQUIRE_MESSAGE(!ec, ec.message());
  CHECK(pos == wire.size());
  return std::string(m.get(2));
}

void check_round_trip(const field_spec& spec, std::string_view value, const std::string& wire) {
  CHECK(encoded(spec, value) == wire);
  CHECK(decoded(spec, wire) == value);
}

} // namespace

TEST_SUITE("iso8583 field codec") {
  TEST_CASE("every field type round trips in ASCII") {
    check_round_trip(make_spec(field_type::n, length_kind::fixed, 4), "0612", "0612");
    check_round_trip(make_spec(field_type::a, length_kind::fixed, 3), "USD", "USD");
    check_round_trip(make_spec(field_type::an, length_kind::fixed, 4), "A1 B", "A1 B");
    check_round_trip(make_spec(field_type::as, length_kind::fixed, 4), "AB-/", "AB-/");
    check_round_trip(make_spec(field_type::ns, length_kind::ll, 8), "12-34/5", "0712-34/5");
    check_round_trip(make_spec(field_type::ans, length_kind::lll, 20), "Caf\xE9 #1",
                     "007Caf\xE9 #1");
    check_round_trip(make_spec(field_type::b, length_kind::fixed, 2, data_encoding::hex),
                     bytes_of("0AFF"), "0AFF");
    check_round_trip(make_spec(field_type::z, length_kind::ll, 37), "4000=2512", "094000=2512");
    check_round_trip(make_spec(field_type::xn, length_kind::fixed, 4), "C0150", "C0150");
  }

  TEST_CASE("every length kind writes as many prefix digits as it names") {
    const std::string value = "12345";
    std::string prefix;
    for (auto k : {length_kind::l, length_kind::ll, length_kind::lll, length_kind::llll,
                   length_kind::lllll, length_kind::llllll}) {
      prefix = std::string(prefix_digits(k) - 1, '0') + "5";
      check_round_trip(make_spec(field_type::n, k, 9), value, prefix + value);
    }
  }

  TEST_CASE("every prefix encoding writes the length in its own form") {
    const auto spec = [](length_kind k, prefix_encoding p) {
      return make_spec(field_type::ans, k, 300, data_encoding::ascii, p);
    };
    const std::string value(123, 'x');
    check_round_trip(spec(length_kind::lll, prefix_encoding::ascii), value,
                     std::string("123") + value);
    check_round_trip(spec(length_kind::lll, prefix_encoding::ebcdic), value,
                     bytes_of("F1F2F3") + value);
    check_round_trip(spec(length_kind::lll, prefix_encoding::bcd), value, bytes_of("0123") + value);
    check_round_trip(spec(length_kind::lll, prefix_encoding::binary), value,
                     bytes_of("007B") + value);
    check_round_trip(make_spec(field_type::ans, length_kind::ll, 99, data_encoding::ascii,
                               prefix_encoding::binary),
                     "abc", bytes_of("03") + "abc");
  }

  TEST_CASE("every data encoding writes the value in its own form") {
    check_round_trip(make_spec(field_type::an, length_kind::fixed, 3, data_encoding::ebcdic), "A1z",
                     bytes_of("C1F1A9"));
    check_round_trip(make_spec(field_type::n, length_kind::fixed, 3, data_encoding::bcd_left),
                     "123", bytes_of("0123"));
    check_round_trip(make_spec(field_type::n, length_kind::fixed, 3, data_encoding::bcd_right),
                     "123", bytes_of("1230"));
    check_round_trip(make_spec(field_type::b, length_kind::ll, 9, data_encoding::binary),
                     bytes_of("00FF10"), std::string("03") + bytes_of("00FF10"));
    check_round_trip(make_spec(field_type::b, length_kind::ll, 9, data_encoding::hex),
                     bytes_of("00FF10"), "0300FF10");
    check_round_trip(make_spec(field_type::z, length_kind::ll, 37, data_encoding::bcd_right),
                     "123=45", std::string("06") + bytes_of("123D45"));
    check_round_trip(make_spec(field_type::xn, length_kind::fixed, 4, data_encoding::ebcdic),
                     "D0150", bytes_of("C4F0F1F5F0"));
  }

  TEST_CASE("a BCD filler of F pads odd digit counts with nibble F") {
    field_spec spec = make_spec(field_type::z, length_kind::ll, 37, data_encoding::bcd_right,
                                prefix_encoding::bcd);
    spec.bcd_filler = 0xF;
    check_round_trip(spec, "123=4", bytes_of("05 123D4F"));
  }

  TEST_CASE("fixed fields are padded as their padding rule says") {
    field_spec number = make_spec(field_type::n, length_kind::fixed, 6);
    number.pad = padding::left_zero;
    CHECK(encoded(number, "42") == "000042");
    number.encoding = data_encoding::bcd_left;
    CHECK(encoded(number, "42") == bytes_of("000042"));
    field_spec text = make_spec(field_type::ans, length_kind::fixed, 6);
    text.pad = padding::right_space;
    CHECK(encoded(text, "AB") == "AB    ");
    text.pad = padding::left_space;
    CHECK(encoded(text, "AB") == "    AB");
    text.pad = padding::right_zero;
    CHECK(encoded(text, "AB") == "AB0000");
  }

  TEST_CASE("fixed fields without padding reject short and long values") {
    const field_spec spec = make_spec(field_type::n, length_kind::fixed, 4);
    std::error_code ec;
    encoded(spec, "123", ec);
    CHECK(ec == iso8583_errc::invalid_length);
    encoded(spec, "12345", ec);
    CHECK(ec == iso8583_errc::invalid_length);
    field_spec binary = make_spec(field_type::b, length_kind::fixed, 8, data_encoding::binary);
    encoded(binary, "1234567", ec);
    CHECK(ec == iso8583_errc::invalid_length);
  }

  TEST_CASE("a prefix counting encoded bytes counts packed BCD bytes and hex characters") {
    field_spec bcd = make_spec(field_type::n, length_kind::ll, 20, data_encoding::bcd_right,
                               prefix_encoding::binary);
    bcd.prefix_counts = length_unit::encoded;
    check_round_trip(bcd, "1234", bytes_of("02 1234"));
    field_spec hex = make_spec(field_type::b, length_kind::lll, 255, data_encoding::hex);
    hex.prefix_counts = length_unit::encoded;
    check_round_trip(hex, bytes_of("ABCD"), "004ABCD");
  }

  TEST_CASE("packing into a short buffer fails and the string form grows instead") {
    const message m = switchyard::iso8583::testing::reference_0200();
    std::uint8_t small[40];
    const codec_result r = pack(m, iso87_ascii(), std::span<std::uint8_t>{small});
    CHECK(r.error == iso8583_errc::buffer_too_small);
    std::string big;
    big.reserve(8);
    CHECK(pack(m, iso87_ascii(), big).ok());
    std::string exact(big.size(), '\0');
    const codec_result again
      = pack(m, iso87_ascii(), {reinterpret_cast<std::uint8_t*>(exact.data()), exact.size()});
    CHECK(again.ok());
    CHECK(again.size == big.size());
    CHECK(exact == big);
  }

  TEST_CASE("random field values round trip through every built-in dialect") {
    std::mt19937 rng(8583);
    auto digits = [&](std::size_t n) {
      std::string s;
      for (std::size_t i = 0; i < n; ++i)
        s.push_back(static_cast<char>('0' + rng() % 10));
      return s;
    };
    for (int round = 0; round < 200; ++round) {
      message m;
      m.set_mti(concat({"0", digits(1), "00"}));
      m.set(2, digits(12 + rng() % 8));
      m.set(4, digits(12));
      m.set(32, digits(1 + rng() % 11));
      m.set(35, concat({digits(16), "=", digits(rng() % 20)}));
      m.set(41, concat({"T", digits(7)}));
      m.set(90, digits(42));
      m.set(102, concat({"AC-", digits(rng() % 25)}));
      std::string emv(rng() % 256, '\0');
      for (char& c : emv)
        c = static_cast<char>(rng());
      m.set(55, emv);
      for (std::string_view name : builtin_dialect_names) {
        const dialect& d = *find_builtin_dialect(name);
        std::string wire;
        REQUIRE(pack(m, d, wire).ok());
        message back;
        REQUIRE(unpack(as_byte_view(wire), d, back).ok());
        CHECK(back == m);
      }
    }
  }

  TEST_CASE("large messages unpack intact and survive later edits") {
    message m = switchyard::iso8583::testing::authorization_0200();
    for (int f = 105; f <= 127; ++f)
      m.set(f, std::string(999, static_cast<char>('A' + f % 26)));
    m.set(90, std::string(42, '7'));
    std::string wire;
    REQUIRE(pack(m, iso87_binary(), wire).ok());
    REQUIRE(wire.size() > 20000);
    message back;
    REQUIRE(unpack(as_byte_view(wire), iso87_binary(), back).ok());
    CHECK(back == m);
    for (int i = 0; i < 200; ++i)
      back.set(48, std::string(900, static_cast<char>('a' + i % 26)));
    back.remove(48);
    CHECK(back == m);
  }
}
