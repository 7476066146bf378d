#include "actors/io/tls_context.hpp"

#include <boost/asio/ssl/context.hpp>

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

tls_context_result make_server_tls(const config::tls_settings& tls) {
  auto ctx = std::make_shared<context>(context::tls_server);
  ctx->set_options(context::default_workarounds | context::no_sslv2 | context::no_sslv3
                   | context::no_tlsv1 | context::no_tlsv1_1);
  if (auto err = load_identity(*ctx, tls); !err.empty())
    return {nullptr, err};
  if (tls.require_peer_cert) {
    if (auto err = load_trust(*ctx, tls); !err.empty())
      return {nullptr, err};
    ctx->set_verify_mode(boost::asio::ssl::verify_peer
                         | boost::asio::ssl::verify_fail_if_no_peer_cert);
  }
  return {ctx, {}};
}

tls_context_result make_client_tls(const config::tls_settings& tls) {
  auto ctx = std::make_shared<context>(context::tls_client);
  ctx->set_options(context::default_workarounds | context::no_sslv2 | context::no_sslv3
                   | context::no_tlsv1 | context::no_tlsv1_1);
  if (auto err = load_trust(*ctx, tls); !err.empty())
    return {nullptr, err};
  if (auto err = load_identity(*ctx, tls); !err.empty())
    return {nullptr, err};
  ctx->set_verify_mode(boost::asio::ssl::verify_peer);
  return {ctx, {}};
}

} // namespace switchyard
