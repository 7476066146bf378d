#include "config/detail/parse_tls.hpp"

#include <string_view>

namespace switchyard::config::detail {

namespace {

void check_allowed_keys(const toml::table& t, const std::string& path, tls_role role,
                        toml_reader& reader) {
  switch (role) {
    case tls_role::listener:
      reader.check_keys(t, path, "cert key ca require_peer_cert min_version ciphers ciphersuites");
      break;
    case tls_role::connector:
      reader.check_keys(t, path, "ca cert key server_name min_version ciphers ciphersuites");
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

// OpenSSL's cipher-list grammar: names and aliases made of these characters, joined by ':'
// (',' and ' ' also separate), with the operators + - ! @ =. Whether OpenSSL knows the names is
// only found when the TLS context is built at start: config does not link OpenSSL.
bool is_cipher_list(const std::string& text) {
  static constexpr std::string_view allowed
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-!@=._:, ";
  return text.find_first_not_of(allowed) == std::string::npos
         && text.find_first_not_of(":, ") != std::string::npos;
}

void read_cipher_list(const toml::table& t, const std::string& path, std::string_view key,
                      std::string& out, toml_reader& reader) {
  std::string text;
  if (!reader.read_string(t, path, key, text))
    return;
  if (!is_cipher_list(text)) {
    reader.fail(position_of(*t.get(key)), join(path, key),
                "an OpenSSL cipher list such as \"ECDHE+AESGCM:ECDHE+CHACHA20\" (names and + - ! "
                "@ = joined by ':')");
    return;
  }
  out = std::move(text);
}

void read_policy(const toml::table& t, const std::string& path, tls_settings& out,
                 toml_reader& reader) {
  static constexpr std::string_view versions[] = {"1.2", "1.3"};
  if (auto v = reader.read_choice(t, path, "min_version", versions))
    out.min_version = std::string{versions[*v]};
  read_cipher_list(t, path, "ciphers", out.ciphers, reader);
  read_cipher_list(t, path, "ciphersuites", out.ciphersuites, reader);
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
  if (role != tls_role::cluster)
    read_policy(*t, tls_path, result, reader);
  return result;
}

} // namespace switchyard::config::detail
