#include "config/check_config.hpp"
#include "config/loader.hpp"
#include "tests/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using namespace switchyard::config;
using switchyard::config::test::temp_directory;

namespace {

// A folder with a certificate and key where TLS tables name them, and a config file to check.
struct tls_policy_folder {
  temp_directory dir;

  tls_policy_folder() {
    dir.write("cert.pem", "cert");
    dir.write("key.pem", "key");
  }

  // The TOML of an ISO 8583 listener whose [listeners.tls] holds `policy` below cert and key.
  static std::string listener(const std::string& policy) {
    return "[[listeners]]\nprotocol = \"iso8583\"\nport = 8583\n[listeners.tls]\ncert = "
           "\"cert.pem\"\nkey = \"key.pem\"\n"
           + policy;
  }

  load_result load(const std::string& toml) const {
    return load_string(toml, (dir.path() / "gw.toml").string());
  }

  // Runs check-config on `toml` written to gw.toml; returns its exit code, errors in `err`.
  int check(const std::string& toml, std::string& file, std::string& err) const {
    file = dir.write("gw.toml", toml).string();
    std::ostringstream out;
    std::ostringstream errors;
    auto code = check_config(file, out, errors);
    err = errors.str();
    return code;
  }
};

} // namespace

TEST_SUITE("tls policy settings") {
  TEST_CASE("without policy keys TLS 1.2 is the floor and TLS 1.2 suites are AEAD with ECDHE") {
    tls_policy_folder folder;
    auto result = folder.load(tls_policy_folder::listener(""));
    REQUIRE(result.ok());
    const auto& tls = result.settings->listeners.at(0).tls;
    CHECK(tls.min_version == "1.2");
    CHECK(tls.ciphers == "ECDHE+AESGCM:ECDHE+CHACHA20");
    CHECK(tls.ciphersuites.empty());
  }

  TEST_CASE("listeners and networks read min_version, ciphers and ciphersuites") {
    tls_policy_folder folder;
    auto result = folder.load(
      tls_policy_folder::listener(
        "min_version = \"1.3\"\nciphersuites = \"TLS_AES_256_GCM_SHA384\"\n")
      + "[[networks]]\nname = \"visa\"\nprotocol = \"iso8583\"\nhosts = [{address = \"h\", port = "
        "1}]\n[networks.tls]\nmin_version = \"1.2\"\nciphers = "
        "\"ECDHE-ECDSA-AES128-SHA:!aNULL\"\n");
    REQUIRE(result.ok());
    const auto& listener = result.settings->listeners.at(0).tls;
    CHECK(listener.min_version == "1.3");
    CHECK(listener.ciphersuites == "TLS_AES_256_GCM_SHA384");
    const auto& network = result.settings->networks.at(0).tls;
    CHECK(network.min_version == "1.2");
    CHECK(network.ciphers == "ECDHE-ECDSA-AES128-SHA:!aNULL");
  }

  TEST_CASE("check-config names file, line, key and the versions allowed for a bad min_version") {
    tls_policy_folder folder;
    std::string file;
    std::string err;
    CHECK(folder.check(tls_policy_folder::listener("min_version = \"1.1\"\n"), file, err) == 1);
    CHECK(err
          == file + ":7:15: listeners[0].tls.min_version: expected one of \"1.2\", \"1.3\"\n"
               + "1 error in " + file + "\n");
  }

  TEST_CASE("check-config rejects a cipher list outside OpenSSL's grammar and says what fits") {
    tls_policy_folder folder;
    std::string file;
    std::string err;
    CHECK(folder.check(tls_policy_folder::listener("ciphers = \"AES128-SHA; DROP\"\n"), file, err)
          == 1);
    CHECK(err.find(file + ":7:11: listeners[0].tls.ciphers: expected an OpenSSL cipher list")
          != std::string::npos);
    CHECK(folder.check(tls_policy_folder::listener("ciphersuites = \"::\"\n"), file, err) == 1);
    CHECK(err.find(file + ":7:16: listeners[0].tls.ciphersuites: expected an OpenSSL cipher list")
          != std::string::npos);
  }

  TEST_CASE("the cluster's TLS table has no policy keys: CAF builds its contexts") {
    tls_policy_folder folder;
    auto result = folder.load(
      "[cluster.tls]\nca = \"cert.pem\"\ncert = \"cert.pem\"\nkey = \"key.pem\"\nmin_version = "
      "\"1.3\"\n");
    CHECK_FALSE(result.ok());
  }
}
