#include "tools/sim-jsonrpc/eth_params.hpp"

#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <array>

namespace switchyard::rpc_sim {

namespace json = boost::json;

namespace {

bool is_block_tag(std::string_view text) {
  static constexpr std::array<std::string_view, 5> tags{"latest", "earliest", "pending", "safe",
                                                        "finalized"};
  for (auto tag : tags)
    if (text == tag)
      return true;
  return false;
}

bool is_hash(std::string_view text) {
  return text.size() == 66 && is_hex_data(text);
}

std::string check_topics(const json::value* v) {
  if (!v || v->is_null())
    return {};
  if (!v->is_array())
    return "topics: expected an array";
  for (const auto& topic : v->get_array()) {
    if (topic.is_null() || (topic.is_string() && is_hash(topic.get_string())))
      continue;
    if (!topic.is_array())
      return "topics: expected null, a 32-byte hash or an array of them";
    for (const auto& alternative : topic.get_array())
      if (!alternative.is_string() || !is_hash(alternative.get_string()))
        return "topics: expected 32-byte hashes";
  }
  return {};
}

std::string check_filter_address(const json::value* v) {
  if (!v || v->is_null() || !v->is_array())
    return v && !v->is_null() ? check_address(v, "address") : std::string{};
  for (const auto& address : v->get_array())
    if (auto why = check_address(&address, "address"); !why.empty())
      return why;
  return {};
}

} // namespace

arguments::arguments(const json::value& params) : params_(params) {}

std::string arguments::check(std::size_t min, std::size_t max) const {
  if (!params_.is_null() && !params_.is_array())
    return "expected positional parameters (an array)";
  if (params_.is_array() && params_.get_array().size() > max)
    return "too many arguments, want at most " + std::to_string(max);
  for (std::size_t i = 0; i < min; ++i)
    if (!at(i))
      return "missing value for required argument " + std::to_string(i);
  return {};
}

const json::value* arguments::at(std::size_t i) const {
  if (!params_.is_array() || i >= params_.get_array().size())
    return nullptr;
  const auto& v = params_.get_array()[i];
  return v.is_null() ? nullptr : &v;
}

std::string check_address(const json::value* v, std::string_view what) {
  if (!v || !v->is_string() || !is_address(v->get_string()))
    return std::string(what) + ": expected an address (0x and 40 hex digits)";
  return {};
}

std::string check_block_ref(const json::value* v, std::string_view what) {
  if (!v)
    return {};
  if (v->is_string() && (is_block_tag(v->get_string()) || parse_quantity(v->get_string())))
    return {};
  if (const auto* o = v->if_object()) {
    const auto* hash = o->if_contains("blockHash");
    const auto* number = o->if_contains("blockNumber");
    if (hash && !number && hash->is_string() && is_hash(hash->get_string()))
      return {};
    if (number && !hash && number->is_string() && parse_quantity(number->get_string()))
      return {};
  }
  return std::string(what) + ": expected a block number, tag, or {blockHash} / {blockNumber}";
}

std::string check_call_object(const json::value* v) {
  if (!v || !v->is_object())
    return "expected a transaction object";
  const auto& o = v->get_object();
  if (auto why = check_address(o.if_contains("to"), "to"); !why.empty())
    return why;
  if (const auto* from = o.if_contains("from"))
    if (auto why = check_address(from, "from"); !why.empty())
      return why;
  for (const char* field : {"data", "input"})
    if (const auto* data = o.if_contains(field))
      if (!data->is_string() || !is_hex_data(data->get_string()))
        return std::string(field) + ": expected hex bytes";
  return {};
}

std::string check_log_filter(const json::value* v) {
  if (!v || !v->is_object())
    return "expected a filter object";
  const auto& o = v->get_object();
  for (const char* field : {"fromBlock", "toBlock"}) {
    const auto* block = o.if_contains(field);
    const bool quantity_or_tag
      = block && block->is_string() && check_block_ref(block, field).empty();
    if (block && !block->is_null() && !quantity_or_tag)
      return std::string(field) + ": expected a block number or tag";
  }
  if (const auto* hash = o.if_contains("blockHash"))
    if (!hash->is_string() || !is_hash(hash->get_string()))
      return "blockHash: expected a 32-byte hash";
  if (auto why = check_filter_address(o.if_contains("address")); !why.empty())
    return why;
  return check_topics(o.if_contains("topics"));
}

std::string_view text_of(const json::value* v) {
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

} // namespace switchyard::rpc_sim
