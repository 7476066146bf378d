#include "protocols/jsonrpc/json_text.hpp"

#include <doctest/doctest.h>

using namespace switchyard::jsonrpc;

TEST_SUITE("json_text") {
  TEST_CASE("valid JSON passes, and every kind of invalid JSON names where it broke") {
    CHECK_FALSE(validate_json(R"( {"a":[1,2.5e-3,"x\n",true,false,null]} )", 8));
    auto bad = validate_json(R"({"a":tru})", 8);
    REQUIRE(bad);
    CHECK(bad->offset == 5);
    CHECK(validate_json("1 2", 8));
    CHECK(validate_json("", 8));
    CHECK(validate_json(R"({"a":1,})", 8));
    CHECK(validate_json(R"("\x")", 8));
    CHECK(validate_json("[[[1]]]", 2));
  }

  TEST_CASE("members and elements are spans of the original text") {
    std::string_view object = R"({ "a" : [1, {"b": "}"}] , "c\"d":"e" , "f":null })";
    auto members = members_of(object);
    REQUIRE(members.size() == 3);
    CHECK(members[0].name == "a");
    CHECK(members[0].value == R"([1, {"b": "}"}])");
    CHECK(members[1].name == "c\"d");
    CHECK(members[1].value == R"("e")");
    CHECK(members[2].value == "null");
    auto elements = elements_of(R"([ 1 , "]" ,{}, [2] ])");
    REQUIRE(elements.size() == 4);
    CHECK(elements[1] == R"("]")");
    CHECK(elements[3] == "[2]");
    CHECK(elements_of("[ ]").empty());
    CHECK(members_of("{ }").empty());
  }

  TEST_CASE("strings unescape to UTF-8, surrogate pairs included, and escape back") {
    CHECK(unescape_string(R"("a\"b\\c\/d\n\u00e9\ud83d\ude00")")
          == "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80");
    std::string out;
    append_json_string(out, "q\"\\\n\x01");
    CHECK(out == R"("q\"\\\u000a\u0001")");
  }
}
