#include "actors/io/tls_context.hpp"

#include <boost/asio/ssl/context.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <chrono>
#include <ctime>
#include <memory>

namespace switchyard {

namespace {

using boost::asio::ssl::context;

std::string describe(const char* what, const std::string& file,
                     const boost::system::error_code& ec) {
  return std::string{what} + " " + file + ": " + ec.message();
}

std::string load_identity(context& ctx, const config::tls_settings& tls) {
  boost::system::error_code ec;
  if (tls.cert.empty())
    return {};
  ctx.use_certificate_chain_file(tls.cert, ec);
  if (ec)
    return describe("cannot load certificate", tls.cert, ec);
  ctx.use_private_key_file(tls.key, context::pem, ec);
  if (ec)
    return describe("cannot load private key", tls.key, ec);
  return {};
}

// Takes OpenSSL's reason for the last failure and clears its error queue, so that a later
// failure does not report this one.
std::string openssl_reason() {
  auto code = ERR_peek_last_error();
  const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
  ERR_clear_error();
  return reason == nullptr ? "rejected by OpenSSL" : reason;
}

// The version floor and cipher lists. OpenSSL decides whether a list names any cipher it knows
// (config checks only the grammar), so an unknown list fails here, at start.
std::string apply_policy(context& ctx, const config::tls_settings& tls) {
  auto* native = ctx.native_handle();
  auto floor = tls.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(native, floor) != 1)
    return "tls.min_version \"" + tls.min_version + "\": " + openssl_reason();
  if (SSL_CTX_set_cipher_list(native, tls.ciphers.c_str()) != 1)
    return "tls.ciphers \"" + tls.ciphers + "\": " + openssl_reason();
  if (!tls.ciphersuites.empty() && SSL_CTX_set_ciphersuites(native, tls.ciphersuites.c_str()) != 1)
    return "tls.ciphersuites \"" + tls.ciphersuites + "\": " + openssl_reason();
  return {};
}

tls_context_result failed(std::string error) {
  tls_context_result result;
  result.error = std::move(error);
  return result;
}

std::string utc_text(std::int64_t seconds) {
  auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

// Fills in our certificate's end of validity so that the caller can warn before it lapses.
void note_expiry(tls_context_result& result, const config::tls_settings& tls) {
  if (tls.cert.empty())
    return;
  result.not_after = certificate_not_after(tls.cert);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
  result.notice = notice_expiry(tls.cert, result.not_after, now);
}

std::string load_trust(context& ctx, const config::tls_settings& tls) {
  boost::system::error_code ec;
  if (tls.ca.empty())
    ctx.set_default_verify_paths(ec);
  else
    ctx.load_verify_file(tls.ca, ec);
  return ec ? describe("cannot load CA", tls.ca.empty() ? "(system store)" : tls.ca, ec)
            : std::string{};
}

} // namespace

std::int64_t certificate_not_after(const std::string& path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> file{BIO_new_file(path.c_str(), "r"), &BIO_free};
  if (!file)
    return 0;
  std::unique_ptr<X509, decltype(&X509_free)> cert{
    PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr), &X509_free};
  std::tm tm{};
  if (!cert || ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) != 1) {
    ERR_clear_error();
    return 0;
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

certificate_notice notice_expiry(const std::string& path, std::int64_t not_after,
                                 std::int64_t now) {
  constexpr std::int64_t day = 86400;
  constexpr std::int64_t warning_period = 30 * day;
  // Inclusive: a certificate issued for 30 days is news from its first second.
  if (not_after == 0 || not_after - now > warning_period)
    return {};
  if (not_after <= now)
    return {true, "certificate " + path + " expired on " + utc_text(not_after)};
  auto days = (not_after - now) / day;
  return {false, "certificate " + path + " expires in " + std::to_string(days)
                   + (days == 1 ? " day" : " days") + " (" + utc_text(not_after) + ")"};
}

tls_context_result make_server_tls(const config::tls_settings& tls) {
  auto ctx = std::make_shared<context>(context::tls_server);
  ctx->set_options(context::default_workarounds | context::no_sslv2 | context::no_sslv3
                   | context::no_tlsv1 | context::no_tlsv1_1);
  if (auto err = apply_policy(*ctx, tls); !err.empty())
    return failed(err);
  if (auto err = load_identity(*ctx, tls); !err.empty())
    return failed(err);
  if (tls.require_peer_cert) {
    if (auto err = load_trust(*ctx, tls); !err.empty())
      return failed(err);
    ctx->set_verify_mode(boost::asio::ssl::verify_peer
                         | boost::asio::ssl::verify_fail_if_no_peer_cert);
  }
  tls_context_result result;
  result.context = ctx;
  note_expiry(result, tls);
  return result;
}

tls_context_result make_client_tls(const config::tls_settings& tls) {
  auto ctx = std::make_shared<context>(context::tls_client);
  ctx->set_options(context::default_workarounds | context::no_sslv2 | context::no_sslv3
                   | context::no_tlsv1 | context::no_tlsv1_1);
  if (auto err = apply_policy(*ctx, tls); !err.empty())
    return failed(err);
  if (auto err = load_trust(*ctx, tls); !err.empty())
    return failed(err);
  if (auto err = load_identity(*ctx, tls); !err.empty())
    return failed(err);
  ctx->set_verify_mode(boost::asio::ssl::verify_peer);
  tls_context_result result;
  result.context = ctx;
  note_expiry(result, tls);
  return result;
}

} // namespace switchyard
