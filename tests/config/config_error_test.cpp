#include "config/config_error.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;

TEST_SUITE("config_error") {
  TEST_CASE("renders file, line, column, the dotted key and the expectation") {
    config_error error{"gw.toml", 12, 9, "networks[1].hosts[0].port", "an integer in 1..65535"};
    CHECK(to_string(error)
          == "gw.toml:12:9: networks[1].hosts[0].port: expected an integer in 1..65535");
  }

  TEST_CASE("leaves out an unknown position and an empty key") {
    CHECK(to_string(config_error{"gw.toml", 0, 0, "", "a readable configuration file"})
          == "gw.toml: expected a readable configuration file");
    CHECK(to_string(config_error{"gw.toml", 3, 16, "", "valid TOML"})
          == "gw.toml:3:16: expected valid TOML");
  }
}
