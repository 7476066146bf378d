#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::load;

TEST_SUITE("config cross references") {
  TEST_CASE("rejects two networks with the same name") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 2}]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[1].name", 6, 8,
                R"(a network name not already used by networks[0].name ("visa"))");
  }

  TEST_CASE("rejects two listeners with the same name") {
    auto result = load(R"([[listeners]]
name = "edge"
protocol = "iso8583"
port = 1000
[[listeners]]
name = "edge"
protocol = "jsonrpc"
port = 1001
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners[1].name", 6, 8,
                R"(a listener name not already used by listeners[0].name ("edge"))");
  }

  TEST_CASE("rejects a fallback naming no network and a network naming itself") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
fallbacks = ["visa", "local-processor"]
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "networks[0].fallbacks[0]", 5, 14,
                R"(the name of another network ("visa" cannot fall back to itself))");
    check_error(result, "networks[0].fallbacks[1]", 5, 22,
                R"(the name of a configured network (no network is named "local-processor"))");
  }

  TEST_CASE("rejects a fallback to a network of another protocol") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
fallbacks = ["eth"]
[[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "h", port = 2}]
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].fallbacks[0]", 5, 14,
                R"(a network with protocol = "iso8583" ("eth" speaks jsonrpc))");
  }

  TEST_CASE("accepts fallbacks to other networks of the same protocol, in order") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
fallbacks = ["mastercard", "amex"]
[[networks]]
name = "mastercard"
protocol = "iso8583"
hosts = [{address = "h", port = 2}]
[[networks]]
name = "amex"
protocol = "iso8583"
hosts = [{address = "h", port = 3}]
)");
    REQUIRE(result.ok());
    CHECK(result.settings->networks[0].fallbacks == std::vector<std::string>{"mastercard", "amex"});
  }

  TEST_CASE("rejects two listeners bound to the same address and port") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 8583
[[listeners]]
protocol = "jsonrpc"
port = 8583
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners[1].port", 6, 8,
                "a port not already bound by listeners[0].port (127.0.0.1:8583)");
  }

  TEST_CASE("rejects a listener on the node's cluster port, even when that port is defaulted") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 4242
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners[0].port", 3, 8,
                "a port not already bound by node.cluster_port (127.0.0.1:4242)");
  }

  TEST_CASE("rejects an admin_http port that a listener already binds") {
    auto result = load(R"([[listeners]]
protocol = "jsonrpc"
port = 8080
[admin_http]
enabled = true
port = 8080
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "admin_http.port", 6, 8,
                "a port not already bound by listeners[0].port (127.0.0.1:8080)");
  }

  TEST_CASE("treats a wildcard address as overlapping every address on the same port") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
address = "0.0.0.0"
port = 9000
[[listeners]]
protocol = "jsonrpc"
address = "10.0.0.5"
port = 9000
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners[1].port", 8, 8,
                "a port not already bound by listeners[0].port (0.0.0.0:9000)");
  }

  TEST_CASE("allows one port on two addresses, port 0 twice and a disabled admin_http port") {
    auto result = load(R"([node]
cluster_port = 0
[[listeners]]
protocol = "iso8583"
address = "127.0.0.1"
port = 9000
[[listeners]]
protocol = "iso8583"
address = "127.0.0.2"
port = 9000
[[listeners]]
protocol = "jsonrpc"
port = 0
[[listeners]]
protocol = "jsonrpc"
port = 0
[admin_http]
enabled = false
port = 9000
)");
    for (const auto& error : result.errors) {
      INFO(to_string(error));
    }
    CHECK(result.ok());
  }
}
