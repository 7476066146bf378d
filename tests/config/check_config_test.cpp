#include "config/check_config.hpp"

#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace switchyard::config;
using switchyard::config::test::temp_directory;

TEST_SUITE("check_config") {
  TEST_CASE("prints a summary of a valid file and returns 0") {
    std::ostringstream out;
    std::ostringstream err;
    CHECK(check_config("config/switchyard.toml", out, err) == 0);
    CHECK(err.str().empty());
    CHECK(out.str()
          == "config/switchyard.toml: OK\n"
             "node sw-1, cluster on 127.0.0.1:4242, 2 scheduler threads\n"
             "listener iso8583-8583: iso8583 on 127.0.0.1:8583\n"
             "listener jsonrpc-8545: jsonrpc on 127.0.0.1:8545\n"
             "network visa: iso8583, 1 host, 1 rule, fallbacks: none\n"
             "network mastercard: iso8583, 1 host, 2 rules, fallbacks: none\n"
             "network eth-mainnet: jsonrpc, 2 hosts, 1 rule, fallbacks: none\n"
             "admin http on 127.0.0.1:9090\n");
  }

  TEST_CASE("prints every error on its own line, then a count line, and returns 1") {
    temp_directory dir;
    auto file = dir
                  .write("bad.toml", R"([node]
cluster_port = 70000
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
fallbacks = ["nowhere"]
)")
                  .string();
    std::ostringstream out;
    std::ostringstream err;
    CHECK(check_config(file, out, err) == 1);
    CHECK(out.str().empty());
    CHECK(err.str()
          == file + ":2:16: node.cluster_port: expected an integer in 0..65535\n" + file
               + ":7:14: networks[0].fallbacks[0]: expected the name of a configured network (no "
                 "network is named \"nowhere\")\n"
               + "2 errors in " + file + "\n");
  }

  TEST_CASE("names file, line, key and the values allowed for a listener's network_management") {
    temp_directory dir;
    auto file = dir
                  .write("nm.toml", R"([[listeners]]
protocol = "iso8583"
port = 8583
network_management = "forward"
)")
                  .string();
    std::ostringstream out;
    std::ostringstream err;
    CHECK(check_config(file, out, err) == 1);
    CHECK(err.str()
          == file + ":4:22: listeners[0].network_management: expected one of \"local\", \"route\"\n"
               + "1 error in " + file + "\n");
  }

  TEST_CASE("reports a missing file as one error and returns 1") {
    std::ostringstream out;
    std::ostringstream err;
    CHECK(check_config("/nonexistent/gw.toml", out, err) == 1);
    CHECK(err.str()
          == "/nonexistent/gw.toml: expected a readable configuration file (no such file)\n"
             "1 error in /nonexistent/gw.toml\n");
  }

  TEST_CASE("checks every file it is given, reports each and fails when any fails") {
    temp_directory dir;
    auto good = dir.write("good.toml", "[node]\nname = \"a\"\n").string();
    auto bad = dir.write("bad.toml", "[node]\nname = 42\n").string();
    auto also_good = dir.write("also-good.toml", "[node]\nname = \"b\"\n").string();
    std::ostringstream out;
    std::ostringstream err;
    CHECK(check_config(std::vector<std::string>{good, bad, also_good}, out, err) == 1);
    CHECK(out.str().find(good + ": OK\n") != std::string::npos);
    CHECK(out.str().find(also_good + ": OK\n") != std::string::npos);
    CHECK(err.str() == bad + ":2:8: node.name: expected a string\n1 error in " + bad + "\n");
    std::ostringstream out2;
    std::ostringstream err2;
    CHECK(check_config(std::vector<std::string>{good, also_good}, out2, err2) == 0);
    CHECK(err2.str().empty());
  }

  TEST_CASE("lists fallbacks, TLS listeners and the admin endpoint in the summary") {
    temp_directory dir;
    dir.write("cert.pem", "cert");
    dir.write("key.pem", "key");
    auto file = dir.write("gw.toml", R"([[listeners]]
name = "secure"
protocol = "jsonrpc"
port = 8443
[listeners.tls]
cert = "cert.pem"
key = "key.pem"
[[networks]]
name = "a"
protocol = "jsonrpc"
hosts = [{address = "h", port = 1}]
fallbacks = ["b", "c"]
[[networks]]
name = "b"
protocol = "jsonrpc"
hosts = [{address = "h", port = 2}]
[[networks]]
name = "c"
protocol = "jsonrpc"
hosts = [{address = "h", port = 3}]
[admin_http]
enabled = true
port = 9090
)");
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(check_config(file.string(), out, err) == 0);
    auto text = out.str();
    CHECK(text.find("listener secure: jsonrpc on 127.0.0.1:8443 (TLS)\n") != std::string::npos);
    CHECK(text.find("network a: jsonrpc, 1 host, 0 rules, fallbacks: b, c\n") != std::string::npos);
    CHECK(text.find("admin http on 127.0.0.1:9090\n") != std::string::npos);
  }
}
