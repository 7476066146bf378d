#include "actors/io/tls_context.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace switchyard;

namespace {

constexpr std::int64_t day = 86400;
constexpr std::int64_t now = 1'800'000'000;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE("tls_context") {
  TEST_CASE("a cipher list OpenSSL knows nothing of fails the context, naming key and reason") {
    config::tls_settings tls;
    tls.enabled = true;
    tls.ciphers = "NO-SUCH-CIPHER";
    auto server = make_server_tls(tls);
    CHECK(server.context == nullptr);
    CHECK(contains(server.error, "tls.ciphers \"NO-SUCH-CIPHER\": no cipher match"));
    auto client = make_client_tls(tls);
    CHECK(client.context == nullptr);
    CHECK(contains(client.error, "tls.ciphers \"NO-SUCH-CIPHER\""));
  }

  TEST_CASE("unknown TLS 1.3 suites fail the context as well") {
    config::tls_settings tls;
    tls.enabled = true;
    tls.ciphersuites = "TLS_NO_SUCH_SUITE";
    auto server = make_server_tls(tls);
    CHECK(server.context == nullptr);
    CHECK(contains(server.error, "tls.ciphersuites \"TLS_NO_SUCH_SUITE\""));
  }

  TEST_CASE("the default policy builds server and client contexts") {
    config::tls_settings tls;
    tls.enabled = true;
    CHECK(make_server_tls(tls).context != nullptr);
    tls.min_version = "1.3";
    CHECK(make_client_tls(tls).context != nullptr);
  }

  TEST_CASE("a certificate is news 30 days before it lapses, and an error once it has") {
    CHECK(notice_expiry("c.pem", 0, now).text.empty());
    CHECK(notice_expiry("c.pem", now + 30 * day + 1, now).text.empty());
    CHECK(contains(notice_expiry("c.pem", now + 30 * day, now).text, "expires in 30 days ("));
    auto soon = notice_expiry("c.pem", now + 30 * day - 60, now);
    CHECK_FALSE(soon.expired);
    CHECK(contains(soon.text, "certificate c.pem expires in 29 days ("));
    auto tomorrow = notice_expiry("c.pem", now + day + 1, now);
    CHECK(contains(tomorrow.text, "expires in 1 day ("));
    auto lapsed = notice_expiry("c.pem", now - day, now);
    CHECK(lapsed.expired);
    CHECK(contains(lapsed.text, "certificate c.pem expired on 2027-01-14"));
  }

  TEST_CASE("a missing certificate file has no notAfter") {
    CHECK(certificate_not_after("/nonexistent/cert.pem") == 0);
  }
}
