#include "config/detail/parse_codec.hpp"

#include "config/patterns.hpp"

#include <system_error>

namespace switchyard::config::detail {

namespace {

constexpr std::int64_t max_header_bytes = 64;

constexpr std::string_view codec_keys = "dialect framing header_bytes";

void parse_dialect(const toml::table& t, const std::string& path, toml_reader& reader,
                   std::string& out) {
  std::string text;
  if (!reader.read_string(t, path, "dialect", text)) {
    return;
  }
  if (is_builtin_dialect(text)) {
    out = text;
    return;
  }
  std::string expected = R"("iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap" or )"
                         "the path of an existing .toml dialect file";
  auto resolved = reader.resolve(text);
  std::error_code ec;
  if (!text.ends_with(".toml")) {
    reader.fail(position_of(*t.get("dialect")), join(path, "dialect"), expected);
    return;
  }
  if (!std::filesystem::is_regular_file(resolved, ec)) {
    reader.fail(position_of(*t.get("dialect")), join(path, "dialect"),
                expected + " (" + resolved + " not found)");
    return;
  }
  out = resolved;
}

} // namespace

std::optional<protocol_kind> read_protocol(const toml::table& t, const std::string& path,
                                           toml_reader& reader, protocol_kind& out) {
  if (!reader.require(t, path, "protocol")) {
    return std::nullopt;
  }
  auto result = reader.read_enum<protocol_kind>(t, path, "protocol");
  out = result.value_or(out);
  return result;
}

void check_protocol_only_keys(const toml::table& t, const std::string& path,
                              std::optional<protocol_kind> protocol, protocol_kind only,
                              std::string_view keys, toml_reader& reader) {
  if (!protocol || *protocol == only) {
    return;
  }
  for (auto key : split_keys(keys)) {
    if (const auto* node = t.get(key)) {
      reader.fail(position_of(*node), join(path, key),
                  std::string{"no such key with protocol = \""} + to_string(*protocol)
                    + "\" (only protocol = \"" + to_string(only) + "\" takes it)");
    }
  }
}

template <class Settings>
void parse_codec(const toml::table& t, const std::string& path,
                 std::optional<protocol_kind> protocol, toml_reader& reader, Settings& out) {
  if (protocol && *protocol != protocol_kind::iso8583) {
    check_protocol_only_keys(t, path, protocol, protocol_kind::iso8583, codec_keys, reader);
    return;
  }
  parse_dialect(t, path, reader, out.dialect);
  if (auto framing = reader.read_enum<framing_kind>(t, path, "framing")) {
    out.framing = *framing;
  }
  reader.read_integer(t, path, "header_bytes", out.header_bytes, 0, max_header_bytes);
}

template void parse_codec(const toml::table&, const std::string&, std::optional<protocol_kind>,
                          toml_reader&, listener_settings&);

template void parse_codec(const toml::table&, const std::string&, std::optional<protocol_kind>,
                          toml_reader&, network_settings&);

} // namespace switchyard::config::detail
