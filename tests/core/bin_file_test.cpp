#include "core/bin_file.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using switchyard::config::config_error;
using switchyard::core::bin_file_scope;
using switchyard::core::bin_overlap;
using switchyard::core::bin_table;
using switchyard::core::bin_table_builder;
using switchyard::core::make_pan_key;
using switchyard::core::parse_bin_file;

namespace {

// A node's table: every line names one of these networks.
bin_file_scope node_scope() {
  return {"bins.csv", "", {"visa", "mastercard"}};
}

// Visa's own table.
bin_file_scope visa_scope() {
  return {"visa.csv", "visa", {}};
}

struct parsed {
  bin_table table;
  std::vector<config_error> errors;
};

parsed parse(std::string_view text, const bin_file_scope& scope) {
  bin_table_builder builder;
  parsed result;
  parse_bin_file(text, scope, builder, result.errors);
  std::vector<bin_overlap> overlaps;
  result.table = builder.build(overlaps);
  return result;
}

std::string rendered(const std::vector<config_error>& errors) {
  std::string text;
  for (const auto& e : errors)
    text += to_string(e) + "\n";
  return text;
}

} // namespace

TEST_SUITE("bin_file") {
  TEST_CASE("comments, blank lines, a header, blanks around fields and CRLF are understood") {
    auto p = parse("# issuer BINs, 2024-05\n"
                   "\n"
                   "low,high,network,brand,product,country\r\n"
                   "  400000 , 499999 ,visa, VISA ,CREDIT,US\r\n"
                   "   # retired: 510000,519999,mastercard\n"
                   "520000,559999,mastercard\n",
                   node_scope());
    INFO(rendered(p.errors));
    CHECK(p.errors.empty());
    REQUIRE(p.table.size() == 2);
    auto visa = p.table.find(make_pan_key("4111111111111111"));
    REQUIRE(visa.has_value());
    CHECK(p.table.at(*visa).line == 4);
    CHECK(p.table.network_name(p.table.at(*visa).network) == "visa");
    CHECK(p.table.attributes(*visa).brand == "VISA");
    CHECK(p.table.attributes(*visa).country == "US");
    auto mc = p.table.find(make_pan_key("5500000000000004"));
    REQUIRE(mc.has_value());
    CHECK(p.table.at(*mc).line == 6);
    CHECK(p.table.attributes(*mc).brand.empty());
  }

  TEST_CASE("a header is only the first line with data, and a file needs none") {
    auto p = parse("400000,499999,visa\nlow,high,network\n", node_scope());
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].line == 2);
    CHECK(p.errors[0].key == "low");
  }

  TEST_CASE("every problem names its file, line, column and the column's name") {
    auto p = parse("400000,499999,visa\n"                  // 1 fine
                   "41000A,419999,visa\n"                  // 2 not digits (low)
                   "420000,42999,visa\n"                   // 3 unequal lengths
                   "439999,430000,visa\n"                  // 4 reversed
                   "440000,449999,amex\n"                  // 5 unknown network
                   "450000,459999\n"                       // 6 no network column
                   "460000,469999,visa,a,b,c,d\n"          // 7 too many fields
                   "470000,479999,,VISA\n"                 // 8 empty network
                   "480000,4899990000000000000000,visa\n", // 9 too long
                   node_scope());
    auto text = rendered(p.errors);
    INFO(text);
    REQUIRE(p.errors.size() == 8);
    CHECK(to_string(p.errors[0])
          == "bins.csv:2:1: low: expected digits only (a card-number prefix such as 400000)");
    CHECK(to_string(p.errors[1])
          == "bins.csv:3:8: high: expected as many digits as the low bound 420000 (unequal "
             "lengths)");
    CHECK(to_string(p.errors[2])
          == "bins.csv:4:8: high: expected a high bound not below the low bound 439999 "
             "(reversed range)");
    CHECK(to_string(p.errors[3])
          == "bins.csv:5:15: network: expected the name of an ISO 8583 network of this node "
             "(visa, mastercard)");
    CHECK(to_string(p.errors[4])
          == "bins.csv:6:1: expected low,high,network[,brand,product,country]");
    CHECK(to_string(p.errors[5])
          == "bins.csv:7:1: expected low,high,network[,brand,product,country]: 6 fields at most");
    CHECK(p.errors[6].line == 8);
    CHECK(p.errors[6].key == "network");
    CHECK(p.errors[7].line == 9);
    CHECK(p.errors[7].key == "high");
    CHECK(p.errors[7].expected == "at most 19 digits (the longest card number)");
    CHECK(p.table.size() == 1);
  }

  TEST_CASE("a network's own table may leave the network out or name that network only") {
    auto p = parse("400000,409999\n"
                   "410000,419999,,VISA,DEBIT,GB\n"
                   "420000,429999,visa\n"
                   "430000,439999,mastercard\n",
                   visa_scope());
    REQUIRE(p.errors.size() == 1);
    CHECK(to_string(p.errors[0])
          == "visa.csv:4:15: network: expected an empty network or \"visa\" (this file is visa's "
             "BIN table)");
    CHECK(p.table.size() == 3);
    CHECK(p.table.networks() == 1);
    CHECK(p.table.network_name(0) == "visa");
    auto found = p.table.find(make_pan_key("4100001234567890"));
    REQUIRE(found.has_value());
    CHECK(p.table.attributes(*found).product == "DEBIT");
  }

  TEST_CASE("a line with one field is malformed in a network's table too") {
    auto p = parse("400000\n", visa_scope());
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].expected == "low,high[,network,brand,product,country]");
  }

  TEST_CASE("past 50 problems one more error counts the rest") {
    std::string text;
    for (int i = 0; i < 120; ++i)
      text += "x,y,visa\n";
    auto p = parse(text, node_scope());
    REQUIRE(p.errors.size() == 51);
    CHECK(p.errors[49].line == 50);
    CHECK(p.errors[50].line == 0);
    CHECK(p.errors[50].expected == "at most 50 problems per BIN file (70 more not shown)");
  }

  TEST_CASE("a last line without a newline is read") {
    auto p = parse("400000,499999,visa", node_scope());
    CHECK(p.errors.empty());
    CHECK(p.table.size() == 1);
  }
}
