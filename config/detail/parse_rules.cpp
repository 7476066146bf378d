#include "config/detail/parse_rules.hpp"

#include "config/detail/parse_codec.hpp"
#include "config/patterns.hpp"

#include <algorithm>

namespace switchyard::config::detail {

namespace {

constexpr std::string_view iso8583_conditions
  = "bin_range mti field_values field_value fields_present amount_above";

constexpr std::string_view jsonrpc_conditions = "method";

constexpr std::string_view all_conditions
  = "bin_range mti field_values field_value fields_present amount_above method";

std::optional<field_equals> parse_field_equals(const toml::table& t, const std::string& path,
                                               toml_reader& reader) {
  reader.check_keys(t, path, "field value");
  field_equals result;
  bool has_field = reader.require(t, path, "field")
                   && reader.read_integer(t, path, "field", result.field, 1, max_field_number);
  bool has_value
    = reader.require(t, path, "value") && reader.read_string(t, path, "value", result.value);
  if (!has_field || !has_value) {
    return std::nullopt;
  }
  return result;
}

void parse_field_conditions(const toml::table& t, const std::string& path, toml_reader& reader,
                            rule_settings& out) {
  for (const auto& [element_path, element] : reader.tables(t, path, "field_values")) {
    if (auto x = parse_field_equals(*element, element_path, reader)) {
      out.field_values.push_back(*x);
    }
  }
  if (const auto* single = reader.table(t, path, "field_value")) {
    if (auto x = parse_field_equals(*single, join(path, "field_value"), reader)) {
      out.field_values.push_back(*x);
    }
  }
  if (const auto* present = reader.array(t, path, "fields_present")) {
    auto present_path = join(path, "fields_present");
    for (std::size_t i = 0; i < present->size(); ++i) {
      std::int64_t field = 0;
      if (reader.read_integer(*present->get(i), at_index(present_path, i), field, 1,
                              max_field_number)) {
        out.fields_present.push_back(static_cast<std::uint16_t>(field));
      }
    }
  }
}

void parse_iso8583_conditions(const toml::table& t, const std::string& path, toml_reader& reader,
                              rule_settings& out) {
  std::string text;
  if (reader.read_string(t, path, "bin_range", text)) {
    out.bin = parse_bin_range(text);
    if (!out.bin) {
      reader.fail(position_of(*t.get("bin_range")), join(path, "bin_range"),
                  bin_range_problem(text));
    }
  }
  if (reader.read_string(t, path, "mti", text)) {
    if (is_mti_pattern(text)) {
      out.mti = text;
    } else {
      reader.fail(position_of(*t.get("mti")), join(path, "mti"),
                  "an MTI pattern of exactly four characters, each a digit or '?'");
    }
  }
  parse_field_conditions(t, path, reader, out);
  std::uint64_t amount = 0;
  if (reader.read_integer(t, path, "amount_above", amount)) {
    out.amount_above = amount;
  }
}

void parse_method(const toml::table& t, const std::string& path, toml_reader& reader,
                  rule_settings& out) {
  std::string text;
  if (!reader.read_string(t, path, "method", text)) {
    return;
  }
  if (is_method_pattern(text)) {
    out.method = text;
  } else {
    reader.fail(position_of(*t.get("method")), join(path, "method"),
                "a method name, with '*' only as a trailing wildcard (\"eth_*\")");
  }
}

void check_conditions(const toml::table& t, const std::string& path, toml_reader& reader,
                      const rule_settings& rule) {
  auto keys = split_keys(all_conditions);
  auto has_condition
    = std::any_of(keys.begin(), keys.end(), [&](auto key) { return t.contains(key); });
  if (rule.is_default && has_condition) {
    reader.fail(position_of(*t.get("default")), join(path, "default"),
                "no other condition in a rule with default = true (it matches every request)");
  } else if (!t.contains("default") && !has_condition) {
    reader.fail(position_of(t), path,
                "at least one condition (bin_range, mti, field_values, field_value, "
                "fields_present, amount_above, method) or default = true");
  } else if (!rule.is_default && !has_condition) {
    reader.fail(position_of(*t.get("default")), join(path, "default"),
                "default = true or at least one condition");
  }
}

rule_settings parse_rule(const toml::table& t, const std::string& path,
                         std::optional<protocol_kind> protocol, toml_reader& reader) {
  reader.check_keys(
    t, path,
    "priority bin_range mti field_values field_value fields_present amount_above method default");
  rule_settings result;
  reader.read_integer(t, path, "priority", result.priority);
  reader.read_bool(t, path, "default", result.is_default);
  check_protocol_only_keys(t, path, protocol, protocol_kind::iso8583, iso8583_conditions, reader);
  check_protocol_only_keys(t, path, protocol, protocol_kind::jsonrpc, jsonrpc_conditions, reader);
  if (protocol != protocol_kind::jsonrpc) {
    parse_iso8583_conditions(t, path, reader, result);
  }
  if (protocol != protocol_kind::iso8583) {
    parse_method(t, path, reader, result);
  }
  check_conditions(t, path, reader, result);
  return result;
}

} // namespace

std::vector<rule_settings> parse_rules(const toml::table& t, const std::string& path,
                                       std::optional<protocol_kind> protocol, toml_reader& reader,
                                       std::vector<mark>& bin_marks) {
  struct parsed {
    rule_settings rule;
    mark bin;
  };

  std::vector<parsed> rules;
  auto seen_default = false;
  for (const auto& [rule_path, rule] : reader.tables(t, path, "rules")) {
    auto& x = rules.emplace_back(parsed{parse_rule(*rule, rule_path, protocol, reader), {}});
    x.bin.key = join(rule_path, "bin_range");
    if (const auto* bin = rule->get("bin_range"))
      x.bin.at = position_of(*bin);
    if (!x.rule.is_default) {
      continue;
    }
    if (seen_default) {
      reader.fail(position_of(*rule->get("default")), join(rule_path, "default"),
                  "at most one default rule per network");
    }
    seen_default = true;
  }
  std::stable_sort(rules.begin(), rules.end(), [](const auto& x, const auto& y) {
    return x.rule.is_default != y.rule.is_default ? y.rule.is_default
                                                  : x.rule.priority < y.rule.priority;
  });
  std::vector<rule_settings> result;
  for (auto& x : rules) {
    result.push_back(std::move(x.rule));
    bin_marks.push_back(std::move(x.bin));
  }
  return result;
}

} // namespace switchyard::config::detail
