#include "config/detail/parse_tls.hpp"

namespace switchyard::config::detail {

namespace {

void check_allowed_keys(const toml::table& t, const std::string& path, tls_role role,
                        toml_reader& reader) {
  switch (role) {
    case tls_role::listener:
      reader.check_keys(t, path, "cert key ca require_peer_cert");
      break;
    case tls_role::connector:
      reader.check_keys(t, path, "ca cert key server_name");
      break;
    case tls_role::cluster:
      reader.check_keys(t, path, "ca cert key");
      break;
  }
}

void check_requirements(const toml::table& t, const std::string& path, tls_role role,
                        toml_reader& reader) {
  if (role == tls_role::connector) {
    // A client certificate is optional, but half of one is a mistake.
    if (t.contains("cert") && !t.contains("key")) {
      reader.require(t, path, "key");
    } else if (t.contains("key") && !t.contains("cert")) {
      reader.require(t, path, "cert");
    }
    return;
  }
  reader.require(t, path, "cert");
  reader.require(t, path, "key");
  // Cluster links are mutual TLS under a private CA: peers and shells are trusted by it alone.
  if (role == tls_role::cluster)
    reader.require(t, path, "ca");
}

} // namespace

tls_settings parse_tls(const toml::table& parent, const std::string& path, tls_role role,
                       toml_reader& reader) {
  tls_settings result;
  auto tls_path = join(path, "tls");
  const auto* t = reader.table(parent, path, "tls");
  if (t == nullptr) {
    return result;
  }
  result.enabled = true;
  check_allowed_keys(*t, tls_path, role, reader);
  check_requirements(*t, tls_path, role, reader);
  reader.read_file(*t, tls_path, "ca", result.ca);
  reader.read_file(*t, tls_path, "cert", result.cert);
  reader.read_file(*t, tls_path, "key", result.key);
  if (role == tls_role::listener) {
    reader.read_bool(*t, tls_path, "require_peer_cert", result.require_peer_cert);
    if (result.require_peer_cert && !t->contains("ca")) {
      reader.fail(position_of(*t->get("require_peer_cert")), join(tls_path, "ca"),
                  "a CA bundle (ca) to verify client certificates when require_peer_cert = true");
    }
  }
  if (role == tls_role::connector) {
    reader.read_string(*t, tls_path, "server_name", result.server_name);
  }
  return result;
}

} // namespace switchyard::config::detail
