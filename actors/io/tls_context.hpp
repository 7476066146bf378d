#pragma once

#include "config/settings.hpp"

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
} // namespace boost::asio::ssl

namespace switchyard {

/// The outcome of building a TLS context: the context, or why it could not be built.
struct tls_context_result {
  std::shared_ptr<boost::asio::ssl::context> context;
  std::string error; ///< names the file and OpenSSL's reason when context is null
};

/// Builds a server context from a listener's TLS settings (certificate, key, and for mTLS
/// the CA that client certificates must chain to).
tls_context_result make_server_tls(const config::tls_settings& tls);

/// Builds a client context from a network's TLS settings: peers are verified against `ca`
/// (the system store when empty); `cert` and `key` present a client certificate.
tls_context_result make_client_tls(const config::tls_settings& tls);

} // namespace switchyard
