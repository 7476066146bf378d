#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::load;

TEST_SUITE("config protocol-specific keys") {
  TEST_CASE("rejects ISO 8583 codec keys on jsonrpc listeners and networks") {
    auto result = load(R"([[listeners]]
protocol = "jsonrpc"
port = 8545
framing = "len2"
[[networks]]
name = "eth"
protocol = "jsonrpc"
dialect = "iso87-ascii"
hosts = [{address = "h", port = 1}]
sign_on = true
)");
    CHECK(result.errors.size() == 3);
    const auto* only_iso
      = R"(no such key with protocol = "jsonrpc" (only protocol = "iso8583" takes it))";
    check_error(result, "listeners[0].framing", 4, 11, only_iso);
    check_error(result, "networks[0].dialect", 8, 11, only_iso);
    check_error(result, "networks[0].sign_on", 10, 11, only_iso);
  }

  TEST_CASE("rejects network keys and health probes meant for the other protocol") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
path = "/rpc"
[networks.health_check]
kind = "jsonrpc_method"
[[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "h", port = 1}]
[networks.health_check]
kind = "echo"
)");
    CHECK(result.errors.size() == 3);
    check_error(result, "networks[0].path", 5, 8,
                R"(no such key with protocol = "iso8583" (only protocol = "jsonrpc" takes it))");
    check_error(result, "networks[0].health_check.kind", 7, 8,
                R"(a probe for protocol = "iso8583": "echo", "tcp_connect" or "none")");
    check_error(result, "networks[1].health_check.kind", 13, 8,
                R"(a probe for protocol = "jsonrpc": "jsonrpc_method", "tcp_connect" or "none")");
  }

  TEST_CASE("an iso8583 listener answers network management locally unless told to route it") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 8583
[[listeners]]
protocol = "iso8583"
port = 8584
network_management = "route"
[[listeners]]
protocol = "iso8583"
port = 8585
network_management = "local"
)");
    REQUIRE(result.ok());
    const auto& listeners = result.settings->listeners;
    CHECK(listeners[0].network_management == network_management_kind::local);
    CHECK(listeners[1].network_management == network_management_kind::route);
    CHECK(listeners[2].network_management == network_management_kind::local);
  }

  TEST_CASE("rejects an unknown network_management and one on a jsonrpc listener") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 8583
network_management = "forward"
[[listeners]]
protocol = "jsonrpc"
port = 8545
network_management = "local"
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "listeners[0].network_management", 4, 22, R"(one of "local", "route")");
    check_error(result, "listeners[1].network_management", 8, 22,
                R"(no such key with protocol = "jsonrpc" (only protocol = "iso8583" takes it))");
  }

  TEST_CASE("rejects hedging on an iso8583 network") {
    auto result = load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[networks.hedging]
enabled = true
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "networks[0].hedging.enabled", 6, 11,
                R"(hedging only with protocol = "jsonrpc" (ISO 8583 requests are not idempotent))");
  }

  TEST_CASE("rejects header_bytes above 64 and a JSON-RPC path without a leading slash") {
    auto result = load(R"([[listeners]]
protocol = "iso8583"
port = 8583
header_bytes = 65
[[networks]]
name = "eth"
protocol = "jsonrpc"
hosts = [{address = "h", port = 1}]
path = "rpc"
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "listeners[0].header_bytes", 4, 16, "an integer in 0..64");
    check_error(result, "networks[0].path", 9, 8, "an HTTP path starting with '/'");
  }
}
