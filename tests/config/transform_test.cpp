#include "config/check_config.hpp"
#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::error_for;
using switchyard::config::test::load;
namespace iso = switchyard::iso8583;

namespace {

// A network on iso87-ascii whose transformation tables start on line 6.
std::string network(const std::string& transform, const std::string& dialect = "iso87-ascii") {
  return "[[networks]]\nname = \"visa\"\nprotocol = \"iso8583\"\ndialect = \"" + dialect
         + "\"\nhosts = [{ address = \"127.0.0.1\", port = 9583 }]\n" + transform;
}

const iso::transform_rules& rules_of(const load_result& r) {
  REQUIRE(r.ok());
  return r.settings->networks.front().transform;
}

std::string expected_for(const load_result& r, std::string_view key) {
  return error_for(r, key).expected;
}

} // namespace

TEST_SUITE("config network transformations") {
  TEST_CASE("parses every operation of both directions in order") {
    auto r = load(network(R"([[networks.transform.request]]
set = { field = 32, value = "123456" }
[[networks.transform.request]]
copy = { from = 37, to = 48 }
mti = "02??"
[[networks.transform.request]]
move = { from = 60, to = 62 }
[[networks.transform.request]]
remove = [55, 60]
[[networks.transform.request]]
map = { field = 3, table = { "000000" = "001000", "200000" = "220000" }, default = "remove" }
[[networks.transform.request]]
map = { field = 25, table = { "00" = "59" }, default_value = "00" }
[[networks.transform.response]]
restore = [60]
[[networks.transform.response]]
map = { field = 39, table = { "N7" = "05" } }
)"));
    const auto& t = rules_of(r);
    REQUIRE(t.request.size() == 6);
    CHECK(t.request[0].op == iso::transform_op::set);
    CHECK(t.request[0].field == 32);
    CHECK(t.request[0].value == "123456");
    CHECK(t.request[1].op == iso::transform_op::copy);
    CHECK(t.request[1].field == 37);
    CHECK(t.request[1].to == 48);
    CHECK(t.request[1].mti == "02??");
    CHECK(t.request[2].op == iso::transform_op::move);
    CHECK(t.request[3].fields == std::vector{55, 60});
    CHECK(t.request[4].op == iso::transform_op::map);
    CHECK(t.request[4].table.size() == 2);
    CHECK(t.request[4].fallback == iso::map_fallback::remove);
    CHECK(t.request[5].fallback == iso::map_fallback::value);
    CHECK(t.request[5].value == "00");
    REQUIRE(t.response.size() == 2);
    CHECK(t.response[0].op == iso::transform_op::restore);
    CHECK(t.response[0].fields == std::vector{60});
    CHECK(t.response[1].fallback == iso::map_fallback::keep);
  }

  TEST_CASE("a network without transformations has none") {
    CHECK(rules_of(load(network(""))).empty());
  }

  TEST_CASE("field numbers must lie within the dialect's bitmaps") {
    auto r = load(network("[[networks.transform.request]]\nremove = [1, 129]\n"));
    auto expected = "a field number in 2..128 (the fields dialect iso87-ascii can address)";
    check_error(r, "networks[0].transform.request[0].remove[0]", 7, 11, expected);
    check_error(r, "networks[0].transform.request[0].remove[1]", 7, 14, expected);
  }

  TEST_CASE("a request field must be one the network's dialect packs") {
    switchyard::config::test::temp_directory dir;
    auto dialect = dir.write(
      "no60.toml", "name = \"no60\"\nbase = \"iso87-ascii\"\n[fields]\n60 = { remove = true }\n");
    auto r = load(
      network("[[networks.transform.request]]\ncopy = { from = 37, to = 60 }\n", dialect.string()));
    check_error(r, "networks[0].transform.request[0].copy.to", 7, 26,
                "a field dialect no60 defines (requests are packed with it; it has no field 60)");
    // Removing what the network does not take is what remove is for.
    CHECK(load(network("[[networks.transform.request]]\nremove = [60]\n", dialect.string())).ok());
  }

  TEST_CASE("a map takes strings and a value the dialect can pack") {
    auto r = load(network(R"([[networks.transform.request]]
map = { field = 3, table = { "000000" = 1000, "200000" = "2X0000" } }
)"));
    CHECK(expected_for(r, R"(networks[0].transform.request[0].map.table."000000")")
          == "a string: the field's value in the network's terms");
    CHECK(expected_for(r, R"(networks[0].transform.request[0].map.table."200000")")
          == "a value dialect iso87-ascii can pack as field 3 (n 6): \"2X0000\": character not "
             "allowed by the field type");
  }

  TEST_CASE("set checks its value against the field's format") {
    auto r
      = load(network("[[networks.transform.request]]\nset = { field = 32, value = \"ABC\" }\n"));
    check_error(r, "networks[0].transform.request[0].set.value", 7, 29,
                "a value dialect iso87-ascii can pack as field 32 (n..11): \"ABC\": character not "
                "allowed by the field type");
    auto binary
      = load(network("[[networks.transform.request]]\nset = { field = 64, value = \"00\" }\n"));
    CHECK(expected_for(binary, "networks[0].transform.request[0].set.value")
          == "a text or numeric field: field 64 is binary (b 8) in dialect iso87-ascii");
  }

  TEST_CASE("card data is neither configured nor copied where logs show it") {
    auto set = load(network(
      "[[networks.transform.request]]\nset = { field = 2, value = \"4111111111111111\" }\n"));
    CHECK(expected_for(set, "networks[0].transform.request[0].set.field")
          == "a field without card data: field 2 is masked as pan in logs, and card numbers, "
             "tracks, PINs or EMV data do not belong in a configuration file");
    auto copy = load(network("[[networks.transform.request]]\ncopy = { from = 35, to = 48 }\n"));
    CHECK(expected_for(copy, "networks[0].transform.request[0].copy.to")
          == "a field logged as safely as field 35 (masked as track): field 48 is masked as none "
             "in dialect iso87-ascii, so its card data would reach the logs (mask it in a dialect "
             "file)");
    CHECK(load(network("[[networks.transform.request]]\nmove = { from = 35, to = 45 }\n")).ok());
    CHECK(load(network("[[networks.transform.request]]\nremove = [2, 35, 45, 52, 55]\n")).ok());
  }

  TEST_CASE("the STAN and a response's code stay the gateway's") {
    auto stan = load(network("[[networks.transform.request]]\nmove = { from = 11, to = 48 }\n"));
    CHECK(expected_for(stan, "networks[0].transform.request[0].move.from")
            .starts_with("a field other than 11"));
    auto code
      = load(network("[[networks.transform.response]]\nset = { field = 39, value = \"00\" }\n"));
    CHECK(expected_for(code, "networks[0].transform.response[0].set.field")
            .starts_with("a field other than 39 of a response"));
    auto flip = load(network(R"([[networks.transform.response]]
map = { field = 39, table = { "05" = "00", "N7" = "05" }, default = "remove" }
)"));
    CHECK(expected_for(flip, R"(networks[0].transform.response[0].map.table."05")")
          == "a response code that approves exactly when \"05\" does (00, 08, 10, 11 and 16 "
             "approve): the gateway reverses approvals the acquirer cannot receive by field 39");
    CHECK(expected_for(flip, "networks[0].transform.response[0].map.default")
          == "no default for field 39 of a response (default = \"keep\"): a code the table lacks "
             "may approve or not");
    CHECK(flip.errors.size() == 2);
  }

  TEST_CASE("each step is exactly one operation of its direction") {
    auto none = load(network("[[networks.transform.request]]\nmti = \"0200\"\n"));
    check_error(none, "networks[0].transform.request[0]", 6, 1,
                "exactly one operation per step, one of set, copy, move, remove, map (this step "
                "has none)");
    auto two
      = load(network("[[networks.transform.request]]\nremove = [60]\nset = { field = 32, value = "
                     "\"1\" }\n"));
    CHECK(expected_for(two, "networks[0].transform.request[0]")
          == "exactly one operation per step, one of set, copy, move, remove, map (this step has "
             "more)");
    auto restore = load(network("[[networks.transform.request]]\nrestore = [60]\n"));
    CHECK(expected_for(restore, "networks[0].transform.request[0].restore")
          == "set, copy, move, remove or map (restore is for [[networks.transform.response]]: it "
             "gives the acquirer back what it sent)");
  }

  TEST_CASE("operations are checked for their own keys and shapes") {
    auto r = load(network(R"([[networks.transform.request]]
copy = { from = 37, to = 37 }
[[networks.transform.request]]
remove = []
[[networks.transform.request]]
map = { field = 3, table = { "1" = "000001" }, default = "keep", default_value = "000000" }
[[networks.transform.request]]
set = { field = 32, value = "1", with = 2 }
mti = "02x0"
[[networks.transform.sideways]]
remove = [60]
)"));
    CHECK(expected_for(r, "networks[0].transform.request[0].copy.to")
          == "a field other than the source (37)");
    CHECK(expected_for(r, "networks[0].transform.request[1].remove")
          == "a non-empty array of field numbers, e.g. [55, 60]");
    CHECK(expected_for(r, "networks[0].transform.request[2].map.default_value")
          == "either default or default_value, not both");
    CHECK(expected_for(r, "networks[0].transform.request[3].set.with")
          == "a known key (allowed here: field, value)");
    CHECK(expected_for(r, "networks[0].transform.request[3].mti")
          == "an MTI pattern of exactly four characters, each a digit or '?'");
    CHECK(expected_for(r, "networks[0].transform.sideways")
          == "a known key (allowed here: request, response)");
  }

  TEST_CASE("only ISO 8583 networks take transformations") {
    auto r = load(R"([[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{ address = "127.0.0.1", port = 8545 }]
[[networks.transform.request]]
remove = [60]
)");
    CHECK(expected_for(r, "networks[0].transform")
          == "no such key with protocol = \"jsonrpc\" (only protocol = \"iso8583\" takes it)");
  }

  TEST_CASE("check-config names the file, line, key and what was expected") {
    switchyard::config::test::temp_directory dir;
    auto file
      = dir.write("gw.toml", network("[[networks.transform.request]]\nset = { field = 11, value = "
                                     "\"000001\" }\n"));
    std::ostringstream out;
    std::ostringstream err;
    CHECK(check_config(file.string(), out, err) == 1);
    INFO(err.str());
    CHECK(err.str().find(file.string()
                         + ":7:17: networks[0].transform.request[0].set.field: "
                           "expected a field other than 11")
          != std::string::npos);
  }

  TEST_CASE("check-config counts a network's transformations per direction") {
    switchyard::config::test::temp_directory dir;
    auto file = dir.write("gw.toml", network("[[networks.transform.request]]\nremove = [60]\n"
                                             "[[networks.transform.request]]\nremove = [61]\n"
                                             "[[networks.transform.response]]\nrestore = [60]\n"));
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(check_config(file.string(), out, err) == 0);
    CHECK(out.str().find("network visa: iso8583, 1 host, 0 rules, fallbacks: none, transforms: 2 "
                         "request, 1 response\n")
          != std::string::npos);
  }
}
