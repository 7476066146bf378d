#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// What an operator should hear about a certificate's end of validity.
struct certificate_notice {
  bool expired = false; ///< past notAfter already: an error rather than a warning
  std::string text;     ///< empty when the certificate stays valid beyond the warning period
};

/// The outcome of building a TLS context: the context, or why it could not be built.
struct tls_context_result {
  std::shared_ptr<boost::asio::ssl::context> context;
  std::string error;          ///< names the file and OpenSSL's reason when context is null
  std::int64_t not_after = 0; ///< our certificate's notAfter (Unix seconds); 0: none
  certificate_notice notice;  ///< how soon our certificate expires, when that is soon
};

/// Returns the notAfter of the first certificate in the PEM file `path` in seconds since the
/// Unix epoch; 0 when the file cannot be read or holds no certificate.
std::int64_t certificate_not_after(const std::string& path);

/// Describes the certificate `path` when it expires within 30 days of `now` or has expired
/// (times in Unix seconds); an empty text otherwise or when `not_after` is 0.
certificate_notice notice_expiry(const std::string& path, std::int64_t not_after, std::int64_t now);

/// Builds a server context from a listener's TLS settings (certificate, key, for mTLS the CA
/// that client certificates must chain to, and the version and cipher policy).
tls_context_result make_server_tls(const config::tls_settings& tls);

/// Builds a client context from a network's TLS settings: peers are verified against `ca`
/// (the system store when empty); `cert` and `key` present a client certificate; the version
/// and cipher policy apply as for servers.
tls_context_result make_client_tls(const config::tls_settings& tls);

} // namespace switchyard
