#include "config/detail/transform_checks.hpp"

#include "protocols/iso8583/errc.hpp"
#include "protocols/iso8583/field_codec.hpp"
#include "protocols/iso8583/field_format.hpp"
#include "protocols/iso8583/response.hpp"

#include <vector>

namespace switchyard::config::detail {

namespace {

using iso8583::mask_rule;

} // namespace

std::string in_quotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

int transform_side::highest_field() const noexcept {
  return dialect != nullptr ? dialect->highest_field() : iso8583::dialect::max_field;
}

std::string transform_side::dialect_text() const {
  return dialect != nullptr ? "dialect " + dialect->name : "the network's dialect";
}

bool transform_side::check_writable(const toml::node& at, const std::string& key, int field,
                                    bool is_map) {
  std::string expected;
  if (field == 11)
    expected = "a field other than 11: the gateway keeps the STAN itself (it switches colliding "
               "STANs and matches responses by it)";
  else if (direction == transform_direction::response && field == 39 && !is_map)
    expected = "a field other than 39 of a response: field 39 decides whether an approval the "
               "acquirer cannot receive is reversed (only a map keeping approvals may change it)";
  if (expected.empty())
    return true;
  reader.fail(position_of(at), key, std::move(expected));
  return false;
}

bool transform_side::check_destination(const toml::node& at, const std::string& key, int field,
                                       bool is_map) {
  if (!check_writable(at, key, field, is_map))
    return false;
  if (direction == transform_direction::response || dialect == nullptr
      || dialect->find(field) != nullptr)
    return true;
  reader.fail(position_of(at), key,
              "a field " + dialect_text() + " defines (requests are packed with it; it has no "
                + "field " + std::to_string(field) + ")");
  return false;
}

bool transform_side::check_constant_field(const toml::node& at, const std::string& key, int field) {
  const auto* spec = dialect != nullptr ? dialect->find(field) : nullptr;
  auto mask = spec != nullptr && spec->mask != mask_rule::none ? spec->mask
                                                               : iso8583::default_mask_rule(field);
  if (mask == mask_rule::none)
    return true;
  reader.fail(position_of(at), key,
              "a field without card data: field " + std::to_string(field) + " is masked as "
                + std::string{iso8583::to_string(mask)}
                + " in logs, and card numbers, tracks, PINs or EMV data do not belong in a "
                  "configuration file");
  return false;
}

bool transform_side::check_value(const toml::node& at, const std::string& key, int field,
                                 const std::string& value) {
  const auto* spec = dialect != nullptr ? dialect->find(field) : nullptr;
  if (spec == nullptr)
    return true;
  auto format
    = iso8583::to_string(iso8583::field_format{spec->type, spec->length, spec->max_length});
  if (spec->type == iso8583::field_type::b) {
    reader.fail(position_of(at), key,
                "a text or numeric field: field " + std::to_string(field) + " is binary (" + format
                  + ") in " + dialect_text());
    return false;
  }
  std::vector<std::uint8_t> buffer(value.size() * 2 + spec->max_length * 2 + 16);
  iso8583::byte_writer w{buffer.data(), buffer.data() + buffer.size()};
  auto ec = iso8583::encode_field(*spec, value, w);
  if (ec == iso8583::iso8583_errc{})
    return true;
  reader.fail(position_of(at), key,
              "a value " + dialect_text() + " can pack as field " + std::to_string(field) + " ("
                + format + "): " + in_quotes(value) + ": "
                + iso8583::make_error_code(ec).message());
  return false;
}

bool transform_side::check_copy_mask(const toml::node& at, const std::string& key, int from,
                                     int to) {
  const auto* from_spec = dialect != nullptr ? dialect->find(from) : nullptr;
  const auto* to_spec = dialect != nullptr ? dialect->find(to) : nullptr;
  auto from_mask = from_spec != nullptr && from_spec->mask != mask_rule::none
                     ? from_spec->mask
                     : iso8583::default_mask_rule(from);
  auto to_mask = to_spec != nullptr ? to_spec->mask : iso8583::default_mask_rule(to);
  if (from_mask == mask_rule::none || to_mask == mask_rule::full || to_mask == from_mask)
    return true;
  reader.fail(position_of(at), key,
              "a field logged as safely as field " + std::to_string(from) + " (masked as "
                + std::string{iso8583::to_string(from_mask)} + "): field " + std::to_string(to)
                + " is masked as " + std::string{iso8583::to_string(to_mask)} + " in "
                + dialect_text()
                + ", so its card data would reach the logs (mask it in a dialect file)");
  return false;
}

bool transform_side::check_approvals_kept(const toml::table& t, const std::string& path,
                                          const iso8583::transform_step& map) {
  if (direction != transform_direction::response || map.field != 39)
    return true;
  bool ok = true;
  for (const auto& [from, to] : map.table) {
    if (iso8583::is_approval_code(from) == iso8583::is_approval_code(to))
      continue;
    const auto& table = *t.get("table")->as_table();
    reader.fail(position_of(*table.get(from)), join(join(path, "table"), in_quotes(from)),
                "a response code that approves exactly when " + in_quotes(from)
                  + " does (00, 08, 10, 11 and 16 approve): the gateway reverses approvals "
                    "the acquirer cannot receive by field 39");
    ok = false;
  }
  if (map.fallback != iso8583::map_fallback::keep) {
    auto key = t.contains("default_value") ? "default_value" : "default";
    reader.fail(position_of(*t.get(key)), join(path, key),
                "no default for field 39 of a response (default = \"keep\"): a code the table "
                "lacks may approve or not");
    ok = false;
  }
  return ok;
}

} // namespace switchyard::config::detail
