#include "protocols/iso8583/dialect_loader.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/concat.hpp"
#include "protocols/iso8583/detail/dialect_reader.hpp"
#include "protocols/iso8583/field_format.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace switchyard::iso8583 {

namespace {

using detail::dialect_reader;

dialect start_dialect(dialect_reader& r, const toml::table& root) {
  dialect d;
  const toml::node* base = root.get("base");
  if (base != nullptr) {
    const auto name = r.string_of(*base, 0, "base");
    if (const dialect* builtin = name ? find_builtin_dialect(*name) : nullptr)
      d = *builtin;
    else if (name)
      r.error(*base, 0,
              concat({"unknown base dialect '", *name,
                      "' (expected iso87-ascii, iso87-binary or "
                      "iso87-ascii-binary-bitmap)"}));
  }
  if (const auto name = r.optional_string(root, 0, "name"))
    d.name = *name;
  else
    r.error_at_top(0, "missing key 'name'");
  if (auto v = r.optional_enum(root, 0, "mti_encoding", parse_mti_encoding, "ascii, bcd, ebcdic"))
    d.mti = *v;
  else if (base == nullptr && !root.contains("mti_encoding"))
    r.error_at_top(0, "missing key 'mti_encoding' (needed without a base)");
  if (auto v = r.optional_enum(root, 0, "bitmap_encoding", parse_bitmap_encoding, "binary, hex"))
    d.bitmap = *v;
  else if (base == nullptr && !root.contains("bitmap_encoding"))
    r.error_at_top(0, "missing key 'bitmap_encoding' (needed without a base)");
  if (const toml::node* t = root.get("tertiary_bitmap")) {
    if (const auto* b = t->as_boolean())
      d.tertiary_bitmap = b->get();
    else
      r.error(*t, 0, "tertiary_bitmap must be true or false");
  }
  return d;
}

void read_defaults(dialect_reader& r, const toml::table& root, dialect& d) {
  const toml::node* node = root.get("defaults");
  if (node == nullptr)
    return;
  const toml::table* t = node->as_table();
  if (t == nullptr) {
    r.error(*node, 0, "defaults must be a table");
    return;
  }
  r.reject_unknown_keys(
    *t, 0, {"numeric_encoding", "text_encoding", "binary_encoding", "prefix_encoding"});
  if (const toml::node* n = t->get("numeric_encoding")) {
    const auto s = r.string_of(*n, 0, "numeric_encoding");
    if (s && *s == "bcd") {
      d.defaults.fixed_numeric = data_encoding::bcd_left;
      d.defaults.variable_numeric = data_encoding::bcd_right;
    } else if (s) {
      if (auto e = r.enum_of(*n, 0, "numeric_encoding", parse_data_encoding,
                             "ascii, ebcdic, bcd, bcd-left, bcd-right"))
        d.defaults.fixed_numeric = d.defaults.variable_numeric = *e;
    }
  }
  const char* encodings = "ascii, ebcdic, bcd-left, bcd-right, binary, hex";
  if (auto e = r.optional_enum(*t, 0, "text_encoding", parse_data_encoding, encodings))
    d.defaults.text = *e;
  if (auto e = r.optional_enum(*t, 0, "binary_encoding", parse_data_encoding, encodings))
    d.defaults.binary = *e;
  if (auto e = r.optional_enum(*t, 0, "prefix_encoding", parse_prefix_encoding,
                               "ascii, ebcdic, bcd, binary"))
    d.defaults.prefix = *e;
}

void read_fields(dialect_reader& r, const toml::table& root, dialect& d) {
  const toml::node* node = root.get("fields");
  if (node == nullptr)
    return;
  const toml::table* fields = node->as_table();
  if (fields == nullptr) {
    r.error(*node, 0, "fields must be a table of field numbers");
    return;
  }
  for (auto&& [key, value] : *fields) {
    const int field = r.field_number(key);
    if (field == 0)
      continue;
    if (const toml::table* t = value.as_table())
      r.apply_field(d, field, *t);
    else
      r.error(value, field, "a field must be a table, e.g. { format = \"n 6\" }");
  }
}

} // namespace

std::string to_string(const dialect_error& e) {
  std::string out = e.file;
  if (e.line != 0)
    out += concat({":", std::to_string(e.line), ":", std::to_string(e.column)});
  out += ": ";
  if (e.field != 0)
    out += concat({"field ", std::to_string(e.field), ": "});
  return out + e.message;
}

dialect_load_result parse_dialect(std::string_view toml_text, std::string_view source_name) {
  dialect_reader r{std::string(source_name)};
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    r.error(e.source(), 0, std::string(e.description()));
    return {std::nullopt, r.take_errors()};
  }
  r.reject_unknown_keys(
    root, 0,
    {"name", "base", "mti_encoding", "bitmap_encoding", "tertiary_bitmap", "defaults", "fields"});
  dialect d = start_dialect(r, root);
  read_defaults(r, root, d);
  read_fields(r, root, d);
  r.check(d);
  if (r.has_errors())
    return {std::nullopt, r.take_errors()};
  return {std::move(d), {}};
}

dialect_load_result load_dialect_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in)
    text << in.rdbuf();
  if (!in || in.bad())
    return {std::nullopt, {{path, 0, 0, 0, "cannot read the dialect file"}}};
  return parse_dialect(text.str(), path);
}

dialect_load_result resolve_dialect(std::string_view name_or_path) {
  if (const dialect* d = find_builtin_dialect(name_or_path))
    return {*d, {}};
  std::ifstream probe{std::string(name_or_path)};
  if (!probe)
    return {std::nullopt,
            {{std::string(name_or_path), 0, 0, 0,
              "unknown dialect: neither a built-in name (iso87-ascii, iso87-binary, "
              "iso87-ascii-binary-bitmap) nor a readable file"}}};
  return load_dialect_file(std::string(name_or_path));
}

shared_dialect_result share_dialect(std::string_view name_or_path) {
  // Built-ins live for the whole program: share them without owning them.
  if (const dialect* d = find_builtin_dialect(name_or_path))
    return {std::shared_ptr<const dialect>{std::shared_ptr<const dialect>{}, d}, {}};
  auto loaded = resolve_dialect(name_or_path);
  if (!loaded.ok())
    return {nullptr, std::move(loaded.errors)};
  return {std::make_shared<const dialect>(std::move(*loaded.value)), {}};
}

} // namespace switchyard::iso8583
