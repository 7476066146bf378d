#include "protocols/iso8583/dialect_loader.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/protocols/iso8583/reference_messages.hpp"

#include <doctest/doctest.h>

#include <ostream>
#include <string>

using namespace switchyard::iso8583;
using switchyard::iso8583::testing::bytes_of;

namespace {

const std::string dir = SWITCHYARD_DIALECT_DIR;

dialect loaded(std::string_view text) {
  const dialect_load_result r = parse_dialect(text, "test.toml");
  for (const dialect_error& e : r.errors)
    MESSAGE(to_string(e));
  REQUIRE(r.ok());
  return *r.value;
}

std::vector<dialect_error> errors_of(std::string_view text) {
  const dialect_load_result r = parse_dialect(text, "bad.toml");
  CHECK_FALSE(r.ok());
  return r.errors;
}

} // namespace

TEST_SUITE("iso8583 dialect files") {
  TEST_CASE("a standalone EBCDIC dialect with a tertiary bitmap loads and packs") {
    const dialect_load_result r = load_dialect_file(dir + "/ebcdic_host.toml");
    REQUIRE(r.ok());
    const dialect& d = *r.value;
    CHECK(d.name == "ebcdic-host");
    CHECK(d.tertiary_bitmap);
    CHECK(d.find(2)->encoding == data_encoding::bcd_right);
    CHECK(d.find(3)->encoding == data_encoding::bcd_left);
    CHECK(d.find(41)->encoding == data_encoding::ebcdic);
    CHECK(d.find(5) == nullptr);
    message m;
    m.set_mti("0200");
    m.set(3, "000000");
    m.set(41, "T1");
    m.set(130, "X");
    std::string wire;
    REQUIRE(pack(m, d, wire).ok());
    CHECK(wire
          == bytes_of("F0F2F0F0 A000000000800000 8000000000000000 4000000000000000"
                      "000000 E3F1404040404040 F0F0F1E7"));
    message back;
    REQUIRE(unpack(as_byte_view(wire), d, back).ok());
    CHECK(back.get(41) == "T1      ");
    CHECK(back.get(130) == "X");
  }

  TEST_CASE("a dialect based on a built-in adjusts, adds and removes fields") {
    const dialect_load_result r = load_dialect_file(dir + "/acme_binary.toml");
    REQUIRE(r.ok());
    const dialect& d = *r.value;
    CHECK(d.mti == mti_encoding::bcd);
    CHECK(d.find(48)->type == field_type::b);
    CHECK(d.find(48)->prefix == prefix_encoding::binary);
    CHECK(d.find(48)->encoding == data_encoding::binary);
    CHECK(d.find(35)->bcd_filler == 0xF);
    CHECK(d.find(35)->encoding == data_encoding::bcd_right);
    CHECK(d.find(60) == nullptr);
    CHECK(d.find(62)->max_length == 100);
    CHECK(d.find(62)->prefix == prefix_encoding::bcd);
    CHECK(d.names[62] == "acme loyalty data");
    CHECK(d.find(2)->type == iso87_binary().find(2)->type);
    message m;
    m.set_mti("0100");
    m.set(35, "123=4");
    m.set(48, bytes_of("0001FF"));
    std::string wire;
    REQUIRE(pack(m, d, wire).ok());
    CHECK(wire == bytes_of("0100 0000000020010000 05 123D4F 0003 0001FF"));
  }

  TEST_CASE("a TOML syntax error names the file and line") {
    const auto errors = errors_of("name = \"x\"\nbase = \"iso87-ascii\"\n[fields\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "bad.toml");
    CHECK(errors[0].line == 3);
    CHECK(to_string(errors[0]).rfind("bad.toml:3:", 0) == 0);
  }

  TEST_CASE("an unknown encoding names the file, line and field") {
    const dialect_load_result r = load_dialect_file(dir + "/unknown_encoding.toml");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.errors.size() == 1);
    const dialect_error& e = r.errors[0];
    CHECK(e.file == dir + "/unknown_encoding.toml");
    CHECK(e.line == 5);
    CHECK(e.field == 41);
    CHECK(e.message.find("unknown encoding 'asci'") != std::string::npos);
    CHECK(to_string(e).find(":5:") != std::string::npos);
    CHECK(to_string(e).find("field 41: ") != std::string::npos);
  }

  TEST_CASE("unknown keys are reported at the dialect and the field level") {
    const auto errors = errors_of("name = \"x\"\nbase = \"iso87-ascii\"\ncolour = 1\n"
                                  "[fields]\n2 = { format = \"n..19\", lenght = 19 }\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].line == 3);
    CHECK(errors[0].message == "unknown key 'colour'");
    CHECK(errors[1].line == 5);
    CHECK(errors[1].field == 2);
    CHECK(errors[1].message == "unknown key 'lenght'");
  }

  TEST_CASE("a dialect without a base needs a name and both encodings") {
    const auto errors = errors_of("[fields]\n2 = { format = \"n..19\" }\n");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].message == "missing key 'name'");
    CHECK(errors[1].message.find("mti_encoding") != std::string::npos);
    CHECK(errors[2].message.find("bitmap_encoding") != std::string::npos);
  }

  TEST_CASE("field numbers must run from 2 to 192") {
    const auto errors = errors_of("name = \"x\"\nbase = \"iso87-ascii\"\n[fields]\n"
                                  "1 = { format = \"b 8\" }\n193 = { format = \"b 8\" }\n"
                                  "two = { format = \"b 8\" }\n");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].line == 4);
    CHECK(errors[1].line == 5);
    CHECK(errors[2].message == "'two' is not a field number from 2 to 192");
  }

  TEST_CASE("a maximum beyond the prefix capacity is reported at its field") {
    const auto errors = errors_of("name = \"x\"\nbase = \"iso87-ascii\"\n[fields]\n"
                                  "44 = { format = \"an..25\" }\n"
                                  "48 = { format = \"ans..120\" }\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == 48);
    CHECK(errors[0].line == 5);
    CHECK(errors[0].message == "maximum length does not fit the length prefix");
  }

  TEST_CASE("inconsistent field definitions are each reported") {
    const auto errors = errors_of("name = \"x\"\nbase = \"iso87-ascii\"\n[fields]\n"
                                  "3 = { format = \"ans 6\", encoding = \"bcd\" }\n"
                                  "4 = { length = 0 }\n"
                                  "5 = { format = \"n..19\", padding = \"left-zero\" }\n"
                                  "6 = { format = \"b 8\", encoding = \"ascii\" }\n"
                                  "7 = { format = \"n 10\", bcd_filler = \"E\" }\n"
                                  "8 = { type = \"q\" }\n"
                                  "130 = { format = \"n 3\" }\n"
                                  "140 = { name = \"nothing\" }\n");
    REQUIRE(errors.size() == 8);
    for (const dialect_error& e : errors)
      CHECK(e.field != 0);
  }

  TEST_CASE("the format shorthand and explicit keys describe the same field") {
    const dialect a = loaded("name = \"a\"\nbase = \"iso87-ascii\"\n[fields]\n"
                             "48 = { format = \"ans...999\" }\n");
    const dialect b = loaded("name = \"b\"\nbase = \"iso87-ascii\"\n[fields.48]\n"
                             "type = \"ans\"\nlength_kind = \"lll\"\nmax_length = 999\n");
    CHECK(a.find(48)->max_length == b.find(48)->max_length);
    CHECK(a.find(48)->length == b.find(48)->length);
    CHECK(a.find(48)->type == b.find(48)->type);
  }

  TEST_CASE("unreadable files and unknown names are reported") {
    const dialect_load_result missing = load_dialect_file(dir + "/does_not_exist.toml");
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].message == "cannot read the dialect file");
    const dialect_load_result unknown = resolve_dialect("iso93-ascii");
    REQUIRE(unknown.errors.size() == 1);
    CHECK(unknown.errors[0].message.find("unknown dialect") == 0);
    const auto bad_base = errors_of("name = \"x\"\nbase = \"iso93\"\n");
    REQUIRE(bad_base.size() == 1);
    CHECK(bad_base[0].line == 2);
  }

  TEST_CASE("resolve_dialect prefers built-in names and falls back to files") {
    const dialect_load_result builtin = resolve_dialect("iso87-binary");
    REQUIRE(builtin.ok());
    CHECK(builtin.value->name == "iso87-binary");
    const dialect_load_result file = resolve_dialect(dir + "/acme_binary.toml");
    REQUIRE(file.ok());
    CHECK(file.value->name == "acme-binary");
  }
}
