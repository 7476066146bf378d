#pragma once

#include "config/detail/toml_reader.hpp"
#include "config/settings.hpp"

namespace switchyard::config::detail {

/// Which side of a connection a TLS table configures; decides its keys and requirements
/// ("policy": min_version, ciphers, ciphersuites; the cluster's TLS is CAF's, without them).
enum class tls_role {
  listener,  ///< cert, key, ca, require_peer_cert, policy; cert and key required; mTLS needs ca
  connector, ///< ca, cert, key, server_name, policy; cert and key come together
  cluster,   ///< ca, cert, key; cert and key required (a node also accepts connections)
};

/// Parses the optional sub-table `tls` of `parent`; `enabled` is set when the table is present.
tls_settings parse_tls(const toml::table& parent, const std::string& path, tls_role role,
                       toml_reader& reader);

} // namespace switchyard::config::detail
