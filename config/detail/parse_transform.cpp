#include "config/detail/parse_transform.hpp"

#include "config/detail/parse_codec.hpp"
#include "config/detail/transform_checks.hpp"
#include "config/patterns.hpp"
#include "protocols/iso8583/dialect_loader.hpp"

#include <array>
#include <string_view>
#include <vector>

namespace switchyard::config::detail {

namespace {

using iso8583::transform_op;
using iso8583::transform_step;

constexpr std::string_view request_keys = "set copy move remove map mti";
constexpr std::string_view response_keys = "set copy move remove map restore mti";

// Reads the field number at `node`: within the dialect's bitmaps, 2..128 or 2..192.
std::optional<int> read_field(const toml::node& node, const std::string& key, transform_side& s) {
  const auto* value = node.as_integer();
  auto highest = s.highest_field();
  if (value == nullptr || value->get() < 2 || value->get() > highest) {
    s.reader.fail(position_of(node), key,
                  "a field number in 2.." + std::to_string(highest) + " (the fields "
                    + s.dialect_text() + " can address)");
    return std::nullopt;
  }
  return static_cast<int>(value->get());
}

std::optional<int> read_field(const toml::table& t, const std::string& path, std::string_view key,
                              transform_side& s) {
  if (!s.reader.require(t, path, key))
    return std::nullopt;
  return read_field(*t.get(key), join(path, key), s);
}

bool parse_set(const toml::table& t, const std::string& path, transform_side& s,
               transform_step& out) {
  s.reader.check_keys(t, path, "field value");
  auto field = read_field(t, path, "field", s);
  bool has_value
    = s.reader.require(t, path, "value") && s.reader.read_string(t, path, "value", out.value);
  if (!field || !has_value)
    return false;
  out.field = *field;
  const auto& field_node = *t.get("field");
  auto field_key = join(path, "field");
  return s.check_destination(field_node, field_key, out.field)
         && s.check_constant_field(field_node, field_key, out.field)
         && s.check_value(*t.get("value"), join(path, "value"), out.field, out.value);
}

bool parse_copy(const toml::table& t, const std::string& path, transform_side& s,
                transform_step& out) {
  s.reader.check_keys(t, path, "from to");
  auto from = read_field(t, path, "from", s);
  auto to = read_field(t, path, "to", s);
  if (!from || !to)
    return false;
  out.field = *from;
  out.to = *to;
  if (out.field == out.to) {
    s.reader.fail(position_of(*t.get("to")), join(path, "to"),
                  "a field other than the source (" + std::to_string(out.field) + ")");
    return false;
  }
  const auto& to_node = *t.get("to");
  bool ok = s.check_destination(to_node, join(path, "to"), out.to);
  if (out.op == transform_op::move)
    ok = s.check_writable(*t.get("from"), join(path, "from"), out.field) && ok;
  return ok && s.check_copy_mask(to_node, join(path, "to"), out.field, out.to);
}

bool parse_fields(const toml::node& node, const std::string& key, transform_side& s,
                  transform_step& out) {
  const auto* list = node.as_array();
  if (list == nullptr || list->empty()) {
    s.reader.fail(position_of(node), key, "a non-empty array of field numbers, e.g. [55, 60]");
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto item_key = at_index(key, i);
    auto field = read_field(*list->get(i), item_key, s);
    ok = field && s.check_writable(*list->get(i), item_key, *field) && ok;
    if (field)
      out.fields.push_back(*field);
  }
  return ok;
}

bool parse_map_table(const toml::table& t, const std::string& path, transform_side& s,
                     transform_step& out) {
  if (!s.reader.require(t, path, "table"))
    return false;
  auto key = join(path, "table");
  const auto* table = s.reader.as_table(*t.get("table"), key);
  if (table == nullptr)
    return false;
  if (table->empty()) {
    s.reader.fail(position_of(*table), key, R"(at least one entry, e.g. { "000000" = "001000" })");
    return false;
  }
  bool ok = true;
  for (const auto& [from, to] : *table) {
    auto entry_key = join(key, in_quotes(from.str()));
    std::string value;
    if (!to.is_string()) {
      s.reader.fail(position_of(to), entry_key,
                    "a string: the field's value in the network's terms");
      ok = false;
      continue;
    }
    if (!s.reader.read_string(to, entry_key, value)
        || !s.check_value(to, entry_key, out.field, value))
      ok = false;
    out.table.emplace_back(std::string{from.str()}, std::move(value));
  }
  return ok;
}

bool parse_map_fallback(const toml::table& t, const std::string& path, transform_side& s,
                        transform_step& out) {
  if (t.contains("default") && t.contains("default_value")) {
    s.reader.fail(position_of(*t.get("default_value")), join(path, "default_value"),
                  "either default or default_value, not both");
    return false;
  }
  if (s.reader.read_string(t, path, "default_value", out.value)) {
    out.fallback = iso8583::map_fallback::value;
    return s.check_value(*t.get("default_value"), join(path, "default_value"), out.field,
                         out.value);
  }
  static constexpr std::array<std::string_view, 2> fallbacks{"keep", "remove"};
  if (auto choice = s.reader.read_choice(t, path, "default", fallbacks))
    out.fallback = *choice == 0 ? iso8583::map_fallback::keep : iso8583::map_fallback::remove;
  return true;
}

bool parse_map(const toml::table& t, const std::string& path, transform_side& s,
               transform_step& out) {
  s.reader.check_keys(t, path, "field table default default_value");
  auto field = read_field(t, path, "field", s);
  if (!field)
    return false;
  out.field = *field;
  const auto& field_node = *t.get("field");
  auto field_key = join(path, "field");
  bool ok = s.check_destination(field_node, field_key, out.field, true)
            && s.check_constant_field(field_node, field_key, out.field);
  ok = parse_map_table(t, path, s, out) && ok;
  ok = parse_map_fallback(t, path, s, out) && ok;
  return ok && s.check_approvals_kept(t, path, out);
}

// One operation of a step, found under its key.
bool parse_operation(const toml::node& node, const std::string& key, transform_side& s,
                     transform_step& out) {
  if (out.op == transform_op::remove || out.op == transform_op::restore)
    return parse_fields(node, key, s, out);
  const auto* t = s.reader.as_table(node, key);
  if (t == nullptr)
    return false;
  switch (out.op) {
    case transform_op::set:
      return parse_set(*t, key, s, out);
    case transform_op::copy:
    case transform_op::move:
      return parse_copy(*t, key, s, out);
    case transform_op::map:
      return parse_map(*t, key, s, out);
    default:
      return false;
  }
}

std::optional<transform_step> parse_step(const toml::table& t, const std::string& path,
                                         transform_side& s) {
  bool request = s.direction == transform_direction::request;
  if (request && t.contains("restore")) {
    s.reader.fail(position_of(*t.get("restore")), join(path, "restore"),
                  "set, copy, move, remove or map (restore is for [[networks.transform.response]]: "
                  "it gives the acquirer back what it sent)");
    return std::nullopt;
  }
  s.reader.check_keys(t, path, request ? request_keys : response_keys);
  transform_step step;
  std::vector<std::string_view> ops;
  for (auto op : {transform_op::set, transform_op::copy, transform_op::move, transform_op::remove,
                  transform_op::map, transform_op::restore})
    if (t.contains(to_string(op))) {
      ops.push_back(to_string(op));
      step.op = op;
    }
  if (ops.size() != 1) {
    s.reader.fail(
      position_of(ops.empty() ? static_cast<const toml::node&>(t) : *t.get(ops[1])), path,
      std::string{"exactly one operation per step, one of "}
        + (request ? "set, copy, move, remove, map" : "set, copy, move, remove, map, restore")
        + (ops.empty() ? " (this step has none)" : " (this step has more)"));
    return std::nullopt;
  }
  auto op_key = join(path, ops.front());
  bool ok = parse_operation(*t.get(ops.front()), op_key, s, step);
  if (s.reader.read_string(t, path, "mti", step.mti) && !is_mti_pattern(step.mti)) {
    s.reader.fail(position_of(*t.get("mti")), join(path, "mti"),
                  "an MTI pattern of exactly four characters, each a digit or '?'");
    ok = false;
  }
  return ok ? std::optional{std::move(step)} : std::nullopt;
}

} // namespace

void parse_transform(const toml::table& t, const std::string& path,
                     std::optional<protocol_kind> protocol, const std::string& dialect,
                     toml_reader& reader, iso8583::transform_rules& out) {
  if (protocol && *protocol != protocol_kind::iso8583) {
    check_protocol_only_keys(t, path, protocol, protocol_kind::iso8583, "transform", reader);
    return;
  }
  const auto* table = reader.table(t, path, "transform");
  if (table == nullptr)
    return;
  auto transform_path = join(path, "transform");
  reader.check_keys(*table, transform_path, "request response");
  auto loaded = iso8583::resolve_dialect(dialect);
  const iso8583::dialect* d = loaded.ok() ? &*loaded.value : nullptr;
  for (auto direction : {transform_direction::request, transform_direction::response}) {
    transform_side side{reader, d, direction};
    bool request = direction == transform_direction::request;
    auto& steps = request ? out.request : out.response;
    for (const auto& [step_path, step] :
         reader.tables(*table, transform_path, request ? "request" : "response"))
      if (auto parsed = parse_step(*step, step_path, side))
        steps.push_back(std::move(*parsed));
  }
}

} // namespace switchyard::config::detail
