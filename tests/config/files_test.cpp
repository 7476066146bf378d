#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

using namespace switchyard::config;
using switchyard::config::test::check_error;
using switchyard::config::test::temp_directory;

namespace {

// A folder holding a CA bundle, a certificate and a key, as TLS tables name them.
struct tls_folder {
  temp_directory dir;

  tls_folder() {
    dir.write("tls/ca.pem", "ca");
    dir.write("tls/cert.pem", "cert");
    dir.write("tls/key.pem", "key");
  }

  load_result load(std::string_view toml) const {
    return load_string(toml, (dir.path() / "gw.toml").string());
  }

  std::string file(const std::string& name) const { return (dir.path() / name).string(); }
};

} // namespace

TEST_SUITE("config files") {
  TEST_CASE("resolves TLS files against the configuration file's folder into absolute paths") {
    tls_folder folder;
    auto config = folder.dir.write("gw.toml", R"([cluster.tls]
ca = "tls/ca.pem"
cert = "tls/cert.pem"
key = "tls/key.pem"
[[listeners]]
protocol = "iso8583"
port = 8583
[listeners.tls]
cert = "tls/cert.pem"
key = "tls/key.pem"
ca = "tls/ca.pem"
require_peer_cert = true
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[networks.tls]
ca = "tls/ca.pem"
server_name = "visa.example"
)");
    auto result = load_file(config.string());
    for (const auto& error : result.errors) {
      INFO(to_string(error));
    }
    REQUIRE(result.ok());
    const auto& s = *result.settings;
    CHECK(s.cluster.tls.enabled);
    CHECK(s.cluster.tls.ca == folder.file("tls/ca.pem"));
    CHECK(s.cluster.tls.key == folder.file("tls/key.pem"));
    const auto& listener_tls = s.listeners.at(0).tls;
    CHECK(listener_tls.enabled);
    CHECK(listener_tls.cert == folder.file("tls/cert.pem"));
    CHECK(listener_tls.key == folder.file("tls/key.pem"));
    CHECK(listener_tls.ca == folder.file("tls/ca.pem"));
    CHECK(listener_tls.require_peer_cert);
    const auto& network_tls = s.networks.at(0).tls;
    CHECK(network_tls.enabled);
    CHECK(network_tls.ca == folder.file("tls/ca.pem"));
    CHECK(network_tls.cert.empty());
    CHECK(network_tls.server_name == "visa.example");
    CHECK_FALSE(s.networks.at(0).hedging.enabled);
  }

  TEST_CASE(
    "resolves a relative state_dir against the configuration file's folder, not an absolute one") {
    tls_folder folder;
    auto relative = folder.load("[node]\nstate_dir = \"var/state\"\n");
    REQUIRE(relative.ok());
    CHECK(relative.settings->node.state_dir == folder.file("var/state"));
    auto absolute = folder.load("[node]\nstate_dir = \"" + folder.file("srv/state") + "\"\n");
    REQUIRE(absolute.ok());
    CHECK(absolute.settings->node.state_dir == folder.file("srv/state"));
    auto none = folder.load("[node]\nname = \"n\"\n");
    REQUIRE(none.ok());
    CHECK(none.settings->node.state_dir.empty());
  }

  TEST_CASE("reports a missing TLS file with the path it was resolved to") {
    tls_folder folder;
    auto result = folder.load(R"([[listeners]]
protocol = "iso8583"
port = 8583
[listeners.tls]
cert = "missing-cert.pem"
key = "/nonexistent/key.pem"
)");
    CHECK(result.errors.size() == 2);
    check_error(result, "listeners[0].tls.cert", 5, 8,
                "an existing file (" + folder.file("missing-cert.pem") + " not found)");
    check_error(result, "listeners[0].tls.key", 6, 7,
                "an existing file (/nonexistent/key.pem not found)");
  }

  TEST_CASE("requires cert and key in listener and cluster TLS tables") {
    tls_folder folder;
    auto result = folder.load(R"([cluster.tls]
ca = "tls/ca.pem"
[[listeners]]
protocol = "iso8583"
port = 8583
[listeners.tls]
cert = "tls/cert.pem"
)");
    CHECK(result.errors.size() == 3);
    check_error(result, "cluster.tls.cert", 1, 1, "this required key to be set");
    check_error(result, "cluster.tls.key", 1, 1, "this required key to be set");
    check_error(result, "listeners[0].tls.key", 6, 1, "this required key to be set");
  }

  TEST_CASE("cluster TLS names the cluster's CA: without one no peer could be trusted") {
    tls_folder folder;
    auto result = folder.load(R"([cluster.tls]
cert = "tls/cert.pem"
key = "tls/key.pem"
)");
    CHECK(result.errors.size() == 1);
    check_error(result, "cluster.tls.ca", 1, 1, "this required key to be set");
  }

  TEST_CASE("requires a CA bundle when a listener demands client certificates") {
    tls_folder folder;
    auto result = folder.load(R"([[listeners]]
protocol = "iso8583"
port = 8583
[listeners.tls]
cert = "tls/cert.pem"
key = "tls/key.pem"
require_peer_cert = true
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners[0].tls.ca", 7, 21,
                "a CA bundle (ca) to verify client certificates when require_peer_cert = true");
  }

  TEST_CASE("requires a connector's cert and key to come together, but neither alone is needed") {
    tls_folder folder;
    auto half = folder.load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[networks.tls]
cert = "tls/cert.pem"
)");
    REQUIRE(half.errors.size() == 1);
    check_error(half, "networks[0].tls.key", 5, 1, "this required key to be set");
    auto none = folder.load(R"([[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
[networks.tls]
)");
    REQUIRE(none.ok());
    CHECK(none.settings->networks[0].tls.enabled);
  }

  TEST_CASE("rejects TLS keys that do not belong to the side they configure") {
    tls_folder folder;
    auto result = folder.load(R"([[listeners]]
protocol = "iso8583"
port = 8583
[listeners.tls]
cert = "tls/cert.pem"
key = "tls/key.pem"
server_name = "edge"
)");
    REQUIRE(result.errors.size() == 1);
    check_error(result, "listeners[0].tls.server_name", 7, 1,
                "a known key (allowed here: cert, key, ca, require_peer_cert, min_version, "
                "ciphers, ciphersuites)");
  }

  TEST_CASE(
    "accepts a dialect file relative to the configuration file and stores its absolute path") {
    tls_folder folder;
    auto dialect = folder.dir.write("dialects/acme.toml", "# fields\n");
    auto result = folder.load(R"([[listeners]]
protocol = "iso8583"
port = 8583
dialect = "dialects/acme.toml"
)");
    REQUIRE(result.ok());
    CHECK(result.settings->listeners[0].dialect == dialect.string());
  }

  TEST_CASE("rejects a dialect that is neither built in nor an existing .toml file") {
    tls_folder folder;
    folder.dir.write("acme.txt", "# fields\n");
    auto result = folder.load(R"([[listeners]]
protocol = "iso8583"
port = 8583
dialect = "iso93-ascii"
[[listeners]]
protocol = "iso8583"
port = 8584
dialect = "acme.txt"
[[networks]]
name = "visa"
protocol = "iso8583"
hosts = [{address = "h", port = 1}]
dialect = "dialects/missing.toml"
)");
    CHECK(result.errors.size() == 3);
    const std::string expected = R"("iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap" )"
                                 "or the path of an existing .toml dialect file";
    check_error(result, "listeners[0].dialect", 4, 11, expected);
    check_error(result, "listeners[1].dialect", 8, 11, expected);
    check_error(result, "networks[0].dialect", 13, 11,
                expected + " (" + folder.file("dialects/missing.toml") + " not found)");
  }
}
