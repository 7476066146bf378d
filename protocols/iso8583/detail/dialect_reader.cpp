#include "protocols/iso8583/detail/dialect_reader.hpp"

#include "protocols/iso8583/concat.hpp"
#include "protocols/iso8583/field_format.hpp"

#include <algorithm>
#include <charconv>

namespace switchyard::iso8583::detail {

void dialect_reader::error(const toml::source_region& where, int field, std::string message) {
  errors_.push_back({file_, where.begin.line, where.begin.column, field, std::move(message)});
}

void dialect_reader::error_at_top(int field, std::string message) {
  errors_.push_back({file_, 0, 0, field, std::move(message)});
}

std::optional<std::string> dialect_reader::string_of(const toml::node& n, int field,
                                                     std::string_view key) {
  if (const auto* s = n.as_string())
    return s->get();
  error(n, field, std::string(key) + " must be a string");
  return std::nullopt;
}

std::optional<std::string> dialect_reader::optional_string(const toml::table& t, int field,
                                                           std::string_view key) {
  const toml::node* n = t.get(key);
  return n == nullptr ? std::nullopt : string_of(*n, field, key);
}

void dialect_reader::reject_unknown_keys(const toml::table& t, int field,
                                         std::initializer_list<std::string_view> allowed) {
  for (auto&& [key, value] : t) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
      error(key.source(), field, concat({"unknown key '", key.str(), "'"}));
  }
}

int dialect_reader::field_number(const toml::key& key) {
  const std::string_view s = key.str();
  int field = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), field);
  if (ec != std::errc{} || ptr != s.data() + s.size() || field < 2 || field > dialect::max_field) {
    error(key.source(), 0, concat({"'", s, "' is not a field number from 2 to 192"}));
    return 0;
  }
  field_at_[static_cast<std::size_t>(field)] = key.source().begin;
  return field;
}

void dialect_reader::apply_field(dialect& d, int field, const toml::table& t) {
  reject_unknown_keys(t, field,
                      {"format", "type", "length_kind", "length", "max_length", "prefix_encoding",
                       "encoding", "padding", "prefix_counts", "bcd_filler", "mask", "name",
                       "remove"});
  const auto index = static_cast<std::size_t>(field);
  if (const toml::node* n = t.get("remove")) {
    const auto* b = n->as_boolean();
    if (b == nullptr) {
      error(*n, field, "remove must be true or false");
      return;
    }
    if (b->get()) {
      d.fields[index] = {};
      d.names[index].clear();
      return;
    }
  }
  if (!read_shape(d, field, t))
    return;
  read_encodings(d.fields[index], field, t);
  if (auto name = optional_string(t, field, "name"))
    d.names[index] = *name;
}

bool dialect_reader::read_shape(dialect& d, int field, const toml::table& t) {
  const std::size_t errors_before = errors_.size();
  const field_spec old = d.fields[static_cast<std::size_t>(field)];
  field_format shape{old.type, old.length, old.max_length};
  const bool redefine = t.contains("format") || t.contains("type") || t.contains("length_kind");
  if (const toml::node* n = t.get("format")) {
    const auto s = string_of(*n, field, "format");
    const auto f = s ? parse_field_format(*s) : std::nullopt;
    if (f)
      shape = *f;
    else if (s)
      error(*n, field,
            concat(
              {"format '", *s, "' is not ISO notation such as \"n 6\", \"n..19\" or \"b...255\""}));
  }
  if (auto v
      = optional_enum(t, field, "type", parse_field_type, "n, a, an, as, ns, ans, b, z, x+n"))
    shape.type = *v;
  if (auto v = optional_enum(t, field, "length_kind", parse_length_kind,
                             "fixed, l, ll, lll, llll, lllll, llllll"))
    shape.length = *v;
  if (auto v = read_length(t, field))
    shape.max_length = *v;
  if (errors_.size() != errors_before)
    return false;
  if (!old.defined && !redefine) {
    error(t, field, "a field the base dialect lacks needs a format or a type");
    return false;
  }
  if (shape.max_length == 0) {
    error(t, field, "missing key 'length' (fixed fields) or 'max_length' (variable fields)");
    return false;
  }
  if (redefine)
    define_field(d, field, shape.type, shape.length, shape.max_length);
  d.fields[static_cast<std::size_t>(field)].max_length = shape.max_length;
  return true;
}

std::optional<std::uint32_t> dialect_reader::read_length(const toml::table& t, int field) {
  const toml::node* length = t.get("length");
  const toml::node* max_length = t.get("max_length");
  if (length != nullptr && max_length != nullptr) {
    error(*max_length, field, "give either length or max_length, not both");
    return std::nullopt;
  }
  const toml::node* n = length != nullptr ? length : max_length;
  if (n == nullptr)
    return std::nullopt;
  const auto* v = n->as_integer();
  if (v == nullptr || v->get() < 1 || v->get() > 999999) {
    error(*n, field, "a length must be an integer from 1 to 999999");
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(v->get());
}

void dialect_reader::read_encodings(field_spec& spec, int field, const toml::table& t) {
  if (auto v = optional_enum(t, field, "prefix_encoding", parse_prefix_encoding,
                             "ascii, ebcdic, bcd, binary"))
    spec.prefix = *v;
  if (const toml::node* n = t.get("encoding"))
    read_data_encoding(spec, field, *n);
  if (auto v = optional_enum(t, field, "padding", parse_padding,
                             "none, left-zero, right-space, left-space, right-zero"))
    spec.pad = *v;
  if (auto v = optional_enum(t, field, "prefix_counts", parse_length_unit, "value, encoded"))
    spec.prefix_counts = *v;
  if (auto v
      = optional_enum(t, field, "mask", parse_mask_rule, "none, pan, track, full, expiry, tlv"))
    spec.mask = *v;
  if (const toml::node* n = t.get("bcd_filler"))
    read_filler(spec, field, *n);
}

void dialect_reader::read_data_encoding(field_spec& spec, int field, const toml::node& n) {
  const auto s = string_of(n, field, "encoding");
  if (s && *s == "bcd") {
    const bool fixed = spec.length == length_kind::fixed;
    spec.encoding = fixed ? data_encoding::bcd_left : data_encoding::bcd_right;
  } else if (auto v = s ? enum_of(n, field, "encoding", parse_data_encoding,
                                  "ascii, ebcdic, bcd, bcd-left, bcd-right, binary, hex")
                        : std::nullopt) {
    spec.encoding = *v;
  }
}

void dialect_reader::read_filler(field_spec& spec, int field, const toml::node& n) {
  const auto s = string_of(n, field, "bcd_filler");
  if (s && *s == "0")
    spec.bcd_filler = 0x0;
  else if (s && (*s == "F" || *s == "f"))
    spec.bcd_filler = 0xF;
  else if (s)
    error(n, field, "bcd_filler must be \"0\" or \"F\"");
}

void dialect_reader::check(const dialect& d) {
  for (const dialect_issue& issue : check_dialect(d)) {
    const toml::source_position at = field_at_[static_cast<std::size_t>(issue.field)];
    errors_.push_back({file_, at.line, at.column, issue.field, std::string(issue.what)});
  }
}

} // namespace switchyard::iso8583::detail
